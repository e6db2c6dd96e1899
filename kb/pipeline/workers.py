"""Extraction over many documents, in this process or in worker processes.

Each worker builds the spaCy pipeline once and extracts the documents it is
handed; results come back in the order the documents were given, so the
database is written in the same order whatever the number of workers, and
``--jobs N`` gives byte-identical tables to ``--jobs 1``. (Extraction on a
Dask cluster, possibly over several machines, is ``kb.pipeline.cluster``.)

A worker dies with the process that started it, even one killed outright
(SIGKILL), rather than live on as an orphan holding memory and the build
lock: on Linux the kernel signals it (``prctl(PR_SET_PDEATHSIG)``); elsewhere
a thread watches for its parent to change.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Generator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from kb.models import Document, Record
from kb.pipeline.extract import extract
from kb.pipeline.fingerprint import pipeline_hash
from kb.pipeline.incremental import split_shared
from kb.recognise.nlp import build_pipeline
from kb.store.write import Rows, as_rows

_worker: tuple[Language, Path] | None = None
"""The pipeline and data folder of this worker process, set once by ``_start``."""


@dataclass
class Extracted:
    """One document's extraction as the writer takes it.

    The document's own rows travel as tuples, not records: unpickling a
    thousand documents' dataclasses cost the writing process more time than
    the workers saved it.
    """

    rows: Rows
    """The document's own rows (``kb.store.write.as_rows``), with a source row per shared record."""
    shared: list[Record]
    """Records the document produced that belong to no single document (``kb.pipeline.incremental.split_shared``)."""


def extract_documents(documents: list[Document], data_dir: Path, jobs: int = 1) -> Generator[Extracted, None, None]:
    """Extract each document, yielding its rows in ``documents`` order.

    Args:
        documents: the documents to parse.
        data_dir: the reference-data folder.
        jobs: worker processes; 1 extracts in this process.
    """
    if not documents:
        return
    if in_process(documents, jobs):
        nlp = resident_pipeline(data_dir, pipeline_hash(data_dir))
        for document in documents:
            yield extract_one(document, nlp, data_dir)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(min(jobs, len(documents)), mp_context=context, initializer=_start, initargs=(data_dir, os.getpid()))
    try:
        yield from pool.map(_extract, documents, chunksize=chunk_size(len(documents), jobs))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def in_process(documents: list[Document], jobs: int) -> bool:
    """Whether ``extract_documents`` extracts these documents in this process rather than in workers."""
    return jobs <= 1 or len(documents) == 1


def prepare(documents: list[Document], data_dir: Path, jobs: int = 1) -> None:
    """Assemble now the pipeline that ``extract_documents`` will use in this process, if it will use one.

    A rebuild calls this while the previous database is copied (``kb.pipeline.incremental.copy_previous``).
    """
    if documents and in_process(documents, jobs):
        resident_pipeline(data_dir, pipeline_hash(data_dir))


@lru_cache(maxsize=1)
def resident_pipeline(data_dir: Path, fingerprint: str) -> Language:
    """The pipeline of this process, built again only when the reference data changed (its ``fingerprint``).

    A resident build (``kb watch``) extracts one changed document at a time,
    and assembling the pipeline cost as much as parsing that document.
    """
    return build_pipeline(data_dir)


def chunk_size(documents: int, jobs: int) -> int:
    """Documents per task: a few tasks per worker to keep them busy, yet few round trips."""
    return max(1, min(8, documents // (jobs * 4)))


def extract_one(document: Document, nlp: Language, data_dir: Path) -> Extracted:
    """One document's extraction, split into its own rows and the shared records, as the writer takes it."""
    own, shared = split_shared(document.id, extract(document, nlp, data_dir))
    return Extracted(as_rows(own), shared)


def _start(data_dir: Path, parent: int) -> None:
    global _worker
    die_with_parent(parent)
    _worker = (build_pipeline(data_dir), data_dir)


PR_SET_PDEATHSIG = 1
"""``prctl`` option from ``<linux/prctl.h>``: the signal this process gets when its parent dies."""

WATCH_SECONDS = 0.5
"""How often a worker without ``PR_SET_PDEATHSIG`` checks that its parent is alive."""


def die_with_parent(parent: int) -> None:
    """Make this process end when ``parent``, the process that started it, ends.

    Asks the kernel for SIGKILL on the parent's death where it can (Linux),
    otherwise starts a thread that polls ``os.getppid``. Either way the parent
    is checked right after, since it may have died before the request was made.
    """
    if not _parent_death_signal(signal.SIGKILL):
        threading.Thread(target=_watch_parent, args=(parent,), name="kb-watch-parent", daemon=True).start()
    if os.getppid() != parent:
        os._exit(1)


def _parent_death_signal(signum: int) -> bool:
    """Ask the kernel to send ``signum`` when the parent dies; False where that cannot be done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_PDEATHSIG, ctypes.c_ulong(signum), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) == 0)
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """End this process once its parent is no longer ``parent`` (it died, and the process was adopted)."""
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _extract(document: Document) -> Extracted:
    assert _worker is not None, "worker started without its pipeline"
    nlp, data_dir = _worker
    return extract_one(document, nlp, data_dir)
