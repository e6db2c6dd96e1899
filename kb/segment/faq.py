"""Question-and-answer pairs from the blocks of a segmented document.

A question is one of:

- a "Q:" / "Q." line, anywhere;
- inside a section headed like an FAQ (``faq_headings`` in ``patterns/structure.json``), a
  paragraph, heading or numbered item ending in "?";
- outside such sections, a heading ("### Will ...?", a bold line) or a numbered item ("1. Why did
  you sign?") ending in "?", but only when at least ``MIN_LOOSE_ENTRIES`` of them are answered:
  one question heading in an essay is rhetoric, a run of them is an FAQ.

A question's answer is every block after it up to the next question, heading or closing ("cc:",
"Sincerely,"); a question nobody answers is not an entry.
"""

from __future__ import annotations

import re

from kb.models import FaqEntry, Section, stable_id
from kb.segment.blocks import QUESTION_CLOSERS, Block, asks
from kb.segment.locate import Locator

MIN_LOOSE_ENTRIES = 2
"""Answered question headings or numbered questions needed, outside an FAQ section, to make an FAQ."""


def faq_entries(
    document_id: str, text: str, blocks: list[Block], sections: list[Section], faq_heading: re.Pattern[str]
) -> list[FaqEntry]:
    """Pair each question with its own answer.

    Args:
        document_id: the document's id, for entry ids.
        text: the document text; offsets are into it.
        blocks: the document's blocks, in order.
        sections: its sections, for FAQ headings and each entry's section.
        faq_heading: the pattern of headings that open an FAQ section.

    Returns:
        The entries, numbered in document order.
    """
    spans = [(s.start, s.end) for s in sections if faq_heading.search(s.heading)]
    entries = _pair(text, blocks, spans, loose=True)
    if sum(loose for _, loose in entries) < MIN_LOOSE_ENTRIES:
        entries = _pair(text, blocks, spans, loose=False)
    where = Locator(sections)
    out: list[FaqEntry] = []
    for entry, _ in entries:
        start, end = entry["start"], entry["answer_end"]
        out.append(FaqEntry(
            id=stable_id(document_id, "faq", start, end), document_id=document_id,
            section_id=where.id_at(start), number=len(out) + 1,
            question=text[entry["question_start"]:entry["question_end"]],
            question_start=entry["question_start"], question_end=entry["question_end"],
            answer=text[entry["answer_start"]:end], answer_start=entry["answer_start"], answer_end=end,
            start=start, end=end, text=text[start:end],
        ))
    return out


def _pair(text: str, blocks: list[Block], faq_spans: list[tuple[int, int]], loose: bool) -> list[tuple[dict[str, int], bool]]:
    """Entries as offsets, each with whether its question is a loose one (outside an FAQ section)."""
    entries: list[tuple[dict[str, int], bool]] = []
    entry: dict[str, int] | None = None
    entry_loose = False

    def close() -> None:
        if entry is not None and "answer_start" in entry:
            entries.append((entry, entry_loose))

    for b in blocks:
        in_faq = any(s <= b.start < e for s, e in faq_spans)
        question_mark = asks(text, b)
        numbered = b.kind == "item" and b.style != "bullet"
        sectioned = in_faq and question_mark and (b.kind in ("paragraph", "heading") or numbered)
        loose_question = loose and not in_faq and question_mark and (b.kind == "heading" or numbered)
        if b.kind == "question" or sectioned or loose_question:
            close()
            entry = {"start": b.line_start, "question_start": b.start, "question_end": b.end}
            entry_loose = loose_question and b.kind != "question"
        elif entry is None:
            continue
        elif b.kind == "heading" or b.closing:
            close()
            entry = None
        elif (
            b.kind == "paragraph" and "answer_start" not in entry and not in_faq
            and not text[entry["question_start"]:entry["question_end"]].rstrip(QUESTION_CLOSERS).endswith("?")
        ):
            entry["question_end"] = b.end  # a "Q:" question wrapped over paragraphs
        else:
            entry.setdefault("answer_start", b.start)
            entry["answer_end"] = b.end
    close()
    return entries
