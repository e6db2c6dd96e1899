"""Front matter: a ``---`` fenced block of ``key: value`` lines at the top of a text file.

The keys are a closed set, so that a typo ("publsher") is an error naming the
file and line rather than a value silently dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.corpus.errors import CorpusError

FRONT_MATTER_KEYS = frozenset({"id", "title", "publisher", "kind", "language", "url", "date", "supersedes"})
"""Keys a document's front matter may set; any other key is an error, to catch typos."""

_FENCE = re.compile(r"---[ \t]*\r?\n")


def parse_front_matter(decoded: str, path: Path) -> tuple[dict[str, str | None], int]:
    """Parse a ``---`` fenced block of ``key: value`` lines at the top of a file.

    Returns:
        The values (empty values become None) and the offset where the body starts.
    """
    opening = _FENCE.match(decoded)
    if not opening:
        return {}, 0
    meta: dict[str, str | None] = {}
    pos, line_no = opening.end(), 2
    while True:
        newline = decoded.find("\n", pos)
        if newline < 0:
            raise CorpusError(path, "front matter opened with '---' is never closed", 1)
        line = decoded[pos:newline].rstrip("\r")
        pos = newline + 1
        if line.strip() == "---":
            return meta, pos
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition(":")
            key = key.strip()
            if not sep or not key:
                raise CorpusError(path, f"front matter line is not 'key: value': {line!r}", line_no)
            if key not in FRONT_MATTER_KEYS:
                allowed = ", ".join(sorted(FRONT_MATTER_KEYS))
                raise CorpusError(path, f"unknown front matter key {key!r} (allowed: {allowed})", line_no)
            meta[key] = value.strip().strip("\"'") or None
        line_no += 1
