"""Versions: a document that supersedes another gets a clause-level diff, browsable and asked by a canned query."""

from __future__ import annotations

import sqlite3

import pytest

from kb.datasette.queries import load_queries
from kb.pipeline.build import build
from kb.pipeline.versions import ClauseText, diff
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def versions_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("versions") / "kb.db"
    build(FIXTURES / "versions", db)
    return db


def test_versions_fixture_pair_gives_added_removed_changed_and_moved_clauses(versions_db):
    rows = sqlite3.connect(versions_db).execute(
        "SELECT change, path, old_path, title, old_text, new_text FROM clause_diffs"
        " WHERE document_id = 'harbor-services-agreement-v2' AND supersedes_id = 'harbor-services-agreement-v1' ORDER BY rowid"
    ).fetchall()
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("changed", "1.1", "1.1", None),  # sub-clause reworded; its parent clause is not reported
        ("added", "2", None, "Safety"),
        ("moved", "3", "2", "Fees"),  # renumbered, same words
        ("changed", "4", "3", "Records"),  # renumbered and reworded, matched by title
        ("removed", "4", "4", "Inspections"),
    ]
    assert "inner channel only" in rows[0][4] and "outer channels" in rows[0][5]
    assert rows[1][4] is None and rows[4][5] is None


def test_versions_canned_query_lists_the_diff(versions_db):
    query = next(q for q in load_queries() if "clause_diffs" in q.sql)
    found = sqlite3.connect(versions_db).execute(query.sql, {"document": "harbor-services-agreement-v2"}).fetchall()
    assert len(found) == 5


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # identical versions: nothing to report
        ([("1", "Scope", "Scope. A.")], [("1", "Scope", "Scope. A.")], []),
        # a clause inserted first renumbers the rest: one added, the rest moved, none changed
        ([("1", None, "A."), ("2", None, "B.")], [("1", None, "New."), ("2", None, "A."), ("3", None, "B.")], ["added", "moved", "moved"]),
        # reworded in place without a title: matched by path
        ([("1", None, "A.")], [("1", None, "A, amended.")], ["changed"]),
    ],
)
def test_versions_diff_matches_clauses_by_text_then_path_then_title(old, new, expected):
    def clauses(rows, prefix):
        return [ClauseText(f"{prefix}{p}", p, t, f"{p}. {text}", text) for p, t, text in rows]

    assert [d.change for d in diff("new", "old", clauses(old, "o"), clauses(new, "n"))] == expected
