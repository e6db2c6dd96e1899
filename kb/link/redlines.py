"""Red lines, the concepts they land on, and the safeguards said to protect them.

A document states red lines two ways: as the items of a list that a red-line
introducer opens ("Three red lines guide our work:", "Components shall not use
AI to:"), and as prohibitions anywhere else ("will not be used to", "No use of
..."). Each red line links to the shared concept whose cue it names first, so
red lines of different documents and organisations meet on one concept. The
concepts, safeguards and cues are data in ``corpus/concepts/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.link.cues import CueFamily, Hit, Scan, claim_families, parse_cues
from kb.models import (
    Claim,
    Clause,
    Concept,
    ConceptLink,
    Document,
    ListItem,
    Organization,
    OrganizationMention,
    Record,
    RedLine,
    Safeguard,
    SafeguardLink,
    Segmentation,
    stable_id,
)
from kb.reference import DATA_DIR, load_json
from kb.reference.organizations import Organizations

PROHIBITIVE = "prohibitive"
"""Introducer label whose every list item is a red line (the ban is in the introducer)."""


@dataclass(frozen=True)
class Concepts:
    """Concept and safeguard records, and their cues as families labelled by id."""

    records: tuple[Record, ...]
    red_lines: CueFamily
    safeguards: CueFamily


@cache
def load_concepts(data_dir: Path = DATA_DIR) -> Concepts:
    """Read ``concepts/red_lines.json`` and ``concepts/safeguards.json``."""
    folder = data_dir / "concepts"
    concepts = load_json(folder / "red_lines.json")["concepts"]
    safeguards = load_json(folder / "safeguards.json")["safeguards"]
    records: list[Record] = [Concept(c["id"], c["name"], c["description"]) for c in concepts]
    records += [Safeguard(s["id"], s["name"], s["description"], s["basis"]) for s in safeguards]
    return Concepts(
        tuple(records),
        CueFamily("concepts", [cue for c in concepts for cue in parse_cues(c["cues"], f"{folder}/red_lines.json: {c['id']}", c["id"])]),
        CueFamily("safeguards", [cue for s in safeguards for cue in parse_cues(s["cues"], f"{folder}/safeguards.json: {s['id']}", s["id"])]),
    )


def extract_red_lines(document: Document, seg: Segmentation, claims: list[Claim], concepts: Scan,
                      data_dir: Path) -> list[RedLine]:
    """The document's red lines: listed items first, then prohibitions outside them.

    Claims in the items of a prohibitive list become prohibitions themselves,
    since the ban their item completes is stated in the introducer; the
    introducer ("Prohibited uses. Components shall not use AI to:") is not a
    red line of its own.

    Args:
        document: the document; spans point into its text.
        seg: its units (paragraphs, list items, section headings).
        claims: its claims, already analysed (modality, speaker, conditional).
        concepts: the red-line concept cues scanned over its text; a red line
            lands on the concept whose cue comes first in it.
        data_dir: the reference-data folder.
    """
    listed_items, introducers = _listed_items(document, seg, data_dir)
    found = []
    for item, introducer in listed_items:
        inside = _claims_in(claims, item.start, item.end)
        concept = concepts.first(item.start, item.end)
        if introducer == PROHIBITIVE:
            for claim in inside:
                claim.modality = "prohibition"
        elif not concept and not any(c.modality == "prohibition" for c in inside):
            continue
        found.append(_red_line(document, item.start, item.end, "list", concept, inside, item.id))
    listed = [(r.start, r.end) for r in found]
    for claim in claims:
        if any(s <= claim.start < e for s, e in (*listed, *introducers)):
            continue
        if claim.modality == "prohibition":
            concept = concepts.first(claim.start, claim.end)
            found.append(_red_line(document, claim.start, claim.end, "prohibition", concept, [claim], None))
    return found


def _red_line(document: Document, start: int, end: int, source: str, concept: Hit | None,
              claims: list[Claim], list_item_id: str | None) -> RedLine:
    first = claims[0] if claims else None
    return RedLine(
        id=stable_id(document.id, "red_line", start, end, source), document_id=document.id,
        start=start, end=end, text=document.text[start:end], source=source,
        concept_id=concept.label if concept else None,
        organization_id=first.speaker_id if first else None,
        conditional=max((c.conditional for c in claims), default=0),
        claim_id=first.id if first else None, clause_id=first.clause_id if first else None,
        list_item_id=list_item_id,
    )


def _listed_items(document: Document, seg: Segmentation, data_dir: Path) -> tuple[list[tuple[ListItem, str]], set[tuple[int, int]]]:
    """List items that a red-line introducer opens, with the introducer's label.

    The introducer is the paragraph or heading just before the list, or a list
    item whose deeper items follow it; a paragraph, heading, or an item no
    deeper than the introducing item ends its reach.

    Returns:
        The items with their introducer's label, and the spans of the
        introducers that opened any.
    """
    introducers = claim_families(data_dir)["red_line_introducer"]
    items = {li.paragraph_id: li for li in seg.list_items}
    blocks = [(p.start, p.end, items.get(p.id)) for p in seg.paragraphs]
    blocks += [(s.heading_start, s.heading_end, None) for s in seg.sections]
    result: list[tuple[ListItem, str]] = []
    opened: set[tuple[int, int]] = set()
    label: str | None = None
    level, intro = 0, (0, 0)
    for start, end, item in sorted(blocks, key=lambda b: b[0]):
        if item is None:
            label, level, intro = _introducer(document.text, start, end, introducers), 0, (start, end)
            continue
        if label and item.level > level:
            result.append((item, label))
            opened.add(intro)
        elif level and item.level <= level:
            label, level = None, 0
        if document.text[start:end].rstrip().endswith(":"):
            found = _introducer(document.text, start, end, introducers)
            if found:
                label, level, intro = found, item.level, (start, end)
    return result, opened


def _introducer(text: str, start: int, end: int, introducers: CueFamily) -> str | None:
    """The introducer label a block carries, prohibitive first (it decides more)."""
    labels = [hit.label for hit in introducers.scan(text[start:end]).hits]
    return PROHIBITIVE if PROHIBITIVE in labels else next(iter(labels), None)


def _claims_in(claims: list[Claim], start: int, end: int) -> list[Claim]:
    return [c for c in claims if start <= c.start < end]


def concept_links(document: Document, claims: list[Claim], clauses: list[Clause], red_lines: list[RedLine],
                  scans: dict[str, Scan]) -> list[ConceptLink]:
    """Claims and clauses addressing red-line concepts, each with its evidence span.

    A unit naming a concept's cue links to that concept and to the document's
    red line for it (the one containing the unit if any, else the first). A
    unit referring to "these red lines" links to every concept the document's
    red lines land on.
    """
    first_red_line: dict[str, RedLine] = {}
    for r in red_lines:
        if r.concept_id:
            first_red_line.setdefault(r.concept_id, r)
    links = []
    for unit_id, kind, start, end in _units(claims, clauses):
        for concept_id, hit in scans["concepts"].labels(start, end).items():
            containing = [r for r in red_lines if r.concept_id == concept_id and r.start <= start < r.end]
            red_line = containing[0] if containing else first_red_line.get(concept_id)
            links.append(_concept_link(document, unit_id, kind, concept_id, red_line, "cue", hit))
        ref = scans["red_line_reference"].first(start, end)
        if ref:
            links += [_concept_link(document, unit_id, kind, cid, r, "reference", ref) for cid, r in first_red_line.items()]
    return links


def _concept_link(document: Document, unit_id: str, kind: str, concept_id: str, red_line: RedLine | None,
                  method: str, hit: Hit) -> ConceptLink:
    return ConceptLink(
        id=stable_id(document.id, "concept_link", hit.start, hit.end, unit_id, concept_id), document_id=document.id,
        source_id=unit_id, source_kind=kind, concept_id=concept_id, red_line_id=red_line.id if red_line else None,
        method=method, start=hit.start, end=hit.end, surface=document.text[hit.start:hit.end],
    )


def safeguard_links(document: Document, claims: list[Claim], clauses: list[Clause], safeguards: Scan) -> list[SafeguardLink]:
    """Claims and clauses invoking safeguards: the first cue of each safeguard in the unit."""
    text = document.text
    return [
        SafeguardLink(
            id=stable_id(document.id, "safeguard_link", hit.start, hit.end, unit_id, safeguard_id),
            document_id=document.id, source_id=unit_id, source_kind=kind, safeguard_id=safeguard_id,
            start=hit.start, end=hit.end, surface=text[hit.start:hit.end],
        )
        for unit_id, kind, start, end in _units(claims, clauses)
        for safeguard_id, hit in safeguards.labels(start, end).items()
    ]


def _units(claims: list[Claim], clauses: list[Clause]) -> list[tuple[str, str, int, int]]:
    """Claims and clauses as ``(id, kind, start, end)``: the sources of links."""
    return [(c.id, "claim", c.start, c.end) for c in claims] + [(c.id, "clause", c.start, c.end) for c in clauses]


def lead_ins(text: str, seg: Segmentation) -> dict[str, tuple[int, int]]:
    """The lead-in of each list item that has one: the block its list hangs from, as ``(start, end)``.

    Going back from an item over its siblings (and their deeper items), the
    first other block (not an item of another list beside it) is the lead-in when it is a heading, or a paragraph or
    shallower item ending in ":" ("any handling of private information will
    comply with:").
    """
    items = {li.paragraph_id: li for li in seg.list_items}
    blocks: list[tuple[int, int, ListItem | None]] = [(p.start, p.end, items.get(p.id)) for p in seg.paragraphs]
    headings: list[tuple[int, int, ListItem | None]] = [
        (s.heading_start, s.heading_end, None) for s in seg.sections if s.heading_end > s.heading_start]
    blocks = sorted(blocks + headings, key=lambda b: b[0])
    heading_starts = {h[0] for h in headings}
    result: dict[str, tuple[int, int]] = {}
    for i, (_, _, item) in enumerate(blocks):
        if item is None:
            continue
        j = i - 1
        while j >= 0 and (before := blocks[j][2]) is not None and _same_list(before, item):
            j -= 1
        if j < 0:
            continue
        start, end, _ = blocks[j]
        if start in heading_starts or text[start:end].rstrip().endswith(":"):
            result[item.id] = (start, end)
    return result


def _same_list(before: ListItem, item: ListItem) -> bool:
    """Whether ``before`` is an earlier sibling of ``item``, or an item nested under one."""
    return before.level > item.level or (before.level == item.level and before.parent_id == item.parent_id
                                         and before.style == item.style)


def bind(document: Document, red_lines: list[RedLine], seg: Segmentation, claims: list[Claim],
         org_mentions: list[OrganizationMention], orgs: Organizations, data_dir: Path) -> None:
    """Set each red line's kind and who it binds, in place.

    The kind comes from the document's kind when its front matter says it is a
    contract, a government issuance or a usage policy (but a usage policy's
    "We will never ..." is the speaker's own red line); otherwise from the
    words around the red line (a contract named as its source), then from
    who states it (a government's "shall not" is a duty). The bound party is
    the organisation its sentence opens with, the users a rule addresses, the
    other party of a contract term, or else the speaker.
    """
    spec = load_json(data_dir / "patterns" / "claims.json")["document_kinds"]
    families = claim_families(data_dir)
    kinds = {r.id: r.kind for r in orgs.records if isinstance(r, Organization)}
    text, declared = document.text, (document.kind or "").strip().lower()
    by_kind = next((k for k in ("contract_term", "duty", "policy") if declared in spec[k]), None)
    first_claim = {c.id: c for c in claims}
    openings = {r.id: (c.start, c.end) if (c := first_claim.get(r.claim_id or "")) else (r.start, r.end) for r in red_lines}
    contexts = _contract_contexts(text, seg, red_lines, openings)
    for r in red_lines:
        opening = openings[r.id]
        subject = _subject(text, opening, org_mentions)
        role = families["bound_party"].match(text, opening[0], opening[1])
        if by_kind and not (by_kind == "policy" and role and role.label == "self"):
            r.kind = by_kind
        elif any(families["contract_context"].first(text, s, e) for s, e in contexts[r.id]):
            r.kind = "contract_term"
        elif kinds.get(r.organization_id or "") == "government":
            r.kind = "duty"
        elif role and role.label == "users":
            r.kind = "policy"
        else:
            r.kind = "red_line"
        if subject:
            r.bound_id, r.bound_role = subject, "speaker" if subject == r.organization_id else "named"
        elif (role and role.label == "users") or (r.kind == "policy" and not role):
            r.bound_id, r.bound_role = None, "users"
        elif (role and role.label == "counterparty") or (r.kind == "contract_term" and not role):
            r.bound_id, r.bound_role = _counterparty(r, seg, org_mentions, kinds), "counterparty"
        else:
            r.bound_id, r.bound_role = r.organization_id, "speaker"


_LEADING = re.compile(r"\W*(?:(?:the|all|any|no|each|every)\s+)?", re.IGNORECASE)
"""Words a sentence's subject may open with before the organisation's name ("The Department ...")."""


def _subject(text: str, span: tuple[int, int], org_mentions: list[OrganizationMention]) -> str | None:
    """The organisation a sentence opens with ("DoD Components shall not ..."), if any."""
    for m in org_mentions:
        if span[0] <= m.start < span[1] and _LEADING.fullmatch(text, span[0], m.start):
            return m.organization_id
    return None


def _contract_contexts(text: str, seg: Segmentation, red_lines: list[RedLine],
                       openings: dict[str, tuple[int, int]]) -> dict[str, list[tuple[int, int]]]:
    """Where to look for a contract named as a red line's source: its first sentence, its list's lead-in, its clause's heading line.

    Not the rest of a listed red line: "We made sure our contract states this"
    after the red line names the contract as its protection, not its source.
    """
    leads = lead_ins(text, seg)
    clauses = {c.id: c for c in seg.clauses}
    found: dict[str, list[tuple[int, int]]] = {}
    for r in red_lines:
        spans = [openings[r.id]]
        if r.list_item_id in leads:
            spans.append(leads[r.list_item_id])
        clause = clauses.get(r.clause_id or "")
        if clause:
            line_end = text.find("\n", clause.start, clause.end)
            spans.append((clause.start, line_end if line_end >= 0 else clause.end))
        found[r.id] = spans
    return found


def _counterparty(red_line: RedLine, seg: Segmentation, org_mentions: list[OrganizationMention],
                  kinds: dict[str, str]) -> str | None:
    """The other party of a contract term: the first organisation other than the speaker named in its clause, else in the document (a government first)."""
    clause = next((c for c in seg.clauses if c.id == red_line.clause_id), None)
    others = [m for m in org_mentions if m.organization_id != red_line.organization_id]
    near = [m for m in others if clause and clause.start <= m.start < clause.end]
    for pool in (near, [m for m in others if kinds.get(m.organization_id) == "government"], others):
        if pool:
            return pool[0].organization_id
    return None
