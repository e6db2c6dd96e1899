"""References relative to a codified text's own place in the Code (corpus/patterns/relative.json)."""

from __future__ import annotations

import json

import pytest

from kb.recognise.relative import find_relative_references, load_relative_forms, own_headings
from kb.reference import DATA_DIR

FORMS = load_relative_forms(DATA_DIR)
DATA = json.loads((DATA_DIR / "patterns" / "relative.json").read_text(encoding="utf-8"))
EXAMPLES = [(e["text"], e["ids"]) for form in DATA["forms"] for e in form["examples"]]
HEAD = "TITLE 18—CRIMES AND CRIMINAL PROCEDURE\nCHAPTER 119—WIRE INTERCEPTION\n§ 2511. Interception prohibited\n(a) "


@pytest.mark.parametrize(("text", "ids"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_relative_form_examples_resolve_from_the_headings(text: str, ids: list[str]) -> None:
    found = [c for c in find_relative_references(HEAD + text, FORMS) if c.start >= len(HEAD)]
    assert sorted({c.key for c in found}) == sorted(ids)
    assert all((HEAD + text)[c.start:c.end] == c.surface for c in found)


def test_relative_forms_need_a_title_heading() -> None:
    assert find_relative_references("Nothing in this section or in section 2511 of this title applies.", FORMS) == []


def test_relative_section_is_the_heading_before_the_reference() -> None:
    text = HEAD + "see this section.\n§ 2512. Devices\n(a) Under subsection (c) of this section, no one"
    keys = [c.key for c in find_relative_references(text, FORMS)]
    assert keys == ["us/usc/t18/s2511", "us/usc/t18/s2512"]


def test_relative_the_last_enumerated_item_keeps_the_words_after_it() -> None:
    text = HEAD + "chapter 121 or 206 of this title"
    found = find_relative_references(text, FORMS)
    assert [c.key for c in found] == ["us/usc/t18/ch121", "us/usc/t18/ch206"]
    assert found[-1].surface == "206 of this title"


def test_relative_own_headings_are_not_citations() -> None:
    assert [HEAD[a:b] for a, b in own_headings(HEAD, FORMS)] == ["TITLE 18", "CHAPTER 119"]
