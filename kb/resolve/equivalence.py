"""Equivalences a text states between citation forms of one act, and the merges they justify.

"the E-Government Act of 2002 (Pub. L. 107-347, 116 Stat. 2899)" names one act
three ways; without this step the name, the public law and the Statutes-at-Large
page become three records. A text ties such forms by writing them side by
side in one citation: a name followed by its public law, a public law followed
by its Statutes-at-Large page, with at most a source credit's pinpoints and date
between them ("Pub. L. 90-351, title III, § 802, June 19, 1968, 82 Stat. 213").
Each tie is kept as an ``Equivalence`` row with its evidence span, so an analyst
can audit every merge; the forms' mentions then all cite the preferred id
(curated record, else public law, else the act's title, else the Stat. page),
and sections of a merged-away id move with it ("us/act/e-government-act/s208"
becomes "us/pl/107/347/s208").

Forms are tied only in the order a citation gives them (name, then public law,
then Stat. page), so a list "Pub. L. 99-508, Pub. L. 107-56" or "Pub. L. 107-347,
FISA" names several laws; two curated records are never merged.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.models import Authority, Equivalence, Mention, stable_id
from kb.reference.registry import Registry

GAP = 90
"""Characters at most between two forms of one citation."""

BETWEEN = re.compile(
    r"[\s,(]*(?:(?:as[ \u00a0]amended|title[ \u00a0][IVXLC]+|div(?:ision|\.)[ \u00a0]\w+|\u00a7+[ \u00a0]?[\w.()\-]+"
    r"|(?:[A-Z][a-z]{2,8}\.?)[ \u00a0]\d{1,2},[ \u00a0]\d{4}|\([^()\n]{1,40}\))[\s,]*)*[\s,(]*",
)
"""What may sit between two forms of one citation: commas, an opening parenthesis, 'as amended', a
title or division of the act, a section pinpoint, a date, a parenthetical short name ('(FISA)')."""

RANK = ("curated", "us/pl/", "act", "us/stat/")
"""Which id a merge keeps, best first."""

NUMBERED = re.compile(r"(?P<pl>\b(?:Pub|Public|P)\b\.?|\bPL\b)|(?P<stat>\bStat\b)")
"""How a form is written: a public-law number or a Statutes-at-Large page; anything else is a name."""


def act_level(authority_id: str, registry: Registry) -> str | None:
    """Which kind of act-level form an id is ('curated', 'us/pl/', 'act', 'us/stat/'), or None for anything else."""
    entry = registry.entries.get(authority_id)
    if entry is not None:
        return "curated" if entry.authority.kind == "statute" else None
    parts = authority_id.split("/")
    if parts[:2] == ["us", "pl"] and len(parts) == 4:
        return "us/pl/"
    if parts[:2] == ["us", "stat"] and len(parts) == 4:
        return "us/stat/"
    if len(parts) == 3 and parts[1] == "act":
        return "act"
    return None


def stated_equivalences(text: str, mentions: list[Mention], authorities: list[Authority], registry: Registry,
                        document_id: str) -> tuple[list[Mention], list[Authority], list[Equivalence]]:
    """Merge the act-level forms the text writes side by side; return the mentions, records and evidence.

    Args:
        text: the document's text, into which the mentions' offsets point.
        mentions: the document's mentions, sorted by offsets.
        authorities: the non-curated records the document made.
        registry: the curated registry (to tell curated records apart).
        document_id: the document, for the evidence rows' ids.
    """
    parent: dict[str, str] = {}

    def find(aid: str) -> str:
        while parent.get(aid, aid) != aid:
            aid = parent[aid]
        return aid

    evidence: list[tuple[str, str, Mention, Mention]] = []
    acts = [m for m in mentions if m.authority_id and act_level(m.authority_id, registry)]
    for a, b in zip(acts, acts[1:]):
        assert a.authority_id is not None and b.authority_id is not None
        if (b.start - a.end > GAP or _written_as(a) >= _written_as(b)
                or not BETWEEN.fullmatch(text, a.end, b.start)):
            continue
        ra, rb = find(a.authority_id), find(b.authority_id)
        if ra == rb or not _mergeable(ra, rb, registry):
            continue
        keep, drop = sorted((ra, rb), key=lambda i: RANK.index(act_level(i, registry) or "us/stat/"))
        parent[drop] = keep
        evidence.append((keep, drop, a, b))
    if not evidence:
        return mentions, authorities, []
    merged = {aid: find(aid) for aid in parent}
    moved = [replace(m, authority_id=_moved(m.authority_id, merged)) if m.authority_id else m for m in mentions]
    used = {m.authority_id for m in moved}
    kept: dict[str, Authority] = {}
    for record in (_renamed(a, merged) for a in authorities):
        if record.id in used:
            kept[record.id] = _better(kept[record.id], record) if record.id in kept else record
    rows = [
        Equivalence(
            id=stable_id(document_id, a.start, b.end, drop), document_id=document_id, authority_id=find(keep),
            equivalent_id=drop, rule="side_by_side", start=a.start, end=b.end, surface=text[a.start:b.end],
        )
        for keep, drop, a, b in evidence
    ]
    return moved, list(kept.values()), rows


def _written_as(mention: Mention) -> int:
    """0 for a name, 1 for a public law, 2 for a Stat. page: a citation gives them in this order.

    Only a form followed by a later kind is tied to it ("the E-Government Act of 2002, Pub. L.
    107-347, 116 Stat. 2899"); "Pub. L. 107-347, FISA" lists two laws.
    """
    written = NUMBERED.search(mention.surface)
    return 0 if written is None else 1 if written.group("pl") else 2


def _mergeable(a: str, b: str, registry: Registry) -> bool:
    """Two forms may be one act unless both are curated records (the text then cites two known acts)."""
    return not (act_level(a, registry) == act_level(b, registry) == "curated")


def _moved(authority_id: str, merged: dict[str, str]) -> str:
    """The id after merges, a section of a merged-away act following its act."""
    if authority_id in merged:
        return merged[authority_id]
    head, _, tail = authority_id.rpartition("/")
    return f"{merged[head]}/{tail}" if head in merged else authority_id


def _better(a: Authority, b: Authority) -> Authority:
    """One record from two forms of an act: the title's name, the public law's citation and URL."""
    named, numbered = (b, a) if a.name.startswith("Public Law") else (a, b)
    return replace(numbered, name=named.name, citation=numbered.citation or named.citation, url=numbered.url or named.url)


def _renamed(authority: Authority, merged: dict[str, str]) -> Authority:
    aid = _moved(authority.id, merged)
    return authority if aid == authority.id else replace(authority, id=aid)
