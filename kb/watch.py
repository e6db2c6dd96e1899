"""A resident build: one process that rebuilds the database whenever a file under the corpus changes.

A build from a fresh process spends a second starting Python, importing
spaCy and eyecite and compiling the patterns, which is most of what a rebuild
after one edited document costs. ``watch`` pays that once: it stays up, keeps
the pattern data and the spaCy pipeline loaded (``kb.pipeline.workers``
reuses the pipeline while the reference data is unchanged), and runs the same
build in this process, which parses only what changed and writes the new
database beside the old one before renaming it over, as every build does.
``kb serve --watch`` runs one as its child, so the server picks each rebuild up.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

from kb.exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED
from kb.serve import POLL_SECONDS, Signals, corpus_state

Build = Callable[[], int]
"""One build of the watched corpus, returning the build command's exit code."""


def watch(corpus: Path, db: Path, build: Build, say: Callable[[str], None],
          up_to_date: Callable[[], bool] = lambda: False,
          fingerprint: Callable[[], str] = lambda: "", restart: Callable[[], None] = lambda: None) -> int:
    """Build now (unless the database is ``up_to_date``), then again after every change under ``corpus``, until SIGTERM or Ctrl-C.

    A failed build is reported and the previous database stays as it was; the
    next change builds again. Changes made during a build are seen by the poll
    after it, since the corpus is looked at before each build starts.

    Args:
        build: runs the build once (``kb.cli.build_command`` with the watch's arguments).
        say: where one line per build goes.
        up_to_date: whether the database is the build of the corpus as it is
            (``kb.pipeline.build.up_to_date``), asked once on starting, after
            the corpus is first looked at, so no change slips between the two.
        fingerprint: the reference data's fingerprint (``pipeline_hash``),
            asked before each build.
        restart: replaces this process with a fresh watcher, called instead of
            a build once the fingerprint moved: the loaders of patterns and
            curated records keep what they read for the life of the process,
            so a build in it would stamp new data's fingerprint on old rules.

    Returns:
        0 after SIGTERM.

    Raises:
        KeyboardInterrupt: after Ctrl-C, between builds (one interrupted mid-way
            has already left the database unchanged).
    """
    state = corpus_state(corpus)
    loaded = fingerprint()
    built = state if up_to_date() else None
    say(f"kb watch: watching {corpus} for changes; building {db}")
    while True:
        state = corpus_state(corpus)
        if state != built:
            if fingerprint() != loaded:
                say("kb watch: the reference data changed; starting afresh")
                restart()
            built = state
            began = time.perf_counter()
            code = build()
            if code == EXIT_INTERRUPTED:
                raise KeyboardInterrupt
            say(f"kb watch: {_verdict(code)} {db} in {time.perf_counter() - began:.2f} s")
        with Signals() as signals:  # only between builds: Ctrl-C during one interrupts it cleanly
            received = signals.wait(POLL_SECONDS)
        if received == signal.SIGINT:
            raise KeyboardInterrupt
        if received == signal.SIGTERM:
            return 0


def _verdict(code: int) -> str:
    """What a build's exit code means for the database."""
    if code == EXIT_OK:
        return "rebuilt"
    if code == EXIT_SKIPPED:
        return "rebuilt, skipping bad documents,"
    return f"the build failed (exit {code}); still the previous"
