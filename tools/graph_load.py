"""Latency of many graph pages requested at once from a served knowledge base.

Serves a knowledge base with ``kb serve`` on a free port, as a user runs it,
and sends ``--requests`` graph-page requests at once over HTTP, three ways:
each for another node, none drawn yet (``cold``: every request lays out a
drawing); the same requests again (``cached``); and all for one node
(``one node``: they share one drawing). The nodes are the best connected ones
at depth 2, the heaviest drawings the page makes. Each round reports p50, p95
and the slowest request, and how many took longer than the server's SQL time
limit or answered anything but 200::

    python -m tools.graph_load                      # a generated corpus of 100 documents
    python -m tools.graph_load --db kb.db --requests 200
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from kb.datasette.config import SQL_TIME_LIMIT_MS
from tools.bench import generate_corpus, run_build

KB = Path(sys.executable).with_name("kb")


@dataclass(frozen=True)
class Round:
    name: str
    seconds: list[float]
    failures: int

    def line(self) -> str:
        ordered = sorted(self.seconds)
        p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
        slow = sum(s * 1000 > SQL_TIME_LIMIT_MS for s in ordered)
        return (f"| {self.name} | {len(ordered)} | {statistics.median(ordered) * 1000:.0f} | {p95 * 1000:.0f} | "
                f"{ordered[-1] * 1000:.0f} | {slow} | {self.failures} |")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served(db: Path) -> Iterator[str]:
    """``kb serve --db DB`` on a free port, until the block ends; yields its base URL."""
    port = free_port()
    process = subprocess.Popen([str(KB), "serve", "--db", str(db), "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url + "/-/versions.json", timeout=1).status_code == 200:
                    break
            if process.poll() is not None:
                raise RuntimeError(f"kb serve exited with {process.returncode}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def best_connected(db: Path, count: int) -> list[str]:
    """The ``count`` nodes with the most edges."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        sql = ("select id from nodes n join (select source as node, count(*) as degree from edges group by source union all "
               "select target, count(*) from edges group by target) d on d.node = n.id group by id order by sum(degree) desc, id limit ?")
        return [row[0] for row in conn.execute(sql, [count])]


async def at_once(url: str, nodes: list[str], database: str) -> Round:
    """One request per entry of ``nodes``, all sent at once; their latencies in seconds."""
    limits = httpx.Limits(max_connections=len(nodes), max_keepalive_connections=len(nodes))
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=300) as client:

        async def one(node: str) -> tuple[float, int]:
            began = time.perf_counter()
            response = await client.get(f"/{database}/-/graph", params={"node": node, "depth": "2"})
            return time.perf_counter() - began, response.status_code

        answers = await asyncio.gather(*(one(node) for node in nodes))
    return Round("", [seconds for seconds, _ in answers], sum(status != 200 for _, status in answers))


def measure(db: Path, requests: int) -> list[Round]:
    """The three rounds against ``db`` served."""
    nodes = best_connected(db, requests + 1)
    if len(nodes) <= requests:
        raise SystemExit(f"{db} has {len(nodes)} connected nodes; the rounds need {requests + 1}")
    cold, other = nodes[:requests], nodes[requests]
    rounds = []
    with served(db) as url:
        for name, asked in (("cold: each request another node", cold), ("cached: the same requests again", cold),
                            ("one node, not drawn before", [other] * requests)):
            found = asyncio.run(at_once(url, asked, db.stem))
            rounds.append(Round(name, found.seconds, found.failures))
    return rounds


def main(argv: list[str] | None = None) -> None:
    """Measure graph-page latency under concurrent requests and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a built knowledge base (default: build one from a generated corpus)")
    parser.add_argument("--documents", type=int, default=100, help="documents of the generated corpus (default: 100)")
    parser.add_argument("--requests", type=int, default=200, help="requests sent at once (default: 200)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-graph-load-") as folder:
        db = args.db
        if db is None:
            corpus = Path(folder) / "corpus"
            generate_corpus(corpus / "documents", args.documents)
            db = Path(folder) / "kb.db"
            run_build("build", corpus, db, 0)
        rounds = measure(db, args.requests)
    print(f"{args.requests} graph pages (depth 2) at once; SQL time limit {SQL_TIME_LIMIT_MS} ms")
    print("| round | requests | p50, ms | p95, ms | slowest, ms | over the time limit | not 200 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for found in rounds:
        print(found.line())


if __name__ == "__main__":
    main()
