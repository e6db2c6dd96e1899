"""The build command: summary, exit codes, and a failed build leaves the database untouched."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

import networkx as nx

from kb.cli import EXIT_BAD_INPUT, EXIT_OK, build_command, main
from tests.conftest import CORPUS, ROOT


def test_cli_build_prints_a_summary(tmp_path, capsys):
    db = tmp_path / "kb.db"
    assert build_command(["--corpus", str(CORPUS), "--db", str(db)]) == EXIT_OK
    out = capsys.readouterr().out
    for word in ("documents", "sections", "clauses", "faq", "claims", "authorities", "mentions"):
        assert word in out
    assert sqlite3.connect(db).execute("select count(*) from documents").fetchone()[0] >= 1


def test_cli_failed_build_leaves_previous_database_byte_for_byte(tmp_path, capsys):
    db = tmp_path / "kb.db"
    assert build_command(["--corpus", str(CORPUS), "--db", str(db), "--quiet"]) == EXIT_OK
    before = db.read_bytes()
    bad = tmp_path / "bad"
    shutil.copytree(CORPUS / "documents", bad)
    (bad / "broken.txt").write_bytes(b"ok\n\xff\xfe")
    assert build_command(["--corpus", str(bad), "--db", str(db)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "broken.txt:2" in err and "not valid UTF-8" in err and "unchanged" in err
    assert db.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_build_py_is_a_thin_wrapper(tmp_path):
    db = tmp_path / "out.db"
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--corpus", str(CORPUS), "--db", str(db), "--quiet"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and db.exists()


def test_cli_unknown_command_is_a_usage_error(capsys):
    assert main(["frobnicate"]) == 2
    assert "usage" in capsys.readouterr().err


def test_cli_serve_refuses_a_missing_database(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == EXIT_BAD_INPUT
    assert "does not exist" in capsys.readouterr().err


def test_cli_ids_are_stable_across_rebuilds(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build_command(["--corpus", str(CORPUS), "--db", str(first), "--quiet"])
    build_command(["--corpus", str(CORPUS), "--db", str(second), "--quiet"])
    query = "select id, start, end from {} order by id"
    for table in ("sections", "clauses", "faq", "sentences", "claims", "list_items"):
        rows_a = sqlite3.connect(first).execute(query.format(table)).fetchall()
        rows_b = sqlite3.connect(second).execute(query.format(table)).fetchall()
        assert rows_a == rows_b and rows_a, table


def test_cli_build_exports_graphml_and_json(tmp_path, capsys):
    db, out = tmp_path / "kb.db", tmp_path / "graph"
    assert build_command(["--corpus", str(CORPUS), "--db", str(db), "--export", str(out)]) == EXIT_OK
    assert "exported" in capsys.readouterr().out
    nodes = sqlite3.connect(db).execute("select count(*) from nodes").fetchone()[0]
    assert nx.read_graphml(out / "kb.graphml").number_of_nodes() == nodes
    assert len(json.loads((out / "kb.json").read_text(encoding="utf-8"))["nodes"]) == nodes


def test_cli_quiet_build_prints_nothing_even_when_eyecite_warns(tmp_path):
    """Regression: eyecite's 'Unknown overlap case' warning reached stderr under --quiet.

    Run as a child process: pytest's own logging handlers would swallow the warning.
    """
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "opinion.txt").write_text(
        "In Clapper v. Amnesty International USA, 568 U.S. 398 (2013), the Court held that the plaintiffs"
        " lacked standing. Id. at 410. Later, Wikimedia Foundation v. National Security Agency, 857 F.3d 193"
        " (4th Cir. 2017), turned on standing as well.\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--corpus", str(tmp_path), "--db", str(tmp_path / "kb.db"), "--quiet"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
