"""The database's views, declared as data beside the tables of ``kb.store.schema``.

A view is a question every query would otherwise spell out for itself: the
authority lookup (id, name, short name, citation or any alias to the
authority's id) is one, so that the canned queries and the plugin's pages
agree on what ``FISA`` names. Each view has a description of itself and of
every column (copied into Datasette's metadata and the README like the
tables'). ``kb.store.write.create_views`` applies them; renaming a view or a
column is a breaking change for every saved query.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kb.store.schema import section


@dataclass(frozen=True)
class View:
    """One view: its name, what it holds, its columns and the ``select`` that defines it."""

    name: str
    description: str
    columns: dict[str, str]
    sql: str

    @property
    def create_sql(self) -> str:
        """The statement that creates the view where it is missing."""
        return f'create view if not exists "{self.name}" as\n{self.sql}'


AUTHORITY_LOOKUP = View(
    "authority_lookup",
    "Every name a user may type for an authority, lower-cased: its id, name (and own_name, the name its document "
    "gave it if the identity stage renamed it), short name, citation and each of its aliases, "
    "and the id, name and citation of every record merged into it (merged_authorities); "
    "an executive order also by 'EO N', 'E.O. N' and 'Executive Order N', curated or not; "
    "one row per (key, authority) pair. Find an authority with "
    "`where key = lower(trim(:authority))`; a key shared by two authorities gives two rows. "
    "The build writes the rows into the authority_keys table, which the view reads through its index on key.",
    {
        "key": "The lower-cased id, name, short name, citation or alias, or a merged record's id, name or citation (surrounding spaces trimmed; empty ones left out).",
        "authority_id": "The authority it names (authorities.id).",
    },
    "select key, authority_id from authority_keys",
)

AUTHORITY_KEYS_SQL = """select key, authority_id from (
  select lower(trim(id)) as key, id as authority_id from authorities
  union select lower(trim(name)), id from authorities
  union select lower(trim(own_name)), id from authorities
  union select lower(trim(short_name)), id from authorities
  union select lower(trim(citation)), id from authorities
  union select lower(trim(alias)), authority_id from authority_aliases
  union select lower(trim(id)), authority_id from merged_authorities
  union select lower(trim(name)), authority_id from merged_authorities
  union select lower(trim(citation)), authority_id from merged_authorities
  union select prefix || substr(id, 7), id from authorities, (select 'eo ' as prefix union select 'e.o. ' union select 'executive order ')
    where id like 'us/eo/%' and id not like 'us/eo/%/%'
)
where key is not null and key <> ''"""
"""What ``authority_keys`` holds, so the ``authority_lookup`` view answers from an index."""


def write_authority_keys(conn: sqlite3.Connection) -> None:
    """Bring ``authority_keys`` up to date with the authorities, aliases and merged records.

    Only rows that appeared or went are written, so that a rebuild in place
    after a small change touches few rows.
    """
    wanted = set(conn.execute(AUTHORITY_KEYS_SQL))
    stored = set(conn.execute("select key, authority_id from authority_keys"))
    with conn:
        conn.executemany("delete from authority_keys where key = ? and authority_id = ?", sorted(stored - wanted))
        conn.executemany("insert into authority_keys (id, key, authority_id) values (? || ' ' || ?, ?, ?)",
                         [(aid, key, key, aid) for key, aid in sorted(wanted - stored)])


VIEWS: tuple[View, ...] = (AUTHORITY_LOOKUP,)


def markdown() -> str:
    """The views as the README documents them: a section per view, a line per column."""
    lines = [line for view in VIEWS for line in section(f"`{view.name}` (view)", view.description, view.columns)]
    return "\n".join(lines).rstrip() + "\n"
