"""Incremental rebuilds: unchanged documents are copied, not parsed, and the result equals a full build."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kb import workers
from kb.incremental import pipeline_hash, remove_stale_temps
from kb.pipeline import build
from tests.conftest import CORPUS, EXTRA_DOCUMENTS
from tests.corpora import document, dump, write_corpus


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", 6)


@pytest.fixture()
def parsed(monkeypatch) -> list[str]:
    """Ids of the documents extraction is run on."""
    seen: list[str] = []
    real = workers.extract

    def counting(document, nlp, data_dir):
        seen.append(document.id)
        return real(document, nlp, data_dir)

    monkeypatch.setattr(workers, "extract", counting)
    return seen


def test_incremental_unchanged_documents_are_not_parsed_again(corpus, tmp_path, parsed):
    db = tmp_path / "kb.db"
    build(corpus, db)
    assert len(parsed) == 6
    (corpus / "documents" / "doc-0002.md").write_text(document(2, "\nOne more paragraph.\n"), encoding="utf-8")
    summary = build(corpus, db)
    assert parsed[6:] == ["doc-0002"]
    assert (summary.extracted, summary.reused) == (1, 5)


def test_incremental_rebuild_equals_a_full_build(corpus, tmp_path):
    db, full = tmp_path / "kb.db", tmp_path / "full.db"
    build(corpus, db)
    docs = corpus / "documents"
    (docs / "doc-0001.md").write_text(document(1, "\n4. Term. The agreement lasts a year.\n"), encoding="utf-8")
    (docs / "doc-0003.md").unlink()
    (docs / "doc-0000a.md").write_text(document(50), encoding="utf-8")  # sorts between two unchanged documents
    build(corpus, db)
    build(corpus, full)
    assert dump(db) == dump(full)


def test_incremental_removing_a_document_removes_everything_derived_from_it(corpus, tmp_path):
    db = tmp_path / "kb.db"
    build(corpus, db)
    (corpus / "documents" / "doc-0004.md").unlink()
    build(corpus, db)
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%document_id%'")]
    assert "clauses" in tables and "mentions" in tables
    for table in tables:
        if table != "changes":
            assert conn.execute(f'SELECT count(*) FROM "{table}" WHERE document_id = ?', ("doc-0004",)).fetchone()[0] == 0, table
    authorities = {r[0] for r in conn.execute("SELECT id FROM authorities WHERE curated = 0")}
    assert "us/usc/t42/s1004" not in authorities  # cited by the removed document only
    assert {"us/usc/t42/s1003", "us/usc/t50/s3093"} <= authorities  # still cited by unchanged documents


def test_incremental_pipeline_change_reprocesses_every_document(tmp_path, parsed):
    data = tmp_path / "data"
    shutil.copytree(CORPUS, data, ignore=shutil.ignore_patterns("documents"))
    corpus = write_corpus(tmp_path / "corpus", 3)
    db = tmp_path / "kb.db"
    before = pipeline_hash(data)
    build(corpus, db, data)
    structure = data / "patterns" / "structure.json"
    structure.write_text(structure.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pipeline_hash(data) != before
    summary = build(corpus, db, data)
    assert (summary.extracted, summary.reused, len(parsed)) == (3, 0, 6)


def test_incremental_stale_temp_file_of_a_dead_build_is_removed(tmp_path):
    db = tmp_path / "kb.db"
    stale = tmp_path / ".kb.db.tmp-999999999"
    stale.write_bytes(b"half a database")
    assert remove_stale_temps(db) == [stale]
    assert not stale.exists()


def test_incremental_graph_and_red_line_analyses_equal_a_full_build(tmp_path):
    """The graph stage copies unchanged documents' nodes, edges and red-line analyses: same tables as a full build."""
    corpus = tmp_path / "corpus" / "documents"
    corpus.mkdir(parents=True)
    for path in [*sorted((CORPUS / "documents").iterdir()), *EXTRA_DOCUMENTS]:
        shutil.copy(path, corpus / path.name)
    db, full = tmp_path / "kb.db", tmp_path / "full.db"
    build(corpus.parent, db)
    memo = corpus / "government_memo.md"
    memo.write_text(memo.read_text(encoding="utf-8") + "\nComponents shall not use AI to target journalists.\n", encoding="utf-8")
    summary = build(corpus.parent, db)
    assert summary.extracted == 1
    build(corpus.parent, full)
    incremental, whole = dump(db), dump(full)
    assert incremental["red_line_support"] and incremental["edges"]
    assert incremental == whole
