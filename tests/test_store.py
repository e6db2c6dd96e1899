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
    indexed = {tuple(index.columns) for index in db["clauses"].indexes}
    assert ("document_id",) in indexed and ("parent_id",) in indexed


def test_store_saves_records_and_searches_them():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    doc = Document(id="d", path="d.txt", title="T", text="Hello world.", sha256="x")
    para = Paragraph(id="p", document_id="d", section_id=None, number=1, start=0, end=12, text="Hello world.")
    assert save_records(db, [doc, para]) == {"documents": 1, "paragraphs": 1}
    enable_search(db)
    assert [r["id"] for r in db["documents"].search("hello")] == ["d"]
    assert db["paragraphs"].get("p")["text"] == "Hello world."
