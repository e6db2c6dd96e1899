"""A corpus of a web page, a multi-page PDF and a Word file builds, with provenance, pages and no site chrome."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from datasette.app import Datasette

from kb.cli import build_command
from kb.datasette.config import metadata
from kb.pipeline.build import build
from tests.conftest import FIXTURES
from tests.docx_fixtures import build_fixture_docx
from tests.pdf_fixtures import build_fixture_pdf
from tests.test_provenance import SPAN_TABLES

EXPECTED = {
    # what each source cites, by names an analyst would type (the authority_lookup view resolves them)
    "announcement.html": {"Fourth Amendment", "FISA", "Executive Order 12333", "DoDD 3000.09", "Posse Comitatus Act"},
    "order.pdf": {"FISA", "Executive Order 12333", "Fourth Amendment", "DoDD 3000.09"},
    "memo.docx": {"FISA", "Executive Order 12333", "Fourth Amendment", "DoDD 3000.09", "Posse Comitatus Act"},
}

CHROME = (
    # strings of the web page's and the PDF's furniture that must never become text of a unit
    "Accept all cookies", "Cookie settings", "Share this post", "Share on LinkedIn", "Keep reading",
    "Leave a Reply", "Your email address will not be published", "Federal Register / Vol.", "Page 2 of 3",
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats") / "documents"
    folder.mkdir()
    shutil.copy(FIXTURES / "formats" / "announcement.html", folder / "announcement.html")
    build_fixture_pdf(folder / "order.pdf")
    build_fixture_docx(folder / "memo.docx")
    return folder


@pytest.fixture(scope="module")
def kb(corpus: Path) -> sqlite3.Connection:
    db = corpus.parent / "kb.db"
    build(corpus, db)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    return conn


def _cited(kb: sqlite3.Connection, path: str) -> set[str]:
    rows = kb.execute("select distinct m.authority_id from mentions m join documents d on d.id = m.document_id "
                      "where d.path = ? and m.authority_id is not null", (path,))
    return {r[0] for r in rows}


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_formats_each_document_cites_what_its_source_cites(kb, path):
    wanted = {}
    for name in EXPECTED[path]:
        found = kb.execute("select authority_id from authority_lookup where key = lower(?)", (name,)).fetchall()
        assert len(found) == 1, name
        wanted[name] = found[0][0]
    cited = _cited(kb, path)
    assert {name for name, aid in wanted.items() if aid not in cited} == set()


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_formats_find_the_same_mentions_as_the_same_text_in_a_txt_file(kb, path, tmp_path):
    # the reader's text saved as plain text: recognition must not depend on the format it came from
    text = kb.execute("select text from documents where path = ?", (path,)).fetchone()[0]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "same.txt").write_text(text, encoding="utf-8")
    build(tmp_path / "docs", tmp_path / "txt.db")
    plain = sqlite3.connect(tmp_path / "txt.db")
    as_txt = set(plain.execute("select start, [end], authority_id from mentions"))
    as_source = set(kb.execute("select m.start, m.[end], m.authority_id from mentions m join documents d "
                               "on d.id = m.document_id where d.path = ?", (path,)).fetchall())
    assert {tuple(r) for r in as_source} == as_txt


def test_formats_documents_record_their_source(kb):
    rows = {r["path"]: r for r in kb.execute("select * from documents")}
    assert {p: rows[p]["source_format"] for p in rows} == {"announcement.html": "html", "order.pdf": "pdf", "memo.docx": "docx"}
    for row in rows.values():
        assert row["source_size"] > 0 and row["reader"].startswith(f"{row['source_format']}: ")
    assert rows["order.pdf"]["title"] == "Safeguards for Signals Intelligence Activities"  # from the PDF's properties


def test_formats_no_chrome_becomes_a_unit(kb):
    for table in ("paragraphs", "sentences", "claims", "sections", "list_items", "clauses"):
        for phrase in CHROME:
            column = "heading" if table == "sections" else "text"
            hits = kb.execute(f"select count(*) from [{table}] where instr([{column}], ?) > 0", (phrase,)).fetchone()[0]
            assert hits == 0, f"{phrase!r} in {table}"


def test_formats_pdf_mentions_know_their_page(kb):
    pages = kb.execute("select p.number, p.start, p.[end] from pages p join documents d on d.id = p.document_id "
                       "where d.path = 'order.pdf' order by p.number").fetchall()
    assert [p[0] for p in pages] == [1, 2, 3]
    mentions = kb.execute("select m.start, m.page from mentions m join documents d on d.id = m.document_id "
                          "where d.path = 'order.pdf'").fetchall()
    assert {page for _, page in mentions} >= {2, 3}
    for start, page in mentions:
        number, first, last = pages[page - 1]
        assert first <= start < last
    assert kb.execute("select count(*) from mentions m join documents d on d.id = m.document_id "
                      "where d.path <> 'order.pdf' and m.page is not null").fetchone()[0] == 0


def test_formats_unsupported_file_is_named_and_skipped_only_when_asked(corpus, tmp_path, capsys):
    folder = tmp_path / "documents"
    shutil.copytree(corpus, folder)
    (folder / "budget.xlsx").write_bytes(b"PK\x03\x04 a spreadsheet")
    db = tmp_path / "kb.db"
    assert build_command(["--corpus", str(folder), "--db", str(db), "--quiet"]) == 1
    assert "budget.xlsx: unsupported file type" in capsys.readouterr().err and not db.exists()
    assert build_command(["--corpus", str(folder), "--db", str(db), "--quiet", "--keep-going"]) == 3
    assert "skipped: " in capsys.readouterr().err and db.exists()
    assert build_command(["--corpus", str(folder), "--check"]) == 1
    assert "budget.xlsx" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.7\nthis is not really a pdf", "not a readable PDF"),  # corrupt
    (b"", "file is empty"),
])
def test_formats_broken_pdf_is_refused_and_the_database_stays(corpus, tmp_path, capsys, content, message):
    folder = tmp_path / "documents"
    shutil.copytree(corpus, folder)
    db = tmp_path / "kb.db"
    assert build_command(["--corpus", str(folder), "--db", str(db), "--quiet"]) == 0
    before = db.read_bytes()
    (folder / "broken.pdf").write_bytes(content)
    assert build_command(["--corpus", str(folder), "--db", str(db), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "broken.pdf" in err and message in err and "nothing written" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize(("table", "triple"), SPAN_TABLES, ids=[f"{t}.{c[2]}" for t, c in SPAN_TABLES])
def test_formats_provenance_holds_whatever_the_format(kb, table, triple):
    start, end, text = triple
    bad = kb.execute(f"""select t.id from [{table}] t join documents d on d.id = t.document_id where t.[{text}] is not null
                         and substr(d.text, t.[{start}] + 1, t.[{end}] - t.[{start}]) is not t.[{text}]""").fetchall()
    assert bad == []


def test_formats_workbench_cites_pdf_mentions_by_page(corpus, kb):
    db = corpus.parent / "kb.db"
    ds = Datasette([], immutables=[str(db)], metadata=metadata(db.stem))
    mentions = asyncio.run(ds.client.get(f"/{db.stem}/-/mentions?authority=DoDD+3000.09"))
    assert mentions.status_code == 200 and "Safeguards for Signals Intelligence Activities</a>, p. 3" in mentions.text
    order = sqlite3.connect(db).execute("select id from documents where path = 'order.pdf'").fetchone()[0]
    reader = asyncio.run(ds.client.get(f"/{db.stem}/-/reader?document={order}"))
    assert reader.status_code == 200
    assert all(f'id="page-{n}">p. {n}</span>' in reader.text for n in (1, 2, 3))
