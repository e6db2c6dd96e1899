"""The three lines we keep (shared/ARCHITECTURE.md), checked."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

EXTRACTION = [
    # modules up to `link`: they return records and never touch the database
    "kb/corpus.py", "kb/segment.py", "kb/lists.py", "kb/faq.py", "kb/units.py", "kb/locate.py", "kb/nlp.py", "kb/resolve.py",
    "kb/registry.py", "kb/claims.py", "kb/redlines.py", "kb/cues.py", "kb/organizations.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "kb" / "recognise").glob("*.py")),
]


@pytest.mark.parametrize("path", EXTRACTION)
def test_architecture_extraction_never_touches_the_database(path):
    source = (ROOT / path).read_text(encoding="utf-8")
    assert "sqlite" not in source, f"{path} imports or uses SQLite"


def test_architecture_serving_never_loads_the_nlp_pipeline():
    probe = "import sys, kb.datasette.plugin, kb.datasette.config; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False"
