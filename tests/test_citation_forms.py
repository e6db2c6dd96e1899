"""The citation-form template language: the real forms load, a placeholder no group captures is refused
naming the form, and the worked example in docs/authorities.md ("Writing a citation form") works.

Each test builds its data folder under its own ``tmp_path``: ``load_citations`` and ``load_json`` are
cached on the folder and file path, so a fresh folder is never served stale data.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kb.recognise.authorities import load_recogniser
from kb.recognise.citations import find_citations, load_citations
from kb.recognise.spans import select
from kb.reference import DATA_DIR, DataError
from tests.conftest import ROOT

REAL = json.loads((DATA_DIR / "patterns" / "citations.json").read_text(encoding="utf-8"))
DOCS = (ROOT / "docs" / "authorities.md").read_text(encoding="utf-8")
SECTION = DOCS.split("\n## Writing a citation form\n", 1)[1].split("\n## ", 1)[0]
BLOCKS = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", SECTION, re.DOTALL)]
DOC_PIECES = next(block for block in BLOCKS if "cr_page" in block)
DOC_FORM = next(block for block in BLOCKS if block.get("form") == "congressional_record")


def data_copy(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of ``corpus/`` without its documents, with ``patterns/citations.json`` changed by ``edit``."""
    folder = tmp_path / "corpus"
    shutil.copytree(DATA_DIR, folder, ignore=lambda where, names: ["documents"] if Path(where) == DATA_DIR else [])
    path = folder / "patterns" / "citations.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def form(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in data["forms"] if f["form"] == name)


def add_doc_example(data: dict[str, Any]) -> None:
    data["pieces"].update(DOC_PIECES)
    data["forms"].append(DOC_FORM)


@pytest.fixture(scope="module")
def with_doc_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the docs' Congressional Record form added."""
    return data_copy(tmp_path_factory.mktemp("worked_example"), add_doc_example)


def test_citation_forms_real_file_loads() -> None:
    assert [f.name for f in load_citations(DATA_DIR).forms] == [f["form"] for f in REAL["forms"]]


def set_template(name: str, key: str, template: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: form(data, name).__setitem__(key, template)


def set_derive_source(name: str, derived: str, source: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: form(data, name)["derive"][derived].__setitem__("from", source)


REFUSED = [
    # (edit, the message after "<file>: ")
    (set_template("usc", "id", "us/usc/t{title}/c{chapter}"),
     "form 'usc': id template placeholder {chapter} is captured by no group of its pattern"),
    (set_template("public_law", "citation", "Pub. L. No. {congress}-{law_number}"),
     "form 'public_law': citation template placeholder {law_number} is captured by no group of its pattern"),
    (set_template("dod_issuance", "url", "https://example.mil/{type}/{number_compact}{url_sufix}.pdf"),
     "form 'dod_issuance': url template placeholder {url_sufix} is captured by no group of its pattern"),
    (set_template("fips", "name", "FIPS {}"),
     "form 'fips': name template placeholder {} is captured by no group of its pattern"),
    (set_template("fips", "id", "us/nist/fips-{number"),
     "form 'fips': id template 'us/nist/fips-{number' is malformed: expected '}' before end of string"),
    (set_derive_source("amendment_bluebook", "number", "ordinal|numeral"),
     "form 'amendment_bluebook': derive 'number' reads {numeral}, which is captured by no group of its pattern"),
    (set_template("usc", "citation", "{title} U.S.C. § {section}{sub}"),
     ("form 'usc': citation template placeholder {sub} is captured by no `fields` group of its pattern"
      " (an enumerated item carries only those)")),
]


@pytest.mark.parametrize(("edit", "message"), REFUSED, ids=[message for _, message in REFUSED])
def test_citation_forms_refuse_a_placeholder_no_group_captures(
        tmp_path: Path, edit: Callable[[dict[str, Any]], None], message: str) -> None:
    folder = data_copy(tmp_path, edit)
    with pytest.raises(DataError) as raised:
        load_citations(folder)
    assert str(raised.value) == f"{folder / 'patterns' / 'citations.json'}: {message}"


ACCEPTED = [
    # (usc's id template, the id it gives for "5 U.S.C. § 552a")
    ("us/usc/t{title}/s{section}", "us/usc/t5/s552a"),  # the real template
    ("us/usc/t{title:0>2}/s{section!s}", "us/usc/t05/s552a"),  # a format spec and a conversion
    ("us/usc/t{title_roman}/{section_compact}/{section_lower}", "us/usc/tV/552a/552a"),  # the variants of a value
    ("us/usc/{{t}}{title}/  s{section} ", "us/usc/{t}5/ s552a"),  # literal braces; whitespace collapsed, ends stripped
]


@pytest.mark.parametrize(("template", "expected"), ACCEPTED, ids=[t for t, _ in ACCEPTED])
def test_citation_forms_accept_every_placeholder_the_language_fills(tmp_path: Path, template: str, expected: str) -> None:
    citations = load_citations(data_copy(tmp_path, set_template("usc", "id", template)))
    assert [c.key for c in find_citations("5 U.S.C. § 552a", citations)] == [expected]


def test_citation_forms_worked_example_is_not_in_the_real_data() -> None:
    """The docs' example adds a form the data lacks; were it there, the example would test nothing."""
    assert DOC_FORM["form"] not in {f["form"] for f in REAL["forms"]}
    assert not set(DOC_PIECES) & set(REAL["pieces"])


@pytest.mark.parametrize("example", DOC_FORM["examples"], ids=lambda e: e["text"])
def test_citation_forms_worked_example_reads_its_examples(with_doc_example: Path, example: dict[str, Any]) -> None:
    found = select(find_citations(example["text"], load_citations(with_doc_example)))
    assert [c.key for c in found] == example["ids"]


@pytest.mark.parametrize(
    ("text", "key", "citation", "surface", "stated"),
    [
        ("167 Cong. Rec. S1234 (daily ed. Mar. 1, 2021)", "us/cr/167/s1234", "167 Cong. Rec. S1234",
         "167 Cong. Rec. S1234 (daily ed. Mar. 1, 2021)", None),
        ("See 124 Cong. Rec. 34,567 (1978).", "us/cr/124/34567", "124 Cong. Rec. 34567", "124 Cong. Rec. 34,567",
         "1978"),
    ],
)
def test_citation_forms_worked_example_gives_the_documented_records(
        with_doc_example: Path, text: str, key: str, citation: str, surface: str, stated: str | None) -> None:
    """As the docs' table says, from ``find_citations`` alone and from the whole recogniser."""
    alone = find_citations(text, load_citations(with_doc_example))
    recognised = load_recogniser(with_doc_example)(text)
    for found in (alone, recognised):
        assert [(c.key, c.citation, c.surface, c.authority_kind) for c in found] == [(key, citation, surface, "other")]
    assert recognised[0].stated_date == stated


def test_citation_forms_worked_example_leaves_the_other_forms_examples_alone(with_doc_example: Path) -> None:
    citations = load_citations(with_doc_example)
    for entry in REAL["forms"]:
        for example in entry["examples"]:
            assert [c.key for c in select(find_citations(example["text"], citations))] == example["ids"], example
