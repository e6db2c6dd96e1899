"""How often each authority is cited, directly and through its parts, written back into ``authorities``.

Only the whole corpus knows these counts, so the build settles them after
every record is stored, like the graph's other analyses. What counts as a part
is ``authority_parents``'s rule, and only here: the build writes its closure
to ``authority_parts``, which the canned queries that roll citations up read.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable


def authority_parents(ids: Iterable[str], part_of: Iterable[tuple[str, str]], versions: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each authority's direct wholes: what it is ``part_of``, and the authority whose id is its id's longest path prefix.

    A path prefix (``us/pl/107/347`` of ``us/pl/107/347/s208``) makes a part
    because ids are USLM-style paths, and records made from a citation of an
    act's section have no ``part_of`` link of their own; a version
    (``us/dod/dodd/3000.09/2012-11-21``, linked by ``supersedes``) is not a part.
    Shorter prefixes are wholes of that whole, so only the longest is direct.

    Args:
        ids: every authority id.
        part_of: (part, whole) pairs of ``part_of`` relations.
        versions: (newer, older) pairs of ``supersedes`` relations.
    """
    known = set(ids)
    apart = {frozenset(pair) for pair in versions}
    parents: dict[str, set[str]] = defaultdict(set)
    for part, whole in part_of:
        parents[part].add(whole)
    for authority in known:
        steps = authority.split("/")
        for n in range(len(steps) - 1, 0, -1):
            prefix = "/".join(steps[:n])
            if prefix in known and frozenset((authority, prefix)) not in apart:
                parents[authority].add(prefix)
                break
    return parents


def wholes(authority: str, parents: dict[str, set[str]]) -> dict[str, int]:
    """The authority and everything it is a part of, at any depth, each with its fewest steps up (itself: 0).

    Cycles in curated data are harmless: a whole is reached once, by the shortest way.
    """
    found, level, depth = {authority: 0}, [authority], 0
    while level:
        depth += 1
        above = {whole for part in level for whole in parents.get(part, ()) if whole not in found}
        found.update(dict.fromkeys(above, depth))
        level = sorted(above)
    return found


def citation_counts(conn: sqlite3.Connection) -> dict[str, tuple[int, int, int]]:
    """(citations, citations_rolled_up, citing_documents) of every authority, from ``mentions`` and ``authority_parts``.

    The parts are the table ``write_authority_parts`` settled, so the counts
    and the queries that roll citations up read one closure, computed once.
    """
    ids = [aid for (aid,) in conn.execute("select id from authorities")]
    wholes_of: dict[str, list[str]] = defaultdict(list)
    for whole, part in conn.execute("select authority_id, part_id from authority_parts"):
        wholes_of[part].append(whole)
    direct: dict[str, int] = defaultdict(int)
    rolled: dict[str, int] = defaultdict(int)
    documents: dict[str, set[str]] = defaultdict(set)
    cited = conn.execute("select authority_id, document_id, count(*) from mentions where authority_id is not null group by 1, 2")
    for authority, document, count in cited:
        direct[authority] += count
        for whole in (authority, *wholes_of.get(authority, ())):
            rolled[whole] += count
            documents[whole].add(document)
    return {aid: (direct[aid], rolled[aid], len(documents[aid])) for aid in ids}


def write_authority_parts(conn: sqlite3.Connection) -> None:
    """Bring ``authority_parts`` up to date: one row per (whole, part) at any depth, with the fewest steps between.

    Only rows that appeared, went or changed depth are written, so that a
    rebuild in place after a small change touches few rows.
    """
    ids = [aid for (aid,) in conn.execute("select id from authorities")]
    parents = authority_parents(
        ids,
        conn.execute("select source_id, target_id from authority_relations where relation = 'part_of'"),
        conn.execute("select source_id, target_id from authority_relations where relation = 'supersedes'"),
    )
    wanted = {(whole, part): depth for part in ids for whole, depth in wholes(part, parents).items() if depth}
    stored = {(whole, part): depth for whole, part, depth in conn.execute("select authority_id, part_id, depth from authority_parts")}
    gone = [(f"{whole} > {part}",) for whole, part in stored.keys() - wanted.keys()]
    moved = [(f"{whole} > {part}", whole, part, depth) for (whole, part), depth in sorted(wanted.items()) if stored.get((whole, part)) != depth]
    with conn:
        conn.executemany("delete from authority_parts where id = ?", gone)
        conn.executemany("insert or replace into authority_parts (id, authority_id, part_id, depth) values (?, ?, ?, ?)", moved)


def write_citation_counts(conn: sqlite3.Connection) -> None:
    """Bring ``authorities.citations``, ``citations_rolled_up`` and ``citing_documents`` up to date.

    Only rows whose counts moved are written, so that a rebuild in place
    touches few rows (and few full-text index entries) after a small change.
    """
    stored = {row[0]: tuple(row[1:]) for row in conn.execute(
        "select id, citations, citations_rolled_up, citing_documents from authorities")}
    moved = [(*counts, aid) for aid, counts in citation_counts(conn).items() if stored.get(aid) != counts]
    with conn:
        conn.executemany("update authorities set citations = ?, citations_rolled_up = ?, citing_documents = ? where id = ?", moved)


def write_authority_citations(conn: sqlite3.Connection) -> None:
    """Bring ``authority_citations`` up to date: each cited authority's citing documents and spellings.

    Read from the index on (authority_id, document_id, surface), in its order,
    so ``written_as`` lists the spellings as a lookup of one authority's
    mentions would. Only rows that moved are written.
    """
    wanted = {aid: (documents, written) for aid, documents, written in conn.execute(
        """select authority_id, count(distinct document_id), group_concat(distinct surface)
           from mentions where authority_id is not null group by authority_id""")}
    stored = {row[0]: tuple(row[1:]) for row in conn.execute("select id, documents, written_as from authority_citations")}
    with conn:
        conn.executemany("delete from authority_citations where id = ?", [(aid,) for aid in sorted(stored.keys() - wanted.keys())])
        conn.executemany("insert or replace into authority_citations (id, documents, written_as) values (?, ?, ?)",
                         [(aid, *row) for aid, row in sorted(wanted.items()) if stored.get(aid) != row])
