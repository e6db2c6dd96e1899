"""Shared fixtures: the knowledge base built from the repository's corpus, documents by path."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from datasette.app import Datasette

from kb.corpus import load_document
from kb.datasette.config import SETTINGS, metadata
from kb.models import Document
from kb.pipeline.build import build
from kb.recognise.nlp import build_pipeline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
SEED = CORPUS / "documents" / "openai-dow-agreement.txt"


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline, built once."""
    return build_pipeline()


EXTRA_DOCUMENTS = (
    # documents in other voices and styles, so that queries have organisations to compare
    FIXTURES / "claims" / "lab_statement.md",
    FIXTURES / "claims" / "government_memo.md",
    FIXTURES / "segment" / "data_sharing_terms.md",
    FIXTURES / "queries" / "vendor_pledge.md",
)


@pytest.fixture(scope="session")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge base built once per session from ``corpus/`` plus ``EXTRA_DOCUMENTS``."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in [*sorted((CORPUS / "documents").iterdir()), *EXTRA_DOCUMENTS]:
        shutil.copy(path, folder / path.name)
    db = folder.parent / "kb.db"
    build(folder, db)
    return db


@pytest.fixture()
def kb(kb_path: Path):
    """A read-only connection to the built knowledge base, rows as ``sqlite3.Row``."""
    conn = sqlite3.connect(f"file:{kb_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def read_document(path: Path) -> Document:
    """Load a document file the way the build does."""
    return load_document(path, path.parent)


@pytest.fixture(scope="session")
def seed() -> Document:
    """The first corpus document: the agreement announcement."""
    return read_document(SEED)


@pytest.fixture()
def parsed(monkeypatch) -> list[str]:
    """Ids of the documents extraction is run on, in the order it runs."""
    from kb.pipeline import workers

    seen: list[str] = []
    real = workers.extract

    def counting(document, nlp, data_dir):
        seen.append(document.id)
        return real(document, nlp, data_dir)

    monkeypatch.setattr(workers, "extract", counting)
    return seen


def served(path: Path) -> Datasette:
    """Datasette over ``path`` in-process, configured as ``kb serve`` serves it (metadata and ``SETTINGS``)."""
    return Datasette([], immutables=[str(path)], metadata=metadata(path.stem), settings=SETTINGS)


LAW_DOCUMENTS = (
    SEED,  # lists "The Foreign Intelligence Surveillance Act of 1978" and "Executive Order 12333"
    FIXTURES / "authorities" / "unseen_crs_702.txt",  # "Section 702", "50 U.S.C. 1881a", "EO 12333", "Executive Order 12333"
    FIXTURES / "authorities" / "executive_order.txt",  # "Sec. 3. Implementation. (a) ... (c) ...", headings
)


@pytest.fixture(scope="session")
def law_kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A KB of documents citing FISA, Section 702 and EO 12333 in several forms, with numbered sections;
    built once for the search and lookup tests."""
    folder = tmp_path_factory.mktemp("law")
    corpus = folder / "corpus" / "documents"
    corpus.mkdir(parents=True)
    for path in LAW_DOCUMENTS:
        shutil.copy(path, corpus / path.name)
    build(corpus.parent, folder / "kb.db")
    return folder / "kb.db"
