"""Datasette metadata and command-line settings, generated from the schema and ``queries/``.

Generated rather than hand-written so that the descriptions analysts read in
Datasette are the ones in ``kb.store.schema`` and ``kb.store.views`` and cannot
drift from them.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kb.datasette.queries import load_queries
from kb.store.schema import TABLES
from kb.store.views import VIEWS

SQL_TIME_LIMIT_MS = 3000
"""Queries running longer are cancelled, so one heavy query cannot stall the server."""

TRUNCATE_CELLS_HTML = 300
"""Characters of a text cell a table or query page shows before "…" (Datasette's ``truncate_cells_html``).

A table's grid is for scanning: a document's body, a section's or an FAQ
answer's text is cut there, and its row page (which Datasette never
truncates) and the reader keep the whole of it.
"""

SETTINGS = {"sql_time_limit_ms": SQL_TIME_LIMIT_MS, "truncate_cells_html": TRUNCATE_CELLS_HTML}
"""Datasette's settings for serving the knowledge base (``datasette_args``; tests pass them to ``Datasette(settings=)``)."""


def metadata(db_name: str) -> dict[str, Any]:
    """Datasette metadata for a database served under ``db_name``."""
    tables: dict[str, Any] = {}
    for spec in TABLES:
        entry: dict[str, Any] = {"description": spec.description, "columns": dict(spec.columns)}
        if spec.label:
            entry["label_column"] = spec.label
        if spec.facets:
            entry["facets"] = list(spec.facets)
        if spec.sort_desc:
            entry["sort_desc"] = spec.sort_desc
        elif spec.sort:
            entry["sort"] = spec.sort
        elif "start" in spec.columns:
            entry["sort"] = "start"
        if spec.fts:
            entry["fts_table"] = f"{spec.name}_fts"
            tables[f"{spec.name}_fts"] = {"hidden": True}
        if spec.hidden:
            entry["hidden"] = True
        tables[spec.name] = entry
    for view in VIEWS:  # Datasette reads a view's metadata from the same place as a table's
        tables[view.name] = {"description": view.description, "columns": dict(view.columns)}
    queries = {  # answers first: parameters and results, the SQL one click ("show") away
        q.name: {"title": q.title, "description": q.description, "sql": q.sql, "hide_sql": True} for q in load_queries()
    }
    return {
        "title": "Legal-authority cross-reference knowledge base",
        "description": "Agreement clauses, FAQ claims and the legal authorities they cite, linked with provenance.",
        "license": "Apache-2.0",
        "source": "corpus/ of this repository",
        "databases": {db_name: {"tables": tables, "queries": queries}},
    }


def write_metadata(db: Path) -> Path:
    """Write the metadata for serving ``db`` into a fresh private directory and return the file's path.

    Each call makes its own directory (``mkdtemp``: mode 0700, a name no one
    can predict) and creates the file there exclusively, never following a
    symlink, so no other user or server can plant, read or swap it. The
    directory is removed when the calling process exits (``kb serve`` waits
    for the server, so the server has read it long before).
    """
    folder = Path(tempfile.mkdtemp(prefix=f"kb-{db.stem}-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "metadata.json"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o600), "w", encoding="utf-8") as out:
        out.write(json.dumps(metadata(db.stem), indent=2))
    return path


def datasette_args(db: Path) -> list[str]:
    """Arguments for ``datasette serve``: immutable database, metadata, ``SETTINGS``."""
    settings = [arg for name, value in SETTINGS.items() for arg in ("--setting", name, str(value))]
    return ["-i", str(db), "--metadata", str(write_metadata(db)), *settings]
