"""References a codified text or a rule's regulatory text makes relative to its own place.

"section 2511 of this title", "this chapter" and "subsection (c) of this
section" name a Code unit only through the text's own position, which a
codified text states in its headings ("TITLE 18—", "CHAPTER 119—", "§ 2511.").
The forms are data (``corpus/patterns/relative.json``); this module finds the
headings, then fills each form's unit from them. A text without such headings
(an order, a memo) gets nothing, so an order's "this section" stays its own.
A rule's regulatory text does the same for the C.F.R.: "this part" and "this
clause" take their part and section from the text's "PART 239—" and "239.7603
Contract clause." headings.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.recognise.spans import CODE_ID, Candidate, cfr_section, compile_piece
from kb.reference import load_json


@dataclass(frozen=True)
class RelativeForms:
    """The heading patterns and the relative forms, compiled."""

    own_title: re.Pattern[str]
    own_chapter: re.Pattern[str]
    own_section: re.Pattern[str]
    item: re.Pattern[str]
    forms: tuple[tuple[str, re.Pattern[str]], ...]
    regulation_title: re.Pattern[str]
    regulation_part: re.Pattern[str]
    regulation_section: re.Pattern[str]
    regulation_forms: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def load_relative_forms(data_dir: Path) -> RelativeForms:
    """Compile ``patterns/relative.json`` once per process."""
    data = load_json(data_dir / "patterns" / "relative.json")
    pieces, regulation = data["pieces"], data["regulation"]
    heading = re.MULTILINE
    return RelativeForms(
        own_title=re.compile(data["own_title"], heading), own_chapter=re.compile(data["own_chapter"], heading),
        own_section=re.compile(data["own_section"], heading), item=compile_piece(data["item"], pieces),
        forms=tuple((f["unit"], compile_piece(f["regex"], pieces)) for f in data["forms"]),
        regulation_title=re.compile(regulation["own_title"], heading),
        regulation_part=re.compile(regulation["own_part"], heading),
        regulation_section=re.compile(regulation["own_section"], heading),
        regulation_forms=tuple((f["unit"], compile_piece(f["regex"], pieces)) for f in regulation["forms"]),
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


def find_regulation_references(text: str, forms: RelativeForms) -> list[Candidate]:
    """A rule's references to its own parts and sections, resolved from its headings; none without a C.F.R. title line.

    A section is the last section heading before the reference, if it lies
    in the part the last part heading opened; the preamble before the first
    part heading refers to the rule, not to a regulation.
    """
    title = forms.regulation_title.search(text)
    if title is None:
        return []
    t = title["number"]
    parts = [(m.start(), m["number"]) for m in forms.regulation_part.finditer(text)]
    if not parts:
        return []
    sections = [(m.start(), m["number"], m["part"]) for m in forms.regulation_section.finditer(text, parts[0][0])]
    part_starts, section_starts = [p for p, _ in parts], [s for s, _, _ in sections]
    found: list[Candidate] = []
    for unit, pattern in forms.regulation_forms:
        for match in pattern.finditer(text, parts[0][0]):
            if any(c.start < match.end() and match.start() < c.end for c in found):
                continue
            at_part = bisect.bisect_right(part_starts, match.start())
            part_start, part = parts[at_part - 1]
            if unit == "own_part":
                name = f"{t} C.F.R. Part {part}"
                found.append(Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="relative",
                                       key=f"us/cfr/t{t}/pt{part}", name=name, citation=name, authority_kind="regulation"))
                continue
            at = bisect.bisect_right(section_starts, match.start())
            if at and sections[at - 1][0] > part_start and sections[at - 1][2] == part:
                sub = match.groupdict().get("sub") or match.groupdict().get("sub2")
                found.append(cfr_section(text, match.start(), match.end(), t, sections[at - 1][1], "relative", sub))
    return found


QUOTE_CLOSED = re.compile(r"[\u201d\"][.,;:]?[ \t\u00a0\n]*$|[.,;:][\u201d\"][ \t\u00a0\n]*$")
"""The end of a quotation right before a citation: '... of this title.” 10 U.S.C. § 395(a)(1)'."""
QUOTE_REACH = 2000
"""Characters at most between the quotation's opening mark and the citation after it."""


def find_quoted_references(text: str, found: list[Candidate], forms: RelativeForms,
                           chapter_of: Callable[[str], str | None]) -> list[Candidate]:
    """Relative references inside a quotation of the Code section cited right after it.

    Opinions and memos quote a statute and then cite it: '“... any sensitive
    military cyber operation conducted under this title ...” 10 U.S.C. §
    395(a)(1)'. Inside that quotation "this title" is title 10, "this section"
    and "subsection (b)" are § 395, and "this chapter" is the curated chapter
    whose run of sections holds § 395 (``chapter_of``), as in the Code itself.
    """
    out = []
    for cite in found:
        code = CODE_ID.match(cite.key or "") if cite.method == "citation" else None
        closed = QUOTE_CLOSED.search(text, max(0, cite.start - 6), cite.start) if code and code["section"] else None
        if closed is None or code is None:
            continue
        opened = text.rfind("\u201c", max(0, closed.start() - QUOTE_REACH), closed.start())
        if opened < 0 or "\u201d" in text[opened:closed.start()]:
            continue
        units = {"own_title": (f"us/usc/t{code['title']}", f"Title {code['title']}, United States Code", "statute"),
                 "own_section": (cite.key, cite.name or cite.key, "statutory_section")}
        if chapter := chapter_of(cite.key or ""):
            units["own_chapter"] = (chapter, f"Chapter {chapter.rsplit('/ch', 1)[1]} of Title {code['title']}", "statute")
        for unit, pattern in forms.forms:
            if unit in units:
                key, name, kind = units[unit]
                out += [_candidate(text, m.start(), m.end(), str(key), str(name), kind)
                        for m in pattern.finditer(text, opened, closed.start())]
    return out


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
