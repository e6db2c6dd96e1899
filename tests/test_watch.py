"""``kb watch`` as a user runs it: one resident process that rebuilds on each change and outlives a failed build."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.cli import EXIT_INTERRUPTED, EXIT_OK
from kb.pipeline.build import up_to_date
from kb.pipeline.fingerprint import pipeline_hash
from kb.pipeline.workers import resident_pipeline
from kb.reference import DATA_DIR
from kb.watch import watch
from tests.test_serve import KB, build, wait_for, write_corpus


class Watching:
    """A running ``kb watch`` and the log it writes."""

    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process, self.log = process, log

    def lines(self, text: str) -> int:
        """How many lines of the log hold ``text``; the watcher must still be running."""
        assert self.process.poll() is None, self.log.read_text()
        return sum(text in line for line in self.log.read_text().splitlines())


@pytest.fixture()
def kb_watch(tmp_path: Path) -> Iterator:
    started: list[Watching] = []

    def start(*args: str) -> Watching:
        log = tmp_path / f"watch-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen([str(KB), "watch", *args], stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path)
        started.append(Watching(process, log))
        return started[-1]

    yield start
    for watching in started:
        if watching.process.poll() is None:
            watching.process.kill()
            watching.process.wait()


def titles(db: Path) -> list[str]:
    return [t for (t,) in sqlite3.connect(db).execute("select title from documents order by title")]


def builds(db: Path) -> int:
    return sqlite3.connect(db).execute("select count(*) from builds").fetchone()[0]


def test_watch_builds_then_rebuilds_each_change_and_outlives_a_failed_build(tmp_path, kb_watch):
    corpus, db = write_corpus(tmp_path / "corpus", "Alpha Notice"), tmp_path / "kb.db"
    watching = kb_watch("--corpus", str(corpus), "--db", str(db))
    wait_for(lambda: watching.lines("kb watch: rebuilt") == 1 or None, 30, "first build")
    assert titles(db) == ["Alpha Notice"]
    write_corpus(corpus, "Beta Notice")
    wait_for(lambda: watching.lines("kb watch: rebuilt") == 2 or None, 15, "rebuild after the change")
    assert titles(db) == ["Beta Notice"]
    (corpus / "documents" / "broken.txt").write_bytes(b"ok\n\xff\xfe")
    wait_for(lambda: watching.lines("the build failed (exit 1)") == 1 or None, 15, "failed build reported")
    assert "broken.txt" in watching.log.read_text() and titles(db) == ["Beta Notice"]
    (corpus / "documents" / "broken.txt").unlink()
    write_corpus(corpus, "Gamma Notice")
    wait_for(lambda: watching.lines("kb watch: rebuilt") == 3 or None, 15, "rebuild after the failure")
    assert titles(db) == ["Gamma Notice"]
    watching.process.send_signal(signal.SIGTERM)
    assert watching.process.wait(10) == EXIT_OK


def test_watch_after_changes_builds_only_once_a_file_changed(tmp_path, kb_watch):
    corpus, db = write_corpus(tmp_path / "corpus", "Alpha Notice"), tmp_path / "kb.db"
    build(corpus, db)
    watching = kb_watch("--corpus", str(corpus), "--db", str(db), "--after-changes")
    wait_for(lambda: watching.lines("kb watch: watching") == 1 or None, 30, "watcher ready")
    write_corpus(corpus, "Beta Notice")
    wait_for(lambda: watching.lines("kb watch: rebuilt") == 1 or None, 30, "rebuild after the change")
    assert titles(db) == ["Beta Notice"] and builds(db) == 2  # the test's build and the one after the change
    watching.process.send_signal(signal.SIGINT)
    assert watching.process.wait(10) == EXIT_INTERRUPTED


def test_watch_without_a_documents_folder_is_bad_input(tmp_path):
    result = subprocess.run([str(KB), "watch", "--corpus", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert result.returncode == 1 and "nowhere/documents is not a folder" in result.stderr


def test_watch_resident_pipeline_is_kept_while_the_reference_data_is_unchanged():
    """A resident build reuses its pipeline; a change to the data (a new fingerprint) assembles it again."""
    fingerprint = pipeline_hash(DATA_DIR)
    kept = resident_pipeline(DATA_DIR, fingerprint)
    assert resident_pipeline(DATA_DIR, fingerprint) is kept
    assert resident_pipeline(DATA_DIR, "another fingerprint") is not kept


def test_watch_up_to_date_only_for_the_build_of_the_corpus_as_it_is(tmp_path):
    corpus, db = write_corpus(tmp_path / "corpus", "Alpha Notice"), tmp_path / "kb.db"
    assert not up_to_date(corpus, db)  # no database yet
    build(corpus, db)
    assert up_to_date(corpus, db)
    (corpus / "documents" / "broken.txt").write_bytes(b"ok\n\xff\xfe")
    assert not up_to_date(corpus, db)  # a file the build could not read is never up to date
    (corpus / "documents" / "broken.txt").unlink()
    write_corpus(corpus, "Beta Notice")
    assert not up_to_date(corpus, db)


class Restarted(Exception):
    """Stands for the process being replaced."""


def test_watch_starts_afresh_rather_than_build_on_changed_reference_data(tmp_path):
    """Regression: a resident build kept the patterns it had loaded, and stamped new data's fingerprint on them."""
    corpus = write_corpus(tmp_path / "corpus", "Alpha Notice")
    fingerprints, builds, said = iter(["data as loaded", "data edited"]), [], []

    def restart() -> None:
        raise Restarted

    with pytest.raises(Restarted):
        watch(corpus, tmp_path / "kb.db", lambda: builds.append(1) or EXIT_OK, said.append,
              fingerprint=lambda: next(fingerprints), restart=restart)
    assert builds == [] and said[-1] == "kb watch: the reference data changed; starting afresh"
