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
import re
from pathlib import Path
from typing import Any

import yaml

from kb.corpus.errors import CorpusError

FRONT_MATTER_KEYS = frozenset({"id", "title", "publisher", "kind", "language", "url", "date", "supersedes"})
"""Keys front matter and sidecars may set; any other key is an error, to catch typos."""

LIST_KEYS = frozenset({"supersedes"})
"""Keys whose value may be a list; it is stored space-separated."""

SIDECAR_SUFFIXES = (".yaml", ".yml")
"""``report.pdf.yaml`` holds the metadata of ``report.pdf``."""

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
        node = yaml.compose(quoted, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CorpusError(path, f"front matter is not valid YAML: {exc.problem or exc}", first_line + mark.line if mark else None) from exc
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise CorpusError(path, "front matter is not a mapping of 'key: value' lines", first_line + node.start_mark.line)
    values = yaml.SafeLoader(quoted).construct_mapping(node, deep=True) if node.value else {}
    out: Metadata = {}
    for key_node, _ in node.value:
        key, line = key_node.value, first_line + key_node.start_mark.line
        if key not in FRONT_MATTER_KEYS:
            allowed = ", ".join(sorted(FRONT_MATTER_KEYS))
            raise CorpusError(path, f"unknown front matter key {key!r} (allowed: {allowed})", line)
        out[key] = _value(values[key], key, path, line)
    return out


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
    return str(value).strip() or None


def sidecar(path: Path) -> Path | None:
    """The sidecar metadata file of ``path``, if one lies beside it."""
    for suffix in SIDECAR_SUFFIXES:
        candidate = path.with_name(path.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def is_sidecar(path: Path) -> bool:
    """Whether ``path`` is the sidecar of another file beside it (``report.pdf.yaml`` of ``report.pdf``)."""
    return path.suffix.lower() in SIDECAR_SUFFIXES and path.with_suffix("").exists()


def read_sidecar(path: Path) -> Metadata:
    """The metadata a sidecar file sets, with errors naming the sidecar and its line."""
    try:
        source = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(path, f"cannot read sidecar metadata: {exc}") from exc
    return parse_metadata(source, path)
