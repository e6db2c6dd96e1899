"""Load corpus documents: find them, read each with the reader for its type, validate.

A document's ``text`` is its body exactly as its reader produced it (no
normalisation), because every offset in the knowledge base points into it.
Bad input raises ``CorpusError`` naming the file and, where there is one, the line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from kb.corpus.errors import CorpusError
from kb.corpus.front_matter import is_sidecar, read_sidecar, sidecar
from kb.corpus.readers import reader_for, reader_label, suffixes
from kb.models import Document

MAX_DOCUMENT_CHARACTERS = 1_000_000
"""spaCy's default ``max_length``: a compressed format (DOCX packs text about 25 to 1) may hold more text than its size says."""

MAX_DOCUMENT_BYTES = 1_000_000
"""Larger files are refused before they are read: spaCy's default ``max_length``
(1,000,000 characters) and the 600 MB peak-memory target of a build. Split a
longer text (a whole code title, say) into one document per part."""

_ID_CHARS = re.compile(r"[^a-z0-9]+")


def documents_dir(corpus: Path) -> Path:
    """The folder holding documents: ``corpus/documents`` if it exists, else ``corpus`` itself."""
    sub = corpus / "documents"
    return sub if sub.is_dir() else corpus


def document_paths(corpus: Path) -> list[Path]:
    """Every file under the documents folder, in a stable order, but hidden files and sidecars.

    Files of a type no reader handles are listed too, so that loading them
    reports each by name instead of building without it in silence, and so
    is a dangling link, reported as unreadable.
    """
    root = documents_dir(corpus)
    if not root.is_dir():
        raise CorpusError(root, "corpus folder does not exist")
    return sorted(
        p for p in root.rglob("*")
        if (p.is_file() or p.is_symlink()) and not _hidden(p.relative_to(root)) and not is_sidecar(p)
    )


def _hidden(relative: Path) -> bool:
    """Dot files and folders (``.DS_Store``, ``.git/``) are no documents."""
    return any(part.startswith(".") for part in relative.parts)


def load_document(path: Path, root: Path) -> Document:
    """Read one document file.

    Args:
        path: the file.
        root: the documents folder; ``Document.path`` is relative to it.

    Raises:
        CorpusError: the file is unreadable, too large, empty, binary, not
            UTF-8, or its front matter is malformed.
    """
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise CorpusError(
                path, f"file is {size / 1e6:.1f} MB, above the {MAX_DOCUMENT_BYTES / 1e6:g} MB limit per document; split it into parts"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not raw.strip():
        raise CorpusError(path, "file is empty")
    reader = reader_for(path)
    if reader is None:
        kind = f"{path.suffix} files" if path.suffix else "files without a suffix"
        raise CorpusError(path, f"unsupported file type: no reader for {kind} (supported: {', '.join(suffixes())})")
    reading = reader.read(raw, path)
    text, body_offset = reading.text, reading.body_offset
    meta = dict(reading.metadata)
    digest = hashlib.sha256(raw)
    if (extra := sidecar(path)) is not None:
        meta.update(read_sidecar(extra))
        digest.update(extra.read_bytes())
    if not text.strip():
        raise CorpusError(path, "document has front matter but no body" if body_offset else "document has no text")
    if len(text) > MAX_DOCUMENT_CHARACTERS:
        raise CorpusError(path, f"its text is {len(text):,} characters, above the {MAX_DOCUMENT_CHARACTERS:,} limit per document; split it into parts")
    relative = path.relative_to(root).as_posix()
    return Document(
        id=meta.get("id") or document_id(relative),
        path=relative,
        title=meta.get("title") or _first_line(text) or path.stem,
        text=text,
        sha256=digest.hexdigest(),
        publisher=meta.get("publisher"),
        kind=meta.get("kind"),
        language=meta.get("language"),
        url=meta.get("url"),
        date=meta.get("date"),
        supersedes=meta.get("supersedes"),
        body_offset=body_offset,
        word_count=len(text.split()),
        source_format=reader.name,
        source_size=len(raw),
        reader=reader_label(reader),
        page_starts=" ".join(str(p.start) for p in reading.pages) or None,
    )


def document_id(relative_path: str) -> str:
    """A readable id from a document's path: ``agreements/OpenAI DoW.md`` becomes ``agreements-openai-dow``."""
    stem = relative_path.rsplit(".", 1)[0].lower()
    return _ID_CHARS.sub("-", stem).strip("-")


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        stripped = line.strip().lstrip("#").strip()
        if stripped:
            return stripped[:200]
    return None


@dataclass
class Corpus:
    """The documents that loaded, and the errors of those that did not."""

    documents: list[Document]
    errors: list[CorpusError]


def load_corpus(corpus: Path) -> Corpus:
    """Load every document, collecting every bad one rather than stopping at the first.

    The second of two documents with one id (in path order) is an error.

    Raises:
        CorpusError: the corpus folder does not exist.
    """
    root = documents_dir(corpus)
    documents: list[Document] = []
    errors: list[CorpusError] = []
    seen: dict[str, Path] = {}
    for path in document_paths(corpus):
        try:
            document = load_document(path, root)
            if document.id in seen:
                raise CorpusError(path, f"document id {document.id!r} is already used by {seen[document.id]}")
        except CorpusError as error:
            errors.append(error)
            continue
        seen[document.id] = path
        documents.append(document)
    return Corpus(documents, errors)
