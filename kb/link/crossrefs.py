"""Cross-references inside a document: "Section 3.1", "paragraphs 3.b.(1) through 3.b.(5)" → the text they designate.

Contracts and issuances protect a red line from far away: "The Government's
compliance with Section 3.1 is subject to the audit rights in Section 7.2."
Clause segmentation does not always see every designation ("3.1 *Title.*"
after a bold heading), so a reference is resolved on the text itself: each
designation is a path of markers ("3", "b", "(1)"), and each marker is looked
for at the start of a block (paragraph, list item or heading) inside the
stretch the previous marker opened, which runs to that marker's next sibling
(the next block opening with a marker of the same shape). The phrases that
are cross-references are data (``cross_reference`` in
``corpus/patterns/claims.json``); this module holds the resolution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.models import Mention, Segmentation

_MARKER = re.compile(
    r"[\W_]*(?:(?:section|sec\.|article|paragraph|§)\s*)?"
    r"(?:(?P<dotted>\d+(?:\.\d+)*[A-Za-z]?)\.?|\((?P<paren>[0-9A-Za-z]{1,4})\)|(?P<letter>[A-Za-z]{1,2})[.)])(?=[\s*_]|$)",
    re.IGNORECASE,
)
"""The designation a block opens with: '3.1', '3.', '(a)', '(1)', 'b.', '**SECTION 5', '§ 4'."""

_TOKEN = re.compile(r"\d+[A-Za-z]?|\(([0-9A-Za-z]{1,4})\)|\b[A-Za-z]{1,2}\b")
_WORD = re.compile(r"\S+\s+")
_JOIN = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_RANGE = re.compile(r"\s+(?:through|to)\s+|\s*[-\u2013]\s*")
_EXTERNAL = re.compile(r"\s+of\s+(?!this\b|these\b)", re.IGNORECASE)
"""'section 3 of Executive Order 14028' designates another document's text."""


@dataclass(frozen=True)
class Block:
    """A paragraph or heading and the marker path it opens with."""

    start: int
    end: int
    marker: tuple[str, ...]
    shape: tuple[str, ...]


def blocks(text: str, seg: Segmentation) -> list[Block]:
    """The document's clauses, paragraphs and headings that open with a designation, in text order."""
    spans = {(p.start, p.end) for p in seg.paragraphs} | {(c.start, c.end) for c in seg.clauses}
    spans |= {(s.heading_start, s.heading_end) for s in seg.sections if s.heading_end > s.heading_start}
    found: list[Block] = []
    for start, end in sorted(spans):
        m = _MARKER.match(text, start, end)
        if m and (not found or found[-1].start != start):
            designation = m.group("dotted") or m.group("paren") or m.group("letter")
            found.append(Block(start, end, _tokens(designation), _shape(m)))
    return found


def _shape(m: re.Match[str]) -> tuple[str, ...]:
    if m.group("dotted"):
        return ("dotted", str(m.group("dotted").count(".")))
    if m.group("paren"):
        return ("paren", "digit" if m.group("paren").isdigit() else "letter")
    return ("letter",)


def _tokens(designation: str) -> tuple[str, ...]:
    return tuple((t.group(1) or t.group(0)).lower() for t in _TOKEN.finditer(designation)
                 if not (t.group(0).isalpha() and t.group(0).lower() in ("section", "sec", "article", "paragraph")))


def referenced(text: str, start: int, end: int, found: list[Block]) -> list[tuple[int, int]]:
    """The stretches of text a cross-reference phrase at ``[start, end)`` designates; none it cannot resolve.

    Args:
        text: the document text.
        start: where the phrase starts ("Sections 3.1 and 5.1").
        end: where it ends.
        found: ``blocks(text, seg)``.
    """
    if _EXTERNAL.match(text, end):
        return []
    phrase = text[start:end]
    words = _WORD.match(phrase)
    body = phrase[words.end():] if words else phrase
    spans = []
    for path in _paths(body):
        span = _resolve(path, found, len(text))
        if span:
            spans.append(span)
    return spans


def _paths(body: str) -> list[tuple[str, ...]]:
    """Each designation of a list as a full marker path; a short one ("(2)") borrows the previous one's head."""
    paths: list[tuple[str, ...]] = []
    pieces = re.split(f"({_RANGE.pattern}|{_JOIN.pattern})", body)
    ranged = False
    for piece in pieces:
        if piece is None or not piece.strip():
            continue
        if _RANGE.fullmatch(piece):
            ranged = True
            continue
        if _JOIN.fullmatch(piece):
            continue
        path = _tokens(piece)
        if not path:
            continue
        if paths and len(path) < len(paths[-1]):
            path = paths[-1][:len(paths[-1]) - len(path)] + path
        if ranged and paths:
            paths += _between(paths[-1], path)
        paths.append(path)
        ranged = False
    return paths


def _between(first: tuple[str, ...], last: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The designations strictly inside a range ("3.b.(1) through 3.b.(5)") when they differ in their last marker."""
    if first[:-1] != last[:-1]:
        return []
    a, b = first[-1], last[-1]
    if a.isdigit() and b.isdigit():
        return [(*first[:-1], str(n)) for n in range(int(a) + 1, int(b))]
    if len(a) == len(b) == 1 and a.isalpha() and b.isalpha():
        return [(*first[:-1], chr(c)) for c in range(ord(a) + 1, ord(b))]
    return []


def _resolve(path: tuple[str, ...], found: list[Block], length: int) -> tuple[int, int] | None:
    """The stretch a marker path designates: each marker found inside the stretch of the one before.

    Where both a block marked with more of the path ("3.1") and one with less
    ("SECTION 3") open inside the stretch, the longer match wins.
    """
    lo, hi, rest = 0, length, path
    while rest:
        inside = [b for b in found if lo <= b.start < hi]
        matching = [b for b in inside if b.marker and rest[:len(b.marker)] == b.marker]
        if not matching:
            return None
        match = max(matching, key=lambda b: len(b.marker))  # '3.1' itself before the '3' above it
        after = next((b.start for b in inside if b.start > match.start and b.shape == match.shape), hi)
        lo, hi, rest = match.start, after, rest[len(match.marker):]
    return lo, hi


def outside_mentions(hits: list[tuple[int, int]], mentions: list[Mention]) -> list[tuple[int, int]]:
    """Cross-reference phrases that are not part of an authority citation ("Section 702 of FISA")."""
    return [(s, e) for s, e in hits if not any(m.start < e and s < m.end for m in mentions)]
