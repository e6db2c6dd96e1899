"""Readers: one per file type, each turning a file's bytes into the text the knowledge base stores.

The seam between files and everything after them: a reader returns the
document's body (every offset in the database points into it), the metadata
the file itself states, and where the body starts in the decoded file. New
formats plug in by adding a reader to ``READERS``; segmentation and
everything after it see only text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from kb.corpus.errors import CorpusError
from kb.corpus.front_matter import parse_front_matter


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


@dataclass(frozen=True)
class Reader:
    """A file type and how to read it."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[bytes, Path], Reading]
    """Bytes and the file's path (for error messages) to a ``Reading``; raises ``CorpusError``."""
    library: str | None = None
    """The distribution that does the reading (``trafilatura``), whose version the documents table records."""


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


def read_text_with_front_matter(raw: bytes, path: Path) -> Reading:
    """Plain text and markdown: UTF-8, optional front matter, the rest kept exactly as written.

    Markdown is not rendered: headings, lists and emphasis marks stay in the
    text, where segmentation reads them as structure and offsets stay exact.
    """
    decoded = decode_utf8(raw, path)
    metadata, body_offset = parse_front_matter(decoded, path)
    return Reading(decoded[body_offset:], metadata, body_offset)


READERS: tuple[Reader, ...] = (
    Reader("text", (".txt",), read_text_with_front_matter),
    Reader("markdown", (".md", ".markdown"), read_text_with_front_matter),
)
"""Every reader, each with the file suffixes it handles."""

def suffixes() -> tuple[str, ...]:
    """The file suffixes some reader handles: the files of the documents folder that are documents."""
    return tuple(suffix for reader in READERS for suffix in reader.suffixes)


def reader_label(reader: Reader) -> str:
    """The reader and its library's installed version, as ``documents.reader`` records it."""
    if reader.library is None:
        return reader.name
    try:
        return f"{reader.name}: {reader.library} {version(reader.library)}"
    except PackageNotFoundError:
        return f"{reader.name}: {reader.library}"


def reader_for(path: Path) -> Reader | None:
    """The reader for a file by its suffix (case aside), None for a type no reader handles."""
    suffix = path.suffix.lower()
    return next((reader for reader in READERS if suffix in reader.suffixes), None)
