"""The start finder's offsets hold every offset where a pattern matches, whatever surrounds it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.link.claims import _scanner
from kb.link.cues import safe_lower
from kb.link.starts import StartFinder, leads
from kb.reference import DATA_DIR


@pytest.mark.parametrize("pattern,expected", [
    ("\\bshall\\s+not", ["shall "]),
    # an optional group: with it, and the rest alone; a look-behind is passed over
    ("\\b(?:only\\s+)?(?<!even\\s)if\\b", ["if", "only "]),
    # a class of plain characters spells out one lead per character
    ("n['\u2019]t\\b", ["n't", "n\u2019t"]),
    # escaped punctuation is literal; a character made optional ends the lead before it
    ("\\bu\\.s\\.", ["u.s."]), ("ab?c", ["a"]), ("\\bno(?:t|r)?\\b", ["no", "nor", "not"]),
    # a repeated group: only its first repetition is certain
    ("\\b(?:a|bc)+d", ["a", "bc"]),
    # top-level alternatives each give theirs
    ("ab|cd", ["ab", "cd"]),
    # nothing certain to start with: the lookahead keeps the pattern
    ("(?i:x)", None), ("\\w+ing", None), ("(?:a|\\d)x", None), ("\\s*not", None),
])
def test_starts_leads_of_a_pattern(pattern: str, expected: list[str] | None) -> None:
    assert leads(pattern) == expected


CUES = [p for f in _scanner(DATA_DIR).families.values() for ps in f._passes if ps.folded for p in ps.patterns]
WORDS = sorted({w for p in CUES for lead in (leads(p) or []) for w in lead.split()} | {"within", "thereof", "ius"})
SEPARATORS = [" ", "  ", "\n", "\u00a0", "\t", ".", "-", "'", "\u2019", "(", "\uff08", "\u2028", "_", "9", "\u00e9", ""]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=30))
def test_starts_hold_every_match_of_every_cue(pieces: list[tuple[str, str]]) -> None:
    # cue words run together with spaces, punctuation, word characters and non-ASCII separators
    text = "".join(w + s for w, s in pieces)
    finder = StartFinder({"cues": CUES})
    lowered = safe_lower(text)
    assert lowered is not None
    found = set(finder.starts(lowered)["cues"])
    for pattern in CUES:
        for match in re.finditer(f"(?={pattern})", lowered):
            assert match.start() in found, (pattern, lowered)


def test_starts_are_given_per_group() -> None:
    finder = StartFinder({"negation": ["\\bnot\\b"], "modality": ["\\bshall\\b", "\\w+able"]})
    starts = finder.starts("it shall not; notable")
    assert starts["negation"] == [9, 14]  # "not" and the lead of "notable": a superset
    assert starts["modality"][:1] == [3] and 14 in starts["modality"]  # "\\w+able" keeps its lookahead
