"""The search page: law found through its names, words, prefixes, phrases and designations, grouped by document."""

from __future__ import annotations

import asyncio
import html
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils
from datasette.app import Datasette

from kb.datasette.search import CONTEXT, BadQuery, fts_query, shorten
from tests.conftest import served


@pytest.fixture(scope="module")
def law(law_kb_path: Path) -> Datasette:
    return served(law_kb_path)


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


def text_of(ds: Datasette, document: str) -> str:
    return sqlite_utils.Database(ds.databases["kb"].path)["documents"].get(document)["text"]


PASSAGE = re.compile(r'<a href="/kb/-/reader\?document=([^"&]+)&amp;start=(\d+)&amp;end=(\d+)#evidence">')
GROUP = re.compile(r'<section class="kb-document-hits">\s*<h3><a href="/kb/-/reader\?document=([^"&]+)">(.*?)</section>', re.S)


def groups(page: str) -> dict[str, list[tuple[int, int]]]:
    """Passages of a search page by document group: {document id: [(start, end), ...]}, checking each group holds its own."""
    found: dict[str, list[tuple[int, int]]] = {}
    for document, body in GROUP.findall(page):
        assert document not in found, f"{document} grouped twice"
        passages = PASSAGE.findall(body)
        assert passages and {d for d, _, _ in passages} == {document}
        found[document] = [(int(start), int(end)) for _, start, end in passages]
    return found


def search(ds: Datasette, query: str) -> str:
    response = get(ds, f"/kb/-/search?q={quote(query)}")
    assert response.status_code == 200, response.text[:500]
    return response.text


def cited(ds: Datasette, page: str, document: str, surface: str) -> bool:
    """True when a passage of ``document`` on ``page`` holds ``surface`` (the words the text cites with)."""
    text = text_of(ds, document)
    return any(surface in text[start:end] for start, end in groups(page).get(document, []))


LAW_FORMS = [
    # query, (document, words the text writes), each a passage the query must find
    ("EO 12333", [("openai-dow-agreement", "Executive Order 12333"), ("unseen-crs-702", "EO 12333")]),  # the short name
    ("E.O. 12333", [("openai-dow-agreement", "Executive Order 12333"), ("unseen-crs-702", "Executive Order 12333")]),
    ("Executive Order 12333", [("openai-dow-agreement", "Executive Order 12333"), ("unseen-crs-702", "EO 12333")]),
    ("eo12333", [("openai-dow-agreement", "Executive Order 12333")]),  # no dots, no space, lower case
    ("Section 702", [("unseen-crs-702", "50 U.S.C. 1881a"), ("unseen-crs-702", "50 U.S.C. § 1881a(b)")]),  # its codification too
    ("50 U.S.C. 1881a", [("unseen-crs-702", "Section 702 is one of several")]),  # the citation, written without §
    ("50 U.S.C. § 1881a", [("unseen-crs-702", "Section 702 is one of several")]),
    ("FISA", [("openai-dow-agreement", "The Foreign Intelligence Surveillance Act of 1978")]),  # the acronym finds the full name
]


@pytest.mark.parametrize("query, expected", LAW_FORMS)
def test_search_finds_the_passages_citing_an_authority_by_any_of_its_names(law, query, expected):
    page = search(law, query)
    assert "(named by your search)" in page
    for document, surface in expected:
        assert cited(law, page, document, surface), (query, document, surface)


def test_search_marks_the_citation_in_its_passage(law):
    page = search(law, "E.O. 12333")
    assert '<span class="kb-match">EO 12333</span>' in page  # the words the text wrote, not the query's
    assert '<span class="kb-match">Executive Order 12333</span>' in page


def test_search_passages_are_grouped_by_document_citing_documents_first(law):
    found = groups(search(law, "EO 12333"))  # groups() checks each document has one group holding only its passages
    assert set(found) == {"unseen-crs-702", "openai-dow-agreement", "executive-order"}
    assert list(found)[0] == "unseen-crs-702"  # cites it twice, the others once
    for spans in found.values():
        assert spans == sorted(spans)  # in text order within the document


@pytest.mark.parametrize("query", ["EO 12333", "surveil*", "Sec. 3(c)"])
def test_search_links_open_the_reader_at_the_passage(law, query):
    page = search(law, query)
    document, spans = next(iter(groups(page).items()))
    start, end = spans[0]
    reader = get(law, f"/kb/-/reader?document={document}&start={start}&end={end}").text
    assert '<span id="evidence"></span>' in reader
    marked = html.unescape(re.search(r'<mark class="[^"]*kb-evidence[^"]*"[^>]*><a[^>]*>([^<]*)', reader).group(1))
    assert marked and marked in text_of(law, document)[start:end]


def test_search_prefix_matches_every_word_it_begins(law):
    page = search(law, "surveil*")
    text = text_of(law, "openai-dow-agreement")
    passages = [text[s:e] for s, e in groups(page)["openai-dow-agreement"]]
    assert any("surveillance" in p for p in passages) and any("Surveillance" in p for p in passages)
    assert '<span class="kb-match">surveillance</span>' in page


def test_search_quoted_phrase_keeps_its_words_together(law):
    apart = groups(search(law, "intelligence foreign"))
    assert apart  # both words are in many sentences
    together = groups(search(law, '"foreign intelligence"'))
    assert together and all(
        "foreign intelligence" in text_of(law, d)[s:e].lower() for d, spans in together.items() for s, e in spans
    )
    page = get(law, f"/kb/-/search?q={quote(chr(34) + 'intelligence foreign' + chr(34))}").text
    assert "No passages match." in page  # the words never come in that order


def test_search_finds_a_clause_by_its_designation(law):
    page = search(law, "Sec. 3(c)")
    db = sqlite_utils.Database(law.databases["kb"].path)
    clause = next(db.query("select start, [end] from clauses where designation = 'Sec. 3(c)'"))
    assert (clause["start"], clause["end"]) in groups(page)["executive-order"]
    under = groups(search(law, "Sec. 3"))["executive-order"]  # a section finds the clauses under it too
    designations = {row["designation"] for row in db.query("select designation, start, [end] from clauses")
                    if (row["start"], row["end"]) in under}
    assert {"Sec. 3", "Sec. 3(b)", "Sec. 3(c)"} <= designations


def test_search_finds_headings(law):
    page = search(law, "Strengthening Oversight")
    assert re.search(r'#evidence">heading</a>: <span class="kb-match">Strengthening</span> <span class="kb-match">Oversight</span>', page)


def test_search_lists_the_named_authority_with_its_citations(law):
    page = search(law, "E.O. 12333")
    assert re.search(r'<a href="/kb/-/mentions\?authority=us%2Feo%2F12333">United States Intelligence Activities</a> \(named by your search\)', page)


@pytest.mark.parametrize("query", ["su*", '"foreign in"*', "**"])
def test_search_refuses_a_short_prefix_or_nothing(law, query):
    response = get(law, f"/kb/-/search?q={quote(query)}")
    assert response.status_code == 400
    assert "kb-search-error" in response.text


FTS_QUERIES = [
    # what an analyst types, the FTS5 query
    ("surveillance", '"surveillance"'),
    ("surveil*", '"surveil" *'),  # a prefix: the * outside the quotes
    ('"foreign intelligence"', '"foreign intelligence"'),  # a phrase
    ('"foreign intel"*', '"foreign intel" *'),  # a phrase whose last word is a prefix
    ("EO 12333", '"EO" "12333"'),
    ('a "b  c', '"a" "b c"'),  # an unclosed quote runs to the end; spaces collapse
    ("NOT near(x)", '"NOT" "near(x)"'),  # FTS5 operators are plain words
]


@pytest.mark.parametrize("query, expected", FTS_QUERIES)
def test_search_fts_query(query, expected):
    assert fts_query(query) == expected


@pytest.mark.parametrize("query", ["", '""', "*", "ab*", "x" * 201, " ".join(["w"] * 13)])
def test_search_fts_query_refuses(query):
    with pytest.raises(BadQuery):
        fts_query(query)


SHORTEN = [
    # pieces, expected pieces
    ([("short", False)], [("short", False)]),
    ([("a" * 300, False), ("hit", True), ("b" * 300, False)],
     [("…" + "a" * CONTEXT, False), ("hit", True), ("b" * CONTEXT + "…", False)]),  # cut either side of the match
    ([("hit", True), ("c" * 300, False), ("hit", True)],
     [("hit", True), ("c" * CONTEXT + " … " + "c" * CONTEXT, False), ("hit", True)]),  # cut between two matches
    ([("d" * 300, False)], [("d" * 2 * CONTEXT + "…", False)]),  # no match at all
]


@pytest.mark.parametrize("pieces, expected", SHORTEN)
def test_search_shorten(pieces, expected):
    assert shorten(pieces) == expected
