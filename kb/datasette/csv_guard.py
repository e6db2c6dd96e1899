"""Neutralise spreadsheet formulas in Datasette's CSV exports.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by Excel and LibreOffice (``=HYPERLINK(...)`` can leak the
sheet). Corpus text is untrusted, so such cells get a leading ``'``, the
usual neutralisation (OWASP "CSV injection"); plain numbers such as ``-4``
are left alone.

Datasette streams CSV from its own view, with no hook over cells, so this is
an ASGI wrapper that re-writes CSV response bodies record by record as they
stream, holding back only an incomplete last record.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutral(cell: str) -> str:
    """``"=1+1"`` -> ``"'=1+1"``; ``"-4"`` and ``"text"`` unchanged."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell) else cell


class CsvGuard:
    """Feed CSV bytes in chunks of any size; get back the same CSV with formula cells neutralised."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.buffer = ""
        self.scanned = 0
        self.quoted = False

    def feed(self, data: bytes) -> bytes:
        self.buffer += self.decoder.decode(data)
        cut = 0
        for i in range(self.scanned, len(self.buffer)):
            char = self.buffer[i]
            if char == '"':
                self.quoted = not self.quoted
            elif char == "\n" and not self.quoted:
                cut = i + 1
        complete, self.buffer = self.buffer[:cut], self.buffer[cut:]
        self.scanned = len(self.buffer)
        return rewrite(complete)

    def close(self) -> bytes:
        rest = self.buffer + self.decoder.decode(b"", final=True)
        self.buffer, self.scanned, self.quoted = "", 0, False
        return rewrite(rest)


def rewrite(text: str) -> bytes:
    """Whole CSV records, re-written with every cell through ``neutral``."""
    if not text:
        return b""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([neutral(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def is_csv_path(scope: Scope) -> bool:
    """A Datasette CSV URL: ``/db/table.csv``, ``/db.csv?sql=``, or ``?_format=csv``."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return str(scope.get("path", "")).endswith(".csv") or "csv" in query.get("_format", [])


def guard_csv(app: ASGIApp) -> ASGIApp:
    """Wrap a Datasette ASGI app so its CSV responses (``text/csv``, or ``text/plain`` at a CSV URL) are neutralised."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await app(scope, receive, send)
            return
        guard: CsvGuard | None = None

        async def guarded_send(message: Message) -> None:
            nonlocal guard
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                content_type = next((bytes(v).lower() for k, v in headers if bytes(k).lower() == b"content-type"), b"")
                if content_type.startswith(b"text/csv") or (content_type.startswith(b"text/plain") and is_csv_path(scope)):
                    guard = CsvGuard()
                    message = {**message, "headers": [(k, v) for k, v in headers if bytes(k).lower() != b"content-length"]}
            elif message["type"] == "http.response.body" and guard is not None:
                body = guard.feed(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    body += guard.close()
                message = {**message, "body": body}
            await send(message)

        await app(scope, receive, guarded_send)

    return wrapped
