"""A progress bar for long builds, on the terminal only.

The bar appears once a build has run for ``DELAY_SECONDS``, so quick
rebuilds print nothing but their summary; it is transient (erased when the
build ends) and drawn on standard error, so the summary on standard output
stays clean for scripts.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

DELAY_SECONDS = 2.0
"""Builds finishing sooner never show a bar."""


class ProgressBar:
    """Call it with ``(done, total)`` after each document; use it as a context manager.

    Args:
        enabled: False for ``--quiet``; the bar is also off when standard
            error is not a terminal.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.began = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.progress is None:
            if time.monotonic() - self.began < DELAY_SECONDS:
                return
            self.progress = Progress(
                TextColumn("building"), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
                TimeRemainingColumn(), console=Console(stderr=True), transient=True,
            )
            self.progress.start()
            self.task = self.progress.add_task("documents", total=total)
        if self.task is not None:
            self.progress.update(self.task, completed=done, total=total)

    def __enter__(self) -> ProgressBar:
        self.began = time.monotonic()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self.progress is not None:
            self.progress.stop()
