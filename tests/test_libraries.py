"""Our formal-citation forms stay at least as broad as eyecite's and citeurl's.

We read the Code, the C.F.R., public laws, the Statutes at Large, the Federal
Register and the Constitution with our own forms instead of calling citeurl at
run time (see tools/libraries.py for why); this holds only while every full
citation the libraries find on our fixtures is also found by us.
"""

from __future__ import annotations

import pytest

from tools.libraries import citeurl_id, compare, compare_texts, eyecite_id, fixture_texts, library_citations


@pytest.fixture(scope="module")
def comparisons():
    return compare_texts(fixture_texts())


def test_libraries_find_nothing_we_miss_on_any_fixture(comparisons) -> None:
    gaps = [f"{r.name}: {c.library} {c.surface!r} ({c.expected})" for r in comparisons for c in r.gaps or []]
    assert gaps == []


def test_libraries_comparison_covers_the_formal_suite(comparisons) -> None:
    formal = [r for r in comparisons if r.name.startswith("formal/")]
    assert formal and sum(r.found for r in formal) >= 20


def test_libraries_a_citation_we_do_not_find_is_a_gap() -> None:
    text = "The rule is at 48 CFR 52.204-21."
    result = compare("t", text, [])
    assert [c.surface for c in result.gaps or []] == ["48 CFR 52.204-21"]
    found = compare("t", text, [(15, 31, "us/cfr/t48/s52.204-21")])
    assert found.gaps == [] and found.disagreements == []


def test_libraries_a_different_id_is_a_disagreement_not_a_gap() -> None:
    result = compare("t", "See 15 USC 78dd-1.", [(4, 17, "us/usc/t15/s78")])
    assert result.gaps == [] and [c.expected for c, _ in result.disagreements or []] == ["us/usc/t15/s78dd-1"]


def test_libraries_ids_follow_our_scheme() -> None:
    assert citeurl_id("U.S. Code", {"title": "50", "section": "3024A", "subsection": "(b)"}) == "us/usc/t50/s3024a"
    assert citeurl_id("U.S. Code", {"title": "50", "section": "1881a-1881g"}) == "us/usc/t50/s1881a"
    assert citeurl_id("U.S. Code", {"title": "15", "section": "78dd-1"}) == "us/usc/t15/s78dd-1"
    assert citeurl_id("Code of Federal Regulations", {"title": "41", "section": "102-118.35"}) == "us/cfr/t41/s102-118.35"
    assert citeurl_id("U.S. Constitution", {"article": "2", "section": "2", "clause": "2"}) == "us/const/art2/s2/cl2"
    assert eyecite_id({"reporter": "Pub. L.", "title": "95-511", "section": "26"}) == "us/pl/95/511"
    assert eyecite_id({"reporter": "Fed. Reg.", "volume": "86", "page": "26,633"}) == "us/fr/86/26633"


def test_libraries_short_forms_do_not_count() -> None:
    found = library_citations("See 50 U.S.C. § 1801. Then § 1804 applies.")
    assert [c.surface for c in found if c.library == "citeurl"] == ["50 U.S.C. § 1801"]
