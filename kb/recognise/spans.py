"""What the authority recognisers find, and how their regexes are composed from data.

A ``Candidate`` is a span of the document text that cites an authority or
leans on unnamed law, with what the recogniser learnt about it (a canonical
citation id, a name, a pinpoint, a stated date). Resolution in ``kb.resolve.authorities``
turns candidates into ``Mention`` and ``Authority`` records; recognition never
builds records itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick

PIECE = re.compile(r"<<(\w+)>>")
WHITESPACE = re.compile(r"\s")


@dataclass
class Candidate:
    """One recognised span of ``doc.text``.

    Attributes:
        start: character offset of the first character.
        end: offset just past the last character; ``text[start:end] == surface``.
        surface: the text as written.
        method: how it was found (alias, citation, named_act, case, enumeration,
            section, defined_alias, generic).
        kind: ``authority`` or ``generic``.
        key: a canonical id: a curated record's id for an alias, the id a
            citation form builds ("us/usc/t50/s1801"), else None.
        name: a display name (the act's title, the case caption, the form's name).
        citation: a canonical citation for a record made from this span.
        url: an official URL for such a record, where the form allows one.
        authority_kind: the ``authorities.kind`` of such a record.
        pinpoint: a subsection or section cited within the authority.
        stated_date: a date written with the mention, as written.
        stated_year: the year an act title or a date states, for version choice.
        parent: the span this one depends on: the act a section belongs to, the
            name a defined short form abbreviates.
        section: the section number when ``parent`` is an act.
        jurisdiction: the id root of a non-curated act named by title ("us",
            "us-co", "eu"), read from its first words.
    """

    start: int
    end: int
    surface: str
    method: str
    kind: str = "authority"
    key: str | None = None
    name: str | None = None
    citation: str | None = None
    url: str | None = None
    authority_kind: str = "other"
    pinpoint: str | None = None
    stated_date: str | None = None
    stated_year: int | None = None
    parent: Candidate | None = None
    section: str | None = None
    jurisdiction: str = "us"

    @property
    def length(self) -> int:
        """Number of characters covered."""
        return self.end - self.start


def compose(regex: str | list[str], pieces: dict[str, Any]) -> str:
    """Expand ``<<piece>>`` references (recursively) in a regex written in a data file.

    Args:
        regex: the regex, or a list of parts joined without separator.
        pieces: name to ``{"regex": ..., "why": ...}`` (or a bare string).

    Returns:
        The regex with every piece substituted.

    Raises:
        KeyError: a referenced piece is not defined.
    """
    text = "".join(regex) if isinstance(regex, list) else regex

    def expand(match: re.Match[str]) -> str:
        piece = pieces[match.group(1)]
        if isinstance(piece, dict) and "misspelt" in piece:
            return "(?i:" + "|".join(map(re.escape, misspellings(piece["misspelt"]))) + ")"
        return compose(piece["regex"] if isinstance(piece, dict) else piece, pieces)

    return PIECE.sub(expand, text)


def misspellings(word: str) -> list[str]:
    """``word`` (lower case) and its slips of one keystroke that keep its first letter, longest first.

    Typed and OCR'd texts write "Fourth Amendmnet" and "Excutive Order": a
    letter dropped or two neighbours swapped. For the long key words of a
    citation ("amendment", "executive") no such slip is another English word,
    so a piece written ``{"misspelt": "amendment"}`` matches them all.
    """
    dropped = {word[:i] + word[i + 1:] for i in range(1, len(word))}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1)}
    return sorted({word} | dropped | swapped, key=lambda w: (-len(w), w))


def compile_piece(regex: str | list[str], pieces: dict[str, Any], flags: int = 0) -> re.Pattern[str]:
    """Compose and compile a regex from a data file."""
    return re.compile(compose(regex, pieces), flags)


ODD_CASE = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
"""Letters ``re.IGNORECASE`` takes for an ASCII letter that ``str.lower`` does not lower to it: the dotted
capital I (whose lower case, "i" and a combining dot, is two characters long), the dotless i, the long s and
the Kelvin sign. ``fold`` writes them as that ASCII letter, so a lower-cased text keeps every offset and
finds the anchor words the case-insensitive patterns match."""

_ODD_CASE_TABLE = str.maketrans(ODD_CASE)

ONE_SPACE = re.compile(r"[\t\n\r\x0b\x0c\u00a0\u2007\u2009\u200a\u202f\u205f\u3000]")
"""Spaces of one character that are not the ASCII space: ``fold`` writes each as " ", so an anchor word with a space
in it ("fed. r", "united states code") is found where the text has a no-break space or a line break there
("Fed.\u00a0R. Crim. P. 41"), as the patterns' ``<<ws>>`` matches it."""

WORD_REACH = 100
"""How far past a window's ``forward`` reach the window is extended to the next whitespace, at most.

The extension exists so that a number is never cut; the longest unspaced tokens of the real forms are
section numbers with their subsections and a range ("§§1881a(h)(2)(A)(iii)(I)-1881g,", "5240.01-M,"),
well under 100 characters. Without a bound a text without spaces ("U.S.C." a million times) made each
anchor hit search to the end of the text, quadratic time."""


def fold(text: str) -> str:
    """``text`` lower-cased character by character, so that ``fold(text)[i]`` is the case of ``text[i]``.

    ``str.lower`` lengthens "İ" (U+0130) to two characters, which would shift every offset after it;
    the letters of ``ODD_CASE`` become their ASCII letter instead, and any other character whose lower
    case is not one character is kept as written. Every ``ONE_SPACE`` character becomes a space.
    """
    if any(ch in text for ch in ODD_CASE):
        text = text.translate(_ODD_CASE_TABLE)
    low = text.lower()
    if len(low) != len(text):
        low = "".join(lower if len(lower := ch.lower()) == 1 else ch for ch in text)
    return ONE_SPACE.sub(" ", low)


@lru_cache(maxsize=8)
def lowered(text: str) -> str:
    """``fold(text)``, computed once per text however many scanners ask."""
    return fold(text)


MANY_ANCHORS = 10
"""Anchor words from which one automaton pass beats a ``str.find`` scan per word (measured on generated documents)."""


@dataclass(frozen=True)
class AnchoredPattern:
    """A pattern run only in windows around the places a cheap anchor word occurs.

    Python's ``re`` scans fast only for a pattern that starts with a plain
    literal, and even an alternation of literals is slow; a citation form that
    starts with a look-behind, an optional title or a case-insensitive group
    costs about a millisecond per 100 kB. Each form therefore names anchor
    words that occur in every match ("amendment", "u.s.c"), found with
    ``str.find`` on the lower-cased text, and the full pattern reads only the
    text ``back`` characters before and ``forward`` after each hit, extended
    to the next whitespace so a number is never cut (but by ``WORD_REACH``
    characters at most). Look-behinds still see the text before a window.
    """

    patterns: tuple[re.Pattern[str], ...]
    anchors: tuple[str, ...]
    whole_word: bool
    back: int
    forward: int
    automaton: Any = field(default=None, init=False, repr=False, compare=False)
    """The anchors in one Aho-Corasick automaton, when there are ``MANY_ANCHORS`` or more."""

    def __post_init__(self) -> None:
        if len(self.anchors) >= MANY_ANCHORS:
            automaton = ahocorasick.Automaton()
            for anchor in self.anchors:
                automaton.add_word(anchor, len(anchor))
            automaton.make_automaton()
            object.__setattr__(self, "automaton", automaton)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every match of each pattern in ``text`` that lies near an anchor hit, pattern by pattern."""
        windows = self.windows(text)
        for pattern in self.patterns:
            for start, end in windows:
                yield from pattern.finditer(text, start, end)

    def hits(self, text: str) -> list[int]:
        """Offsets where an anchor word occurs (as a whole word when so declared).

        A whole word may run straight into digits, as typists write "EO12333"
        and "Title10".
        """
        low, found = lowered(text), []
        for at, end in self._occurrences(low):
            if not self.whole_word or (
                    (at == 0 or not low[at - 1].isalnum()) and (end == len(low) or not low[end].isalpha())):
                found.append(at)
        return sorted(found)

    def _occurrences(self, low: str) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of every occurrence of every anchor, overlapping ones included.

        ``str.find`` scans fast but once per anchor; the alias index has a
        hundred anchors, which one pass of an automaton finds instead.
        """
        if self.automaton is not None:
            for last, length in self.automaton.iter(low):
                yield last + 1 - length, last + 1
            return
        for anchor in self.anchors:
            at = low.find(anchor)
            while at >= 0:
                yield at, at + len(anchor)
                at = low.find(anchor, at + 1)

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Merged ``(start, end)`` windows around the anchor hits."""
        windows: list[tuple[int, int]] = []
        for hit in self.hits(text):
            start = max(0, hit - self.back)
            reach = min(len(text), hit + self.forward)
            space = WHITESPACE.search(text, reach, reach + WORD_REACH)
            stop = space.start() if space else min(len(text), reach + WORD_REACH)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(stop, windows[-1][1]))
            else:
                windows.append((start, stop))
        return windows


def anchored_pattern(entry: dict[str, Any], pieces: dict[str, Any], patterns: tuple[re.Pattern[str], ...] = ()) -> AnchoredPattern:
    """A ``AnchoredPattern`` from a data entry with ``anchor`` and ``regex`` (or given ``patterns``).

    ``anchor`` is ``{"words": [...], "whole_word": bool, "back": n, "forward": n}``
    with the words in lower case, and may list ``misspelt`` words whose slips (``misspellings``) are anchors too.
    """
    anchor = entry["anchor"]
    words = list(anchor["words"]) + [slip for word in anchor.get("misspelt", []) for slip in misspellings(word)]
    return AnchoredPattern(
        patterns=patterns or (compile_piece(entry["regex"], pieces),), anchors=tuple(dict.fromkeys(words)),
        whole_word=anchor.get("whole_word", False), back=anchor["back"], forward=anchor["forward"],
    )


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping spans; on equal spans keep the first found.

    Candidates come in order of trust (sections of an act and defined short
    forms, which know their context, then aliases, citation forms, cases,
    named acts and generic law), so the order breaks ties.
    """
    order = sorted(range(len(candidates)), key=lambda i: (-candidates[i].length, i))
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Candidate] = []
    for i in order:
        c = candidates[i]
        at = bisect.bisect_left(starts, c.start)
        if (at > 0 and ends[at - 1] > c.start) or (at < len(starts) and starts[at] < c.end):
            continue
        starts.insert(at, c.start)
        ends.insert(at, c.end)
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end))


def section_heading(text: str, start: int, end: int) -> bool:
    """Whether the section sign at [start, end) opens a section's heading, which names it rather than cites it.

    A codified text's "§2511. Interception ..." opens a line; a bill's quoted new
    section "\u201c§130l. Protection ..." opens a quotation; a committee report's
    section-by-section analysis heads each entry "Section 804\u2014Commercial Product
    Determinations", the number and its title joined by a dash.
    """
    return (start == 0 or text[start - 1] in "\n\u201c") and (text.startswith(".", end) or HEADING_DASH.match(text, end) is not None)


HEADING_DASH = re.compile(r"(?:\u2014|--)[ \t\u00a0]*[A-Z]")
"""A dash joining a section's number to its title in a heading ('Section 804\u2014Commercial ...')."""


QUOTE_MARKS = re.compile("[\u201c\u201d]")


def inside_quotes(text: str, begin: int = 0, stop: int | None = None) -> Callable[[int], bool]:
    """A test of whether an offset in [begin, stop) lies inside curly quotation marks opened in that range.

    A bill's quoted new text is law being written, not the bill's own words: what it cites and
    what "such title" means differ inside and outside it. Bills open a quotation on every
    paragraph of the new text and close it once at the end, so the last mark decides, not a count.
    """
    marks = list(QUOTE_MARKS.finditer(text, begin, len(text) if stop is None else stop))
    at = [m.start() for m in marks]

    def within(offset: int) -> bool:
        k = bisect.bisect_right(at, offset)
        return k > 0 and marks[k - 1].group(0) == "\u201c"

    return within


CODE_URL = "https://www.law.cornell.edu/uscode/text/{title}/{section}"

CFR_URL = "https://www.ecfr.gov/current/title-{title}/section-{section}"
"""Where a C.F.R. section is read (the ``cfr_section`` citation form's template)."""

CFR_ID = re.compile(r"us/cfr/t(?P<title>\d+)/(?:pt(?P<part>[^/.]+)|s(?P<section_part>[^/.]+)\.)")
"""A C.F.R. part or section id and the title and part it is in ("us/cfr/t32/pt236", "us/cfr/t32/s236.4")."""


def cfr_section(text: str, start: int, end: int, title: str, number: str, method: str,
                pinpoint: str | None = None) -> Candidate:
    """A candidate for section ``number`` of C.F.R. title ``title`` written at [start, end), learnt from context."""
    name = f"{title} C.F.R. \u00a7 {number}"
    return Candidate(start=start, end=end, surface=text[start:end], method=method,
                     key=f"us/cfr/t{title}/s{number.lower()}", name=name, citation=name,
                     url=CFR_URL.format(title=title, section=number), authority_kind="regulation", pinpoint=pinpoint)


CODE_CHAPTER = re.compile(r"us/usc/t\d+a?/ch(?P<number>[^/]+)(?P<subchapter>/sch[^/]+)?")
"""A Code chapter's id (or its subchapter's): a later 'that chapter' points back at it, a chapter's number
names it again ('chapter 119'), and a section named by its number right after it ('chapter 19 of title 10
... Section 394(a)') is a section of its title."""

CODE_ID = re.compile(r"us/usc/t(?P<title>\d+[a-z]?)(?P<section>/s[^/]+)?(?:/|$)")
"""A Code id and the title it names ("us/usc/t50", "us/usc/t50/ch36", "us/usc/t50/s1881a"): forms that learn
a section from context ("section 2705" amending title 18, "section 394 of such title") take its title."""


def code_section(text: str, start: int, end: int, title: str, number: str, method: str,
                 pinpoint: str | None = None) -> Candidate:
    """A candidate for section ``number`` of Code title ``title`` written at [start, end), whatever form found it.

    Relative references, amendments and short forms each learn a Code section from context
    ("section 2705" in an amendment to title 18); all build the same id, citation and URL.
    """
    name = f"{title} U.S.C. \u00a7 {number}"
    return Candidate(start=start, end=end, surface=text[start:end], method=method,
                     key=f"us/usc/t{title}/s{number.lower()}", name=name, citation=name,
                     url=CODE_URL.format(title=title, section=number), authority_kind="statutory_section",
                     pinpoint=pinpoint)
