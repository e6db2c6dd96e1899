"""Claims analysis: modality, hedges, conditions, red lines, safeguards, organisations, comparisons."""

from __future__ import annotations

import pytest

from kb.link.claims import analyse, scan
from kb.link.cues import claim_families, condition_spans
from kb.models import (
    Claim,
    Comparison,
    Concept,
    ConceptLink,
    Condition,
    ConditionDependency,
    Document,
    Mention,
    Organization,
    OrganizationMention,
    OrganizationRelation,
    RedLine,
    Safeguard,
    SafeguardLink,
    Segmentation,
)
from kb.pipeline.extract import reference_records
from kb.reference import DATA_DIR
from tools.evaluate_claims import FIXTURES, Analysis, run

FIXTURE_NAMES = ["seed_announcement", "lab_statement", "government_memo", "heldout/provider_principles"]


@pytest.fixture(scope="module")
def analysed(nlp) -> dict[str, Analysis]:
    """Every claims fixture, analysed once."""
    return {name: run(FIXTURES / f"{name}.md", nlp) for name in FIXTURE_NAMES}


def _claim(result: Analysis, start_of_text: str) -> Claim:
    return next(c for c in result.claims if start_of_text in c.text)


# --- the seed: what the issue asks for ------------------------------------


def test_claims_seed_listed_red_lines_map_to_three_distinct_concepts(analysed) -> None:
    listed = [r for r in analysed["seed_announcement"].of(RedLine) if r.source == "list"][:3]
    assert all(r.text.startswith(("No use of OpenAI technology", "No Use of OpenAI technology")) for r in listed)
    assert [r.concept_id for r in listed] == [
        "mass-domestic-surveillance", "autonomous-weapons", "high-stakes-automated-decisions",
    ]
    assert {r.organization_id for r in listed} == {"org/openai"}


def test_claims_seed_contract_weapons_prohibition_is_conditional_on_law(analysed) -> None:
    result = analysed["seed_announcement"]
    claim = _claim(result, "The AI system will not be used to independently direct")
    assert (claim.modality, claim.conditional, claim.negated) == ("prohibition", 1, 1)
    red_line = next(r for r in result.of(RedLine) if r.claim_id == claim.id)
    assert (red_line.source, red_line.concept_id, red_line.conditional) == ("prohibition", "autonomous-weapons", 1)
    condition = next(c for c in result.of(Condition) if c.claim_id == claim.id)
    assert (condition.kind, condition.surface) == ("condition", "where law, regulation, or department policy requires human control")


@pytest.mark.parametrize("start_of_text,modality,hedged,hedge_cue", [
    ("No. Based on our safety stat", "assurance", 1, "we believe"),  # "cannot happen": an assurance, hedged
    ("No. Based on our safety stack, our Cloud-only", "assurance", 1, "we believe"),
    ("First, we believe the US military", "hedge", 1, "we believe"),
    ("From what we know, our contract offers", "comparison", 1, "From what we know"),
    ("We do not expect this to happen.", "hedge", 1, "We do not expect"),
    ("We will also have OpenAI personnel", "commitment", 0, None),
])
def test_claims_seed_modality_and_hedges(analysed, start_of_text: str, modality: str, hedged: int, hedge_cue: str | None) -> None:
    claim = _claim(analysed["seed_announcement"], start_of_text)
    assert (claim.modality, claim.hedged, claim.hedge_cue) == (modality, hedged, hedge_cue)


@pytest.mark.parametrize("surface", ["D.O.W.", "DOW", "DoW", "Department of War", "the Pentagon"])
def test_organizations_seed_department_of_war_aliases(analysed, surface: str) -> None:
    mentions = [m for m in analysed["seed_announcement"].of(OrganizationMention) if m.surface == surface]
    assert mentions and {m.organization_id for m in mentions} == {"org/department-of-war"}


def test_claims_seed_comparisons_with_anthropic_are_links(analysed) -> None:
    comparisons = [c for c in analysed["seed_announcement"].of(Comparison) if c.target_id == "org/anthropic"]
    assert len(comparisons) == 2
    assert {(c.source_id, c.relation) for c in comparisons} == {("org/openai", "stronger_than")}
    assert all(c.surface.endswith("Anthropic") for c in comparisons)


def test_claims_seed_attributed_quote_is_the_other_organisations(analysed) -> None:
    result = analysed["seed_announcement"]
    assert _claim(result, "Anthropic explained why").speaker_id == "org/anthropic"
    assert _claim(result, "In their post, Anthropic lists").speaker_id == "org/openai"  # a report, no quotation


def test_claims_seed_safeguards_invoked_by_the_surveillance_answer(analysed) -> None:
    result = analysed["seed_announcement"]
    claim = _claim(result, "No. Based on our safety stat")
    invoked = {link.safeguard_id for link in result.of(SafeguardLink) if link.source_id == claim.id}
    assert invoked == {"safety-stack", "contract-terms", "existing-law"}


def test_claims_seed_reference_to_these_red_lines_addresses_every_listed_concept(analysed) -> None:
    result = analysed["seed_announcement"]
    claim = _claim(result, "lets us independently check")
    links = [link for link in result.of(ConceptLink) if link.source_id == claim.id]
    assert {link.concept_id for link in links} == {
        "mass-domestic-surveillance", "autonomous-weapons", "high-stakes-automated-decisions",
    }
    assert {link.method for link in links} == {"reference"} and all(link.red_line_id for link in links)


# --- other voices land on the same concepts -------------------------------


@pytest.mark.parametrize("name,speaker,concepts", [
    # another lab's statement: two listed red lines and a conditional prohibition in its FAQ
    ("lab_statement", "org/anthropic", {"mass-domestic-surveillance", "autonomous-weapons"}),
    # a memo listing prohibited uses after "shall not ... to:"
    ("government_memo", "org/department-of-war",
     {"mass-domestic-surveillance", "personal-data-purchase", "protected-speech-targeting", "autonomous-weapons"}),
])
def test_claims_other_voices_land_on_the_same_concepts(analysed, name: str, speaker: str, concepts: set[str]) -> None:
    red_lines = analysed[name].of(RedLine)
    listed = [r for r in red_lines if r.source == "list"]
    assert {r.concept_id for r in listed} == concepts
    assert {r.organization_id for r in red_lines} == {speaker}
    seed_concepts = {r.concept_id for r in analysed["seed_announcement"].of(RedLine)}
    assert {"mass-domestic-surveillance", "autonomous-weapons"} <= seed_concepts & concepts


def test_claims_memo_items_of_a_prohibitive_list_are_prohibitions(analysed) -> None:
    result = analysed["government_memo"]
    listed = [r for r in result.of(RedLine) if r.source == "list"]
    claims = {c.id: c for c in result.claims}
    assert {claims[r.claim_id].modality for r in listed} == {"prohibition"}
    assert not any(r.text.startswith(("Prohibited Uses", "Components shall not")) for r in result.of(RedLine))
    assert [r.conditional for r in listed] == [0, 1, 0, 1]  # "except as authorized by", "where ... requires"


# --- invariants over every fixture ----------------------------------------

SPAN_RECORDS = (OrganizationMention, RedLine, ConceptLink, SafeguardLink, Condition, ConditionDependency, Comparison)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_claims_every_span_reproduces_the_document_text(analysed, name: str) -> None:
    result = analysed[name]
    text = result.document.text
    spans = [r for r in result.records if isinstance(r, SPAN_RECORDS)]
    assert spans
    for record in spans:
        written = record.text if isinstance(record, RedLine) else record.surface
        assert text[record.start:record.end] == written, record


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_claims_ids_are_unique_and_stable_across_runs(analysed, nlp, name: str) -> None:
    first = [(r.TABLE, r.id) for r in analysed[name].records]  # ids are keys within their table
    assert len(first) == len(set(first))
    assert [(r.TABLE, r.id) for r in run(FIXTURES / f"{name}.md", nlp).records] == first


# --- mechanisms, on hand-built text ---------------------------------------


@pytest.mark.parametrize("text,expected", [
    # the conditional ban: stops at ", nor"
    ("It will not be used in any case where law requires human control, nor will it decide.",
     [("condition", "where law requires human control")]),
    # two scopes back to back keep their own spans
    ("It may be used for all lawful purposes consistent with applicable law.",
     [("scope", "for all lawful purposes"), ("scope", "consistent with applicable law")]),
    # a one-word connective joins the cue after it
    ("Buying data is barred, except as authorized by the Attorney General.",
     [("exception", "except as authorized by the Attorney General")]),
    # a fronted condition ends at its comma
    ("Even if the law changes, we will comply.", [("condition", "Even if the law changes")]),
    # no cue, no span
    ("We signed the agreement.", []),
])
def test_claims_condition_spans(text: str, expected: list[tuple[str, str]]) -> None:
    cues = scan(text)["condition"].within(0, len(text))
    spans = condition_spans(text, 0, len(text), cues, claim_families(DATA_DIR)["condition_boundary"])
    assert [(s.label, text[s.start:s.end]) for s in spans] == expected


def _document(text: str, publisher: str | None) -> Document:
    return Document(id="doc", path="doc.md", title="t", text=text, sha256="", publisher=publisher)


def _claims_of(document: Document, *sentences: str) -> list[Claim]:
    claims = []
    for sentence in sentences:
        start = document.text.index(sentence)
        claims.append(Claim(id=f"c{start}", document_id=document.id, sentence_id=f"c{start}", section_id=None,
                            clause_id=None, faq_id=None, role="narrative", start=start, end=start + len(sentence), text=sentence))
    return claims


def test_claims_condition_leans_on_the_mentions_inside_it(nlp) -> None:
    sentence = "Collection is barred unless permitted by FISA and other applicable law."
    document = _document(sentence, "Example Lab")
    fisa, generic = sentence.index("FISA"), sentence.index("other applicable law")
    mentions = [
        Mention(id="m1", document_id="doc", authority_id="us/usc/t50/ch36", start=fisa, end=fisa + 4, surface="FISA", method="alias"),
        Mention(id="m2", document_id="doc", authority_id=None, start=generic, end=generic + 20,
                surface="other applicable law", method="generic", kind="generic"),
    ]
    records = analyse(document, Segmentation(), _claims_of(document, sentence), mentions, nlp(sentence))
    condition = next(r for r in records if isinstance(r, Condition))
    assert (condition.kind, condition.depends_on) == ("exception", "authority")
    dependencies = [r for r in records if isinstance(r, ConditionDependency)]
    assert [(d.mention_id, d.authority_id) for d in dependencies] == [("m1", "us/usc/t50/ch36"), ("m2", None)]


@pytest.mark.parametrize("publisher,expected_speaker,made", [
    ("OpenAI", "org/openai", False),  # curated publisher
    ("Acme Defense AI", "org/acme-defense-ai", True),  # uncurated: a new organisation record
    (None, "org/anthropic", False),  # no publisher: the organisation named most often
])
def test_claims_first_person_speaker_is_the_publisher(nlp, publisher: str | None, expected_speaker: str, made: bool) -> None:
    text = "We work with Anthropic. Anthropic agreed. We will comply."
    document = _document(text, publisher)
    claims = _claims_of(document, "We work with Anthropic.", "Anthropic agreed.", "We will comply.")
    records = analyse(document, Segmentation(), claims, [], nlp(text))
    assert {c.speaker_id for c in claims} == {expected_speaker}
    organizations = [r for r in records if isinstance(r, Organization)]
    assert bool(organizations) == made and all(o.curated == 0 for o in organizations)
    assert claims[2].about_id == expected_speaker  # "we" speaks about itself


def test_organizations_the_department_needs_a_department_named_before(nlp) -> None:
    text = "The Department agreed. We met the Department of War. The Department agreed again."
    document = _document(text, "OpenAI")
    claims = _claims_of(document, "The Department agreed.", "We met the Department of War.", "The Department agreed again.")
    mentions = [r for r in analyse(document, Segmentation(), claims, [], nlp(text)) if isinstance(r, OrganizationMention)]
    assert [(m.surface, m.organization_id) for m in mentions] == [
        ("Department of War", "org/department-of-war"), ("The Department", "org/department-of-war"),
    ]


def test_claims_reference_records_link_department_of_war_to_defense() -> None:
    records = reference_records()
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids))
    relations = {(r.source_id, r.relation, r.target_id) for r in records if isinstance(r, OrganizationRelation)}
    assert ("org/department-of-war", "same_as", "org/department-of-defense") in relations
    assert ("org/nsa", "part_of", "org/department-of-defense") in relations
    assert any(isinstance(r, Concept) for r in records) and any(isinstance(r, Safeguard) for r in records)
