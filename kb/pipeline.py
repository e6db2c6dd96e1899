"""Orchestration: corpus folder in, SQLite database out.

``extract`` runs the one-way flow for one document (segment, recognise,
resolve, link) and returns plain records; ``build`` loads the corpus, extracts
every document and hands the records to the store. The database is written
beside the target and renamed over it only once complete, so a failed build
leaves the previous database untouched.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils
from spacy.language import Language

from kb import registry, units
from kb import claims as claims_analysis
from kb.claims import analyse
from kb.graph import write_graph
from kb.resolve import resolve_mentions
from kb.corpus import CorpusError, document_paths, documents_dir, load_document
from kb.data import DATA_DIR
from kb.models import Document, Record
from kb.nlp import annotate, build_pipeline
from kb.segment import segment
from kb.store import enable_search, ensure_db_shape, save_records

SUMMARY_TABLES = ("documents", "sections", "clauses", "faq", "claims", "authorities", "mentions")
"""Tables counted in the build summary, in the order printed."""


@dataclass
class BuildSummary:
    """What a build wrote."""

    db_path: Path
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def __str__(self) -> str:
        parts = ", ".join(f"{self.counts.get(t, 0)} {t}" for t in SUMMARY_TABLES)
        return f"Built {self.db_path}: {parts} in {self.seconds:.2f}s"


def extract(document: Document, nlp: Language, data_dir: Path = DATA_DIR) -> list[Record]:
    """Every record derived from one document, the document itself first."""
    seg, blocks = segment(document, data_dir)
    doc = annotate(nlp, document.text, [(b.start, b.end) for b in blocks])
    sentences = units.sentences(document, doc, blocks, seg)
    claims = units.claims(sentences)
    mentions, cited = resolve_mentions(doc, document.id, data_dir)
    units.place(mentions, seg, sentences, claims)
    linked = analyse(document, seg, sentences, claims, mentions, doc, data_dir)
    return [document, *seg.records(), *sentences, *claims, *cited, *mentions, *linked]


def reference_records(data_dir: Path = DATA_DIR) -> list[Record]:
    """Records shared by every document: curated authorities, concepts, safeguards, organisations."""
    return [*registry.reference_records(data_dir), *claims_analysis.reference_records(data_dir)]


def load_corpus(corpus: Path) -> list[Document]:
    """Load every document, refusing two documents with one id.

    Raises:
        CorpusError: the first document that cannot be read.
    """
    root = documents_dir(corpus)
    documents: list[Document] = []
    seen: dict[str, Path] = {}
    for path in document_paths(corpus):
        document = load_document(path, root)
        if document.id in seen:
            raise CorpusError(path, f"document id {document.id!r} is already used by {seen[document.id]}")
        seen[document.id] = path
        documents.append(document)
    return documents


def build(corpus: Path, db_path: Path, data_dir: Path = DATA_DIR) -> BuildSummary:
    """Build the knowledge base from ``corpus`` into ``db_path``, atomically.

    Args:
        corpus: a folder holding ``documents/`` (or the documents themselves).
        db_path: the database to (re)place.
        data_dir: the reference-data folder.

    Raises:
        CorpusError: a document cannot be read; ``db_path`` is left as it was.
    """
    began = time.perf_counter()
    documents = load_corpus(corpus)
    nlp = build_pipeline(data_dir)
    records: list[Record] = reference_records(data_dir)
    for document in documents:
        records.extend(extract(document, nlp, data_dir))
    tmp = db_path.with_name(f".{db_path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        ensure_db_shape(db)
        save_records(db, records)
        write_graph(db)
        enable_search(db)
        db.conn.execute("ANALYZE")
        db.conn.commit()
        db.close()
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    counts = Counter(r.TABLE for r in records)
    return BuildSummary(db_path, dict(counts), time.perf_counter() - began)
