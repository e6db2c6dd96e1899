"""The knowledge base's graph for analysts: a networkx ``MultiDiGraph``, GraphML (Gephi) and node-link JSON (D3).

networkx is imported inside the functions, not by the module: a build never
needs it, and importing it cost every build 0.2 s.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

if TYPE_CHECKING:
    import networkx as nx


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


def load_graph(db_path: Path) -> nx.MultiDiGraph:
    """The knowledge base's whole graph, read from the ``nodes`` and ``edges`` tables."""
    db = sqlite_utils.Database(db_path)
    return to_networkx(db["nodes"].rows, db["edges"].rows)


def export(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write the graph as GraphML (for Gephi) and node-link JSON (for D3) into ``folder``."""
    import networkx as nx

    folder.mkdir(parents=True, exist_ok=True)
    graphml, node_link = folder / "kb.graphml", folder / "kb.json"
    nx.write_graphml(graph, graphml)
    node_link.write_text(json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False), encoding="utf-8")
    return [graphml, node_link]
