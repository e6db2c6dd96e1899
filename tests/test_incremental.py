"""Incremental rebuilds: unchanged documents are kept, not parsed, and the result equals a full build."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from kb.models import Authority
from kb.pipeline.build import build
from kb.pipeline.fingerprint import pipeline_hash
from kb.pipeline.incremental import Produced, produce, remove_stale_temps
from tests.conftest import CORPUS, EXTRA_DOCUMENTS, FIXTURES
from tests.corpora import contents, document, write_corpus


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", 6)


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
    assert contents(db) == contents(full)


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
    """Unchanged documents' nodes, edges and red-line analyses are kept: same tables as a full build."""
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
    incremental, whole = contents(db), contents(full)
    assert incremental["red_line_support"] and incremental["edges"]
    assert incremental == whole


@pytest.mark.parametrize("edit", [
    "remove",  # the first citing document goes: the next one's version of the record is the full build's
    "uncite",  # it stays but no longer cites the case
    "recite",  # it cites the case in its other spelling: its new version wins
])
def test_incremental_shared_record_takes_the_version_a_full_build_gives(tmp_path, parsed, edit):
    """Regression: a rebuild kept the stored version of a shared record after the document that gave it changed.

    A record made from a citation (a case known by its caption) takes the
    version of the first document, in corpus order, that cites it; two
    spellings of one caption give one id and two versions.
    """
    corpus = write_corpus(tmp_path / "corpus", 4)
    docs = corpus / "documents"
    spelled = {
        "doc-0000.md": "\nThe court in Doe v. United States, 123 F.3d 456 (9th Cir. 1999), agreed.\n",
        "doc-0002.md": "\nThe court in Doe v. U.S., 123 F.3d 456 (9th Cir. 1999), agreed.\n",
    }
    for name, extra in spelled.items():
        (docs / name).write_text(document(int(name[4:8]), extra), encoding="utf-8")
    db, full = tmp_path / "kb.db", tmp_path / "full.db"
    build(corpus, db)
    if edit == "remove":
        (docs / "doc-0000.md").unlink()
    else:
        again = "\nNothing else.\n" if edit == "uncite" else spelled["doc-0002.md"]
        (docs / "doc-0000.md").write_text(document(0, again), encoding="utf-8")
    build(corpus, db)
    build(corpus, full)
    names = {name for (name,) in sqlite3.connect(db).execute("SELECT name FROM authorities WHERE id = 'us/case/doe-v-united-states'")}
    assert names == {"Doe v. U.S."}
    assert contents(db) == contents(full)


def test_incremental_rebuilds_in_a_row_equal_full_builds(tmp_path):
    """Three rebuilds in place, each of the one before, on texts of many kinds: each equals a full build."""
    corpus = tmp_path / "corpus" / "documents"
    corpus.mkdir(parents=True)
    sources = sorted((FIXTURES / "authorities").glob("unseen_*.txt"))[:6] + list(EXTRA_DOCUMENTS)
    for path in sources:
        shutil.copy(path, corpus / path.name)
    db = tmp_path / "kb.db"
    build(corpus.parent, db)
    names = sorted(p.name for p in corpus.iterdir())
    rounds = [
        lambda: (corpus / names[0]).unlink(),  # the first document goes
        lambda: (corpus / names[3]).write_text(  # one is rewritten to cite what another cites
            (corpus / names[3]).read_text(encoding="utf-8") + "\nSee also Katz v. United States, 389 U.S. 347 (1967).\n",
            encoding="utf-8"),
        lambda: shutil.copy(sources[0], corpus / "aa_back_first.txt"),  # the first returns under a new name
    ]
    for n, edit in enumerate(rounds):
        edit()
        summary = build(corpus.parent, db)
        assert summary.reused >= len(names) - 3, summary
        full = tmp_path / f"full-{n}.db"
        build(corpus.parent, full)
        assert contents(db) == contents(full), f"round {n}"


def test_incremental_kept_red_line_names_a_shared_record_as_a_full_build_does(tmp_path):
    """Regression: a kept document's red-line support kept the label of a shared record's old version.

    doc-0003 stays unchanged; its red line rests on a case whose stored
    version came from doc-0000. When doc-0000 goes, doc-0001's spelling is
    the case's version, and the support row must name the case that way.
    """
    corpus = write_corpus(tmp_path / "corpus", 4)
    docs = corpus / "documents"
    extras = {
        0: "\nThe court in Doe v. United States, 123 F.3d 456 (9th Cir. 1999), agreed.\n",
        1: "\nThe court in Doe v. U.S., 123 F.3d 456 (9th Cir. 1999), agreed.\n",
        3: "\nOur models will not be used to direct autonomous weapons, consistent with Doe v. U.S., 123 F.3d 456 (9th Cir. 1999).\n",
    }
    for i, extra in extras.items():
        (docs / f"doc-{i:04d}.md").write_text(document(i, extra), encoding="utf-8")
    db, full = tmp_path / "kb.db", tmp_path / "full.db"
    build(corpus, db)
    (docs / "doc-0000.md").unlink()
    summary = build(corpus, db)
    assert "doc-0003" not in {d for (d,) in sqlite3.connect(db).execute(
        "SELECT document_id FROM changes WHERE build_id = 2 AND document_id IS NOT NULL")}
    assert summary.reused >= 1
    build(corpus, full)
    labels = sqlite3.connect(db).execute("SELECT target_label FROM red_line_support WHERE document_id = 'doc-0003'").fetchall()
    assert labels == [("Doe v. U.S.",)]
    assert contents(db) == contents(full)


def test_incremental_produce_holds_only_the_first_producers_version():
    """Regression: every producer's version of a shared record was held to the end of the build (17 KB a document)."""
    first, later = Authority(id="us/act/x", name="As the first wrote it", kind="statute"), Authority(id="us/act/x", name="Later", kind="statute")
    produced: Produced = {}
    produce(produced, 5, [later])  # parsed first, but later in corpus order (a document parsed again)
    produce(produced, 2, [first])
    produce(produced, 7, [later])
    assert produced == {("authorities", "us/act/x"): (2, first)}


def test_incremental_pipeline_is_assembled_while_the_previous_database_copies(corpus, tmp_path, monkeypatch):
    from kb.pipeline import incremental, workers

    db = tmp_path / "kb.db"
    build(corpus, db)
    (corpus / "documents" / "doc-0002.md").write_text(document(2, "\nOne more paragraph.\n"), encoding="utf-8")
    events: list[str] = []
    copy, assemble = incremental.shutil.copyfile, workers.build_pipeline

    def slow_copy(source, target):
        events.append("copy starts")
        time.sleep(0.5)
        events.append("copy ends")
        return copy(source, target)

    def assembling(data_dir):
        events.append("pipeline")
        return assemble(data_dir)

    monkeypatch.setattr(incremental.shutil, "copyfile", slow_copy)
    monkeypatch.setattr(workers, "build_pipeline", assembling)
    workers.resident_pipeline.cache_clear()
    summary = build(corpus, db)
    assert summary.extracted == 1
    assert events.index("pipeline") < events.index("copy ends")


def test_incremental_copy_is_finished_before_a_failure_beside_it_propagates(tmp_path):
    from kb.pipeline.incremental import Previous, copy_previous

    source = tmp_path / "previous.db"
    sqlite3.connect(source).execute("create table t (x)").connection.commit()
    previous = Previous(path=source, build_id=1, pipeline_hash="", document_tables=(), documents={})

    def failing() -> None:
        raise RuntimeError("the pipeline could not be assembled")

    with pytest.raises(RuntimeError, match="could not be assembled"):
        copy_previous(previous, tmp_path / "copy.db", failing)
    assert (tmp_path / "copy.db").read_bytes() == source.read_bytes()
