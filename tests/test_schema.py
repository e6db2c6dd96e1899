"""The schema is the interface: every table and column documented, in code and README."""

from __future__ import annotations

import dataclasses

import pytest

from kb.store.schema import TABLES
from tests.conftest import ROOT
from tools.readme import update


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_schema_every_column_is_described(spec):
    fields = [f.name for f in dataclasses.fields(spec.record)]
    assert set(spec.columns) == set(fields), "describe every column, and only real columns"
    assert all(desc.strip() for desc in spec.columns.values())
    assert spec.description.strip()


def test_schema_readme_sections_match_the_schema_and_the_queries():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update(readme) == readme, "run `python -m tools.readme` to regenerate the README's generated sections"
