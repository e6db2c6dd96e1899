"""Extraction as Dask tasks: on a cluster of this machine's processes, or of several machines.

``kb.pipeline.workers`` runs extraction in a pool of this machine's
processes; this module hands the same work to Dask's distributed scheduler,
so that a build can use the cores of other machines too. The writer does not
change: results come back as the same rows (``Extracted``), yielded in the
order the documents were given, so a build on a cluster writes the tables a
single-process build writes, row for row.

- With no scheduler address, a local cluster of ``jobs`` worker processes is
  started for the build and stopped after it.
- With one (``tcp://HOST:8786``), the workers are whatever joined that
  scheduler (``dask worker tcp://HOST:8786`` on each machine). Each must hold
  the same checkout and reference data, at the same path: a worker checks its
  pipeline fingerprint against the build's before its first document, and a
  worker whose code, data or versions differ fails the build rather than
  write other rows.

Each worker process builds the spaCy pipeline once, on its first batch, and
keeps it for the rest. Documents go out in batches, and only a few batches per
worker thread are in flight at once, so memory on either side stays bounded
however large the corpus. Dask itself reschedules the batches of a worker
that is lost (a machine that goes down); a batch that kills every worker it
is tried on fails the build.

Dask is an optional dependency (the ``dask`` extra), imported only here and
only when used.
"""

from __future__ import annotations

import socket
import sys
from collections import deque
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from kb.models import Document
from kb.pipeline.fingerprint import pipeline_hash
from kb.pipeline.workers import Extracted, chunk_size, extract_one
from kb.recognise.nlp import build_pipeline

if TYPE_CHECKING:
    from distributed import Client, Future

INSTALL = "pip install -e '.[dask]'"
"""How to install the ``dask`` extra in a checkout."""

IN_FLIGHT = 4
"""Batches submitted ahead per worker thread: enough to keep every worker busy, few enough to bound memory."""


class ClusterError(Exception):
    """The Dask cluster cannot do the build: Dask is missing, the scheduler is unreachable, or a worker differs or dies."""


def require_dask() -> Any:
    """Dask's ``distributed`` package, imported.

    Raises:
        ClusterError: it is not installed.
    """
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"Dask is not installed; install the project's dask extra: {INSTALL}") from None
    return distributed


def extract_documents(
    documents: list[Document], data_dir: Path, jobs: int = 1, scheduler: str | None = None,
) -> Generator[Extracted, None, None]:
    """Extract each document as Dask tasks, yielding its rows in ``documents`` order.

    Args:
        documents: the documents to parse.
        data_dir: the reference-data folder, at this path on every worker.
        jobs: worker processes of the local cluster started when ``scheduler`` is None.
        scheduler: address of a running Dask scheduler (``tcp://HOST:PORT``) whose workers do the work.

    Raises:
        ClusterError: Dask is not installed, the scheduler cannot be reached, a
            worker's pipeline differs from this one, or a batch killed every
            worker it was tried on.
    """
    if not documents:
        return
    fingerprint = pipeline_hash(data_dir)
    with _client(jobs, scheduler) as client:
        threads = _threads(client, scheduler)
        size = chunk_size(len(documents), threads)
        pending: deque[tuple[Future, Document]] = deque()
        for number, start in enumerate(range(0, len(documents), size)):
            batch = documents[start:start + size]
            # earlier batches first, so that results arrive about in the order they are written
            future = client.submit(_extract_batch, batch, data_dir, fingerprint, pure=False, priority=-number)
            pending.append((future, batch[0]))
            if len(pending) >= IN_FLIGHT * threads:
                yield from _result(*pending.popleft())
        while pending:
            yield from _result(*pending.popleft())


@contextmanager
def _client(jobs: int, scheduler: str | None) -> Iterator[Client]:
    """A client of ``scheduler``, or of a local cluster of ``jobs`` processes started for the build."""
    distributed = require_dask()
    if scheduler is None:
        with (
            distributed.LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
            distributed.Client(cluster, set_as_default=False) as client,
        ):
            yield client
        return
    try:
        # checked before connecting: a client that fails on a malformed address hangs the interpreter's exit
        distributed.comm.get_address_host_port(scheduler)
    except ValueError as exc:
        raise ClusterError(f"{scheduler} is not a Dask scheduler address: {exc}") from None
    try:
        client = distributed.Client(scheduler, set_as_default=False)
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    with client:
        yield client


def _threads(client: Client, scheduler: str | None) -> int:
    """Worker threads in the cluster, waiting (and saying so) for a first worker to join an empty one."""
    if not client.nthreads():
        print(f"waiting for a Dask worker to join the scheduler at {scheduler}", file=sys.stderr, flush=True)
        client.wait_for_workers(1)
    return max(1, sum(client.nthreads().values()))


def _result(future: Future, first: Document) -> list[Extracted]:
    """A batch's rows, or a ClusterError saying what went wrong with the cluster (errors of extraction pass as they are)."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError
    from distributed.comm.core import CommClosedError

    try:
        return future.result()
    except KilledWorker as exc:
        raise ClusterError(f"the batch of documents from {first.path} killed every Dask worker it was tried on: {exc}") from None
    except (CommClosedError, FutureCancelledError) as exc:
        raise ClusterError(f"lost the Dask cluster while extracting the batch from {first.path}: {exc}") from None


_pipeline: tuple[Path, str, Language] | None = None
"""This worker process's pipeline, with the data folder and fingerprint it was built and checked for."""


def _extract_batch(documents: list[Document], data_dir: Path, fingerprint: str) -> list[Extracted]:
    """A Dask task: extract a batch of documents with this worker's pipeline."""
    nlp = _worker_pipeline(data_dir, fingerprint)
    return [extract_one(document, nlp, data_dir) for document in documents]


def _worker_pipeline(data_dir: Path, fingerprint: str) -> Language:
    """The pipeline for ``data_dir``, built once per worker process after checking it is the build's own."""
    global _pipeline
    if _pipeline is None or _pipeline[:2] != (data_dir, fingerprint):
        here = socket.gethostname()
        if not data_dir.is_dir():
            raise ClusterError(f"Dask worker on {here} has no reference data at {data_dir}: install the checkout at the same path on every machine")
        if pipeline_hash(data_dir) != fingerprint:
            raise ClusterError(
                f"Dask worker on {here} has other code, reference data or library versions than the build: "
                "install the same checkout on every machine and restart its workers"
            )
        _pipeline = (data_dir, fingerprint, build_pipeline(data_dir))
    return _pipeline[2]
