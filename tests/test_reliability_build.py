"""Build reliability: bounded memory on dense documents, no orphaned workers, serialised builds, clean write failures."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

import kb.pipeline.build as build_module
from kb.pipeline.build import build
from tests.conftest import ROOT
from tests.corpora import document, write_corpus

CITATION = "50 U.S.C. § 1801 "


def _dense(size: int) -> str:
    """A document of about ``size`` characters that is one long sentence of citations."""
    return "# Dense\n\n" + CITATION * (size // len(CITATION)) + "\n"


def _change_report_peak(folder: Path, size: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Peak Python memory of the change report when rebuilding an edited dense document of ``size`` characters."""
    documents = folder / "corpus" / "documents"
    documents.mkdir(parents=True)
    db = folder / "kb.db"
    (documents / "dense.md").write_text(_dense(size), encoding="utf-8")
    build(folder / "corpus", db)
    (documents / "dense.md").write_text("Edited. " + _dense(size), encoding="utf-8")
    peaks: list[int] = []
    report = build_module.changes

    def measured(*args, **kwargs):
        tracemalloc.start()
        try:
            return report(*args, **kwargs)
        finally:
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()

    monkeypatch.setattr(build_module, "changes", measured)
    summary = build(folder / "corpus", db)
    monkeypatch.undo()
    assert summary.extracted == 1 and peaks
    return peaks[0]


def test_reliability_build_change_report_memory_grows_linearly_with_dense_documents(tmp_path, monkeypatch):
    small = _change_report_peak(tmp_path / "small", 20_000, monkeypatch)
    large = _change_report_peak(tmp_path / "large", 100_000, monkeypatch)
    # five times the text: about five times the memory when linear, twenty-five times when quadratic
    assert large < 10 * small, f"change report peak {small / 1e6:.1f} MB at 20 KB, {large / 1e6:.1f} MB at 100 KB"
    assert large < 50_000_000


def _children(pid: int) -> set[int]:
    """Processes whose parent is ``pid``, from /proc."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(p) for p in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by its new parent, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_reliability_build_workers_die_with_a_killed_parent(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 200, repeat=30)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(tmp_path / "kb.db"), "--jobs", "2", "--quiet"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            workers = _children(process.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the build never started its workers"
        time.sleep(1.0)  # let the workers get into their pipelines
        assert process.poll() is None, "the build finished before it could be killed; make the corpus larger"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [pid for pid in workers if _alive(pid)] == []
    finally:
        for pid in workers:  # the orphans this test made, if the fix failed
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_reliability_build_concurrent_builds_into_one_database_keep_both_histories(tmp_path, capsys):
    db = tmp_path / "kb.db"
    corpora = [write_corpus(tmp_path / f"corpus{n}", 3, repeat=20) for n in range(2)]
    (corpora[1] / "documents" / "doc-0000.md").write_text(document(0, "\nAn edit.\n"), encoding="utf-8")
    errors: list[BaseException] = []

    def run(corpus: Path) -> None:
        try:
            build(corpus, db)
        except BaseException as exc:  # noqa: BLE001  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(corpus,)) for corpus in corpora]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    conn = sqlite3.connect(db)
    assert [row[0] for row in conn.execute("SELECT id FROM builds ORDER BY id")] == [1, 2]
    assert conn.execute("SELECT count(*) FROM changes WHERE build_id = 1").fetchone()[0] == 3  # the first build's report survives
    conn.close()
    assert "waiting for another build of kb.db to finish" in capsys.readouterr().err
    build(corpora[0], db)  # the lock file left beside the database does not get in the next build's way
    assert sqlite3.connect(db).execute("SELECT count(*) FROM builds").fetchone()[0] == 3


def _limit_file_size(limit: int):
    def limit_then_exec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_then_exec


@pytest.mark.parametrize("edit", ["one", "all"], ids=["copy-previous", "fresh-file"])
def test_reliability_build_write_failure_exits_4_and_leaves_the_database(tmp_path, edit):
    corpus, db = write_corpus(tmp_path / "corpus", 2), tmp_path / "kb.db"
    build(corpus, db)
    before = db.read_bytes()
    # one document edited: the rebuild copies kb.db first; all edited: it writes a new file from scratch
    for i in range(1 if edit == "one" else 2):
        (corpus / "documents" / f"doc-{i:04d}.md").write_text(document(i, "\nAn edit.\n"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--corpus", str(corpus), "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, preexec_fn=_limit_file_size(64 * 1024),
    )
    assert result.returncode == 4, result.stderr
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"error: cannot write {db}: ")
    assert lines[1] == f"nothing written; {db} is unchanged"
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
