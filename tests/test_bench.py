"""The benchmark keeps working: the smallest size, end to end (benchmarks are not tests; this is a smoke test)."""

from __future__ import annotations

import pytest

from tools import bench

ROWS = (
    "spaCy tokenizer", "eyecite.get_citations", "citeurl list_cites", "process start-up", "build",
    "build without start-up", "build --jobs 2", "incremental (1 changed)", "resident (1 changed)",
)


@pytest.mark.slow
def test_bench_smallest_size_reports_every_row_and_target(tmp_path):
    out = tmp_path / "BENCHMARKS.md"
    out.write_text(f"old report\n{bench.GENERATED_END}\nnotes kept\n", encoding="utf-8")
    assert bench.main(["--sizes", "3", "--rounds", "2", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 3 documents" in text and "median of 2 rounds" in text
    for row in ROWS:
        assert f"| {row} |" in text, row
    assert "canned queries through Datasette: p50" in text
    for target, *_ in bench.TARGETS:
        assert f"| {target} |" in text, target
    assert "old report" not in text and text.endswith("notes kept\n")


@pytest.mark.slow
def test_bench_compare_runs_both_checkouts_side_by_side(capsys):
    from tools import compare

    assert compare.main(["HEAD", "--documents", "2", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 generated documents" in out
    assert "HEAD " in out and "this checkout" in out
    assert "ratio (this / rev)" in out


@pytest.mark.slow
def test_bench_stages_times_every_step_of_a_build(tmp_path):
    import subprocess
    import sys

    bench.generate_corpus(tmp_path / "corpus" / "documents", 3)
    result = subprocess.run([sys.executable, "-m", "tools.stages", str(tmp_path / "corpus"), str(tmp_path / "kb.db")],
                            cwd=bench.ROOT, capture_output=True, text=True, check=True)
    for step in ("_write_documents", "insert_graph", "write_node_metrics", "whole build"):
        assert step in result.stdout, result.stdout
    assert (tmp_path / "kb.db").exists()


def test_bench_queries_times_every_canned_query_on_a_built_database(tmp_path, capsys):
    from kb.datasette.queries import load_queries
    from kb.pipeline.build import build

    db = tmp_path / "kb.db"
    build(bench.ROOT / "corpus", db)
    assert bench.main(["--queries", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = {line.split(" | ")[0].lstrip("| ") for line in lines[2:]}
    assert names == {query.name for query in load_queries()}
