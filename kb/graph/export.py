"""The knowledge base's graph for analysts: a networkx ``MultiDiGraph``, written as GraphML, GEXF (Gephi) and node-link JSON (D3).

An export holds either every node and edge (scope ``all``) or the citation
network alone (scope ``citations``: documents, authorities, unnamed law, the
citations between them counted in mentions, and the authorities' relations;
see ``kb.graph.network``). Either way the nodes carry what analysts size and
colour by: the authority's kind, citation, curated flag and URL, its direct
and rolled-up citation counts (``kb.graph.citations``), and the PageRank of
the exported graph.

networkx is imported inside the functions, not by the module: a build never
needs it, and importing it cost every build 0.2 s.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy
import sqlite_utils

from kb.graph import network
from kb.graph.pagerank import pagerank

if TYPE_CHECKING:
    import networkx as nx

SCOPES = ("all", "citations")
"""What an export holds: the whole linked graph, or the citation network."""
GEXF_RENAMED = {"start": "evidence_start", "end": "evidence_end"}
"""Edge attributes GEXF reads as a time interval, renamed in the GEXF file only."""
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, which text read from PDFs may."""


def to_networkx(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` whose node and edge attributes are the rows' columns."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n["id"], {k: v for k, v in n.items() if k != "id" and v is not None}) for n in nodes)
    graph.add_edges_from(
        (e["source"], e["target"], e["id"], {k: v for k, v in e.items() if k not in ("source", "target") and v is not None})
        for e in edges
    )
    return graph


def citation_graph(citations: network.Network) -> nx.MultiDiGraph:
    """The citation network as a ``MultiDiGraph``: one edge per relation between two nodes, ``weight`` its mentions."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n.id, {"kind": n.kind, "label": n.label, "ref_id": n.ref_id}) for n in citations.nodes.values())
    graph.add_edges_from(
        (link.source, link.target, link.relation, {"relation": link.relation, "weight": link.weight}) for link in citations.links
    )
    return graph


def node_attributes(node: network.Node, counts: network.Citations | None) -> dict[str, Any]:
    """What an export adds to a network node: authority kind, citation, curated, url and citation counts."""
    found: dict[str, Any] = {"authority_kind": node.authority_kind, "citation": node.citation, "curated": node.curated, "url": node.url}
    if counts is not None:
        found.update(citations=counts.direct, citations_rolled_up=counts.rolled_up, citing_documents=counts.documents)
    return {key: value for key, value in found.items() if value is not None}


def annotate(graph: nx.MultiDiGraph, citations: network.Network) -> None:
    """Add each network node's attributes (``node_attributes``) and every node's PageRank in ``graph``."""
    for node in citations.nodes.values():
        if node.id in graph:
            graph.nodes[node.id].update(node_attributes(node, citations.citations.get(node.id)))
    index = {node: i for i, node in enumerate(graph)}
    ends = numpy.array([(index[s], index[t]) for s, t in graph.edges()], dtype=numpy.int64).reshape(-1, 2)
    for node, rank in zip(graph, pagerank(ends[:, 0], ends[:, 1], len(index)).tolist()):
        graph.nodes[node]["pagerank"] = round(rank, 8)


def load_graph(db_path: Path, scope: str = "all") -> nx.MultiDiGraph:
    """The knowledge base's graph in ``scope`` (one of ``SCOPES``), read from the database, its nodes annotated.

    Raises:
        ValueError: an unknown scope.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    db = sqlite_utils.Database(db_path)
    citations = network.read(db.conn)
    graph = to_networkx(db["nodes"].rows, db["edges"].rows) if scope == "all" else citation_graph(citations)
    annotate(graph, citations)
    return graph


def for_xml(graph: nx.MultiDiGraph, renamed: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """A copy of ``graph`` that XML can hold: control characters of the text (a PDF's form feed) as spaces.

    Args:
        renamed: edge attributes to rename (``GEXF_RENAMED``).
    """
    import networkx as nx

    def clean(data: dict[str, Any]) -> dict[str, Any]:
        return {(renamed or {}).get(k, k): XML_UNSAFE.sub(" ", v) if isinstance(v, str) else v for k, v in data.items()}

    copy = nx.MultiDiGraph()
    copy.add_nodes_from((XML_UNSAFE.sub(" ", node), clean(data)) for node, data in graph.nodes(data=True))
    copy.add_edges_from(
        (XML_UNSAFE.sub(" ", s), XML_UNSAFE.sub(" ", t), key, clean(data)) for s, t, key, data in graph.edges(keys=True, data=True)
    )
    return copy


def export(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write the graph as GraphML, GEXF (Gephi's own format) and node-link JSON (for D3) into ``folder``."""
    import networkx as nx

    folder.mkdir(parents=True, exist_ok=True)
    graphml, gexf, node_link = folder / "kb.graphml", folder / "kb.gexf", folder / "kb.json"
    nx.write_graphml(for_xml(graph), graphml)
    nx.write_gexf(for_xml(graph, GEXF_RENAMED), gexf)
    node_link.write_text(json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False), encoding="utf-8")
    return [graphml, gexf, node_link]
