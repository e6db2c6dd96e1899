"""Tables and query results an analyst reads: counts on authorities, links in cells, folded descriptions, no sideways scrolling."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx
import pytest
import sqlite_utils
from datasette.app import Datasette
from markupsafe import escape

from kb.datasette.config import SETTINGS, TRUNCATE_CELLS_HTML, datasette_args, metadata
from kb.datasette.queries import load_queries
from kb.graph.citations import authority_parents, wholes
from kb.pipeline.build import build

FISA, SECTION_702, TITLE_50 = "us/pl/95/511", "us/usc/t50/s1881a", "us/usc/t50"

PRIMER = (
    "The Foreign Intelligence Surveillance Act of 1978 governs foreign intelligence collection. "
    "Our reading of FISA is narrow. Section 702 of FISA permits targeting persons abroad."
)
NOTE = "Collection under 50 U.S.C. § 1881a continues this year."


def write_corpus(folder: Path, documents: dict[str, str]) -> Path:
    """A corpus folder of markdown documents (file stem to body)."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem, body in documents.items():
        (folder / f"{stem}.md").write_text(f"---\ntitle: {stem}\npublisher: Acme AI\nkind: statement\n---\n{body}\n", encoding="utf-8")
    return folder


def counts(db: Path, *ids: str) -> dict[str, tuple[int, int, int]]:
    rows = sqlite_utils.Database(db).execute(
        f"select id, citations, citations_rolled_up, citing_documents from authorities where id in ({', '.join('?' * len(ids))})", ids)
    return {row[0]: tuple(row[1:]) for row in rows}


PARENTS = [
    # ids, part_of pairs, supersedes pairs, authority, expected wholes
    ((FISA, SECTION_702), [(SECTION_702, FISA)], [], SECTION_702, {SECTION_702, FISA}),  # a curated part_of link
    (("us/pl/107/347", "us/pl/107/347/s208"), [], [], "us/pl/107/347/s208", {"us/pl/107/347/s208", "us/pl/107/347"}),  # a path
    (("us/const", "us/const/amdt4", "us/const/amdt4/warrant"), [], [], "us/const/amdt4/warrant",
     {"us/const/amdt4/warrant", "us/const/amdt4", "us/const"}),  # parts of parts
    (("us/dod/dodd/3000.09", "us/dod/dodd/3000.09/2012-11-21"), [], [("us/dod/dodd/3000.09", "us/dod/dodd/3000.09/2012-11-21")],
     "us/dod/dodd/3000.09/2012-11-21", {"us/dod/dodd/3000.09/2012-11-21"}),  # a version is no part
    ((FISA, "us/pl/95/5"), [], [], FISA, {FISA}),  # only whole path steps count: us/pl/95/5 is no prefix of us/pl/95/511
    (("a", "b"), [("a", "b"), ("b", "a")], [], "a", {"a", "b"}),  # a cycle in curated data ends
]


@pytest.mark.parametrize("ids, part_of, versions, authority, expected", PARENTS)
def test_tables_an_authority_is_part_of_what_links_and_paths_say(ids, part_of, versions, authority, expected):
    assert set(wholes(authority, authority_parents(ids, part_of, versions))) == expected


def test_tables_a_whole_is_as_many_steps_up_as_the_shortest_way_there():
    ids = ("us/const", "us/const/amdt4", "us/const/amdt4/warrant", "us/const/amdt4/warrant/probable-cause")
    parents = authority_parents(ids, [("us/const/amdt4/warrant/probable-cause", "us/const/amdt4")], [])
    assert wholes("us/const/amdt4/warrant/probable-cause", parents) == {
        "us/const/amdt4/warrant/probable-cause": 0, "us/const/amdt4/warrant": 1, "us/const/amdt4": 1, "us/const": 2}


def test_tables_authorities_count_fisa_directly_and_with_section_702(tmp_path):
    db = tmp_path / "kb.db"
    build(write_corpus(tmp_path / "corpus", {"primer": PRIMER, "note": NOTE}), db)
    # FISA is cited three times in the primer; Section 702 once there and once (as 50 U.S.C. § 1881a) in the note
    assert counts(db, FISA, SECTION_702, TITLE_50) == {FISA: (3, 5, 2), SECTION_702: (2, 2, 2), TITLE_50: (0, 2, 2)}
    mentions = sqlite_utils.Database(db).execute("select authority_id, count(*) from mentions group by 1").fetchall()
    assert dict(mentions) == {FISA: 3, SECTION_702: 2}


def test_tables_authorities_counts_follow_a_rebuild_in_place(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", {"primer": PRIMER, "note": NOTE})
    db = tmp_path / "kb.db"
    build(corpus, db)
    write_corpus(corpus, {"note": "Nothing is collected this year."})
    assert build(corpus, db).reused == 1  # the primer was kept, the note parsed again
    assert counts(db, FISA, SECTION_702) == {FISA: (3, 4, 1), SECTION_702: (1, 1, 1)}


def test_tables_metadata_hides_every_canned_querys_sql_and_sorts_authorities_by_citations():
    served = metadata("kb")["databases"]["kb"]
    assert {name for name, q in served["queries"].items() if q.get("hide_sql") is True} == {q.name for q in load_queries()}
    authorities = served["tables"]["authorities"]
    assert authorities["sort_desc"] == "citations_rolled_up"
    assert {"citations", "citations_rolled_up", "citing_documents"} <= set(authorities["columns"])


def test_tables_datasette_args_carry_the_settings(tmp_path):
    args = datasette_args(tmp_path / "kb.db")
    settings = {args[i + 1]: args[i + 2] for i, arg in enumerate(args) if arg == "--setting"}
    assert settings == {name: str(value) for name, value in SETTINGS.items()}


@pytest.fixture(scope="module")
def ds(kb_path: Path) -> Datasette:
    return Datasette([], immutables=[str(kb_path)], metadata=metadata(kb_path.stem), settings=SETTINGS)


def page(ds: Datasette, path: str) -> str:
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == 200, (path, response.text[:300])
    return response.text


def test_tables_a_canned_query_opens_with_parameters_and_results_its_sql_one_click_away(ds):
    html = page(ds, "/kb/where_is_authority_cited?authority=FISA")
    assert 'id="sql-editor"' not in html and 'id="sql-query"' not in html  # no SQL on the page ...
    assert re.search(r'<a href="[^"]*_show_sql=1[^"]*">show</a>', html)  # ... but a click away
    assert html.index('name="authority"') < html.index('class="rows-and-columns"')
    assert "with wanted as" in page(ds, "/kb/where_is_authority_cited?authority=FISA&_show_sql=1")


CELL_LINKS = [
    # query page, a link its results must hold
    ("/kb/authority_lineage?authority=FISA", '<a href="/kb/-/mentions?authority=us%2Fpl%2F95%2F511">us/pl/95/511</a>'),  # authority id
    ("/kb/documents_citing_any_part?authority=us/const", '<a href="/kb/-/reader?document=openai-dow-agreement">openai-dow-agreement</a>'),
    ("/kb/where_is_authority_cited?authority=FISA", 'href="/kb/-/mentions?id='),  # mention id: the mention in context
    ("/kb/most_central_nodes?kind=authority", 'href="/kb/-/graph?node=authority%3A'),  # node id: its neighbourhood
    ("/kb/red_line_authority_coverage?document=openai-dow-agreement", "&amp;end="),  # evidence: its words in the reader
]


@pytest.mark.parametrize("path, link", CELL_LINKS)
def test_tables_ids_in_query_results_link_to_their_pages(ds, path, link):
    assert link in page(ds, path)


def test_tables_a_clause_id_opens_the_reader_at_the_clause(ds, kb_path):
    html = page(ds, "/kb/authorities_by_clause?document=openai-dow-agreement")
    clause = sqlite_utils.Database(kb_path).execute(
        "select id, start, end from clauses where document_id = 'openai-dow-agreement' and designation = '2'").fetchone()
    assert f'<a href="/kb/-/reader?document=openai-dow-agreement&amp;start={clause[1]}&amp;end={clause[2]}#evidence">{clause[0]}</a>' in html


def test_tables_red_line_support_table_links_its_evidence(ds):
    """On the table page Datasette expands document_id into a label; the evidence link reads through it."""
    assert re.search(r'<a href="/kb/-/reader\?document=[^"&]+&amp;start=\d+&amp;end=\d+#evidence">', page(ds, "/kb/red_line_support"))


def test_tables_column_descriptions_are_folded_behind_a_toggle(ds):
    html = page(ds, "/kb/mentions")
    assert html.count('class="column-descriptions"') == 1  # Datasette's own list gives way to the folded one
    folded = html[html.index('<details class="kb-columns">'):]
    assert folded.index('class="column-descriptions"') < folded.index("</details>")
    assert "<dt>designation</dt>" in folded[:folded.index("</details>")]


def test_tables_documents_grid_holds_an_excerpt_and_the_row_page_the_whole_text(ds, kb_path):
    text = sqlite_utils.Database(kb_path)["documents"].get("openai-dow-agreement")["text"]
    grid = page(ds, "/kb/documents")
    assert str(escape(text[:200])) in grid and str(escape(text[:TRUNCATE_CELLS_HTML + 1])) not in grid  # Datasette cut it
    assert '<a href="/kb/-/reader?document=openai-dow-agreement">Our agreement with the Department of War</a>' in grid  # title → reader
    assert str(escape(text)) in page(ds, "/kb/documents/openai-dow-agreement")


def test_tables_mentions_grid_shows_the_sentence_with_the_mention_marked(ds, kb_path):
    mention = sqlite_utils.Database(kb_path).execute(
        "select id from mentions where surface = 'Foreign Intelligence Surveillance Act of 1978'").fetchone()[0]
    html = page(ds, "/kb/mentions?_sort=start&document_id=openai-dow-agreement")
    assert f'<a href="/kb/-/mentions?id={mention}">The <mark>Foreign Intelligence Surveillance Act of 1978</mark></a>' in html
    assert '<td class="col-designation type-str">2</td>' in html  # the clause as a reader cites it


def test_tables_authorities_grid_is_most_cited_first(ds):
    rows = json.loads(page(ds, "/kb/authorities.json?_shape=array&_size=5"))
    assert [r["citations_rolled_up"] for r in rows] == sorted((r["citations_rolled_up"] for r in rows), reverse=True)
    assert rows[0]["citations_rolled_up"] > 0


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MEASURE = """<!doctype html><pre id="out">waiting</pre><script>
var frame = document.createElement('iframe'), asked = performance.now();
frame.style.cssText = 'width:1280px;height:900px;border:0';
frame.onload = function () {
  var d = frame.contentDocument, wide = [];
  d.querySelectorAll('.table-wrapper').forEach(function (w) { if (w.scrollWidth > w.clientWidth) wide.push(w.scrollWidth); });
  if (d.documentElement.scrollWidth > d.documentElement.clientWidth) wide.push(d.documentElement.scrollWidth);
  document.getElementById('out').textContent = JSON.stringify({wide: wide, ms: Math.round(performance.now() - asked)});
};
frame.src = decodeURIComponent(location.hash.slice(1));
document.body.appendChild(frame);
</script>"""
"""A page that opens another of the same server in a 1280 px frame and prints the widths of whatever scrolls
sideways, and the milliseconds from asking for the page to its load event (fetched, parsed, laid out)."""

RENDER_SECONDS = 1.0
"""Every page renders within this on the corpus plus fixtures (the issue's bound; pages take tens of milliseconds)."""

PAGES = [
    "/", "/kb", "/kb/mentions", "/kb/documents", "/kb/authorities", "/kb/claims", "/kb/red_line_support", "/kb/builds",
    "/kb/documents/openai-dow-agreement", "/kb/authorities/us~2Fpl~2F95~2F511",
    "/kb/-/search?q=Section+702", "/kb/-/search?q=surveil*", "/kb/-/mentions?authority=FISA",
    "/kb/-/graph?node=authorities:FISA&depth=2", "/kb/-/network", "/kb/-/reader?document=openai-dow-agreement",
    "/kb/-/mentions?authority=Foreign+Inteligence+Surveilance+Act",
    *(f"/kb/{q.name}?{urlencode(q.example)}" for q in load_queries()),
]
"""Every kind of page: the home and database pages, tables and rows, the plugin's pages, and every canned query with its example."""


@pytest.fixture(scope="module")
def server(kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``datasette serve`` as ``kb serve`` runs it, also serving ``MEASURE`` from the same origin."""
    static = tmp_path_factory.mktemp("measure")
    (static / "measure.html").write_text(MEASURE, encoding="utf-8")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "datasette", "serve", *datasette_args(kb_path), "--static", f"measure:{static}",
               "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/-/versions.json")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def measure(server: str, path: str, profile: Path) -> dict:
    """Open ``path`` in the 1280 px frame of ``MEASURE``: what scrolls sideways, and the milliseconds to its load event."""
    assert CHROMIUM is not None
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=10000",
         "--window-size=1400,1000", "--dump-dom", f"{server}/measure/measure.html#{quote(path, safe='')}"],
        capture_output=True, text=True, timeout=60,
    )
    found = re.search(r'<pre id="out">(.*?)</pre>', result.stdout)
    assert found and found.group(1) != "waiting", result.stderr[-500:]
    return json.loads(found.group(1))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's chromium)")
@pytest.mark.parametrize("path", PAGES)
def test_tables_pages_fit_1280_pixels_and_render_within_a_second(server, tmp_path, path):
    measured = measure(server, path, tmp_path)
    assert measured["wide"] == [], f"{path} scrolls sideways at 1280 px"
    if measured["ms"] >= RENDER_SECONDS * 1000:  # a shared host can stall one load: the page must be fast when asked again
        measured = measure(server, path, tmp_path)
    assert measured["ms"] < RENDER_SECONDS * 1000, f"{path} took {measured['ms']} ms"
