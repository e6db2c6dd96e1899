"""The compare page of two versions, and the version notices on the reader and row pages, through Datasette's test client."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from kb.pipeline.build import build
from tests.conftest import FIXTURES, served

V1, V2 = "harbor-services-agreement-v1", "harbor-services-agreement-v2"
HOSTILE_V1 = """---
id: hostile-v1
title: Hostile Terms
---
# Hostile Terms

1. Scope. The <b>vendor</b> & partner keep logs.
"""
HOSTILE_V2 = """---
id: hostile-v2
title: Hostile Terms <i>2</i>
supersedes: hostile-v1
---
# Hostile Terms

1. Scope. The <script>alert('diff')</script> vendor & partner keep records.
"""
LONE = "---\nid: lone\ntitle: A Lone Memo\n---\n# A Lone Memo\n\n1. Scope. Nothing else.\n"


@pytest.fixture(scope="module")
def versions_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture pair of versions, a pair whose clause text holds markup, and a document with no other version."""
    folder = tmp_path_factory.mktemp("compare")
    corpus = folder / "corpus"
    corpus.mkdir()
    for path in (FIXTURES / "versions").iterdir():
        shutil.copy(path, corpus / path.name)
    for name, text in (("hostile_v1.md", HOSTILE_V1), ("hostile_v2.md", HOSTILE_V2), ("lone.md", LONE)):
        (corpus / name).write_text(text, encoding="utf-8")
    build(corpus, folder / "kb.db")
    return folder / "kb.db"


@pytest.fixture(scope="module")
def ds(versions_kb: Path) -> Datasette:
    return served(versions_kb)


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


@pytest.mark.parametrize(
    "query",
    [
        f"old={V1}&new={V2}",  # both ids
        f"old={V1}",  # the older alone: the newer found through the supersedes link
        f"new={V2}",  # the newer alone
        "new=" + quote("harbor services agreement (amendment 1)"),  # a title, in any case
        "old=" + quote("Harbor Services Agreement"),  # the older one's title
        f"old={V2}&new={V1}",  # the wrong way round
    ],
)
def test_compare_page_marks_the_changed_words(ds, query):
    response = get(ds, f"/kb/-/compare?{query}")
    assert response.status_code == 200, response.text[:500]
    page = response.text
    assert "(a) Pilotage covers the inner <del>channel only</del><ins>and outer channels</ins>." in page
    assert "for <del>two</del><ins>five</ins> years." in page
    assert "<ins>2. Safety. Tideway certifies every pilot each year.</ins>" in page  # added
    assert "<del>4. Inspections. The Authority may inspect the log once a quarter.</del>" in page  # removed
    assert f'href="/kb/-/reader?document={V1}"' in page and f'href="/kb/-/reader?document={V2}"' in page


def test_compare_page_heads_each_clause_with_its_designation(ds, versions_kb):
    page = get(ds, f"/kb/-/compare?old={V1}").text
    designations = sqlite3.connect(versions_kb).execute(
        "select coalesce(n.designation, o.designation), d.title from clause_diffs d"
        " left join clauses n on n.id = d.new_clause_id left join clauses o on o.id = d.old_clause_id"
        " where d.document_id = ? order by d.rowid",
        (V2,),
    ).fetchall()
    assert len(designations) == 5
    headings = [f"<h2>{designation}{f' · {title}' if title else ''}</h2>" for designation, title in designations]
    assert [page.index(h) for h in headings] == sorted(page.index(h) for h in headings)  # all there, in the diff's order


def test_compare_page_escapes_clause_text(ds):
    page = get(ds, "/kb/-/compare?new=hostile-v2").text
    for raw in ("<script>alert", "<b>vendor", "<i>2</i>"):
        assert raw not in page
    assert "The &lt;<del>b</del><ins>script</ins>&gt;<del>vendor</del><ins>alert(&#39;diff&#39;)</ins>&lt;/" in page
    assert "Hostile Terms &lt;i&gt;2&lt;/i&gt;" in page


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("", 400, "Give ?old= or ?new="),  # nothing asked
        ("old=nope", 404, "No document has the id or title"),
        ("old=lone", 404, "has no other version"),  # a document no other supersedes
        (f"old=lone&new={V2}", 404, "are not two versions of one document"),
    ],
)
def test_compare_page_says_why_it_has_nothing_to_show(ds, query, status, message):
    response = get(ds, f"/kb/-/compare?{query}")
    assert response.status_code == status
    assert message in response.text


def test_compare_superseded_document_says_so_on_its_reader_page(ds):
    page = get(ds, f"/kb/-/reader?document={V1}").text
    assert '<p class="kb-superseded"><strong>Superseded</strong> by a newer version:' in page
    assert f'<a href="/kb/-/reader?document={V2}">Harbor Services Agreement (Amendment 1)</a>' in page
    assert f'href="/kb/-/compare?old={V1}&amp;new={V2}">What changed</a>' in page


def test_compare_newer_version_links_to_the_older_and_the_compare_page(ds):
    page = get(ds, f"/kb/-/reader?document={V2}").text
    assert "<strong>Superseded</strong>" not in page
    assert f'Supersedes <a href="/kb/-/reader?document={V1}">Harbor Services Agreement</a>' in page
    assert f'href="/kb/-/compare?old={V1}&amp;new={V2}">What changed</a>' in page


def test_compare_superseded_document_says_so_on_its_row_page(ds):
    page = get(ds, f"/kb/documents/{V1}").text
    assert f'<a href="/kb/documents/{V2}">Superseded by Harbor Services Agreement (Amendment 1): the newer version</a>' in page
    assert f'href="/kb/-/compare?old={V1}&amp;new={V2}">What changed in Harbor Services Agreement (Amendment 1)</a>' in page
    assert "Superseded" not in get(ds, f"/kb/documents/{V2}").text
    assert "Superseded" not in get(ds, "/kb/documents/lone").text
