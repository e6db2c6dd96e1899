"""Footnotes and endnotes, each linked to the reference mark that calls it.

A note is found one of two ways:

- at the foot of a page, a line that starts with the next note number ("3 See
  50 U.S.C. 1801.") after the body has called that number with a mark glued
  to a word or stop ("the Act.3", "1978,3", "[3]", "^3", "³"). Both conditions
  together tell a footnote from a wrapped line that happens to start with a
  number;
- under a heading that names notes (``notes.headings`` in
  ``patterns/structure.json``: "Notes", "Endnotes"), every numbered item or
  "[4] ..." paragraph, whether or not the body shows marks (the DOCX reader
  writes Word's notes there, without marks in the body).

Each note is paired with the first mark of its number after the previous
note's mark, so a sentence quoting "1978,2" is the one that calls note 2.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from kb.models import Note, Section, Sentence, stable_id


class Block(Protocol):
    """What notes read of a block (``kb.segment.blocks.Block``, which imports this module)."""

    kind: str
    start: int
    end: int
    line_start: int
    style: str
    label: str

_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPTS, "0123456789")
# a mark glued to the word or stop it follows ("Act.1", "1978,2", "minimization.\u201d3"), bracketed,
# after a caret, or in superscript digits; never after a space, a digit, "(" or "-" ("(a)(1)", "95-511")
MARK = re.compile(
    r"(?<=[A-Za-z.,;:)\]\"'\u201d\u2019])(?P<glued>\d{1,3})(?=[\s,;:.)\]]|$)"
    r"|\[(?P<bracket>\d{1,3})\]|\^(?P<caret>\d{1,3})"
    rf"|(?P<superscript>[{_SUPERSCRIPTS}]{{1,3}})"
)
# the number a note line opens with: "3 See ...", "[4] See ...", "\u00b9 Id."
NOTE_LINE = re.compile(rf"[ \t]*(?:(?P<plain>\d{{1,3}})[ \t]+|\[(?P<bracket>\d{{1,3}})\][ \t]*|(?P<superscript>[{_SUPERSCRIPTS}]{{1,3}})[ \t]*)(?=\S)")


def _number(m: re.Match[str]) -> str:
    """The note number a mark or note line carries, in ASCII digits."""
    found = next(g for g in m.groups() if g)
    return found.translate(_FROM_SUPERSCRIPT).lstrip("0") or "0"


def marks(text: str, start: int = 0, end: int | None = None) -> Iterable[tuple[str, int, int]]:
    """Every reference mark in ``text[start:end]`` as (number, start, end)."""
    for m in MARK.finditer(text, start, len(text) if end is None else end):
        yield _number(m), m.start(), m.end()


def footnote_lines(text: str, lines: list[tuple[int, int]]) -> dict[int, tuple[str, int]]:
    """The lines that open a footnote, by index: the note's number and where its text starts.

    Numbers run 1, 2, 3 ... through the document; a line counts only when its
    number is the next one and the body has called it since the previous note.
    """
    found: dict[int, tuple[str, int]] = {}
    every_mark = list(marks(text))  # once: a text whose lines often start "1 " must not be rescanned per line
    expected, called_from = 1, 0
    for i, (start, end) in enumerate(lines):
        m = NOTE_LINE.match(text, start, end)
        if not m or _number(m) != str(expected):
            continue
        mark = next((e for n, s, e in every_mark if called_from <= s and e <= start and n == str(expected)), None)
        if mark is None:
            continue
        found[i] = (str(expected), m.end())
        expected, called_from = expected + 1, mark
    return found


def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, without its newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def notes_start(text: str) -> int | None:
    """Where a text's notes begin when they come after its body (the first line that opens a note), else None."""
    lines = line_spans(text)
    opening = footnote_lines(text, lines)
    return lines[min(opening)][0] if opening else None


def notes_of(document_id: str, text: str, blocks: Sequence[Block], sections: list[Section],
             notes_heading: re.Pattern[str]) -> list[Note]:
    """Every footnote and endnote of a document, each with the mark that calls it (NULL if none is found)."""
    under_heading = [(s.start, s.end) for s in sections if notes_heading.fullmatch(s.heading.strip(" \t:#*"))]
    found: list[tuple[str, Block]] = []
    for b in blocks:
        if b.kind == "note":
            found.append((b.label, b))
        elif any(s <= b.start < e for s, e in under_heading):
            if b.kind == "item" and b.style == "decimal" and "." not in b.label:
                found.append((b.label, b))
            elif b.kind == "paragraph" and (m := NOTE_LINE.match(text, b.line_start, b.end)):
                found.append((_number(m), b))
    out: list[Note] = []
    called_from = 0
    for label, b in found:
        start = b.start
        if b.kind == "paragraph" and (m := NOTE_LINE.match(text, b.start, b.end)):
            start = m.end()  # "[4] See ..." under "Notes": the text after the number
        mark = next(((s, e) for n, s, e in marks(text, called_from, b.line_start) if n == label
                     and not any(s2 <= s < e2 for s2, e2 in under_heading)), None)
        if mark is not None:
            called_from = mark[1]
        out.append(Note(
            id=stable_id(document_id, "note", start, b.end), document_id=document_id, label=label,
            number=len(out) + 1, start=start, end=b.end, text=text[start:b.end],
            mark_start=mark[0] if mark else None, mark_end=mark[1] if mark else None,
        ))
    return out


def cite(notes: list[Note], sentences: list[Sentence]) -> None:
    """Fill each note's ``sentence_id``: the sentence whose text the reference mark follows.

    A mark glued after a full stop ("the Act.1 The Court ...") may open the
    next sentence as split; it still belongs to the one it follows.
    """
    ordered = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in ordered]
    for note in notes:
        if note.mark_start is None:
            continue
        i = bisect.bisect_left(starts, note.mark_start + 1) - 1
        if i >= 0 and ordered[i].start == note.mark_start and i > 0:
            i -= 1
        if i >= 0 and ordered[i].end >= note.mark_start - 1:
            note.sentence_id = ordered[i].id
