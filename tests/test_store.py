"""The store applies the declared schema and writes records, without spaCy."""

from __future__ import annotations

import sqlite_utils

from kb.models import Document, Paragraph
from kb.schema import TABLES
from kb.store import enable_search, ensure_db_shape, save_records


def test_store_ensure_db_shape_is_safe_to_run_twice():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    ensure_db_shape(db)
    assert {spec.name for spec in TABLES} <= set(db.table_names())


def test_store_declares_foreign_keys_and_indexes():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    fks = {(fk.column, fk.other_table) for fk in db["clauses"].foreign_keys}
    assert {("document_id", "documents"), ("parent_id", "clauses"), ("section_id", "sections")} <= fks
    for spec in TABLES:
        leading = {index.columns[0] for index in db[spec.name].indexes} | {"id"}
        missing = {col for col, _, _ in spec.foreign_keys} - leading
        assert not missing, f"{spec.name}: no index answers lookups by {sorted(missing)}"


def test_store_indexes_no_column_twice_over():
    """A single-column index on ``document_id`` beside ``(document_id, start)`` only cost build time."""
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    for spec in TABLES:
        indexed = [tuple(index.columns) for index in db[spec.name].indexes]
        redundant = [i for i in indexed if any(o != i and o[:len(i)] == i for o in indexed)]
        assert not redundant, f"{spec.name}: {redundant} is the prefix of a wider index"


def test_store_saves_records_and_searches_them():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    doc = Document(id="d", path="d.txt", title="T", text="Hello world.", sha256="x")
    para = Paragraph(id="p", document_id="d", section_id=None, number=1, start=0, end=12, text="Hello world.")
    assert save_records(db, [doc, para]) == {"documents": 1, "paragraphs": 1}
    enable_search(db)
    assert [r["id"] for r in db["documents"].search("hello")] == ["d"]
    assert db["paragraphs"].get("p")["text"] == "Hello world."
