"""What the served database holds, asked at request time.

Tables such as ``red_lines``, ``conditions`` or ``nodes``/``edges`` arrive
with later builds; the pages ask before using them, so a database built by an
older pipeline still serves, with the section that needs the table absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datasette.database import Database


async def has_columns(db: Database, table: str, *columns: str) -> bool:
    """True when ``table`` exists and has every one of ``columns``."""
    if not await db.table_exists(table):
        return False
    return set(columns) <= set(await db.table_columns(table))


async def label_column(db: Database, table: str) -> str | None:
    """The column that names a row: Datasette's label column, else ``text``, else ``surface`` (sentences have no name)."""
    for column in (await db.label_column_for_table(table), "text", "surface"):
        if column and await has_columns(db, table, column):
            return column
    return None


async def labels(db: Database, table: str, ids: Sequence[object]) -> dict[object, str]:
    """Display labels of rows of ``table`` by id."""
    column = await label_column(db, table)
    if not ids or not column or not await has_columns(db, table, "id"):
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = await db.execute(f"select id, [{column}] from [{table}] where id in ({marks})", list(ids))
    return {r[0]: str(r[1]) for r in rows.rows if r[1] is not None}
