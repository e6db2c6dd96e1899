"""Bounds on what one served SQL call may make, which the SQL time limit cannot enforce.

Datasette stops a query that runs past ``sql_time_limit_ms`` from SQLite's
progress handler, which runs between virtual-machine steps; one function
call is one step, however long it takes. Two calls could hold a server
thread for seconds or minutes: ``zeroblob(1000000000)`` (a gigabyte), capped
by ``SQLITE_LIMIT_LENGTH`` at ``MAX_VALUE_BYTES``; and ``printf`` (or its
other name ``format``) with a huge width or precision (``printf('%.*c',
2000000000, 'x')`` spins for seconds before answering NULL, its result
over the length limit), which ``bounded_printf`` answers with that NULL at
once; every other call it formats with SQLite's own ``printf`` on a private
in-memory connection, so it gives exactly what SQLite gives.
"""

from __future__ import annotations

import re
import sqlite3
import threading

from kb.datasette.bad_requests import MAX_VALUE_BYTES

MAX_WIDTH = MAX_VALUE_BYTES
"""The largest width or precision a served ``printf`` may ask for: no wider than the longest value it may return."""

SPEC = re.compile(r"%[-+ 0#,!]*(\*|\d+)?(?:\.(\*|\d+))?")
"""A conversion's flags, width and precision: 'printf("%08d")', 'printf("%.*c", n, x)'."""

_local = threading.local()


def _calculator() -> sqlite3.Connection:
    """This thread's in-memory connection whose ``printf`` is SQLite's own (Datasette runs queries in threads)."""
    calc = getattr(_local, "calc", None)
    if calc is None:
        calc = _local.calc = sqlite3.connect(":memory:")
    return calc


def bounded_printf(fmt: object, *args: object) -> str | None:
    """SQLite's ``printf(fmt, args...)``; NULL at once when it would write more than ``MAX_WIDTH`` characters for one value.

    NULL is what SQLite itself answers for a result over the length limit,
    after the seconds spent making it. A width or precision written in the
    format over ``MAX_WIDTH``, or, when the format takes one from the
    arguments (``*``), an integer argument over it, answers so; that is
    stricter than SQLite for '%*d' with a large value, never looser.
    """
    if not isinstance(fmt, str):
        return _sqlite_printf(fmt, args)
    starred = False
    for spec in SPEC.finditer(fmt):
        for part in spec.groups():
            if part == "*":
                starred = True
            elif part and int(part) > MAX_WIDTH:
                return None
    if starred and any(isinstance(a, int) and abs(a) > MAX_WIDTH for a in args):
        return None
    return _sqlite_printf(fmt, args)


def _sqlite_printf(fmt: object, args: tuple[object, ...]) -> str | None:
    """SQLite's own ``printf`` of these values, on this thread's private connection."""
    value: str | None = _calculator().execute(f"select printf(?{', ?' * len(args)})", (fmt, *args)).fetchone()[0]
    return value


def bound(conn: sqlite3.Connection) -> None:
    """Cap every value a query on ``conn`` makes, and the widths its ``printf`` and ``format`` may ask for."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    for name in ("printf", "format"):
        conn.create_function(name, -1, bounded_printf, deterministic=True)
