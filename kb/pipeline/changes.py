"""The change report: how a build differs from the build before it.

Computed on the new database with the previous one attached as ``previous``
(see ``kb.store.write.attach_previous``). Only documents that were extracted, added
or removed are compared unit by unit: a reused document's rows are copies, so
it cannot have changed. Units are matched by text, not id, because ids carry
offsets and an edit near the top of a document moves every offset below it;
a mention's sentence is matched by a hash of its text, computed once per
sentence, so that a long sentence dense with citations costs its length once,
not once per citation in it.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from dataclasses import dataclass

from kb.models import Change, Document, stable_id
from kb.store.write import PREVIOUS


@dataclass(frozen=True)
class Tracked:
    """A kind of unit whose additions and removals are reported.

    ``key`` is an SQL expression over the table aliased ``t`` that says when
    two rows are the same unit; with ``in_sentence``, two rows must also lie
    in sentences of the same text (compared by hash).
    """

    kind: str
    table: str
    key: str
    text: str
    in_sentence: bool = False


TRACKED: tuple[Tracked, ...] = (
    Tracked("clause", "clauses", "t.text", "t.text"),
    Tracked("claim", "claims", "t.text", "t.text"),
    Tracked("mention", "mentions", "coalesce(t.authority_id, '') || char(31) || t.surface || char(31)", "t.surface", in_sentence=True),
)
"""Units reported in ``changes``; a mention is the same when it cites the same authority with the same words in the same sentence."""


def changes(conn: sqlite3.Connection, build_id: int, documents: list[Document], extracted: set[str], first: bool) -> list[Change]:
    """Every difference between the new database (``main``) and the previous one.

    Args:
        conn: the new database's connection, the previous database attached
            unless ``first``.
        build_id: the new build's number.
        documents: the documents now in the corpus, in build order.
        extracted: ids of the documents this build parsed.
        first: no previous build; only the documents are reported as added.
    """
    old = {} if first else {row[0]: row for row in conn.execute(f"SELECT id, sha256, path FROM {PREVIOUS}.documents ORDER BY rowid")}
    out: list[Change] = []
    compared: list[str] = []
    for document in documents:
        before = old.get(document.id)
        if before is None:
            out.append(_change(build_id, "added", "document", document.id, document.id, document.path))
        elif before[1] != document.sha256:
            out.append(_change(build_id, "changed", "document", document.id, document.id, document.path))
        if document.id in extracted or before is None:
            compared.append(document.id)
    current = {d.id for d in documents}
    for document_id, (_, _, path) in old.items():
        if document_id not in current:
            out.append(_change(build_id, "removed", "document", document_id, document_id, path))
            compared.append(document_id)
    if first:
        return out
    for document_id in compared:
        for tracked in TRACKED:
            out += _unit_changes(conn, build_id, tracked, document_id)
    return out + _citation_changes(conn, build_id)


def _unit_changes(conn: sqlite3.Connection, build_id: int, tracked: Tracked, document_id: str) -> list[Change]:
    """Units of one document present on one side only (as a multiset of keys)."""
    sides = {db: _units(conn, db, tracked, document_id) for db in ("main", PREVIOUS)}
    out: list[Change] = []
    for db, other, change in (("main", PREVIOUS, "added"), (PREVIOUS, "main", "removed")):
        surplus = Counter(key for key, _, _ in sides[db]) - Counter(key for key, _, _ in sides[other])
        for key, item_id, text in reversed(sides[db]):
            if surplus[key] > 0:
                surplus[key] -= 1
                out.append(_change(build_id, change, tracked.kind, item_id, document_id, text))
    return sorted(out, key=lambda c: (c.change, c.kind, c.text or "", c.item_id))


def _units(conn: sqlite3.Connection, db: str, tracked: Tracked, document_id: str) -> list[tuple[str, str, str]]:
    """(key, id, text) of each unit of one document in ``db``, in row order."""
    if not tracked.in_sentence:
        sql = f"SELECT {tracked.key}, t.id, {tracked.text} FROM {db}.{tracked.table} AS t WHERE t.document_id = ? ORDER BY t.rowid"
        return [(key, item_id, text) for key, item_id, text in conn.execute(sql, (document_id,))]
    sentences = _sentence_hashes(conn, db, document_id)
    empty = hashlib.sha1(b"").hexdigest()
    sql = f"SELECT {tracked.key}, t.sentence_id, t.id, {tracked.text} FROM {db}.{tracked.table} AS t WHERE t.document_id = ? ORDER BY t.rowid"
    return [(key + sentences.get(sentence_id, empty), item_id, text) for key, sentence_id, item_id, text in conn.execute(sql, (document_id,))]


def _sentence_hashes(conn: sqlite3.Connection, db: str, document_id: str) -> dict[str, str]:
    """The sha1 of each sentence's text of one document in ``db``, by sentence id."""
    rows = conn.execute(f"SELECT id, text FROM {db}.sentences WHERE document_id = ?", (document_id,))
    return {sentence_id: hashlib.sha1((text or "").encode()).hexdigest() for sentence_id, text in rows}


def _citation_changes(conn: sqlite3.Connection, build_id: int) -> list[Change]:
    """Authorities cited now and not before, and the reverse."""
    cited = {
        db: dict(conn.execute(
            f"SELECT a.id, a.name FROM {db}.authorities AS a WHERE a.id IN (SELECT authority_id FROM {db}.mentions) ORDER BY a.id"
        ))
        for db in ("main", PREVIOUS)
    }
    newly = [_change(build_id, "newly_cited", "authority", a, None, n) for a, n in cited["main"].items() if a not in cited[PREVIOUS]]
    gone = [_change(build_id, "no_longer_cited", "authority", a, None, n) for a, n in cited[PREVIOUS].items() if a not in cited["main"]]
    return newly + gone


def _change(build_id: int, change: str, kind: str, item_id: str, document_id: str | None, text: str | None) -> Change:
    return Change(
        id=stable_id(build_id, change, kind, item_id), build_id=build_id, change=change, kind=kind,
        item_id=item_id, document_id=document_id, text=text,
    )


def summary(changes: list[Change]) -> str:
    """One line per kind of item, e.g. ``clauses: 2 added, 1 removed``; empty when nothing changed."""
    counts = Counter((c.kind, c.change) for c in changes)
    lines = []
    for kind, plural in (("document", "documents"), ("clause", "clauses"), ("claim", "claims"), ("mention", "mentions"), ("authority", "authorities")):
        parts = [f"{n} {change.replace('_', ' ')}" for (k, change), n in sorted(counts.items()) if k == kind]
        if parts:
            lines.append(f"  {plural}: {', '.join(parts)}")
    return "\n".join(lines)
