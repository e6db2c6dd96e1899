"""Sentences and claims placed in their units."""

from __future__ import annotations

from kb.models import Document
from kb.recognise.nlp import annotate
from kb.segment import segment
from kb.segment.sentences import claims_of, sentences_of


def read(nlp, text: str):
    document = Document(id="d", path="d.txt", title="d", text=text, sha256="")
    seg, blocks = segment(document)
    doc = annotate(nlp, text, [(b.start, b.end) for b in blocks])
    sentences = sentences_of(document, doc, blocks, seg)
    return sentences, claims_of(sentences)


def test_units_a_heading_that_introduces_a_list_is_a_claim(nlp):
    text = "We request answers to the following questions by June 15:\n\n1. Who approved it?\n2. When?\n"
    sentences, claims = read(nlp, text)
    assert [(s.role, s.text) for s in sentences][0] == ("lead_in", "We request answers to the following questions by June 15")
    assert claims[0].text.startswith("We request answers")


def test_units_plain_headings_and_questions_are_not_claims(nlp):
    text = "# Terms\n\n## FAQ\n\nWhy?\n\nBecause it is required.\n"
    sentences, claims = read(nlp, text)
    assert [s.role for s in sentences] == ["heading", "heading", "question", "answer"]
    assert [c.text for c in claims] == ["Because it is required."]


def test_units_sentences_do_not_take_list_markers(nlp):
    sentences, _ = read(nlp, "Intro line ends here.\n  \u2022 First item\n  \u2022 Second item\n")
    assert [s.text for s in sentences] == ["Intro line ends here.", "First item", "Second item"]


def test_units_a_bare_article_line_is_a_heading_not_a_claim(nlp):
    sentences, claims = read(nlp, "ARTICLE II\n\n2.1 Fees are due monthly.\n")
    assert [(s.role, s.text) for s in sentences] == [("heading", "ARTICLE II"), ("clause", "Fees are due monthly.")]
    assert [c.text for c in claims] == ["Fees are due monthly."]


def test_units_interview_answers_and_page_furniture(nlp):
    text = (
        "Q. Will the model decide?\nA. Never. A caseworker decides.\n\n"
        "The agency found that\n\nPage 2 of 9\n\fAgency Report\nstaff rely on it.\n\nPage 3 of 9\n\fAgency Report\nEnd.\n"
    )
    sentences, claims = read(nlp, text)
    assert [(s.role, s.text) for s in sentences][:3] == [
        ("question", "Will the model decide?"), ("answer", "Never."), ("answer", "A caseworker decides."),
    ]
    assert not [s for s in sentences if "Page" in s.text and not s.text.startswith("The agency")]
