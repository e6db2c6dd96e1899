"""How often each authority is cited, directly and through its parts, written back into ``authorities``.

Only the whole corpus knows these counts, so the build settles them after
every record is stored, like the graph's other analyses. What counts as a part
is ``authority_parents``'s rule, and only here: the build writes its closure
to ``authority_parts``, which the canned queries that roll citations up read,
and each document's citations rolled up by it to ``authority_document_citations``,
which the rolled-up counts add up.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter


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
    """(citations, citations_rolled_up, citing_documents) of every authority, from ``mentions`` and ``authority_document_citations``.

    The rolled-up counts add up the settled rows of each authority, which
    ``write_authority_document_citations`` counted over ``authority_parts``,
    so the counts and the queries that roll citations up read one closure,
    computed once; walking every (authority, document) pair up its wholes
    here again took 0.1-0.2 s of a rebuild at 1,000 documents.
    """
    direct = dict(conn.execute("select authority_id, count(*) from mentions where authority_id is not null group by authority_id"))
    rolled = {aid: (citations, documents) for aid, citations, documents in conn.execute(
        "select authority_id, sum(citations), count(*) from authority_document_citations group by authority_id")}
    return {aid: (direct.get(aid, 0), *rolled.get(aid, (0, 0))) for (aid,) in conn.execute("select id from authorities")}


def write_authority_parts(conn: sqlite3.Connection) -> set[str]:
    """Bring ``authority_parts`` up to date: one row per (whole, part) at any depth, with the fewest steps between.

    Only rows that appeared, went or changed depth are written, so that a
    rebuild in place after a small change touches few rows.

    Returns:
        The parts that gained or lost a whole: the documents citing them
        roll up into other authorities than before.
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
    return {part for _, part in stored.keys() ^ wanted.keys()}


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


@dataclass
class _Cited:
    """One document's mentions of an authority and its parts, added up in text order."""

    citations: int = 0
    cited: dict[str, None] = field(default_factory=dict)
    """The authorities the mentions cite, distinct, in order of first mention (a dict keeps insertion order)."""
    written: dict[str, None] = field(default_factory=dict)
    mention_id: str = ""

    def add(self, authority: str, surface: str | None, mention: str) -> None:
        self.citations += 1
        self.cited.setdefault(authority)
        if surface is not None:  # as group_concat leaves NULL out
            self.written.setdefault(surface)
        self.mention_id = min(self.mention_id, mention) if self.mention_id else mention


def write_authority_document_citations(conn: sqlite3.Connection, documents: set[str] | None, parts_moved: set[str]) -> None:
    """Bring ``authority_document_citations`` up to date: each document's mentions of each authority and its parts.

    A document's rows depend only on its own mentions and on what each cited
    authority is a part of, so a rebuild in place counts again only the
    documents it parsed or re-pointed and those citing a part that gained
    or lost a whole; the rows of documents gone are dropped. Mentions are
    read in text order (start, then rowid, as a scan of a document's
    mentions meets them), which the lists' order follows, and one document
    at a time, so that memory stays that of one document's rows.

    Args:
        conn: the database being built, ``authority_parts`` up to date.
        documents: for a rebuild in place, the documents whose mentions may
            have changed; None for a full build, which counts every document.
        parts_moved: what ``write_authority_parts`` returned.
    """
    wholes_of: dict[str, list[str]] = defaultdict(list)
    for whole, part in conn.execute("select authority_id, part_id from authority_parts"):
        wholes_of[part].append(whole)
    scope = "1"
    if documents is not None:
        counted = set(documents)
        for part in sorted(parts_moved):
            counted.update(row[0] for row in conn.execute("select distinct document_id from mentions where authority_id = ?", (part,)))
        conn.execute("create temp table if not exists kb_cited_scope (id text primary key)")
        conn.execute("delete from temp.kb_cited_scope")
        conn.executemany("insert into temp.kb_cited_scope values (?)", [(d,) for d in sorted(counted)])
        scope = "document_id in (select id from temp.kb_cited_scope)"
    with conn:
        if documents is None:
            conn.execute("delete from authority_document_citations")
        else:
            conn.execute(f"delete from authority_document_citations where {scope} or document_id not in (select id from documents)")
        mentions = conn.execute(f"""select document_id, authority_id, surface, id from mentions
                                    where authority_id is not null and {scope} order by document_id, start, rowid""")
        conn.executemany("""insert into authority_document_citations (id, authority_id, document_id, citations, cited_ids, written_as, mention_id)
                            values (?, ?, ?, ?, ?, ?, ?)""", _document_citations(mentions, wholes_of))


def _document_citations(mentions: Iterable[tuple[str, str, str | None, str]],
                        wholes_of: dict[str, list[str]]) -> Iterator[tuple[str, str, str, int, str, str | None, str]]:
    """The rows of ``authority_document_citations`` from mentions in text order, document after document."""
    for document, cites in groupby(mentions, key=itemgetter(0)):
        rows: dict[str, _Cited] = {}
        for _, authority, surface, mention in cites:
            for whole in (authority, *wholes_of.get(authority, ())):
                cited = rows.get(whole)
                if cited is None:
                    cited = rows[whole] = _Cited()
                cited.add(authority, surface, mention)
        for whole, c in sorted(rows.items()):
            yield f"{whole} > {document}", whole, document, c.citations, json.dumps(list(c.cited)), ",".join(c.written) or None, c.mention_id
