"""Generic references to unnamed law ("applicable law", "existing laws, regulations, and policies").

They become mentions with no authority so an analyst sees where a text leans
on law it does not name. The forms live in ``corpus/patterns/generic_law.json``;
a match counts only when it holds at least one legal head, because "existing
policies" is not law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.recognise.spans import AnchoredPattern, Candidate, anchored_pattern, compile_piece
from kb.reference import load_json


@dataclass(frozen=True)
class GenericLaw:
    """Compiled generic-law forms and the legal-head test."""

    forms: AnchoredPattern
    legal_head: re.Pattern[str]
    heading: re.Pattern[str]
    """A heading line, or a section caption, inside which a generic reference names a topic."""


@cache
def load_generic_law(data_dir: Path) -> GenericLaw:
    """Compile ``patterns/generic_law.json`` once per process."""
    data = load_json(data_dir / "patterns" / "generic_law.json")
    pieces = data["pieces"]
    return GenericLaw(
        forms=anchored_pattern(data, pieces, tuple(compile_piece(form["regex"], pieces) for form in data["forms"])),
        legal_head=compile_piece(r"(?<![\w])<<legal_head>>(?![\w])", pieces),
        heading=compile_piece(data["heading"]["regex"], pieces, re.MULTILINE),
    )


def find_generic_law(text: str, generic: GenericLaw) -> list[Candidate]:
    """Every generic reference to law in ``text``.

    A form whose context is not part of the reference ("violated the law")
    marks the reference with a ``generic`` group. One inside a heading
    (``generic.heading``) names the heading's topic and is left out.
    """
    found = []
    for match in generic.forms.finditer(text):
        group = "generic" if "generic" in match.re.groupindex and match.group("generic") else 0
        if generic.legal_head.search(match.group(group)) and not _in_heading(text, match.start(group), match.end(group), generic):
            found.append(Candidate(start=match.start(group), end=match.end(group), surface=match.group(group),
                                   method="generic", kind="generic"))
    return found


def _in_heading(text: str, start: int, end: int, generic: GenericLaw) -> bool:
    """Whether ``[start, end)`` lies inside a heading line or a section's title-case caption."""
    line = text.rfind("\n", 0, start) + 1
    heading = generic.heading.match(text, line)
    return heading is not None and heading.end() >= end
