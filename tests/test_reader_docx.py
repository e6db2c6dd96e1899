"""The DOCX reader: Word structure written as the text conventions segmentation reads.

Every document is built here with python-docx from the text in this file;
what python-docx cannot write (footnotes, tracked changes, content controls)
is added in the package XML.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.parser import parse_xml
from lxml import etree

from kb.corpus.docx import LIBRARY, read_docx
from kb.corpus.errors import CorpusError
from kb.corpus.reading import Reading
from kb.segment import segment
from tests.conftest import read_document
from tests.docx_fixtures import (
    FIXTURE_AUTHORITIES,
    FIXTURE_COMPANY,
    FIXTURE_FOOTNOTE,
    FIXTURE_TITLE,
    W_NS,
    add_footnote,
    build_fixture_docx,
    set_company,
)


def read(document, tmp_path: Path, name: str = "doc.docx") -> Reading:
    path = tmp_path / name
    document.save(str(path))
    return read_docx(path.read_bytes(), path)


def test_reader_docx_library_is_python_docx():
    assert LIBRARY == "python-docx"


def test_reader_docx_heading_styles_become_hash_lines(tmp_path):
    d = Document()
    d.add_paragraph("Interim Guidance", style="Title")
    d.add_heading("Scope", level=1)
    d.add_paragraph("This guidance applies to all components.")
    d.add_heading("Definitions", level=2)
    d.add_heading("Terms of art", level=3)
    d.add_paragraph("A term means what it says.")
    assert read(d, tmp_path).text == (
        "# Interim Guidance\n\n## Scope\n\nThis guidance applies to all components.\n\n"
        "### Definitions\n\n#### Terms of art\n\nA term means what it says.\n"
    )


def test_reader_docx_headings_keep_their_level_without_a_title(tmp_path):
    d = Document()
    d.add_heading("Scope", level=1)
    d.add_heading("Definitions", level=2)
    d.add_heading("Too deep", level=9)
    assert read(d, tmp_path).text == "# Scope\n\n## Definitions\n\n###### Too deep\n"


def test_reader_docx_bullet_and_numbered_lists_nest(tmp_path):
    d = Document()
    d.add_paragraph("The Office shall:")
    d.add_paragraph("review each request;", style="List Bullet")
    d.add_paragraph("including those of contractors;", style="List Bullet 2")
    d.add_paragraph("record each transfer.", style="List Bullet")
    d.add_paragraph("Steps:")
    d.add_paragraph("Submit the request.", style="List Number")
    d.add_paragraph("With a description.", style="List Number 2")
    d.add_paragraph("With the data sought.", style="List Number 2")
    d.add_paragraph("Await review.", style="List Number")
    assert read(d, tmp_path).text == (
        "The Office shall:\n\n"
        "- review each request;\n  - including those of contractors;\n- record each transfer.\n\n"
        "Steps:\n\n"
        "1. Submit the request.\n  1. With a description.\n  2. With the data sought.\n2. Await review.\n"
    )


def test_reader_docx_numbering_properties_make_items_and_counts_restart(tmp_path):
    d = Document()
    d.add_paragraph("First.", style="List Number")
    d.add_paragraph("Second.", style="List Number")
    d.add_paragraph("An interruption.")
    d.add_paragraph("")  # empty paragraphs are dropped and restart nothing
    d.add_paragraph("Again first.", style="List Number")
    nested = d.add_paragraph("Level two by w:ilvl.", style="List Paragraph")
    nested._p.get_or_add_pPr().append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'))
    plain = d.add_paragraph("Numbering removed.", style="List Number")
    plain._p.get_or_add_pPr().append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:numId w:val="0"/></w:numPr>'))
    # numId 1 is the template's bullet list: a bullet, found through numbering.xml
    assert read(d, tmp_path).text == (
        "1. First.\n2. Second.\n\nAn interruption.\n\n1. Again first.\n  - Level two by w:ilvl.\n\nNumbering removed.\n"
    )


def test_reader_docx_manual_markers_stay_as_typed(tmp_path):
    d = Document()
    for clause in ("1. Scope. This memorandum applies to test data.", "(a) It excludes operational data.", "(b) It excludes\u00a0archives."):
        d.add_paragraph(clause)
    assert read(d, tmp_path).text == (
        "1. Scope. This memorandum applies to test data.\n\n(a) It excludes operational data.\n\n(b) It excludes\u00a0archives.\n"
    )


def test_reader_docx_text_kept_exactly_as_in_the_runs(tmp_path):
    d = Document()
    p = d.add_paragraph("Under ")
    p.add_run("50 U.S.C.\u00a0\u00a7\u00a01881a").bold = True
    p.add_run(", the \u201cAgency\u2019s\u201d targeting\tprocedures")
    p.add_run().add_break()
    p.add_run("apply.")
    d.add_paragraph("   \u00a0  ")  # whitespace only: dropped
    assert read(d, tmp_path).text == "Under 50 U.S.C.\u00a0\u00a7\u00a01881a, the \u201cAgency\u2019s\u201d targeting\tprocedures\napply.\n"


def test_reader_docx_table_cells_become_lines(tmp_path):
    d = Document()
    d.add_paragraph("Authorities:")
    table = d.add_table(rows=3, cols=2)
    for row, values in zip(table.rows, (("Authority", "Citation"), ("FISA", "50 U.S.C. \u00a7 1801"), ("Posse Comitatus Act", ""))):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.rows[2].cells[1].paragraphs[0].add_run("18 U.S.C.")
    table.rows[2].cells[1].add_paragraph("\u00a7 1385")
    merged = d.add_table(rows=1, cols=2)
    merged.rows[0].cells[0].merge(merged.rows[0].cells[1]).text = "Spanning both columns"
    d.add_paragraph("After the table.")
    assert read(d, tmp_path).text == (
        "Authorities:\n\nAuthority\nCitation\n\nFISA\n50 U.S.C. \u00a7 1801\n\nPosse Comitatus Act\n18 U.S.C. \u00a7 1385\n\n"
        "Spanning both columns\n\nAfter the table.\n"
    )


def test_reader_docx_footnotes_follow_the_body_under_notes(tmp_path):
    d = Document()
    first = d.add_paragraph("The search was unreasonable.")
    second = d.add_paragraph("The statute applies.")
    add_footnote(d, second, "50 U.S.C. \u00a7 1881a.")
    add_footnote(d, first, "See U.S. Const. amend. IV.")  # referenced first in the body: note 1
    assert read(d, tmp_path).text == (
        "The search was unreasonable.\n\nThe statute applies.\n\n## Notes\n\n1. See U.S. Const. amend. IV.\n2. 50 U.S.C. \u00a7 1881a.\n"
    )


def test_reader_docx_reads_tracked_insertions_fields_and_content_controls(tmp_path):
    d = Document()
    p = d.add_paragraph("The Agency")
    for xml in (
        '<w:ins w:id="1" w:author="OGC" w:date="2024-01-01T00:00:00Z"><w:r><w:t xml:space="preserve"> shall</w:t></w:r></w:ins>',
        '<w:del w:id="2" w:author="OGC" w:date="2024-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve"> may</w:delText></w:r></w:del>',
        '<w:hyperlink w:anchor="x"><w:r><w:t xml:space="preserve"> comply with</w:t></w:r></w:hyperlink>',
        '<w:fldSimple w:instr=" DOCPROPERTY Authority "><w:r><w:t xml:space="preserve"> FISA</w:t></w:r></w:fldSimple>',
    ):
        p._p.append(parse_xml(xml.replace(">", f' xmlns:w="{W_NS}">', 1)))
    d.element.body.insert(len(d.element.body) - 1, parse_xml(
        f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Inside a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    ))
    assert read(d, tmp_path).text == "The Agency shall comply with FISA\n\nInside a content control.\n"


def test_reader_docx_text_box_once_after_its_paragraph_and_no_table_of_contents(tmp_path):
    d = Document()
    d.add_paragraph("Contents", style="TOC Heading")
    d.add_paragraph("Scope\t1", style=d.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH))
    anchor = d.add_paragraph("The review found two gaps.")
    box = '<w:txbxContent><w:p><w:r><w:t>DRAFT \u2014 not for release</w:t></w:r></w:p></w:txbxContent>'
    anchor._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>{box}</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    ))
    d.add_heading("Scope", level=1)
    assert read(d, tmp_path).text == "# Contents\n\nThe review found two gaps.\n\nDRAFT \u2014 not for release\n\n# Scope\n"


def test_reader_docx_metadata_read(tmp_path):
    d = Document()
    d.add_paragraph("Body.")
    d.core_properties.title = "  Interim Guidance on Autonomous Systems "
    d.core_properties.author = "Office of the General Counsel"
    d.core_properties.created = dt.datetime(2023, 1, 25, 23, 0, tzinfo=dt.UTC)
    d.core_properties.modified = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    assert read(d, tmp_path).metadata == {
        "title": "Interim Guidance on Autonomous Systems", "publisher": "Office of the General Counsel", "date": "2023-01-25",
    }
    set_company(d, "Department of Defense")  # the organisation, rather than the person who wrote it
    assert read(d, tmp_path).metadata["publisher"] == "Department of Defense"


def test_reader_docx_metadata_only_what_is_set(tmp_path):
    d = Document()  # python-docx's template: author "python-docx", dated 2013-12-23, which no file states of itself
    d.add_paragraph("Body.")
    assert read(d, tmp_path).metadata == {}
    d.core_properties.modified = dt.datetime(2024, 6, 1, 9, 0, tzinfo=dt.UTC)
    assert read(d, tmp_path).metadata == {"date": "2024-06-01"}
    # a package without core properties: nothing made up (python-docx's own accessor would invent a title and today's date)
    path = tmp_path / "doc.docx"
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(stripped, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "_rels/.rels":
                data = _drop_relationship(data, "core-properties")
            if item.filename != "docProps/core.xml":
                dst.writestr(item, data)
    assert read_docx(stripped.read_bytes(), stripped).metadata == {}


def _drop_relationship(rels: bytes, kind: str) -> bytes:
    root = parse_xml(rels)
    for rel in list(root):
        if kind in rel.get("Type", ""):
            root.remove(rel)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@pytest.mark.parametrize(("raw", "reason"), [
    (b"This is plain text saved with a .docx suffix.", "File is not a zip file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "legacy .doc"),
])
def test_reader_docx_corrupt_file_refused_naming_the_file(tmp_path, raw, reason):
    path = tmp_path / "memo.docx"
    with pytest.raises(CorpusError) as caught:
        read_docx(raw, path)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: not a readable Word document: ")
    assert reason in str(caught.value)


def test_reader_docx_truncated_or_foreign_zip_refused(tmp_path):
    d = Document()
    d.add_paragraph("Body.")
    good = tmp_path / "good.docx"
    d.save(str(good))
    truncated = good.read_bytes()[: len(good.read_bytes()) // 2]
    with pytest.raises(CorpusError, match="not a readable Word document"):
        read_docx(truncated, tmp_path / "truncated.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a Word package")
    with pytest.raises(CorpusError, match="not a readable Word document") as caught:
        read_docx(buffer.getvalue(), tmp_path / "foreign.docx")
    assert "foreign.docx" in str(caught.value)
    workbook = io.BytesIO()  # a valid package whose main part is a spreadsheet's
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(workbook, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main", b"spreadsheetml.sheet.main")
            dst.writestr(name, data)
    with pytest.raises(CorpusError) as caught:
        read_docx(workbook.getvalue(), tmp_path / "book.docx")
    assert str(caught.value).startswith(f"{tmp_path / 'book.docx'}: not a readable Word document: the package is not a Word file")


def test_reader_docx_empty_document_refused(tmp_path):
    d = Document()
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.add_table(rows=2, cols=2)
    path = tmp_path / "blank.docx"
    d.save(str(path))
    with pytest.raises(CorpusError, match="Word document has no text") as caught:
        read_docx(path.read_bytes(), path)
    assert caught.value.path == path


def test_reader_docx_is_deterministic(tmp_path):
    path = tmp_path / "memo.docx"
    build_fixture_docx(path)
    raw = path.read_bytes()
    assert read_docx(raw, path) == read_docx(raw, path)


def test_reader_docx_fixture_cites_the_authorities(tmp_path):
    path = tmp_path / "memo.docx"
    build_fixture_docx(path)
    reading = read_docx(path.read_bytes(), path)
    assert reading.metadata == {"title": FIXTURE_TITLE, "publisher": FIXTURE_COMPANY, "date": "2024-03-15"}
    assert reading.text.startswith(f"# {FIXTURE_TITLE}\n\n")
    for authority in FIXTURE_AUTHORITIES:
        assert authority in reading.text
    assert reading.text.endswith(f"## Notes\n\n1. {FIXTURE_FOOTNOTE}\n")


def test_reader_docx_fixture_segments_into_sections_and_clauses(tmp_path):
    path = tmp_path / "memo.docx"
    build_fixture_docx(path)
    as_markdown = tmp_path / "memo.md"  # the markdown reader keeps text exactly: the segmenter sees what read_docx wrote
    as_markdown.write_text(read_docx(path.read_bytes(), path).text, encoding="utf-8")
    seg = segment(read_document(as_markdown))[0]
    labels = [(c.path, c.label) for c in seg.clauses]
    assert labels[:6] == [("1", "1."), ("1.1", "(a)"), ("1.2", "(b)"), ("2", "2."), ("2.1", "(a)"), ("3", "3.")]
    bullets = [item for item in seg.list_items if item.marker == "-"]
    assert [item.level for item in bullets] == [1, 1, 2, 1]
