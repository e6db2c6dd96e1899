"""What a rebuild can reuse, and how it updates the previous database in place.

A document is parsed again only when its content or the pipeline changed
(``kb.pipeline.fingerprint``): an unchanged fingerprint and an unchanged file
hash mean extraction would produce exactly the rows already in the previous
database.

A rebuild that can reuse documents edits a copy of the previous database:
it removes every row derived from the documents that changed or went
(``remove_documents``), writes the rows of those it parsed, and settles the
records documents share (``reread``, ``shared_records``), so that the tables
hold exactly the rows a full build would write.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path, PurePosixPath

import sqlite_utils

from kb.models import Document, Record, RecordSource, stable_id
from kb.store.schema import TABLES
from kb.store.write import PREVIOUS, Rows, open_build_database, save_rows


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
        """Ids of documents whose rows can be kept instead of extracted again."""
        if fingerprint != self.pipeline_hash:
            return set()
        return {d.id for d in documents if self.documents.get(d.id) == (d.path, d.sha256)}

    def order(self) -> dict[str, int]:
        """Each previous document's place in that build's corpus order (path order, as ``document_paths`` sorts)."""
        ranked = sorted(self.documents, key=lambda i: PurePosixPath(self.documents[i][0]))
        return {document_id: place for place, document_id in enumerate(ranked)}


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


def copy_previous(previous: Previous, tmp: Path, meanwhile: Callable[[], object] | None = None) -> sqlite_utils.Database:
    """Copy the previous database to ``tmp``, the file the rebuild edits and then renames over it.

    ``meanwhile`` runs in this thread while another copies: the copy is the
    kernel's (``sendfile``, without the GIL), so work that needs only the
    processor, such as assembling the spaCy pipeline, costs nothing beside it
    on a second core. After one changed document in 1,000 the copy (376 MB,
    0.15-0.35 s) and the assembly (0.2 s) ran one after the other.
    """
    with ThreadPoolExecutor(1, thread_name_prefix="kb-copy") as pool:
        copied = pool.submit(shutil.copyfile, previous.path, tmp)
        if meanwhile:
            meanwhile()  # should it raise, leaving the block still waits for the copy, so that ``tmp`` can be removed
    copied.result()
    return open_build_database(tmp)


DOCUMENT_ROWS: tuple[str, ...] = tuple(
    spec.name for spec in TABLES if "document_id" in {f.name for f in fields(spec.record)} and spec.name != "changes"
)
"""Tables whose rows belong to a document (``document_id``): the build history's ``changes`` is not one."""

CORPUS_WIDE = ("clause_diffs",)
"""Tables computed over the whole corpus (diffs between versions), written again by every build.

``node_metrics`` is corpus-wide too, but ``kb.graph.derive.write_node_metrics`` rewrites only the rows that moved."""


def remove_documents(db: sqlite_utils.Database, document_ids: Iterable[str], reference: set[tuple[str, str]]) -> None:
    """Delete every row derived from these documents, and the shared records only they produced.

    The corpus-wide tables (``CORPUS_WIDE``) are emptied too: any change of
    documents changes them.

    Args:
        db: the database being rebuilt in place.
        document_ids: documents that changed, went, or are parsed again.
        reference: (table, id) of the curated records, which stay whatever cites them.
    """
    conn = db.conn
    with conn:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS kb_removed (id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM temp.kb_removed")
        conn.executemany("INSERT INTO temp.kb_removed VALUES (?)", [(d,) for d in sorted(set(document_ids))])
        orphans = conn.execute(
            "SELECT table_name, record_id FROM record_sources GROUP BY table_name, record_id"
            " HAVING sum(document_id NOT IN (SELECT id FROM temp.kb_removed)) = 0"
        ).fetchall()
        by_table: dict[str, list[str]] = defaultdict(list)
        for name, record_id in orphans:
            if (name, record_id) not in reference:
                by_table[name].append(record_id)
        for name, ids in by_table.items():
            conn.executemany(f'DELETE FROM "{name}" WHERE id = ?', [(i,) for i in ids])
        for name in DOCUMENT_ROWS:
            conn.execute(f'DELETE FROM "{name}" WHERE document_id IN (SELECT id FROM temp.kb_removed)')
        conn.execute("DELETE FROM documents WHERE id IN (SELECT id FROM temp.kb_removed)")
        for name in CORPUS_WIDE:
            conn.execute(f'DELETE FROM "{name}"')


class DocumentWriter:
    """Writes extracted documents' rows in batches of about ``BATCH_ROWS``, in the order given."""

    BATCH_ROWS = 5000
    """Fresh rows held before they are written: bounds memory on large builds."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.rows: Rows = defaultdict(list)
        self.held = 0

    def write(self, rows: Rows) -> None:
        """Queue an extracted document's rows (from ``kb.store.write.as_rows``).

        The document's own row is queued with copies of its strings: SQLite
        takes a string as UTF-8, which Python then keeps on the string object
        for as long as it lives, and the build holds every document (and its
        text) to the end, so a copy of every text would pile up (70 MB at
        10,000 documents).
        """
        for table, table_rows in rows.items():
            if table == Document.TABLE:
                table_rows = [tuple(_transient(value) for value in row) for row in table_rows]
            self.rows[table] += table_rows
            self.held += len(table_rows)
        if self.held >= self.BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write whatever is queued."""
        if self.held:
            save_rows(self.db, self.rows)
            self.rows, self.held = defaultdict(list), 0


def _transient(value: object) -> object:
    """A string that is not ASCII as a new string object, that dies with the row; anything else as it is."""
    return value.encode().decode() if isinstance(value, str) and not value.isascii() else value


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


Produced = dict[tuple[str, str], tuple[int, Record]]
"""Shared records from the documents parsed by a build: (table, id) to the version of the first of them
in corpus order that produced it, with that document's place in corpus order."""


def produce(produced: Produced, place: int, records: Iterable[Record]) -> None:
    """Hold the shared records of the document at ``place`` in corpus order, where no earlier document gave one.

    Only the first producer's version is ever written (``shared_records``), so
    the others are dropped as they come: holding every producer's version grew
    the build by 17 KB a document.
    """
    for record in records:
        key = (record.TABLE, record.id)
        held = produced.get(key)
        if held is None or place <= held[0]:
            produced[key] = (place, record)


def _producers(conn: sqlite3.Connection, schema: str, reference: set[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    producers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, record_id, document_id in conn.execute(f"SELECT table_name, record_id, document_id FROM {schema}.record_sources"):
        if (name, record_id) not in reference:
            producers[(name, record_id)].append(document_id)
    return producers


def reread(db: sqlite_utils.Database, order: dict[str, int], previous_order: dict[str, int], kept: set[str],
           reference: set[tuple[str, str]]) -> set[str]:
    """Kept documents to parse again, because the version of a shared record they give is not the one stored.

    A shared record takes the version of the first document, in corpus
    order, that produces it (``shared_records``). When that document is now
    one the rebuild kept, but the stored version came from a document that
    changed or went, only parsing the kept document again gives its version.

    Args:
        db: the database being rebuilt, the parsed documents' rows written,
            the previous database attached.
        order: each current document's place in corpus order.
        previous_order: the same for the previous build (``Previous.order``).
        kept: documents whose rows were kept.
        reference: (table, id) of the curated records.
    """
    before = _producers(db.conn, PREVIOUS, reference)
    again = set()
    for key, producers in _producers(db.conn, "main", reference).items():
        first = min(producers, key=order.__getitem__)
        if first in kept and first != min(before.get(key, ()), key=previous_order.__getitem__, default=None):
            again.add(first)
    return again


def shared_records(db: sqlite_utils.Database, produced: Produced, order: dict[str, int],
                   reference: set[tuple[str, str]]) -> list[Record]:
    """The shared records to write, in table then id order: each in the version of its first producer.

    A record whose first producer was not parsed by this build is already
    stored in that producer's version (``reread`` saw to it) and is left as it is.

    Args:
        db: the database being built, every document's rows written.
        produced: shared records of the documents this build parsed.
        order: each document's place in corpus order.
        reference: (table, id) of the curated records, which win over a shared record with the same id.
    """
    chosen: dict[tuple[str, str], Record] = {}
    for key, producers in _producers(db.conn, "main", reference).items():
        held = produced.get(key)
        if held is not None and held[0] == min(map(order.__getitem__, producers)):
            chosen[key] = held[1]
    place = {spec.name: i for i, spec in enumerate(TABLES)}
    return [chosen[key] for key in sorted(chosen, key=lambda k: (place[k[0]], k[1]))]
