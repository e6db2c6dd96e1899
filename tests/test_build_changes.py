"""The change report: a ``builds`` row per build and its differences from the previous one in ``changes``."""

from __future__ import annotations

import json
import sqlite3

from kb.cli import EXIT_OK, build_command
from kb.pipeline.build import build
from tests.corpora import document, write_corpus


def rows(db, sql, *params):
    return sqlite3.connect(db).execute(sql, params).fetchall()


def test_build_changes_records_each_build_with_counts(tmp_path):
    corpus, db = write_corpus(tmp_path / "corpus", 3), tmp_path / "kb.db"
    build(corpus, db)
    build(corpus, db)
    history = rows(db, "SELECT id, documents, extracted, reused, clauses, counts, corpus_hash FROM builds ORDER BY id")
    assert [(r[0], r[1], r[2], r[3]) for r in history] == [(1, 3, 3, 0), (2, 3, 0, 3)]
    assert history[0][4] == json.loads(history[0][5])["clauses"] > 0
    assert history[0][6] == history[1][6]  # same corpus, same hash


def test_build_changes_lists_what_changed_since_the_previous_build(tmp_path):
    corpus, db = write_corpus(tmp_path / "corpus", 3), tmp_path / "kb.db"
    build(corpus, db)
    docs = corpus / "documents"
    (docs / "doc-0000.md").write_text(document(0).replace("once a year", "twice a year"), encoding="utf-8")
    (docs / "doc-0001.md").unlink()
    (docs / "doc-0009.md").write_text(document(9), encoding="utf-8")
    summary = build(corpus, db)
    found = set(rows(db, "SELECT change, kind, document_id FROM changes WHERE build_id = 2 AND kind = 'document'"))
    assert found == {("changed", "document", "doc-0000"), ("removed", "document", "doc-0001"), ("added", "document", "doc-0009")}
    edited = rows(db, "SELECT change, text FROM changes WHERE build_id = 2 AND kind = 'clause' AND document_id = 'doc-0000' ORDER BY change")
    assert [c for c, _ in edited] == ["added", "removed"]
    assert "twice a year" in edited[0][1] and "once a year" in edited[1][1]
    cited = set(rows(db, "SELECT change, item_id FROM changes WHERE build_id = 2 AND kind = 'authority'"))
    assert cited == {("newly_cited", "us/usc/t42/s1009"), ("no_longer_cited", "us/usc/t42/s1001")}
    assert "1 added, 1 changed, 1 removed" in str(summary) and "1 newly cited" in str(summary)
    assert rows(db, "SELECT count(*) FROM changes WHERE build_id = 1")[0][0] == 3  # history is kept


def test_build_changes_unchanged_corpus_reports_no_changes(tmp_path, capsys):
    corpus, db = write_corpus(tmp_path / "corpus", 2), tmp_path / "kb.db"
    build(corpus, db)
    assert build_command(["--corpus", str(corpus), "--db", str(db)]) == EXIT_OK
    assert "no changes since build 1" in capsys.readouterr().out
    assert rows(db, "SELECT count(*) FROM changes WHERE build_id = 2")[0][0] == 0
