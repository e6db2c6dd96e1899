"""The PDF reader: text in page order, page furniture gone, paragraphs kept, page spans, properties, refusals."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

from kb.corpus.errors import CorpusError
from kb.corpus.pdf import LIBRARY, read_pdf
from tests.pdf_fixtures import FEDERAL_REGISTER_HEAD, FIXTURE_CITATIONS, build_fixture_pdf, pdf_bytes

PATH = Path("documents/order.pdf")

ORDER = (
    (
        "Section 1. Purpose. The United States collects foreign intelligence under",
        "50 U.S.C. 1881a and under Executive Order 12333.",
        "",
        "Sec. 2. Policy. (a) Each element of the Intelligence Community shall ensure",
        "that its procedures are reviewed every year by the",
    ),
    (
        "Attorney General and that each review is reported to the congressional",
        "committees within 90 days of its completion.",
        "(b) Every activity shall respect the Fourth Amendment.",
    ),
    (
        "Sec. 3. Autonomous Systems. The Secretary of Defense shall review",
        "DoD Directive 3000.09 within 180 days.",
    ),
)
"""Three pages; the sentence of Sec. 2 runs on from page 1 to page 2, page 2 ends a sentence."""


def page_text(lines: tuple[str, ...]) -> str:
    """What the reader should make of one page's lines: a blank line where the page leaves one."""
    return "\n".join(lines).replace("\n\n\n", "\n\n")


def read(raw: bytes) -> tuple[str, list[str]]:
    """The text, and the text of each page's span."""
    reading = read_pdf(raw, PATH)
    return reading.text, [reading.text[span.start:span.end] for span in reading.pages]


def test_reader_pdf_names_its_library():
    assert LIBRARY == "pypdfium2"


def test_reader_pdf_drops_running_heads_feet_and_page_numbers():
    raw = pdf_bytes(ORDER, head=FEDERAL_REGISTER_HEAD, folio="80{page:02d}", foot="Page {page} of {pages}")
    text, _ = read(raw)
    assert "Federal Register" not in text and "Presidential Documents" not in text
    assert "Page" not in text and "of 3" not in text
    assert "8001" not in text and "8003" not in text
    assert text.startswith("Section 1. Purpose.") and text.endswith("DoD Directive 3000.09 within 180 days.")


def test_reader_pdf_drops_bare_page_numbers_at_page_edges_only():
    pages = (("The budget for the year was", "12", "million dollars in total."), ("It rose the next year.",))
    text, _ = read(pdf_bytes(pages, foot="- {page} -"))
    assert text == "The budget for the year was\n12\nmillion dollars in total.\n\nIt rose the next year."
    text, _ = read(pdf_bytes(pages, foot="{page}"))
    assert "\n12\n" in text and not text.rstrip().endswith(("1", "2"))


def test_reader_pdf_drops_a_chapter_head_over_pages_in_a_row_and_roman_folios():
    heads = ["{page}"] * 2 + ["Chapter 1: Scope of Review"] * 3 + ["Chapter 2: Findings of the Review {page}"] * 5
    words = "one two three four five six seven eight nine ten".split()
    pages = [(f"The {word} page of the report.",) for word in words]
    text, _ = read(pdf_bytes(pages, head=heads, foot="{page}"))
    assert "Chapter" not in text and text.count("page of the report.") == 10
    text, _ = read(pdf_bytes(pages[:2], head=["ii", "iii"]))
    assert text == "The one page of the report.\n\nThe two page of the report."


def test_reader_pdf_keeps_a_line_at_the_top_of_two_pages_apart():
    words = "one two three four five six seven eight nine ten".split()
    pages = [("SEC. 1." if n in (2, 7) else f"The {word} page.", f"The body of page {word}.") for n, word in enumerate(words, 1)]
    text, _ = read(pdf_bytes(pages))
    assert text.count("SEC. 1.\nThe body of page") == 2


def test_reader_pdf_keeps_a_head_that_does_not_recur():
    pages = (("OFFICE OF THE INSPECTOR GENERAL", "", "The review began in May."), ("It ended in June.",))
    text, _ = read(pdf_bytes(pages))
    assert text.startswith("OFFICE OF THE INSPECTOR GENERAL\n\nThe review began in May.")


def test_reader_pdf_joins_a_paragraph_split_over_a_page_break():
    text, _ = read(pdf_bytes(ORDER, head=FEDERAL_REGISTER_HEAD, foot="Page {page} of {pages}"))
    assert "reviewed every year by the\nAttorney General and that" in text
    # a page that ends a sentence ends its paragraph
    assert "the Fourth Amendment.\n\nSec. 3. Autonomous Systems." in text


def test_reader_pdf_separates_paragraphs_with_blank_lines_and_keeps_markers():
    text, _ = read(pdf_bytes(ORDER))
    assert "Executive Order 12333.\n\nSec. 2. Policy. (a) Each element" in text
    assert "completion.\n(b) Every activity" in text
    assert "\n\n\n" not in text and "\r" not in text and "\f" not in text


def test_reader_pdf_page_spans_hold_each_page_text():
    reading = read_pdf(pdf_bytes(ORDER, head=FEDERAL_REGISTER_HEAD, foot="Page {page} of {pages}"), PATH)
    spans = reading.pages
    assert [span.number for span in spans] == [1, 2, 3]
    assert spans[0].start == 0 and spans[-1].end == len(reading.text)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:]))
    for span, lines in zip(spans, ORDER):
        assert reading.text[span.start:span.end].strip() == page_text(lines)
    # the joining newline belongs to the earlier page
    assert reading.text[spans[0].start:spans[0].end].endswith("by the\n")
    assert reading.text[spans[1].start:spans[1].end].endswith("Amendment.\n\n")
    page_2 = reading.text[spans[1].start:spans[1].end]
    assert "Fourth Amendment" in page_2 and "1881a" not in page_2 and "3000.09" not in page_2


def test_reader_pdf_page_of_furniture_only_gets_an_empty_span():
    pages = (("The first page ends mid-sentence with the",), (), ("words on the third page.",))
    reading = read_pdf(pdf_bytes(pages, head="Draft for comment", foot="Page {page} of {pages}"), PATH)
    assert reading.text == "The first page ends mid-sentence with the\nwords on the third page."
    first, second, third = reading.pages
    assert second.start == second.end == first.end == third.start


def test_reader_pdf_joins_words_hyphenated_over_a_line_end():
    pages = (("The Department uses auto-", "mated systems under the Anti-", "Deficiency Act."),)
    text, _ = read(pdf_bytes(pages))
    assert "automated systems" in text and "Anti-Deficiency Act." in text


def test_reader_pdf_reads_the_document_properties():
    created = datetime.datetime(2025, 1, 20, 9, 30, tzinfo=datetime.UTC)
    raw = pdf_bytes(ORDER, title="Safeguards for Signals Intelligence", author="Executive Office of the President", created=created)
    assert read_pdf(raw, PATH).metadata == {
        "title": "Safeguards for Signals Intelligence",
        "publisher": "Executive Office of the President",
        "date": "2025-01-20",
    }


@pytest.mark.parametrize("title", ["Microsoft Word - order_final.docx", "order_final.pdf", "EO-14999 draft v2.docx", ""])
def test_reader_pdf_drops_a_title_that_is_a_file_name(title):
    metadata = read_pdf(pdf_bytes(ORDER, title=title, author=""), PATH).metadata
    assert "title" not in metadata and "publisher" not in metadata


def test_reader_pdf_refuses_an_encrypted_pdf():
    with pytest.raises(CorpusError) as caught:
        read_pdf(pdf_bytes(ORDER, password="secret"), PATH)
    assert caught.value.path == PATH and caught.value.message == "encrypted: needs a password"
    assert str(caught.value).startswith(str(PATH))


@pytest.mark.parametrize("raw", [b"these are not the bytes of a PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\ngarbage\n%%EOF", b"\x00" * 64])
def test_reader_pdf_refuses_garbage_bytes(raw):
    with pytest.raises(CorpusError) as caught:
        read_pdf(raw, PATH)
    assert caught.value.path == PATH and caught.value.message.startswith("not a readable PDF: ")


def _image_only_pdf() -> bytes:
    picture = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(picture).rectangle((20, 40, 380, 80), fill=0)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=20, y=30, w=150)
    return bytes(pdf.output())


def test_reader_pdf_refuses_an_image_only_pdf():
    with pytest.raises(CorpusError) as caught:
        read_pdf(_image_only_pdf(), PATH)
    assert caught.value.path == PATH and caught.value.message == "no text layer: needs OCR"


def test_reader_pdf_refuses_a_pdf_with_nothing_but_furniture():
    with pytest.raises(CorpusError, match="needs OCR"):
        read_pdf(pdf_bytes(((), (), ()), head=FEDERAL_REGISTER_HEAD, foot="Page {page} of {pages}"), PATH)


def test_reader_pdf_is_deterministic():
    raw = pdf_bytes(ORDER, head=FEDERAL_REGISTER_HEAD, foot="Page {page} of {pages}")
    assert read_pdf(raw, PATH) == read_pdf(raw, PATH)


def test_reader_pdf_fixture_cites_authorities_on_their_pages(tmp_path):
    path = tmp_path / "eo.pdf"
    build_fixture_pdf(path)
    reading = read_pdf(path.read_bytes(), path)
    assert len(reading.pages) == 3 and len(FIXTURE_CITATIONS) >= 5
    assert "Federal Register" not in reading.text and "Page 2 of 3" not in reading.text
    for citation, numbers in FIXTURE_CITATIONS.items():
        found = {span.number for span in reading.pages if citation in reading.text[span.start:span.end]}
        assert found == set(numbers), citation
    assert reading.metadata["date"] == "2025-01-20"
