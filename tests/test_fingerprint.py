"""The pipeline fingerprint covers what decides the build's rows, and nothing else.

Each case edits a copy of the package, so the real sources stay as they are;
the build reads the copy's fingerprint. A build is one process, so the code
digest is cached per process; the tests clear that cache after each edit, as
a new process would start without it.
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import pytest

from kb.pipeline import build as build_module
from kb.pipeline import fingerprint
from kb.pipeline.build import build
from tests.conftest import ROOT
from tests.corpora import write_corpus


@pytest.fixture()
def package(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the kb package whose fingerprint the build uses."""
    copy = tmp_path / "pkg" / "kb"
    shutil.copytree(ROOT / "kb", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(build_module, "pipeline_hash", partial(fingerprint.pipeline_hash, package_dir=copy))
    return copy


def _edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    fingerprint._code_digest.cache_clear()


@pytest.mark.parametrize(("edited", "reparsed"), [
    ("datasette/reader.py", False),  # a page of the workbench: serving only
    ("datasette/templates/kb_reader.html", False),  # a template is no module at all
    ("cli.py", False),  # the command line calls the build; it is not part of it
    ("graph/export.py", False),  # exports read the database after the build
    ("recognise/citations.py", True),  # a recogniser changes mentions
    ("segment/lists.py", True),  # segmentation changes units
    ("store/schema.py", True),  # the schema changes what a kept row must look like
    ("graph/derive.py", True),  # kept documents' nodes and edges come from the previous build
])
def test_fingerprint_rebuild_parses_again_only_after_an_extraction_change(tmp_path, package, parsed, edited, reparsed):
    corpus = write_corpus(tmp_path / "corpus", 3)
    db = tmp_path / "kb.db"
    build(corpus, db)
    assert len(parsed) == 3
    _edit(package / edited)
    summary = build(corpus, db)
    assert (summary.extracted, len(parsed)) == ((3, 6) if reparsed else (0, 3))


def test_fingerprint_covers_every_module_the_build_imports():
    modules = fingerprint.build_modules()
    assert "kb.pipeline.workers" in modules and "kb.pipeline.extract" in modules
    assert "kb.recognise.short_forms" in modules  # imported by another recogniser, not by the build directly
    paths = [fingerprint.module_path(m) for m in modules]
    assert None not in paths
