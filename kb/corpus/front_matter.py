"""Front matter and sidecar metadata: YAML mappings of a closed set of keys.

A text file may open with a ``---`` fenced YAML block; a file of any format
may have a sidecar ``NAME.EXT.yaml`` (or ``.yml``) beside it, which overrides
what the file itself states (the title a PDF's properties give, say). Both are
read with PyYAML, so quoting, lists (``supersedes:`` may name several
documents) and comments work as YAML users expect; the keys are a closed set,
so that a typo ("publsher") is an error naming the file and line rather than a
value silently dropped. PyYAML rather than python-frontmatter because the
build needs the offset where the body starts and each key's line, which
python-frontmatter does not give.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

import yaml

from kb.corpus.errors import CorpusError

FRONT_MATTER_KEYS = frozenset({"id", "title", "publisher", "kind", "language", "url", "date", "supersedes", "authority"})
"""Keys front matter and sidecars may set; any other key is an error, to catch typos."""

LIST_KEYS = frozenset({"supersedes"})
"""Keys whose value may be a list; it is stored space-separated."""

SIDECAR_SUFFIXES = (".yaml", ".yml")
"""``report.pdf.yaml`` holds the metadata of ``report.pdf``."""

MAX_DEPTH = 3
"""Lists and mappings metadata may nest: the mapping of keys, a list, a list in that list."""

Metadata = dict[str, str | None]

_FENCE = re.compile(r"---[ \t]*\r?\n")
_CLOSING = re.compile(r"^---[ \t]*\r?$", re.MULTILINE)
_KEY = re.compile(r"[^:\s][^:]*:(?:\s|$)")
"""A top-level line that opens a key ("title: ...", "supersedes:")."""
_UNQUOTED_COLON = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>[^'\"\[{|>&*!#\s][^\n]*?:\s[^\n]*?)[ \t]*\r?$", re.MULTILINE)
"""A top-level ``key: value`` line whose plain value holds ": " ("title: Agreement: the terms"), which YAML refuses."""


def parse_front_matter(decoded: str, path: Path) -> tuple[Metadata, int]:
    """Parse a ``---`` fenced YAML block at the top of a text file.

    Returns:
        The values (empty values become None) and the offset where the body starts.

    Raises:
        CorpusError: the block is never closed, is not YAML, is not a mapping, or sets an unknown key.
    """
    opening = _FENCE.match(decoded)
    if not opening:
        return {}, 0
    closing = _CLOSING.search(decoded, opening.end())
    if closing is None:
        raise CorpusError(path, "front matter opened with '---' is never closed", 1)
    newline = decoded.find("\n", closing.end())
    body_offset = len(decoded) if newline < 0 else newline + 1
    return parse_metadata(decoded[opening.end():closing.start()], path, first_line=2), body_offset


def parse_metadata(source: str, path: Path, first_line: int = 1) -> Metadata:
    """The metadata of one YAML mapping: front matter's inside, or a whole sidecar file.

    A plain value that holds ": " is read as the text it is, the way the
    keys-and-values front matter of earlier versions read it, rather than
    refused as YAML refuses it.

    Args:
        source: the YAML text.
        path: the file, for error messages.
        first_line: the file's line number of the text's first line.
    """
    for number, text in enumerate(source.splitlines(), first_line):
        if text.strip() and not text[0].isspace() and not text.startswith(("#", "-")) and not _KEY.match(text):
            raise CorpusError(path, f"front matter line is not 'key: value': {text.rstrip()!r}", number)
    quoted = _UNQUOTED_COLON.sub(lambda m: f"{m['key']}: '{m['value'].replace(chr(39), chr(39) * 2)}'", source)
    try:
        _check_events(quoted, path, first_line)
        node = yaml.compose(quoted, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CorpusError(path, f"front matter is not valid YAML: {exc.problem or exc}", first_line + mark.line if mark else None) from exc
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise CorpusError(path, "front matter is not a mapping of 'key: value' lines", first_line + node.start_mark.line)
    loader = yaml.SafeLoader("")
    out: Metadata = {}
    for key_node, value_node in node.value:
        line = first_line + key_node.start_mark.line
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in FRONT_MATTER_KEYS:
            allowed = ", ".join(sorted(FRONT_MATTER_KEYS))
            raise CorpusError(path, f"unknown front matter key {key if key is not None else key_node.tag!r} (allowed: {allowed})", line)
        try:
            value = loader.construct_object(value_node, deep=True)
        except (yaml.YAMLError, ValueError, KeyError, TypeError, OverflowError) as exc:  # 2024-02-30, !!int x, !tag
            reason = exc.problem if isinstance(exc, yaml.MarkedYAMLError) and exc.problem else str(exc)
            raise CorpusError(path, f"front matter key {key!r} has a value that cannot be read: {reason}", line) from None
        out[key] = _value(value, key, path, line)
    return out


def _check_events(source: str, path: Path, first_line: int) -> None:
    """Refuse YAML aliases and deep nesting, from the parser's events, before anything is composed.

    Metadata needs neither, and both took builds down: PyYAML composes nested
    collections by recursion (a few thousand ``[`` raised RecursionError),
    and a list of aliases of lists of aliases (``&a [x, x] ... [*a, *a]``)
    flattens to text exponential in its length (370 bytes made 10 MB).

    Raises:
        CorpusError: naming the file and the line; yaml.MarkedYAMLError on YAML that does not parse.
    """
    depth = 0
    for event in yaml.parse(source, Loader=yaml.SafeLoader):
        line = first_line + event.start_mark.line if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            raise CorpusError(path, f"front matter uses the YAML alias *{event.anchor}; write the value out instead", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise CorpusError(path, f"front matter nests lists or mappings {depth - 1} deep; a value is text or a list", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _value(value: Any, key: str, path: Path, line: int) -> str | None:
    """One value as the documents table stores it: text, an ISO date, or a list joined by spaces."""
    if isinstance(value, list) and key in LIST_KEYS:
        items = [_value(v, key, path, line) for v in value]
        return " ".join(i for i in items if i) or None
    if isinstance(value, (list, dict)):
        raise CorpusError(path, f"front matter key {key!r} takes one value, not a {type(value).__name__}", line)
    if value is None:
        return None
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # "\ud800": YAML escapes a lone surrogate, which no UTF-8 text (nor the database) can hold
        raise CorpusError(path, f"front matter key {key!r} holds a lone surrogate escape (such as \\ud800), which is no character", line) from None
    return text or None


def sidecar(path: Path) -> Path | None:
    """The sidecar metadata file of ``path``, if anything by its name lies beside it.

    Anything: a FIFO, a folder or a dangling link by a sidecar's name is
    returned too (it is never opened here), so that reading it refuses it by
    name as a document of its kind would be refused, rather than leave it out
    in silence.
    """
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_name(path.name + suffix)
        if os.path.lexists(candidate):
            return candidate
    return None


def is_sidecar(path: Path) -> bool:
    """Whether ``path`` is the sidecar of another file beside it (``report.pdf.yaml`` of ``report.pdf``)."""
    return path.suffix.lower() in SIDECAR_SUFFIXES and os.path.lexists(path.with_suffix(""))


def parse_sidecar(raw: bytes, path: Path) -> Metadata:
    """The metadata a sidecar file's bytes set, with errors naming the sidecar and its line."""
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(path, f"cannot read sidecar metadata: {exc}") from exc
    return parse_metadata(source, path)
