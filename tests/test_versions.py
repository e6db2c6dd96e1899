"""Versions: a document that supersedes another gets a clause-level diff, browsable and asked by a canned query."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.datasette.queries import load_queries
from kb.pipeline.build import build
from kb.pipeline.versions import ClauseText, diff, diff_pieces, word_diff
from tests.conftest import FIXTURES

QUERY = next(q for q in load_queries() if q.name == "clause_changes_between_versions")


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


def test_versions_word_diff_marks_exactly_the_changed_words(versions_db):
    rows = sqlite3.connect(versions_db).execute(
        "SELECT diff, old_text, new_text FROM clause_diffs WHERE document_id = 'harbor-services-agreement-v2' ORDER BY rowid"
    ).fetchall()
    assert [r[0] for r in rows] == [
        "(a) Pilotage covers the inner [-channel only-]{+and outer channels+}.",  # the words between two changes are one change
        "{+2. Safety. Tideway certifies every pilot each year.+}",  # added: one insertion
        "[-2-]{+3+}. Fees. The Authority pays a fixed monthly fee.",  # moved: the number alone
        "[-3-]{+4+}. Records. Tideway keeps a log of every pilotage job for [-two-]{+five+} years.",
        "[-4. Inspections. The Authority may inspect the log once a quarter.-]",  # removed: one deletion
    ]
    for marked, old, new in rows:
        pieces = diff_pieces(marked)
        assert "".join(text for kind, text in pieces if kind != "-") == (new or "")
        assert "".join(text for kind, text in pieces if kind != "+") == (old or "")


@pytest.mark.parametrize(
    "old, new, expected",
    [
        # one word replaced; punctuation and spacing kept exactly
        ("for two years.", "for five years.", "for [-two-]{+five+} years."),
        # a word added, with the space it brings
        ("notice of hours.", "notice of four hours.", "notice of {+four +}hours."),
        # a line break changed to a space is a change of whitespace, shown as such
        ("a\n   b", "a b", "a[-\n   -]{+ +}b"),
        # text that reads as the marks is escaped, so it reads back
        ("see [-x-] here", "see {+y+} here", "see [-\\[-x\\-]-]{+\\{+y\\+}+} here"),
        # a removed "[" right before the closing mark, and a backslash of the text
        ("a [", "a \\", "a [-\\[-]{+\\\\+}"),
        # nothing changed
        ("Same.", "Same.", "Same."),
    ],
)
def test_versions_word_diff_cases(old, new, expected):
    assert word_diff(old, new) == expected
    pieces = diff_pieces(expected)
    assert "".join(text for kind, text in pieces if kind != "-") == new
    assert "".join(text for kind, text in pieces if kind != "+") == old


@given(st.text(alphabet="ab [-]{+}\\.\n", max_size=20), st.text(alphabet="ab [-]{+}\\.\n", max_size=20))
def test_versions_word_diff_reads_back_any_text(old, new):
    pieces = diff_pieces(word_diff(old, new))
    assert "".join(text for kind, text in pieces if kind != "-") == new
    assert "".join(text for kind, text in pieces if kind != "+") == old


@pytest.mark.parametrize(
    "document",
    [
        "harbor-services-agreement-v2",  # the newer version's id
        "harbor-services-agreement-v1",  # the older one's: the same changes
        "harbor services agreement (amendment 1)",  # a title, in any case
        "  Harbor Services Agreement ",  # the older one's title, with spaces around it
        "",  # none: every pair of versions (the home page's link asks so)
    ],
)
def test_versions_canned_query_takes_either_version_by_id_or_title(versions_db, document):
    conn = sqlite3.connect(versions_db)
    conn.row_factory = sqlite3.Row
    found = [dict(r) for r in conn.execute(QUERY.sql, {"document": document})]
    assert [(r["newer"], r["older"]) for r in found] == [("harbor-services-agreement-v2", "harbor-services-agreement-v1")] * 5
    assert [r["change"] for r in found] == ["changed", "added", "moved", "changed", "removed"]
    assert found[0]["diff"] == "(a) Pilotage covers the inner [-channel only-]{+and outer channels+}."
    assert found[0]["designation"] == conn.execute("select designation from clauses where text like '(a) Pilotage covers the inner and%'").fetchone()[0]
    assert all(r["note"] is None for r in found)


def test_versions_canned_query_explains_when_there_is_nothing_to_show(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "original.md").write_text((FIXTURES / "versions" / "original.md").read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "same.md").write_text(
        (FIXTURES / "versions" / "original.md").read_text(encoding="utf-8")
        .replace("id: harbor-services-agreement-v1", "id: harbor-copy\nsupersedes: harbor-services-agreement-v1"),
        encoding="utf-8",
    )
    (corpus / "lone.md").write_text("---\nid: lone\ntitle: A Lone Memo\n---\n# A Lone Memo\n\n1. Scope. Nothing else.\n", encoding="utf-8")
    (corpus / "gone.md").write_text("---\nid: gone-newer\nsupersedes: gone-doc\n---\n1. Scope. Other words.\n", encoding="utf-8")
    build(corpus, tmp_path / "kb.db")
    conn = sqlite3.connect(tmp_path / "kb.db")

    def notes(document):
        return [(r[0], r[1], r[-1]) for r in conn.execute(QUERY.sql, {"document": document})]

    # a document no other supersedes and that supersedes none
    assert notes("a lone memo") == [("lone", None, "lone has no other version: no document's front matter says `supersedes: lone`, and its own names none.")]
    # one whose older version is not in the corpus
    assert notes("gone-newer") == [("gone-newer", None, (
        "gone-newer has no other version: no document's front matter says `supersedes: gone-newer`,"
        " and the document its own names (gone-doc) is not in the knowledge base."
    ))]
    # two versions word for word the same: one row says so
    assert notes("harbor-copy") == [("harbor-copy", "harbor-services-agreement-v1", "The two versions have the same clauses, word for word and number for number.")]
    # no such document
    assert notes("nope") == [(None, None, "No document has the id or title 'nope'.")]
    # none named: every document that names an older version, each with its answer
    assert [row[:2] for row in notes(" ")] == [("gone-newer", None), ("harbor-copy", "harbor-services-agreement-v1")]


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
