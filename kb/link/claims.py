"""What each claim asserts, how firmly, on what condition, and who says it.

The pipeline calls ``analyse`` once per document. It fills the
analysis fields of the document's claims in place and returns its new
records: organisation mentions, conditions and what they lean on,
comparisons, red lines and the links from claims and clauses to concepts and
safeguards. Cue lists are data (``corpus/patterns/claims.json``,
``corpus/concepts/``, ``corpus/organizations.json``); this module decides
how cues combine.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Doc

from kb.link.cues import CueFamily, CueScanner, Hit, Scan, claim_families, condition_spans, modality_order
from kb.link.protection import protections
from kb.link.redlines import bind, concept_links, extract_red_lines, load_concepts, safeguard_links
from kb.models import (
    Claim,
    Comparison,
    Condition,
    ConditionDependency,
    Document,
    Mention,
    OrganizationMention,
    Record,
    Segmentation,
    stable_id,
)
from kb.reference import DATA_DIR
from kb.reference.organizations import Organizations, load_organizations, publisher_organization
from kb.reference.organizations import mentions as organization_mentions

CONDITIONAL_KINDS = frozenset({"condition", "exception"})
"""Condition kinds that make a claim conditional; a scope ('for all lawful purposes') alone does not."""

_CLOSING = " \t\n\r\u00a0\"'\u201d\u2019)"
"""What may follow a question mark at the end of a claim."""


@dataclass
class Reading:
    """What the cues say about one claim's text."""

    modality: str
    hedge: Hit | None
    negated: bool
    conditions: list[Hit] = field(default_factory=list)
    comparison: Hit | None = None

    @property
    def conditional(self) -> bool:
        return any(c.label in CONDITIONAL_KINDS for c in self.conditions)


SCANNED = ("modality", "comparison", "hedge", "negation", "first_person", "condition", "red_line_reference", "unasserted",
           "protection_effect", "protection_anaphora", "cross_reference")
"""Cue families looked up per claim or clause, so scanned once per document."""


def scan(text: str, data_dir: Path = DATA_DIR) -> dict[str, Scan]:
    """The per-unit cue families, red-line concepts and safeguards, each scanned once over ``text``."""
    return _scanner(data_dir).scan(text)


@cache
def _scanner(data_dir: Path) -> CueScanner:
    families, concepts = claim_families(data_dir), load_concepts(data_dir)
    return CueScanner({**{name: families[name] for name in SCANNED}, "concepts": concepts.red_lines,
                    "safeguards": concepts.safeguards})


def read(scans: dict[str, Scan], text: str, start: int, end: int, data_dir: Path = DATA_DIR) -> Reading:
    """Modality, hedge, negation, comparison and condition spans of ``text[start:end]``.

    The modality is the strongest one the cues show (the order in
    ``claims.json``), so "we believe this cannot happen" is an assurance that
    is hedged, not a hedge. A question, or a claim under "it is unclear
    whether", asserts none of its cues: it is a hedge when hedged, else factual.

    Args:
        scans: ``scan(text)``.
        text: the document text.
        start: where the claim starts.
        end: where it ends.
        data_dir: the reference-data folder.
    """
    found = set(scans["modality"].labels(start, end))
    hedge = scans["hedge"].first(start, end)
    comparison = scans["comparison"].first(start, end)
    if hedge:
        found.add("hedge")
    if comparison:
        found.add("comparison")
    modality = next((m for m in modality_order(data_dir) if m in found), "factual")
    if text[start:end].rstrip(_CLOSING).endswith("?") or scans["unasserted"].first(start, end):
        modality = "hedge" if hedge else "factual"
    negated = scans["negation"].first(start, end) is not None
    conditions = condition_spans(text, start, end, scans["condition"].within(start, end), claim_families(data_dir)["condition_boundary"])
    return Reading(modality, hedge, negated, conditions, comparison)


def analyse(document: Document, segmentation: Segmentation, claims: list[Claim],
            mentions: list[Mention], doc: Doc, data_dir: Path = DATA_DIR) -> list[Record]:
    """Fill each claim's analysis fields and return the document's claim-analysis records.

    Args:
        document: the document; every span returned points into its text.
        segmentation: its units (paragraphs, list items and headings find
            red-line lists; clauses are link sources).
        claims: its claims, filled in place: speaker_id, about_id, modality,
            hedged, hedge_cue, negated, conditional.
        mentions: its authority and generic-law mentions, which conditions
            lean on.
        doc: the annotated spaCy ``Doc``; its ``kb_organizations`` are the
            organisation names found in it.
        data_dir: the reference-data folder.

    Returns:
        OrganizationMention, Organization (for an uncurated publisher),
        Condition, ConditionDependency, Comparison, RedLine (with its kind and
        bound party), RedLineSupport and RedLineBasis (what protects each red
        line, ``kb.link.protection``), ConceptLink and SafeguardLink records.
    """
    text, orgs = document.text, load_organizations(data_dir)
    families, scans = claim_families(data_dir), scan(text, data_dir)
    claims = sorted(claims, key=lambda c: c.start)
    org_mentions = organization_mentions(document.id, text, doc._.kb_organizations or [], orgs)
    _place(org_mentions, claims)
    records: list[Record] = [*org_mentions]
    publisher = _publisher(document, org_mentions, orgs, records)
    by_claim: dict[str, list[OrganizationMention]] = {}
    for m in org_mentions:
        if m.claim_id:
            by_claim.setdefault(m.claim_id, []).append(m)
    mentions = sorted(mentions, key=lambda m: m.start)
    mention_starts = [m.start for m in mentions]
    previous: Claim | None = None
    for claim in claims:
        reading = read(scans, text, claim.start, claim.end, data_dir)
        named = by_claim.get(claim.id, [])
        claim.modality, claim.negated, claim.conditional = reading.modality, int(reading.negated), int(reading.conditional)
        claim.hedged = int(reading.hedge is not None)
        claim.hedge_cue = text[reading.hedge.start:reading.hedge.end] if reading.hedge else None
        claim.speaker_id = _speaker(text, claim, named, publisher, families) or _quote_continues(text, claim, previous, publisher)
        previous = claim
        claim.about_id = _about(claim, named, scans["first_person"])
        records += _conditions(document, claim, reading, mentions, mention_starts)
        records += _comparisons(document, claim, reading, named)
    red_lines = extract_red_lines(document, segmentation, claims, scans["concepts"], data_dir)
    bind(document, red_lines, segmentation, claims, org_mentions, orgs, data_dir)
    records += red_lines
    records += protections(document, segmentation, claims, mentions, red_lines, scans, data_dir)
    records += concept_links(document, claims, segmentation.clauses, red_lines, scans)
    records += safeguard_links(document, claims, segmentation.clauses, scans["safeguards"])
    return records


def _place(org_mentions: list[OrganizationMention], claims: list[Claim]) -> None:
    """Set each organisation mention's claim_id from the offsets."""
    starts = [c.start for c in claims]
    for m in org_mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= claims[i].end:
            m.claim_id = claims[i].id


def _publisher(document: Document, org_mentions: list[OrganizationMention], orgs: Organizations,
               records: list[Record]) -> str | None:
    """Who speaks in the first person: the publisher, else the organisation named most often."""
    if document.publisher:
        org_id, made = publisher_organization(document.publisher, orgs)
        if made:
            records.append(made)
        return org_id
    counts = Counter(m.organization_id for m in org_mentions)
    return counts.most_common(1)[0][0] if counts else None


def _speaker(text: str, claim: Claim, named: list[OrganizationMention], publisher: str | None,
             families: dict[str, CueFamily]) -> str | None:
    """The organisation whose words the claim reports, else None (the publisher's, or a continued quotation).

    An organisation speaks when its name is followed by a speech verb and a
    quotation or reported speech ("The Pentagon said that it would ..."), or
    preceded by a closing quotation mark or "according to" ("“...,” the
    Pentagon said"; "According to a spokesperson for Anthropic, ...").
    """
    for m in named:
        if m.organization_id == publisher:
            continue
        if families["attribution"].match(text, m.end, claim.end):
            return m.organization_id
        quote = max(text.rfind(q, claim.start, m.start) for q in _CLOSING_QUOTES)
        if families["attribution_before"].first(text, quote if quote >= 0 else claim.start, m.start):
            return m.organization_id
    return None


_CLOSING_QUOTES = ('"', "\u201d")
_OPENING_QUOTES = ('"', "\u201c")


def _quote_continues(text: str, claim: Claim, previous: Claim | None, publisher: str | None) -> str | None:
    """A quotation's next sentence keeps its speaker ("“...,” the Pentagon said. “No model ...”"); else the publisher.

    The claim must open a quotation in the paragraph of the previous claim,
    whose speaker is not the publisher.
    """
    opening = text[max(0, claim.start - 2):claim.start + 1].lstrip()
    if (previous and previous.speaker_id != publisher and opening.startswith(_OPENING_QUOTES)
            and "\n\n" not in text[previous.end:claim.start]):
        return previous.speaker_id
    return publisher


def _about(claim: Claim, named: list[OrganizationMention], first_person: Scan) -> str | None:
    """The first organisation named other than the speaker; else the speaker when named or speaking as 'we'."""
    others = [m.organization_id for m in named if m.organization_id != claim.speaker_id]
    if others:
        return others[0]
    if named or first_person.first(claim.start, claim.end):
        return claim.speaker_id
    return None


def _conditions(document: Document, claim: Claim, reading: Reading, mentions: list[Mention],
                starts: list[int]) -> list[Record]:
    """Condition records of a claim and the authority or generic-law mentions each leans on.

    ``mentions`` are sorted by start and ``starts`` are their starts.
    """
    text = document.text
    records: list[Record] = []
    for span in reading.conditions:
        lo, hi = bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)
        inside = [m for m in mentions[lo:hi] if m.end <= span.end]
        depends_on = "authority" if any(m.authority_id for m in inside) else "generic_law" if inside else "none"
        condition = Condition(
            id=stable_id(document.id, "condition", span.start, span.end, span.label), document_id=document.id,
            claim_id=claim.id, kind=span.label, depends_on=depends_on,
            start=span.start, end=span.end, surface=text[span.start:span.end],
        )
        records.append(condition)
        records += [
            ConditionDependency(
                id=stable_id(document.id, "condition_dependency", m.start, m.end, condition.id),
                document_id=document.id, condition_id=condition.id, mention_id=m.id, authority_id=m.authority_id,
                start=m.start, end=m.end, surface=text[m.start:m.end],
            )
            for m in inside
        ]
    return records


def _comparisons(document: Document, claim: Claim, reading: Reading, named: list[OrganizationMention]) -> list[Comparison]:
    """A comparison naming another organisation links the speaker to it.

    The target is the first other organisation named after the comparative,
    else the last one named before it; the evidence span covers both.
    """
    cue = reading.comparison
    others = [m for m in named if m.organization_id != claim.speaker_id]
    if not cue or not others:
        return []
    after = [m for m in others if m.start >= cue.start]
    target = after[0] if after else others[-1]
    start, end = min(cue.start, target.start), max(cue.end, target.end)
    return [Comparison(
        id=stable_id(document.id, "comparison", start, end, target.organization_id), document_id=document.id,
        claim_id=claim.id, source_id=claim.speaker_id, relation=cue.label, target_id=target.organization_id,
        start=start, end=end, surface=document.text[start:end],
    )]
