"""Benchmarks: build speed, incremental rebuild and query latency, beside the baselines.

Usage::

    python -m tools.bench                      # sizes 10, 100, 1000; writes BENCHMARKS.md
    python -m tools.bench --sizes 10 --out -   # quick look, printed
    python -m tools.bench --rounds 3           # each figure the median of 3 rounds
    python -m tools.bench --queries kb.db      # each canned query's p50 and p95 on a built database

Corpora are generated from the repository's documents and test fixtures with a
fixed random seed: paragraphs are shuffled and recombined and citation numbers
varied, so every generated document is different but reads like the real ones.
Each figure is reported beside baselines measured in the same run on the same
text (spaCy's bare tokenizer, ``eyecite.get_citations``, citeurl's citation
finder), because this machine is shared and absolute times drift.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from kb.corpus import load_document
from kb.reference import DATA_DIR
from kb.serve import WATCH

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (DATA_DIR / "documents", ROOT / "tests" / "fixtures")
"""Where the generator takes its paragraphs from."""

CITATION_FORMS = (
    "Executive Order {eo}",
    "E.O. {eo}",
    "Exec. Order No. {eo}",
    "{title} U.S.C. \u00a7 {section}",
    "{title} USC {section}",
    "section {section} of title {title}",
    "DoD Directive {dod}",
    "DoDI {dod}",
    "{cfr} C.F.R. \u00a7 {cfr_part}.{cfr_section}",
    "Pub. L. No. {congress}-{law}",
)
"""Citation shapes the generator writes, so recognition does real work on every document."""


@dataclass
class Measure:
    """One timed run over ``words`` words."""

    name: str
    seconds: float
    words: int
    peak_mb: float | None = None

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else float("inf")


@dataclass
class SizeResult:
    """Every measure for one corpus size."""

    documents: int
    words: int
    measures: dict[str, Measure] = field(default_factory=dict)
    query_ms: dict[str, float] = field(default_factory=dict)

    def ratio(self, name: str, baseline: str) -> float:
        """Throughput of ``name`` over that of ``baseline``."""
        return self.measures[name].words_per_second / self.measures[baseline].words_per_second

    def speedup(self, name: str) -> float:
        """How many times faster ``name`` ran than the single-process full build."""
        return self.measures["build"].seconds / self.measures[name].seconds

    def share(self, name: str) -> float:
        """The time of ``name`` as a share of the single-process full build's."""
        return self.measures[name].seconds / self.measures["build"].seconds


def source_paragraphs() -> list[str]:
    """Paragraphs of every document and fixture text in the repository."""
    paragraphs: list[str] = []
    for folder in SOURCES:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".txt", ".md") and path.is_file():
                try:
                    text = load_document(path, path.parent).text
                except Exception:  # a deliberately broken fixture is not a source
                    continue
                paragraphs += [p for p in re.split(r"\n\s*\n", text) if len(p.split()) > 3]
    return paragraphs


def generate_corpus(folder: Path, documents: int, seed: int = 7) -> list[str]:
    """Write ``documents`` generated documents into ``folder``; return their texts."""
    rng = random.Random(seed)
    paragraphs = source_paragraphs()
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for i in range(documents):
        chosen = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(12, 40)))
        chosen += [_citation_sentence(rng) for _ in range(rng.randint(2, 8))]
        rng.shuffle(chosen)
        text = f"# Generated document {i}\n\n" + "\n\n".join(chosen) + "\n"
        (folder / f"doc-{i:05d}.md").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def _citation_sentence(rng: random.Random) -> str:
    form = rng.choice(CITATION_FORMS).format(
        eo=rng.randint(10000, 14200), title=rng.choice([5, 10, 18, 42, 50]), section=rng.randint(1, 3000),
        dod=f"{rng.randint(1000, 8000)}.{rng.randint(1, 20):02d}", cfr=rng.randint(1, 50),
        cfr_part=rng.randint(1, 999), cfr_section=rng.randint(1, 99), congress=rng.randint(90, 118),
        law=rng.randint(1, 400),
    )
    return f"The program operates consistent with {form} and other applicable law."


def timed(name: str, words: int, work) -> Measure:
    began = time.perf_counter()
    work()
    return Measure(name, time.perf_counter() - began, words)


def baselines(texts: list[str], words: int) -> list[Measure]:
    """spaCy's bare tokenizer, eyecite and citeurl over the same texts."""
    import spacy
    from citeurl import Citator
    from eyecite import get_citations

    logging.getLogger("eyecite").setLevel(logging.ERROR)  # its overlap warnings, quiet in the build too

    tokenizer = spacy.blank("en").tokenizer
    citator = Citator()
    return [
        timed("spaCy tokenizer", words, lambda: [tokenizer(t) for t in texts]),
        timed("eyecite.get_citations", words, lambda: [get_citations(t) for t in texts]),
        timed("citeurl list_cites", words, lambda: [citator.list_cites(t) for t in texts]),
    ]


def run_build(name: str, corpus: Path, db: Path, words: int, *extra: str, root: Path = ROOT) -> Measure:
    """Run ``build.py`` of the checkout at ``root`` in a child process; wall time and the child's peak memory."""
    command = [sys.executable, str(root / "build.py"), "--corpus", str(corpus), "--db", str(db), "--quiet", *extra]
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=root)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"build failed: {' '.join(command)}")
    return Measure(name, seconds, words, peak_mb=usage.ru_maxrss / 1024)


STARTUP = "import kb.pipeline.build, kb.pipeline.workers; from kb.recognise.nlp import build_pipeline; build_pipeline()"
"""What every build pays before its first document: imports (spaCy, eyecite, networkx) and the pipeline."""


def run_startup(words: int) -> Measure:
    """The start-up of a build process alone, so that builds can also be reported without it."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", STARTUP], cwd=ROOT, check=True)
    return Measure("process start-up", time.perf_counter() - began, words)


def query_latency(db: Path, repeats: int = 5) -> dict[str, float]:
    """p50 and p95 in milliseconds over every canned query, through Datasette's ASGI client."""
    timings = sorted(t for runs in query_timings(db, repeats).values() for t in runs)
    return {"p50": statistics.median(timings), "p95": _p95(timings)}


def query_timings(db: Path, repeats: int = 5) -> dict[str, list[float]]:
    """Milliseconds of each of ``repeats`` runs of every canned query, by query name, through Datasette's ASGI client."""
    from datasette.app import Datasette

    from kb.datasette.config import metadata
    from kb.datasette.queries import load_queries

    ds = Datasette([], immutables=[str(db)], metadata=metadata(db.stem), settings={"sql_time_limit_ms": 10000})
    # Each query runs with the example parameters of its header (``-- example:``), except ``document``
    # on a generated corpus: the examples name documents of the repository's corpus, which a generated
    # one does not hold, so it is asked about its own first document (``generate_corpus`` writes doc-00000.md).
    with sqlite3.connect(db) as conn:
        generated = conn.execute("select 1 from documents where id = 'doc-00000'").fetchone() is not None
    overrides = {"document": "doc-00000"} if generated else {}

    async def measure() -> dict[str, list[float]]:
        timings: dict[str, list[float]] = {}
        for query in load_queries():
            params = urlencode({**query.example, **{k: v for k, v in overrides.items() if k in query.example}, "_shape": "array"})
            for _ in range(repeats):
                began = time.perf_counter()
                response = await ds.client.get(f"/{db.stem}/{query.name}.json?{params}")
                timings.setdefault(query.name, []).append((time.perf_counter() - began) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{query.name}: HTTP {response.status_code}: {response.text[:200]}")
        return timings

    return asyncio.run(measure())


def _p95(ordered: list[float]) -> float:
    """The 95th percentile of sorted timings, the nearest rank below."""
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def print_query_timings(db: Path) -> None:
    """Each canned query's p50 and p95 on ``db``, slowest first, to find the ones over the target."""
    rows = [(name, statistics.median(runs), _p95(sorted(runs))) for name, runs in query_timings(db).items()]
    print("| query | p50, ms | p95, ms |\n|---|---:|---:|")
    for name, p50, p95 in sorted(rows, key=lambda row: -row[2]):
        print(f"| {name} | {p50:.1f} | {p95:.1f} |")


def run_resident(name: str, corpus: Path, db: Path, words: int) -> Measure:
    """The rebuild after ``CHANGE`` inside a running ``kb watch``, as its own line reports it.

    The watcher first brings ``db`` up to date with the corpus as it is; the
    change is made once that build is reported, and the second build's time is
    the measure (what the resident mode costs per edit, without the second of
    polling before the change is seen).
    """
    command = [sys.executable, "-c", WATCH, "--corpus", str(corpus), "--db", str(db)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    try:
        _reported(process.stdout)
        with one_document_changed(corpus):
            seconds = _reported(process.stdout)
    finally:
        process.terminate()
        process.wait()
    return Measure(name, seconds, words)


def _reported(lines: Iterator[str]) -> float:
    """The seconds of the next build a watcher reports; a failed build is an error."""
    for line in lines:
        if "the build failed" in line:
            raise RuntimeError(line.strip())
        found = re.search(r"rebuilt .* in ([\d.]+) s$", line.strip())
        if found:
            return float(found.group(1))
    raise RuntimeError("kb watch ended before reporting a build")


CHANGE = "\nOne more sentence citing 50 U.S.C. \u00a7 1881a.\n"
"""What the incremental measure appends to the first document before rebuilding."""


@contextmanager
def one_document_changed(corpus: Path) -> Iterator[None]:
    """The corpus with ``CHANGE`` appended to its first generated document, restored afterwards."""
    changed = corpus / "documents" / "doc-00000.md"
    original = changed.read_text(encoding="utf-8")
    changed.write_text(original + CHANGE, encoding="utf-8")
    try:
        yield
    finally:
        changed.write_text(original, encoding="utf-8")


def bench_size(documents: int, workdir: Path, seed: int, queries: bool, rounds: int = 1) -> SizeResult:
    """Every measure on one generated corpus, each the median of ``rounds`` rounds.

    A round runs every measure once, baselines and builds in turn, so that a
    machine whose speed drifts during the run slows both sides of a ratio
    alike; peak memory is the highest seen.
    """
    corpus = workdir / f"corpus-{documents}"
    texts = generate_corpus(corpus / "documents", documents, seed)
    words = sum(len(t.split()) for t in texts)
    db = workdir / f"kb-{documents}.db"
    runs = [_round(corpus, db, texts, words) for _ in range(rounds)]
    result = SizeResult(documents, words)
    for name in runs[0]:
        seen = [run[name] for run in runs]
        peak = max((m.peak_mb for m in seen if m.peak_mb), default=None)
        result.measures[name] = Measure(name, statistics.median(m.seconds for m in seen), words, peak)
    if queries:
        result.query_ms = query_latency(db)
    return result


def _round(corpus: Path, db: Path, texts: list[str], words: int) -> dict[str, Measure]:
    """One of each measure; the database of the full build is left rebuilt after the change."""
    measures = {m.name: m for m in baselines(texts, words)}
    jobs_db = db.with_name(f"{db.stem}-j2.db")
    for stale in (db, jobs_db):
        stale.unlink(missing_ok=True)
    startup = measures["process start-up"] = run_startup(words)
    build = measures["build"] = run_build("build", corpus, db, words)
    measures["build without start-up"] = Measure("build without start-up", build.seconds - startup.seconds, words)
    measures["build --jobs 2"] = run_build("build --jobs 2", corpus, jobs_db, words, "--jobs", "2")
    with one_document_changed(corpus):
        measures["incremental (1 changed)"] = run_build("incremental (1 changed)", corpus, db, words)
    measures["resident (1 changed)"] = run_resident("resident (1 changed)", corpus, db, words)
    return measures


TARGETS = (
    ("full build >= 1.0x eyecite's throughput", lambda r: r.ratio("build", "eyecite.get_citations"), ">=", 1.0, "{:.2f}x"),
    ("`--jobs 2` >= 1.5x the single-process build", lambda r: r.speedup("build --jobs 2"), ">=", 1.5, "{:.2f}x"),
    ("incremental (1 of N changed), fresh build.py <= 8% of the full build", lambda r: r.share("incremental (1 changed)"), "<=", 0.08, "{:.1%}"),
    ("incremental (1 of N changed), resident kb watch <= 3% of the full build", lambda r: r.share("resident (1 changed)"), "<=", 0.03, "{:.1%}"),
    ("canned queries p95 <= 50 ms", lambda r: r.query_ms.get("p95"), "<=", 50.0, "{:.1f} ms"),
    ("peak memory of the build <= 600 MB", lambda r: r.measures["build"].peak_mb, "<=", 600.0, "{:.0f} MB"),
)
"""Issue 19's targets, checked on the largest corpus: (what, figure, comparison, bound, format)."""

GENERATED_END = "<!-- end of generated report: text below this line is kept when the report is rewritten -->"
"""Marks where the generated report stops, so notes written after it survive a new run."""


def report(results: list[SizeResult], command: str, rounds: int = 1) -> str:
    """BENCHMARKS.md: a table per size, every figure also as a ratio to the baselines, then the targets."""
    medians = f" Every figure is the median of {rounds} rounds, each running every measure in turn." if rounds > 1 else ""
    lines = [
        "# Benchmarks", "",
        f"Produced by `{command}` (fixed seed; baselines measured in the same run on the same text).{medians}",
        "", "Throughput is words per second over the whole corpus; ratios divide our figure by the baseline's. "
        "`process start-up` is a process that only imports the build's modules and assembles the spaCy pipeline; "
        "`build without start-up` subtracts it from the full build, to show the cost per word.", "",
    ]
    for r in results:
        tok = r.measures["spaCy tokenizer"].words_per_second
        eye = r.measures["eyecite.get_citations"].words_per_second
        lines += [
            f"## {r.documents} documents, {r.words:,} words", "",
            "| run | seconds | words/s | vs spaCy tokenizer | vs eyecite | peak MB |", "|---|---:|---:|---:|---:|---:|",
        ]
        for m in r.measures.values():
            peak = f"{m.peak_mb:.0f}" if m.peak_mb else ""
            lines.append(
                f"| {m.name} | {m.seconds:.2f} | {m.words_per_second:,.0f} | {m.words_per_second / tok:.2f}x "
                f"| {m.words_per_second / eye:.2f}x | {peak} |"
            )
        lines += [
            "", f"- `--jobs 2` speed-up over the single-process build: {r.speedup('build --jobs 2'):.2f}x",
            f"- incremental rebuild (1 changed document) as a share of the full build: {r.share('incremental (1 changed)'):.1%} "
            f"from a fresh build.py, {r.share('resident (1 changed)'):.1%} in a resident kb watch",
        ]
        if r.query_ms:
            lines.append(f"- canned queries through Datasette: p50 {r.query_ms['p50']:.1f} ms, p95 {r.query_ms['p95']:.1f} ms")
        lines.append("")
    largest = max(results, key=lambda r: r.documents)
    lines += [f"## Targets ({largest.documents} documents)", "", "| target | measured | met |", "|---|---:|---|"]
    for what, figure, comparison, bound, shape in TARGETS:
        value = figure(largest)
        met = value is not None and (value >= bound if comparison == ">=" else value <= bound)
        lines.append(f"| {what} | {shape.format(value) if value is not None else 'not measured'} | {'yes' if met else 'no'} |")
    return "\n".join([*lines, "", GENERATED_END, ""])


def write_report(path: Path, text: str) -> None:
    """Write the report over ``path``, keeping whatever followed the generated part of the old one."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = old.split(GENERATED_END, 1)[1].lstrip("\n") if GENERATED_END in old else ""
    path.write_text(text + ("\n" + kept if kept else ""), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and write the report."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="corpus sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=1, help="rounds of every measure; each figure is their median")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"), help="report file, '-' to print")
    parser.add_argument("--queries", metavar="DB", help="only time each canned query (5 runs) on an existing knowledge base, printed")
    args = parser.parse_args(argv)
    if args.queries:
        print_query_timings(Path(args.queries))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        results = [bench_size(n, Path(tmp), args.seed, queries=n == max(sizes), rounds=args.rounds) for n in sizes]
    text = report(results, " ".join(["python -m tools.bench", *(argv if argv is not None else sys.argv[1:])]), args.rounds)
    if args.out == "-":
        print(text)
    else:
        write_report(Path(args.out), text)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
