"""An act named in the body and its public law given in the footnote the same words call.

Reports name an act by its title in the text and cite its public law in a note:
"section 1533 of the National Defense Authorization Act for Fiscal Year 2020
addressed the infrastructure needed to field AI.¹⁴" with "¹⁴ P.L. 116-92,
§1533, 133 Stat. 1198 (2019)." The note is the source of the words that call
it, and both name the same section of one act, so the title and the public law
are one act (rule ``footnote``, kept as evidence like ``side_by_side``).

Only an unambiguous pair counts: the words between the previous mark (or the
sentence's start) and the mark cite sections of acts named by title, one section
per act, and the note cites exactly one public law with that section number
right after it. A clause may name several: "section 1061 of the Intelligence
Reform and Terrorism Prevention Act of 2004, as amended by section 801 of the
Implementing Recommendations of the 9/11 Commission Act of 2007,¹" with "¹ Pub.
L. No. 108-458, § 1061, ...; Pub. L. No. 110-53, § 801, ..." ties each title to
the law its own section number follows. A note runs on over its following lines
until the next note or a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.models import Mention
from kb.segment.notes import footnote_lines, line_spans, marks

SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]*\s+(?=[A-Z\u201c\"(])")
"""Where a sentence ends: a stop, closing quotes or a parenthesis, then space and a capital."""

REACH = 600
"""Characters at most from the section named in the body to the mark that calls the note."""

OF_ACT = re.compile(r"[\s\u00a0]+(?:of|under)[\s\u00a0]+(?:the[\s\u00a0]+)?")
"""Between a section and its act: 'section 1533 of the National Defense Authorization Act'."""

SECTION = re.compile(r"(?:[Ss]ections?|SECTION|[Ss]ec\.|\u00a7)[\s\u00a0]*(?P<number>\d+[A-Za-z]*(?:-\d+)?)(?:\([\w.]+\))*")
"""A section written in the body: 'section 1061', 'Section 309', '\u00a7 1533(a)'."""

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
                 if is_title(a.authority_id or "") and _section_number(s) and OF_ACT.fullmatch(text, s.end, a.start)]
        if not pairs or len({a.authority_id for _, a in pairs}) != len(pairs) or start - pairs[0][0].end > REACH:
            continue
        note_start, note_end = notes[number]
        cited = [m for m in mentions if note_start <= m.start and m.end <= note_end and m.authority_id]
        pinned = [(law, pin) for law, pin in zip(cited, cited[1:])
                  if is_law(law.authority_id or "") and PINPOINT.fullmatch(text, law.end, pin.start)]
        numbers = [_section_number(section) for section, _ in pairs]
        for (section, act), section_number in zip(pairs, numbers):
            same = [(law, pin) for law, pin in pinned if pin.authority_id == f"{law.authority_id}/s{section_number}"]
            if numbers.count(section_number) == 1 and len({law.authority_id for law, _ in same}) == 1:
                found.append(Footnoted(section, act, *same[0]))
    return found


def _notes(text: str) -> dict[str, tuple[int, int]]:
    """Each footnote's number and its span: from where its text starts to the next note or blank line."""
    lines = line_spans(text)
    opening = footnote_lines(text, lines)
    spans = {}
    for i, (number, start) in opening.items():
        last = i
        while last + 1 < len(lines) and last + 1 not in opening and text[slice(*lines[last + 1])].strip():
            last += 1
        spans[number] = (start, lines[last][1])
    return spans


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset ``at`` starts (after the last sentence end before it, or the line break before a blank line)."""
    window = max(0, at - REACH)
    ends = [m.end() for m in SENTENCE_END.finditer(text, window, at)]
    blank = text.rfind("\n\n", window, at)
    return max([window, *ends, blank + 2 if blank >= 0 else 0])


def _section_number(section: Mention) -> str | None:
    """The number a mention written as a section gives ('section 1061' -> '1061'), lower case; None for other forms.

    Read from the words, not the id: a curated act's section already carries its Code id
    ("section 1061" of the Intelligence Reform and Terrorism Prevention Act is 42 U.S.C. § 2000ee).
    """
    written = SECTION.fullmatch(section.surface)
    return written["number"].lower() if written else None
