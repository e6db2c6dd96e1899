"""The neighbourhood of one node, read from ``nodes``/``edges`` or, before those exist, from foreign keys.

A node is addressed the way ``nodes.id`` addresses it (``kind:id``), and an
authority also by any name the ``authority_lookup`` view knows
(``authorities:FISA``, ``authority:FISA``, or ``FISA`` alone; see ``kb.datasette.lookup``). A
database built before the graph tables existed still has a graph: its
foreign keys (a mention points at its authority and its clause, a clause at
its document), with rows addressed as ``table:id``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx
from datasette.utils.asgi import NotFound

from kb.datasette import links
from kb.datasette.lookup import UnknownAuthority, resolve_authority, unknown_authority
from kb.datasette.tables import has_columns, labels

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

MAX_NODES = 60
"""Beyond this a drawing stops being readable; the page says the neighbourhood was cut."""
PER_LINK = 12
"""Rows followed per foreign key per node, so a document does not pull in every sentence."""

Link = tuple[str, str, str]
"""(source node, target node, relation)."""
Step = Callable[[set[str]], Awaitable[list[Link]]]
AUTHORITY_PREFIXES = ("authorities", "authority")
"""How a node address names an authority: as a row (``authorities:``) or as a ``nodes.id`` (``authority:``)."""


@dataclass
class Neighbourhood:
    """The drawn graph: node attributes label, kind, href; edge attribute relation."""

    graph: nx.MultiDiGraph
    center: str
    relations: list[str]
    truncated: bool


async def has_graph_tables(db: Database) -> bool:
    """True when the build wrote the ``nodes`` and ``edges`` tables."""
    return await has_columns(db, "nodes", "id", "kind", "label", "ref_table", "ref_id") and await has_columns(
        db, "edges", "source", "target", "relation"
    )


def edge_step(db: Database, relation: str | None) -> Step:
    """Expand a frontier along ``edges`` (both directions)."""

    async def step(frontier: set[str]) -> list[Link]:
        ids = sorted(frontier)
        marks = ", ".join("?" for _ in ids)
        where = f"(source in ({marks}) or target in ({marks}))" + (" and relation = ?" if relation else "")
        params = [*ids, *ids, *([relation] if relation else [])]
        sql = f"select source, target, relation from edges where {where} order by relation, source, target, id limit {MAX_NODES * 4}"
        return [tuple(r) for r in (await db.execute(sql, params)).rows]

    return step


def foreign_key_step(db: Database, relation: str | None) -> Step:
    """Expand a frontier of ``table:id`` nodes along foreign keys, outgoing and incoming."""

    async def step(frontier: set[str]) -> list[Link]:
        keys = await db.get_all_foreign_keys()
        hidden = set(await db.hidden_table_names())
        found: list[Link] = []
        for node in sorted(frontier):
            table, _, row_id = node.partition(":")
            for fk in keys.get(table, {}).get("outgoing", []):
                name = fk["column"].removesuffix("_id")
                if relation in (None, name) and fk["other_column"] == "id":
                    sql = f"select [{fk['column']}] from [{table}] where id = :id"
                    found += [(node, links.node_id(fk["other_table"], r[0]), name)
                              for r in (await db.execute(sql, {"id": row_id})).rows if r[0] is not None]
            for fk in keys.get(table, {}).get("incoming", []):
                name = fk["other_column"].removesuffix("_id")
                if relation in (None, name) and fk["other_table"] not in hidden and fk["column"] == "id":
                    sql = f"select id from [{fk['other_table']}] where [{fk['other_column']}] = :id order by id limit {PER_LINK}"
                    found += [(links.node_id(fk["other_table"], r[0]), node, name)
                              for r in (await db.execute(sql, {"id": row_id})).rows]
        return found

    return step


async def expand(center: str, depth: int, step: Step) -> tuple[nx.MultiDiGraph, bool]:
    """Breadth-first from ``center`` for ``depth`` hops, keeping at most ``MAX_NODES`` nodes."""
    graph = nx.MultiDiGraph()
    graph.add_node(center)
    frontier, truncated = {center}, False
    for _ in range(depth):
        reached: set[str] = set()
        for source, target, relation in await step(frontier):
            new = [node for node in dict.fromkeys((source, target)) if node not in graph]
            if graph.number_of_nodes() + len(new) > MAX_NODES:
                truncated = True
                continue
            graph.add_nodes_from(new)
            reached.update(new)
            graph.add_edge(source, target, key=relation, relation=relation)
        frontier = reached
    return graph, truncated


async def describe_from_nodes(datasette: Datasette, db: Database, graph: nx.MultiDiGraph) -> None:
    """Label, kind and row link of each node from the ``nodes`` table."""
    ids = list(graph.nodes)
    marks = ", ".join("?" for _ in ids)
    rows = (await db.execute(f"select id, kind, label, ref_table, ref_id from nodes where id in ({marks})", ids)).rows
    for node_id, kind, label, ref_table, ref_id in rows:
        href = links.row(datasette, db.name, ref_table, ref_id) if ref_table and ref_id else links.row(datasette, db.name, "nodes", node_id)
        graph.nodes[node_id].update(label=label or node_id, kind=kind, href=href)


async def describe_from_rows(datasette: Datasette, db: Database, graph: nx.MultiDiGraph) -> None:
    """Label, kind (the table) and row link of each ``table:id`` node."""
    by_table: dict[str, list[str]] = {}
    for node in graph.nodes:
        table, _, row_id = node.partition(":")
        by_table.setdefault(table, []).append(row_id)
    for table, ids in by_table.items():
        names = await labels(db, table, ids)
        for row_id in ids:
            graph.nodes[links.node_id(table, row_id)].update(
                label=names.get(row_id, row_id), kind=table, href=links.row(datasette, db.name, table, row_id)
            )


async def relations(db: Database, graph_tables: bool) -> list[str]:
    """Relations the filter offers: those in ``edges``, else the foreign-key column names."""
    if graph_tables:
        return [r[0] for r in (await db.execute("select distinct relation from edges order by relation")).rows]
    keys = await db.get_all_foreign_keys()
    return sorted({fk["column"].removesuffix("_id") for table in keys.values() for fk in table["outgoing"]})


async def locate(db: Database, node: str) -> tuple[str, bool]:
    """The node to draw for ``node`` and whether it lives in ``nodes``/``edges``.

    ``node`` is a ``nodes.id`` or a ``table:id`` row address; a row the graph
    tables do not hold (or a database without them) is drawn from foreign keys.
    An authority's id may be any name of it (``authorities:FISA``), resolved
    to its id first; a name shared by several authorities draws the first by id.
    A ``node`` that addresses nothing may be an authority's name alone
    (``FISA``, ``E.O. 12333``).

    Raises:
        UnknownAuthority: an authority's name (``authorities:…``, or a bare
            name without ``:``) names none; it suggests the closest.
        NotFound: any other address that addresses nothing.
    """
    if not node.strip():
        raise NotFound("Name a node (?node=)")
    table, _, row_id = node.partition(":")

    async def unknown(asked: str, prefix: str) -> UnknownAuthority:
        # db.ds is the Datasette serving db: the suggestions link to their own graphs
        return await unknown_authority(db.ds, db, asked, lambda found: links.page(db.ds, db.name, "graph", node=f"{prefix}:{found}"))

    if table in AUTHORITY_PREFIXES:
        found = await resolve_authority(db, row_id)
        if found is None:
            raise await unknown(row_id, table)
        row_id, node = found, f"{table}:{found}"
    if await has_graph_tables(db):
        if (await db.execute("select 1 from nodes where id = :id", {"id": node})).rows:
            return node, True
        sql = "select id from nodes where ref_table = :table and ref_id = :id limit 1"
        if rows := (await db.execute(sql, {"table": table, "id": row_id})).rows:
            return rows[0][0], True
    if await has_columns(db, table, "id") and (
        await db.execute(f"select 1 from [{table}] where id = :id", {"id": row_id})
    ).rows:
        return node, False
    if table not in AUTHORITY_PREFIXES and (found := await resolve_authority(db, node)) is not None:
        return await locate(db, f"{AUTHORITY_PREFIXES[0]}:{found}")
    if ":" not in node:
        raise await unknown(node, AUTHORITY_PREFIXES[0])
    raise NotFound(f"No node {node!r}")


async def neighbourhood(datasette: Datasette, db: Database, node: str, depth: int, relation: str | None) -> Neighbourhood:
    """The graph around ``node`` (see ``locate``); NotFound when there is no such node."""
    center, graph_tables = await locate(db, node)
    step = edge_step(db, relation) if graph_tables else foreign_key_step(db, relation)
    graph, truncated = await expand(center, depth, step)
    describe = describe_from_nodes if graph_tables else describe_from_rows
    await describe(datasette, db, graph)
    for node_id, attrs in graph.nodes(data=True):
        attrs.setdefault("label", node_id)
        attrs.setdefault("kind", node_id.partition(":")[0])
        attrs["graph_href"] = links.page(datasette, db.name, "graph", node=node_id, depth=depth, relation=relation)
        attrs.setdefault("href", attrs["graph_href"])
    return Neighbourhood(graph, center, await relations(db, graph_tables), truncated)
