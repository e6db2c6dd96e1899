"""The workbench in a real browser: Debian's Chromium, headless, against ``datasette serve``.

Chromium is driven from its command line (``--dump-dom`` prints the DOM after
scripts ran, ``--screenshot`` saves the page), so no browser download and no
driver are needed. Screenshots land in ``build/screenshots/`` for the README.
The hostile document's payloads all set ``document.body.dataset.pwned``: a
DOM without ``data-pwned`` proves none of them ran.
"""

from __future__ import annotations

import html
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kb.datasette.config import datasette_args
from tests.test_plugin import build_workbench_kb

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,1000",
)

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``datasette serve`` on a free loopback port, the way ``kb serve`` runs it; stopped afterwards."""
    db = build_workbench_kb(tmp_path_factory.mktemp("browser"))
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", *datasette_args(db), "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/-/versions.json").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"datasette did not start: {process.stderr.read1().decode() if process.stderr else ''}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("chromium-profile")


def browse(url: str, name: str, profile: Path) -> str:
    """Open ``url`` in headless Chromium: save ``build/screenshots/<name>.png`` and return the DOM after scripts ran."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}", "--dump-dom", url],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.stat().st_size > 1000
    return result.stdout


PAGES = [
    # screenshot name, path, what the page must show
    ("home", "/", ["Legal-authority cross-reference knowledge base", 'name="q"']),
    ("canned-query", "/kb/sentences_by_role?document=openai-dow-agreement",
     ["Sentences of a document by role", "Yesterday, we signed an agreement with the Pentagon"]),
    ("graph", "/kb/-/graph?node=documents:openai-dow-agreement&depth=1", ["<svg", "kb-center", "Neighbourhood of"]),
    ("document", "/kb/-/reader?document=openai-dow-agreement", ["kb-legend", "Department of War"]),
    ("hostile-document", "/kb/-/reader?document=hostile", ["kb-mention", "&lt;script&gt;document.body.dataset.pwned"]),
    ("hostile-mentions", "/kb/-/mentions?authority=test%2Famdt4%20%3Cx%3E", ["<mark>Fourth Amendment</mark>"]),
    ("hostile-graph", "/kb/-/graph?node=documents:hostile&depth=2", ["<svg"]),
    ("hostile-search", "/kb/-/search?q=escape", ["FAQ entries"]),
    ("search-by-alias", "/kb/-/search?q=E.O.+12333", ["Executive Order 12333", "reader?document=openai-dow-agreement"]),
    ("mentions-by-alias", "/kb/-/mentions?authority=fisa", ["<mark>"]),
    ("unknown-authority", "/kb/-/mentions?authority=Foreign+Inteligence+Surveilance+Act", ["Foreign Intelligence Surveillance Act"]),
    ("network", "/kb/-/network", ["<svg", "Fourth Amendment"]),
    ("compare", "/kb/-/compare?old=harbor-services-agreement-v1&new=Harbor+Services+Agreement+%28Amendment+1%29",
     ["What changed", "<del>", "<ins>"]),
    ("superseded-reader", "/kb/-/reader?document=harbor-services-agreement-v1", ["kb-superseded", "harbor-services-agreement-v2"]),
]

QUESTIONS = [
    # screenshot name, the home page's link text, what the answer must show
    ("q1-clauses-on-fisa", "Which clauses lean on FISA?", ["FISA"]),
    ("q2-vendor-word", "Which red line rests only on the vendor", ["red_line"]),
    ("q3-where-law-requires", "Which commitments hold only where law", ["applicable law"]),
    ("q4-versions", "What changed between two versions?", ["harbor-services-agreement-v2", "<del>", "<ins>"]),
    ("q5-eo-12333", "Where else is Executive Order 12333 cited?", ["<mark>"]),
    ("q6-uncurated", "Which cited authorities are not curated?", ["authority_id"]),
]


@pytest.mark.parametrize("name, link_text, expected", QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_browser_each_analyst_question_is_one_click_from_home(server, profile, name, link_text, expected):
    home = browse(server + "/", "home", profile)
    found = re.search(r'<a href="([^"]+)">' + re.escape(link_text), home)
    assert found, link_text
    dom = browse(server + html.unescape(found.group(1)), name, profile)
    for text in expected:
        assert text in dom, (name, text)


@pytest.mark.parametrize("name, path, expected", PAGES, ids=[p[0] for p in PAGES])
def test_browser_pages_show_and_run_no_corpus_script(server, profile, name, path, expected):
    dom = browse(server + path, name, profile)
    for text in expected:
        assert text in dom, (name, text)
    assert "data-pwned" not in dom  # no payload of the hostile document ran
    assert "<title>PWNED" not in dom
