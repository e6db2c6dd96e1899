"""Wall time and peak resident memory of each step of one full build, in this process.

Usage::

    python -m tools.stages CORPUS DB     # e.g. a folder made by tools.bench.generate_corpus

The steps ``kb.pipeline.build`` runs (and the three parts of ``write_analyses``)
are wrapped with timers while a thread samples ``/proc/self/status`` every
0.2 s, so each step reports its time and the highest resident memory seen
while it ran. BENCHMARKS.md quotes it for 1,000 and 10,000 documents.
"""

from __future__ import annotations

import argparse
import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import kb.graph.derive as derive
import kb.pipeline.build as build

STEPS = {
    build: ("load_corpus", "_write_documents", "shared_records", "unite_authorities", "insert_graph", "create_indexes",
            "write_analyses", "enable_search", "changes", "analyze", "replace_database"),
    derive: ("write_node_metrics", "write_authority_parts", "write_citation_counts", "write_authority_document_citations"),
}


def resident_mb() -> int:
    """This process's resident memory now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0


def main(argv: list[str] | None = None) -> int:
    """Build CORPUS into DB once, then print each step's seconds and peak MB."""
    parser = argparse.ArgumentParser(prog="python -m tools.stages", description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("db", type=Path)
    args = parser.parse_args(argv)
    seconds: dict[str, float] = {}
    peak: dict[str, int] = {}
    running = ["(between steps)"]

    def sample() -> None:
        while True:
            peak[running[-1]] = max(peak.get(running[-1], 0), resident_mb())
            time.sleep(0.2)

    def timed(name: str, step: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(step)
        def run(*a: Any, **k: Any) -> Any:
            running.append(name)
            began = time.perf_counter()
            try:
                return step(*a, **k)
            finally:
                seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - began
                running.pop()
        return run

    module: ModuleType
    for module, names in STEPS.items():
        for name in names:
            setattr(module, name, timed(name, getattr(module, name)))
    threading.Thread(target=sample, daemon=True).start()
    began = time.perf_counter()
    build.build(args.corpus, args.db)
    total = time.perf_counter() - began
    for name in sorted(seconds, key=lambda n: -seconds[n]):
        print(f"{name:24} {seconds[name]:8.2f} s  peak {peak.get(name, 0):5d} MB")
    print(f"{'whole build':24} {total:8.2f} s  peak {max(peak.values(), default=0):5d} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
