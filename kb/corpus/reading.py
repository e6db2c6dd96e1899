"""What a reader returns: the text the knowledge base stores, what the file states, and where its pages lie."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kb.corpus.errors import CorpusError


@dataclass(frozen=True)
class PageSpan:
    """Where one page of a paged source (a PDF) lies in the text a reader produced."""

    number: int
    """The page number, from 1, in the file's own order."""
    start: int
    end: int


@dataclass(frozen=True)
class Reading:
    """What a reader makes of one file.

    Readers of formats with structure (HTML, DOCX, PDF) write it into
    ``text`` the way segmentation reads it in plain text: a heading on a line
    of its own after ``#`` marks (one per level), list items after "- " or
    "1. " with two spaces of indentation per nesting level, paragraphs
    between blank lines, each table cell on a line of its own, footnotes
    after the body under a "Notes" heading, one numbered paragraph each.
    """

    text: str
    """The document's body exactly as the reader produced it: offsets point into it."""
    metadata: dict[str, str | None] = field(default_factory=dict)
    """What the file states about itself, under front matter keys (title, publisher, date, url)."""
    body_offset: int = 0
    """Where the body starts in the decoded file (the length of any front matter); 0 for binary formats."""
    pages: tuple[PageSpan, ...] = ()
    """For paged formats, each page's range of ``text``, in order, covering it without overlap."""


def decode_utf8(raw: bytes, path: Path) -> str:
    """The file's text, refusing binary content and invalid UTF-8 with the line where it starts."""
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise CorpusError(path, "file looks binary (contains NUL bytes); only UTF-8 text is accepted", line)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CorpusError(path, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line) from exc
