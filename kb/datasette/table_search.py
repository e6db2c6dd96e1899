"""Datasette's own table search (``?_search=``, ``?_search_COLUMN=``) held to the search page's limits.

Datasette answers ``/kb/sentences?_search=...`` from the table's FTS5 index.
Left alone it ran a 60 KB search, which FTS5 evaluates inside SQLite where the
time limit cannot stop it, and answered a search FTS5 cannot parse (an empty
one, quotes alone, or with ``_searchmode=raw`` an unclosed quote or a dangling
``AND``) with "Invalid SQL" and SQLite's message. Before Datasette runs a
search, it is checked as the plugin's search page checks its queries
(``kb.datasette.search.check_size``) and tried once on the index, the way
Datasette will run it; a refused search is a 400 with a message for the
analyst.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from datasette.utils import escape_sqlite
from datasette.utils.asgi import BadRequest, Request

from kb.datasette.search import NOTHING, UNREADABLE, BadQuery, check_size, term_count

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

MODE = "_searchmode"
"""Datasette's argument choosing ``raw`` FTS5 syntax or ``escaped`` words (the default)."""


def searches(request: Request) -> dict[str, str]:
    """The ``_search`` and ``_search_COLUMN`` arguments of a request, read as Datasette reads them."""
    return {key: request.args[key] for key in request.args if key.startswith("_search") and key != MODE}


def is_raw(request: Request, table_metadata: dict) -> bool:
    """Whether Datasette passes the search to FTS5 as written: ``?_searchmode=`` first, else the table's metadata."""
    mode = request.args.get(MODE)
    return (mode if mode in ("raw", "escaped") else table_metadata.get("searchmode")) == "raw"


async def probe(db: Database, fts: str, column: str, query: str, raw: bool) -> None:
    """Run the search once on the index, as Datasette will; BadQuery when FTS5 cannot parse it."""
    match = ":query" if raw else "escape_fts(:query)"
    sql = f"select rowid from {escape_sqlite(fts)} where {escape_sqlite(column)} match {match} limit 1"
    try:
        await db.execute(sql, {"query": query})
    except sqlite3.OperationalError:
        raise BadQuery(UNREADABLE) from None


async def check_table_search(datasette: Datasette, request: Request, database: str, table: str) -> None:
    """Refuse, before Datasette runs it, a table search the plugin's search page would refuse or FTS5 cannot parse.

    Raises:
        BadRequest: with the reason, for Datasette to answer 400.
    """
    found = searches(request)
    if not found:
        return
    db = datasette.get_database(database)
    table_metadata = datasette.table_metadata(database, table)
    fts = request.args.get("_fts_table") or table_metadata.get("fts_table") or await db.fts_table(table)
    if not fts or not await db.table_exists(fts):
        return  # Datasette ignores the search, or answers a bad ``_fts_table`` itself
    columns = await db.table_columns(fts)
    for key, query in found.items():
        column = fts if key == "_search" else key.removeprefix("_search_")
        if column != fts and column not in columns:
            continue  # Datasette answers "Cannot search by that column"
        try:
            check_size(query)
            if not term_count(query):
                raise BadQuery(NOTHING)
            await probe(db, fts, column, query, is_raw(request, table_metadata))
        except BadQuery as exc:
            raise BadRequest(str(exc)) from None
