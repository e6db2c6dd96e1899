"""Pages of a paged source as units: the ranges a reader recorded, and the page an offset falls on."""

from __future__ import annotations

import bisect

from kb.models import Document, Page, stable_id


def page_starts(document: Document) -> list[int]:
    """Where each page starts in the document's text, page 1 first; empty for unpaged documents."""
    return [int(s) for s in document.page_starts.split()] if document.page_starts else []


def pages_of(document: Document) -> list[Page]:
    """The document's pages as records, each reproducing its range of the text."""
    starts = page_starts(document)
    ends = [*starts[1:], len(document.text)] if starts else []
    return [
        Page(id=stable_id(document.id, "page", number), document_id=document.id, number=number,
             start=start, end=end, text=document.text[start:end])
        for number, (start, end) in enumerate(zip(starts, ends, strict=True), 1)
    ]


def page_at(starts: list[int], offset: int) -> int | None:
    """The number of the page holding ``offset``, None when the document has no pages."""
    if not starts:
        return None
    return bisect.bisect_right(starts, offset)
