"""Segmentation of the seed and of a markdown document in another style."""

from __future__ import annotations

import pytest

from kb.segment import segment
from tests.conftest import FIXTURES, read_document


@pytest.fixture(scope="module")
def seed_units(seed):
    return segment(seed)[0]


@pytest.fixture(scope="module")
def terms():
    document = read_document(FIXTURES / "segment" / "data_sharing_terms.md")
    return document, segment(document)[0]


def test_segment_seed_red_line_bullets_are_list_items(seed_units):
    first_list = [i for i in seed_units.list_items if i.style == "bullet"][:3]
    assert [i.number for i in first_list] == [1, 2, 3]
    assert all(i.text.startswith(("No use of", "No Use of")) for i in first_list)


def test_segment_seed_protection_bullets_are_list_items(seed_units):
    protections = [i for i in seed_units.list_items if i.style == "bullet"][3:6]
    assert [i.number for i in protections] == [1, 2, 3]
    assert protections[0].text.startswith("We keep full control")
    assert protections[2].text == "We have strong contract protections."


def test_segment_seed_numbered_points_are_clauses_numbered_by_position(seed_units):
    top = [c for c in seed_units.clauses if c.parent_id is None]
    assert [c.number for c in top] == [1, 2, 3]
    assert [c.label for c in top] == ["1.", "1.", "1."]  # as written in the text
    assert [c.title for c in top] == ["Deployment Architecture Cologne", "Our contract", "AI Expert Involvement"]


def test_segment_seed_contract_clause_holds_its_terms_and_bullets(seed_units):
    contract = [c for c in seed_units.clauses if c.parent_id is None][1]
    assert "Foreign Intelligence Surveillance Act of 1978" in contract.text
    assert "may use the AI system for all lawful purposes" in contract.text
    assert "AI Expert Involvement" not in contract.text
    fisa = next(i for i in seed_units.list_items if "Foreign Intelligence" in i.text)
    assert fisa.level == 2 and fisa.parent_id is not None


def test_segment_seed_faq_pairs_each_question_with_its_answer(seed_units):
    pairs = [(f.question, f.answer) for f in seed_units.faq]
    assert len(pairs) == 9
    expected_starts = [
        ("Why are you doing this?", "First, we believe"),
        ("Why could you reach a deal when Anthropic could not?", "From what we know"),
        ("Do you think Anthropic should be designated", "No, and we have made"),
        ("Will this deal enable the Department of War to use OpenAI models to power", "No. Based on our safety stack"),
        ("Will this deal enable the Department of War to use OpenAI models to conduct", "No. Based on our safety stat"),
        ("Do you have to deploy models without a safety stack?", "No, we keep full control"),
        ("What happens if the government violates", "As with any contract"),
        ("What if the government changes the law", "Our contract clearly refers"),
        ("How do you address the arguments Anthropic made", "In their post, Anthropic lists"),
    ]
    for (question, answer), (q_start, a_start) in zip(pairs, expected_starts):
        assert question.startswith(q_start)
        assert answer.startswith(a_start)
    # A multi-sentence question stays one question; answers stop at the next question or heading.
    assert pairs[1][0].endswith("Wouldn\u2019t they?")
    assert pairs[8][1].rstrip().endswith("involved throughout.")
    assert "Source:" not in pairs[8][1]


def test_segment_seed_sections(seed_units):
    headings = [s.heading for s in seed_units.sections]
    assert headings[:2] == ["Our agreement covers the following points", "FAQs"]


def test_segment_markdown_headings_nest(terms):
    _, units = terms
    by_heading = {s.heading: s for s in units.sections}
    assert by_heading["Terms"].parent_id == by_heading["Data Sharing Terms"].id
    assert by_heading["Terms"].level == 2


def test_segment_nested_subclauses(terms):
    _, units = terms
    paths = [(c.path, c.label) for c in units.clauses]
    assert paths == [
        ("1", "1."), ("1.1", "(a)"), ("1.2", "(b)"), ("1.2.1", "(i)"), ("1.2.2", "(ii)"),
        ("2", "2."), ("3", "3."),
    ]
    by_path = {c.path: c for c in units.clauses}
    assert by_path["1.2.2"].parent_id == by_path["1.2"].id
    assert "review by the privacy officer" in by_path["1"].text  # a clause holds its sub-clauses
    assert "Both parties sign below." not in by_path["3"].text  # a closing paragraph is not the last clause's
    assert [by_path[p].title for p in ("1", "2", "3", "1.2")] == ["Scope", "Retention", "Audit", None]


def test_segment_q_a_faq(terms):
    _, units = terms
    assert [(f.question, f.answer) for f in units.faq] == [
        ("Will Northwind sell the data?", "No. The agreement forbids any sale of the data."),
        (
            "Who can see the raw records? Is there a list?",
            "Only named analysts. The list is kept by the Board.\n\nThe Board reviews that list every quarter.",
        ),
    ]


def test_segment_bullets_after_heading_restart_numbering(terms):
    _, units = terms
    contacts = [i for i in units.list_items if i.style == "bullet"]
    assert [(i.marker, i.number, i.level) for i in contacts] == [("-", 1, 1), ("-", 2, 1)]


@pytest.mark.parametrize(
    "body, expected",
    [
        # a letter right after "(h)" is the ninth letter, not roman one
        ("(g) seven\n(h) eight\n(i) nine\n", ["alpha", "alpha", "alpha"]),
        # "(i)" under "(a)" is roman
        ("(a) first\n(i) sub one\n(ii) sub two\n(b) second\n", ["alpha", "roman", "roman", "alpha"]),
        # EO-style "Sec." numbering with a body paragraph under a bare title
        ("Sec. 1. Purpose.\n\nThe body.\n\nSec. 2. Policy.\n", ["section", "section"]),
        # outline letters with dots
        ("a. apples\nb. pears\n", ["alpha", "alpha"]),
    ],
)
def test_segment_marker_styles(body, expected):
    from kb.models import Document

    document = Document(id="t", path="t.txt", title="t", text=body, sha256="")
    units = segment(document)[0]
    assert [i.style for i in units.list_items] == expected


def test_segment_section_clause_body_runs_to_next_section():
    from kb.models import Document

    body = "Sec. 1. Purpose.\n\nThe body of one.\n\nSec. 2. Policy.\n\nThe body of two.\n"
    units = segment(Document(id="t", path="t.txt", title="t", text=body, sha256=""))[0]
    assert [c.text for c in units.clauses] == [
        "Sec. 1. Purpose.\n\nThe body of one.",
        "Sec. 2. Policy.\n\nThe body of two.",
    ]
