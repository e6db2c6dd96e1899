"""Datasette serves the built database with the generated metadata and canned queries."""

from __future__ import annotations

import asyncio
import json

import pytest
from datasette.app import Datasette

from kb.datasette.config import datasette_args
from kb.datasette.queries import load_queries
from tests.conftest import served


@pytest.fixture(scope="module")
def ds(kb_path):
    return served(kb_path)


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


def test_datasette_lists_the_tables(ds, kb_path):
    response = get(ds, f"/{kb_path.stem}.json")
    assert response.status_code == 200
    tables = {t["name"] for t in response.json()["tables"]}
    assert {"documents", "sections", "paragraphs", "list_items", "clauses", "faq", "sentences", "claims"} <= tables


def test_datasette_shows_column_descriptions(ds, kb_path):
    html = get(ds, f"/{kb_path.stem}/clauses").text
    assert "Numbered provisions" in html


def test_datasette_runs_every_canned_query(ds, kb_path):
    for query in load_queries():
        response = get(ds, f"/{kb_path.stem}/{query.name}.json?_shape=array&document=openai-dow-agreement")
        assert response.status_code == 200, (query.name, response.text[:300])


def test_datasette_full_text_search_finds_clauses(ds, kb_path):
    rows = get(ds, f"/{kb_path.stem}/clauses.json?_search=contract&_shape=array").json()
    assert any("Our contract" in row["text"] for row in rows)


def test_datasette_args_are_read_only_with_time_limit(kb_path):
    args = datasette_args(kb_path)
    assert args[:2] == ["-i", str(kb_path)]
    assert "sql_time_limit_ms" in args
    meta = json.loads(open(args[args.index("--metadata") + 1]).read())
    assert meta["databases"][kb_path.stem]["tables"]["claims_fts"]["hidden"] is True
    assert meta["databases"][kb_path.stem]["tables"]["record_sources"]["hidden"] is True  # bookkeeping
    assert "hidden" not in meta["databases"][kb_path.stem]["tables"]["mentions"]
