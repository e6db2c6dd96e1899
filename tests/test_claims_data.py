"""Every cue, concept, safeguard and organisation name in corpus/ data finds its examples."""

from __future__ import annotations

import pytest

from kb.link.claims import read, scan
from kb.link.cues import claim_families, modality_order
from kb.link.redlines import load_concepts
from kb.reference import DATA_DIR, load_json
from kb.reference.organizations import CONTEXTUAL, load_organizations

FAMILIES = claim_families(DATA_DIR)
CONCEPTS = load_concepts(DATA_DIR)
ALL_FAMILIES = [*FAMILIES.values(), CONCEPTS.red_lines, CONCEPTS.safeguards]
CUES = [(family, cue) for family in ALL_FAMILIES for cue in family.cues]


def _cue_id(case: tuple) -> str:
    family, cue = case
    return f"{family.name}:{cue.label}:{cue.pattern[:30]}"


@pytest.mark.parametrize("case", CUES, ids=[_cue_id(c) for c in CUES])
def test_cues_every_pattern_finds_its_examples(case: tuple) -> None:
    family, cue = case
    regex = family.compiled(cue)
    assert cue.examples, "every cue carries examples"
    for example in cue.examples:
        assert regex.search(example), f"{cue.pattern!r} misses {example!r}"
        assert family.scan(example).hits or family.first(example), f"the {family.name} family misses {example!r}"
    for counter in cue.counterexamples:
        assert not regex.search(counter), f"{cue.pattern!r} wrongly finds {counter!r}"


def test_cues_modality_order_names_every_modality_label() -> None:
    assert {cue.label for cue in FAMILIES["modality"].cues} <= set(modality_order(DATA_DIR))
    assert {"hedge", "comparison"} <= set(modality_order(DATA_DIR))


SENTENCES = load_json(DATA_DIR / "patterns" / "claims.json")["sentences"]


@pytest.mark.parametrize("case", SENTENCES, ids=[s["text"][:40] for s in SENTENCES])
def test_claims_read_sentence_examples(case: dict) -> None:
    reading = read(scan(case["text"]), case["text"], 0, len(case["text"]))
    assert (reading.modality, int(reading.hedge is not None), int(reading.negated), int(reading.conditional)) == (
        case["modality"], case["hedged"], case["negated"], case["conditional"],
    )


RED_LINE_DATA = load_json(DATA_DIR / "concepts" / "red_lines.json")["concepts"]
CONCEPT_EXAMPLES = [(c["id"], example) for c in RED_LINE_DATA for example in c["examples"]]


@pytest.mark.parametrize("concept_id,text", CONCEPT_EXAMPLES, ids=[f"{c}:{t[:30]}" for c, t in CONCEPT_EXAMPLES])
def test_redlines_concept_examples_land_on_their_concept(concept_id: str, text: str) -> None:
    hit = CONCEPTS.red_lines.scan(text).first(0, len(text))
    assert hit is not None and hit.label == concept_id


def test_redlines_concept_and_safeguard_records_have_unique_slugs() -> None:
    ids = [r.id for r in CONCEPTS.records]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)
    for required in ("mass-domestic-surveillance", "autonomous-weapons", "high-stakes-automated-decisions",
                     "domestic-law-enforcement", "intelligence-agency-use", "personal-data-purchase",
                     "protected-speech-targeting"):
        assert required in ids


ORG_DATA = load_json(DATA_DIR / "organizations.json")
ORGS = load_organizations(DATA_DIR)


@pytest.mark.parametrize("case", ORG_DATA["examples"], ids=[e["text"][:40] for e in ORG_DATA["examples"]])
def test_organizations_examples_resolve_in_order(nlp, case: dict) -> None:
    matches = nlp(case["text"])._.kb_organizations
    assert [org_id for org_id, *_ in ORGS.resolve_matches(matches)] == case["organizations"]


def test_organizations_relations_and_candidates_name_curated_organisations() -> None:
    known = {o["id"] for o in ORG_DATA["organizations"]}
    assert len(known) == len(ORG_DATA["organizations"])
    for relation in ORG_DATA["relations"]:
        assert {relation["source"], relation["target"]} <= known
    for contextual in ORG_DATA["contextual"]:
        assert set(contextual["candidates"]) <= known
    assert all(a.kind != CONTEXTUAL or len(a.targets) > 1 for a in ORGS.aliases)
