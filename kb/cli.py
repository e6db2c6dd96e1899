"""Command line: ``kb build``, ``kb serve`` and ``kb watch`` (thin: parse, then call the library)."""

from __future__ import annotations

import argparse
import inspect
import os
import sqlite3
import sys
from pathlib import Path

from kb.corpus import BadCorpus, CorpusError
from kb.exits import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, EXIT_SKIPPED, EXIT_USAGE, EXIT_WRITE_FAILED
from kb.reference import DataError


def build_command(argv: list[str] | None = None) -> int:
    """Build the knowledge base from a corpus folder, parsing again only the documents that changed.

    Example: python build.py --corpus corpus --db kb.db --jobs 4 --export build/graph
    On several machines: python build.py --executor dask --scheduler tcp://HOST:8786

    The new database is written beside the old one and renamed over it when
    complete. Exit codes: 0 built (or --check passed); 1 bad input, or a Dask
    cluster that cannot do the build (scheduler unreachable, a worker with
    other code or data), nothing written, the previous database unchanged;
    2 bad arguments (or --executor dask without Dask installed); 3 built, but
    bad documents were skipped (--keep-going); 4 the database could not be
    written (disk full, file too large, I/O error), nothing written, the
    previous database unchanged; 130 interrupted, nothing written.
    """
    parser = argparse.ArgumentParser(
        prog="build.py", description=inspect.cleandoc(build_command.__doc__ or ""), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder with documents/ (default: corpus)")
    parser.add_argument("--db", type=Path, default=Path("kb.db"), help="database to write (default: kb.db)")
    parser.add_argument("--jobs", type=_positive, metavar="N", help="extract documents in N worker processes (default: 1)")
    parser.add_argument("--executor", choices=("processes", "dask"), default="processes",
                        help="what runs the worker processes: a process pool (processes, the default) or a Dask cluster "
                             "(dask: a local one of --jobs processes, or the workers of --scheduler; needs the dask extra)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --executor dask, a running Dask scheduler (tcp://HOST:8786) whose workers, on any machines "
                             "holding this checkout at the same path, extract the documents")
    parser.add_argument("--keep-going", action="store_true", help="skip bad documents, build the rest, list what was skipped (exit 3)")
    parser.add_argument("--check", action="store_true", help="validate the corpus and reference data; write nothing")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success, and no progress bar")
    parser.add_argument("--export", type=Path, metavar="DIR",
                        help="also write the graph as DIR/kb.graphml, DIR/kb.gexf (Gephi) and DIR/kb.json (D3)")
    parser.add_argument("--export-scope", choices=("all", "citations"), default="all",
                        help="what --export writes: every node and edge (all, the default), or documents, authorities "
                             "and their citations and relations only (citations)")
    args = parser.parse_args(argv)
    if args.scheduler and args.executor != "dask":
        parser.error("--scheduler needs --executor dask")
    if args.scheduler and args.jobs:
        parser.error("--jobs sizes a local cluster; with --scheduler, the scheduler's workers extract")
    from kb.graph.export import export, load_graph
    from kb.pipeline.build import build, check
    from kb.pipeline.cluster import ClusterError, require_dask
    from kb.pipeline.progress import ProgressBar

    if args.executor == "dask" and not args.check:
        try:
            require_dask()
        except ClusterError as exc:
            print(f"error: --executor dask: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        if args.check:
            report = check(args.corpus)
            _print_problems(report.errors, report.warnings)
            if not args.quiet or report.errors:
                print(report)
            return EXIT_BAD_INPUT if report.errors else EXIT_OK
        with ProgressBar(enabled=not args.quiet) as bar:
            summary = build(
                args.corpus, args.db, jobs=args.jobs or 1, executor=args.executor, scheduler=args.scheduler,
                keep_going=args.keep_going, progress=bar,
            )
    except (BadCorpus, CorpusError, DataError, ClusterError) as exc:
        print(f"error: {exc}".replace("\n", "\nerror: "), file=sys.stderr)
        print(f"nothing written; {args.db} is unchanged", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"interrupted: nothing written; {args.db} is unchanged", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (OSError, sqlite3.DatabaseError) as exc:
        if args.check:
            raise
        reason = (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)) or type(exc).__name__
        print(f"error: cannot write {args.db}: {' '.join(reason.split())}", file=sys.stderr)
        print(f"nothing written; {args.db} is unchanged", file=sys.stderr)
        return EXIT_WRITE_FAILED
    _print_problems(summary.skipped, summary.warnings)
    if not args.quiet:
        print(summary)
    if args.export:
        written = export(load_graph(args.db, args.export_scope), args.export)
        if not args.quiet:
            print("exported " + ", ".join(str(path) for path in written))
    return EXIT_SKIPPED if summary.skipped else EXIT_OK


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def _print_problems(skipped: list[CorpusError], warnings: list[str]) -> None:
    for error in skipped:
        print(f"skipped: {error}", file=sys.stderr)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)


def serve_command(argv: list[str] | None = None) -> int:
    """Serve a built knowledge base in Datasette, read-only, with the project's metadata and queries.

    Example: kb serve --db kb.db --port 8001 --watch --corpus corpus

    Datasette is restarted on the same address whenever a build replaces the
    database, so a rebuild is served within a few seconds; --watch also runs
    the build when a file under the corpus changes (a failed build is
    reported and the previous database stays served). SIGTERM or Ctrl-C stop
    the server and free the port. Exit codes: 0 stopped by SIGTERM; 1 no
    database (or, with --watch, no corpus documents/ folder); 2 bad
    arguments; 130 Ctrl-C; otherwise Datasette's own, had it ended by itself.
    """
    parser = argparse.ArgumentParser(
        prog="kb serve", description=inspect.cleandoc(serve_command.__doc__ or ""), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=Path("kb.db"), help="database to serve (default: kb.db)")
    parser.add_argument("--port", type=int, default=8001, help="port to listen on (default: 8001)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--watch", action="store_true", help="rebuild the database when a file under the corpus changes")
    parser.add_argument("--corpus", type=Path, help="folder --watch watches and builds from (default: corpus)")
    args = parser.parse_args(argv)
    if args.corpus and not args.watch:
        parser.error("--corpus needs --watch")
    corpus = (args.corpus or Path("corpus")) if args.watch else None
    if corpus and not (corpus / "documents").is_dir():
        print(f"error: {corpus}/documents is not a folder; --watch needs the corpus to build from", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.db.exists():
        print(f"error: {args.db} does not exist; run `make build` or `python build.py` first", file=sys.stderr)
        return EXIT_BAD_INPUT
    from kb.serve import serve

    try:
        return serve(args.db, args.host, args.port, corpus=corpus)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


def watch_command(argv: list[str] | None = None) -> int:
    """Keep the knowledge base built: build now, then again whenever a file under the corpus changes.

    Example: kb watch --corpus corpus --db kb.db

    One resident process: the pattern data and the spaCy pipeline stay
    loaded between builds, so a rebuild after one document changed costs
    what parsing that document and updating the database cost, without a
    new process starting. Each build is the one build.py runs (only changed
    documents parsed; the new database renamed over the old one when
    complete); a failed build is reported and leaves the database as it was.
    One line per build says what happened and how long it took. `kb serve
    --watch` runs this as its child. Exit codes: 0 stopped by SIGTERM; 1 no
    corpus documents/ folder; 2 bad arguments; 130 Ctrl-C.
    """
    parser = argparse.ArgumentParser(
        prog="kb watch", description=inspect.cleandoc(watch_command.__doc__ or ""), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder with documents/ to watch and build from (default: corpus)")
    parser.add_argument("--db", type=Path, default=Path("kb.db"), help="database to keep built (default: kb.db)")
    parser.add_argument("--jobs", type=_positive, metavar="N", help="extract documents in N worker processes (default: 1)")
    parser.add_argument("--after-changes", action="store_true",
                        help="on starting, build only if the database is not the build of the corpus as it is now")
    args = parser.parse_args(argv)
    if not (args.corpus / "documents").is_dir():
        print(f"error: {args.corpus}/documents is not a folder; kb watch needs the corpus to build from", file=sys.stderr)
        return EXIT_BAD_INPUT
    from kb.pipeline.build import up_to_date
    from kb.pipeline.fingerprint import pipeline_hash
    from kb.reference import DATA_DIR
    from kb.serve import WATCH
    from kb.watch import watch

    build = ["--corpus", str(args.corpus), "--db", str(args.db), "--quiet", *(["--jobs", str(args.jobs)] if args.jobs else [])]
    try:
        return watch(args.corpus, args.db, lambda: build_command(build), lambda line: print(line, flush=True),
                     up_to_date=lambda: args.after_changes and up_to_date(args.corpus, args.db),
                     fingerprint=lambda: pipeline_hash(DATA_DIR),
                     restart=lambda: os.execv(sys.executable, [sys.executable, "-c", WATCH, *(sys.argv[1:] if argv is None else argv)]))
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


COMMANDS = {"build": build_command, "serve": serve_command, "watch": watch_command}


def main(argv: list[str] | None = None) -> int:
    """``kb build ...``, ``kb serve ...`` or ``kb watch ...``."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in COMMANDS:
        print(f"usage: kb {{{','.join(COMMANDS)}}} [options]  (kb COMMAND --help for details)", file=sys.stderr)
        return EXIT_USAGE
    return COMMANDS[argv[0]](argv[1:])
