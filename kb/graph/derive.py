"""The linked graph: nodes and edges derived from the stored records, and the analyses written back.

The graph is derived from the database after the store has written every
record, so it can never disagree with the tables analysts query. Each node and
edge family is one SQL statement below; ``insert_graph`` runs them, and
``write_analyses`` writes the analyses (degree, PageRank, what each red line
rests on) back as tables; ``kb.graph.export`` reads them back as networkx.
"""

from __future__ import annotations

import sqlite3
from collections import ChainMap, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

import numpy
import sqlite_utils

from kb.graph.pagerank import pagerank
from kb.models import Record, RedLineBasis, RedLineSupport, stable_id
from kb.store.write import save_records

if TYPE_CHECKING:
    pass

GENERIC_LAW = "generic_law:unnamed"
"""The one node standing for law a text leans on without naming it ("applicable law")."""

_UNIT = """coalesce('claim:' || {t}.claim_id, 'clause:' || {t}.clause_id, 'faq:' || {t}.faq_id,
                   'section:' || {t}.section_id, 'document:' || {t}.document_id)"""
"""The smallest unit holding a span, as a node id (claims first, the document last)."""

NODE_SQL: tuple[str, ...] = (
    "select 'document:' || id, 'document', title, 'documents', id, id from documents",
    "select 'section:' || id, 'section', heading, 'sections', id, document_id from sections",
    """select 'clause:' || id, 'clause', 'Clause ' || path || coalesce(': ' || title, ''), 'clauses', id, document_id
       from clauses""",
    "select 'faq:' || id, 'faq', question, 'faq', id, document_id from faq",
    "select 'paragraph:' || id, 'paragraph', text, 'paragraphs', id, document_id from paragraphs",
    "select 'claim:' || id, 'claim', text, 'claims', id, document_id from claims",
    "select 'authority:' || id, 'authority', coalesce(short_name, name), 'authorities', id, null from authorities",
    "select 'red_line:' || id, 'red_line', text, 'red_lines', id, document_id from red_lines",
    "select 'concept:' || id, 'concept', name, 'concepts', id, null from concepts",
    "select 'safeguard:' || id, 'safeguard', name, 'safeguards', id, null from safeguards",
    "select 'organization:' || id, 'organization', name, 'organizations', id, null from organizations",
)

EDGE_SQL: tuple[str, ...] = (
    # contains: the document outline, each unit under its smallest container
    """select coalesce('section:' || parent_id, 'document:' || document_id), 'section:' || id, 'contains',
              document_id, null, null, null from sections""",
    """select coalesce('clause:' || parent_id, 'section:' || section_id, 'document:' || document_id), 'clause:' || id,
              'contains', document_id, null, null, null from clauses""",
    """select coalesce('section:' || section_id, 'document:' || document_id), 'faq:' || id, 'contains',
              document_id, null, null, null from faq""",
    """select coalesce('clause:' || clause_id, 'faq:' || faq_id, 'section:' || section_id, 'document:' || document_id),
              'claim:' || id, 'contains', document_id, null, null, null from claims""",
    # paragraphs cut across clauses and FAQ answers, so they hold claims beside the outline
    """select coalesce('section:' || section_id, 'document:' || document_id), 'paragraph:' || id, 'contains',
              document_id, null, null, null from paragraphs""",
    """select 'paragraph:' || s.paragraph_id, 'claim:' || c.id, 'contains', c.document_id, null, null, null
       from claims c join sentences s on s.id = c.sentence_id where s.paragraph_id is not null""",
    # cites: the smallest unit holding a mention, to the authority or to unnamed law
    f"""select {_UNIT.format(t='m')}, coalesce('authority:' || m.authority_id, '{GENERIC_LAW}'), 'cites',
               m.document_id, m.start, m.end, m.surface from mentions m""",
    # a red line is stated by its claim (or clause) and is an instance of a shared concept
    """select coalesce('claim:' || claim_id, 'clause:' || clause_id, 'document:' || document_id), 'red_line:' || id,
              'states', document_id, start, end, text from red_lines""",
    """select 'red_line:' || id, 'concept:' || concept_id, 'instance_of', document_id, start, end, text
       from red_lines where concept_id is not null""",
    """select source_kind || ':' || source_id, coalesce('red_line:' || red_line_id, 'concept:' || concept_id),
              'addresses', document_id, start, end, surface from concept_links""",
    """select source_kind || ':' || source_id, 'safeguard:' || safeguard_id, 'invokes', document_id, start, end, surface
       from safeguard_links""",
    f"""select 'claim:' || c.claim_id, coalesce('authority:' || d.authority_id, '{GENERIC_LAW}'), 'conditioned_on',
               c.document_id, c.start, c.end, c.surface
        from conditions c join condition_dependencies d on d.condition_id = c.id""",
    """select 'claim:' || id, 'organization:' || speaker_id, 'made_by', document_id, start, end, text
       from claims where speaker_id is not null""",
    """select 'claim:' || id, 'organization:' || about_id, 'about', document_id, start, end, text
       from claims where about_id is not null""",
    """select coalesce('organization:' || source_id, 'claim:' || claim_id), 'organization:' || target_id,
              'compares_with', document_id, start, end, surface from comparisons""",
    """select 'authority:' || source_id, 'authority:' || target_id, relation, null, null, null, null
       from authority_relations""",
    """select 'organization:' || source_id, 'organization:' || target_id, relation, null, null, null, null
       from organization_relations""",
)

CONTEXTS = frozenset({"clause", "paragraph"})
"""Units whose claims protect a red line together with the claim that states or addresses it."""


_SCOPED = "(e.document_id is null or e.document_id in (select id from temp.kb_scope))"
"""Rows a rebuild in place derives again: those of no document (authorities, concepts, ...) and of the documents it parsed."""


def insert_graph(db: sqlite_utils.Database, documents: set[str] | None = None) -> None:
    """Derive ``nodes`` and ``edges`` from the stored records, inside SQLite: no Python object per row.

    Each family of nodes and edges is one statement of ``NODE_SQL`` and
    ``EDGE_SQL``. Edge ids are derived by ``stable_id`` (registered as a SQL
    function) from the endpoints, relation and evidence span, so they survive
    rebuilds; an edge whose endpoint is not a node is dropped.

    Args:
        db: the database being built, every record written.
        documents: for a rebuild that updates the previous database in place,
            the documents it parsed: their nodes and edges are derived, and
            those of no document (authorities, concepts, ...) derived again;
            the other documents' stay as they are. None derives everything.
    """
    conn = db.conn
    conn.create_function("kb_stable_id", -1, stable_id, deterministic=True)
    scope = ""
    with conn:
        if documents is not None:
            conn.execute("create temp table if not exists kb_scope (id text primary key)")
            conn.execute("delete from temp.kb_scope")
            conn.executemany("insert into temp.kb_scope values (?)", [(d,) for d in sorted(documents)])
            conn.execute("delete from edges where document_id is null")
            conn.execute("delete from nodes where document_id is null")
            scope = f"and {_SCOPED}"
        _insert_nodes(conn, scope)
        _insert_edges(conn, scope)


def _insert_nodes(conn: sqlite3.Connection, scope: str) -> None:
    columns = "id, kind, label, ref_table, ref_id, document_id"
    for sql in NODE_SQL:
        conn.execute(f"insert or replace into nodes ({columns}) with e({columns}) as ({sql}) select * from e where 1 {scope}")
    conn.execute(
        f"insert or replace into nodes ({columns}) values (?, 'generic_law', ?, 'mentions', 'generic', null)",
        [GENERIC_LAW, "Unnamed law (generic reference)"],
    )


def _insert_edges(conn: sqlite3.Connection, scope: str) -> None:
    columns = "id, source, target, relation, document_id, start, end, surface"
    for sql in EDGE_SQL:
        conn.execute(f"""
            insert or replace into edges ({columns})
            with e(source, target, relation, document_id, start, end, surface) as ({sql})
            select kb_stable_id(source, relation, target, document_id, start, end), e.* from e
            where exists (select 1 from nodes where id = e.source) and exists (select 1 from nodes where id = e.target)
            {scope}""")


SUPPORT_RELATIONS = ("instance_of", "states", "addresses", "contains", "cites", "conditioned_on", "invokes")
"""The relations red-line support follows; the others never bear on it."""

NodeData = tuple[str, str, str, str | None]
"""A node as red-line analysis reads it: (kind, label, ref_id, document_id)."""


@dataclass
class Links:
    """One document's links and the nodes they touch, as adjacency lists.

    Red-line analysis only ever follows links drawn from one document's text,
    so it works document by document and never holds the whole graph. Plain
    lists, not a networkx graph: building a ``MultiDiGraph`` per document cost
    more than the analysis.
    """

    nodes: Mapping[str, NodeData]
    out: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    """Node id to the (target, relation) of its links, in edge id order."""
    into: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    """Node id to the (source, relation) of its links, in edge id order."""


def document_links(conn: sqlite3.Connection, document_id: str, shared: Mapping[str, NodeData]) -> Links:
    """One document's links that red-line support follows, and the nodes they touch.

    Args:
        conn: the database's connection.
        document_id: the document whose links are read.
        shared: the nodes of no document (authorities, concepts, ...), read once by the caller.
    """
    marks = ", ".join("?" * len(SUPPORT_RELATIONS))
    edges = conn.execute(
        f"select source, target, relation from edges where document_id = ? and relation in ({marks}) order by id",
        [document_id, *SUPPORT_RELATIONS],
    ).fetchall()
    own: dict[str, NodeData] = {}
    for chunk in _chunks(sorted({n for source, target, _ in edges for n in (source, target)} - shared.keys()), 500):
        own.update((row[0], row[1:]) for row in conn.execute(
            f"select id, kind, label, ref_id, document_id from nodes where id in ({', '.join('?' * len(chunk))})", chunk))
    links = Links(ChainMap(own, shared))  # type: ignore[arg-type]
    for source, target, relation in edges:
        links.out[source].append((target, relation))
        links.into[target].append((source, relation))
    return links


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def write_node_metrics(db: sqlite_utils.Database, documents: set[str] | None = None) -> None:
    """Degree and PageRank of every node.

    PageRank is networkx's, computed by ``kb.graph.pagerank`` on the link arrays:
    building a networkx graph of the whole knowledge base took longer than
    ranking it. Kinds and labels are copied from ``nodes`` inside SQLite.

    Args:
        db: the database being built, its nodes and edges in.
        documents: for a rebuild in place, the documents it parsed (see
            ``insert_graph``): only the rows of their nodes, of nodes of no
            document and of nodes whose degree or rounded PageRank moved are
            written again, since after one document of a thousand changed
            few do. None writes every row, in node id order.
    """
    conn = db.conn
    nodes = sorted(conn.execute("select id, document_id from nodes"))  # numbered in id order, whatever the row order
    index = {node: i for i, (node, _) in enumerate(nodes)}
    links = conn.execute("select source, target from edges").fetchall()
    ends = numpy.fromiter(map(index.__getitem__, chain.from_iterable(links)), dtype=numpy.int64, count=2 * len(links))
    sources, targets = ends[0::2], ends[1::2]
    ranks = [round(r, 8) for r in pagerank(sources, targets, len(nodes)).tolist()]
    outs = numpy.bincount(sources, minlength=len(nodes)).tolist()
    ins = numpy.bincount(targets, minlength=len(nodes)).tolist()
    rows = [(node, i + o, i, o, r) for (node, _), i, o, r in zip(nodes, ins, outs, ranks)]
    if documents is not None:
        stored = {row[0]: row for row in conn.execute("select id, degree, in_degree, out_degree, pagerank from node_metrics")}
        rows = [row for row, (_, document) in zip(rows, nodes)
                if document is None or document in documents or stored.get(row[0]) != row]
    with conn:
        conn.execute("create temp table if not exists kb_metrics (id text primary key, degree, in_degree, out_degree, pagerank)")
        conn.execute("delete from temp.kb_metrics")
        conn.executemany("insert into temp.kb_metrics values (?, ?, ?, ?, ?)", rows)
        conn.execute("delete from node_metrics where id not in (select id from nodes)")
        conn.execute("""
            insert or replace into node_metrics (id, kind, label, degree, in_degree, out_degree, pagerank)
            select m.id, n.kind, substr(n.label, 1, 200), m.degree, m.in_degree, m.out_degree, m.pagerank
            from temp.kb_metrics m join nodes n on n.id = m.id order by m.id""")


def red_line_support(
    links: Links, assuring_claims: set[str], law_safeguards: set[str]
) -> tuple[list[RedLineSupport], list[RedLineBasis]]:
    """What each red line's protection rests on, through the clauses and claims that state or address it.

    The units are the claim or clause that states the red line and every unit
    of its document that addresses it (or its concept); each unit's reach
    extends to the claims it contains. Whatever those units cite, lean on as a
    condition or invoke is support; an addressing claim whose modality is an
    assurance counts as the vendor's word.
    """
    nodes = links.nodes
    support: dict[str, RedLineSupport] = {}
    basis: list[RedLineBasis] = []
    touched = sorted(links.out.keys() | links.into.keys())
    for red_line in (n for n in touched if nodes[n][0] == "red_line"):
        _, text, ref_id, document_id = nodes[red_line]
        concept = next((t for t, r in links.out[red_line] if r == "instance_of"), None)
        units = _protecting_units(links, red_line, concept, document_id)
        counts: dict[str, set[str]] = defaultdict(set)
        for unit in sorted(units):
            for kind, target in _supports(links, unit, assuring_claims, law_safeguards):
                counts[kind].add(target)
                row_id = stable_id(red_line, kind, target, unit)
                support[row_id] = RedLineSupport(
                    id=row_id, red_line_id=ref_id, document_id=document_id, support_kind=kind,  # type: ignore[arg-type]
                    target_id=target, target_label=nodes[target][1][:200], via_id=unit, via_kind=nodes[unit][0],
                )
        basis.append(RedLineBasis(
            id=ref_id, document_id=document_id, concept_id=nodes[concept][2] if concept else None, text=text,  # type: ignore[arg-type]
            named_authorities=len(counts["authority"]), generic_law=len(counts["generic_law"]),
            safeguards=len(counts["safeguard"]), assurances=len(counts["assurance"]), basis=_verdict(counts),
        ))
    return sorted(support.values(), key=lambda s: s.id), basis


def _protecting_units(links: Links, red_line: str, concept: str | None, document_id: str | None) -> set[str]:
    """Claims and clauses of the red line's document that state or address it or its concept.

    A document may state one red line twice (a list, then an FAQ answer);
    both rest on whatever addresses their shared concept there. A claim
    brings in the other claims of its clause and of its paragraph, because a
    protection is stated around the prohibition, not in it: the directive to
    follow in the clause's next sentence, "our classifiers block such
    requests" right after "will not be used for".
    """
    nodes = links.nodes
    targets = {red_line}
    if concept:
        targets.add(concept)
        targets |= {s for s, r in links.into[concept] if r == "instance_of" and nodes[s][3] == document_id}
    units = {
        s for t in targets for s, r in links.into[t]
        if r in ("states", "addresses") and nodes[s][3] == document_id
    }
    context = {s for u in units for s, r in links.into[u] if r == "contains" and nodes[s][0] in CONTEXTS}
    units |= context | {t for u in context | units if nodes[u][0] in CONTEXTS
                        for t, r in links.out[u] if r == "contains"}
    return {u for u in units if nodes[u][0] in ("clause", "claim")}


def _supports(links: Links, unit: str, assuring_claims: set[str], law_safeguards: set[str]) -> list[tuple[str, str]]:
    """What one unit rests on; a safeguard whose basis is law ("existing law") is also unnamed law."""
    found = []
    for target, relation in links.out[unit]:
        kind = links.nodes[target][0]
        if relation in ("cites", "conditioned_on") and kind in ("authority", "generic_law"):
            found.append((kind, target))
        elif relation == "invokes":
            found.append(("safeguard", target))
            if target in law_safeguards:
                found.append(("generic_law", target))
    if unit in assuring_claims:
        found.append(("assurance", unit))
    return found


def _verdict(counts: dict[str, set[str]]) -> str:
    if counts["authority"]:
        return "named law"
    if counts["generic_law"]:
        return "generic law only"
    if counts["safeguard"] or counts["assurance"]:
        return "vendor controls and assurances only"
    return "nothing stated"


def write_analyses(db: sqlite_utils.Database, documents: set[str] | None = None) -> None:
    """Write the graph's analyses: node metrics, and what each red line rests on.

    Args:
        db: the database being built, its nodes and edges in (``insert_graph``).
        documents: for a rebuild in place, the documents it parsed: only their
            red lines are analysed again. None analyses every document's.
            PageRank is global and always computed again.
    """
    write_node_metrics(db, documents)
    conn = db.conn
    assuring = {f"claim:{row[0]}" for row in conn.execute("select id from claims where modality = 'assurance'")}
    law = {f"safeguard:{row[0]}" for row in conn.execute("select id from safeguards where basis = 'law'")}
    shared = {row[0]: row[1:] for row in conn.execute(
        "select id, kind, label, ref_id, document_id from nodes where document_id is null")}
    found: list[Record] = []
    for (document_id,) in conn.execute("select distinct document_id from red_lines order by document_id").fetchall():
        if documents is None or document_id in documents:
            support, basis = red_line_support(document_links(conn, document_id, shared), assuring, law)
            found += [*support, *basis]
    save_records(db, found)
    if documents is not None:
        _relabel_shared_support(conn)


def _relabel_shared_support(conn: sqlite3.Connection) -> None:
    """Name the nodes of no document in kept documents' red-line support as those nodes are named now.

    A kept document's support rows point at authorities whose version (and
    so whose label) a document parsed by this rebuild may have changed.
    """
    label = "(select substr(n.label, 1, 200) from nodes n where n.id = red_line_support.target_id)"
    with conn:
        conn.execute(f"""update red_line_support set target_label = {label}
                         where target_id in (select id from nodes where document_id is null) and target_label is not {label}""")
