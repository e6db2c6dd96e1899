"""The identity stage: the corpus's equivalences applied to the stored rows, once every document is written.

Each mention keeps the id its own document stated (``mentions.stated_authority_id``),
as does a document that is an authority's text (``documents.stated_authority_id``),
and ``authority_id`` becomes the id the union of every document's
``authority_equivalences`` keeps (``kb.resolve.identity``). Records merged away
leave ``authorities`` for ``merged_authorities``, so one authority is one row
however many forms cite it. Everything is derived again from the stated ids
at every build, full or in place, so removing the only document that tied two
forms splits their records again: the stage first puts back what it set aside
last time, then unites afresh.

Whole-table statements and one pass of union-find over the evidence: no
query per pair of forms, so the stage stays linear in the corpus.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields

import sqlite_utils

from kb.models import MergedAuthority, stable_id
from kb.reference.registry import Registry
from kb.resolve.equivalence import ET_SEQ, preference
from kb.resolve.identity import ACT_RANKS, Identity, best_name, corpus_identity

RECORD_COLUMNS = tuple(f.name for f in fields(MergedAuthority) if f.name != "authority_id")
"""The columns of a record made from a citation, which ``merged_authorities`` keeps."""

_PRODUCED = "select record_id from record_sources where table_name = 'authorities'"
"""Records some current document made (the identity stage makes none of its own)."""


def unite_authorities(db: sqlite_utils.Database, registry: Registry) -> set[str]:
    """Apply the union of every document's equivalences to mentions, evidence, records and what cites them.

    Args:
        db: the database being built, every document's rows and the shared records written.
        registry: the curated registry.

    Returns:
        The documents whose mentions now cite another record than before:
        their graph edges are dropped here, to be derived again.
    """
    conn = db.conn
    with conn:
        _restore(conn)
        identity = corpus_identity(conn.execute("select stated_authority_id, equivalent_id, rule from authority_equivalences"), registry)
        touched = _repoint(conn, identity)
        _set_aside(conn, identity, registry)
        _name_kept(conn, registry)
        _list_conflicts(conn, identity)
    return touched


def _restore(conn: sqlite3.Connection) -> None:
    """Undo the last build's merges: give back the names it chose, drop the records it made, put back the records it set aside that a document still makes."""
    columns = ", ".join(RECORD_COLUMNS)
    conn.execute("update authorities set name = own_name, own_name = null where own_name is not null")
    conn.execute(f"delete from authorities where curated = 0 and id not in ({_PRODUCED})")
    conn.execute(f"""insert or ignore into authorities ({columns}, curated)
                     select {columns}, 0 from merged_authorities where id in ({_PRODUCED})""")
    conn.execute("delete from merged_authorities")


def _repoint(conn: sqlite3.Connection, identity: Identity) -> set[str]:
    """Point every mention, evidence row, document that is an authority's text, and what derives from them at its stated id's canonical record."""
    stated = {row[0] for row in conn.execute("select distinct stated_authority_id from mentions where stated_authority_id is not null")}
    stated |= {row[0] for row in conn.execute("select distinct stated_authority_id from authority_equivalences")}
    stated |= {row[0] for row in conn.execute("select distinct stated_authority_id from documents where stated_authority_id is not null")}
    conn.execute("create temp table if not exists kb_identity (id text primary key, canonical text not null)")
    conn.execute("delete from temp.kb_identity")
    conn.executemany("insert into temp.kb_identity values (?, ?)", [(s, identity.canonical(s)) for s in sorted(stated)])
    conn.execute("create temp table if not exists kb_touched (id text primary key)")
    conn.execute("delete from temp.kb_touched")
    conn.execute("""insert into temp.kb_touched select distinct m.document_id from mentions m
                    join temp.kb_identity i on i.id = m.stated_authority_id where m.authority_id is not i.canonical""")
    conn.execute("""update mentions set authority_id = i.canonical from temp.kb_identity i
                    where i.id = mentions.stated_authority_id and mentions.authority_id is not i.canonical""")
    conn.execute("""update authority_equivalences set authority_id = i.canonical from temp.kb_identity i
                    where i.id = authority_equivalences.stated_authority_id and authority_equivalences.authority_id is not i.canonical""")
    conn.execute("""update documents set authority_id = i.canonical from temp.kb_identity i
                    where i.id = documents.stated_authority_id and documents.authority_id is not i.canonical""")
    touched = "(select id from temp.kb_touched)"
    conn.execute(f"""update condition_dependencies set authority_id = m.authority_id from mentions m
                     where m.id = condition_dependencies.mention_id and condition_dependencies.document_id in {touched}
                       and condition_dependencies.authority_id is not m.authority_id""")
    _repoint_support(conn)
    conn.execute(f"delete from edges where document_id in {touched}")
    return {row[0] for row in conn.execute("select id from temp.kb_touched")}


def _repoint_support(conn: sqlite3.Connection) -> None:
    """Red-line support names the node of the authority its mention cites; the mention is the one with its span."""
    supports = conn.execute("""select id, document_id, start, end, target_id from red_line_support
                               where support_kind = 'authority' and document_id in (select id from temp.kb_touched)""").fetchall()
    if not supports:
        return
    cited = {row[:3]: row[3] for row in conn.execute(
        """select document_id, start, end, authority_id from mentions
           where authority_id is not null and document_id in (select id from temp.kb_touched)""")}
    moved = []
    for support, document, start, end, target in supports:
        authority = cited.get((document, start, end))
        if authority is not None and target != f"authority:{authority}":
            moved.append((f"authority:{authority}", support))
    conn.executemany("update red_line_support set target_id = ? where id = ?", moved)


def _set_aside(conn: sqlite3.Connection, identity: Identity, registry: Registry) -> None:
    """Move the records merged away to ``merged_authorities``; make the kept record where no document made it.

    A record goes when its id is merged into another, or when it only stood
    for "et seq." mentions the union now ties to an act ("44 U.S.C. § 3551"
    made for "44 U.S.C. 3551 et seq."). A section that follows its act to an
    id no document cited ("us/pl/113/283/s3554") takes that id: the record
    the best-kept of its forms made, renamed.
    """
    stored = [row[0] for row in conn.execute("select id from authorities where curated = 0")]
    into = {aid: kept for aid in stored if (kept := identity.canonical(aid)) != aid}
    keyed = {aid: kept for aid in stored if aid not in into and (kept := identity.canonical(aid + ET_SEQ)) != aid}
    if keyed:
        conn.execute("create temp table if not exists kb_keyed (id text primary key)")
        conn.execute("delete from temp.kb_keyed")
        conn.executemany("insert into temp.kb_keyed values (?)", [(aid,) for aid in sorted(keyed)])
        cited = {row[0] for row in conn.execute("select distinct authority_id from mentions where authority_id in (select id from temp.kb_keyed)")}
        into.update((aid, kept) for aid, kept in keyed.items() if aid not in cited)
    if not into:
        return
    columns = ", ".join(RECORD_COLUMNS)
    conn.executemany(f"insert into merged_authorities ({columns}, authority_id) select {columns}, ? from authorities where id = ?",
                     [(kept, aid) for aid, kept in sorted(into.items())])
    present = {row[0] for row in conn.execute("select id from authorities")}
    made: dict[str, str] = {}
    for aid, kept in sorted(into.items(), key=lambda item: preference(item[0], registry)):
        if kept not in present and kept not in made:
            made[kept] = aid
    conn.executemany("""insert into authorities (id, name, kind, citation, url, jurisdiction, curated)
                        select ?, name, kind, citation, url, ?, 0 from merged_authorities where id = ?""",
                     [(kept, kept.split("/", 1)[0], aid) for kept, aid in sorted(made.items())])
    conn.executemany("delete from authorities where id = ?", [(aid,) for aid in sorted(into)])


def _name_kept(conn: sqlite3.Connection, registry: Registry) -> None:
    """Name each non-curated record of an act after the best-named of the forms merged into it (``best_name``).

    "Public Law 108-458", made by the first document to cite the number, becomes
    the act's title another document gave a form of it. A record some document
    made keeps that document's name in ``own_name``, which the next build gives back first.
    """
    names: dict[str, list[str]] = {}
    for kept, own, merged in conn.execute("""select a.id, a.name, m.name from authorities a
                                             join merged_authorities m on m.authority_id = a.id
                                             where a.curated = 0 order by a.id, m.id"""):
        if preference(kept, registry)[0] in ACT_RANKS:
            names.setdefault(kept, [own]).append(merged)
    produced = {row[0] for row in conn.execute(_PRODUCED)}
    renamed = [(name, kept) for kept, forms in sorted(names.items())
               if (name := best_name(forms)) != " ".join(forms[0].split())]
    conn.executemany("update authorities set own_name = name, name = ? where id = ?", [r for r in renamed if r[1] in produced])
    conn.executemany("update authorities set name = ? where id = ?", [r for r in renamed if r[1] not in produced])


def _list_conflicts(conn: sqlite3.Connection, identity: Identity) -> None:
    """Write ``identity_conflicts`` afresh: every evidence row of a class the stage left unmerged."""
    conn.execute("delete from identity_conflicts")
    if not identity.conflicts:
        return
    rows = []
    for eid, document, stated, equivalent, rule, start, end, surface in conn.execute(
            "select id, document_id, stated_authority_id, equivalent_id, rule, start, end, surface from authority_equivalences order by id"):
        if conflict := identity.refused(stated, equivalent, rule):
            rows.append((stable_id(eid, "conflict"), document, eid, rule, stated, equivalent, ", ".join(conflict.clashing),
                         conflict.reason, start, end, surface))
    conn.executemany("""insert into identity_conflicts (id, document_id, equivalence_id, rule, stated_authority_id, equivalent_id,
                                                        clashing, reason, start, end, surface) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
