"""An act named in the body and its public law given in the footnote the same words call.

Reports name an act by its title in the text and cite its public law in a note:
"section 1533 of the National Defense Authorization Act for Fiscal Year 2020
addressed the infrastructure needed to field AI.¹⁴" with "¹⁴ P.L. 116-92,
§1533, 133 Stat. 1198 (2019)." The note is the source of the words that call
it, and both name the same section of one act, so the title and the public law
are one act (rule ``footnote``, kept as evidence like ``side_by_side``).

Only an unambiguous pair counts: the words between the previous mark (or the
sentence's start) and the mark cite exactly one section of an act named by
title, and the note's first line cites exactly one public law, with that
section number right after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.models import Mention
from kb.segment.notes import footnote_lines, marks

SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]*\s+(?=[A-Z\u201c\"(])")
"""Where a sentence ends: a stop, closing quotes or a parenthesis, then space and a capital."""

REACH = 600
"""Characters at most from the section named in the body to the mark that calls the note."""

OF_ACT = re.compile(r"[\s\u00a0]+(?:of|under)[\s\u00a0]+(?:the[\s\u00a0]+)?")
"""Between a section and its act: 'section 1533 of the National Defense Authorization Act'."""

PINPOINT = re.compile(r"[\s\u00a0]*,[\s\u00a0]*")
"""Between a public law and its section in a note: 'P.L. 116-92, §1533'."""


@dataclass(frozen=True)
class Footnoted:
    """One tie: the section and its act in the body, the public law and its section in the note."""

    section: Mention
    act: Mention
    law: Mention
    law_section: Mention


def footnoted(text: str, mentions: list[Mention], is_title: Callable[[str], bool],
              is_law: Callable[[str], bool]) -> list[Footnoted]:
    """The acts named by title in the body whose public law the note their words call gives with the same section.

    Args:
        text: the document's text.
        mentions: its mentions, sorted by offsets, with the ids the document's own merges gave them.
        is_title: whether an id is an act named by title (``us/act/...``).
        is_law: whether an id is a public law (``us/pl/<congress>/<number>``).
    """
    notes = _notes(text)
    if not notes:
        return []
    body_end = min(start for start, _ in notes.values())
    found = []
    previous_mark = 0
    for number, start, end in marks(text, 0, body_end):
        clause_start = max(previous_mark, _sentence_start(text, start))
        previous_mark = end
        if number not in notes:
            continue
        inside = [m for m in mentions if clause_start <= m.start and m.end <= start and m.authority_id]
        pairs = [(s, a) for s, a in zip(inside, inside[1:])
                 if is_title(a.authority_id or "") and _section_of(s, a) and OF_ACT.fullmatch(text, s.end, a.start)]
        acts = {m.authority_id for m in inside if is_title(m.authority_id or "")}
        if len(pairs) != 1 or len(acts) != 1 or start - pairs[0][0].end > REACH:
            continue
        section, act = pairs[0]
        note_start, note_end = notes[number]
        cited = [m for m in mentions if note_start <= m.start and m.end <= note_end and m.authority_id]
        laws = {m.authority_id for m in cited if is_law(m.authority_id or "")}
        tie = next((Footnoted(section, act, law, pin) for law, pin in zip(cited, cited[1:])
                    if is_law(law.authority_id or "") and PINPOINT.fullmatch(text, law.end, pin.start)
                    and pin.authority_id == f"{law.authority_id}/s{_number(section, act)}"), None)
        if tie is not None and len(laws) == 1:
            found.append(tie)
    return found


def _notes(text: str) -> dict[str, tuple[int, int]]:
    """Each footnote's number and the span of its first line (from where its text starts)."""
    lines = []
    at = 0
    for line in text.split("\n"):
        lines.append((at, at + len(line)))
        at += len(line) + 1
    return {number: (start, lines[i][1]) for i, (number, start) in footnote_lines(text, lines).items()}


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset ``at`` starts (after the last sentence end before it, or the line break before a blank line)."""
    window = max(0, at - REACH)
    ends = [m.end() for m in SENTENCE_END.finditer(text, window, at)]
    blank = text.rfind("\n\n", window, at)
    return max([window, *ends, blank + 2 if blank >= 0 else 0])


def _section_of(section: Mention, act: Mention) -> bool:
    return bool(section.authority_id and act.authority_id and section.authority_id.startswith(f"{act.authority_id}/s"))


def _number(section: Mention, act: Mention) -> str:
    assert section.authority_id is not None and act.authority_id is not None
    return section.authority_id.removeprefix(f"{act.authority_id}/s")
