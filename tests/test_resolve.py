"""Resolution: one id per authority across documents, issue choice by stated date, generic mentions."""

from __future__ import annotations

import pytest

from kb.models import stable_id
from kb.recognise.nlp import annotate
from kb.reference import DATA_DIR
from kb.reference.registry import load_registry
from kb.resolve.authorities import fuzzy_act, parse_date, resolve_mentions

SEED_DIRECTIVE = "Per DoD Directive 3000.09 (dated 25 Jan/2023, any use of AI must be tested."


def resolve(nlp, text: str, document_id: str = "doc"):
    """The mentions and records resolved from ``text`` (the evidence of merges is tested in test_equivalence)."""
    resolved = resolve_mentions(annotate(nlp, text, [(0, len(text))]), document_id)
    return resolved.mentions, resolved.authorities


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("See 50 U.S.C. \u00a7 1801.", "See 50 USC 1801."),  # the issue's example
        ("Pub. L. No. 107-56", "Public Law 107\u201356"),
        ("E.O. 13636", "Executive Order No. 13636"),
        ("the Data Shield Act of 2031", "the Data Shield Act"),  # a named act with and without its year
        ("Clapper v. Amnesty International USA", "Clapper v. Amnesty International USA, 568 U.S. 398 (2013)"),
    ],
)
def test_resolve_same_authority_same_id_across_documents(nlp, first: str, second: str) -> None:
    (m1,), a1 = resolve(nlp, first, "one")
    (m2,), a2 = resolve(nlp, second, "two")
    assert m1.authority_id == m2.authority_id
    assert [a.id for a in a1] == [a.id for a in a2] and all(a.curated == 0 for a in a1 + a2)


@pytest.mark.parametrize(
    ("text", "authority_id", "stated_date", "mismatch"),
    [
        (SEED_DIRECTIVE, "us/dod/dodd/3000.09", "25 Jan/2023", 0),  # the seed's date, matching the 2023 issue
        ("DoDD 3000.09, dated November 21, 2012, applied", "us/dod/dodd/3000.09/2012-11-21", "November 21, 2012", 0),
        ("DoD Directive 3000.09 (2012) applied", "us/dod/dodd/3000.09/2012-11-21", "2012", 0),
        ("DoDD 3000.09 (dated 25 Feb/2023) applied", "us/dod/dodd/3000.09", "25 Feb/2023", 1),  # wrong day
        ("Executive Order 12333 of December 4, 1981 applies", "us/eo/12333", "December 4, 1981", 0),
        ("the Foreign Intelligence Surveillance Act of 1987", "us/pl/95/511", "1987", 1),  # wrong year in the title
        ("DoD Directive 3000.09 applies", "us/dod/dodd/3000.09", None, 0),  # no date: the current issue
        ("DoDD 3000.09, issued in November 2012, required", "us/dod/dodd/3000.09/2012-11-21", "November 2012", 0),  # month and year
    ],
)
def test_resolve_stated_date_picks_issue_and_flags_mismatch(nlp, text, authority_id, stated_date, mismatch) -> None:
    mention = resolve(nlp, text)[0][0]
    assert (mention.authority_id, mention.stated_date, mention.date_mismatch) == (authority_id, stated_date, mismatch)


def test_resolve_generic_mentions_have_no_authority(nlp) -> None:
    mentions, authorities = resolve(nlp, "consistent with applicable law and existing laws, regulations, and policies")
    assert [(m.surface, m.authority_id, m.kind, m.method) for m in mentions] == [
        ("applicable law", None, "generic", "generic"),
        ("existing laws, regulations, and policies", None, "generic", "generic"),
    ]
    assert authorities == []


def test_resolve_mentions_sorted_with_stable_ids(nlp) -> None:
    text = "The Posse Comitatus Act and FISA. See also 10 U.S.C. \u00a7 275."
    mentions, _ = resolve(nlp, text)
    assert [(m.start, m.end) for m in mentions] == sorted((m.start, m.end) for m in mentions)
    assert [m.id for m in mentions] == [stable_id("doc", m.start, m.end, m.authority_id) for m in mentions]
    assert all(text[m.start:m.end] == m.surface for m in mentions)
    assert all(m.section_id is m.sentence_id is m.claim_id is None for m in mentions)


@pytest.mark.parametrize(
    ("text", "authority_id", "pinpoint"),
    [
        ("Section 215 of the USA PATRIOT Act", "us/usc/t50/s1861", "215"),
        ("Section 702 of FISA", "us/usc/t50/s1881a", "702"),  # a curated section of the act
        ("50 U.S.C. \u00a7 1881a(a)(1)", "us/usc/t50/s1881a", "(a)(1)"),
    ],
)
def test_resolve_sections_and_pinpoints(nlp, text: str, authority_id: str, pinpoint: str) -> None:
    mention = resolve(nlp, text)[0][0]
    assert (mention.authority_id, mention.pinpoint) == (authority_id, pinpoint)


def test_resolve_non_curated_record_has_citation_and_url(nlp) -> None:
    _, (authority,) = resolve(nlp, "under 50 USC 1802")
    assert (authority.id, authority.citation, authority.url, authority.curated) == (
        "us/usc/t50/s1802", "50 U.S.C. \u00a7 1802", "https://www.law.cornell.edu/uscode/text/50/1802", 0)


@pytest.mark.parametrize(
    ("text", "iso", "year"),
    [
        ("25 Jan/2023", "2023-01-25", 2023),
        ("January 25, 2023", "2023-01-25", 2023),
        ("Dec. 4, 1981", "1981-12-04", 1981),
        ("2023-01-25", "2023-01-25", 2023),
        ("1/25/2023", "2023-01-25", 2023),
        ("2012", None, 2012),
    ],
)
def test_resolve_parse_date(text: str, iso: str | None, year: int) -> None:
    parsed, parsed_year = parse_date(text)
    assert (parsed.isoformat() if parsed else None, parsed_year) == (iso, year)



def test_resolve_non_us_law_keeps_its_own_id_root(nlp) -> None:
    text = ("The Colorado AI Act (SB 24-205) applies. In Europe the EU AI Act does too; the AI Act's Article 5 of the "
            "AI Act came first. GDPR Article 22 and later Art. 22 limit automated decisions, as does Colorado law. "
            "The Alaska Native Claims Settlement Act is federal.")
    ids = [(m.surface, m.authority_id) for m in resolve(nlp, text)[0]]
    assert ids == [
        ("Colorado AI Act", "us-co/act/colorado-ai-act"), ("EU AI Act", "eu/reg/2024/1689"),
        ("AI Act", "eu/reg/2024/1689"), ("Article 5", "eu/reg/2024/1689/art5"), ("AI Act", "eu/reg/2024/1689"),
        ("GDPR", "eu/reg/2016/679"), ("Article 22", "eu/reg/2016/679/art22"), ("Art. 22", "eu/reg/2016/679/art22"),
        ("Colorado law", None), ("Alaska Native Claims Settlement Act", "us/act/alaska-native-claims-settlement-act"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a jurisdiction written as the act's owner, or by another of its names, is no part of the title
        ("the European Union's Artificial\nIntelligence Act excludes defence uses", "eu/reg/2024/1689"),
        ("the European Union Artificial Intelligence Act excludes defence uses", "eu/reg/2024/1689"),
        ("Colorado's AI Act applies", "us-co/act/colorado-ai-act"),
        ("the Colorado AI Act applies", "us-co/act/colorado-ai-act"),
        ("the European Data Sharing Act applies", "eu/act/european-data-sharing-act"),  # no curated act: as written
    ],
)
def test_resolve_an_act_named_with_its_jurisdiction_as_owner_or_by_another_name(nlp, text: str, expected: str) -> None:
    assert [m.authority_id for m in resolve(nlp, text)[0]] == [expected]


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Foreign Intelligence Surveilance Act", "us/pl/95/511"),  # a misspelt word: the curated act
        ("FISA Amendments Act Reauthorization Act", None),  # another act's name inside the title: the act that reauthorizes it
    ],
)
def test_resolve_fuzzy_act_never_takes_an_act_for_the_one_it_names(title: str, expected: str | None) -> None:
    assert fuzzy_act(title, load_registry(DATA_DIR)) == expected
