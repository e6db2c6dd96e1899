"""The progress bar: only on a terminal, only for builds longer than a few seconds."""

from __future__ import annotations

from kb.pipeline import progress
from kb.pipeline.progress import ProgressBar


def test_build_progress_is_off_when_stderr_is_not_a_terminal(capsys):
    with ProgressBar(enabled=True) as bar:
        bar(1, 2)
    assert bar.progress is None and capsys.readouterr().err == ""


def test_build_progress_appears_only_after_the_delay(monkeypatch):
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: True)
    with ProgressBar(enabled=True) as bar:
        bar(1, 10)
        assert bar.progress is None  # a quick build never shows a bar
        bar.began -= progress.DELAY_SECONDS
        bar(2, 10)
        assert bar.progress is not None and bar.progress.tasks[0].completed == 2


def test_build_progress_quiet_disables_it(monkeypatch):
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: True)
    assert ProgressBar(enabled=False).enabled is False
