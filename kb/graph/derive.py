"""The linked graph: nodes and edges derived from the stored records, and the analyses written back.

The graph is derived from the database after the store has written every
record, so it can never disagree with the tables analysts query. Each node and
edge family is one SQL statement below; ``insert_graph`` runs them, and
``write_analyses`` writes the analyses (degree, PageRank) back as tables and
settles what only the corpus knows about red-line verdicts; ``kb.graph.export`` reads them back as networkx.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from itertools import chain

import numpy
import sqlite_utils

from kb.graph.citations import (
    write_authority_citations,
    write_authority_document_citations,
    write_authority_parts,
    write_citation_counts,
)
from kb.graph.pagerank import pagerank
from kb.models import GENERIC_LAW_NODE
from kb.store.views import write_authority_keys

_UNIT = """coalesce('claim:' || {t}.claim_id, 'clause:' || {t}.clause_id, 'faq:' || {t}.faq_id,
                   'section:' || {t}.section_id, 'document:' || {t}.document_id)"""
"""The smallest unit holding a span, as a node id (claims first, the document last)."""

NODE_SQL: tuple[str, ...] = (
    "select 'document:' || id, 'document', title, 'documents', id, id from documents",
    "select 'section:' || id, 'section', heading, 'sections', id, document_id from sections",
    """select 'clause:' || id, 'clause', case when instr(designation, ' ') then designation else 'Clause ' || designation end
              || coalesce(': ' || title, ''), 'clauses', id, document_id
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
    f"""select {_UNIT.format(t='m')}, coalesce('authority:' || m.authority_id, '{GENERIC_LAW_NODE}'), 'cites',
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
    f"""select 'claim:' || c.claim_id, coalesce('authority:' || d.authority_id, '{GENERIC_LAW_NODE}'), 'conditioned_on',
               c.document_id, c.start, c.end, c.surface
        from conditions c join condition_dependencies d on d.condition_id = c.id""",
    # protects: each support the text ties to a red line, with the support as evidence (kb.link.protection)
    """select target_id, 'red_line:' || red_line_id, 'protects', document_id, start, end, surface
       from red_line_support""",
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

_SCOPED = "(e.document_id is null or e.document_id in (select id from temp.kb_scope))"
"""Rows a rebuild in place derives again: those of no document (authorities, concepts, ...) and of the documents it parsed."""


def insert_graph(db: sqlite_utils.Database, documents: set[str] | None = None) -> None:
    """Derive ``nodes`` and ``edges`` from the stored records, inside SQLite: no Python object per row.

    Each family of nodes and edges is one statement of ``NODE_SQL`` and
    ``EDGE_SQL``. Edge ids are derived by ``stable_id`` (``edge_id``, registered
    as a SQL function) from the endpoints, relation and evidence span, so they
    survive rebuilds; an edge whose endpoint is not a node is dropped. Each
    node carries ``key`` (``node_key``) and each edge its ends' keys.

    Args:
        db: the database being built, every record written.
        documents: for a rebuild that updates the previous database in place,
            the documents it parsed: their nodes and edges are derived, and
            those of no document (authorities, concepts, ...) derived again;
            the other documents' stay as they are. None derives everything.
    """
    conn = db.conn
    conn.create_function("kb_edge_id", 6, edge_id, deterministic=True)
    scope = ""
    with conn:
        if documents is not None:
            _set_scope(conn, documents)
            conn.execute("delete from edges where document_id is null")
            conn.execute("delete from nodes where document_id is null")
            scope = f"and {_SCOPED}"
        _insert_nodes(conn, scope)
        _insert_edges(conn, scope)


def edge_id(source: str, relation: str, target: str, document_id: str | None, start: int | None, end: int | None) -> str:
    """``stable_id(source, relation, target, document_id, start, end)``, spelled out for its one use.

    SQLite calls it once per edge; the general function's loop over its
    arguments cost a third of the time it takes SQLite to derive the edges.
    """
    return hashlib.sha256(f"{source}\x1f{relation}\x1f{target}\x1f{document_id}\x1f{start}\x1f{end}".encode()).hexdigest()[:16]


def _set_scope(conn: sqlite3.Connection, documents: set[str]) -> None:
    """Hold ``documents`` in ``temp.kb_scope``, which the statements of a rebuild in place read."""
    conn.execute("create temp table if not exists kb_scope (id text primary key)")
    conn.execute("delete from temp.kb_scope")
    conn.executemany("insert into temp.kb_scope values (?)", [(d,) for d in sorted(documents)])


def node_key(node_id: str) -> int:
    """``nodes.key``: a signed 64-bit integer from the node id alone, so the same in every build.

    Edges carry their ends' keys (``source_key``, ``target_key``), copied
    when the edge is derived, so ``write_node_metrics`` reads the graph as
    integers instead of matching 2 × 438,000 text ids (at 1,000 documents)
    against the nodes' index. Two ids of one key are detected there.
    """
    return int.from_bytes(hashlib.blake2b(node_id.encode(), digest_size=8).digest(), "big", signed=True)


def _insert_nodes(conn: sqlite3.Connection, scope: str) -> None:
    columns = "id, kind, label, ref_table, ref_id, document_id"
    conn.create_function("kb_node_key", 1, node_key, deterministic=True)
    for sql in NODE_SQL:
        conn.execute(f"""insert or replace into nodes ({columns}, key)
                         with e({columns}) as ({sql}) select *, kb_node_key(id) from e where 1 {scope}""")
    conn.execute(
        f"insert or replace into nodes ({columns}, key) values (?, 'generic_law', ?, 'mentions', 'generic', null, ?)",
        [GENERIC_LAW_NODE, "Unnamed law (generic reference)", node_key(GENERIC_LAW_NODE)],
    )


def _insert_edges(conn: sqlite3.Connection, scope: str) -> None:
    """Each family of edges, inserted in id order.

    Edge ids are hashes, so rows taken in the order they are derived land all
    over the primary key's B-tree; once it outgrows SQLite's page cache every
    insert reads a page (4 million edges at 10,000 documents: 56 s as
    derived, 35 s sorted first).
    """
    columns = "id, source, target, relation, document_id, start, end, surface, source_key, target_key"
    for sql in EDGE_SQL:
        conn.execute(f"""
            insert or replace into edges ({columns})
            with e(source, target, relation, document_id, start, end, surface) as ({sql})
            select kb_edge_id(e.source, e.relation, e.target, e.document_id, e.start, e.end) as id, e.*, s.key, t.key
            from e cross join nodes s on s.id = e.source cross join nodes t on t.id = e.target
            where 1 {scope} order by 1""")


def write_node_metrics(db: sqlite_utils.Database, documents: set[str] | None = None) -> None:
    """Degree and PageRank of every node.

    PageRank is networkx's, computed by ``kb.graph.pagerank`` on the link arrays:
    building a networkx graph of the whole knowledge base took longer than
    ranking it. The graph reaches Python only as arrays of integers: nodes
    are numbered in id order, whatever the row order, each link's ends read
    as its nodes' rowids and turned into their numbers; kinds, labels and ids
    are copied from ``nodes`` inside SQLite. Python lists of every node's and
    edge's id took more memory than the rest of the build (350 MB at 3,000
    documents, 1.1 GB at 10,000).

    Args:
        db: the database being built, its nodes and edges in.
        documents: for a rebuild in place, the documents it parsed (see
            ``insert_graph``): only the rows of their nodes, of nodes of no
            document and of nodes whose degree or rounded PageRank moved are
            written again, since after one document of a thousand changed
            few do. None writes every row, in node id order.
    """
    conn = db.conn
    rowids = _integers(conn.execute("select rowid from nodes order by id"))
    number = numpy.full(int(rowids.max()) + 1 if len(rowids) else 0, -1, dtype=numpy.int32)
    number[rowids] = numpy.arange(len(rowids), dtype=numpy.int32)
    index = _key_index(conn, rowids, number)
    sources, targets = _keyed_ends(conn, number, index)
    linked = (sources >= 0) & (targets >= 0)
    sources, targets = sources[linked], targets[linked]
    ranks = numpy.array([round(r, 8) for r in pagerank(sources, targets, len(rowids)).tolist()])
    outs = numpy.bincount(sources, minlength=len(rowids))
    ins = numpy.bincount(targets, minlength=len(rowids))
    written = numpy.arange(len(rowids)) if documents is None else _moved(conn, documents, number, index, ins, outs, ranks)
    with conn:
        conn.execute("create temp table if not exists kb_metrics (node integer primary key, degree, in_degree, out_degree, pagerank)")
        conn.execute("delete from temp.kb_metrics")
        conn.executemany("insert into temp.kb_metrics values (?, ?, ?, ?, ?)", _metric_rows(rowids, ins, outs, ranks, written))
        conn.execute("delete from node_metrics where id not in (select id from nodes)")
        conn.execute("""
            insert or replace into node_metrics (id, kind, label, degree, in_degree, out_degree, pagerank, key)
            select n.id, n.kind, substr(n.label, 1, 200), m.degree, m.in_degree, m.out_degree, m.pagerank, n.key
            from nodes n join temp.kb_metrics m on m.node = n.rowid order by n.id""")


def _moved(conn: sqlite3.Connection, documents: set[str], number: numpy.ndarray, index: KeyIndex | None,
           ins: numpy.ndarray, outs: numpy.ndarray, ranks: numpy.ndarray) -> numpy.ndarray:
    """The numbers of the nodes whose metrics row a rebuild in place writes again.

    Those of the parsed ``documents`` and of no document (their kind or label
    may have changed), and those whose degree or rounded PageRank moved,
    compared with the stored rows as arrays: comparing them inside SQLite
    read every row twice and cost more than ranking the graph.
    """
    _set_scope(conn, documents)
    count = len(ranks)
    stored = numpy.full((count, 2), -1, dtype=numpy.int64)
    stored_ranks = numpy.full(count, numpy.nan)
    keyed = _stored_by_key(conn, index)
    if keyed is not None:
        at, degrees, stored_rank = keyed
        present = at >= 0  # rows of nodes gone are dropped by the caller
        stored[at[present]] = degrees[present]
        stored_ranks[at[present]] = stored_rank[present]
    else:
        cursor = conn.execute("""select n.rowid, m.in_degree, m.out_degree, m.pagerank
                                 from node_metrics m join nodes n on n.id = m.id""")
        while rows := cursor.fetchmany(LINK_CHUNK):
            at = number[numpy.fromiter((row[0] for row in rows), dtype=numpy.int64, count=len(rows))]
            stored[at] = [row[1:3] for row in rows]
            stored_ranks[at] = [row[3] for row in rows]
    moved = (stored[:, 0] != ins) | (stored[:, 1] != outs) | (stored_ranks != ranks)
    scoped = _integers(conn.execute(
        "select rowid from nodes where document_id is null or document_id in (select id from temp.kb_scope)"))
    moved[number[scoped]] = True
    return numpy.flatnonzero(moved)


def _stored_by_key(conn: sqlite3.Connection, index: KeyIndex | None) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray] | None:
    """Each stored metrics row's node number (-1: gone), (in-degree, out-degree) and PageRank, matched by ``node_metrics.key``.

    Matching the 145,000 rows to the nodes by their text ids took 0.23 s of a
    rebuild at 1,000 documents. None when a row has no key (written by older
    code) or the nodes have no ``index``: the caller then matches text ids.
    """
    if index is None:
        return None
    # the two degrees packed into one integer, as the text SQLite joins and numpy parses costs by the number
    rows = _concatenated(conn, "node_metrics", "key || ',' || ((in_degree << 32) | out_degree)", 2)
    ranks = _concatenated(conn, "node_metrics", "pagerank", 1, dtype=numpy.float64)
    if rows is None or ranks is None or len(ranks) * 2 != len(rows):
        return None
    packed = rows[1::2]
    return _numbers_of_keys(index, rows[0::2]), numpy.stack([packed >> 32, packed & 0xFFFFFFFF], axis=1), ranks


LINK_CHUNK = 65536
"""Links read into the arrays at a time."""


KeyIndex = tuple[numpy.ndarray, numpy.ndarray]
"""Every node's key, sorted, and the node numbers in that order (``_key_index``)."""


def _key_index(conn: sqlite3.Connection, rowids: numpy.ndarray, number: numpy.ndarray) -> KeyIndex | None:
    """The nodes' keys sorted in an array, to look rows keyed by ``nodes.key`` up without comparing text.

    None when a node has no key (a database of older code) or two nodes share
    one: rows are then matched to the nodes by their text ids.
    """
    pairs = _concatenated(conn, "nodes", "rowid || ',' || key", 2)
    if pairs is None or len(pairs) // 2 != len(rowids):
        return None
    keys = numpy.empty(len(rowids), dtype=numpy.int64)
    keys[number[pairs[0::2]]] = pairs[1::2]
    order = numpy.argsort(keys, kind="stable")
    ordered = keys[order]
    if len(ordered) == 0 or bool((ordered[1:] == ordered[:-1]).any()):
        return None
    return ordered, order


def _numbers_of_keys(index: KeyIndex, keys: numpy.ndarray) -> numpy.ndarray:
    """The node number of each key (-1: no node has it)."""
    ordered, order = index
    found = numpy.minimum(numpy.searchsorted(ordered, keys), len(ordered) - 1)
    return numpy.where(ordered[found] == keys, order[found], -1).astype(numpy.int32)


def _keyed_ends(conn: sqlite3.Connection, number: numpy.ndarray, index: KeyIndex | None) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The node numbers of every edge's source and target, in edge rowid order (-1: no such node).

    Read from the keys the edges carry (``node_key``), looked up in the
    nodes' ``index``: one scan of each table and no text compared. Matching
    the text ids against the nodes' index (``_link_ends``, the way when a
    key is missing or two nodes share one) cost 1.4 s of a 1.6 s rebuild's
    metrics at 1,000 documents.
    """
    ends = _concatenated(conn, "edges", "source_key || ',' || target_key", 2)
    if index is None or ends is None:  # an edge without keys (NULL)
        return _text_ends(conn, number)
    numbers = _numbers_of_keys(index, ends)
    return numbers[0::2], numbers[1::2]


def _concatenated(conn: sqlite3.Connection, table: str, values: str, width: int, chunk: int = LINK_CHUNK,
                  dtype: type[numpy.generic] = numpy.int64) -> numpy.ndarray | None:
    """The numbers ``values`` (``width`` of them per row, comma-joined) of every row of ``table``, flattened in rowid order.

    SQLite joins each chunk of rows into one string, which numpy parses:
    a Python tuple per row took twice as long. None when a row gives NULL.
    A REAL reaches the text as SQLite prints it (15 significant digits),
    which gives back the stored value for the rounded PageRanks.
    """
    last = conn.execute(f"select coalesce(max(rowid), 0) from {table}").fetchone()[0]
    parts: list[numpy.ndarray] = []
    for low in range(0, last + 1, chunk):
        count, text = conn.execute(f"select count(*), group_concat({values}) from {table} where rowid >= ? and rowid < ?",
                                   (low, low + chunk)).fetchone()
        if count:
            part = numpy.fromstring(text, dtype=dtype, sep=",") if text else numpy.empty(0, dtype=dtype)
            if len(part) != width * count:
                return None
            parts.append(part)
    return numpy.concatenate(parts) if parts else numpy.empty(0, dtype=dtype)


def _text_ends(conn: sqlite3.Connection, number: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Every edge's ends as node numbers by their text ids, in edge rowid order (-1: no such node)."""
    last = conn.execute("select coalesce(max(rowid), 0) from edges").fetchone()[0]
    present = numpy.zeros(last + 1, dtype=bool)
    present[_integers(conn.execute("select rowid from edges"))] = True
    sources, targets = (_link_ends(conn, end, number, last)[present] for end in ("source", "target"))
    return sources, targets


def _link_ends(conn: sqlite3.Connection, end: str, number: numpy.ndarray, last: int) -> numpy.ndarray:
    """The node number at one end (``source`` or ``target``) of every edge, by edge rowid (-1: no such edge).

    The edges are read in the order of that end's index, so that the nodes
    are looked up in id order too, page after page, rather than all over
    their index (twice as fast over 4 million edges).
    """
    found = numpy.full(last + 1, -1, dtype=numpy.int32)
    cursor = conn.execute(f"select e.rowid, n.rowid from edges e cross join nodes n on n.id = e.{end} order by e.{end}")
    while rows := cursor.fetchmany(LINK_CHUNK):
        pairs = numpy.fromiter(chain.from_iterable(rows), dtype=numpy.int64, count=2 * len(rows))
        found[pairs[0::2]] = number[pairs[1::2]]
    return found


def _integers(rows: Iterable[tuple[int, ...]]) -> numpy.ndarray:
    """Every value of integer rows, flattened into one array without a Python object per row."""
    return numpy.fromiter(chain.from_iterable(rows), dtype=numpy.int64)


def _metric_rows(rowids: numpy.ndarray, ins: numpy.ndarray, outs: numpy.ndarray, ranks: numpy.ndarray,
                 written: numpy.ndarray, chunk: int = 65536) -> Iterator[tuple[int, int, int, int, float]]:
    """(node rowid, degree, in-degree, out-degree, rounded PageRank) of the ``written`` node numbers, a chunk at a time."""
    for at in range(0, len(written), chunk):
        part = written[at:at + chunk]
        for rowid, i, o, r in zip(rowids[part].tolist(), ins[part].tolist(), outs[part].tolist(), ranks[part].tolist()):
            yield rowid, i + o, i, o, r


def write_analyses(db: sqlite_utils.Database, documents: set[str] | None = None) -> None:
    """Write the graph's analyses (node metrics) and bring red-line verdicts up to date with the corpus.

    What protects each red line is found from its document's text
    (``kb.link.protection``); what only the whole corpus knows is settled
    here: the current names of the authorities it rests on, and whether a
    later version supersedes its document; and how often each authority is
    cited, by which documents, and what each is a part of
    (``kb.graph.citations``); and every
    name of every authority, which the ``authority_lookup`` view reads.

    Args:
        db: the database being built, its nodes and edges in (``insert_graph``).
        documents: for a rebuild in place, the documents it parsed; None for a
            full build. PageRank is global and always computed again.
    """
    write_node_metrics(db, documents)
    write_authority_keys(db.conn)
    parts_moved = write_authority_parts(db.conn)
    write_authority_document_citations(db.conn, documents, parts_moved)
    write_citation_counts(db.conn)
    write_authority_citations(db.conn)
    _relabel_shared_support(db.conn)
    _flag_superseded(db.conn)
    write_organization_red_lines(db.conn)


ORGANIZATION_RED_LINES_SQL = """with lines as (
  select red_lines.id, red_lines.concept_id, red_lines.organization_id, red_lines.text, red_lines.kind, red_lines.document_id,
         red_line_basis.basis, red_line_basis.superseded, red_line_basis.conditional_law
  from red_lines join red_line_basis on red_line_basis.id = red_lines.id
),
supports as (
  select distinct lines.concept_id, lines.organization_id, red_line_support.support_kind, red_line_support.target_label
  from lines join red_line_support on red_line_support.red_line_id = lines.id
  where lines.superseded = 0
)
select concepts.name as concept, organizations.name as organization,
       sum(lines.superseded = 0) as red_lines, sum(lines.superseded) as superseded,
       group_concat(distinct case when lines.superseded = 0 then lines.basis end) as basis,
       (select group_concat(target_label, '; ') from (
          select supports.target_label from supports
          where supports.concept_id is lines.concept_id and supports.organization_id is lines.organization_id
            and supports.support_kind = 'authority' order by supports.target_label)) as named_law,
       (select group_concat(target_label, '; ') from (
          select supports.target_label from supports
          where supports.concept_id is lines.concept_id and supports.organization_id is lines.organization_id
            and supports.support_kind = 'safeguard' order by supports.target_label)) as safeguards,
       sum(lines.superseded = 0 and lines.conditional_law) as conditional_law,
       group_concat(lines.text, ' | ') as stated_as, group_concat(distinct lines.kind) as kinds,
       group_concat(distinct documents.title) as documents, lines.concept_id, lines.organization_id
from lines
join documents on documents.id = lines.document_id
left join concepts on concepts.id = lines.concept_id
left join organizations on organizations.id = lines.organization_id
group by lines.concept_id, lines.organization_id
order by concepts.name, organizations.name"""
"""What ``queries/red_lines_by_organization.sql`` asked of every red line before its answer was settled at build time
(``organization_red_lines``), with each row's concept and organisation ids."""


def write_organization_red_lines(conn: sqlite3.Connection) -> None:
    """Settle ``organization_red_lines``: the red lines of each organisation on each concept, in the canned query's order.

    Every row is written again (there are as many as (concept, organisation)
    pairs, about a hundred), once the verdicts and the supersession flags
    it reads are final.
    """
    rows = conn.execute(ORGANIZATION_RED_LINES_SQL).fetchall()
    with conn:
        conn.execute("delete from organization_red_lines")
        conn.executemany(
            """insert into organization_red_lines (id, position, concept, organization, red_lines, superseded, basis, named_law,
                   safeguards, conditional_law, stated_as, kinds, documents, concept_id, organization_id)
               values (coalesce(?, '') || ' ' || coalesce(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(row[-2], row[-1], position, *row) for position, row in enumerate(rows)])


def _relabel_shared_support(conn: sqlite3.Connection) -> None:
    """Name the shared records (authorities, safeguards) red-line support points at as the graph names them.

    The link stage only knows how a document wrote a citation; the record's
    name comes from the registry, and a kept document's rows point at
    authorities whose version (and so whose label) a parsed document may
    have changed.
    """
    label = "(select substr(n.label, 1, 200) from nodes n where n.id = red_line_support.target_id)"
    with conn:
        conn.execute(f"""update red_line_support set target_label = {label}
                         where target_id in (select id from nodes where document_id is null) and target_label is not {label}""")


def _flag_superseded(conn: sqlite3.Connection) -> None:
    """Mark the red lines of documents that a later version in the corpus supersedes, so totals count them once."""
    older = {old for (ids,) in conn.execute("select supersedes from documents where supersedes is not null")
             for old in ids.split()}
    with conn:
        conn.execute("create temp table if not exists kb_superseded (id text primary key)")
        conn.execute("delete from temp.kb_superseded")
        conn.executemany("insert or ignore into temp.kb_superseded values (?)", [(d,) for d in sorted(older)])
        conn.execute("""update red_line_basis set superseded = (document_id in (select id from temp.kb_superseded))
                        where superseded is not (document_id in (select id from temp.kb_superseded))""")
