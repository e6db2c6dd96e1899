"""Readers: one per file type, each turning a file's bytes into the text the knowledge base stores.

The seam between files and everything after them: a reader returns the
document's body (every offset in the database points into it), the metadata
the file itself states, and where the body starts in the decoded file. New
formats plug in by adding a reader to ``READERS``; segmentation and
everything after it see only text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from kb.corpus.reading import Reading
from kb.corpus.text import read_text_with_front_matter


@dataclass(frozen=True)
class Reader:
    """A file type and how to read it."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[bytes, Path], Reading]
    """Bytes and the file's path (for error messages) to a ``Reading``; raises ``CorpusError``."""
    library: str | None = None
    """The distribution that does the reading (``trafilatura``), whose version the documents table records."""


def _read_html(raw: bytes, path: Path) -> Reading:
    from kb.corpus.html import read_html  # imported on first use: trafilatura takes 0.3 s to import

    return read_html(raw, path)


def _read_pdf(raw: bytes, path: Path) -> Reading:
    from kb.corpus.pdf import read_pdf  # imported on first use, as the other binary formats' libraries

    return read_pdf(raw, path)


def _read_docx(raw: bytes, path: Path) -> Reading:
    from kb.corpus.docx import read_docx  # imported on first use

    return read_docx(raw, path)


READERS: tuple[Reader, ...] = (
    Reader("text", (".txt",), read_text_with_front_matter),
    Reader("markdown", (".md", ".markdown"), read_text_with_front_matter),
    Reader("html", (".html", ".htm"), _read_html, "trafilatura"),
    Reader("pdf", (".pdf",), _read_pdf, "pypdfium2"),
    Reader("docx", (".docx",), _read_docx, "python-docx"),
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
