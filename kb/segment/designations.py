"""Designations: a clause as a reader cites it, built from the labels as written up its ancestry.

Lawyers cite "Sec. 2(c)(iii)(A)(1)(a)", "§ 1881a(b)(1)" and "Enclosure 2,
paragraph 3.b.(1)", not the clause's position path. A parenthesised label is
appended to its parent's designation directly, or after a dot when the parent's
own label is a bare "3." or "b." (DoD's "3.b.(1)"); a bare label is appended
after a dot; a decimal label that already spells its parent out ("1.1" under
"1.") stands for itself. Section words and the container headings whose
numbering restarts ("ENCLOSURE 2") are data in ``patterns/structure.json``;
such a container is a clause of its own ("Enclosure 2"), over the clauses in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.models import Clause, Section
from kb.reference import DATA_DIR, load_json

_SECTION_WORD = re.compile(r"[^\w§]*(?P<word>§|[A-Za-z]+)")


@dataclass(frozen=True)
class Container:
    """A heading whose numbering restarts ("ENCLOSURE 2", "ARTICLE IV") and the word joining it to a clause in it."""

    pattern: re.Pattern[str]
    joiner: str


@dataclass(frozen=True)
class Designations:
    """How section words are written and which headings are containers."""

    section_words: dict[str, str]
    article_section: str
    containers: tuple[Container, ...]


@cache
def load_designations(data_dir: Path = DATA_DIR) -> Designations:
    data = load_json(data_dir / "patterns" / "structure.json")["designations"]
    return Designations(
        data["section_words"], data["article_section_word"],
        tuple(Container(re.compile(c["pattern"], re.IGNORECASE), c["joiner"]) for c in data["containers"]),
    )


def container_of(heading: str, rules: Designations) -> str | None:
    """'Enclosure 2, paragraph' for a container heading ('ENCLOSURE 2', 'Article IV — Data'), else None."""
    for c in rules.containers:
        if m := c.pattern.match(heading.strip()):
            word, *rest = m.group(0).split()
            return f"{' '.join([word.capitalize(), *rest])}, {c.joiner}"
    return None


def container_name(prefix: str) -> str:
    """A container's own designation from the prefix of its clauses: 'Enclosure 2, paragraph' -> 'Enclosure 2'."""
    return prefix.rsplit(", ", 1)[0]


def containers(sections: list[Section], rules: Designations) -> dict[str, str]:
    """For each section, the container it lies in, as the prefix of its clauses' designations.

    A container covers its own section, its subsections and the sections
    after it at its level ("ENCLOSURE 2" then "RESPONSIBILITIES" as two
    headings), up to the next container or a heading above its level.
    """
    found: dict[str, str] = {}
    current: tuple[str, int] | None = None
    for s in sorted(sections, key=lambda s: s.start):
        own_container = container_of(s.heading, rules)
        if own_container:
            current = (own_container, s.level)
        elif current and s.level < current[1]:
            current = None
        if current:
            found[s.id] = current[0]
    return found


def own(marker: str, style: str, label: str, rules: Designations) -> str:
    """A top-level clause's designation: 'Sec. 2', '§ 1881a', 'Article IV', '1', '(a)', 'a'."""
    if style == "section":
        m = _SECTION_WORD.match(marker)
        word = rules.section_words.get(m.group("word").lower().rstrip(".") if m else "", "Sec.")
        if word == "§":
            return f"§ {label}"
        return f"{word} {label}"
    return marker.strip().rstrip(".").rstrip(")") + (")" if marker.strip().startswith("(") else "")


def child(parent: Clause, parent_style: str, marker: str, style: str, label: str, rules: Designations) -> str:
    """A nested clause's designation from its parent's."""
    written = own(marker, style, label, rules)
    under_article = parent_style == "section" and parent.designation.startswith(rules.section_words["article"])
    if written.startswith("("):
        dot = "." if parent_style != "section" and _bare_one_level(parent.label) else ""
        return f"{parent.designation}{dot}{written}"
    if under_article and style in ("section", "decimal"):
        return f"{parent.designation}, {rules.article_section} {label}"
    if style == "section":
        return f"{parent.designation}, {written}"
    if style == "decimal" and parent_style != "section":
        parent_label = own(parent.label, parent_style, "", rules)
        if written.startswith(parent_label + "."):
            return parent.designation[:len(parent.designation) - len(parent_label)] + written
    return f"{parent.designation}.{written}"


def _bare_one_level(label: str) -> bool:
    """'3.' and 'b.' take a dot before a parenthesised child (DoD's '3.b.(1)'); '4.2' and '(a)' do not."""
    label = label.strip()
    return label.endswith(".") and label.count(".") == 1 and not label.startswith("(")


def with_container(designation: str, container: str | None) -> str:
    """'Enclosure 2, paragraph 3.b' for a clause inside a container heading, else the designation."""
    return f"{container} {designation}" if container else designation
