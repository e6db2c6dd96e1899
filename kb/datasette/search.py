"""One search box over clauses, FAQ entries, claims and authorities (their FTS5 indexes).

Datasette searches one table at a time; analysts ask "where is X?" across the
whole corpus, so this page runs the same escaped query against each index and
shows the best hits of each, with the matched words marked.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from kb.datasette import links
from kb.datasette.tables import has_columns

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

OPEN, CLOSE = "\x02", "\x03"
"""Markers FTS5 ``snippet()`` puts around matches; split out in Python so the template escapes every piece."""


@dataclass(frozen=True)
class Target:
    """A searchable table and the column that names a hit."""

    table: str
    title: str
    label: str


TARGETS = (
    Target("clauses", "Clauses", "path"),
    Target("faq", "FAQ entries", "question"),
    Target("claims", "Claims", "text"),
    Target("authorities", "Authorities", "name"),
)
LIMIT = 20
"""Hits shown per table; the link under each group opens the full table search."""
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
"""FTS5 ranking and snippets of a long query run inside SQLite where the SQL time limit cannot stop
them (60 KB took 9 s), so longer queries are refused before any SQL runs."""
TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')
"""A quoted phrase (an unclosed quote runs to the end) or a bare word."""


class BadQuery(ValueError):
    """A search the page refuses, with a message for the analyst."""


def fts_query(query: str) -> str:
    """The FTS5 query for what an analyst typed: each word or quoted phrase as one FTS5 string, ANDed.

    Raises BadQuery when there is nothing to search for, or too much.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise BadQuery(f"The search is too long: at most {MAX_QUERY_CHARS} characters, this one has {len(query)}.")
    terms = [" ".join((phrase or word).split()) for phrase, word in TERM.findall(query)]
    terms = [term for term in terms if term]
    if not terms:
        raise BadQuery("Nothing to search for: type a word or a phrase (quotes alone are not a search).")
    if len(terms) > MAX_TERMS:
        raise BadQuery(f"The search has too many words or phrases: at most {MAX_TERMS}, this one has {len(terms)}.")
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


@dataclass(frozen=True)
class Hit:
    """One matching row: its label, its link and the snippet split into (text, matched) pieces."""

    label: str
    href: str
    pieces: list[tuple[str, bool]]


def split_snippet(snippet: str) -> list[tuple[str, bool]]:
    """``"a \\x02b\\x03 c"`` -> ``[("a ", False), ("b", True), (" c", False)]``."""
    pieces: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(OPEN)):
        inside, _, after = chunk.partition(CLOSE) if i else ("", "", chunk)
        pieces += [(text, matched) for text, matched in ((inside, True), (after, False)) if text]
    return pieces


async def hits(datasette: Datasette, db: Database, target: Target, query: str) -> list[Hit] | None:
    """The best hits in one table for an FTS5 query (see ``fts_query``), or None when the table or its index is absent."""
    fts = f"{target.table}_fts"
    if not await db.table_exists(fts) or not await has_columns(db, target.table, "id", target.label):
        return None
    sql = (
        f"select t.id, t.[{target.label}], snippet([{fts}], -1, :open, :close, '…', 16) "
        f"from [{fts}] join [{target.table}] t on t.rowid = [{fts}].rowid "
        f"where [{fts}] match :query order by rank limit {LIMIT}"
    )
    try:
        rows = await db.execute(sql, {"query": query, "open": OPEN, "close": CLOSE})
    except sqlite3.OperationalError as exc:
        if "fts5" not in str(exc):
            raise
        raise BadQuery("The search could not be understood; try plain words or a quoted phrase.") from None
    return [
        Hit(str(label or row_id), links.row(datasette, db.name, target.table, row_id), split_snippet(snippet or ""))
        for row_id, label, snippet in rows.rows
    ]


async def search_context(datasette: Datasette, db: Database, query: str) -> dict[str, object]:
    """Template context of the search page: a group of hits per searchable table present.

    ``error`` is set, and there are no groups, when the query is refused (see ``fts_query``).
    """
    groups: list[dict[str, object]] = []
    context: dict[str, object] = {"database": db.name, "q": query, "groups": groups, "error": None}
    if not query.strip():
        return context
    try:
        fts = fts_query(query)
        for target in TARGETS:
            found = await hits(datasette, db, target, fts)
            if found is not None:
                more = f"{datasette.urls.table(db.name, target.table)}?{urlencode({'_search': query})}"
                groups.append({"title": target.title, "hits": found, "more": more})
    except BadQuery as exc:
        groups.clear()
        context["error"] = str(exc)
    return context
