"""Reference data in ``corpus/``: where it lives and how a file of it is read.

Domain knowledge (authority records, aliases, cue lists, patterns) is data,
loaded once per process and cached, so code holds only mechanisms.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[2] / "corpus"
"""The repository's ``corpus/`` folder: documents plus curated reference data."""


class DataError(ValueError):
    """A reference-data file is missing or malformed; the message names the file."""


@cache
def load_json(path: Path) -> Any:
    """Read one JSON data file, naming the file and line on a syntax error."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError(f"{path}: reference data file is missing") from exc
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
