"""Command line: ``kb build`` and ``kb serve`` (thin: parse, then call the library)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from kb.corpus import CorpusError
from kb.data import DataError

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2
"""Exit codes: 0 built or served, 1 bad corpus or reference data (nothing written), 2 bad arguments."""


def build_command(argv: list[str] | None = None) -> int:
    """Build the knowledge base from a corpus folder.

    Example: ``python build.py --corpus corpus --db kb.db``
    """
    parser = argparse.ArgumentParser(prog="build.py", description=build_command.__doc__)
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder with documents/ (default: corpus)")
    parser.add_argument("--db", type=Path, default=Path("kb.db"), help="database to write (default: kb.db)")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    args = parser.parse_args(argv)
    from kb.pipeline import build

    try:
        summary = build(args.corpus, args.db)
    except (CorpusError, DataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"nothing written; {args.db} is unchanged", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.quiet:
        print(summary)
    return EXIT_OK


def serve_command(argv: list[str] | None = None) -> int:
    """Serve a built knowledge base in Datasette, read-only, with the project's metadata and queries.

    Example: ``kb serve --db kb.db --port 8001``
    """
    parser = argparse.ArgumentParser(prog="kb serve", description=serve_command.__doc__)
    parser.add_argument("--db", type=Path, default=Path("kb.db"), help="database to serve (default: kb.db)")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"error: {args.db} does not exist; run `make build` or `python build.py` first", file=sys.stderr)
        return EXIT_BAD_INPUT
    from kb.datasette.config import datasette_args

    command = [sys.executable, "-m", "datasette", "serve", *datasette_args(args.db), "--host", args.host, "--port", str(args.port)]
    return subprocess.call(command)


COMMANDS = {"build": build_command, "serve": serve_command}


def main(argv: list[str] | None = None) -> int:
    """``kb build ...`` or ``kb serve ...``."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: kb {{{','.join(COMMANDS)}}} [options]  (kb COMMAND --help for details)", file=sys.stderr)
        return EXIT_USAGE
    return COMMANDS[argv[0]](argv[1:])
