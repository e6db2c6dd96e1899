"""One authority lookup everywhere: ids, names, short names, citations and aliases, and suggestions for a name that finds none."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.app import Datasette

from kb.datasette.lookup import authorities_named, normal, suggest
from tests.conftest import served

EO, FISA, S702, PCA = "us/eo/12333", "us/pl/95/511", "us/usc/t50/s1881a", "us/usc/t18/s1385"


@pytest.fixture(scope="module")
def law(law_kb_path: Path) -> Datasette:
    return served(law_kb_path)


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


NAMES = [
    # what an analyst types, the authorities it names
    (EO, [EO]),  # the id
    ("United States Intelligence Activities", [EO]),  # the name
    ("EO 12333", [EO]),  # the short name
    ("  executive order 12333 ", [EO]),  # an alias, in another case, spaces around
    ("E.O. 12333", [EO]),  # a citation alias
    ("EO12333", [EO]),  # no space: only the normal form agrees
    ("Exec Order No 12333", [EO]),  # no dots
    ("50 U.S.C. 1881a", [S702]),  # the citation without its section sign
    ("50 usc § 1881a", [S702]),
    ("Section 702", [S702]),  # a contextual alias is still a name
    ("fisa", [FISA]),
    ("No Such Act", []),
    ("", []),
    ("x" * 201, []),  # too long to be a name
]


@pytest.mark.parametrize("key, expected", NAMES)
def test_lookup_authorities_named(law, key, expected):
    assert asyncio.run(authorities_named(law.databases["kb"], key)) == expected


@pytest.mark.parametrize(
    "key, expected",
    [
        ("E.O. 12333", "eo12333"),
        ("50 U.S.C. § 1881a", "50usc1881a"),
        ("  Exec. Order No. 12,333 ", "execorderno12333"),
    ],
)
def test_lookup_normal(key, expected):
    assert normal(key) == expected


@pytest.mark.parametrize(
    "key, expected",
    [
        ("Foreign Intelligence Act", FISA),  # every word begins a word of its name
        ("foreign intel", FISA),  # prefixes
        ("Posse Comitatis Act", PCA),  # misspelt: the most similar lookup key
        ("Executve Order 12333", EO),
    ],
)
def test_lookup_suggest(law, key, expected):
    assert expected in asyncio.run(suggest(law.databases["kb"], key))


def test_lookup_suggest_nothing_for_nonsense(law):
    assert asyncio.run(suggest(law.databases["kb"], "zzqx")) == []


PAGES = [
    # path, what the page must show: an authority by a name only the lookup's normal form finds
    ("/kb/-/mentions?authority=50%20U.S.C.%201881a", "<h1>Section 702 of the Foreign Intelligence Surveillance Act</h1>"),
    ("/kb/-/mentions?authority=50%20U.S.C.%201881a", "Found as “50 U.S.C. 1881a”"),
    ("/kb/-/mentions?authority=EO12333", "<h1>United States Intelligence Activities</h1>"),
    ("/kb/-/graph?node=authorities:50%20U.S.C.%201881a", 'name="node" value="authority:us/usc/t50/s1881a"'),
    ("/kb/-/graph?node=authority:E.O.%2012333", 'name="node" value="authority:us/eo/12333"'),
    # a bare name, without a table or kind
    ("/kb/-/graph?node=Section%20702", 'name="node" value="authority:us/usc/t50/s1881a"'),
    ("/kb/-/graph?node=FISA", 'name="node" value="authority:us/pl/95/511"'),
]


@pytest.mark.parametrize("path, expected", PAGES)
def test_lookup_pages_take_any_name(law, path, expected):
    response = get(law, path)
    assert response.status_code == 200, response.text[:500]
    assert expected in response.text


UNKNOWN = [
    # path, a suggestion's link the 404 must offer
    ("/kb/-/mentions?authority=Posse%20Comitatis%20Act", f'href="/kb/-/mentions?authority={quote(PCA, safe="")}"'),
    ("/kb/-/mentions?authority=Foreign%20Intelligence%20Act", f'href="/kb/-/mentions?authority={quote(FISA, safe="")}"'),
    ("/kb/-/graph?node=authorities:Foreign%20Intelligence%20Act", f'href="/kb/-/graph?node={quote("authorities:" + FISA, safe="")}"'),
    ("/kb/-/graph?node=authority:Executve%20Order%2012333", f'href="/kb/-/graph?node={quote("authority:" + EO, safe="")}"'),
    ("/kb/-/graph?node=Posse%20Comitatis", f'href="/kb/-/graph?node={quote("authorities:" + PCA, safe="")}"'),  # a bare name
]


@pytest.mark.parametrize("path, link", UNKNOWN)
def test_lookup_unknown_name_is_a_404_suggesting_the_closest(law, path, link):
    response = get(law, path)
    assert response.status_code == 404
    assert "Did you mean" in response.text and link in response.text
    assert 'href="/kb/-/search?q=' in response.text  # and a search for the words


def test_lookup_unknown_name_is_escaped_and_gets_a_search(law):
    response = get(law, "/kb/-/mentions?authority=" + quote("<script>alert(1)</script>"))
    assert response.status_code == 404
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text
    assert re.search(r'href="/kb/-/search\?q=%3Cscript%3E', response.text)


@pytest.mark.parametrize("path", ["/kb/-/graph?node=documents:nope", "/kb/-/graph?node=", "/kb/-/mentions?authority=" + "x" * 500])
def test_lookup_other_unknowns_stay_plain_404s(law, path):
    response = get(law, path)
    assert response.status_code == 404
    assert "Did you mean" not in response.text
