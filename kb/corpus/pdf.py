"""The PDF reader: a PDF's text layer, page by page, as the plain text segmentation reads.

PDFium (through pypdfium2) extracts each page's text in reading order; its
character boxes give every line's position, which is all the structure a PDF
reliably carries. From that the reader writes plain text the way
``Reading`` asks for it:

- lines stay lines, so numbered and lettered markers ("Sec. 2.", "(a)") stay
  at line starts as printed;
- a blank line separates paragraphs where the layout shows one: a vertical
  gap clearly wider than the document's usual line gap, a change of font
  size (a heading over body text), a jump up the page (the next column), or
  an indented line after a line that ends a sentence;
- a word that PDFium reports hyphenated across a line end is joined:
  "auto-" / "mated" gives "automated", while a hyphen next to a capital or a
  digit stays ("Anti-Deficiency");
- pages are joined with a single newline when a page's last line does not
  end a sentence (the paragraph runs on over the break), with a blank line
  when it does.

Dropped, because they are no part of the document's text and would otherwise
split the paragraph a page break cuts and repeat in every search hit:

- running heads and feet: among the few lines at the top or bottom edge of a
  page, those that recur, digits aside, at the same edge of at least
  ``RUNNING_SHARE`` of the pages (and two pages or more) or of
  ``RUNNING_PAGES`` pages in a row (a chapter's head): "Federal Register /
  Vol. 90, No. 12 / ... / Presidential Documents", "Page 3 of 7";
- page numbers at the top or bottom edge ("12", "- 4 -", "Page 3 of 12"),
  matched by the ``page_furniture`` patterns of ``patterns/structure.json``
  that segmentation uses too, and lone roman numerals ("iv");
- control and format characters, soft hyphens, and PDFium's mark of a
  hyphen at a line end (U+FFFE), which becomes "-" or, inside a lower-case
  word, nothing.

Headings are not marked with "#": a PDF does not say which lines are
headings, and segmentation finds short standalone lines itself. No OCR: a
PDF without a text layer is refused. ``pages`` gives each page's range of the
text, so that a passage can be cited by page.
"""

from __future__ import annotations

import datetime
import math
import re
import statistics
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from kb.corpus.errors import CorpusError
from kb.corpus.reading import PageSpan, Reading
from kb.reference import DATA_DIR, load_json

LIBRARY = "pypdfium2"
"""The distribution that reads PDFs, whose version the documents table records."""

RUNNING_SHARE = 0.4
"""A line at a page's edge is a running head or foot when it recurs at that edge of this share of the pages.

Under a half, so that heads alternating between odd and even pages (the page
number on the outer side) are found too.
"""
RUNNING_PAGES = 3
"""A line at a page's edge is a running head or foot, too, when it recurs at that edge of this many pages in a row (a chapter's head)."""
EDGE_LINES = 3
"""How many lines at a page's top and at its bottom may be furniture (a head, a second head line, a page number)."""
PARAGRAPH_GAP = 0.25
"""A gap between two lines wider than the document's usual one by this share of the line height opens a paragraph."""
MIN_GAPS = 4
"""Fewer gaps between lines than this tell nothing about the usual one: then a gap of ``BLANK_LINE`` or more opens a paragraph."""
BLANK_LINE = 0.75
"""A gap of this share of the line height is a blank line at ordinary line spacing."""
INDENT = 0.8
"""A line starting this many line heights right of the one before opens a paragraph, after a sentence end."""
SIZE_CHANGE = 1.2
"""Two lines whose heights differ by this factor or more are in different blocks (a heading over text)."""

SAMPLES = 8
"""How many characters of a line are measured to place it."""

_TERMINAL = re.compile(r"[.?!:;]['\"\u2019\u201d)\]]*$")
"""A line that ends a sentence; the same cue as ``kb.segment.blocks`` uses for a block that does not run on."""
_CREATION_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})(\d{2})")
_MS_OFFICE_TITLE = re.compile(r"Microsoft\s+(?:Word|PowerPoint|Excel)\s*-\s", re.IGNORECASE)
_FILE_NAME = re.compile(r"(?:^\S+\.\w{1,5}|\.(?:docx?|pdf|rtf|odt|txt|html?|tex|indd|xlsx?|pptx?|wpd))$", re.IGNORECASE)
_ROMAN_FOLIO = re.compile(r"[ivxlc]{1,7}|[IVXLC]{1,7}")
"""A front-matter page number ("iv") standing alone at a page's edge."""
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_HYPHEN_MARK = re.compile("\ufffe")
"""What PDFium puts for a hyphen that it joins across a line end."""
_LINE = re.compile(r"[^\r\n]+")
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\uffff]")
"""Control and format characters (tab aside), soft hyphens and noncharacters: nothing a reader sees."""

_PDFIUM = threading.Lock()
"""PDFium is not thread-safe: one document at a time per process."""


@dataclass(frozen=True)
class _Place:
    """Where a line stands on its page, in PDF units (y upwards), from its characters' font boxes."""

    top: float
    bottom: float
    left: float
    """Where its first character starts."""
    height: float
    """The median height of its characters' font boxes: the type size it is set in."""


@dataclass(frozen=True)
class _Line:
    """One line of a page as PDFium reads it; ``place`` is None when PDFium has no box for any of its characters."""

    text: str
    place: _Place | None = None


def read_pdf(raw: bytes, path: Path) -> Reading:
    """Read a PDF's text layer into plain text, page furniture dropped, with each page's span.

    Args:
        raw: the file's bytes.
        path: the file, for error messages.

    Returns:
        The text, the document properties (``title``, ``publisher`` from the
        Author, ``date`` from the CreationDate) that are present, and one
        ``PageSpan`` per page.

    Raises:
        CorpusError: the PDF is encrypted with a user password, is not a
            readable PDF, or has no text on any page (a scan needing OCR).
    """
    with _PDFIUM:
        document = _open(raw, path)
        try:
            metadata = _metadata(document)
            pages = [_page_lines(document, index, path) for index in range(len(document))]
        finally:
            document.close()
    if not any(page for page in pages):
        raise CorpusError(path, "no text layer: needs OCR")
    furniture = _furniture(pages)
    bodies = [[line for j, line in enumerate(page) if (i, j) not in furniture] for i, page in enumerate(pages)]
    text, spans = _assemble(bodies)
    if not text.strip():
        raise CorpusError(path, "no text layer beyond page numbers and running heads: needs OCR")
    return Reading(text, metadata, 0, spans)


# --- PDFium ---------------------------------------------------------------


def _open(raw: bytes, path: Path) -> Any:
    """The PDFium document, or the reason it cannot be opened."""
    try:
        return pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise CorpusError(path, "encrypted: needs a password") from exc
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise CorpusError(path, "encrypted with an unsupported security handler") from exc
        reason = {pdfium_c.FPDF_ERR_FORMAT: "not a PDF or damaged", pdfium_c.FPDF_ERR_FILE: "file cannot be opened"}
        raise CorpusError(path, f"not a readable PDF: {reason.get(exc.err_code, str(exc))}") from exc


def _page_lines(document: Any, index: int, path: Path) -> list[_Line]:
    """The non-blank lines of one page, in PDFium's reading order."""
    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        raise CorpusError(path, f"not a readable PDF: page {index + 1} cannot be loaded") from exc
    try:
        textpage = page.get_textpage()
        try:
            return _lines_of(textpage)
        finally:
            textpage.close()
    except pdfium.PdfiumError as exc:
        raise CorpusError(path, f"not a readable PDF: the text of page {index + 1} cannot be read") from exc
    finally:
        page.close()


def _lines_of(textpage: Any) -> list[_Line]:
    """Split a page's text into lines and measure each from a few of its characters' boxes.

    PDFium ends a line with "\\r\\n" and joins a word hyphenated over a line
    end into one line, marking the hyphen with U+FFFE. A line is mostly set
    in one font, so its first character and up to ``SAMPLES`` in all, evenly
    spread, place it: a box per character would cost most of the reading time.
    """
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    lines: list[_Line] = []
    for match in _LINE.finditer(text):
        line = _INVISIBLE.sub("", _HYPHEN_MARK.sub(_hyphen, match[0])).strip()
        if not line:
            continue
        boxes = [box for index in _samples(text, match.start(), match.end()) if (box := _box(textpage, index)) is not None]
        place = None
        if boxes:
            top, bottom = max(box[3] for box in boxes), min(box[1] for box in boxes)
            place = _Place(top, bottom, boxes[0][0], statistics.median(box[3] - box[1] for box in boxes))
        lines.append(_Line(line, place))
    return lines


def _hyphen(match: re.Match[str]) -> str:
    """PDFium's mark of a hyphen at a line end: dropped inside a lower-case word, else a plain hyphen."""
    before, after = match.string[match.start() - 1:match.start()], match.string[match.end():match.end() + 1]
    return "" if before.islower() and after.islower() else "-"


def _samples(text: str, start: int, end: int) -> list[int]:
    """Text indices of up to ``SAMPLES`` visible characters of ``text[start:end]``, the first among them."""
    found: list[int] = []
    step = max(1, (end - start) // SAMPLES)
    for index in range(start, end, step):
        while index < end and (text[index].isspace() or _INVISIBLE.match(text, index) or text[index] == "\ufffe"):
            index += 1
        if index < end and index not in found[-1:]:
            found.append(index)
    return found


def _box(textpage: Any, text_index: int) -> tuple[float, float, float, float] | None:
    """The font box (left, bottom, right, top) of the character at a text index, None when PDFium has none."""
    char_index = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, text_index)
    if char_index < 0:
        return None
    try:
        left, bottom, right, top = textpage.get_charbox(char_index, loose=True)
    except pdfium.PdfiumError:
        return None
    return (left, bottom, right, top) if top > bottom else None


def _metadata(document: Any) -> dict[str, str | None]:
    """Title, publisher (Author) and ISO date (CreationDate) from the document properties, those present."""
    found: dict[str, str | None] = {}
    title = _property(document, "Title")
    if title and not _MS_OFFICE_TITLE.match(title) and not _FILE_NAME.search(title) and "\\" not in title:
        found["title"] = title
    if author := _property(document, "Author"):
        found["publisher"] = author
    if date := _iso_date(_property(document, "CreationDate")):
        found["date"] = date
    return found


def _property(document: Any, key: str) -> str:
    """A document property's value, invisible characters dropped and whitespace made single spaces ("" when absent)."""
    value = document.get_metadata_value(key) or ""
    return _SPACES.sub(" ", _INVISIBLE.sub("", value)).strip()


def _iso_date(value: str) -> str | None:
    """The ISO date of a PDF date ("D:20250117120000Z" is "2025-01-17"), None without a valid year, month and day."""
    if not (m := _CREATION_DATE.match(value)):
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


# --- page furniture -------------------------------------------------------


@cache
def _page_number() -> re.Pattern[str]:
    """The page-number lines segmentation also treats as furniture ("Page 3 of 12", "- 4 -", "12")."""
    data = load_json(DATA_DIR / "patterns" / "structure.json")
    patterns = data["page_furniture"] + data["slide_numbers"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _shape(text: str) -> str:
    """A line with its numbers made alike, so that "Page 3 of 7" and "Page 4 of 7" are one running line."""
    return _SPACES.sub(" ", _DIGITS.sub("#", text)).casefold()


def _edges(page: list[_Line]) -> dict[str, list[int]]:
    """The indices of a page's top and bottom lines, each from the edge inwards.

    By position where PDFium measured every line (a foot may come first in
    the content stream), else by reading order.
    """
    order = list(range(len(page)))
    places = [line.place for line in page if line.place is not None]
    if len(places) == len(page):
        top = sorted(order, key=lambda j: -places[j].top)
        bottom = sorted(order, key=lambda j: places[j].bottom)
    else:
        top, bottom = order, order[::-1]
    return {"top": top[:EDGE_LINES], "bottom": bottom[:EDGE_LINES]}


def _furniture(pages: list[list[_Line]]) -> set[tuple[int, int]]:
    """``(page index, line index)`` of every running head or foot and page number.

    A line is furniture when it stands among the ``EDGE_LINES`` at a page's
    top or bottom edge with only furniture between it and the edge, and it is
    a page number, or it recurs, digits aside, at the same edge of at least
    ``RUNNING_SHARE`` of the pages (and two pages or more) or of
    ``RUNNING_PAGES`` pages in a row.
    """
    edges = [_edges(page) for page in pages]
    where: dict[tuple[str, str], set[int]] = {}
    for i, (page, edge) in enumerate(zip(pages, edges)):
        for side, indices in edge.items():
            for j in indices:
                where.setdefault((side, _shape(page[j].text)), set()).add(i)
    needed = max(2, math.ceil(RUNNING_SHARE * len(pages)))
    running = {key for key, found in where.items() if len(found) >= needed or _in_a_row(found) >= RUNNING_PAGES}
    furniture: set[tuple[int, int]] = set()
    for i, (page, edge) in enumerate(zip(pages, edges)):
        for side, indices in edge.items():
            for j in indices:
                line = page[j].text
                if not (_page_number().fullmatch(line) or _ROMAN_FOLIO.fullmatch(line) or (side, _shape(line)) in running):
                    break
                furniture.add((i, j))
    return furniture


def _in_a_row(numbers: set[int]) -> int:
    """The length of the longest run of consecutive numbers."""
    longest = 0
    for start in numbers:
        if start - 1 in numbers:
            continue
        end = start
        while end + 1 in numbers:
            end += 1
        longest = max(longest, end - start + 1)
    return longest


# --- text -----------------------------------------------------------------


def _assemble(bodies: list[list[_Line]]) -> tuple[str, tuple[PageSpan, ...]]:
    """Join the pages' lines into the text, and each page's span of it.

    The newline or blank line that joins a page to the next page with text
    belongs to the earlier page; a page without body lines gets an empty span
    where it stands.
    """
    usual = _usual_gap(bodies)
    texts = [_page_text(lines, usual) for lines in bodies]
    with_text = [i for i, text in enumerate(texts) if text]
    parts: list[str] = []
    spans: list[PageSpan] = []
    position = 0
    for i, text in enumerate(texts):
        start = position
        if text:
            joint = "" if i == with_text[-1] else "\n\n" if _TERMINAL.search(bodies[i][-1].text) else "\n"
            parts += [text, joint]
            position += len(text) + len(joint)
        spans.append(PageSpan(i + 1, start, position))
    return "".join(parts), tuple(spans)


def _page_text(lines: list[_Line], usual: float | None) -> str:
    """One page's lines, each joined to the next by a newline or, where a paragraph ends, a blank line."""
    parts: list[str] = []
    for previous, line in zip([None, *lines], lines):
        if previous is not None:
            parts.append("\n\n" if _breaks(previous, line, usual) else "\n")
        parts.append(line.text)
    return "".join(parts)


def _usual_gap(bodies: list[list[_Line]]) -> float | None:
    """The median white space between a line and the next one below it in the same column; None with too few to tell."""
    gaps = [
        above.bottom - below.top
        for lines in bodies
        for above, below in zip([line.place for line in lines], [line.place for line in lines[1:]])
        if above is not None and below is not None and below.top < above.top
    ]
    return statistics.median(gaps) if len(gaps) >= MIN_GAPS else None


def _breaks(previous: _Line, line: _Line, usual: float | None) -> bool:
    """Whether a paragraph ends between two lines of a page.

    After a jump up the page (the next column) the text decides as at a page
    break: a line that ends a sentence ends its paragraph there. Lines
    PDFium could not measure stay in one paragraph.
    """
    ends_sentence = bool(_TERMINAL.search(previous.text))
    above, below = previous.place, line.place
    if above is None or below is None:
        return False
    if below.top >= above.top:
        return ends_sentence
    small, large = sorted((above.height, below.height))
    if large >= SIZE_CHANGE * small:
        return True
    if above.bottom - below.top > (BLANK_LINE * small if usual is None else usual + PARAGRAPH_GAP * small):
        return True
    return ends_sentence and below.left - above.left > INDENT * small
