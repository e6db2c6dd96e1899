"""Segment: a document's text into sections, paragraphs, list items, clauses, FAQ entries, notes and sentences.

Lines to blocks (``blocks``), blocks to sections and paragraphs (``sections``),
list items and clauses with their designations (``lists``, ``designations``),
question-and-answer entries (``faq``), footnotes and endnotes (``notes``),
sentences and claims from the spaCy ``Doc`` (``sentences``); ``locate`` finds
the unit that holds an offset.
"""

from kb.segment.blocks import Block, load_patterns, trim
from kb.segment.sections import segment

__all__ = ["Block", "load_patterns", "segment", "trim"]
