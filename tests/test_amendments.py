"""Amending instructions: the words that point into the provision a bill amends cite it."""

from __future__ import annotations

import json

import pytest

from kb.recognise.amendments import load_amendment_forms
from kb.recognise.nlp import annotate
from kb.reference import DATA_DIR
from kb.resolve.authorities import resolve_mentions

DATA = json.loads((DATA_DIR / "patterns" / "amendments.json").read_text(encoding="utf-8"))
FORMS = load_amendment_forms(DATA_DIR)
FORM_EXAMPLES = [(f["unit"], e["text"], e["match"]) for f in DATA["forms"] for e in f["examples"]]


def cites(nlp, text: str) -> list[tuple[str, str | None, str | None]]:
    mentions = resolve_mentions(annotate(nlp, text, [(0, len(text))]), "bill").mentions
    return [(m.surface, m.authority_id, m.pinpoint) for m in mentions]


@pytest.mark.parametrize(("unit", "text", "expected"), FORM_EXAMPLES, ids=[f"{u}:{t}" for u, t, _ in FORM_EXAMPLES])
def test_amendments_form_examples(unit: str, text: str, expected: str | None) -> None:
    pattern = next(f.pattern for f in FORMS.forms if f.unit == unit)
    match = pattern.search(text)
    assert (match.group(0) if match else None) == expected


@pytest.mark.parametrize("example", DATA["instruction"]["examples"], ids=lambda e: e["text"])
def test_amendments_instruction_examples(example: dict) -> None:
    match = FORMS.instruction.search(example["text"])
    assert (match.group(0) if match else None) == example["match"]


@pytest.mark.parametrize("example", DATA["instruction_ahead"]["examples"], ids=lambda e: e["text"])
def test_amendments_instruction_ahead_examples(example: dict) -> None:
    match = FORMS.instruction_ahead.search(example["text"])
    assert (match.group(0) if match else None) == example["match"]


def test_amendments_a_rule_s_instruction_names_its_section_after_the_verb(nlp):
    # issue 14 (d): "Amend section N by redesignating paragraphs (e) and (f)" gave its paragraphs no owner
    text = ("48 CFR Parts 225 and 252\n\nPART 225\u2014FOREIGN ACQUISITION\n\n"
            "    \u25a0 2. Amend section 225.7002 by removing paragraph (b) and redesignating paragraphs\n"
            "(c) and (d) as paragraphs (b) and (c).\n\nThe paragraph (a) of the notice is unchanged.\n")
    assert [(s, i, p) for s, i, p in cites(nlp, text) if i and "s225" in i] == [
        ("225.7002", "us/cfr/t48/s225.7002", None),
        ("paragraph (b)", "us/cfr/t48/s225.7002", "(b)"),
        ("paragraphs\n(c)", "us/cfr/t48/s225.7002", "(c)"),
        ("(d)", "us/cfr/t48/s225.7002", "(d)"),
        ("paragraphs (b)", "us/cfr/t48/s225.7002", "(b)"),
        ("(c)", "us/cfr/t48/s225.7002", "(c)"),
    ]  # after the blank line the instruction's scope has ended


@pytest.mark.parametrize("example", DATA["scope_end"]["examples"], ids=lambda e: e["text"])
def test_amendments_scope_end_examples(example: dict) -> None:
    assert bool(FORMS.scope_end.search(example["text"])) == example["ends"]


def test_amendments_pinpoints_and_sections_of_an_amended_act_section(nlp):
    text = (
        "SEC. 3. QUERIES.\n"
        "  (a) In General.\u2014Section 702 of the Foreign Intelligence Surveillance Act of 1978 (50 U.S.C. 1881a) is amended\u2014\n"
        "    (1) in subsection (c), by striking paragraph (2); and\n"
        "    (2) by adding at the end the following:\n"
        "    \u201c(n) Limit.\u2014No query under this section may rely on an order under section 105.\u201d.\n"
        "  (b) Rule of Construction.\u2014Nothing in this section or in subsection (a) limits any other provision of law.\n"
    )
    assert cites(nlp, text) == [
        ("Section 702", "us/usc/t50/s1881a", "702"),
        ("Foreign Intelligence Surveillance Act of 1978", "us/pl/95/511", None),
        ("50 U.S.C. 1881a", "us/usc/t50/s1881a", None),
        ("subsection (c)", "us/usc/t50/s1881a", "(c)"),
        ("paragraph (2)", "us/usc/t50/s1881a", "(2)"),
        ("this section", "us/usc/t50/s1881a", None),  # inside the quoted new text: the amended section
        ("section 105", "us/usc/t50/s1805", "105"),  # another section of FISA, through the crosswalk
        # (b) is the bill's own subsection: its "this section" and "subsection (a)" are not citations
        ("any other provision of law", None, None),
    ]


def test_amendments_sections_of_an_amended_code_section_and_of_an_amended_act(nlp):
    text = (
        "  (a) Notice.\u2014Section 2703 of title 18, United States Code, is amended by adding at the end the following:\n"
        "  \u201c(i) Notice.\u2014A notice under subsection (d) may be delayed under section 2705.\u201d.\n"
        "  (b) Report.\u2014The National Security Act of 1947 (50 U.S.C. 3001 et seq.) is amended by inserting after\n"
        "section 513 (50 U.S.C. 3112) the following:\n"
        "  \u201cSEC. 514. REPORT.\u2014The report shall be consistent with this Act.\u201d.\n"
    )
    found = cites(nlp, text)
    assert ("subsection (d)", "us/usc/t18/s2703", "(d)") in found
    assert ("section 2705", "us/usc/t18/s2705", None) in found  # the same title as the amended Code section
    assert ("section 513", "us/usc/t50/s3112", None) in found  # the parenthetical Code cite says which section
    assert ("this Act", "us/pl/80/253", None) in found  # inside the quoted new text: the amended act


def test_amendments_text_without_an_instruction_gets_nothing(nlp):
    text = "FISA was amended in 2008. Under subsection (c), this section and section 105 apply."
    # no amending instruction, so "subsection (c)" and "this section" point nowhere; "section 105" is
    # FISA's, the one act named whose sections the crosswalk has (kb.recognise.authorities.section_references)
    assert [(s, a) for s, a, _ in cites(nlp, text)] == [("FISA", "us/pl/95/511"), ("section 105", "us/usc/t50/s1805")]


def test_amendments_a_new_code_section_is_what_its_quoted_text_points_into(nlp):
    text = (
        "  (a) In General.\u2014Title 10, United States Code, is amended by inserting after section 130k the following:\n"
        "\u201c\u00a7130m. Protection of records\n"
        "  \u201c(a) Rule.\u2014Except as provided in subsection (b) or section 130b of this title, no records.\n"
        "  \u201c(b) Exception.\u2014This subsection applies under this section only.\u201d.\n"
    )
    found = cites(nlp, text)
    assert ("section 130k", "us/usc/t10/s130k", None) in found  # a bare section of the amended title
    assert ("subsection (b)", "us/usc/t10/s130m", "(b)") in found  # inside the new section's text: the new section
    assert ("section 130b of this title", "us/usc/t10/s130b", None) in found
    assert ("this section", "us/usc/t10/s130m", None) in found
    assert not [s for s, _, _ in found if s.startswith("\u00a7")]  # the new section's heading is not a citation


ADDS_SECTION = (
    "SEC. 2. DATA.\n(a) Definitions.\u2014The term \u201ccovered data\u201d has the meaning given in section 2240l of title 10, "
    "United States Code, as added by subsection (b).\n(b) New section.\u2014Chapter 131 of title 10, United States Code, is "
    "amended by inserting after section 2240k the following new section:\n\u201c\u00a72240l. Protection of covered data\n"
    "  \u201c(a) Prohibition.\u2014No person may sell covered data.\u201d."
)


@pytest.mark.parametrize(
    "text, expected",
    [
        (ADDS_SECTION, "us/usc/t10/s2240l"),  # the bill's quoted heading shows the "l" is a letter
        ("The term has the meaning given in section 2240l of title 10, United States Code.", "us/usc/t10/s22401"),  # else OCR for 1
    ],
)
def test_amendments_a_section_the_text_adds_is_read_as_its_heading_writes_it(nlp, text: str, expected: str) -> None:
    mentions = resolve_mentions(annotate(nlp, text, [(0, len(text))]), "doc").mentions
    cited = [m for m in mentions if m.surface.startswith("section 2240l")]
    assert [m.authority_id for m in cited] == [expected]
    assert not [m for m in mentions if m.surface.startswith("\u00a72240l")]  # the heading names the section, cites nothing


def test_amendments_a_report_s_would_amend_points_its_pinpoints_into_the_section(nlp):
    # regression: a report's "would amend section N ..., in subsections (c) and (e)" was no instruction, and
    # "paragraphs (1) and (4) of subsection (d) of section N" was cut to "paragraphs (1)" by backtracking
    text = ("Section 12 would amend section 2371b of title 10, United States Code,\nin subsections (c) and (e), to "
            "raise thresholds, and would amend paragraphs (1) and (4) of subsection\n(d) of section 2371b, and "
            "paragraph (2) of section 2372.")
    pinned = [(s, p) for s, a, p in cites(nlp, text) if a == "us/usc/t10/s2371b" and p]
    assert pinned == [("subsections (c)", "(c)"), ("(e)", "(e)"), ("paragraphs (1)", "(1)"), ("(4)", "(4)")]
    assert ("paragraph (2)", "us/usc/t10/s2371b", "(2)") not in cites(nlp, text)
