"""Atomic builds: a build killed mid-run leaves the previous database byte for byte and no partial target."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from kb.pipeline.build import build
from tests.conftest import ROOT
from tests.corpora import write_corpus


def test_build_killed_mid_run_leaves_the_previous_database_intact(tmp_path):
    small = write_corpus(tmp_path / "small", 2)
    db = tmp_path / "kb.db"
    build(small, db)
    before = db.read_bytes()
    large = write_corpus(tmp_path / "large", 300, repeat=30)
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--corpus", str(large), "--db", str(db), "--quiet"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    temp = tmp_path / f".kb.db.tmp-{process.pid}"
    deadline = time.monotonic() + 60
    while not temp.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    time.sleep(0.5)  # well into extraction
    assert process.poll() is None, "the build finished before it could be killed; make the corpus larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert db.read_bytes() == before
    assert temp.exists()  # the killed build could not clean up...
    build(small, db)  # ...so the next build does
    assert not temp.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
