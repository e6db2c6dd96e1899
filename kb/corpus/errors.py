"""What goes wrong reading a corpus, named by file and line so the user can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class CorpusError(Exception):
    """A document cannot be read; ``str()`` names the file and line."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class BadCorpus(Exception):
    """Documents that cannot be read, every one of them; ``str()`` gives one per line."""

    def __init__(self, errors: list[CorpusError]) -> None:
        super().__init__(errors)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)
