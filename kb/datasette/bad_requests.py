"""Requests Datasette cannot read, answered 400 with a reason instead of a bare 500.

Datasette's own views parse their arguments as they go, and a few of them
fail with an exception a server error would raise: ``?_through={`` (JSON
that does not parse), ``?_timelimit=abc`` and ``?_next=garbage`` (not a
number), ``?id__in=[`` (a JSON list that is not one), a NUL in a table or
column name (``?_fts_table=%00``), a row address that does not fit the
table's key, a CSV of a query that ran out of time; and its message for a
request that names what the table lacks (``?_sort=nope``, a ``_through``
with no foreign key) comes with status 500. Each of these is the visitor's
mistake, so it answers 400 with Datasette's message; an error the plugin's
own code raised stays a 500, logged, because that one is ours to fix.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from datasette.database import QueryInterrupted
from datasette.views.base import DatasetteError

PLUGIN = Path(__file__).resolve().parent
"""Errors raised in frames under this folder are the plugin's own, never the visitor's."""
UNREADABLE = (ValueError, LookupError, TypeError, sqlite3.ProgrammingError)
"""What parsing an argument raises: ``int("abc")``, ``json.loads("{")`` (a ValueError), ``data["table"]``, NUL in SQL."""
MAX_VALUE_BYTES = 4_000_000
"""The longest string or blob a served query may make (SQLite's ``SQLITE_LIMIT_LENGTH``).

The longest value the build stores is a document's text, at most
1,000,000 characters (``kb.corpus.load.MAX_DOCUMENT_CHARACTERS``), 4 MB in
UTF-8 at worst. Above it a query fails "string or blob too big" at once,
where ``select zeroblob(1000000000)`` took 15 s and a gigabyte, and
``printf('%.*c', 2000000000, 'x')`` ran for minutes, out of reach of the
SQL time limit (one function call never yields to it).
"""


def in_plugin(traceback: TracebackType | None) -> bool:
    """Whether any frame of the traceback runs the plugin's code."""
    while traceback is not None:
        if Path(traceback.tb_frame.f_code.co_filename).resolve().is_relative_to(PLUGIN):
            return True
        traceback = traceback.tb_next
    return False


def visitor_error(exception: BaseException) -> str | None:
    """The message for a 400 when ``exception`` is a request Datasette could not read; None for a server error."""
    if isinstance(exception, DatasetteError):
        return exception.message if exception.status >= 500 and not exception.message_is_html else None
    if isinstance(exception, QueryInterrupted):
        return "The query took longer than the server's time limit (sql_time_limit_ms); ask for less."
    if isinstance(exception, UNREADABLE) and not in_plugin(exception.__traceback__):
        return f"This request's address or arguments could not be read: {exception}"
    return None
