"""The citation network page: documents, the authorities they cite and how those relate, as server-drawn SVG.

``/<db>/-/network?document=&kind=&relation=`` (each may repeat): no
paragraphs or claims, only what ``kb.graph.network`` keeps. The whole
network is read once per served database and each filtered drawing once
(``graph_cache``); past ``MAX_NODES`` the most connected nodes are drawn and
the page says how many were left out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
from datasette.utils.asgi import NotFound

from kb.datasette import graph_svg, links
from kb.datasette.graph_cache import cache_for
from kb.datasette.neighbourhood import has_graph_tables
from kb.graph.network import CITES, Citations, Network, Node, read, select, truncate

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

MAX_NODES = 200
"""Beyond this a column of labels is taller than any screen; the page says what was left out."""
DOCUMENT_RADIUS = 6.0
MAX_RADIUS = graph_svg.ROW / 2 - 1
"""Circles in a column never touch."""


def href(datasette: Datasette, database: str, node: Node) -> str:
    """Where a node leads: a document to the reader, an authority to its citations, unnamed law to its mentions."""
    if node.kind == "document":
        return links.page(datasette, database, "reader", document=node.ref_id)
    if node.kind == "authority":
        return links.page(datasette, database, "mentions", authority=node.ref_id)
    return datasette.urls.table(database, "mentions") + "?kind=generic"


def tooltip(node: Node, counts: Citations | None) -> str:
    """The node's full name, what it is and how often it is cited, for its ``<title>``."""
    lines = [node.label, node.authority_kind or node.kind.replace("_", " ")]
    if node.citation and node.citation != node.label:
        lines.append(node.citation)
    if counts is not None:
        lines.append(f"cited {counts.direct} time{'' if counts.direct == 1 else 's'}, {counts.rolled_up} with its parts, "
                     f"in {counts.documents} document{'' if counts.documents == 1 else 's'}")
    return "\n".join(lines)


def radius(counts: Citations | None) -> float:
    """Documents alike; an authority larger the more documents cite it or its parts."""
    return DOCUMENT_RADIUS if counts is None else min(MAX_RADIUS, 3.0 + counts.documents ** 0.5)


def drawing(datasette: Datasette, database: str, shown: Network) -> nx.MultiDiGraph:
    """The shown network as the graph ``graph_svg.render_network`` draws."""
    graph, counts = nx.MultiDiGraph(), shown.citations
    for node in shown.nodes.values():
        graph.add_node(node.id, kind=node.kind, label=node.label, href=href(datasette, database, node),
                       title=tooltip(node, counts.get(node.id)), radius=radius(counts.get(node.id)))
    for link in shown.links:
        graph.add_edge(link.source, link.target, key=link.relation, relation=link.relation, weight=link.weight)
    return graph


def _chosen(values: Sequence[str]) -> tuple[str, ...] | None:
    """The values a repeated parameter asks for, or None (everything) when it asks for none."""
    found = tuple(sorted({v.strip() for v in values if v.strip()}))
    return found or None


async def network_context(
    datasette: Datasette, db: Database, documents: Sequence[str], kinds: Sequence[str], relations: Sequence[str]
) -> dict[str, Any]:
    """Template context of the network page; NotFound for a database without graph tables or an unknown document."""
    if not await has_graph_tables(db):
        raise NotFound("This database has no nodes and edges tables; build it again to see its citation network")
    cache = cache_for(datasette)
    whole: Network = await cache.get(("network", db.name), lambda: db.execute_fn(read))
    chosen = _chosen(documents), _chosen(kinds), _chosen(relations)
    known = {n.ref_id for n in whole.nodes.values() if n.kind == "document"}
    if chosen[0] and (unknown := sorted(set(chosen[0]) - known)):
        raise NotFound(f"No document {unknown[0]!r}")

    async def draw() -> dict[str, Any]:
        return await asyncio.to_thread(_draw, datasette, db.name, whole, *chosen)

    context = dict(await cache.get(("network", db.name, *chosen), draw))
    context.update(database=db.name, filters=_filters(whole), documents=chosen[0] or (), kinds=chosen[1] or (),
                   relations=chosen[2] or ())
    return context


def _draw(
    datasette: Datasette, database: str, whole: Network,
    documents: tuple[str, ...] | None, kinds: tuple[str, ...] | None, relations: tuple[str, ...] | None,
) -> dict[str, Any]:
    """Filter, cut and draw: CPU work, run in a thread."""
    counts = whole.citations
    shown, hidden = truncate(select(whole, documents, kinds, relations), MAX_NODES)
    made: dict[str, int] = {}
    for link in shown.links:
        if link.relation == CITES:
            made[link.source] = made.get(link.source, 0) + link.weight

    def rank(node: Node) -> tuple[bool, int, str]:
        return node.kind != "document", -counts[node.id].direct if node.id in counts else 0, node.label

    return {
        "svg": graph_svg.render_network(drawing(datasette, database, shown)) if shown.nodes else None,
        "hidden": hidden,
        "counts": {kind: sum(1 for n in shown.nodes.values() if n.kind == kind) for kind in ("document", "authority")},
        "rows": [{"node": n, "href": href(datasette, database, n), "citations": counts.get(n.id), "mentions": made.get(n.id, 0)}
                 for n in sorted(shown.nodes.values(), key=rank)],
    }


def _filters(whole: Network) -> dict[str, list[tuple[str, str]]]:
    """The form's choices as (value, label): documents, authority kinds and relations the network holds."""
    documents = sorted((n.label, n.ref_id or "") for n in whole.nodes.values() if n.kind == "document")
    return {
        "documents": [(ref, label) for label, ref in documents],
        "kinds": [(k, k.replace("_", " ")) for k in sorted({n.category for n in whole.nodes.values() if n.kind != "document"})],
        "relations": [(r, r.replace("_", " ")) for r in sorted({link.relation for link in whole.links})],
    }
