"""Cue families: labelled regular expressions read from ``corpus/`` data.

Claims analysis asks of every claim and clause "which labels does it carry?"
(modality, concepts, safeguards) and "where are its cues?" (conditions). A
family is one compiled alternation, scanned once over a document; the hits are
then looked up by span, so the cost grows with the text, not with the number
of units. The data (patterns, examples) is in ``corpus/patterns/claims.json``
and ``corpus/concepts/*.json``; this module holds only the mechanism.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from kb.data import DataError, load_json


@dataclass(frozen=True)
class Cue:
    """One pattern of a family, with the texts it must and must not find."""

    label: str
    pattern: str
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """Where a cue was found: character offsets into the searched text."""

    label: str
    start: int
    end: int


class CueFamily:
    """Labelled cues compiled once into one alternation, scanned once per text."""

    def __init__(self, name: str, cues: Iterable[Cue], case_sensitive: bool = False) -> None:
        self.name = name
        self.cues = tuple(cues)
        self.flags = 0 if case_sensitive else re.IGNORECASE
        self._label_of_group = [c.label for c in self.cues]
        self._all = re.compile(_alternation(c.pattern for c in self.cues), self.flags)

    def compiled(self, cue: Cue) -> re.Pattern[str]:
        """One cue alone, with the family's flags (used to check its examples)."""
        return re.compile(cue.pattern, self.flags)

    def scan(self, text: str) -> Scan:
        """Every hit in ``text``, to be looked up by span."""
        return Scan([self._hit(m) for m in self._all.finditer(text)])

    def first(self, text: str, start: int = 0, end: int | None = None) -> Hit | None:
        """The leftmost hit in ``text[start:end]``."""
        m = self._all.search(text, start, len(text) if end is None else end)
        return self._hit(m) if m else None

    def match(self, text: str, start: int, end: int | None = None) -> Hit | None:
        """A hit that begins exactly at ``start``."""
        m = self._all.match(text, start, len(text) if end is None else end)
        return self._hit(m) if m else None

    def _hit(self, m: re.Match[str]) -> Hit:
        return Hit(self._label_of_group[int(m.lastgroup[1:])], m.start(), m.end())


def _alternation(patterns: Iterable[str]) -> str:
    """One named group per cue; a leading word boundary shared by all is tested once.

    Python's regex engine tries every alternative at every position; testing
    ``\\b`` before the alternation skips the positions inside words at once.
    """
    patterns = list(patterns)
    if all(branch.startswith(r"\b") for p in patterns for branch in _top_level_branches(p)):
        return r"\b(?:" + "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(patterns)) + ")"
    return "|".join(f"(?P<c{i}>{p})" for i, p in enumerate(patterns))


def _top_level_branches(pattern: str) -> list[str]:
    """``a|b(c|d)`` to ``["a", "b(c|d)"]``: the alternatives outside any group or class."""
    branches, depth, in_class, escaped, last = [], 0, False, False, 0
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            branches.append(pattern[last:i])
            last = i + 1
    return [*branches, pattern[last:]]


class Scan:
    """A family's hits in one text, sorted, looked up by span.

    Hits of one family do not overlap (the regex engine takes the leftmost
    and, at one position, the first-listed cue), so a family lists its cues
    strongest first.
    """

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.starts = [h.start for h in hits]

    def within(self, start: int, end: int) -> list[Hit]:
        """Hits that lie wholly inside ``[start, end)``."""
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [h for h in self.hits[lo:hi] if h.end <= end]

    def first(self, start: int, end: int) -> Hit | None:
        """The leftmost hit inside the span."""
        hits = self.within(start, end)
        return hits[0] if hits else None

    def labels(self, start: int, end: int) -> dict[str, Hit]:
        """The first hit of every label found inside the span."""
        found: dict[str, Hit] = {}
        for hit in self.within(start, end):
            found.setdefault(hit.label, hit)
        return found


def parse_cues(entries: list[dict[str, Any]], where: str, label: str | None = None) -> list[Cue]:
    """Read cue entries (``pattern``, ``examples``, ``not``, ``label``) and check each compiles.

    Args:
        entries: the JSON entries.
        where: file and place, named in errors.
        label: the label to give entries that carry none (a concept's id).
    """
    cues = []
    for i, entry in enumerate(entries):
        try:
            regex = re.compile(entry["pattern"])
        except (KeyError, re.error) as exc:
            raise DataError(f"{where}[{i}]: bad cue pattern: {exc}") from exc
        if regex.groups:
            raise DataError(f"{where}[{i}]: cue patterns must not capture; use (?:...)")
        cues.append(Cue(
            label=entry.get("label", label or ""), pattern=entry["pattern"],
            examples=tuple(entry.get("examples", ())), counterexamples=tuple(entry.get("not", ())),
        ))
    return cues


@lru_cache(maxsize=None)
def claim_families(data_dir: Path) -> dict[str, CueFamily]:
    """The families of ``patterns/claims.json`` by name, compiled once per data folder."""
    path = data_dir / "patterns" / "claims.json"
    families = {}
    for name, spec in load_json(path)["families"].items():
        cues = parse_cues(spec["cues"], f"{path}: {name}")
        families[name] = CueFamily(name, cues, spec.get("case_sensitive", False))
    return families


@lru_cache(maxsize=None)
def modality_order(data_dir: Path) -> tuple[str, ...]:
    """Modalities from strongest to weakest: a claim takes the first one it shows."""
    return tuple(load_json(data_dir / "patterns" / "claims.json")["families"]["modality"]["order"])
