"""Extraction over many documents, in this process or in worker processes.

Each worker builds the spaCy pipeline once and extracts the documents it is
handed; results come back in the order the documents were given, so the
database is written in the same order whatever the number of workers, and
``--jobs N`` gives byte-identical tables to ``--jobs 1``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from spacy.language import Language

from kb.models import Document, Record
from kb.nlp import build_pipeline
from kb.pipeline import extract

_worker: tuple[Language, Path] | None = None
"""The pipeline and data folder of this worker process, set once by ``_start``."""


def extract_documents(documents: list[Document], data_dir: Path, jobs: int = 1) -> Iterator[list[Record]]:
    """Extract each document's records, yielding them in ``documents`` order.

    Args:
        documents: the documents to parse.
        data_dir: the reference-data folder.
        jobs: worker processes; 1 extracts in this process.
    """
    if not documents:
        return
    if jobs <= 1 or len(documents) == 1:
        nlp = build_pipeline(data_dir)
        for document in documents:
            yield extract(document, nlp, data_dir)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pool = ProcessPoolExecutor(min(jobs, len(documents)), mp_context=context, initializer=_start, initargs=(data_dir,))
    try:
        yield from pool.map(_extract, documents)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start(data_dir: Path) -> None:
    global _worker
    _worker = (build_pipeline(data_dir), data_dir)


def _extract(document: Document) -> list[Record]:
    assert _worker is not None, "worker started without its pipeline"
    nlp, data_dir = _worker
    return extract(document, nlp, data_dir)
