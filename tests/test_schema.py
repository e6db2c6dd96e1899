"""The schema is the interface: every table and column documented, in code and README."""

from __future__ import annotations

import dataclasses

import pytest

from kb.schema import TABLES, update_readme
from tests.conftest import ROOT


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_schema_every_column_is_described(spec):
    fields = [f.name for f in dataclasses.fields(spec.record)]
    assert set(spec.columns) == set(fields), "describe every column, and only real columns"
    assert all(desc.strip() for desc in spec.columns.values())
    assert spec.description.strip()


def test_schema_readme_section_matches_the_declared_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert update_readme(readme) == readme, "run `python -m kb.schema` to regenerate the README's schema section"
