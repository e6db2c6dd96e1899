"""The citation network: what it keeps, how the page filters and draws it, and one colour per kind on every page."""

from __future__ import annotations

import asyncio
import html
import re
import sqlite3
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest
from datasette.app import Datasette

from kb.datasette import graph_svg
from kb.datasette import network as network_page
from kb.datasette.config import metadata
from kb.datasette.palette import KIND_COLOURS, OTHER_KIND, kind_colour
from kb.graph import network

DOCUMENT = "openai-dow-agreement"
FISA = "us/pl/95/511"
"""A statute the agreement cites (as the Foreign Intelligence Surveillance Act)."""
FOURTH = "us/const/amdt4"
"""A constitutional provision the agreement cites, part of the Constitution."""


def served(kb_path: Path) -> Datasette:
    return Datasette([], immutables=[str(kb_path)], metadata=metadata(kb_path.stem))


@pytest.fixture(scope="module")
def ds(kb_path: Path) -> Datasette:
    return served(kb_path)


def get(ds: Datasette, path: str):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, response.text[:500]
    return response.text


def drawn(page: str) -> list[tuple[str, str]]:
    """(kind, href) of each node drawn in the page's SVG."""
    return [(kind, html.unescape(href)) for href, kind in re.findall(r'<a href="([^"]+)" class="kb-node[^"]*" data-kind="(\w+)"', page)]


def kinds(page: str) -> list[str]:
    return [kind for kind, _ in drawn(page)]


def fills(page: str, kind: str) -> set[str]:
    """The fill of every circle drawn for a node, or a legend entry, of ``kind``."""
    return set(re.findall(rf'data-kind="{kind}">(?:<title>[^<]*</title>)?<circle[^>]*fill="(#[0-9a-f]{{6}})"', page))


def cited_by(kb: sqlite3.Connection, document: str) -> set[str]:
    return {r[0] for r in kb.execute("select distinct authority_id from mentions where document_id = ? and authority_id is not null",
                                     [document])}


def test_network_page_shows_documents_and_authorities_not_units(ds, kb: sqlite3.Connection):
    page = get(ds, "/kb/-/network")
    found = kinds(page)
    assert set(found) <= {"document", "authority", "generic_law"}
    assert found.count("document") == kb.execute("select count(distinct document_id) from mentions").fetchone()[0]
    assert found.count("authority") >= len(cited_by(kb, DOCUMENT))
    assert 'data-kind="claim"' not in page and 'data-kind="paragraph"' not in page
    assert 'data-relation="cites"' in page and 'data-relation="part_of"' in page  # citations and authority relations


def test_network_page_links_authorities_to_mentions_and_documents_to_the_reader(ds):
    hrefs = set(drawn(get(ds, "/kb/-/network")))
    assert ("authority", f"/kb/-/mentions?authority={quote(FISA, safe='')}") in hrefs
    assert ("document", f"/kb/-/reader?document={DOCUMENT}") in hrefs
    assert ("generic_law", "/kb/mentions?kind=generic") in hrefs


def test_network_page_document_filter_keeps_its_citations(ds, kb: sqlite3.Connection):
    page = get(ds, f"/kb/-/network?document={DOCUMENT}")
    nodes = drawn(page)
    assert [href for kind, href in nodes if kind == "document"] == [f"/kb/-/reader?document={DOCUMENT}"]
    shown = {href.split("authority=")[1] for kind, href in nodes if kind == "authority"}
    assert {quote(a, safe="") for a in cited_by(kb, DOCUMENT)} <= shown
    assert quote("us/const", safe="") in shown  # what the cited Fourth Amendment is part of
    assert len(nodes) < len(drawn(get(ds, "/kb/-/network")))


@pytest.mark.parametrize("query, kept, gone", [
    # authority kinds: FISA is a statute, the Fourth Amendment a constitutional provision
    ("kind=statute", FISA, FOURTH),
    ("kind=constitutional_provision", FOURTH, FISA),
    ("kind=statute&kind=constitutional_provision", FISA, None),
])
def test_network_page_kind_filter(ds, query, kept, gone):
    page = get(ds, f"/kb/-/network?{query}")
    shown = {href for kind, href in drawn(page) if kind == "authority"}
    assert f"/kb/-/mentions?authority={quote(kept, safe='')}" in shown
    if gone:
        assert f"/kb/-/mentions?authority={quote(gone, safe='')}" not in shown
    assert "document" in kinds(page) and "generic_law" not in kinds(page)


def test_network_page_relation_filter_draws_only_that_relation(ds):
    page = get(ds, "/kb/-/network?relation=part_of")
    assert set(re.findall(r'<path class="kb-edge" data-relation="(\w+)"', page)) == {"part_of"}
    assert set(kinds(page)) == {"authority"}  # no citation drawn, so no document
    assert f"/kb/-/mentions?authority={quote(FOURTH, safe='')}" in page


def test_network_page_cuts_a_large_network_and_says_so(kb_path, monkeypatch):
    monkeypatch.setattr(network_page, "MAX_NODES", 5)
    page = get(served(kb_path), "/kb/-/network")  # a server of its own: drawings are cached per server
    assert 0 < len(drawn(page)) <= 5
    assert "most connected are drawn" in page


@pytest.mark.parametrize("path, status", [
    ("/kb/-/network?document=no-such-document", 404),
    ("/kb/-/network?kind=no_such_kind", 200),  # nothing matches: said on the page
])
def test_network_page_unknown_filters(ds, path, status):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == status
    if status == 200:
        assert "Nothing in the network matches" in response.text


def test_network_same_kind_same_colour_on_every_page(ds):
    around_fisa = get(ds, f"/kb/-/graph?node=authorities:{quote(FISA, safe='')}&depth=2")  # its clauses, claims, ...
    around_document = get(ds, f"/kb/-/graph?node=documents:{DOCUMENT}")
    citations = get(ds, "/kb/-/network")
    for kind, neighbourhood in (("authority", around_fisa), ("generic_law", around_fisa), ("document", around_document)):
        assert fills(neighbourhood, kind) == fills(citations, kind) == {kind_colour(kind)}, kind
    assert fills(around_fisa, "claim") == {kind_colour("claim")} != {kind_colour("authority")}


def test_palette_gives_every_node_kind_its_own_colour(kb: sqlite3.Connection):
    built = {row[0] for row in kb.execute("select distinct kind from nodes")}
    assert built <= set(KIND_COLOURS)
    assert len(set(KIND_COLOURS.values()) | {OTHER_KIND}) == len(KIND_COLOURS) + 1
    assert kind_colour("authorities") == kind_colour("authority")  # a graph drawn from foreign keys


def test_network_select_filters(kb: sqlite3.Connection):
    whole = network.read(kb)
    every = network.select(whole)
    assert {n.kind for n in every.nodes.values()} == {"document", "authority", "generic_law"}
    statutes = network.select(whole, categories={"statute"})
    assert {n.category for n in statutes.nodes.values()} == {"document", "statute"}
    one = network.select(whole, documents={DOCUMENT})
    assert {n.ref_id for n in one.nodes.values() if n.kind == "document"} == {DOCUMENT}
    assert {link.source for link in one.links if link.relation == network.CITES} == {f"document:{DOCUMENT}"}
    cut, hidden = network.truncate(every, 10)
    assert len(cut.nodes) <= 10 and hidden == len(every.nodes) - len(cut.nodes)


def test_network_counts_mentions_per_document_and_authority(kb: sqlite3.Connection):
    whole = network.read(kb)
    link = next(link for link in whole.links if link.source == f"document:{DOCUMENT}" and link.target == f"authority:{FISA}")
    assert link.weight == kb.execute("select count(*) from mentions where document_id = ? and authority_id = ?",
                                     [DOCUMENT, FISA]).fetchone()[0]
    fisa = whole.citations[f"authority:{FISA}"]
    assert fisa.direct == kb.execute("select count(*) from mentions where authority_id = ?", [FISA]).fetchone()[0]
    constitution, fourth = whole.citations["authority:us/const"], whole.citations[f"authority:{FOURTH}"]
    assert constitution.rolled_up >= constitution.direct + fourth.direct > constitution.direct  # its parts' citations roll up


def _sample() -> nx.MultiDiGraph:
    """Two documents citing three authorities; one authority part of another, which implements a third."""
    graph = nx.MultiDiGraph()
    for node, kind in (("d1", "document"), ("d2", "document"), ("a", "authority"), ("b", "authority"), ("c", "authority")):
        graph.add_node(node, kind=kind, label=f'<script>{node}</script> "q"', href=f"/x?{node}&y", title=node, radius=5.0)
    for source, target, relation in (("d1", "a", "cites"), ("d2", "a", "cites"), ("d2", "c", "cites"),
                                     ("a", "b", "part_of"), ("b", "c", "implements")):
        graph.add_edge(source, target, key=relation, relation=relation, weight=2)
    return graph


def test_network_layout_columns_run_the_way_relations_do():
    pos, width, height = graph_svg.network_layout(_sample())
    assert pos["d1"][0] == pos["d2"][0] < pos["a"][0] < pos["b"][0] < pos["c"][0]  # documents, then each whole right of its part
    assert 0 < min(y for _, y in pos.values()) and max(y for _, y in pos.values()) < height
    assert max(x for x, _ in pos.values()) < width


def test_network_layout_labels_never_overlap():
    graph = _sample()
    for i in range(150):  # a column of 150 authorities, each cited
        graph.add_node(f"z{i:03d}", kind="authority", label="x" * 80, href="/", title="", radius=8.0)
        graph.add_edge("d1", f"z{i:03d}", key="cites", relation="cites", weight=1)
    pos, _, height = graph_svg.network_layout(graph)
    by_column: dict[float, list[float]] = {}
    for x, y in pos.values():
        by_column.setdefault(x, []).append(y)
    for ys in by_column.values():
        ys.sort()
        assert all(b - a >= graph_svg.ROW - 1e-6 for a, b in zip(ys, ys[1:]))  # 11 px labels, ROW apart
    assert height >= 150 * graph_svg.ROW  # the drawing grows with the column
    assert len(graph_svg.network_label(graph.nodes["z000"])) == graph_svg.NETWORK_LABEL_CHARS  # cut to its column


def test_network_svg_escapes_labels_and_draws_a_legend():
    svg = str(graph_svg.render_network(_sample()))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'href="/x?d1&amp;y"' in svg
    assert re.findall(r'class="kb-legend-item" data-kind="(\w+)"', svg) == ["authority", "document"]
    assert re.findall(r'class="kb-legend-item" data-relation="(\w+)"', svg) == ["cites", "implements", "part_of"]
    assert svg.count('marker-end="url(#') == 2  # the two authority relations point their way; citations do not


def test_network_is_one_click_from_a_documents_graph(ds):
    page = get(ds, f"/kb/-/graph?node=documents:{DOCUMENT}")
    assert f'href="/kb/-/network?document={DOCUMENT}"' in page
