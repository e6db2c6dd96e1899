"""Extraction on a Dask cluster: the same tables as a single-process build, and clear errors when the cluster cannot help."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import sys

import dask
import pytest

from kb.cli import EXIT_BAD_INPUT, EXIT_USAGE, build_command
from kb.pipeline import cluster
from kb.pipeline.build import build
from kb.pipeline.workers import extract_documents
from kb.reference import DATA_DIR
from tests.conftest import CORPUS, FIXTURES
from tests.corpora import dump

FIXTURE_DOCUMENTS = ("statute.txt", "executive_order.txt", "blind_memo_ocr.txt", "blog_faq.txt")
"""Labelled documents of other kinds (a statute, an order, an OCR'd memo, a blog FAQ), beside the corpus's own."""

RUN_SPECIFIC = ("started_at", "duration_ms", "jobs")
"""Columns of ``builds`` that differ between two builds of the same corpus: when, how long, with how many workers."""


def _builds(db) -> list[tuple]:
    conn = sqlite3.connect(db)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(builds)") if row[1] not in RUN_SPECIFIC]
    rows = conn.execute(f"SELECT {', '.join(columns)} FROM builds ORDER BY id").fetchall()
    conn.close()
    return rows


def test_cluster_build_on_two_dask_workers_equals_single_process_build(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in [*sorted((CORPUS / "documents").iterdir()), *(FIXTURES / "authorities" / name for name in FIXTURE_DOCUMENTS)]:
        shutil.copy(path, corpus / path.name)
    # one batch in flight per worker, so that results are awaited while others still run
    monkeypatch.setattr(cluster, "IN_FLIGHT", 1)
    one, two = tmp_path / "one.db", tmp_path / "dask.db"
    build(corpus, one)
    summary = build(corpus, two, jobs=2, executor="dask")
    assert summary.extracted == len(FIXTURE_DOCUMENTS) + 1
    # every table in stored order, so rows were written in the same order too
    assert dump(two, skip=("builds",)) == dump(one, skip=("builds",))
    assert _builds(two) == _builds(one)


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(("port", "said"), [
    (None, "cannot reach the Dask scheduler at tcp://127.0.0.1:"),  # a free port: nothing listens there
    ("port", "is not a Dask scheduler address"),  # malformed: refused before connecting
])
def test_cluster_unusable_scheduler_fails_the_build_clearly(tmp_path, capsys, port, said):
    address = f"tcp://127.0.0.1:{port or _unused_port()}"
    db = tmp_path / "kb.db"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = build_command(["--corpus", str(CORPUS), "--db", str(db), "--executor", "dask", "--scheduler", address, "--quiet"])
    assert code == EXIT_BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("error: ") and said in err[0] and err[1:] == [f"nothing written; {db} is unchanged"]
    assert not db.exists()


def test_cluster_without_dask_is_one_line_naming_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed raises ImportError
    db = tmp_path / "kb.db"
    assert build_command(["--corpus", str(CORPUS), "--db", str(db), "--executor", "dask"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Dask is not installed" in err and cluster.INSTALL in err
    assert not db.exists()


@pytest.mark.parametrize("arguments", [
    ["--scheduler", "tcp://127.0.0.1:8786"],  # a scheduler is for the dask executor only
    ["--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--jobs", "2"],  # --jobs sizes a local cluster
])
def test_cluster_options_that_contradict_are_bad_arguments(tmp_path, arguments):
    with pytest.raises(SystemExit) as exit_:
        build_command(["--db", str(tmp_path / "kb.db"), *arguments])
    assert exit_.value.code == EXIT_USAGE


@pytest.mark.parametrize(("data_dir", "fingerprint", "said"), [
    (DATA_DIR, "0" * 64, "other code, reference data or library versions"),  # a worker of another checkout
    (DATA_DIR / "missing", "0" * 64, "no reference data at"),  # a machine without the checkout at that path
])
def test_cluster_worker_refuses_a_build_of_another_pipeline(data_dir, fingerprint, said):
    with pytest.raises(cluster.ClusterError, match=said):
        cluster._worker_pipeline(data_dir, fingerprint)


@pytest.mark.slow
def test_cluster_scale_report_times_every_stage_and_executor(capsys):
    from tools import scale

    assert scale.main(["--documents", "2", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    for name in scale.EXECUTORS:
        assert f"| {name} |" in out, name
    for stage in ("extract", "write rows", "insert_graph", "write_analyses"):
        assert f"| {stage} |" in out, stage
    assert scale.build_module.extract_documents is extract_documents  # the timing wrappers are taken off again
