"""Orchestration: corpus folder in, SQLite database out.

``extract`` runs the one-way flow for one document (segment, recognise,
resolve, link) and returns plain records; ``build`` loads the corpus, extracts
the documents that changed and hands the records to the store. Rebuilds are:

- incremental: a document whose file and pipeline fingerprint are unchanged
  is copied from the previous database, not parsed again (``kb.pipeline.incremental``);
- atomic: the database is written beside the target and renamed over it only
  once complete, so a failed or killed build leaves the previous one intact;
- deterministic: documents are written in corpus order whether copied or
  extracted, by one process or several (``kb.pipeline.workers``);
- serialised: a build holds a lock on the database (``kb.db.lock`` beside it)
  from start to rename, so a concurrent build into it waits rather than
  renaming over it and losing its history (``kb.store.write.build_lock``);
- united: once every document is written, the equivalences of all of them
  decide which record each mention cites (``kb.store.identity``), so a form one
  document ties to an act is that act in every document;
- reported: each build adds a row to ``builds`` and its differences to
  ``changes`` (``kb.pipeline.changes``), and diffs versions' clauses (``kb.pipeline.versions``).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import Literal

import sqlite_utils

from kb.corpus import BadCorpus, CorpusError, load_corpus
from kb.graph.derive import insert_graph, write_analyses
from kb.models import Build, Change, Document, Record
from kb.pipeline import cluster
from kb.pipeline.changes import changes, summary
from kb.pipeline.extract import reference_records
from kb.pipeline.fingerprint import corpus_hash, kb_version, pipeline_hash
from kb.pipeline.incremental import (
    DocumentWriter,
    Previous,
    Produced,
    copy_previous,
    produce,
    read_previous,
    remove_documents,
    remove_stale_temps,
    reread,
    shared_records,
    temp_path,
)
from kb.pipeline.versions import clause_diffs, supersession_problems
from kb.pipeline.workers import extract_documents, prepare
from kb.recognise.nlp import build_pipeline
from kb.reference import DATA_DIR
from kb.reference.registry import load_registry
from kb.segment import load_patterns
from kb.store.identity import unite_authorities
from kb.store.schema import TABLES
from kb.store.write import (
    analyze,
    attach_previous,
    build_lock,
    copy_history,
    create_indexes,
    create_tables,
    create_views,
    enable_search,
    open_build_database,
    replace_database,
    save_records,
)

SUMMARY_TABLES = ("documents", "sections", "clauses", "faq", "claims", "authorities", "mentions")
"""Tables counted in the build summary, in the order printed."""


HISTORY_TABLES = ("builds", "changes")
"""Tables that accumulate across builds: each build copies them, then adds its own rows."""

Progress = Callable[[int, int], None]
"""Called with (documents done, documents in all) as a build goes."""

Executor = Literal["processes", "dask"]
"""Where documents are extracted: this machine's worker processes, or the workers of a Dask cluster."""


@dataclass
class BuildSummary:
    """What a build wrote, and how it differs from the build before."""

    db_path: Path
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    build_id: int = 1
    extracted: int = 0
    reused: int = 0
    skipped: list[CorpusError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def __str__(self) -> str:
        parts = ", ".join(f"{self.counts.get(t, 0)} {t}" for t in SUMMARY_TABLES)
        lines = [
            f"Built {self.db_path}: {parts} in {self.seconds:.2f}s",
            f"build {self.build_id}: {self.extracted} documents parsed, {self.reused} unchanged and reused",
        ]
        report = summary(self.changes)
        if self.build_id == 1:
            lines.append("first build into this database:")
        else:
            lines.append(f"changes since build {self.build_id - 1}:" if report else f"no changes since build {self.build_id - 1}")
        lines += [report] if report else []
        return "\n".join(lines)


@dataclass
class CheckReport:
    """What ``check`` found: documents that load, bad ones, and warnings."""

    documents: int
    errors: list[CorpusError]
    warnings: list[str]

    def __str__(self) -> str:
        verdict = "corpus and reference data are valid" if not self.errors else f"{len(self.errors)} bad documents"
        return f"{self.documents} documents load; {verdict}"


def check(corpus: Path, data_dir: Path = DATA_DIR) -> CheckReport:
    """Validate the corpus and the reference data without writing anything.

    Raises:
        DataError: a reference-data file is missing or malformed.
    """
    loaded = load_corpus(corpus)
    reference_records(data_dir)
    build_pipeline(data_dir)
    load_patterns(data_dir)
    return CheckReport(len(loaded.documents), loaded.errors, supersession_problems(loaded.documents))


def up_to_date(corpus: Path, db_path: Path, data_dir: Path = DATA_DIR) -> bool:
    """Whether ``db_path``'s last build is of this corpus as it is now, every file read, with this pipeline.

    A resident build started on a database someone just built (``kb serve
    --watch``) need not build again; any difference, a file it could not read
    included, and it builds.
    """
    loaded = load_corpus(corpus)
    if loaded.errors or not db_path.exists():
        return False
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        last = conn.execute("select corpus_hash, pipeline_hash from builds order by id desc limit 1").fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return last == (corpus_hash(loaded.documents), pipeline_hash(data_dir))


def build(
    corpus: Path, db_path: Path, data_dir: Path = DATA_DIR, *,
    jobs: int = 1, executor: Executor = "processes", scheduler: str | None = None, keep_going: bool = False,
    progress: Progress | None = None,
) -> BuildSummary:
    """Build the knowledge base from ``corpus`` into ``db_path``, atomically and incrementally.

    Args:
        corpus: a folder holding ``documents/`` (or the documents themselves).
        db_path: the database to (re)place; its build history, if any, decides what is reused.
        data_dir: the reference-data folder.
        jobs: worker processes for extraction (of the local Dask cluster, with ``executor="dask"`` and no ``scheduler``).
        executor: ``"processes"`` (this machine's, ``kb.pipeline.workers``) or ``"dask"`` (``kb.pipeline.cluster``).
        scheduler: with ``"dask"``, the address of a running scheduler whose workers extract; None starts a local cluster.
        keep_going: skip bad documents (listed in the summary) instead of stopping.
        progress: called after each document.

    A build into a database another build is writing waits for it to finish
    (saying so on standard error), then builds on top of it.

    Raises:
        BadCorpus: documents cannot be read (and not ``keep_going``); ``db_path`` is left as it was.
        DataError: reference data is malformed; ``db_path`` is left as it was.
        OSError, sqlite3.DatabaseError: the database cannot be written (disk
            full, file too large, no permission); ``db_path`` is left as it was.
    """
    def waiting() -> None:
        print(f"waiting for another build of {db_path.name} to finish", file=sys.stderr, flush=True)

    with build_lock(db_path, waiting):
        return _build(corpus, db_path, data_dir, jobs, keep_going, progress, executor, scheduler)


def _build(
    corpus: Path, db_path: Path, data_dir: Path, jobs: int, keep_going: bool, progress: Progress | None,
    executor: Executor, scheduler: str | None,
) -> BuildSummary:
    """``build``, under the database's build lock."""
    began, started_at = time.perf_counter(), datetime.now(UTC).isoformat(timespec="seconds")
    loaded = load_corpus(corpus)
    if loaded.errors and not keep_going:
        raise BadCorpus(loaded.errors)
    documents = loaded.documents
    fingerprint = pipeline_hash(data_dir)
    references = reference_records(data_dir)
    remove_stale_temps(db_path)
    previous = read_previous(db_path)
    kept = previous.reusable(documents, fingerprint) if previous else set()
    tmp = temp_path(db_path)
    work = Work(documents, {(r.TABLE, r.id) for r in references}, data_dir, jobs, progress, executor, scheduler)
    try:
        if kept:
            assert previous is not None
            db, parsed, tables = _update(tmp, work, kept, previous)
        else:
            db, parsed, tables = _create(tmp, work, references, previous)
        moved = unite_authorities(db, load_registry(data_dir))  # documents whose mentions another's evidence re-pointed
        scope = parsed | moved if kept else None
        insert_graph(db, scope)
        create_indexes(db)
        save_records(db, clause_diffs(db.conn, documents))
        write_analyses(db, scope)
        enable_search(db)
        build_id = previous.build_id + 1 if previous else 1
        found = changes(db.conn, build_id, documents, parsed | moved, first=previous is None)
        save_records(db, found)
        counts = {spec.name: db[spec.name].count for spec in TABLES}
        analyze(db, counts)
        seconds = time.perf_counter() - began
        save_records(db, [Build(
            id=build_id, started_at=started_at, duration_ms=round(seconds * 1000), corpus_hash=corpus_hash(documents),
            pipeline_hash=fingerprint, kb_version=kb_version(), jobs=jobs, documents=len(documents),
            extracted=len(parsed), reused=len(documents) - len(parsed), skipped=len(loaded.errors),
            skipped_files="\n".join(map(str, loaded.errors)) or None, clauses=counts["clauses"], claims=counts["claims"],
            mentions=counts["mentions"], authorities=counts["authorities"], changes=len(found),
            counts=json.dumps(counts, sort_keys=True), document_tables=" ".join(tables),
        )])
        replace_database(db, tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    return BuildSummary(
        db_path, counts, time.perf_counter() - began, build_id, len(parsed), len(documents) - len(parsed),
        loaded.errors, supersession_problems(documents), found,
    )


@dataclass
class Work:
    """What writing documents needs to know, whichever way the build goes."""

    documents: list[Document]
    """Every document of the corpus, in corpus order."""
    reference: set[tuple[str, str]]
    """(table, id) of the curated reference records."""
    data_dir: Path
    jobs: int
    progress: Progress | None
    executor: Executor
    scheduler: str | None
    """With ``"dask"``, the scheduler's address; None for a local cluster."""

    @cached_property
    def order(self) -> dict[str, int]:
        """Each document's place in corpus order."""
        return {d.id: i for i, d in enumerate(self.documents)}


def _write_documents(db: sqlite_utils.Database, work: Work, parse: list[Document], produced: Produced) -> list[str]:
    """Parse ``parse`` and write their rows, in the order given.

    Args:
        db: the database being built.
        work: the build's documents and settings.
        parse: the documents to parse, in corpus order.
        produced: given the shared records the parsed documents produce (``produce``).

    Returns:
        The tables the documents' rows went to.
    """
    writer = DocumentWriter(db)
    tables: set[str] = set()
    if work.executor == "dask":
        extracted = cluster.extract_documents(parse, work.data_dir, work.jobs, work.scheduler)
    else:
        extracted = extract_documents(parse, work.data_dir, work.jobs)
    try:
        for done, (document, found) in enumerate(zip(parse, extracted), 1):
            tables |= found.rows.keys() - {Document.TABLE}
            produce(produced, work.order[document.id], found.shared)
            writer.write(found.rows)
            if work.progress:
                work.progress(done, len(parse))
    finally:
        extracted.close()
    writer.flush()
    return sorted(tables)


Written = tuple[sqlite_utils.Database, set[str], list[str]]
"""A build's database, the ids of the documents it parsed, and the tables documents' rows are in."""


def _create(tmp: Path, work: Work, references: list[Record], previous: Previous | None) -> Written:
    """A new database with every document parsed; the build history copied from ``previous``, if any.

    Returns:
        The database, the ids parsed, and the tables their rows went to.
    """
    db = open_build_database(tmp)
    create_tables(db)
    if previous:
        attach_previous(db, previous.path)
        copy_history(db, HISTORY_TABLES)
    save_records(db, references)
    produced: Produced = {}
    tables = _write_documents(db, work, work.documents, produced)
    save_records(db, shared_records(db, produced, work.order, work.reference))
    return db, {d.id for d in work.documents}, tables


def _update(tmp: Path, work: Work, kept: set[str], previous: Previous) -> Written:
    """A copy of the previous database brought up to date: what changed or went removed, what is new written.

    Returns:
        The database, the ids parsed (documents that changed or are new, and
        kept ones parsed again for a shared record's sake), and the tables
        documents' rows are in.
    """
    parse = [d for d in work.documents if d.id not in kept]
    # the pipeline this process will extract with is assembled while the database copies (Dask's workers have their own)
    db = copy_previous(previous, tmp, partial(prepare, parse, work.data_dir, work.jobs) if work.executor == "processes" else None)
    create_views(db)  # the copy may predate a view, or hold an older definition of one
    attach_previous(db, previous.path)
    remove_documents(db, set(previous.documents) - kept, work.reference)
    produced: Produced = {}
    tables = _write_documents(db, work, parse, produced)
    again = reread(db, work.order, previous.order(), kept, work.reference)
    if again:
        remove_documents(db, again, work.reference)
        reparse = [d for d in work.documents if d.id in again]
        parse += reparse
        tables += _write_documents(db, work, reparse, produced)
    save_records(db, shared_records(db, produced, work.order, work.reference))
    return db, {d.id for d in parse}, sorted({*tables, *previous.document_tables})
