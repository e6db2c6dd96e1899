"""Question-and-answer pairs from the blocks of a segmented document.

A question is one of:

- a "Q:" / "Q." line, anywhere;
- inside a section headed like an FAQ (``faq_headings`` in ``patterns/structure.json``), a
  paragraph, heading or numbered item ending in "?";
- outside such sections, a heading ("### Will ...?", a bold line) or a numbered item ("1. Why did
  you sign?") ending in "?", but only when at least ``MIN_LOOSE_ENTRIES`` of them are answered:
  one question heading in an essay is rhetoric, a run of them is an FAQ.

A question's answer is every block after it up to the next question, heading or closing ("cc:",
"Sincerely,"), and the last of a run of numbered questions takes no more paragraphs than the
longest answer before it; a question nobody answers is not an entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.models import FaqEntry, Section, stable_id
from kb.segment.blocks import QUESTION_CLOSERS, Block, asks
from kb.segment.locate import Locator

MIN_LOOSE_ENTRIES = 2
"""Answered question headings or numbered questions needed, outside an FAQ section, to make an FAQ."""


@dataclass
class _Entry:
    """A question being paired: offsets, and where each of its answer's blocks ends."""

    start: int
    question_start: int
    question_end: int
    loose: bool
    answer_start: int | None = None
    block_ends: list[int] = field(default_factory=list)
    by_question: bool = False  # ended because the next question starts


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
    if sum(e.loose for e in entries) < MIN_LOOSE_ENTRIES:
        entries = _pair(text, blocks, spans, loose=False)
    _end_last_answers(entries)
    where = Locator(sections)
    out: list[FaqEntry] = []
    for entry in entries:
        start, answer_start, end = entry.start, entry.answer_start or entry.start, entry.block_ends[-1]
        out.append(FaqEntry(
            id=stable_id(document_id, "faq", start, end), document_id=document_id,
            section_id=where.id_at(start), number=len(out) + 1,
            question=text[entry.question_start:entry.question_end],
            question_start=entry.question_start, question_end=entry.question_end,
            answer=text[answer_start:end], answer_start=answer_start, answer_end=end,
            start=start, end=end, text=text[start:end],
        ))
    return out


def _pair(text: str, blocks: list[Block], faq_spans: list[tuple[int, int]], loose: bool) -> list[_Entry]:
    """Entries with answers, each knowing whether its question is a loose one (outside an FAQ section)."""
    entries: list[_Entry] = []
    entry: _Entry | None = None

    def close(by_question: bool = False) -> None:
        if entry is not None and entry.answer_start is not None:
            entry.by_question = by_question
            entries.append(entry)

    for b in blocks:
        in_faq = any(s <= b.start < e for s, e in faq_spans)
        question_mark = asks(text, b)
        numbered = b.kind == "item" and b.style != "bullet"
        sectioned = in_faq and question_mark and (b.kind in ("paragraph", "heading") or numbered)
        loose_question = loose and not in_faq and question_mark and (b.kind == "heading" or numbered)
        if b.kind == "question" or sectioned or loose_question:
            close(by_question=True)
            entry = _Entry(b.line_start, b.start, b.end, loose_question and b.kind != "question")
        elif entry is None:
            continue
        elif b.kind == "heading" or b.closing:
            close()
            entry = None
        elif (
            b.kind == "paragraph" and entry.answer_start is None and not in_faq
            and not text[entry.question_start:entry.question_end].rstrip(QUESTION_CLOSERS).endswith("?")
        ):
            entry.question_end = b.end  # a "Q:" question wrapped over paragraphs
        else:
            if entry.answer_start is None:
                entry.answer_start = b.start
            entry.block_ends.append(b.end)
    close()
    return entries


def _end_last_answers(entries: list[_Entry]) -> None:
    """End the last answer of a run of numbered questions where the other answers end.

    Outside an FAQ section nothing marks where the last answer stops and the
    document's closing words ("The Board will continue to monitor ...")
    begin. When the answers before it take at most k blocks, the last one
    takes at most k too.
    """
    run: list[_Entry] = []
    for entry in entries:
        run = [*run, entry] if entry.loose else []
        if not entry.loose or entry.by_question:
            continue
        longest = max((len(e.block_ends) for e in run[:-1]), default=0)
        if len(run) > MIN_LOOSE_ENTRIES and len(entry.block_ends) > longest:
            del entry.block_ends[longest:]
        run = []
