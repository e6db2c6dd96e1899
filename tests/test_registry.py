"""The curated authority registry: shape of every data file, ids, relations, examples."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from kb.models import Authority, AuthorityAlias, AuthorityRelation
from kb.recognise.nlp import annotate
from kb.reference import DATA_DIR
from kb.reference.registry import ALIAS_KINDS, KINDS, RELATIONS, authority_records, load_registry
from kb.resolve import resolve_mentions

REGISTRY = load_registry(DATA_DIR)
EXAMPLES = [(aid, example) for aid, entry in REGISTRY.entries.items() for example in entry.examples]


@pytest.mark.parametrize("path", sorted((DATA_DIR / "authorities").glob("*.json")), ids=lambda p: p.name)
def test_registry_data_file_shape(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["description"]
    for record in data["authorities"]:
        assert record["kind"] in KINDS
        assert record["summary"] and record["name"] and record["examples"]
        assert all(alias["kind"] in ALIAS_KINDS for alias in record["aliases"])
        assert all(rel["relation"] in RELATIONS for rel in record["relations"])


@pytest.mark.parametrize(
    "authority_id",
    [
        "us/const/amdt4",  # the Fourth Amendment
        "us/pl/80/253",  # National Security Act of 1947
        "us/pl/95/511",  # FISA
        "us/eo/12333",
        "us/dod/dodd/3000.09",  # the 2023 issue
        "us/dod/dodd/3000.09/2012-11-21",  # the issue it replaced
        "us/usc/t18/s1385",  # Posse Comitatus Act
        "us/pl/110/261",  # FISA Amendments Act of 2008
        "us/usc/t50/s1881a",  # Section 702
        "us/dod/dodm/5240.01",  # procedures implementing EO 12333
        "us/usc/t10/s275",
        "us/const",
    ],
)
def test_registry_holds_the_seed_authorities(authority_id: str) -> None:
    assert authority_id in REGISTRY.entries


@pytest.mark.parametrize(
    ("source", "relation", "target"),
    [
        ("us/dod/dodd/3000.09", "supersedes", "us/dod/dodd/3000.09/2012-11-21"),
        ("us/dod/dodm/5240.01", "implements", "us/eo/12333"),
        ("us/pl/110/261", "amends", "us/pl/95/511"),
        ("us/usc/t50/s1881a", "part_of", "us/pl/95/511"),
        ("us/const/amdt4", "part_of", "us/const"),
    ],
)
def test_registry_relations(source: str, relation: str, target: str) -> None:
    assert {"relation": relation, "target": target} in REGISTRY.entries[source].relations


def test_registry_reference_records_are_stable_and_consistent() -> None:
    records = authority_records()
    assert [dataclasses.asdict(r) for r in records] == [dataclasses.asdict(r) for r in authority_records()]
    authorities = {r.id for r in records if isinstance(r, Authority)}
    assert all(r.curated == 1 for r in records if isinstance(r, Authority))
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids))
    assert all(r.authority_id in authorities for r in records if isinstance(r, AuthorityAlias))
    relations = [r for r in records if isinstance(r, AuthorityRelation)]
    assert relations and all(r.source_id in authorities and r.target_id in authorities for r in relations)


def test_registry_dates_are_iso_or_null() -> None:
    for entry in REGISTRY.entries.values():
        assert entry.authority.date is None or len(entry.authority.date) == 10


@pytest.mark.parametrize(("authority_id", "example"), EXAMPLES, ids=[f"{a}:{e}" for a, e in EXAMPLES])
def test_registry_examples_resolve_to_their_record(nlp, authority_id: str, example: str) -> None:
    doc = annotate(nlp, example, [(0, len(example))])
    mentions = resolve_mentions(doc, "example").mentions
    assert authority_id in {m.authority_id for m in mentions}


def test_registry_jurisdiction_is_the_id_root():
    """Regression: EU and state records were stored with jurisdiction 'us'."""
    authorities = [r for r in authority_records() if isinstance(r, Authority)]
    assert {a.jurisdiction for a in authorities} >= {"us", "eu"}
    assert all(a.jurisdiction == a.id.split("/")[0] for a in authorities)
    assert Authority(id="us-co/crs/6-1-1701", name="x", kind="statutory_section", curated=0).jurisdiction == "us-co"


@pytest.mark.parametrize(
    "act, number, expected",
    [
        ("us/pl/95/511", "109", "us/usc/t50/s1809"),  # FISA's own section 109
        ("us/pl/95/511", "1809", "us/usc/t50/s1809"),  # its Code section's number, as texts write "FISA § 1809"
        ("us/pl/95/511", "702", "us/usc/t50/s1881a"),  # a curated section
        ("us/pl/95/511", "1999", None),  # a number that is neither
        ("us/pl/80/253", "3024", "us/usc/t50/s3024"),  # the National Security Act's section 102A
        ("us/act/no-such-act", "3024", None),  # an act with no crosswalk owns no Code number
    ],
)
def test_registry_section_of_an_act_by_its_own_or_its_code_number(act: str, number: str, expected: str | None) -> None:
    assert load_registry().section(act, number) == expected
