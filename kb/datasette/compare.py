"""Versions of a document: which documents supersede which, and the compare page of two versions.

A document's front matter ``supersedes: <id>`` makes it the newer version of
that document; the build stores the clause diff of each such pair in
``clause_diffs``, every clause with its word diff (``kb.pipeline.versions.word_diff``).
The compare page renders those word diffs as ``<del>``/``<ins>`` under each
clause's designation, reading the database alone: the diff is the one the
build wrote, not computed again.

``?old=`` and ``?new=`` each take a document's id or title (case and
surrounding spaces ignored); given one, the other is found through the
supersedes link, and given both the wrong way round, they are swapped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from datasette.utils.asgi import BadRequest, NotFound

from kb.datasette import links
from kb.datasette.tables import has_columns
from kb.pipeline.versions import Piece, diff_pieces

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

CHANGES = ("changed", "added", "removed", "moved")
"""The kinds of clause difference, in the order the page counts them."""


@dataclass(frozen=True)
class Version:
    """A document seen from one of its other versions, with the links between the two."""

    id: str
    title: str
    reader_href: str
    row_href: str
    compare_href: str
    """The compare page of this document and the one it is seen from."""


@dataclass(frozen=True)
class ClauseChange:
    """One clause difference as the compare page shows it."""

    change: str
    designation: str
    """The clause as a reader cites it, in the newer version (the older one for a removed clause)."""
    old_designation: str | None
    """The clause's designation in the older version when it differs (a renumbered clause)."""
    title: str | None
    pieces: list[Piece]
    hrefs: list[tuple[str, str]]
    """(label, URL) of the clause's rows in each version and of the difference's row."""


async def supersedes_links(db: Database) -> list[tuple[str, str]]:
    """(newer, older) for every ``supersedes`` between two documents of the database, in document order."""
    if not await has_columns(db, "documents", "id", "supersedes"):
        return []
    rows = (await db.execute("select id, supersedes from documents where coalesce(supersedes, '') <> '' order by rowid")).rows
    pairs = [(newer, older) for newer, names in rows for older in names.split() if older != newer]
    present = await titles(db, {older for _, older in pairs})
    return [(newer, older) for newer, older in pairs if older in present]


async def titles(db: Database, ids: set[str]) -> dict[str, str]:
    """Documents' titles by id (the id where a document has no title); ids of no document are left out."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = (await db.execute(f"select id, title from documents where id in ({marks})", sorted(ids))).rows
    return {row_id: title or row_id for row_id, title in rows}


async def find_documents(db: Database, asked: str) -> list[str]:
    """The document whose id is ``asked``, else those whose title it is (case and surrounding spaces ignored)."""
    if not await has_columns(db, "documents", "id", "title"):
        return []
    sql = "select id from documents where id = :asked union all select id from documents where lower(title) = lower(trim(:asked))"
    found = [row[0] for row in (await db.execute(sql, {"asked": asked})).rows]
    return found[:1] if asked in found else list(dict.fromkeys(found))


def _version(datasette: Datasette, database: str, document: str, title: str, newer: str, older: str) -> Version:
    return Version(
        document, title, links.page(datasette, database, "reader", document=document),
        links.row(datasette, database, "documents", document), links.page(datasette, database, "compare", old=older, new=newer),
    )


async def versions(datasette: Datasette, db: Database, document: str) -> tuple[list[Version], list[Version]]:
    """The documents that supersede ``document`` and those it supersedes, as (newer, older)."""
    pairs = await supersedes_links(db)
    newer_ids = [newer for newer, older in pairs if older == document]
    older_ids = [older for newer, older in pairs if newer == document]
    named = await titles(db, {*newer_ids, *older_ids})
    return (
        [_version(datasette, db.name, n, named[n], n, document) for n in newer_ids],
        [_version(datasette, db.name, o, named[o], document, o) for o in older_ids],
    )


async def version_row_links(datasette: Datasette, db: Database, document: str) -> list[tuple[str, str]]:
    """(label, URL) a document's row page offers about its versions: the newer ones first, each with what changed."""
    newer, older = await versions(datasette, db, document)
    found: list[tuple[str, str]] = []
    for v in newer:
        found += [(f"Superseded by {v.title}: the newer version", v.row_href), (f"What changed in {v.title}", v.compare_href)]
    for v in older:
        found += [(f"Supersedes {v.title}: the older version", v.row_href), (f"What changed since {v.title}", v.compare_href)]
    return found


def _pair(pairs: list[tuple[str, str]], olds: list[str] | None, news: list[str] | None) -> list[tuple[str, str]]:
    """The (newer, older) pairs that fit what was asked; both asked the wrong way round, the pairs that fit swapped."""
    fit = [(n, o) for n, o in pairs if (olds is None or o in olds) and (news is None or n in news)]
    if fit or olds is None or news is None:
        return fit
    return [(n, o) for n, o in pairs if o in news and n in olds]


async def _asked(db: Database, value: str) -> list[str] | None:
    if not value:
        return None
    found = await find_documents(db, value)
    if not found:
        raise NotFound(f"No document has the id or title {value!r}")
    return found


async def compare_context(datasette: Datasette, db: Database, old: str, new: str) -> dict[str, object]:
    """Template context of the compare page of two versions of a document.

    Args:
        datasette: the running Datasette.
        db: the served database.
        old: the older version's id or title; empty to find it from ``new``.
        new: the newer version's id or title; empty to find it from ``old``.
    """
    old, new = old.strip(), new.strip()
    if not old and not new:
        raise BadRequest("Give ?old= or ?new=, a document's id or title, or both")
    if not await has_columns(db, "clause_diffs", "document_id", "supersedes_id", "change", "path", "diff"):
        raise NotFound("This database holds no word diffs of versions: rebuild it with the current kb")
    olds, news = await _asked(db, old), await _asked(db, new)
    fit = _pair(await supersedes_links(db), olds, news)
    if not fit:
        if olds is not None and news is not None:
            raise NotFound(f"{old!r} and {new!r} are not two versions of one document: neither's front matter says it supersedes the other")
        raise NotFound(f"{old or new!r} has no other version: no document supersedes it, and it supersedes none in this database")
    newer, older = fit[0]
    named = await titles(db, {n for pair in fit for n in pair})
    clauses = await clause_changes(datasette, db, newer, older)
    counts = Counter(c.change for c in clauses)
    return {
        "database": db.name,
        "newer": _version(datasette, db.name, newer, named[newer], newer, older),
        "older": _version(datasette, db.name, older, named[older], newer, older),
        "clauses": clauses,
        "counts": [(change, counts[change]) for change in CHANGES],
        "others": [(f"{named[o]} → {named[n]}", links.page(datasette, db.name, "compare", old=o, new=n)) for n, o in fit[1:]],
    }


async def clause_changes(datasette: Datasette, db: Database, newer: str, older: str) -> list[ClauseChange]:
    """The clause differences between two versions, in the newer version's order, then the removed clauses."""
    designation = "designation" if await has_columns(db, "clauses", "id", "designation") else "path"
    sql = (
        f"select d.id, d.change, d.path, d.old_path, d.title, d.diff, d.new_clause_id, d.old_clause_id, n.{designation}, o.{designation} "
        "from clause_diffs d left join clauses n on n.id = d.new_clause_id left join clauses o on o.id = d.old_clause_id "
        "where d.document_id = :newer and d.supersedes_id = :older order by d.rowid"
    )
    rows = (await db.execute(sql, {"newer": newer, "older": older})).rows
    out = []
    for diff_id, change, path, old_path, title, marked, new_id, old_id, new_designation, old_designation in rows:
        heading = new_designation or old_designation or path
        was = old_designation or old_path
        hrefs = [(label, links.row(datasette, db.name, "clauses", clause_id)) for label, clause_id in (("newer clause", new_id), ("older clause", old_id)) if clause_id]
        out.append(ClauseChange(
            change, heading, was if was and was != heading else None, title, diff_pieces(marked or ""),
            [*hrefs, ("difference row", links.row(datasette, db.name, "clause_diffs", diff_id))],
        ))
    return out
