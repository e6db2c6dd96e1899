"""Serving that stays true: Datasette as a child process, restarted whenever the build replaces the database.

Datasette opens the database immutable, so it keeps reading the file it
opened; a build writes a new file and renames it over the old one, and a
server left alone would go on serving the deleted old file. ``serve`` runs
Datasette in its own process group, watches the file's identity and restarts
the server on the same address once a rebuilt file has settled. With a corpus
to watch it also runs a resident build (``kb.watch``) that rebuilds when a
file under the corpus changes, and the file watcher then serves what it wrote. SIGTERM and Ctrl-C stop
everything it started, so the port is free the moment it exits.
"""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from types import TracebackType

from kb.datasette.config import datasette_args

POLL_SECONDS = 1.0
"""How often the database (and the corpus, when watched) is looked at: a rebuild is served within a few seconds."""

STOP_SECONDS = 5.0
"""How long a child has to exit once asked to stop before it is killed."""

WATCH = "import sys; from kb.cli import watch_command; sys.exit(watch_command(sys.argv[1:]))"
"""The resident build (``kb watch``), run with ``python -c`` so that it works wherever the package is installed."""

Identity = tuple[int, int, int]
"""A file as (inode, size, mtime_ns): a rename over it changes the inode, a write in place the size or time."""


def file_identity(path: Path) -> Identity | None:
    """The file's identity, or None while there is no file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def corpus_state(folder: Path) -> frozenset[tuple[str, int, int]]:
    """Every file under ``folder`` as (relative path, size, mtime_ns), hidden ones left out as the loader leaves them.

    Editors' swap and backup files are hidden, so saving a document starts
    one build, not one per temporary file.
    """
    state = set()
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        try:
            info = path.stat()
        except FileNotFoundError:  # removed while we looked: the next poll sees it gone
            continue
        if stat.S_ISREG(info.st_mode):
            state.add((str(relative), info.st_size, info.st_mtime_ns))
    return frozenset(state)


def openable(path: Path) -> bool:
    """Whether SQLite can read ``path``'s schema: a file caught half-written is not served."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return True


def start(command: list[str]) -> subprocess.Popen[bytes]:
    """Start a child in its own process group, so that stopping the group stops all it started and Ctrl-C reaches us alone."""
    return subprocess.Popen(command, process_group=0)


def stop(process: subprocess.Popen[bytes], signum: int = signal.SIGTERM) -> None:
    """Stop a child's process group: ``signum``, then SIGKILL after ``STOP_SECONDS``; return once the child is reaped.

    Args:
        signum: SIGTERM for Datasette; SIGINT for a build, which then removes
            its temporary file and leaves the database as it was.
    """
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signum)
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:  # it exited between the poll and the signal
        process.wait()


def exit_code(returncode: int) -> int:
    """A child's return code as a shell reports it: a death by signal N is 128 + N."""
    return 128 - returncode if returncode < 0 else returncode


class Signals:
    """SIGTERM and SIGINT delivered as bytes on a pipe, so the poll loop wakes at once and stops cleanly.

    The handlers do nothing; Python writes each signal's number to the
    wakeup pipe, and ``wait`` reads it. Nothing is raised in the middle of
    starting or stopping a child, so no child is left behind.
    """

    HANDLED = (signal.SIGTERM, signal.SIGINT)

    def __enter__(self) -> Signals:
        self.read_end, self.write_end = os.pipe()
        os.set_blocking(self.read_end, False)
        os.set_blocking(self.write_end, False)
        self.previous = {signum: signal.signal(signum, lambda *_: None) for signum in self.HANDLED}
        self.previous_fd = signal.set_wakeup_fd(self.write_end)
        return self

    def wait(self, timeout: float) -> int | None:
        """Sleep up to ``timeout`` seconds; the first signal received meanwhile, or None."""
        ready, _, _ = select.select([self.read_end], [], [], timeout)
        if not ready:
            return None
        received = [n for n in os.read(self.read_end, 64) if n in self.HANDLED]
        return received[0] if received else None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        signal.set_wakeup_fd(self.previous_fd)
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        os.close(self.read_end)
        os.close(self.write_end)


class Supervisor:
    """One ``kb serve``: the Datasette child, the database it serves and, with ``--watch``, the corpus and its build."""

    def __init__(self, db: Path, host: str, port: int, corpus: Path | None) -> None:
        self.db, self.host, self.port, self.corpus = db, host, port, corpus
        self.served = file_identity(db)
        self.candidate: Identity | None = None
        self.watcher = self.start_watcher(corpus) if corpus else None
        self.server = self.start_datasette()

    def start_datasette(self) -> subprocess.Popen[bytes]:
        """Datasette on the database as it is now, with metadata and queries generated afresh."""
        args = datasette_args(self.db)
        return start([sys.executable, "-m", "datasette", "serve", *args, "--host", self.host, "--port", str(self.port)])

    def check_database(self) -> None:
        """Restart Datasette when a new database has settled: unchanged over two polls and readable by SQLite."""
        current = file_identity(self.db)
        if current is None or current == self.served:
            self.candidate = None
            return
        if current != self.candidate:
            self.candidate = current
            return
        if not openable(self.db):
            return
        stop(self.server)
        self.server = self.start_datasette()
        self.served, self.candidate = current, None
        print(f"kb serve: {self.db} was rebuilt; reloaded Datasette at http://{self.host}:{self.port}/", flush=True)

    def start_watcher(self, corpus: Path) -> subprocess.Popen[bytes]:
        """A resident ``kb watch`` on the corpus, building only after a change (the database served is the last build)."""
        return start([sys.executable, "-c", WATCH, "--corpus", str(corpus), "--db", str(self.db), "--after-changes"])

    def check_watcher(self, corpus: Path) -> None:
        """Start the watcher again should it have ended (it reports its own builds, failed ones included)."""
        assert self.watcher is not None
        returncode = self.watcher.poll()
        if returncode is not None:
            print(f"kb serve: the corpus watcher ended (exit {exit_code(returncode)}); starting it again", flush=True)
            self.watcher = self.start_watcher(corpus)

    def run(self, signals: Signals) -> int:
        """Poll until a signal or the server's own exit; stop every child either way.

        Returns:
            0 after SIGTERM, or Datasette's exit code if it ended on its own.

        Raises:
            KeyboardInterrupt: after SIGINT (Ctrl-C), once every child is stopped.
        """
        try:
            while True:
                received = signals.wait(POLL_SECONDS)
                if received == signal.SIGINT:
                    raise KeyboardInterrupt
                if received == signal.SIGTERM:
                    return 0
                returncode = self.server.poll()
                if returncode is not None:
                    return exit_code(returncode)
                if self.corpus is not None:
                    self.check_watcher(self.corpus)
                self.check_database()
        finally:
            stop(self.server)
            if self.watcher is not None:
                stop(self.watcher, signal.SIGINT)


def serve(db: Path, host: str, port: int, corpus: Path | None = None) -> int:
    """Serve ``db`` in Datasette at ``host:port`` until stopped, serving each rebuild of it within a few seconds.

    Args:
        corpus: also rebuild ``db`` from this folder whenever a file under it changes.

    Returns:
        0 after SIGTERM, or Datasette's exit code if it ended on its own.

    Raises:
        KeyboardInterrupt: after Ctrl-C, once Datasette (and a running build) are stopped.
    """
    with Signals() as signals:
        return Supervisor(db, host, port, corpus).run(signals)
