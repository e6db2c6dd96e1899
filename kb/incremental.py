"""What a rebuild can reuse: fingerprints, the previous build, stale temporary files.

A document is parsed again only when its content or the pipeline changed.
The pipeline's fingerprint covers everything extraction reads besides the
document itself (reference data, patterns, the package's code and version,
spaCy's version), so an unchanged fingerprint and an unchanged file hash mean
extraction would produce exactly the rows already in the previous database.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import spacy
import sqlite_utils

from kb.models import Document, Record, RecordSource, stable_id
from kb.schema import TABLES
from kb.store import PREVIOUS, Rows, copy_documents, save_rows

PACKAGE_DIR = Path(__file__).resolve().parent
"""The kb package: its sources are part of the pipeline fingerprint."""


def kb_version() -> str:
    """The installed kb package's version (``unknown`` when run from a bare checkout)."""
    try:
        return version("kb")
    except PackageNotFoundError:
        return "unknown"


def pipeline_hash(data_dir: Path) -> str:
    """Fingerprint of everything but the documents that decides extraction's output.

    Args:
        data_dir: the reference-data folder; its ``documents/`` subfolder and
            hidden files are left out.

    Returns:
        A SHA-256 hex digest over the data files, the package's ``.py``
        sources, its version and spaCy's version.
    """
    digest = hashlib.sha256(f"kb {kb_version()} spacy {spacy.__version__}\n".encode())
    for label, root, skip in (("data", data_dir, data_dir / "documents"), ("code", PACKAGE_DIR, None)):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = path.relative_to(root)
            hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
            if hidden or (skip is not None and path.is_relative_to(skip)) or (label == "code" and path.suffix != ".py"):
                continue
            digest.update(f"{label}/{relative.as_posix()} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def corpus_hash(documents: list[Document]) -> str:
    """Fingerprint of the documents built: their paths and content hashes, in order."""
    digest = hashlib.sha256()
    for document in documents:
        digest.update(f"{document.path} {document.sha256}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Previous:
    """What the next build needs to know about the database it replaces."""

    path: Path
    build_id: int
    pipeline_hash: str
    document_tables: tuple[str, ...]
    documents: dict[str, tuple[str, str]]
    """Document id to (path, sha256)."""

    def reusable(self, documents: list[Document], fingerprint: str) -> set[str]:
        """Ids of documents whose rows can be copied instead of extracted again."""
        if fingerprint != self.pipeline_hash:
            return set()
        return {d.id for d in documents if self.documents.get(d.id) == (d.path, d.sha256)}


def read_previous(db_path: Path) -> Previous | None:
    """The last build recorded in ``db_path``.

    Returns:
        None when there is no database, or it has no build history (made
        before builds were recorded, or not ours), or it cannot be read: the
        build then starts from scratch and a new history.
    """
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path.resolve()}?mode=ro", uri=True)
        try:
            last = conn.execute("SELECT id, pipeline_hash, document_tables FROM builds ORDER BY id DESC LIMIT 1").fetchone()
            documents = {row[0]: (row[1], row[2]) for row in conn.execute("SELECT id, path, sha256 FROM documents")}
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if last is None:
        return None
    return Previous(db_path, last[0], last[1], tuple(last[2].split()), documents)


def temp_path(db_path: Path) -> Path:
    """Where a build writes before the rename: hidden, beside the target, named for the process."""
    return db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")


def remove_stale_temps(db_path: Path) -> list[Path]:
    """Delete temporary files that builds killed before they could clean up left beside ``db_path``.

    A file whose process is still running belongs to a concurrent build and is left alone.

    Returns:
        The files removed.
    """
    removed = []
    for path in db_path.parent.glob(f".{db_path.name}.tmp-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and int(pid) != os.getpid() and _running(int(pid)):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DocumentWriter:
    """Writes documents in corpus order, each copied from the previous database or from fresh rows.

    Consecutive copies become one ``INSERT ... SELECT`` per table and fresh
    rows are saved in batches, so a rebuild of one changed document in a
    thousand costs a few statements, not a thousand.
    """

    BATCH_ROWS = 5000
    """Fresh rows held before they are written: bounds memory on large builds."""

    def __init__(self, db: sqlite_utils.Database, copy_tables: Sequence[str]) -> None:
        self.db = db
        self.copy_tables = copy_tables
        self.copies: list[str] = []
        self.rows: Rows = defaultdict(list)
        self.held = 0

    def copy(self, document_id: str) -> None:
        """Queue an unchanged document's rows for copying from the previous database."""
        if self.held:
            self.flush()
        self.copies.append(document_id)

    def write(self, rows: Rows) -> None:
        """Queue an extracted document's rows (from ``kb.store.as_rows``)."""
        if self.copies:
            self.flush()
        for table, table_rows in rows.items():
            self.rows[table] += table_rows
            self.held += len(table_rows)
        if self.held >= self.BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write whatever is queued, in order."""
        if self.copies:
            copy_documents(self.db, self.copy_tables, self.copies)
            self.copies = []
        if self.held:
            save_rows(self.db, self.rows)
            self.rows, self.held = defaultdict(list), 0


def split_shared(document_id: str, records: list[Record]) -> tuple[list[Record], list[Record]]:
    """One document's records: those that belong to it (with their sources), and those shared by documents.

    A shared record (an authority made from a citation) has no ``document_id``;
    a ``RecordSource`` row, kept with the document's own rows, remembers that
    this document produced it, so the record lasts exactly as long as one of
    its documents does.

    Returns:
        The document's own records followed by a source row per shared
        record, and the shared records.
    """
    own = [r for r in records if isinstance(r, Document) or getattr(r, "document_id", None) is not None]
    shared = [r for r in records if not isinstance(r, Document) and getattr(r, "document_id", None) is None]
    sources = [
        RecordSource(id=stable_id(document_id, r.TABLE, r.id), document_id=document_id, table_name=r.TABLE, record_id=r.id)
        for r in shared
    ]
    return own + sources, shared


def shared_records(db: sqlite_utils.Database, fresh: dict[tuple[str, str], Record], reference: set[tuple[str, str]]) -> list[Record]:
    """The shared records some document still produces, in table then id order.

    Args:
        db: the new database; the previous one attached when there is one.
        fresh: shared records from the documents extracted by this build, by
            (table, id); the first document (in corpus order) to produce one wins.
        reference: (table, id) of the curated reference records, which win
            over a shared record with the same id.
    """
    wanted: dict[str, set[str]] = defaultdict(set)
    for name, record_id in db.conn.execute("SELECT DISTINCT table_name, record_id FROM record_sources"):
        if (name, record_id) not in reference:
            wanted[name].add(record_id)
    attached = PREVIOUS in {row[1] for row in db.conn.execute("PRAGMA database_list")}
    out: list[Record] = []
    for spec in TABLES:
        ids = wanted.get(spec.name, set())
        by_id = {i: fresh[(spec.name, i)] for i in ids if (spec.name, i) in fresh}
        missing = sorted(ids - set(by_id))
        if missing and attached:
            cursor = db.conn.execute(
                f'SELECT * FROM {PREVIOUS}."{spec.name}" WHERE id IN ({", ".join("?" * len(missing))})', missing
            )
            names = [c[0] for c in cursor.description]
            by_id.update({row[0]: spec.record(**dict(zip(names, row))) for row in cursor})
        out += [by_id[i] for i in sorted(by_id)]
    return out
