"""Segmentation of documents in formats the seed lacks, each expectation written before the first run.

Fixtures in ``tests/fixtures/segment/``: a contract with articles and decimal clauses, a markdown
FAQ with heading and bold questions, an FAQ of numbered questions, a bill in statutory style, a
press release, a PDF extraction (CRLF, form feeds, page furniture, hard wraps) and an interview
with "Q." / "A." lines and HTML-residue bullets; then two held-out texts written after the fixes
(a memo with a roman outline, a markdown post with question headings, nested bullets and a table).
Results of the first runs are in docs/segmentation.md.
"""

from __future__ import annotations

import pytest

from kb.models import Segmentation
from kb.pipeline.extract import extract
from kb.segment import segment
from tests.conftest import FIXTURES, read_document

FORMATS = FIXTURES / "segment"
NAMES = (
    "services_agreement.txt", "faq_markdown.md", "open_letter_faq.md", "statute_bill.txt",
    "press_release.md", "oig_report_pdf.txt", "cto_interview.txt", "data_sharing_terms.md",
    "memo_outline.txt", "blog_questions.md",
)


def units(name: str) -> Segmentation:
    return segment(read_document(FORMATS / name))[0]


def clauses(seg: Segmentation) -> list[tuple[str, str, str | None]]:
    return [(c.path, c.label, c.title) for c in seg.clauses]


def faq(seg: Segmentation) -> list[tuple[str, str]]:
    return [(f.question, f.answer) for f in seg.faq]


@pytest.mark.parametrize("name", NAMES)
def test_segment_formats_every_unit_reproduces_its_offsets(name):
    document = read_document(FORMATS / name)
    seg, blocks = segment(document)
    text = document.text
    for unit in seg.records():
        assert text[unit.start:unit.end] == unit.text, (type(unit).__name__, unit.text)
        assert unit.text == unit.text.strip()
    for f in seg.faq:
        assert text[f.question_start:f.question_end] == f.question
        assert text[f.answer_start:f.answer_end] == f.answer
    for s in seg.sections:
        assert text[s.heading_start:s.heading_end] == s.heading
    for b in blocks:
        assert text[b.start:b.end] == text[b.start:b.end].strip()


@pytest.mark.parametrize("name", NAMES)
def test_segment_formats_sentences_and_claims_reproduce_their_offsets(nlp, name):
    document = read_document(FORMATS / name)
    for record in extract(document, nlp):
        if type(record).__name__ in ("Sentence", "Claim"):
            assert document.text[record.start:record.end] == record.text


def test_segment_formats_contract_articles_hold_decimal_clauses():
    seg = units("services_agreement.txt")
    assert [s.heading for s in seg.sections] == ["MASTER SERVICES AGREEMENT"]
    assert clauses(seg) == [
        ("1", "ARTICLE I", "DEFINITIONS"),
        ("1.1", "1.1", None), ("1.2", "1.2", None), ("1.3", "1.3", None),
        ("2", "ARTICLE II", "USE OF DATA"),
        ("2.1", "2.1", "Permitted Use"),
        ("2.2", "2.2", "Prohibited Uses"), ("2.2.1", "(a)", None), ("2.2.2", "(b)", None), ("2.2.3", "(c)", None),
        ("2.3", "2.3", "Law Enforcement Requests"),
        ("3", "ARTICLE III", "TERM AND TERMINATION"),
        ("3.1", "3.1", "Term"), ("3.2", "3.2", "Termination for Breach"),
    ]
    by_path = {c.path: c for c in seg.clauses}
    # "Section 2.3 of this Agreement" wrapped to the start of a line is a reference, not a clause
    assert by_path["2.1"].text.endswith("Section 2.3 of this Agreement.")
    assert "1.3" in by_path["1"].text and "Law Enforcement" not in by_path["1"].text
    assert "IN WITNESS WHEREOF" not in by_path["3"].text
    assert not seg.faq


def test_segment_formats_markdown_faq_with_heading_and_bold_questions():
    seg = units("faq_markdown.md")
    assert faq(seg) == [
        (
            "Will the models be used for surveillance?",
            "No. Our usage policy forbids:\n\n- mass surveillance of a country's own residents;\n"
            "- tracking individuals based on protected characteristics;\n- predictive policing of individuals.\n\n"
            "These limits apply to every government customer.",
        ),
        ("Who decides what counts as a permitted use?", "Our trust and safety team reviews every public-sector contract before signature."),
        ("Can an agency run the models on its own servers?", "Yes, in accredited facilities. We keep the ability to update the safety systems."),
        ("What happens if an agency breaks the rules?", "We suspend access while we investigate, and we may end the contract."),
    ]
    assert [(i.number, i.style) for i in seg.list_items] == [(1, "bullet"), (2, "bullet"), (3, "bullet")]
    assert "Contact" in [s.heading for s in seg.sections]


def test_segment_formats_numbered_questions_are_faq_entries():
    seg = units("open_letter_faq.md")
    assert [q for q, _ in faq(seg)] == [
        "Why did you sign?",
        "Does this mean you will stop working with defense agencies?",
        'What does "meaningful human control" mean to you?',
    ]
    answers = [a for _, a in faq(seg)]
    assert answers[0].startswith("We believe decisions") and answers[0].endswith("responsible for a mistake.")
    assert answers[1].startswith("No. We will keep")
    assert answers[2].startswith("It means a trained person reviews each engagement decision")
    # Known gap (docs/segmentation.md): the closing paragraph after the last answer joins that answer,
    # since nothing in the text tells it from a second paragraph of the answer.
    assert [(c.path, c.label) for c in seg.clauses] == [("1", "1."), ("2", "2."), ("3", "3.")]


def test_segment_formats_statute_sections_subsections_paragraphs():
    seg = units("statute_bill.txt")
    assert clauses(seg) == [
        ("1", "SECTION 1.", "SHORT TITLE"),
        ("2", "SEC. 2.", "DEFINITIONS"),
        ("2.1", "(1)", "AGENCY"), ("2.2", "(2)", "FACIAL RECOGNITION"),
        ("3", "SEC. 3.", "LIMITATIONS ON USE"),
        ("3.1", "(a)", "IN GENERAL"),
        ("3.2", "(b)", "EXCEPTIONS"),
        ("3.2.1", "(1)", None), ("3.2.2", "(2)", None), ("3.2.2.1", "(A)", None), ("3.2.2.2", "(B)", None),
        ("3.3", "(c)", "REPORTING"),
        ("4", "SEC. 4.", "EFFECTIVE DATE"),
    ]
    by_path = {c.path: c for c in seg.clauses}
    assert "This Act may be cited" in by_path["1"].text
    assert "In this Act:" in by_path["2"].text and "FACIAL RECOGNITION" in by_path["2"].text
    assert by_path["4"].text.endswith("after the date of enactment.")
    assert not [i for i in seg.list_items if i.marker.startswith("H")]  # "H. R. 4321" is a bill number


def test_segment_formats_press_release_boilerplate_and_end_mark():
    seg = units("press_release.md")
    assert [s.heading for s in seg.sections] == [
        "FOR IMMEDIATE RELEASE",
        "Northwind and State Police Sign Agreement Limiting Use of AI",
        "About Northwind Analytics",
    ]
    paragraphs = [p.text for p in seg.paragraphs]
    assert paragraphs[0].startswith("WASHINGTON, March 3, 2026 \u2014 Northwind")
    assert "###" not in paragraphs
    assert paragraphs[-2].startswith("Northwind Analytics builds")
    assert not seg.clauses and not seg.faq


def test_segment_formats_pdf_extraction_page_furniture_and_wraps():
    raw = (FORMATS / "oig_report_pdf.txt").read_bytes()
    assert b"\r\n" in raw and b"\f" in raw and b"\t" in raw  # the fixture must keep CRLF, form feeds and tabs
    seg = units("oig_report_pdf.txt")
    assert [s.heading for s in seg.sections] == [
        "OFFICE OF THE INSPECTOR GENERAL",
        "Review of the Department's Use of Automated Decision Systems",
    ]
    assert clauses(seg) == [("1", "1.", "INTRODUCTION"), ("2", "2.", "FINDINGS"), ("3", "3.", "RECOMMENDATIONS")]
    texts = [p.text for p in seg.paragraphs]
    assert not [t for t in texts if t.startswith(("Page ", "OIG Review"))]
    # a paragraph that runs over a page break stays one paragraph
    findings = next(t for t in texts if t.startswith("The Department has not adopted"))
    assert findings.endswith("without any documented human review.")
    assert [i.text for i in seg.list_items if i.style == "bullet"] == [
        "adopt a written human review policy;", "record the reviewer for every denial; and",
        "publish an annual inventory of its systems.",
    ]
    assert seg.clauses[2].text.endswith("agreed with all three recommendations.")
    assert not [u for u in seg.records() if "\r" in u.text.replace("\r\n", "")]


def test_segment_formats_interview_q_dot_a_dot():
    seg = units("cto_interview.txt")
    assert [s.heading for s in seg.sections] == ["Interview: The agency\u2019s chief technology officer on AI procurement"]
    assert [q for q, _ in faq(seg)] == [
        "Why did the agency choose a commercial model?",
        "Will the model make eligibility decisions?",
        "What safeguards are in place?",
    ]
    answers = [a for _, a in faq(seg)]
    assert answers[0].startswith("We compared three options")
    assert answers[1] == "No. A caseworker makes every decision. The model only drafts a summary of the file."
    assert answers[2].startswith("There are three:\n\u00b7\u00a0an annual bias audit")
    assert "human-only review." in answers[2]
    # Known gap (docs/segmentation.md): the editor's note after the last answer joins that answer.
    assert not seg.clauses
    assert [i.marker for i in seg.list_items] == ["\u00b7", "\u00b7", "\u00b7", "\u25aa"]


# --- held out: written after the fixes above, expectations before the first run ---


def test_segment_formats_memo_roman_outline():
    seg = units("memo_outline.txt")
    assert [s.heading for s in seg.sections] == ["MEMORANDUM"]
    # each header field is a paragraph of its own, and none heads a section
    assert [p.text.split(":")[0] for p in seg.paragraphs[:2]] == ["TO", "FROM"]
    assert clauses(seg) == [
        ("1", "I.", "PURPOSE"),
        ("2", "II.", "POLICY"),
        ("2.1", "A.", "Approved tools"), ("2.1.1", "1.", None), ("2.1.2", "2.", None),
        ("2.2", "B.", "Prohibited data"), ("2.2.1", "1.", None), ("2.2.2", "2.", None), ("2.2.3", "3.", None),
        ("2.3", "C.", "Human review"),
        ("3", "III.", "EFFECTIVE DATE"),
    ]
    by_path = {c.path: c for c in seg.clauses}
    assert "record that review in the case file." in by_path["2"].text and "EFFECTIVE" not in by_path["2"].text
    assert by_path["3"].text.endswith("replaced by a permanent policy.")  # "cc:" is not the clause's


def test_segment_formats_blog_question_headings_nested_bullets_table():
    seg = units("blog_questions.md")
    assert [q for q, _ in faq(seg)] == [
        "What does the rule require?", "When does it take effect?", "What should vendors do now?",
    ]
    answers = [a for _, a in faq(seg)]
    assert answers[0].startswith("Vendors must disclose:") and answers[0].endswith("an OMB official said.")
    assert answers[1].startswith("The rule applies") and answers[1].endswith("| Incident reports | 72 hours |")
    assert answers[2].startswith("Inventory the models")
    assert [(i.style, i.number, i.level) for i in seg.list_items] == [
        ("bullet", 1, 1), ("bullet", 2, 1), ("bullet", 1, 2), ("bullet", 2, 2), ("bullet", 3, 1),
        ("decimal", 1, 1), ("decimal", 2, 1), ("decimal", 3, 1),
    ]
    table = "| Requirement | Deadline |\n|---|---|\n| Disclosure | October 1, 2026 |\n| Incident reports | 72 hours |"
    assert table in [p.text for p in seg.paragraphs]
    assert [(c.path, c.label) for c in seg.clauses] == [("1", "1."), ("2", "2."), ("3", "3.")]
