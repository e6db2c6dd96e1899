"""Load corpus documents: find them, read each with the reader for its type, validate.

A document's ``text`` is its body exactly as its reader produced it (no
normalisation), because every offset in the knowledge base points into it.
Bad input raises ``CorpusError`` naming the file and, where there is one, the line.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from kb.corpus.errors import CorpusError
from kb.corpus.front_matter import is_sidecar, parse_sidecar, sidecar
from kb.corpus.readers import reader_for, reader_label, suffixes
from kb.models import Document

MAX_DOCUMENT_CHARACTERS = 1_000_000
"""spaCy's default ``max_length``: a compressed format (DOCX packs text about 25 to 1) may hold more text than its size says."""

MAX_DOCUMENT_BYTES = 1_000_000
"""Larger files are refused before they are read: spaCy's default ``max_length``
(1,000,000 characters) and the 600 MB peak-memory target of a build. Split a
longer text (a whole code title, say) into one document per part."""

DOCUMENT_TOO_LARGE = f"above the {MAX_DOCUMENT_BYTES / 1e6:g} MB limit per document; split it into parts"
SIDECAR_TOO_LARGE = f"above the {MAX_DOCUMENT_BYTES / 1e6:g} MB limit per file; a sidecar holds a few lines of metadata"
"""The end of the message refusing a file over ``MAX_DOCUMENT_BYTES``: a document, or its sidecar."""

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
        if _listed(p) and not _hidden(p.relative_to(root)) and not is_sidecar(p)
    )


def _listed(path: Path) -> bool:
    """Whether ``path`` is listed as a document: anything but a folder, so that a link, a FIFO,
    a device or a socket is reported by name rather than left out in silence. Never opens it."""
    try:
        return not stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _hidden(relative: Path) -> bool:
    """Dot files and folders (``.DS_Store``, ``.git/``) are no documents."""
    return any(part.startswith(".") for part in relative.parts)


def load_document(path: Path, root: Path) -> Document:
    """Read one document file.

    Args:
        path: the file.
        root: the documents folder; ``Document.path`` is relative to it.

    Raises:
        CorpusError: the file is unreadable, not a regular file, a link
            outside ``root``, too large, empty, binary, not UTF-8, or its
            front matter is malformed.
    """
    raw = read_document_bytes(path, root)
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
        source = read_document_bytes(extra, root, SIDECAR_TOO_LARGE)  # read as a document is: type, place, size
        meta.update(parse_sidecar(source, extra))
        digest.update(source)
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
        authority_id=meta.get("authority"),
        body_offset=body_offset,
        word_count=len(text.split()),
        source_format=reader.name,
        source_size=len(raw),
        reader=reader_label(reader),
        page_starts=" ".join(str(p.start) for p in reading.pages) or None,
    )


def read_document_bytes(path: Path, root: Path, too_large: str = DOCUMENT_TOO_LARGE) -> bytes:
    """The bytes of a document file (or its sidecar), read only when it is a regular file inside the documents folder.

    A FIFO is never opened (opening one blocks until a writer comes), a
    device never read (``/dev/zero`` never ends), and a link is followed only
    when it leads to a file inside ``root``. The size limit holds on the
    bytes actually read, not only on what ``stat`` said: a file may grow.

    Args:
        path: the file.
        root: the documents folder.
        too_large: how the refusal of a file over ``MAX_DOCUMENT_BYTES`` ends.

    Raises:
        CorpusError: the file is unreadable, a dangling link, outside the
            documents folder, not a regular file, or too large.
    """
    before = _checked_stat(path, root)
    if before.st_size > MAX_DOCUMENT_BYTES:
        raise CorpusError(path, f"file is {before.st_size / 1e6:.1f} MB, {too_large}")
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO since the check, opening it does not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            now = os.fstat(handle.fileno())
            if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
                raise CorpusError(path, "not a regular file (it changed while being read); only regular files are read")
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise CorpusError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise CorpusError(path, f"file holds more than {MAX_DOCUMENT_BYTES / 1e6:g} MB, {too_large}")
    return raw


def _checked_stat(path: Path, root: Path) -> os.stat_result:
    """``os.stat`` of ``path`` once it is known to be a regular file inside ``root`` (it is not opened)."""
    try:
        info = os.stat(path)  # follows links: a dangling one fails here, reported as unreadable
        inside = Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root)))
    except OSError as exc:
        raise CorpusError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not inside:
        raise CorpusError(path, f"links to {os.path.realpath(path)}: links outside the corpus folder are not read")
    if not stat.S_ISREG(info.st_mode):
        raise CorpusError(path, f"not a regular file ({_file_kind(info.st_mode)}); only regular files are read")
    return info


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "a special file"


def document_id(relative_path: str) -> str:
    """A readable id from a document's path: ``agreements/OpenAI DoW.md`` becomes ``agreements-openai-dow``.

    A part of the path without an ASCII letter or digit keeps its own letters
    and digits, lower-cased (``協定.txt`` becomes ``協定``), where the ASCII
    rule would drop it; a path left with neither gets ``doc-`` and 8 hex
    digits of its hash. Ids of other paths are as they always were.
    """
    stem = relative_path.rsplit(".", 1)[0].lower()
    parts = []
    for part in stem.split("/"):
        word = _ID_CHARS.sub("-", part).strip("-")
        if not word:
            word = "-".join("".join(ch if ch.isalnum() else " " for ch in part).split())
        if word:
            parts.append(word)
    return "-".join(parts) or "doc-" + hashlib.sha256(relative_path.encode("utf-8")).hexdigest()[:8]


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
