"""The linked graph: endpoints exist, analyses are written back, exports read back."""

from __future__ import annotations

import json
import sqlite3

import networkx as nx
import numpy
import pytest

from kb.cli import build_command
from kb.graph.citations import citation_counts
from kb.graph.derive import _integers, _key_index, _keyed_ends, _stored_by_key, _text_ends, edge_id, node_key
from kb.graph.export import SCOPES, export, load_graph
from kb.models import stable_id
from tests.conftest import CORPUS

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


@pytest.mark.parametrize("parts", [
    ("claim:1a2b", "cites", "authority:us/usc/t50/s1881a", "openai-dow-agreement", 120, 141),  # a text edge
    ("authority:us/eo/12333", "part_of", "authority:us/eo", None, None, None),  # a registry edge: no document, no span
    ("claim:\u00a7", "cites", "generic_law", "d\u00e9cret", 0, 1),  # text that is not ASCII
])
def test_graph_edge_id_is_stable_id(parts):
    assert edge_id(*parts) == stable_id(*parts)


def test_graph_node_and_edge_keys_are_the_node_ids_keys(kb: sqlite3.Connection):
    """nodes.key is node_key(id), and each edge carries its ends' keys, so the metrics can match integers."""
    assert all(key == node_key(node) for node, key in kb.execute("select id, key from nodes"))
    wrong = kb.execute("""select count(*) from edges e join nodes s on s.id = e.source join nodes t on t.id = e.target
                          where e.source_key is not s.key or e.target_key is not t.key""").fetchone()[0]
    assert wrong == 0
    assert kb.execute("select count(distinct key) = count(*) from nodes").fetchone()[0] == 1


def _numbering(conn: sqlite3.Connection) -> tuple[numpy.ndarray, numpy.ndarray]:
    rowids = _integers(conn.execute("select rowid from nodes order by id"))
    number = numpy.full(int(rowids.max()) + 1, -1, dtype=numpy.int32)
    number[rowids] = numpy.arange(len(rowids), dtype=numpy.int32)
    return rowids, number


def test_graph_link_ends_by_key_are_those_by_text_id(kb_path, tmp_path):
    """The keyed reading of the links gives the node numbers the text join gives, dangling and keyless edges included."""
    copy = tmp_path / "kb.db"
    copy.write_bytes(kb_path.read_bytes())
    conn = sqlite3.connect(copy)
    rowids, number = _numbering(conn)
    keyed, text = _keyed_ends(conn, number, _key_index(conn, rowids, number)), _text_ends(conn, number)
    assert all((k == t).all() for k, t in zip(keyed, text)) and (keyed[0] >= 0).all()
    with conn:  # an edge whose source is no longer a node: both readings drop it
        conn.execute("update edges set source = 'claim:gone', source_key = ? where rowid = (select min(rowid) from edges)",
                     [node_key("claim:gone")])
    keyed, text = _keyed_ends(conn, number, _key_index(conn, rowids, number)), _text_ends(conn, number)
    assert all((k == t).all() for k, t in zip(keyed, text)) and keyed[0][0] == -1
    with conn:  # an edge without keys (a database of older code): read by text ids
        conn.execute("update edges set target_key = null where rowid = (select max(rowid) from edges)")
    keyed, text = _keyed_ends(conn, number, _key_index(conn, rowids, number)), _text_ends(conn, number)
    assert all((k == t).all() for k, t in zip(keyed, text))


def test_graph_stored_metrics_by_key_are_those_by_text_id(kb_path, tmp_path):
    """A rebuild matches the stored metrics rows to the nodes by key as the text join did; rows without keys fall back to it."""
    copy = tmp_path / "kb.db"
    copy.write_bytes(kb_path.read_bytes())
    conn = sqlite3.connect(copy)
    rowids, number = _numbering(conn)
    index = _key_index(conn, rowids, number)
    keyed = _stored_by_key(conn, index)
    assert keyed is not None
    at, degrees, ranks = keyed
    by_text = {number[rowid]: (i, o, r) for rowid, i, o, r in conn.execute(
        "select n.rowid, m.in_degree, m.out_degree, m.pagerank from node_metrics m join nodes n on n.id = m.id")}
    assert {a: (*d, r) for a, d, r in zip(at.tolist(), degrees.tolist(), ranks.tolist())} == by_text
    with conn:  # a metrics row of a node gone is matched to none
        conn.execute("update node_metrics set key = ? where rowid = (select min(rowid) from node_metrics)", [node_key("claim:gone")])
    keyed = _stored_by_key(conn, index)
    assert keyed is not None and keyed[0][0] == -1 and (keyed[0][1:] >= 0).all()
    with conn:  # a row written by older code, without a key
        conn.execute("update node_metrics set key = null where rowid = (select max(rowid) from node_metrics)")
    assert _stored_by_key(conn, index) is None


def test_graph_node_metrics_count_every_edge_and_rank_as_networkx(kb: sqlite3.Connection):
    """The metrics read the graph as integer arrays; degrees and ranks are those of the stored edges."""
    degrees = {node: (out, inn) for node, out, inn in kb.execute(
        """select n.id, (select count(*) from edges where source = n.id), (select count(*) from edges where target = n.id)
           from nodes n""")}
    stored = {node: (out, inn, degree, rank) for node, out, inn, degree, rank in kb.execute(
        "select id, out_degree, in_degree, degree, pagerank from node_metrics")}
    assert stored.keys() == degrees.keys()
    assert all(stored[n][:3] == (out, inn, out + inn) for n, (out, inn) in degrees.items())
    graph = nx.DiGraph()
    graph.add_nodes_from(degrees)
    graph.add_edges_from(kb.execute("select source, target from edges"))
    expected = nx.pagerank(graph)
    assert all(stored[n][3] == pytest.approx(expected[n], abs=1e-7) for n in degrees)


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


def test_graph_export_writes_graphml_gexf_and_node_link_json(kb_path, tmp_path):
    graph = load_graph(kb_path)
    graphml, gexf, node_link = export(graph, tmp_path / "export")
    for again in (nx.read_graphml(graphml), nx.read_gexf(gexf)):
        assert (again.number_of_nodes(), again.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    data = json.loads(node_link.read_text(encoding="utf-8"))
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["links"]) == graph.number_of_edges()


FISA = "authority:us/pl/95/511"


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("reader, written", [(nx.read_gexf, 1), (nx.read_graphml, 0)])
def test_graph_export_attributes_of_a_known_authority(kb_path, kb: sqlite3.Connection, tmp_path, scope, reader, written):
    again = reader(export(load_graph(kb_path, scope), tmp_path)[written])
    fisa = again.nodes[FISA]
    row = kb.execute("select kind, citation, url, curated from authorities where id = 'us/pl/95/511'").fetchone()
    mentions = kb.execute("select count(*) from mentions where authority_id = 'us/pl/95/511'").fetchone()[0]
    documents = kb.execute("select count(distinct document_id) from mentions where authority_id = 'us/pl/95/511'").fetchone()[0]
    assert (fisa["kind"], fisa["label"], fisa["authority_kind"]) == ("authority", "FISA", row["kind"])
    assert (fisa["citation"], fisa["url"], fisa["curated"]) == (row["citation"], row["url"], True)
    assert fisa["citations"] == mentions > 0
    assert fisa["citations_rolled_up"] >= mentions and fisa["citing_documents"] >= documents
    assert 0 < fisa["pagerank"] < 1
    assert all("pagerank" in attrs for _, attrs in again.nodes(data=True))


def test_graph_export_rolls_citations_of_parts_up(kb_path, kb: sqlite3.Connection):
    graph = load_graph(kb_path, "citations")
    constitution, fourth = graph.nodes["authority:us/const"], graph.nodes["authority:us/const/amdt4"]
    assert kb.execute("select 1 from authority_relations where source_id = 'us/const/amdt4' and relation = 'part_of' "
                      "and target_id = 'us/const'").fetchone()
    assert fourth["citations"] > 0
    assert constitution["citations_rolled_up"] >= constitution["citations"] + fourth["citations_rolled_up"]
    counts = citation_counts(kb)  # the build's own counts, one rule for every page and export
    assert (constitution["citations"], constitution["citations_rolled_up"], constitution["citing_documents"]) == counts["us/const"]


def test_graph_authority_parts_is_the_rule_the_rolled_up_counts_follow(kb: sqlite3.Connection):
    parts = {(whole, part): depth for whole, part, depth in kb.execute("select authority_id, part_id, depth from authority_parts")}
    assert parts[("us/const", "us/const/amdt4")] == 1
    assert ("us/dod/dodd/3000.09", "us/dod/dodd/3000.09/2012-11-21") not in parts  # a version is not a part
    assert not any(whole == part for whole, part in parts)
    counts = citation_counts(kb)
    direct = {aid: found[0] for aid, found in counts.items()}
    for whole in ("us/const", "us/usc/t50"):
        below = sum(direct.get(part, 0) for (w, part) in parts if w == whole)
        assert counts[whole][1] == direct[whole] + below


def test_graph_authority_parts_rebuilt_in_place_equal_a_full_build(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("# A\n\nThe vendor relies on the Fourth Amendment and on 42 U.S.C. 2000ee.\n")
    in_place, full = tmp_path / "in_place.db", tmp_path / "full.db"
    build_command(["--corpus", str(corpus), "--db", str(in_place)])
    (corpus / "b.md").write_text("# B\n\nSection 5 of the Fourteenth Amendment and 6 U.S.C. 659 apply.\n")
    (corpus / "a.md").unlink()
    build_command(["--corpus", str(corpus), "--db", str(in_place)])
    build_command(["--corpus", str(corpus), "--db", str(full)])
    rows = "select authority_id, part_id, depth from authority_parts order by 1, 2"
    with sqlite3.connect(in_place) as rebuilt, sqlite3.connect(full) as fresh:
        assert rebuilt.execute(rows).fetchall() == fresh.execute(rows).fetchall()
        assert {("us/const/amdt14", "us/const/amdt14/s5", 1), ("us/const", "us/const/amdt14/s5", 2)} <= set(rebuilt.execute(rows).fetchall())
        assert not rebuilt.execute("select 1 from authority_parts where part_id = 'us/usc/t42/s2000ee'").fetchone()


def test_graph_export_scope_citations_keeps_documents_authorities_and_their_relations(kb_path, kb: sqlite3.Connection):
    graph = load_graph(kb_path, "citations")
    count = {kind: n for kind, n in kb.execute("select kind, count(*) from nodes group by kind")}
    kinds = [attrs["kind"] for _, attrs in graph.nodes(data=True)]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {k: count[k] for k in ("document", "authority", "generic_law")}
    relations = {relation for _, _, relation in graph.edges(data="relation")}
    assert "cites" in relations and "part_of" in relations and not relations & {"contains", "made_by", "about", "states"}
    cites = [(s, t, w) for s, t, r, w in ((s, t, d["relation"], d["weight"]) for s, t, d in graph.edges(data=True)) if r == "cites"]
    assert all(graph.nodes[s]["kind"] == "document" for s, _, _ in cites)  # a unit's citation is its document's
    assert sum(w for _, _, w in cites) == kb.execute("select count(*) from edges where relation = 'cites'").fetchone()[0]
    assert sum(graph.nodes[n]["pagerank"] for n in graph) == pytest.approx(1.0, abs=1e-6)


def test_graph_export_scope_all_keeps_claims_and_their_evidence(kb_path, tmp_path):
    graph = load_graph(kb_path, "all")
    assert "claim" in {kind for _, kind in graph.nodes(data="kind")}
    gexf = nx.read_gexf(export(graph, tmp_path)[1])
    cited = next(d for _, _, d in gexf.edges(data=True) if d["relation"] == "cites")
    assert "evidence_start" in cited and "start" not in cited  # GEXF reads start/end as a time interval


def test_graph_export_writes_text_xml_cannot_hold(tmp_path):
    """Regression: a PDF's form feed in a label made GraphML writing raise ValueError."""
    graph = nx.MultiDiGraph()
    graph.add_node("document:a", kind="document", label="Page one\x0cPage two")
    graphml, gexf, node_link = export(graph, tmp_path)
    assert nx.read_graphml(graphml).nodes["document:a"]["label"] == "Page one Page two"
    assert nx.read_gexf(gexf).nodes["document:a"]["label"] == "Page one Page two"
    assert json.loads(node_link.read_text(encoding="utf-8"))["nodes"][0]["label"] == "Page one\x0cPage two"


def test_graph_export_scope_from_the_command_line(tmp_path):
    db, out = tmp_path / "kb.db", tmp_path / "graph"
    assert build_command(["--corpus", str(CORPUS), "--db", str(db), "--export", str(out), "--export-scope", "citations", "--quiet"]) == 0
    kinds = {attrs["kind"] for _, attrs in nx.read_gexf(out / "kb.gexf").nodes(data=True)}
    assert kinds == {"document", "authority", "generic_law"}
    with pytest.raises(ValueError, match="scope"):
        load_graph(db, "claims")
