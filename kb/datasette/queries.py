"""Canned analyst queries: one question per ``queries/*.sql`` file.

Each file opens with a header comment naming its title and description::

    -- title: Where is an authority cited?
    -- description: Every mention of :authority, with its sentence.

The build turns them into Datasette canned queries; a test fails when a file
lacks either line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
_HEADER = re.compile(r"^--\s*(?P<key>title|description)\s*:\s*(?P<value>.+?)\s*$", re.MULTILINE)


class QueryError(ValueError):
    """A query file lacks its title or description; the message names the file."""


@dataclass(frozen=True)
class CannedQuery:
    """One analyst question."""

    name: str
    title: str
    description: str
    sql: str
    path: Path


def load_query(path: Path) -> CannedQuery:
    """Read one query file and its header."""
    sql = path.read_text(encoding="utf-8")
    header = {m["key"]: m["value"] for m in _HEADER.finditer(sql)}
    missing = [key for key in ("title", "description") if key not in header]
    if missing:
        raise QueryError(f"{path}: header comment lacks {' and '.join(missing)} (-- title: ... / -- description: ...)")
    return CannedQuery(path.stem, header["title"], header["description"], sql.strip(), path)


def load_queries(folder: Path = QUERIES_DIR) -> list[CannedQuery]:
    """Every canned query, in file-name order."""
    return [load_query(path) for path in sorted(folder.glob("*.sql"))]


def markdown(queries: list[CannedQuery] | None = None) -> str:
    """The canned queries as the README lists them: title, file and description."""
    lines = ["| question | file | what it answers |", "|---|---|---|"]
    for q in load_queries() if queries is None else queries:
        lines.append(f"| {q.title} | `queries/{q.path.name}` | {q.description} |")
    return "\n".join(lines) + "\n"
