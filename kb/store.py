"""Write records to SQLite with sqlite-utils, following the declared schema.

The only module that writes the database. It knows records by their ``TABLE``
and the schema by ``kb.schema.TABLES``; it knows nothing of spaCy.
"""

from __future__ import annotations

import dataclasses
import typing
from collections import defaultdict
from collections.abc import Iterable

import sqlite_utils

from kb.models import Record
from kb.schema import TABLES, Table


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
    """Create every declared table and index that is missing; safe to run twice."""
    for spec in creation_order():
        table = db[spec.name]
        if not table.exists():
            table.create(column_types(spec), pk="id", foreign_keys=list(spec.foreign_keys))
        for columns in _index_columns(spec):
            table.create_index(columns, if_not_exists=True)


def _index_columns(spec: Table) -> list[tuple[str, ...]]:
    """An index on every foreign key column, plus the declared extra indexes."""
    indexed = [(col,) for col, _, _ in spec.foreign_keys]
    if {"document_id", "start"} <= {f.name for f in dataclasses.fields(spec.record)}:
        indexed.append(("document_id", "start"))
    return [*indexed, *spec.indexes]


def save_records(db: sqlite_utils.Database, records: Iterable[Record]) -> dict[str, int]:
    """Insert records into their tables; a record whose id exists replaces it.

    Returns:
        Rows written per table.
    """
    by_table: dict[str, list[dict[str, typing.Any]]] = defaultdict(list)
    for record in records:
        by_table[record.TABLE].append(record.row())
    undeclared = set(by_table) - {spec.name for spec in TABLES}
    if undeclared:
        raise ValueError(f"records for undeclared tables: {sorted(undeclared)}")
    for spec in TABLES:
        if rows := by_table.get(spec.name):
            db[spec.name].insert_all(rows, pk="id", replace=True, batch_size=500)
    return {name: len(rows) for name, rows in by_table.items()}


def enable_search(db: sqlite_utils.Database) -> None:
    """Build the FTS5 indexes declared in the schema (after the rows are in)."""
    for spec in TABLES:
        if spec.fts and not db[f"{spec.name}_fts"].exists():
            db[spec.name].enable_fts(list(spec.fts), fts_version="FTS5", create_triggers=False)
        elif spec.fts:
            db[spec.name].populate_fts(list(spec.fts))
