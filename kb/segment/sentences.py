"""Sentences and claims from an annotated ``Doc``, placed in their units."""

from __future__ import annotations

from spacy.tokens import Doc

from kb.models import Claim, Document, Mention, Segmentation, Sentence, stable_id
from kb.segment.blocks import Block, trim
from kb.segment.locate import Locator
from kb.segment.pages import page_at

CLAIM_ROLES = frozenset({"answer", "clause", "list_item", "narrative", "lead_in", "note"})
"""Sentence roles that assert something; headings and questions do not, but a heading that is a
sentence introducing a list ("We ask the following questions by June 15:") does."""


def sentences_of(document: Document, doc: Doc, blocks: list[Block], seg: Segmentation) -> list[Sentence]:
    """Every sentence of the document, clipped to its block and trimmed.

    The splitter starts a sentence at every block, but a sentence may run on
    over the list marker of the next block; clipping at the block's end keeps
    markers out of sentences.
    """
    text = document.text
    block_at = Locator([_BlockSpan(b) for b in blocks])
    where = _Where(seg)
    out: list[Sentence] = []
    for sent in doc.sents:
        block = block_at.innermost(sent.start_char)
        if block is None:
            continue
        start, end = trim(text, sent.start_char, min(sent.end_char, block.end))
        if start == end:
            continue
        role = _role(block.block) or where.role(start, end)
        out.append(Sentence(
            id=stable_id(document.id, "sentence", start, end), document_id=document.id,
            section_id=where.sections.id_at(start, end), paragraph_id=where.paragraphs.id_at(start, end),
            clause_id=where.clauses.id_at(start, end), faq_id=where.faq.id_at(start, end),
            list_item_id=where.items.id_at(start, end), role=role, number=len(out) + 1,
            start=start, end=end, text=text[start:end], marking=block.block.marking,
        ))
    return out


def _role(block: Block) -> str | None:
    """The role a heading block gives its sentence, None for other blocks.

    A bare "ARTICLE II" or "SEC. 5." line, whose marker is all its text, heads
    the clause under it and asserts nothing.
    """
    if block.kind == "item" and block.start == block.line_start:
        return "heading"
    if block.kind != "heading":
        return None
    return "lead_in" if block.lead_in else "heading"


def claims_of(sentences: list[Sentence]) -> list[Claim]:
    """A claim for every sentence that asserts something."""
    return [
        Claim(
            id=s.id, document_id=s.document_id, sentence_id=s.id, section_id=s.section_id,
            clause_id=s.clause_id, faq_id=s.faq_id, role=s.role, start=s.start, end=s.end, text=s.text,
            marking=s.marking,
        )
        for s in sentences
        if s.role in CLAIM_ROLES
    ]


def place(mentions: list[Mention], seg: Segmentation, sentences: list[Sentence], claims: list[Claim],
          page_starts: list[int]) -> None:
    """Fill each mention's containing section, clause, FAQ entry, sentence, claim and page."""
    where = _Where(seg)
    by_sentence, by_claim = Locator(sentences), Locator(claims)
    for m in mentions:
        m.section_id = where.sections.id_at(m.start, m.end)
        clause = where.clauses.innermost(m.start, m.end)
        m.clause_id, m.designation = (clause.id, clause.designation) if clause else (None, None)
        m.faq_id = where.faq.id_at(m.start, m.end)
        m.note_id = where.notes.id_at(m.start, m.end)
        m.sentence_id = by_sentence.id_at(m.start, m.end)
        m.claim_id = by_claim.id_at(m.start, m.end)
        m.page = page_at(page_starts, m.start)


class _BlockSpan:
    def __init__(self, block: Block) -> None:
        self.block, self.id, self.start, self.end = block, "", block.start, block.end


class _Where:
    """Locators for every unit kind of one document."""

    def __init__(self, seg: Segmentation) -> None:
        self.sections = Locator(seg.sections)
        self.paragraphs = Locator(seg.paragraphs)
        self.clauses = Locator(seg.clauses)
        self.faq = Locator(seg.faq)
        self.items = Locator(seg.list_items)
        self.notes = Locator(seg.notes)
        self.questions = Locator([_Question(f.id, f.question_start, f.question_end) for f in seg.faq])

    def role(self, start: int, end: int) -> str:
        if self.notes.innermost(start, end):
            return "note"
        if self.questions.innermost(start, end):
            return "question"
        if self.faq.innermost(start, end):
            return "answer"
        if self.clauses.innermost(start, end):
            return "clause"
        if self.items.innermost(start, end):
            return "list_item"
        return "narrative"


class _Question:
    def __init__(self, id: str, start: int, end: int) -> None:
        self.id, self.start, self.end = id, start, end
