"""The linked graph: endpoints exist, analyses are written back, exports read back."""

from __future__ import annotations

import json
import sqlite3

import networkx as nx
import pytest

from kb.graph.export import export, load_graph

RELATIONS = (
    "contains", "cites", "addresses", "states", "instance_of", "invokes", "conditioned_on",
    "made_by", "about", "compares_with", "codified_at", "amends", "implements", "supersedes", "part_of",
)


def test_graph_every_edge_endpoint_exists(kb: sqlite3.Connection):
    dangling = kb.execute(
        "select count(*) from edges where source not in (select id from nodes) or target not in (select id from nodes)"
    ).fetchone()[0]
    assert dangling == 0


@pytest.mark.parametrize("relation", RELATIONS)
def test_graph_has_every_relation(kb: sqlite3.Connection, relation: str):
    assert kb.execute("select count(*) from edges where relation = ?", [relation]).fetchone()[0] > 0


def test_graph_covers_every_kind_of_record(kb: sqlite3.Connection):
    kinds = {row[0] for row in kb.execute("select distinct kind from nodes")}
    assert {"document", "section", "clause", "faq", "claim", "authority", "red_line", "concept", "safeguard",
            "organization", "generic_law"} <= kinds
    for table, kind in (("clauses", "clause"), ("claims", "claim"), ("authorities", "authority"), ("red_lines", "red_line")):
        assert kb.execute(f"select count(*) from {table}").fetchone()[0] == \
            kb.execute("select count(*) from nodes where kind = ?", [kind]).fetchone()[0]


def test_graph_text_edges_carry_evidence(kb: sqlite3.Connection):
    missing = kb.execute(
        "select count(*) from edges where relation in ('cites', 'addresses', 'invokes', 'conditioned_on', 'compares_with') "
        "and (surface is null or document_id is null)"
    ).fetchone()[0]
    assert missing == 0


def test_graph_loads_into_networkx(kb_path, kb: sqlite3.Connection):
    graph = load_graph(kb_path)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == kb.execute("select count(*) from nodes").fetchone()[0]
    assert graph.number_of_edges() == kb.execute("select count(*) from edges").fetchone()[0]


def test_graph_pagerank_is_a_distribution(kb: sqlite3.Connection):
    total, count = kb.execute("select sum(pagerank), count(*) from node_metrics").fetchone()
    assert total == pytest.approx(1.0, abs=1e-3)
    assert count == kb.execute("select count(*) from nodes").fetchone()[0]


def test_graph_red_line_basis_separates_named_law_from_vendor_word(kb: sqlite3.Connection):
    basis = dict(kb.execute("select substr(text, 1, 40), basis from red_line_basis").fetchall())
    assert basis["No Use of OpenAI technology to direct au"] == "named law"
    assert basis["Helios Robotics will not allow its model"] == "vendor controls and assurances only"
    assert basis["Our models must not be used for mass dom"] == "generic law only"


def test_graph_red_line_support_goes_through_clauses_and_claims(kb: sqlite3.Connection):
    rows = kb.execute(
        """select s.support_kind, s.target_label, s.via_kind from red_line_support s join red_lines r on r.id = s.red_line_id
           where r.text like 'The AI system will not be used to independently direct%'"""
    ).fetchall()
    rows = [tuple(row) for row in rows]
    assert ("authority", "DoDD 3000.09", "claim") in rows  # the directive cited in the clause's next sentence
    assert {kind for kind, _, _ in rows} >= {"authority", "generic_law"}


def test_graph_export_writes_graphml_and_node_link_json(kb_path, tmp_path):
    graph = load_graph(kb_path)
    graphml, node_link = export(graph, tmp_path / "export")
    again = nx.read_graphml(graphml)
    assert again.number_of_nodes() == graph.number_of_nodes()
    data = json.loads(node_link.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["links"]) == graph.number_of_edges()
