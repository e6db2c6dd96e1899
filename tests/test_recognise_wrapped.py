"""Forms the fifth (blind) fixture round found broken, each with words of our own."""

from __future__ import annotations

import pytest

from kb.recognise.nlp import annotate, build_pipeline
from kb.resolve import resolve_mentions


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline()


def ids(nlp, text: str) -> list[tuple[str, str | None]]:
    doc = annotate(nlp, text, [(0, len(text))])
    return [(m.surface, m.authority_id) for m in resolve_mentions(doc, "t").mentions]


def test_a_name_wrapped_over_a_line_break_is_one_name(nlp) -> None:
    found = ids(nlp, "The reports required by the Intelligence Reform and\nTerrorism Prevention Act of 2004 are due.")
    assert found == [("Intelligence Reform and\nTerrorism Prevention Act of 2004", "us/act/intelligence-reform-and-terrorism-prevention-act")]


def test_a_curated_name_wrapped_over_a_line_break_is_the_record(nlp) -> None:
    assert [a for _, a in ids(nlp, "collection under the Foreign Intelligence\nSurveillance Act, as amended")] == ["us/pl/95/511"]


def test_a_heading_ending_in_a_period_does_not_join_the_next_line(nlp) -> None:
    found = ids(nlp, "SEC. 9. SHORT TITLE.\nThis Act takes effect on signature.")
    assert not any("TITLE" in surface for surface, _ in found)


def test_a_citation_signal_is_not_part_of_a_party(nlp) -> None:
    text = "Contrast the rule. Compare United States v. Knotts, 460 U. S. 276 (1983), with Kyllo v. United States, 533 U. S. 27 (2001)."
    assert [a for _, a in ids(nlp, text)] == ["us/case/united-states-v-knotts", "us/case/kyllo-v-united-states"]


def test_an_in_re_caption_before_a_reporter_names_the_case(nlp) -> None:
    found = ids(nlp, "The marshal was protected. In re Neagle, 135 U.S. 1, 64 (1890).")
    assert found == [("In re Neagle, 135 U.S. 1, 64 (1890)", "us/case/in-re-neagle")]
    spelled = ids(nlp, "See In re Application of U. S. for an Order, 724 F. 3d 600 (CA5 2013).")
    assert [a for _, a in spelled] == ["us/case/in-re-application-of-united-states-for-an-order"]
