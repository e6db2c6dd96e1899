"""``kb serve`` as a user runs it: real processes on a free port, a rebuild served, signals that free the port.

Each test starts the real command on a database built from a one-document
corpus and polls with deadlines; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from kb.cli import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, build_command, main
from kb.serve import corpus_state

KB = Path(sys.executable).parent / "kb"
"""The installed ``kb`` script (``[project.scripts]``), beside the interpreter running the tests."""

T = TypeVar("T")


def write_corpus(folder: Path, title: str) -> Path:
    """A corpus of one document titled ``title``; returns ``folder``."""
    (folder / "documents").mkdir(parents=True, exist_ok=True)
    (folder / "documents" / "note.md").write_text(
        f"---\ntitle: {title}\n---\n# {title}\n\nThe Provider follows 50 U.S.C. § 1801.\n", encoding="utf-8"
    )
    return folder


def build(corpus: Path, db: Path) -> None:
    assert build_command(["--corpus", str(corpus), "--db", str(db), "--quiet"]) == EXIT_OK


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(probe: Callable[[], T | None], seconds: float, what: str) -> T:
    """Poll ``probe`` until it returns something other than None, failing after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value is not None:
            return value
        time.sleep(0.1)
    pytest.fail(f"no {what} within {seconds}s")


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class Served:
    """A running ``kb serve``: its process, port and the log it writes (stdout and stderr)."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path
    first_children: list[int] = field(default_factory=list)

    def titles(self) -> list[str] | None:
        """The document titles the server answers with, or None while it does not answer."""
        try:
            response = httpx.get(f"http://127.0.0.1:{self.port}/kb.json",
                                 params={"sql": "select title from documents order by title", "_shape": "array"})
        except httpx.TransportError:
            return None
        return [row["title"] for row in response.json()] if response.status_code == 200 else None

    def serves(self, title: str) -> bool | None:
        """True once the server answers with ``title``; the server must still be running."""
        assert self.process.poll() is None, self.log.read_text()
        return True if self.titles() == [title] else None

    def logged(self, text: str) -> bool | None:
        return True if text in self.log.read_text() else None


@pytest.fixture()
def kb_serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start ``kb serve --db DB --port PORT *extra`` and wait until it answers; stopped (and its children killed) afterwards."""
    started: list[Served] = []

    def start(db: Path, *extra: str) -> Served:
        port, log = free_port(), tmp_path / f"serve-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen([str(KB), "serve", "--db", str(db), "--port", str(port), *extra],
                                       stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path)
        served = Served(process, port, log)
        started.append(served)
        wait_for(lambda: served.titles() if served.process.poll() is None else pytest.fail(log.read_text()), 10, "answer")
        served.first_children = children(process.pid)
        return served

    yield start
    for served in started:
        left = {*served.first_children, *children(served.process.pid)}
        served.process.terminate()
        try:
            served.process.wait(10)
        except subprocess.TimeoutExpired:
            served.process.kill()
            served.process.wait()
        for pid in left:  # what a kb serve that failed to stop its children left behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_serve_reloads_a_rebuilt_database(tmp_path, kb_serve):
    """Regression: Datasette kept serving the deleted file a rebuild had renamed over, and said nothing."""
    corpus, db = write_corpus(tmp_path / "corpus", "Alpha Notice"), tmp_path / "kb.db"
    build(corpus, db)
    served = kb_serve(db)
    assert served.titles() == ["Alpha Notice"]
    build(write_corpus(corpus, "Beta Notice"), db)
    # waiting for the reload, not the title: an unrestarted Datasette opens the new file in a fresh worker
    # thread now and then, and answers from the old and new files by turns
    wait_for(lambda: served.logged("reloaded"), 10, "reload")
    wait_for(lambda: served.serves("Beta Notice"), 10, "rebuilt database served")
    assert [served.titles() for _ in range(5)] == [["Beta Notice"]] * 5
    reloads = [line for line in served.log.read_text().splitlines() if line.startswith("kb serve:")]
    assert len(reloads) == 1 and "reloaded" in reloads[0] and str(db) in reloads[0]


@pytest.mark.parametrize("signum, code", [
    (signal.SIGTERM, EXIT_OK),  # a service manager stopping it
    (signal.SIGINT, EXIT_INTERRUPTED),  # Ctrl-C
])
def test_serve_signal_stops_every_child_and_frees_the_port(tmp_path, kb_serve, signum, code):
    """Regression: SIGTERM left the Datasette child holding the port ("address already in use" next start)."""
    db = tmp_path / "kb.db"
    build(write_corpus(tmp_path / "corpus", "Alpha Notice"), db)
    served = kb_serve(db)
    datasette = children(served.process.pid)
    assert len(datasette) == 1
    served.process.send_signal(signum)
    assert served.process.wait(10) == code
    with socket.socket() as s:  # bound the way a server binds, so only a listener still holding the port refuses
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", served.port))
    assert not group_alive(datasette[0])


def test_serve_exits_with_the_code_of_a_datasette_that_died(tmp_path, kb_serve):
    db = tmp_path / "kb.db"
    build(write_corpus(tmp_path / "corpus", "Alpha Notice"), db)
    served = kb_serve(db)
    (datasette,) = children(served.process.pid)
    os.kill(datasette, signal.SIGKILL)
    assert served.process.wait(10) == 128 + signal.SIGKILL


def test_serve_watch_rebuilds_on_a_corpus_change_and_survives_a_failed_build(tmp_path, kb_serve):
    corpus, db = write_corpus(tmp_path / "corpus", "Alpha Notice"), tmp_path / "kb.db"
    build(corpus, db)
    served = kb_serve(db, "--watch", "--corpus", str(corpus))
    (corpus / "documents" / "broken.txt").write_bytes(b"ok\n\xff\xfe")
    wait_for(lambda: served.logged("build failed"), 10, "failed build reported")
    assert "broken.txt" in served.log.read_text() and served.titles() == ["Alpha Notice"]
    (corpus / "documents" / "broken.txt").unlink()
    write_corpus(corpus, "Beta Notice")
    wait_for(lambda: served.logged("reloaded"), 15, "reload")
    wait_for(lambda: served.serves("Beta Notice"), 10, "rebuilt corpus served")


def test_serve_corpus_without_watch_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--db", str(tmp_path / "kb.db"), "--corpus", str(tmp_path)])
    assert stopped.value.code == EXIT_USAGE and "--corpus needs --watch" in capsys.readouterr().err


def test_serve_corpus_state_sees_edits_but_not_hidden_files(tmp_path):
    corpus = write_corpus(tmp_path, "Alpha Notice")
    before = corpus_state(corpus)
    (corpus / "documents" / ".note.md.swp").write_text("editor's swap file", encoding="utf-8")
    assert corpus_state(corpus) == before
    write_corpus(corpus, "Beta Notice, a longer title")
    assert corpus_state(corpus) != before
