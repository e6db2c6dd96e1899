"""The Datasette plugin's pages through Datasette's test client, on a KB holding a hostile document."""

from __future__ import annotations

import asyncio
import html
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest
import sqlite_utils
from datasette.app import Datasette

from kb.datasette import cells, graph_svg
from kb.datasette.config import metadata
from kb.datasette.reader import Span, segments
from kb.datasette.search import split_snippet
from kb.models import Authority, Mention
from kb.pipeline.build import build
from kb.store.views import write_authority_keys
from kb.store.write import save_records
from tests.conftest import served

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "xss" / "documents" / "hostile.txt"
SEED = ROOT / "corpus" / "documents" / "openai-dow-agreement.txt"
VERSIONS = sorted((ROOT / "tests" / "fixtures" / "versions").glob("*.md"))
"""Two versions of one agreement (``supersedes:``), for the compare page and the version question."""
AUTHORITY = "test/amdt4 <x>"
"""An id with a slash, a space and markup, to test link encoding."""
SHARED_ALIAS = "Surveillance law"
"""An alias given by hand to both the hand-made authority and FISA: a name that names two authorities."""
PAYLOADS = ("<script>document.body", "<img src=x onerror", '" onmouseover="document', '<a href="javascript:')
"""Raw fragments of the hostile document that must never reach a page unescaped."""


def build_workbench_kb(folder: Path) -> Path:
    """A KB of the seed, the hostile document and two versions of an agreement, plus an authority and a mention made by hand.

    The hand-made rows keep these tests independent of how well recognition
    does: the hostile document's "Fourth Amendment" is a mention of an
    authority whose name is itself hostile.
    """
    corpus = folder / "corpus"
    (corpus / "documents").mkdir(parents=True)
    for path in (SEED, HOSTILE, *VERSIONS):
        shutil.copy(path, corpus / "documents" / path.name)
    db_path = folder / "kb.db"
    build(corpus, db_path)
    db = sqlite_utils.Database(db_path)
    text = db["documents"].get("hostile")["text"]
    start = text.index("Fourth Amendment")
    name = "Fourth <script>document.body.dataset.pwned='authority'</script> Amendment"
    save_records(db, [
        Authority(AUTHORITY, name, "constitutional_provision", citation="U.S. Const. amend. IV", curated=0),
        Mention("test-mention", "hostile", AUTHORITY, start, start + len("Fourth Amendment"), "Fourth Amendment", "alias"),
    ])
    db["authorities"].rebuild_fts()
    db["authority_aliases"].insert_all([
        {"id": f"test-alias-{n}", "authority_id": authority, "alias": SHARED_ALIAS, "kind": "name"}
        for n, authority in enumerate((AUTHORITY, "us/pl/95/511"))
    ])
    for table, surface in (("red_lines", "at all times"), ("conditions", 'unless "the agency" says otherwise')):
        at = text.index(surface)
        db[table].insert({"id": f"test-{table}", "document_id": "hostile", "start": at, "end": at + len(surface)}, alter=True)
    db.execute("update claims set hedged = 1, hedge_cue = 'We believe', conditional = 1 where document_id = 'hostile' and text like 'We believe%'")
    db.conn.commit()
    write_authority_keys(db.conn)  # the names authority_lookup knows, as the build settles them, for the hand-made rows too
    db.close()
    return db_path


@pytest.fixture(scope="module")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Datasette:
    path = build_workbench_kb(tmp_path_factory.mktemp("workbench"))
    return served(path)


def get(ds: Datasette, path: str):
    return asyncio.run(ds.client.get(path))


A = quote(AUTHORITY, safe="")

PAGES = [
    # path, text the page must show
    ("/", 'action="/kb/-/search"'),  # the search box on the home page
    ("/kb", 'action="/kb/-/search"'),  # and on the database page
    ("/kb/-/search?q=amendment", "Fourth"),  # finds the authority by name
    ("/kb/-/search?q=provider", "Clauses"),  # and the hostile clause
    ("/kb/-/reader?document=hostile", 'class="kb-mention"'),  # the mention is marked
    ("/kb/-/reader?document=hostile", 'id="mention-test-mention"'),  # and is a link target
    ("/kb/-/reader?document=hostile", 'class="kb-conditional kb-hedge"'),  # the hedge cue inside the conditional claim
    ("/kb/-/reader?document=hostile", 'class="kb-conditional"'),  # the rest of the conditional claim
    ("/kb/-/reader?document=hostile", 'class="kb-red-line"'),  # a red line
    ("/kb/-/reader?document=hostile", 'class="kb-conditional kb-condition"'),  # a condition inside the conditional claim
    ("/kb/-/reader?document=openai-dow-agreement", "Our agreement with the Department of War"),
    ("/", 'href="/kb/red_line_basis"'),  # the home page points analysts at the key tables
    (f"/kb/-/mentions?authority={A}", "Cited in 1 place."),
    (f"/kb/-/mentions?authority={A}", "<mark>Fourth Amendment</mark>"),  # span highlighted in its sentence
    ("/kb/-/mentions?id=test-mention", "kb-paragraph"),  # and in its paragraph
    ("/kb/-/graph?node=documents:hostile", "<svg"),
    # an authority by any name the authority_lookup view knows, not only its id
    ("/kb/-/mentions?authority=FISA", "<h1>Foreign Intelligence Surveillance Act of 1978</h1>"),
    ("/kb/-/mentions?authority=FISA", "Cited in 1 place."),
    ("/kb/-/mentions?authority=%20fisa%20", "<h1>Foreign Intelligence Surveillance Act of 1978</h1>"),  # case, spaces
    ("/kb/-/mentions?authority=Foreign%20Intelligence%20Surveillance%20Act", "<h1>Foreign Intelligence Surveillance Act of 1978</h1>"),
    ("/kb/-/graph?node=authorities:FISA", 'name="node" value="authority:us/pl/95/511"'),  # a row address
    ("/kb/-/graph?node=authority:FISA", 'name="node" value="authority:us/pl/95/511"'),  # a nodes.id
    ("/kb/-/graph?node=authorities:FISA", "Neighbourhood of FISA"),
    # a name two authorities share shows the first of them by id
    (f"/kb/-/mentions?authority={quote(SHARED_ALIAS)}", "<h1>Fourth &lt;script&gt;"),
    (f"/kb/-/graph?node=authorities:{quote(SHARED_ALIAS)}", 'name="node" value="authorities:test/amdt4 &lt;x&gt;"'),  # not in nodes: its row
    ("/kb/-/graph?node=documents:hostile&depth=2", "kb-center"),
    ("/kb/authorities/test~2Famdt4~20~3Cx~3E", "Cited in 1 place"),  # the authority row links to its citations
    ("/kb/documents/hostile", "/kb/-/reader?document=hostile"),  # the document row links to the reader
    ("/kb/mentions/test-mention", "/kb/-/mentions?id=test-mention"),  # a mention row links to its context
]


@pytest.mark.parametrize("path, expected", PAGES)
def test_plugin_pages_show(workbench, path, expected):
    response = get(workbench, path)
    assert response.status_code == 200, response.text[:500]
    assert expected in response.text


HOSTILE_PAGES = [
    "/kb/-/reader?document=hostile",  # the whole text and spans
    "/kb/-/search?q=escape",  # FAQ snippet with markup
    "/kb/-/search?q=provider",  # clause snippet
    "/kb/-/search?q=amendment",  # authority name
    "/kb/-/search?q=U.S.%20Const.%20amend.%20IV",  # the hostile authority named: its citing passage, its name
    "/kb/-/mentions?authority=Fourth%20Amend",  # an unknown name: the hostile authority suggested
    f"/kb/-/mentions?authority={A}",  # authority name, sentence and paragraph
    "/kb/-/graph?node=documents:hostile",  # labels inside SVG
    "/kb/-/graph?node=documents:hostile&depth=2",
    "/kb/documents/hostile",  # Datasette's own row page with the plugin's links
    "/kb/-/network",  # the citation network: the hostile authority's name as a label and in the legend's lists
    "/kb/-/network?document=hostile",
    f"/kb/-/network?authority={A}",
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_plugin_escapes_corpus_text(workbench, path):
    html = get(workbench, path).text
    for payload in PAYLOADS:
        assert payload not in html, (payload, path)
    assert "&lt;" in html  # the markup is shown as text


@pytest.mark.parametrize(
    "path",
    [
        "/kb/-/graph?node=documents:nope",  # unknown row
        "/kb/-/graph?node=nosuchtable:1",  # unknown table
        "/kb/-/reader?document=nope",
        "/kb/-/mentions?authority=nope",
        "/kb/-/mentions?authority=No%20Such%20Act",
        "/kb/-/mentions?authority=%20",  # blank: no key of the lookup is empty
        "/kb/-/graph?node=authorities:No%20Such%20Act",
        "/kb/-/graph?node=authority:nope",
        "/kb/-/mentions",  # neither parameter
        "/nodb/-/search?q=x",  # unknown database
    ],
)
def test_plugin_unknown_things_are_404(workbench, path):
    assert get(workbench, path).status_code == 404


def test_plugin_coverage_evidence_opens_the_reader_at_the_words(workbench):
    """A red-line support's evidence is one click from its words, highlighted, in the reader."""
    response = get(workbench, "/kb/red_line_authority_coverage?document=openai-dow-agreement")
    assert response.status_code == 200
    links = re.findall(r'href="(/kb/-/reader\?document=openai-dow-agreement&amp;start=(\d+)&amp;end=(\d+)#evidence)"', response.text)
    assert links
    url, start, end = links[0]
    page = get(workbench, url.replace("&amp;", "&")).text
    assert '<span id="evidence"></span>' in page and "kb-evidence" in page
    text = sqlite_utils.Database(workbench.databases["kb"].path)["documents"].get("openai-dow-agreement")["text"]
    assert html.unescape(re.search(r'<mark class="[^"]*kb-evidence[^"]*"[^>]*><a[^>]*>([^<]*)', page).group(1)) in text[int(start):int(end)]


@pytest.mark.parametrize("query", ["start=5&end=2", "start=x&end=9", "start=1", "start=99999999999999999999&end=1"])
def test_plugin_reader_ignores_a_bad_evidence_span(workbench, query):
    response = get(workbench, f"/kb/-/reader?document=hostile&{query}")
    assert response.status_code == 200 and 'id="evidence"' not in response.text


def test_plugin_graph_depth_and_relation_filter(workbench):
    one = get(workbench, "/kb/-/graph?node=authorities:" + A).text
    two = get(workbench, "/kb/-/graph?node=authorities:" + A + "&depth=2").text
    assert one.count("<circle") < two.count("<circle")
    only = get(workbench, "/kb/-/graph?node=documents:hostile&relation=authority").text
    assert only.count('class="kb-node') == 1  # a document has no authority of its own


def test_plugin_serves_read_only(workbench):
    assert workbench.databases["kb"].is_mutable is False
    response = get(workbench, "/kb.json?sql=delete+from+documents")
    assert response.status_code == 400
    assert get(workbench, "/kb/documents.json?_shape=array").json()
    post = asyncio.run(workbench.client.post("/kb/documents", data={"id": "x"}))
    assert post.status_code >= 400


SEGMENTS = [
    # text, spans as (start, end, kind), expected (text, kinds) pieces
    ("abc", [], [("abc", ())]),  # nothing marked
    ("abcdef", [(1, 3, "mention")], [("a", ()), ("bc", ("mention",)), ("def", ())]),
    ("abcdef", [(0, 6, "conditional"), (2, 4, "mention")],  # nested: the inner span is last
     [("ab", ("conditional",)), ("cd", ("conditional", "mention")), ("ef", ("conditional",))]),
    ("abcdef", [(0, 4, "hedge"), (2, 6, "mention")],  # overlapping, neither nested
     [("ab", ("hedge",)), ("cd", ("hedge", "mention")), ("ef", ("mention",))]),
    ("abc", [(2, 9, "mention"), (2, 2, "generic")], [("abc", ())]),  # out of range or empty: ignored
]


@pytest.mark.parametrize("text, spans, expected", SEGMENTS)
def test_reader_segments_cut_text_at_span_boundaries(text, spans, expected):
    pieces = segments(text, [Span(s, e, k, "", "#") for s, e, k in spans])
    assert [(p.text, tuple(s.kind for s in p.spans)) for p in pieces] == expected
    assert "".join(p.text for p in pieces) == text


@pytest.mark.parametrize(
    "snippet, expected",
    [
        ("plain", [("plain", False)]),  # no match marked
        ("a \x02b\x03 c", [("a ", False), ("b", True), (" c", False)]),
        ("\x02<b>\x03", [("<b>", True)]),  # markup stays data
    ],
)
def test_search_split_snippet(snippet, expected):
    assert split_snippet(snippet) == expected


def test_graph_svg_escapes_labels_and_links_rows():
    graph = nx.MultiDiGraph()
    graph.add_node("a", label='<script>x</script> "q"', kind="documents", href="/kb/documents/a?x=1&y=2")
    graph.add_node("b", label="B", kind="clauses", href="/kb/clauses/b")
    graph.add_edge("b", "a", key="document", relation="document")
    svg = str(graph_svg.render(graph, "a"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'href="/kb/documents/a?x=1&amp;y=2"' in svg
    assert svg.count("<circle") == 2 + 2  # two nodes and two legend entries


def test_plugin_authority_lookup_view_is_served_and_described(workbench):
    rows = get(workbench, "/kb/authority_lookup.json?key=fisa&_shape=array").json()
    assert [r["authority_id"] for r in rows] == ["us/pl/95/511"]
    shared = get(workbench, f"/kb/authority_lookup.json?key={quote(SHARED_ALIAS.lower())}&_shape=array").json()
    assert sorted(r["authority_id"] for r in shared) == [AUTHORITY, "us/pl/95/511"]
    described = metadata("kb")["databases"]["kb"]["tables"]["authority_lookup"]
    assert set(described["columns"]) == {"key", "authority_id"}
    assert described["description"].split(":")[0] in get(workbench, "/kb/authority_lookup").text


def test_plugin_diff_cells_mark_words_and_escape_them():
    marked = "<b>keep</b> [-<script>x-]{+<img src=x onerror=y>+} \\[-not a mark"
    drawn = str(asyncio.run(cells.diff(cells.Cell({}, marked, "diff", None, "kb", None))))  # type: ignore[arg-type]
    assert drawn == ('<span class="kb-diff">&lt;b&gt;keep&lt;/b&gt; <del>&lt;script&gt;x</del><ins>&lt;img src=x onerror=y&gt;</ins>'
                     ' [-not a mark</span>')
