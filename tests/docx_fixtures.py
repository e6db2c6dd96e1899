"""Word documents for tests, built with python-docx from text written here (no network, no binary fixtures).

``build_fixture_docx`` writes a realistic draft agency memorandum of
agreement: Title, headings, clauses numbered by hand with "(a)" sub-clauses,
Word bullet and numbered lists, a table of authorities, a footnote, and
document properties. python-docx 1.2 writes no footnotes, so ``add_footnote``
adds the footnotes part and the reference in the package XML; ``set_company``
edits the extended properties the same way.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.parser import parse_xml
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"

FIXTURE_TITLE = "Draft Memorandum of Agreement on Intelligence Support to Autonomous Systems Testing"
FIXTURE_AUTHOR = "Office of the General Counsel"
FIXTURE_COMPANY = "Department of Defense"
FIXTURE_CREATED = dt.datetime(2024, 3, 15, 14, 30, tzinfo=dt.UTC)
FIXTURE_AUTHORITIES = (
    "Foreign Intelligence Surveillance Act",
    "Executive Order 12333",
    "Fourth Amendment",
    "DoD Directive 3000.09",
    "Posse Comitatus Act",
    "50 U.S.C.\u00a0\u00a7\u00a01881a",
)
"""Authorities the fixture cites, each exactly as its text has it (no-break spaces in the U.S.C. citation)."""
FIXTURE_FOOTNOTE = "See Carpenter v. United States, 585 U.S. 296 (2018)."


def _footnotes_part(document: Any) -> Any:
    """The document's footnotes part, created (with Word's two separator notes) when it has none."""
    part = document.part
    try:
        return part.part_related_by(RT.FOOTNOTES)
    except KeyError:
        pass
    xml = (
        f'<w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    footnotes = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parse_xml(xml), part.package)
    part.relate_to(footnotes, RT.FOOTNOTES)
    return footnotes


def add_footnote(document: Any, paragraph: Any, text: str) -> None:
    """Add a footnote reference at the end of ``paragraph`` and the note, as Word writes them."""
    footnotes = _footnotes_part(document)
    note_id = str(1 + max(int(n.get(_W + "id")) for n in footnotes.element.iterchildren(_W + "footnote")))
    footnotes.element.append(parse_xml(
        f'<w:footnote xmlns:w="{W_NS}" w:id="{note_id}"><w:p>'
        '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r>'
        "</w:p></w:footnote>"
    ))
    paragraph._p.append(parse_xml(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'
    ))


def set_company(document: Any, company: str) -> None:
    """Set the ``Company`` extended property (docProps/app.xml), which python-docx does not expose."""
    part = document.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    root = parse_xml(part.blob)
    element = root.find("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company")
    element.text = company
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_fixture_docx(path: Path) -> None:
    """Write a draft memorandum of agreement between an intelligence agency and a defence programme office.

    It has a Title, Heading 1 and Heading 2 sections, fields ("TO: ..."), clauses
    numbered by hand ("1.", "2.") with sub-clauses typed as "(a)", "(b)", a Word
    bullet list with a nested level, a Word numbered list, a table of
    authorities, bold and curly-quoted defined terms, a footnote, and core and
    extended properties (title, author, company, created date). It cites FISA,
    Executive Order 12333, the Fourth Amendment, DoD Directive 3000.09, the
    Posse Comitatus Act and 50 U.S.C. § 1881a.

    Args:
        path: where to write the .docx file.
    """
    document = Document()
    props = document.core_properties
    props.title = FIXTURE_TITLE
    props.author = FIXTURE_AUTHOR
    props.created = FIXTURE_CREATED
    props.modified = FIXTURE_CREATED
    props.last_modified_by = FIXTURE_AUTHOR
    props.comments = ""
    set_company(document, FIXTURE_COMPANY)

    document.add_paragraph(FIXTURE_TITLE, style="Title")
    for field in (
        "TO: Director, Joint Artificial Intelligence Test Office",
        "FROM: Office of the General Counsel",
        "DATE: March 15, 2024",
        "SUBJECT: Terms of intelligence support to autonomous systems testing (DRAFT \u2014 not for release)",
    ):
        document.add_paragraph(field)

    document.add_heading("Background", level=1)
    document.add_paragraph(
        "This memorandum records the terms on which the Agency will support the Office\u2019s test programme. "
        "All support is subject to the Foreign Intelligence Surveillance Act of 1978 (FISA), as amended, "
        "and to Executive Order 12333, United States Intelligence Activities."
    )
    intro = document.add_paragraph("For the purposes of this memorandum, ")
    intro.add_run("\u201cTest Data\u201d").bold = True
    intro.add_run(" means any sensor, signals or imagery data the Agency provides for the evaluation of an autonomous system.")

    document.add_heading("Terms", level=1)
    for clause in (
        "1. Scope. The Agency shall provide Test Data only for systems under evaluation pursuant to DoD Directive 3000.09, "
        "Autonomy in Weapon Systems.",
        "(a) No Test Data shall include the communications of a United States person unless acquired in conformity with the "
        "Fourth Amendment and the minimization procedures adopted under FISA.",
        "(b) Data acquired by targeting under 50 U.S.C.\u00a0\u00a7\u00a01881a shall be used only for the purposes stated in the "
        "applicable certification.",
        "2. Domestic use. Nothing in this memorandum authorizes the use of members of the Army or Air Force to execute the laws, "
        "and all support shall be consistent with the Posse Comitatus Act, 18 U.S.C. \u00a7 1385.",
        "(a) Requests for support to civilian law enforcement shall be referred to the General Counsel.",
        "3. Term. This memorandum takes effect on signature and remains in force for two years.",
    ):
        document.add_paragraph(clause)

    document.add_heading("Safeguards", level=2)
    document.add_paragraph("Before any transfer, the Office shall confirm that:")
    document.add_paragraph("the system\u2019s senior review under DoD Directive 3000.09 is complete;", style="List Bullet")
    document.add_paragraph("a legal review of the weapon has been conducted;", style="List Bullet")
    document.add_paragraph("the review addressed autonomous target selection;", style="List Bullet 2")
    document.add_paragraph("each data set is marked with its collection authority.", style="List Bullet")
    warning = document.add_paragraph(
        "Querying Test Data for information about a United States person raises questions under the Fourth Amendment."
    )
    add_footnote(document, warning, FIXTURE_FOOTNOTE)

    document.add_heading("Procedure", level=2)
    for step in (
        "The Office submits a written request describing the system and the data sought.",
        "The Agency\u2019s counsel reviews the request against Executive Order 12333 and FISA.",
        "The Agency transfers the Test Data and records the transfer.",
    ):
        document.add_paragraph(step, style="List Number")

    document.add_heading("Authorities", level=1)
    rows = (
        ("Authority", "Citation", "Constraint"),
        ("Foreign Intelligence Surveillance Act", "50 U.S.C. \u00a7 1801 et seq.", "Court approval of electronic surveillance"),
        ("Section 702 of FISA", "50 U.S.C.\u00a0\u00a7\u00a01881a", "Targeting of non-U.S. persons abroad only"),
        ("Executive Order 12333", "46 Fed. Reg. 59941 (1981)", "Attorney General-approved procedures"),
        ("Fourth Amendment", "U.S. Const. amend. IV", "No unreasonable searches"),
        ("DoD Directive 3000.09", "Jan. 25, 2023", "Senior review of autonomous weapon systems"),
        ("Posse Comitatus Act", "18 U.S.C. \u00a7 1385", "No military law enforcement"),
    )
    table = document.add_table(rows=len(rows), cols=3)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("Approved as to form (signature block to follow).")
    document.save(str(path))
