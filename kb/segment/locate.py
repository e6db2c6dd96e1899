"""Find the units that contain an offset, for placing sentences and mentions.

Units of one kind either never overlap (paragraphs) or nest (clauses,
sections); in both cases the innermost container of an offset is the one with
the greatest start among those that contain it.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar


class Span(Protocol):
    id: str
    start: int
    end: int


S = TypeVar("S", bound=Span)


class Locator(Generic[S]):
    """Answers "which unit of this kind contains offset x?" in logarithmic time for flat units."""

    def __init__(self, units: Sequence[S]) -> None:
        self.units = sorted(units, key=lambda u: (u.start, -u.end))
        self.starts = [u.start for u in self.units]

    def innermost(self, start: int, end: int | None = None) -> S | None:
        """The innermost unit containing ``[start, end)`` (or the offset ``start``)."""
        end = start + 1 if end is None else max(end, start + 1)
        i = bisect.bisect_right(self.starts, start) - 1
        while i >= 0:
            unit = self.units[i]
            if unit.start <= start and end <= max(unit.end, unit.start + 1):
                return unit
            i -= 1
        return None

    def id_at(self, start: int, end: int | None = None) -> str | None:
        """The id of ``innermost(start, end)``, or None."""
        unit = self.innermost(start, end)
        return unit.id if unit else None
