"""Figures for docs/scale.md: where a build's time goes, and the executors side by side.

Usage::

    python -m tools.scale                          # 1,000 generated documents, 2 rounds
    python -m tools.scale --documents 100 --rounds 1

Two measures on one generated corpus (``tools.bench.generate_corpus``):

- the stages of a single-process build, timed in this process by wrapping
  the functions ``kb.pipeline.build`` calls (extraction is the time spent
  waiting for the next document's rows; writing them is the rest of
  ``_write_documents``), with the database's size and rows;
- full builds by ``build.py`` in child processes with ``--jobs 1``,
  ``--jobs 2`` and ``--executor dask --jobs 2``, in turn within each round so
  that a shared machine's drift slows all three alike; each figure is the
  median of the rounds, and the ratios divide the ``--jobs 1`` time by each.

Prints a Markdown report.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kb.pipeline import build as build_module
from tools.bench import generate_corpus, run_build

STAGES = (
    "load_corpus", "pipeline_hash", "reference_records", "read_previous", "extract", "write rows", "shared_records",
    "unite_authorities", "insert_graph", "create_indexes", "clause_diffs", "write_analyses", "enable_search", "changes",
    "save_records", "analyze", "replace_database",
)
"""What the stage table lists, in build order: the functions ``kb.pipeline.build`` calls, with extraction and writing apart."""

EXECUTORS = {
    "--jobs 1": (),
    "--jobs 2": ("--jobs", "2"),
    "--executor dask --jobs 2": ("--executor", "dask", "--jobs", "2"),
}
"""The full builds compared, by the arguments given to ``build.py``."""


def peak_mb() -> float:
    """The highest resident memory this process has reached so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def timed_stages() -> Iterator[tuple[dict[str, float], dict[str, float]]]:
    """Seconds spent in each of ``STAGES`` while the block runs a build in this process, and the peak memory after each."""
    seconds: dict[str, float] = defaultdict(float)
    peaks: dict[str, float] = {}
    originals = {name: getattr(build_module, name) for name in (*STAGES, "extract_documents", "_write_documents") if hasattr(build_module, name)}

    def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.perf_counter() - began
                peaks[name] = peak_mb()
        return run

    def extraction(*args: Any, **kwargs: Any) -> Iterator[Any]:
        rows = originals["extract_documents"](*args, **kwargs)
        try:
            while True:
                began = time.perf_counter()
                try:
                    found = next(rows)
                except StopIteration:
                    return
                finally:
                    seconds["extract"] += time.perf_counter() - began
                    peaks["extract"] = peak_mb()
                yield found
        finally:
            rows.close()

    for name, function in originals.items():
        setattr(build_module, name, timed(name, function))
    build_module.extract_documents = extraction  # type: ignore[assignment]
    try:
        yield seconds, peaks
    finally:
        for name, function in originals.items():
            setattr(build_module, name, function)
        seconds["write rows"] = seconds.pop("_write_documents", 0.0) - seconds["extract"]
        peaks["write rows"] = peaks.pop("_write_documents", 0.0)


def stage_report(corpus: Path, db: Path, documents: int) -> list[str]:
    """The stages of one single-process build, as Markdown."""
    began = time.perf_counter()
    with timed_stages() as (seconds, peaks):
        build_module.build(corpus, db)
    total = time.perf_counter() - began
    conn = sqlite3.connect(db)
    rows = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%_fts%'")}
    conn.close()
    lines = [
        f"## Stages of a single-process build ({documents:,} documents)", "",
        f"Total {total:.2f} s; `kb.db` {db.stat().st_size / 1e6:.1f} MB; {sum(rows.values()):,} rows; peak memory of the process {peak_mb():.0f} MB.", "",
        "| stage | seconds | share | ms per document | peak MB after |", "|---|---:|---:|---:|---:|",
    ]
    for name in STAGES:
        if name in seconds:
            lines.append(f"| {name} | {seconds[name]:.2f} | {seconds[name] / total:.1%} | {seconds[name] * 1000 / documents:.2f} | {peaks[name]:.0f} |")
    rest = total - sum(seconds.values())
    lines += [f"| everything else | {rest:.2f} | {rest / total:.1%} | {rest * 1000 / documents:.2f} | |", ""]
    biggest = sorted(rows.items(), key=lambda item: -item[1])[:8]
    lines += ["Largest tables: " + ", ".join(f"`{name}` {count:,}" for name, count in biggest) + ".", ""]
    return lines


def executor_report(corpus: Path, workdir: Path, documents: int, words: int, rounds: int) -> list[str]:
    """The full builds of ``EXECUTORS``, alternated over ``rounds``, as Markdown."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in EXECUTORS}
    for _ in range(rounds):
        for index, (name, extra) in enumerate(EXECUTORS.items()):
            db = workdir / f"executor-{index}.db"
            db.unlink(missing_ok=True)
            measure = run_build(name, corpus, db, words, *extra)
            runs[name].append((measure.seconds, measure.peak_mb or 0.0))
    single = statistics.median(s for s, _ in runs["--jobs 1"])
    lines = [
        f"## Executors ({documents:,} documents, {words:,} words, median of {rounds} round{'s' if rounds > 1 else ''})", "",
        "| build.py | seconds | speed-up over --jobs 1 | peak MB (largest process) |", "|---|---:|---:|---:|",
    ]
    for name, seen in runs.items():
        seconds = statistics.median(s for s, _ in seen)
        lines.append(f"| {name} | {seconds:.2f} | {single / seconds:.2f}x | {max(p for _, p in seen):.0f} |")
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    """Measure and print the report."""
    parser = argparse.ArgumentParser(prog="python -m tools.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    command = " ".join(["python -m tools.scale", *(argv if argv is not None else sys.argv[1:])])
    with tempfile.TemporaryDirectory(prefix="kb-scale-") as tmp:
        workdir = Path(tmp)
        texts = generate_corpus(workdir / "corpus" / "documents", args.documents, args.seed)
        words = sum(len(t.split()) for t in texts)
        lines = [f"Produced by `{command}`.", ""]
        lines += executor_report(workdir / "corpus", workdir, args.documents, words, args.rounds)
        lines += stage_report(workdir / "corpus", workdir / "stages.db", args.documents)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
