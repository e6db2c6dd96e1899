"""Write records to SQLite with sqlite-utils, following the declared schema.

The only module that writes the database. It knows records by their ``TABLE``,
the schema by ``kb.store.schema.TABLES`` and the views by
``kb.store.views.VIEWS``; it knows nothing of spaCy.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import functools
import operator
import os
import sqlite3
import typing
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from kb.models import Record
from kb.store.schema import TABLES, Table
from kb.store.views import VIEWS


def column_types(spec: Table) -> dict[str, type]:
    """SQLite column types from the record's type hints (``int``, ``float`` or text)."""
    hints = typing.get_type_hints(spec.record)
    types: dict[str, type] = {}
    for f in dataclasses.fields(spec.record):
        hint = hints[f.name]
        args = typing.get_args(hint) or (hint,)
        types[f.name] = next((t for t in (int, float) if t in args), str)
    return types


def creation_order() -> list[Table]:
    """Declared tables ordered so that every table comes after those its foreign keys name."""
    by_name = {spec.name: spec for spec in TABLES}
    ordered: list[Table] = []
    placed: set[str] = set()

    def place(spec: Table) -> None:
        if spec.name in placed:
            return
        placed.add(spec.name)
        for _, other, _ in spec.foreign_keys:
            if other in by_name:
                place(by_name[other])
        ordered.append(spec)

    for spec in TABLES:
        place(spec)
    return ordered


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Create every declared table, view and index that is missing; safe to run twice."""
    create_tables(db)
    create_indexes(db)


def create_tables(db: sqlite_utils.Database) -> None:
    """Create every declared table that is missing, without its secondary indexes, then the views over them.

    A build creates the indexes once its rows are in (``create_indexes``):
    building an index over a finished table is several times cheaper than
    keeping it up to date row by row, most of all for tables whose rows
    arrive in no index's order.
    """
    for spec in creation_order():
        table = db.table(spec.name)
        if not table.exists():
            table.create(column_types(spec), pk="id", foreign_keys=list(spec.foreign_keys))
    create_views(db)


def create_views(db: sqlite_utils.Database) -> None:
    """Create every declared view that is missing, and replace one whose definition changed; safe to run twice.

    A rebuild in place edits a copy of the previous database, which may have
    been built before a view was declared or with an older definition of it.
    A view holds no rows, so replacing it costs nothing.
    """
    stored = dict(db.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'"))
    with db.conn:
        for view in VIEWS:
            if view.name in stored and not stored[view.name].endswith(view.sql):
                db.conn.execute(f'DROP VIEW "{view.name}"')
            db.conn.execute(view.create_sql)


def create_indexes(db: sqlite_utils.Database) -> None:
    """Create every declared index that is missing; safe to run twice."""
    for spec in TABLES:
        for columns in index_columns(spec):
            db.table(spec.name).create_index(columns, if_not_exists=True)


def index_columns(spec: Table) -> list[tuple[str, ...]]:
    """An index led by every foreign key column, plus the declared extra indexes.

    Rows that point into a document get one on ``(document_id, start)``,
    which also answers every lookup by ``document_id`` alone, so that column
    gets no index of its own; nor does a column that leads a declared index,
    nor a primary key that is also a foreign key (``node_metrics.id``),
    which SQLite indexes already.
    """
    spanned = {"document_id", "start"} <= {f.name for f in dataclasses.fields(spec.record)}
    leading = {"id"} | ({"document_id"} if spanned else set()) | {columns[0] for columns in spec.indexes}
    indexed: list[tuple[str, ...]] = [(col,) for col, _, _ in spec.foreign_keys if col not in leading]
    if spanned:
        indexed.append(("document_id", "start"))
    return [*indexed, *spec.indexes]


Rows = dict[str, list[tuple[typing.Any, ...]]]
"""Records as column-ordered tuples by table: what ``save_rows`` writes, cheap to pass between processes."""


def save_records(db: sqlite_utils.Database, records: Iterable[Record]) -> dict[str, int]:
    """Insert records into their tables; a record whose id exists replaces it.

    Returns:
        Rows written per table.
    """
    return save_rows(db, as_rows(records))


def as_rows(records: Iterable[Record]) -> Rows:
    """Records as tuples in column order, grouped by table (in the records' order)."""
    by_table: Rows = defaultdict(list)
    for record in records:
        by_table[record.TABLE].append(_values(type(record))(record))  # type: ignore[arg-type]  # mypy takes a class's __hash__ for an instance's
    return by_table


def save_rows(db: sqlite_utils.Database, rows: Rows) -> dict[str, int]:
    """Insert rows from ``as_rows`` into their tables; a row whose id exists replaces it.

    Rows go in through one ``executemany`` per table, because sqlite-utils'
    ``insert_all`` turns every row into a dict and inspects it, which cost
    most of a large build's time.

    Returns:
        Rows written per table.
    """
    undeclared = set(rows) - {spec.name for spec in TABLES}
    if undeclared:
        raise ValueError(f"records for undeclared tables: {sorted(undeclared)}")
    with db.conn:
        for spec in TABLES:
            if table_rows := rows.get(spec.name):
                db.conn.executemany(_insert_sql(spec.record), table_rows)  # type: ignore[arg-type]  # as in as_rows
    return {name: len(table_rows) for name, table_rows in rows.items() if table_rows}


@functools.cache
def _values(record: type[Record]) -> Callable[[Record], tuple[typing.Any, ...]]:
    """A function giving a record's field values in column order, as a tuple."""
    names = [f.name for f in dataclasses.fields(record)]
    getter = operator.attrgetter(*names)
    return getter if len(names) > 1 else lambda r: (getter(r),)


@functools.cache
def _insert_sql(record: type[Record]) -> str:
    names = [f.name for f in dataclasses.fields(record)]
    columns = ", ".join(f"[{n}]" for n in names)
    return f"INSERT OR REPLACE INTO [{record.TABLE}] ({columns}) VALUES ({', '.join('?' * len(names))})"


def enable_search(db: sqlite_utils.Database) -> None:
    """Build the FTS5 indexes declared in the schema, with triggers that keep them in step with their tables.

    A full build creates them once its rows are in. A rebuild in place finds
    them in its copy of the previous database, and the triggers update the
    indexes for exactly the rows it deletes, inserts and replaces
    (``open_build_database`` turns on recursive triggers, so that a row
    ``INSERT OR REPLACE`` deletes leaves the index too).
    """
    for spec in TABLES:
        if spec.fts:
            db.table(spec.name).enable_fts(list(spec.fts), fts_version="FTS5", create_triggers=True, replace=True)


PREVIOUS = "previous"
"""Schema name under which a build attaches the database it replaces."""


def lock_path(target: Path) -> Path:
    """The lock file of builds of ``target``: ``kb.db.lock`` beside ``kb.db``."""
    return target.with_name(f"{target.name}.lock")


@contextlib.contextmanager
def build_lock(target: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock on building ``target`` for the ``with`` block, waiting for any build holding it.

    Two builds into one database would both succeed and the last rename win,
    losing the other's history; under the lock they run one after the other.
    The lock is an ``flock`` on ``lock_path(target)``, which the system
    releases when the holder ends, however it ends: the file is left in
    place, empty, and a later build takes it again.

    Args:
        target: the database being built.
        waiting: called once if another build holds the lock, before waiting for it.

    Raises:
        OSError: the lock file cannot be created (no such folder, no permission).
    """
    fd = os.open(lock_path(target), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting:
                waiting()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def open_build_database(path: Path) -> sqlite_utils.Database:
    """A new database file for a build in progress.

    Without a rollback journal or a sync per commit: a build that dies leaves
    only this temporary file, which is discarded; ``replace_database`` syncs it
    once, before the rename makes it visible.
    """
    conn = sqlite3.connect(f"file:{quote(str(path))}", uri=True)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA recursive_triggers = ON")
    conn.execute("PRAGMA cache_size = -65536")
    return sqlite_utils.Database(conn)


def attach_previous(db: sqlite_utils.Database, path: Path) -> None:
    """Attach the database being replaced, read-only, as ``previous``."""
    db.conn.execute(f"ATTACH DATABASE ? AS {PREVIOUS}", (f"file:{quote(str(path.resolve()))}?mode=ro",))


def copy_history(db: sqlite_utils.Database, tables: Sequence[str]) -> None:
    """Copy whole tables (the build history) from the previous database, in row order.

    Only the columns both databases have are copied, so history survives a
    schema that gained a column.
    """
    for name in tables:
        old = {row[1] for row in db.conn.execute(f'PRAGMA {PREVIOUS}.table_info("{name}")')}
        columns = _column_list([c for c in db[name].columns_dict if c in old])
        db.conn.execute(f'INSERT INTO main."{name}" ({columns}) SELECT {columns} FROM {PREVIOUS}."{name}" ORDER BY rowid')
    db.conn.commit()


def _column_list(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


STALE_STATISTICS = 0.1
"""Share by which a table's row count may move before its planner statistics are gathered again."""


def analyze(db: sqlite_utils.Database, counts: dict[str, int]) -> None:
    """Gather the query planner's statistics for every declared table that has none or whose row count moved.

    A full build analyses every table. A rebuild in place keeps the
    statistics of its copy for tables whose row count moved by less than
    ``STALE_STATISTICS`` since they were gathered, which still describe
    them: analysing every table of 1,000 documents took 0.3 s.

    Args:
        db: the database being built.
        counts: rows per declared table now.
    """
    stat_table = db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
    if not stat_table:
        db.conn.execute("ANALYZE main")
    else:
        gathered = dict(db.conn.execute("SELECT tbl, max(CAST(stat AS INTEGER)) FROM sqlite_stat1 GROUP BY tbl"))
        for name, rows in counts.items():
            if name not in gathered or abs(rows - gathered[name]) > STALE_STATISTICS * gathered[name]:
                db.conn.execute(f'ANALYZE main."{name}"')
    db.conn.commit()


def replace_database(db: sqlite_utils.Database, tmp: Path, target: Path) -> None:
    """Finish a build's database and rename it over ``target`` in one atomic step.

    The file is synced before the rename and the folder after it, so that
    ``target`` is at every instant either the old database or the complete new one.
    """
    if PREVIOUS in {row[1] for row in db.conn.execute("PRAGMA database_list")}:
        db.conn.execute(f"DETACH DATABASE {PREVIOUS}")
    db.conn.commit()
    db.close()
    with open(tmp, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    folder = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
