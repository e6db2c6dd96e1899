"""One authority lookup for every page that takes an authority, and the closest authorities when a name finds none.

The mentions page (``?authority=``), the graph page (``?node=authorities:…``,
``?node=authority:…`` or a bare name) and the search box all take an
authority the way an analyst writes it: its id, name, short name, citation
or any alias, in any case, through the ``authority_lookup`` view that the
canned queries use too. Citations are written with and without dots, spaces
and section signs, so a name the view does not hold as written is compared
again without them (``normal``): "E.O. 12333" finds "EO 12333", and
"50 U.S.C. 1881a" finds "50 U.S.C. § 1881a".

A name that names nothing is not a bare 404: ``UnknownAuthority`` carries the
closest authorities (a prefix match of the name's words over the authorities'
names, then the most similar lookup keys), each linked, and the plugin's
``404.html`` lists them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from datasette.views.base import DatasetteError

from kb.datasette import links
from kb.datasette.tables import has_columns
from kb.store.views import AUTHORITY_LOOKUP

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

MAX_KEY_CHARS = 200
"""A longer key names nothing and gets no suggestions, so a huge parameter costs no similarity search."""
SUGGESTIONS = 8
"""Authorities suggested at most for an unknown name."""
SIMILARITY = 0.7
"""The least ``difflib`` ratio at which a lookup key counts as close to the name asked for."""
MAX_WORDS = 12
"""Words of a name matched as prefixes at most, as on the search page."""
WORD = re.compile(r"\w+")
NAME_COLUMNS = "{name short_name citation}"
"""The columns of ``authorities_fts`` a suggestion's words are matched in (not the summary)."""


def normal(key: str) -> str:
    """``key`` without case, spaces or punctuation: the form in which differently written citations agree."""
    return "".join(ch for ch in key.casefold() if ch.isalnum())


async def has_lookup(db: Database) -> bool:
    """True when the database has the ``authority_lookup`` view (a database built before it resolves ids only)."""
    return AUTHORITY_LOOKUP.name in await db.view_names()


async def authorities_named(db: Database, key: str) -> list[str]:
    """Every authority ``key`` names, by id, in id order; empty when it names none.

    The first of these that finds any wins: ``key`` is an ``authorities.id``;
    it is a key of the ``authority_lookup`` view (``lower(trim(key))``); it
    equals a key of the view once both are ``normal``.
    """
    if len(key) > MAX_KEY_CHARS or not await has_columns(db, "authorities", "id"):
        return []
    if (await db.execute("select 1 from authorities where id = :id", {"id": key})).rows:
        return [key]
    if not await has_lookup(db):
        return []
    view = AUTHORITY_LOOKUP.name
    sql = f"select distinct authority_id from [{view}] where key = lower(trim(:key)) order by authority_id"
    if found := [row[0] for row in (await db.execute(sql, {"key": key})).rows]:
        return found
    wanted = normal(key)
    rows = (await db.execute(f"select key, authority_id from [{view}]")).rows
    return sorted({authority for lookup_key, authority in rows if wanted and normal(lookup_key) == wanted})


async def resolve_authority(db: Database, key: str) -> str | None:
    """The id of the authority ``key`` names (see ``authorities_named``), or None.

    A key shared by several authorities gives the first of them by id, so
    that a page for it is always the same one.
    """
    found = await authorities_named(db, key)
    return found[0] if found else None


async def suggest(db: Database, key: str) -> list[str]:
    """Ids of the authorities closest to ``key``, best first, at most ``SUGGESTIONS``.

    First the authorities whose name, short name or citation has a word
    beginning with each of ``key``'s words (FTS5 prefix queries, best ranked
    first); then those with a lookup key most like ``key`` (``difflib``, on
    ``normal`` forms, so a misspelt name or a citation written another way
    still finds its authority).
    """
    key = key.strip()
    if not key or len(key) > MAX_KEY_CHARS:
        return []
    found: list[str] = []
    words = WORD.findall(key)[:MAX_WORDS]
    if words and await db.table_exists("authorities_fts"):
        match = f"{NAME_COLUMNS} : (" + " ".join(f'"{word}"*' for word in words) + ")"
        sql = (
            "select a.id from authorities_fts join authorities a on a.rowid = authorities_fts.rowid "
            f"where authorities_fts match :match order by rank limit {SUGGESTIONS}"
        )
        found += [row[0] for row in (await db.execute(sql, {"match": match})).rows]
    if await has_lookup(db):
        by_key: dict[str, list[str]] = {}
        for lookup_key, authority in (await db.execute(f"select key, authority_id from [{AUTHORITY_LOOKUP.name}] order by authority_id")).rows:
            by_key.setdefault(normal(lookup_key), []).append(authority)
        for close in difflib.get_close_matches(normal(key), by_key, n=SUGGESTIONS, cutoff=SIMILARITY):
            found += by_key[close]
    return list(dict.fromkeys(found))[:SUGGESTIONS]


class UnknownAuthority(DatasetteError):
    """A 404 for a name that names no authority, carrying the closest authorities for ``404.html`` to list."""

    def __init__(self, asked: str, suggestions: list[dict[str, str]], search_href: str) -> None:
        super().__init__(
            f"No authority is named {asked!r}.", title="Unknown authority", status=404,
            error_dict={"asked": asked, "suggestions": suggestions, "search_href": search_href},
        )


async def unknown_authority(datasette: Datasette, db: Database, asked: str, href: Callable[[str], str]) -> UnknownAuthority:
    """The error for ``asked``, its suggestions linked by ``href(authority id)`` (the page the analyst was on)."""
    ids = await suggest(db, asked)
    marks = ", ".join("?" for _ in ids)
    rows = (await db.execute(f"select id, name, kind, citation from authorities where id in ({marks})", ids)).rows if ids else []
    described = {row[0]: row for row in rows}
    suggestions = [
        {"id": i, "name": described[i][1] or i, "kind": described[i][2] or "", "citation": described[i][3] or "", "href": href(i)}
        for i in ids if i in described
    ]
    search = links.page(datasette, db.name, "search", q=asked[:MAX_KEY_CHARS].strip() or None)
    return UnknownAuthority(asked, suggestions, search)


async def require_authority(datasette: Datasette, db: Database, key: str, href: Callable[[str], str]) -> str:
    """The id of the authority ``key`` names (see ``resolve_authority``).

    Raises:
        UnknownAuthority: ``key`` names none; its suggestions link through ``href``.
    """
    found = await resolve_authority(db, key)
    if found is None:
        raise await unknown_authority(datasette, db, key, href)
    return found
