"""The fast cue scan finds exactly what one case-insensitive alternation of the cues finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kb.link.claims import _scanner
from kb.link.cues import Cue, CueFamily, CueScanner, Hit, _spell_out, claim_families, safe_lower
from kb.link.redlines import load_concepts
from kb.reference import DATA_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONCEPTS = load_concepts(DATA_DIR)
FAMILIES = {**claim_families(DATA_DIR), "concepts": CONCEPTS.red_lines, "safeguards": CONCEPTS.safeguards}
EXAMPLES = " ".join(e for f in FAMILIES.values() for c in f.cues for e in (*c.examples, *c.counterexamples))
TEXTS = [
    # every example and near miss of every cue, run together (hits abut and overlap across cues)
    EXAMPLES,
    # the same, upper-cased: case-insensitive cues must still find them, case-sensitive ones must not
    EXAMPLES.upper(),
    # every labelled fixture and test document
    *(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("**/*")) if p.suffix in (".md", ".txt")),
    # a long s lower-cases to itself but matches "s" ignoring case: the scan falls back to the reference
    "We ſhall not use it. We shall not use it.",
]


def _reference(family: CueFamily, text: str) -> list[Hit]:
    """What one alternation of the family's cues, in order, finds."""
    return [family._hit(m) for m in family._all.finditer(text)]


@pytest.mark.parametrize("name", FAMILIES)
def test_cues_scan_equals_the_single_alternation(name: str) -> None:
    family = FAMILIES[name]
    for text in TEXTS:
        assert family.scan(text).hits == _reference(family, text)


def test_cues_scanner_equals_each_family_scan() -> None:
    scanner = _scanner(DATA_DIR)
    for text in TEXTS:
        scans = scanner.scan(text)
        for name, family in scanner.families.items():
            assert scans[name].hits == _reference(family, text), name


def test_cues_mixed_family_merges_lowered_and_case_sensitive_cues() -> None:
    # a case-sensitive cue between two lowered ones: order decides at one position, then the leftmost hit
    family = CueFamily("mixed", [
        Cue("a", r"\bnsa\s+staff\b"), Cue("b", r"\b(?-i:NSA)\b"), Cue("c", r"\bnsa\b|\bstaff\b"),
    ])
    text = "NSA staff, nsa, NSA. Staff"
    expected = _reference(family, text)
    assert [h.label for h in expected] == ["a", "c", "b", "c"]
    assert family.scan(text).hits == expected
    assert CueScanner({"mixed": family}).scan(text)["mixed"].hits == expected


@pytest.mark.parametrize("branch,expected", [
    # a literal start needs nothing
    ("no\\s+use", ["no\\s+use"]),
    # a group is spelled out in order, each alternative with the rest
    ("(?:will|shall)\\s+not", ["will\\s+not", "shall\\s+not"]),
    # an optional group: with it first (greedy), then without
    ("(?:even\\s+)?if\\b", ["even\\s+if\\b", "if\\b"]),
    # a class of plain letters
    ("[Ww]e\\b", ["We\\b", "we\\b"]),
    # a repeated group or a class escape cannot be spelled out
    ("(?:\\w+\\s+)*then", None),
    ("\\w+ing", None),
])
def test_cues_spell_out(branch: str, expected: list[str] | None) -> None:
    assert _spell_out(branch) == expected
    if expected:
        for text in ("we will not", "We shall not", "even if", "if", "no use"):
            assert bool(re.match(branch, text)) == any(re.match(e, text) for e in expected)


def test_cues_fold_keeps_offsets_or_declines() -> None:
    assert safe_lower("We SHALL") == "we shall"
    # dotted capital I lower-cases to two characters; long s matches "s" only ignoring case
    assert safe_lower("\u0130stanbul") is None
    assert safe_lower("\u017fhall") is None
