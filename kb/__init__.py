"""Legal-authority cross-reference knowledge base: documents in, a linked SQLite graph out.

The small public API. Names are imported lazily, so that ``kb.datasette``
(which serves the database) never loads spaCy by importing the package.

Example:

    >>> from pathlib import Path
    >>> import kb
    >>> summary = kb.build(Path("corpus"), Path("kb.db"))
    >>> graph = kb.load_graph(Path("kb.db"))
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "build": "kb.pipeline.build",
    "check": "kb.pipeline.build",
    "extract": "kb.pipeline.extract",
    "load_corpus": "kb.corpus",
    "build_pipeline": "kb.recognise.nlp",
    "load_graph": "kb.graph.export",
    "export": "kb.graph.export",
    "load_queries": "kb.datasette.queries",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
