"""Before and after: the build of another commit and of this checkout, side by side on one corpus.

Usage::

    python -m tools.compare 06f7b83                  # 300 generated documents, 3 rounds
    python -m tools.compare HEAD~1 --documents 1000 --rounds 2
    python -m tools.compare /tmp/before --code /tmp/after   # two folders of code, neither committed

Each round runs, in alternation, a full build and a rebuild after one
document changed with the other commit's code (a ``git worktree`` in a
temporary folder, or a folder holding a copy of the code) and with this
checkout's (or the folder ``--code`` names), on the same generated corpus
(``tools.bench.generate_corpus``). Alternating makes both sides meet the same
load on a shared machine; the report gives each side's median and the ratio
of the two, which is the figure to quote, and the full builds' peak memory.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.bench import ROOT, generate_corpus, one_document_changed, run_build


def checkout(rev: str, folder: Path) -> Path:
    """A detached worktree of ``rev`` in ``folder``."""
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(folder), rev], check=True)
    return folder


def measure(code: Path, corpus: Path, db: Path, words: int) -> tuple[float, float, float]:
    """Seconds of a full build and of the rebuild after one document changed, with the code at ``code``,
    and the full build's peak memory in MB."""
    db.unlink(missing_ok=True)
    full = run_build("full", corpus, db, words, root=code)
    with one_document_changed(corpus):
        rebuild = run_build("rebuild", corpus, db, words, root=code).seconds
    return full.seconds, rebuild, full.peak_mb or 0.0


def main(argv: list[str] | None = None) -> int:
    """Compare the build speed of a commit with this checkout's."""
    parser = argparse.ArgumentParser(prog="python -m tools.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the commit to compare with (anything git rev-parse takes), or a folder of code")
    parser.add_argument("--code", type=Path, default=ROOT, help="the folder of code to compare it with (default: this checkout)")
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-compare-") as tmp:
        work = Path(tmp)
        texts = generate_corpus(work / "corpus" / "documents", args.documents, args.seed)
        words = sum(len(t.split()) for t in texts)
        folder = Path(args.rev).is_dir()
        other = Path(args.rev) if folder else checkout(args.rev, work / "other")
        try:
            name = other.name if folder else args.rev
            times: dict[str, list[tuple[float, float, float]]] = {name: [], "this checkout": []}
            for _ in range(args.rounds):
                times[name].append(measure(other, work / "corpus", work / "other.db", words))
                times["this checkout"].append(measure(args.code, work / "corpus", work / "this.db", words))
        finally:
            if not folder:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=True)
    print(f"{args.documents} generated documents, {words:,} words, {args.rounds} rounds (medians, seconds; peak MB the highest)")
    if args.code != ROOT:
        print(f"this checkout: {args.code}")
    print(f"{'code':<20} {'full build':>11} {'rebuild (1 changed)':>20} {'peak MB':>8}")
    medians = {name: [statistics.median(run[i] for run in runs) for i in (0, 1)] + [max(run[2] for run in runs)]
               for name, runs in times.items()}
    for code, (full, rebuild, peak) in medians.items():
        print(f"{code:<20} {full:>11.2f} {rebuild:>20.2f} {peak:>8.0f}")
    (old_full, old_rebuild, old_peak), (new_full, new_rebuild, new_peak) = medians[name], medians["this checkout"]
    print(f"{'ratio (this / rev)':<20} {new_full / old_full:>10.2f}x {new_rebuild / old_rebuild:>19.2f}x {new_peak / old_peak:>7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
