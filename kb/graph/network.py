"""The citation network: documents, the authorities they cite, and how those authorities relate.

The linked graph holds every section, paragraph and claim; an analyst asking
"who cites what" wants none of them. Here a document cites an authority when
any unit of it does, the link counting the mentions behind it, and
authorities link to each other by the relations the registry states
(``part_of``, ``amends``, ``implements``, ``codified_at``, ``supersedes``, ...).
The network page and the ``citations`` export scope both read it from here,
so they cannot disagree. Plain Python over three queries: the server imports
it, and it needs neither numpy nor networkx.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from kb.graph.citations import citation_counts

KINDS = ("document", "authority", "generic_law")
"""Node kinds of the network: unnamed law (``generic_law``) is cited like an authority."""
CITES = "cites"

NODES_SQL = f"""
    select n.id, n.kind, coalesce(n.label, n.id), n.ref_id, a.kind, a.citation, a.curated, coalesce(a.url, d.url)
    from nodes n
    left join authorities a on n.ref_table = 'authorities' and a.id = n.ref_id
    left join documents d on n.ref_table = 'documents' and d.id = n.ref_id
    where n.kind in {KINDS} order by n.id"""
CITES_SQL = f"""
    select 'document:' || document_id, target, count(*) from edges
    where relation = '{CITES}' and document_id is not null group by document_id, target order by 1, 2"""
"""Mentions per (document, cited node): the ``cites`` edges of all the document's units, rolled up to it."""
RELATIONS_SQL = """
    select e.source, e.target, e.relation, count(*) from edges e
    join nodes s on s.id = e.source join nodes t on t.id = e.target
    where s.kind = 'authority' and t.kind = 'authority' group by 1, 2, 3 order by 1, 2, 3"""


@dataclass(frozen=True)
class Node:
    """A document, an authority or unnamed law, with what the network page and the exports show of it."""

    id: str
    kind: str
    label: str
    ref_id: str | None
    authority_kind: str | None = None
    citation: str | None = None
    curated: bool | None = None
    url: str | None = None

    @property
    def category(self) -> str:
        """What the kind filter matches: an authority's own kind (statute, case, ...), else the node kind."""
        return self.authority_kind or self.kind


@dataclass(frozen=True)
class Link:
    """A document citing a node (``weight`` mentions), or an authority relation (``weight`` edges, usually 1)."""

    source: str
    target: str
    relation: str
    weight: int


@dataclass(frozen=True)
class Citations:
    """How often a node is cited: ``direct`` mentions; ``rolled_up`` adds its parts'; ``documents`` cite it or a part.

    For authorities these are ``kb.graph.citations``'s counts (what counts as
    a part is its rule); unnamed law has no parts.
    """

    direct: int
    rolled_up: int
    documents: int


@dataclass
class Network:
    """Nodes by id, the links between them, and the citation counts of the whole network's cited nodes."""

    nodes: dict[str, Node]
    links: list[Link]
    citations: dict[str, Citations]


def read(conn: sqlite3.Connection) -> Network:
    """The whole citation network of a built knowledge base: every document and authority, cited or not."""
    nodes = {
        row[0]: Node(row[0], row[1], str(row[2]), row[3], row[4], row[5], None if row[6] is None else bool(row[6]), row[7])
        for row in conn.execute(NODES_SQL)
    }
    rows = [(s, t, CITES, n) for s, t, n in conn.execute(CITES_SQL)] + conn.execute(RELATIONS_SQL).fetchall()
    links = [Link(*row) for row in rows if row[0] in nodes and row[1] in nodes]
    counts = {f"authority:{aid}": Citations(*found) for aid, found in citation_counts(conn).items()}
    for node in nodes.values():
        if node.kind == "generic_law":
            cites = [link.weight for link in links if link.target == node.id]
            counts[node.id] = Citations(sum(cites), sum(cites), len(cites))
    return Network(nodes, links, {node: found for node, found in counts.items() if node in nodes})


def select(
    network: Network,
    documents: Collection[str] | None = None,
    categories: Collection[str] | None = None,
    relations: Collection[str] | None = None,
) -> Network:
    """The part of the network an analyst asked for; None asks for everything.

    The authorities shown are those the chosen documents cite and those these
    lead to along the chosen relations (a cited amendment leads to the
    Constitution it is part of); authorities nothing cites or leads to are
    left out. Nodes left without a link are dropped.

    Args:
        network: the whole network (``read``).
        documents: document ids (``documents.id``) whose citations to show.
        categories: authority kinds (``statute``, ``case``, ...) or ``generic_law`` to keep.
        relations: relations to draw (``cites``, ``part_of``, ...).
    """
    docs = {n.id for n in network.nodes.values() if n.kind == "document" and (documents is None or n.ref_id in documents)}
    cites = [link for link in network.links if link.relation == CITES and link.source in docs]
    follows = [link for link in network.links if link.relation != CITES and (relations is None or link.relation in relations)]
    onward: dict[str, list[str]] = defaultdict(list)
    for link in follows:
        onward[link.source].append(link.target)
    reached = {link.target for link in cites}
    todo = sorted(reached)
    while todo:
        for target in onward.get(todo.pop(), ()):
            if target not in reached:
                reached.add(target)
                todo.append(target)
    kept = docs | {n for n in reached if categories is None or network.nodes[n].category in categories}
    drawn = [*(cites if relations is None or CITES in relations else ()), *follows]
    links = [link for link in drawn if link.source in kept and link.target in kept]
    return Network(_ends(network, links), links, network.citations)


def truncate(network: Network, limit: int) -> tuple[Network, int]:
    """At most ``limit`` nodes, the most connected first (ties by id), and how many were left out."""
    if len(network.nodes) <= limit:
        return network, 0
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in network.links:
        neighbours[link.source].add(link.target)
        neighbours[link.target].add(link.source)
    kept = set(sorted(network.nodes, key=lambda n: (-len(neighbours[n]), n))[:limit])
    links = [link for link in network.links if link.source in kept and link.target in kept]
    shown = _ends(network, links)
    return Network(shown, links, network.citations), len(network.nodes) - len(shown)


def _ends(network: Network, links: Iterable[Link]) -> dict[str, Node]:
    """The nodes at either end of ``links``, in id order."""
    ends = {end for link in links for end in (link.source, link.target)}
    return {node: network.nodes[node] for node in sorted(ends)}
