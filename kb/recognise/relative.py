"""References a codified text makes relative to its own place in the Code.

"section 2511 of this title", "this chapter" and "subsection (c) of this
section" name a Code unit only through the text's own position, which a
codified text states in its headings ("TITLE 18—", "CHAPTER 119—", "§ 2511.").
The forms are data (``corpus/patterns/relative.json``); this module finds the
headings, then fills each form's unit from them. A text without such headings
(an order, a memo) gets nothing, so an order's "this section" stays its own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.recognise.spans import Candidate, compile_piece
from kb.reference import load_json


@dataclass(frozen=True)
class RelativeForms:
    """The heading patterns and the relative forms, compiled."""

    own_title: re.Pattern[str]
    own_chapter: re.Pattern[str]
    own_section: re.Pattern[str]
    item: re.Pattern[str]
    forms: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def load_relative_forms(data_dir: Path) -> RelativeForms:
    """Compile ``patterns/relative.json`` once per process."""
    data = load_json(data_dir / "patterns" / "relative.json")
    pieces = data["pieces"]
    heading = re.MULTILINE
    return RelativeForms(
        own_title=re.compile(data["own_title"], heading), own_chapter=re.compile(data["own_chapter"], heading),
        own_section=re.compile(data["own_section"], heading), item=compile_piece(data["item"], pieces),
        forms=tuple((f["unit"], compile_piece(f["regex"], pieces)) for f in data["forms"]),
    )


def find_relative_references(text: str, forms: RelativeForms) -> list[Candidate]:
    """Relative Code references in ``text``, resolved from its own headings; none when it has no title heading."""
    title = forms.own_title.search(text)
    if title is None:
        return []
    t = title["number"]
    chapter = forms.own_chapter.search(text)
    sections = [(m.start(), m["number"]) for m in forms.own_section.finditer(text)]
    starts = [s for s, _ in sections]
    found: list[Candidate] = []
    taken: list[tuple[int, int]] = []  # forms are in priority order: "this title" inside "section 5 of this title" is not its own
    for unit, pattern in forms.forms:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            if unit in ("section", "chapter"):
                found += _items(text, match, unit, t, forms.item)
                continue
            if unit == "own_title":
                key, name = f"us/usc/t{t}", f"Title {t}, United States Code"
            elif unit == "own_chapter" and chapter is not None:
                key, name = f"us/usc/t{t}/ch{chapter['number'].lower()}", f"Chapter {chapter['number']} of Title {t}"
            elif unit == "own_section" and (at := bisect.bisect_right(starts, match.start())):
                number = sections[at - 1][1]
                key, name = f"us/usc/t{t}/s{number}", f"{t} U.S.C. § {number}"
            else:
                continue
            found.append(_candidate(text, match.start(), match.end(), key, name, "statute" if unit != "own_section" else "statutory_section"))
    return found


def own_headings(text: str, forms: RelativeForms) -> list[tuple[int, int]]:
    """Spans of the title and chapter headings a codified text opens with: its own name, not citations."""
    return [m.span() for pattern in (forms.own_title, forms.own_chapter) if (m := pattern.search(text))]


def _items(text: str, match: re.Match[str], unit: str, title: str, item: re.Pattern[str]) -> list[Candidate]:
    """One candidate per enumerated number; the first spans from the match's start, a lone one the whole match."""
    numbers = list(item.finditer(text, match.start("items"), match.end("items")))
    out = []
    for i, number in enumerate(numbers):
        start = match.start() if i == 0 else number.start()
        end = match.end() if i == len(numbers) - 1 else number.end()  # the last keeps "of this title"
        n = number["number"]
        if unit == "section":
            key, name, kind = f"us/usc/t{title}/s{n}", f"{title} U.S.C. § {n}", "statutory_section"
        else:
            key, name, kind = f"us/usc/t{title}/ch{n}", f"Chapter {n} of Title {title}", "statute"
        out.append(_candidate(text, start, end, key, name, kind))
    return out


def _candidate(text: str, start: int, end: int, key: str, name: str, kind: str) -> Candidate:
    return Candidate(start=start, end=end, surface=text[start:end], method="relative", key=key, name=name,
                     citation=name, authority_kind=kind)
