"""A segmented document: sections and paragraphs from blocks, then list items, clauses and FAQ.

``segment`` ties the stages of ``kb.segment`` together: lines to blocks
(``kb.segment.blocks``), blocks to sections and paragraphs (here), list items
and clauses (``kb.segment.lists``), question-and-answer entries
(``kb.segment.faq``) and footnotes and endnotes (``kb.segment.notes``).
"""

from __future__ import annotations

from pathlib import Path

from kb.models import Document, Paragraph, Section, Segmentation, stable_id
from kb.reference import DATA_DIR
from kb.segment.blocks import Block, blocks_of, headings_of, load_patterns
from kb.segment.faq import faq_entries
from kb.segment.lists import nest_lists
from kb.segment.locate import Locator
from kb.segment.notes import notes_of


def segment(document: Document, data_dir: Path = DATA_DIR) -> tuple[Segmentation, list[Block]]:
    """Split a document into units with exact offsets.

    Args:
        document: the document; offsets are into ``document.text``.
        data_dir: where ``patterns/structure.json`` lives.

    Returns:
        The units, and the blocks the sentence splitter must not cross.
    """
    patterns = load_patterns(data_dir)
    text = document.text
    blocks = headings_of(text, blocks_of(text, patterns), patterns)
    seg = Segmentation()
    _sections(document, blocks, seg)
    sections = Locator(seg.sections)
    _paragraphs(document, blocks, seg, sections)
    nest_lists(document, blocks, seg, sections, patterns.sentence_starters, data_dir)
    seg.faq = faq_entries(document.id, text, blocks, seg.sections, patterns.faq_heading)
    seg.notes = notes_of(document.id, text, blocks, seg.sections, patterns.notes_heading)
    return seg, blocks


# --- blocks to units ------------------------------------------------------


def _sections(document: Document, blocks: list[Block], seg: Segmentation) -> None:
    """Each heading opens a section that runs until the next heading of its level or above."""
    text = document.text
    open_: list[tuple[Section, int]] = []
    last_end = 0
    for b in blocks:
        if b.kind == "heading":
            while open_ and open_[-1][1] >= b.level:
                _close_section(text, open_.pop()[0], last_end)
            parent = open_[-1][0].id if open_ else None
            section = Section(
                id=stable_id(document.id, "section", b.start, b.end), document_id=document.id,
                parent_id=parent, number=len(seg.sections) + 1, level=b.level,
                heading=text[b.start:b.end], heading_start=b.start, heading_end=b.end,
                start=b.start, end=b.end, text="", marking=b.marking,
            )
            seg.sections.append(section)
            open_.append((section, b.level))
        last_end = b.end
    while open_:
        _close_section(text, open_.pop()[0], last_end)


def _close_section(text: str, section: Section, end: int) -> None:
    section.end = max(end, section.heading_end)
    section.text = text[section.start:section.end]


def _paragraphs(document: Document, blocks: list[Block], seg: Segmentation, sections: Locator) -> None:
    for b in blocks:
        if b.kind == "heading":
            continue
        seg.paragraphs.append(Paragraph(
            id=stable_id(document.id, "paragraph", b.start, b.end), document_id=document.id,
            section_id=sections.id_at(b.start), number=len(seg.paragraphs) + 1,
            start=b.start, end=b.end, text=document.text[b.start:b.end], marking=b.marking,
        ))
