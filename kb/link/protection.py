"""What protects each red line: supports tied to it by the text, each with its evidence and effect.

A support is a named authority, unnamed law, a safeguard or an assuring
claim. It protects a red line only where the text ties the two, never because
both sit somewhere in one clause: a clause on weapons and surveillance does not
credit its surveillance statutes to its weapons red line. The ties, from the
closest to the loosest (``RULES``):

- ``red_line``: the support is inside the red line's own text;
- ``sentence``: its sentence names the red line's concept;
- ``cross_reference``: its sentence designates the provision holding the red
  line ("compliance with Section 3.1 is subject to the audit rights in ...",
  resolved by ``kb.link.crossrefs``);
- ``list``: it is in a list whose lead-in names the concept ("any handling of
  private information will comply with:") or "these red lines";
- ``faq``: it answers a question that names the concept;
- ``reference``: its sentence speaks of "these red lines" (every red line);
- ``anaphora``: its sentence names nothing itself but points back ("These
  measures add to ...", "Even if these laws change ...") at the sentence or
  list just before (or the nearest sentence of its paragraph that is tied),
  and protects what that protects.

A tie to a concept credits every red line of the document on that concept (a
document may state one red line twice, in a list and in an FAQ answer). The
effect of a support is read from cues around it (``protection_effect`` in
``corpus/patterns/claims.json``): conditional, qualified or unconditional.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kb.link import crossrefs
from kb.link.cues import Hit, Scan, claim_families
from kb.link.redlines import lead_ins, load_concepts
from kb.models import (
    GENERIC_LAW_NODE,
    Claim,
    Document,
    ListItem,
    Mention,
    RedLine,
    RedLineBasis,
    RedLineSupport,
    Safeguard,
    Segmentation,
    stable_id,
)

RULES = ("red_line", "sentence", "cross_reference", "list", "faq", "reference", "anaphora")
"""Tie rules, closest first: a support tied to a red line twice keeps the closer rule."""

LAW_KINDS = ("authority", "generic_law")
"""Support kinds that are law, named or not."""

_TRAILING = " \t\n\r\u00a0,;:.\u2014\u2013-"
"""Left out of the end of an effect's cue, so that it reads as a phrase."""

_ALL = ""
"""A tie to every red line of the document ('these red lines')."""


@dataclass(frozen=True)
class Support:
    """One thing a text offers as protection, where it stands."""

    kind: str
    target: str
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Tie:
    """What a sentence's supports protect: a concept, one red line, or all of them (``_ALL``), and why."""

    concept: str | None
    red_line: str | None
    rule: str
    start: int
    end: int


def protections(document: Document, seg: Segmentation, claims: list[Claim], mentions: list[Mention],
                red_lines: list[RedLine], scans: dict[str, Scan], data_dir: Path) -> list[RedLineSupport | RedLineBasis]:
    """Every red line's supports, with the rule and evidence that tie them, and its verdict.

    Args:
        document: the document; every span points into its text.
        seg: its units (list items and their lead-ins, FAQ questions).
        claims: its claims in text order, analysed (modality).
        mentions: its authority and generic-law mentions.
        red_lines: its red lines.
        scans: the per-document cue scans of ``kb.link.claims.scan``.
        data_dir: the reference-data folder.
    """
    if not red_lines:
        return []
    ties = _ties(document, seg, claims, red_lines, mentions, scans)
    by_concept: dict[str | None, list[RedLine]] = defaultdict(list)
    for r in red_lines:
        by_concept[r.concept_id].append(r)
    found: dict[str, RedLineSupport] = {}
    effects = _effects(document.text, claims, scans, data_dir)
    for claim, supports in _supports(document, claims, mentions, scans, data_dir):
        for tie in ties.get(claim.id, []):
            for red_line in _credited(tie, red_lines, by_concept):
                for support in supports:
                    row = _row(document, red_line, claim, support, tie, effects[claim.id])
                    if row.id not in found or RULES.index(tie.rule) < RULES.index(found[row.id].rule):
                        found[row.id] = row
    rows = sorted(found.values(), key=lambda s: s.id)
    return [*rows, *(_basis(r, [s for s in rows if s.red_line_id == r.id]) for r in red_lines)]


def _credited(tie: Tie, red_lines: list[RedLine], by_concept: dict[str | None, list[RedLine]]) -> list[RedLine]:
    if tie.concept == _ALL:
        return red_lines
    named = [r for r in red_lines if r.id == tie.red_line]
    return [*named, *(r for r in by_concept.get(tie.concept, []) if tie.concept and r not in named)]


def _supports(document: Document, claims: list[Claim], mentions: list[Mention], scans: dict[str, Scan],
              data_dir: Path) -> Iterable[tuple[Claim, list[Support]]]:
    """Each claim's supports: the law it mentions, the safeguards it invokes, itself when it assures."""
    law_safeguards = {r.id for r in load_concepts(data_dir).records if isinstance(r, Safeguard) and r.basis == "law"}
    starts = [c.start for c in claims]
    held: dict[str, list[Support]] = defaultdict(list)
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= claims[i].end:
            target = f"authority:{m.authority_id}" if m.authority_id else GENERIC_LAW_NODE
            held[claims[i].id].append(Support("authority" if m.authority_id else "generic_law", target, m.surface, m.start, m.end))
    text = document.text
    for claim in claims:
        supports = held[claim.id]
        for safeguard, hit in scans["safeguards"].labels(claim.start, claim.end).items():
            surface = text[hit.start:hit.end]
            supports.append(Support("safeguard", f"safeguard:{safeguard}", surface, hit.start, hit.end))
            if safeguard in law_safeguards and not any(s.kind == "generic_law" and s.start < hit.end and hit.start < s.end
                                                       for s in supports):
                supports.append(Support("generic_law", f"safeguard:{safeguard}", surface, hit.start, hit.end))
        if claim.modality == "assurance":
            supports.append(Support("assurance", f"claim:{claim.id}", claim.text, claim.start, claim.end))
        if supports:
            yield claim, supports


def _ties(document: Document, seg: Segmentation, claims: list[Claim], red_lines: list[RedLine],
          mentions: list[Mention], scans: dict[str, Scan]) -> dict[str, list[Tie]]:
    """What each claim's supports protect, by the closest rule that ties them."""
    text = document.text
    designated = crossrefs.blocks(text, seg)
    paragraphs = sorted((p.start, p.end) for p in seg.paragraphs)
    concepts, reference = scans["concepts"], scans["red_line_reference"]
    listed = {r.list_item_id for r in red_lines if r.list_item_id}
    lead_in = lead_ins(text, seg)
    items = sorted(seg.list_items, key=lambda li: li.start)
    item_starts = [li.start for li in items]
    questions = {f.id: f for f in seg.faq}

    cited = sorted((m.start, m.end) for m in mentions)

    def named(rule: str, start: int, end: int) -> list[Tie]:
        topics = {h.label for h in concepts.within(start, end) if not _inside(cited, h.start, h.end)}
        found = [Tie(c, None, rule, start, end) for c in sorted(topics)]
        if reference.first(start, end):
            found.append(Tie(_ALL, None, "reference" if rule == "sentence" else rule, start, end))
        return found

    result: dict[str, list[Tie]] = {}
    item_of: dict[str, ListItem | None] = {}
    previous: list[Claim] = []
    for claim in claims:
        ties = [Tie(r.concept_id, r.id, "red_line", r.start, r.end) for r in red_lines if r.start <= claim.start < r.end]
        ties += named("sentence", claim.start, claim.end)
        phrases = [(h.start, h.end) for h in scans["cross_reference"].within(claim.start, claim.end)]
        for start, end in crossrefs.outside_mentions(phrases, mentions):
            for lo, hi in crossrefs.referenced(text, start, end, designated):
                ties += [Tie(r.concept_id, r.id, "cross_reference", claim.start, claim.end)
                         for r in red_lines if lo <= r.start < hi]
        item = _innermost(items, item_starts, claim.start)
        if item and item.id not in listed and item.id in lead_in:
            start, end = lead_in[item.id]
            ties += named("list", start, end)
        faq = questions.get(claim.faq_id or "")
        if faq:
            ties += named("faq", faq.question_start, faq.question_end)
        if not ties and scans["protection_anaphora"].first(claim.start, claim.end):
            before = [t for c in previous for t in result.get(c.id, [])] or _tied_earlier(claim, claims, result, paragraphs)
            ties = [Tie(t.concept, t.red_line, "anaphora", claim.start, claim.end) for t in before]
        result[claim.id] = ties
        item_of[claim.id] = item
        previous = _before(claim, previous, item, item_of)
    return result


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of the sorted ``spans``: a concept named only in a statute's title
    ("the Foreign Intelligence Surveillance Act") is not what the sentence is about."""
    at = bisect.bisect_right(spans, (start, len(spans) + 1 << 40)) - 1
    return at >= 0 and spans[at][0] <= start and end <= spans[at][1]


def _tied_earlier(claim: Claim, claims: list[Claim], result: dict[str, list[Tie]],
                  paragraphs: list[tuple[int, int]]) -> list[Tie]:
    """The ties of the nearest earlier claim of the same paragraph that has any."""
    at = bisect.bisect_right(paragraphs, (claim.start, len(claims) + 1 << 40)) - 1
    if at < 0 or not paragraphs[at][0] <= claim.start < paragraphs[at][1]:
        return []
    start = paragraphs[at][0]
    for earlier in reversed(claims[:claims.index(claim)]):
        if earlier.start < start:
            break
        if result.get(earlier.id):
            return result[earlier.id]
    return []


def _innermost(items: list[ListItem], starts: list[int], offset: int) -> ListItem | None:
    """The deepest list item holding ``offset``, or None."""
    holding = [li for li in items[:bisect.bisect_right(starts, offset)] if li.start <= offset < li.end]
    return max(holding, key=lambda li: li.level, default=None)


def _before(claim: Claim, previous: list[Claim], item: ListItem | None, item_of: dict[str, ListItem | None]) -> list[Claim]:
    """The claims a next sentence's anaphora points back at: this claim, or the whole run of list items it ends.

    "Along with these protections, ..." after a list means every item of it.
    """
    if item is None:
        return [claim]
    run = [c for c in previous if (other := item_of.get(c.id)) is not None and other.parent_id == item.parent_id]
    return [*run, claim]


@dataclass(frozen=True)
class Effect:
    """How the supports in ``[start, end)`` hold, and the cue that says so."""

    label: str
    start: int
    end: int
    cue: str


def _effects(text: str, claims: list[Claim], scans: dict[str, Scan], data_dir: Path) -> dict[str, list[Effect]]:
    """Each claim's effect spans.

    A conditional or qualified cue covers the rest of its clause, up to the
    next such cue ("where law, regulation, or Department policy requires
    human control, including under DoD Directive 3000.09" makes both
    conditional). An unconditional cue ("even if these laws change") covers its
    whole sentence, and the sentence before when it points back at it ("these
    laws").
    """
    boundaries = claim_families(data_dir)["protection_effect_boundary"]
    found: dict[str, list[Effect]] = defaultdict(list)
    for i, claim in enumerate(claims):
        cues = scans["protection_effect"].within(claim.start, claim.end)
        bounded = _joined(text, [c for c in cues if c.label != "unconditional"])
        for j, cue in enumerate(bounded):
            limit = bounded[j + 1].start if j + 1 < len(bounded) else claim.end
            boundary = boundaries.first(text, cue.end, limit)
            stop = boundary.start if boundary else limit
            found[claim.id].append(Effect(cue.label, cue.start, stop, text[cue.start:stop].rstrip(_TRAILING)))
        for cue in (c for c in cues if c.label == "unconditional"):
            covered = [claim]
            if i and scans["protection_anaphora"].first(claim.start, claim.end):
                covered.append(claims[i - 1])
            for c in covered:
                found[c.id].append(Effect(cue.label, c.start, c.end, text[cue.start:cue.end]))
    return found


def _joined(text: str, cues: list[Hit]) -> list[Hit]:
    """Cues with only spaces between them read as one, labelled by the first: "except in accordance with" is a condition."""
    joined: list[Hit] = []
    for cue in cues:
        if joined and not text[joined[-1].end:cue.start].strip():
            joined[-1] = Hit(joined[-1].label, joined[-1].start, cue.end)
        else:
            joined.append(cue)
    return joined


def _row(document: Document, red_line: RedLine, claim: Claim, support: Support, tie: Tie,
         effects: list[Effect]) -> RedLineSupport:
    text = document.text
    effect = _effect(support, effects)
    return RedLineSupport(
        id=stable_id(red_line.id, support.kind, support.target, support.start, support.end),
        red_line_id=red_line.id, document_id=document.id, support_kind=support.kind, target_id=support.target,
        target_label=support.label[:200], via_id=f"claim:{claim.id}", via_kind="claim", rule=tie.rule,
        effect=effect.label if effect else "unconditional", effect_cue=effect.cue if effect else None,
        start=support.start, end=support.end, surface=text[support.start:support.end],
        evidence_start=tie.start, evidence_end=tie.end, evidence=text[tie.start:tie.end],
    )


def _effect(support: Support, effects: list[Effect]) -> Effect | None:
    """The effect span holding the support: the latest-opened clause-level one, else an unconditional one."""
    holding = [e for e in effects if e.start <= support.start and support.end <= e.end]
    bounded = [e for e in holding if e.label != "unconditional"]
    return max(bounded, key=lambda e: e.start) if bounded else next(iter(holding), None)


def _basis(red_line: RedLine, supports: list[RedLineSupport]) -> RedLineBasis:
    """The verdict on one red line from its supports: the strongest kind of law it rests on, or the vendor's word."""
    counts: dict[str, set[str]] = defaultdict(set)
    for s in supports:
        counts[s.support_kind].add(s.target_id if s.support_kind != "generic_law" else f"{s.start}:{s.end}")
    law = [s for s in supports if s.support_kind in LAW_KINDS]
    return RedLineBasis(
        id=red_line.id, document_id=red_line.document_id, concept_id=red_line.concept_id, text=red_line.text,
        named_authorities=len(counts["authority"]), generic_law=len(counts["generic_law"]),
        safeguards=len(counts["safeguard"]), assurances=len(counts["assurance"]), basis=verdict(counts),
        conditional_law=int(bool(law) and all(s.effect == "conditional" for s in law)),
    )


def verdict(counts: dict[str, set[str]]) -> str:
    """named law > generic law only > vendor controls and assurances only > nothing stated."""
    if counts["authority"]:
        return "named law"
    if counts["generic_law"]:
        return "generic law only"
    if counts["safeguard"] or counts["assurance"]:
        return "vendor controls and assurances only"
    return "nothing stated"
