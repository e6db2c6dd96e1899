"""URLs of the plugin's pages and of Datasette's row pages, built in one place.

Every link the plugin renders comes from here, so ids with slashes or quotes
(``us/usc/t18/s1385``) are encoded the same way everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from datasette.utils import tilde_encode

if TYPE_CHECKING:
    from datasette.app import Datasette

def page(datasette: Datasette, database: str, name: str, **params: object) -> str:
    """URL of one of the plugin's pages, with query parameters (``None`` values dropped)."""
    query = urlencode({key: value for key, value in params.items() if value is not None})
    url = f"{datasette.urls.database(database)}/-/{name}"
    return f"{url}?{query}" if query else url


def row(datasette: Datasette, database: str, table: str, row_id: object) -> str:
    """URL of a row page in Datasette."""
    return datasette.urls.row(database, table, tilde_encode(str(row_id)))


def node_id(table: str, row_id: object) -> str:
    """How the graph page addresses a row when the database has no ``nodes`` table."""
    return f"{table}:{row_id}"
