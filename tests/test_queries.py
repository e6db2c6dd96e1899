"""Canned queries: each documented, and each answering its question on the corpus knowledge base."""

from __future__ import annotations

import sqlite3

import pytest

from kb.queries import QueryError, load_queries, load_query

QUERIES = {q.name: q for q in load_queries()}


def run(kb: sqlite3.Connection, name: str, **params: str) -> list[dict]:
    sql = QUERIES[name].sql
    needed = {p: params.get(p) for p in ("authority", "document", "kind") if f":{p}" in sql}
    return [dict(row) for row in kb.execute(sql, needed).fetchall()]


@pytest.mark.parametrize(
    "content, missing",
    [
        ("select 1", "title and description"),  # no header at all
        ("-- title: Something\nselect 1", "description"),  # description forgotten
        ("-- description: Why\nselect 1", "title"),
    ],
)
def test_queries_a_file_without_title_or_description_fails(tmp_path, content, missing):
    path = tmp_path / "q.sql"
    path.write_text(content)
    with pytest.raises(QueryError, match=missing):
        load_query(path)


def test_queries_there_are_at_least_twelve_documented_questions():
    assert len(QUERIES) >= 12
    assert all(q.title and q.description for q in QUERIES.values())


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_queries_every_query_runs(kb, name):
    run(kb, name, authority="FISA", document="openai-dow-agreement", kind="")
