"""The provenance invariant: every offset reproduces its text, in every table."""

from __future__ import annotations

import sqlite3

import pytest

from kb.models import SPAN_FIELDS
from kb.store.schema import TABLES

SPAN_TABLES = [
    (spec.name, triple)
    for spec in TABLES
    for triple in SPAN_FIELDS
    if "document_id" in spec.columns and set(triple) <= set(spec.columns)
]


def test_provenance_covers_the_unit_tables():
    names = {name for name, _ in SPAN_TABLES}
    assert {"sections", "paragraphs", "list_items", "clauses", "faq", "sentences", "claims"} <= names


@pytest.mark.parametrize("table, triple", SPAN_TABLES, ids=[f"{t}.{c[2]}" for t, c in SPAN_TABLES])
def test_provenance_invariant_holds_for_every_row(kb: sqlite3.Connection, table: str, triple: tuple[str, str, str]):
    start, end, text = triple
    total = kb.execute(f"select count(*) from [{table}]").fetchone()[0]
    bad = kb.execute(
        f"""select t.id from [{table}] t join documents d on d.id = t.document_id
            where t.[{text}] is not null
              and substr(d.text, t.[{start}] + 1, t.[{end}] - t.[{start}]) is not t.[{text}]"""
    ).fetchall()
    assert bad == []
    if table in ("sections", "paragraphs", "clauses", "faq", "sentences", "claims", "list_items"):
        assert total > 0


def test_provenance_foreign_keys_resolve(kb: sqlite3.Connection):
    assert kb.execute("pragma foreign_key_check").fetchall() == []
