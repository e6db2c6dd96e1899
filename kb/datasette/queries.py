"""Canned analyst queries: one question per ``queries/*.sql`` file.

Each file opens with a header comment naming its title and description and,
when the query takes parameters, an example of them::

    -- title: Where is an authority cited?
    -- description: Every mention of :authority, with its sentence.
    -- example: authority=FISA

The example is one line of space-separated ``name=value`` pairs, one for
every ``:name`` parameter of the query (``kind=`` gives an empty value;
values cannot contain spaces). The tests and the benchmark run each query with
its example, so it should give a non-empty answer on the repository's corpus.

A query links its ids by naming its columns: on its page an ``authority_id``
opens the authority's mentions, a ``document_id`` the reader, a ``clause_id``
(``new_clause_id``, ``old_clause_id``) the clause's words in the reader, a
``mention_id`` the mention in context, a ``node_id`` the graph, any other
foreign-key name of the schema (``claim_id``, ``red_line_id``) its row, and an
``evidence`` column beside ``document_id``, ``evidence_start`` and
``evidence_end`` its words, highlighted (``kb.datasette.cells``). A clause
column shows ``clauses.designation`` ('Sec. 3(c)'), never the position path.

The build turns them into Datasette canned queries, the SQL hidden behind
Datasette's "show" link so that a query opens with its parameters and its
answer. Loading a file fails (``QueryError``, naming the file) when it lacks
the title or description, when the query has parameters but no example, or
when the example names a parameter the query does not have or leaves one out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
_HEADER = re.compile(r"^--[ \t]*(?P<key>title|description|example)[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$", re.MULTILINE)
_COMMENT_OR_STRING = re.compile(r"--[^\n]*|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
"""What cannot hold a parameter: line comments, string literals and quoted names."""
_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class QueryError(ValueError):
    """A query file's header is missing a line or has a wrong example; the message names the file."""


@dataclass(frozen=True)
class CannedQuery:
    """One analyst question."""

    name: str
    title: str
    description: str
    sql: str
    path: Path
    example: dict[str, str] = field(default_factory=dict)
    """Parameter name to an example value (every ``:parameter`` of ``sql``; empty when it has none)."""


def parameters(sql: str) -> list[str]:
    """The ``:name`` parameters of ``sql`` in order of first use, outside comments and string literals."""
    code = _COMMENT_OR_STRING.sub(" ", sql)
    return list(dict.fromkeys(_PARAMETER.findall(code)))


def parse_example(path: Path, line: str) -> dict[str, str]:
    """The ``name=value`` pairs of an ``-- example:`` line."""
    example: dict[str, str] = {}
    for pair in line.split():
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise QueryError(f"{path}: example {pair!r} is not name=value (-- example: authority=FISA document=...)")
        if name in example:
            raise QueryError(f"{path}: example gives {name!r} twice")
        example[name] = value
    return example


def load_query(path: Path) -> CannedQuery:
    """Read one query file and its header."""
    sql = path.read_text(encoding="utf-8")
    header = {m["key"]: m["value"] for m in _HEADER.finditer(sql)}
    missing = [key for key in ("title", "description") if not header.get(key)]
    if missing:
        raise QueryError(f"{path}: header comment lacks {' and '.join(missing)} (-- title: ... / -- description: ...)")
    needed = parameters(sql)
    if needed and "example" not in header:
        marks = " ".join(f"{name}=..." for name in needed)
        raise QueryError(f"{path}: the query takes {', '.join(':' + n for n in needed)} but its header has no example (-- example: {marks})")
    example = parse_example(path, header.get("example", ""))
    unknown = [name for name in example if name not in needed]
    if unknown:
        raise QueryError(f"{path}: example names {', '.join(unknown)}, not a parameter of the query ({', '.join(':' + n for n in needed) or 'none'})")
    left_out = [name for name in needed if name not in example]
    if left_out:
        raise QueryError(f"{path}: example leaves out {', '.join(':' + n for n in left_out)}")
    return CannedQuery(path.stem, header["title"], header["description"], sql.strip(), path, example)


def load_queries(folder: Path = QUERIES_DIR) -> list[CannedQuery]:
    """Every canned query, in file-name order."""
    return [load_query(path) for path in sorted(folder.glob("*.sql"))]


def markdown(queries: list[CannedQuery] | None = None) -> str:
    """The canned queries as the README lists them: title, file and description."""
    lines = ["| question | file | what it answers |", "|---|---|---|"]
    for q in load_queries() if queries is None else queries:
        lines.append(f"| {q.title} | `queries/{q.path.name}` | {q.description} |")
    return "\n".join(lines) + "\n"
