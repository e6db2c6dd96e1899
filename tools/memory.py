"""Peak memory of building one document near the size limit, in each genre and file format.

Each document repeats real-looking text of its genre (the repository's test
fixtures: a court opinion, a DoD issuance, a codified statute, an oversight
report, an executive order, a memo, OCR'd slides; a web page, a PDF and a
Word file) until it is just under the limits a document may reach
(``MAX_DOCUMENT_BYTES`` read, ``MAX_DOCUMENT_CHARACTERS`` of text), and is
built alone by ``build.py`` in a child process whose peak resident memory
``wait4`` reports. The target is 600 MB a build::

    python -m tools.memory                       # every genre and format
    python -m tools.memory --genres opinion pdf  # some of them
"""

from __future__ import annotations

import argparse
import datetime
import io
import re
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kb.corpus import load_document
from kb.corpus.load import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_CHARACTERS
from tools.bench import ROOT, run_build

FIXTURES = ROOT / "tests" / "fixtures"
TARGET_MB = 600
"""The peak memory a build of one document may reach (docs/reliability.md)."""
FILL = 0.99
"""How near the limits a document is filled: just under them, so that it is built rather than refused."""


@dataclass(frozen=True)
class Genre:
    """A kind of document: the fixtures its text repeats, and how it is written to a file."""

    name: str
    sources: tuple[str, ...]
    """Fixture paths under ``tests/fixtures``."""
    write: Callable[[str], tuple[str, bytes]]
    """Text to (file suffix, file bytes), filled to just under the limits."""


def source_text(genre: Genre) -> str:
    """The bodies of a genre's fixtures as the build reads them, front matter apart."""
    return "\n\n".join(load_document(FIXTURES / name, (FIXTURES / name).parent).text.strip() for name in genre.sources)


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]


def fill(unit: list[str], cost: Callable[[str], int], budget: float) -> list[str]:
    """``unit``'s pieces repeated, in order, for as long as their costs add up to at most ``budget``."""
    out: list[str] = []
    used = 0
    while True:
        for piece in unit:
            used += cost(piece)
            if used > budget:
                return out
            out.append(piece)


def utf8(text: str) -> int:
    return len(text.encode("utf-8"))


BUDGET = FILL * min(MAX_DOCUMENT_BYTES, MAX_DOCUMENT_CHARACTERS)
"""Bytes (no fewer than its characters) a text file is filled to."""


def plain(text: str) -> tuple[str, bytes]:
    """A ``.txt`` document of the text's paragraphs, repeated to just under 1 MB."""
    body = "\n\n".join(fill(paragraphs(text), lambda p: utf8(p) + 2, BUDGET)) + "\n"
    return ".txt", body.encode("utf-8")


HTML_PAGE = FIXTURES / "formats" / "announcement.html"


def html(text: str) -> tuple[str, bytes]:
    """The fixture web page, its article's content repeated until the page is just under 1 MB."""
    page = HTML_PAGE.read_text(encoding="utf-8")
    start, end = page.index("  <h1>"), page.index('  <div class="share-buttons"')
    head, article, tail = page[:start], page[start:end], page[end:]
    copies = fill([article], utf8, BUDGET - utf8(head + tail))
    return ".html", (head + "".join(copies) + tail).encode("utf-8")


LATIN_1 = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "--", "\u2026": "..."})
"""Typographic marks fpdf2's core fonts cannot set, as their plain forms."""
PDF_LINES = 46
"""Lines of text a letter page holds under the running head."""


def wrapped_lines(text: str) -> list[str]:
    """The text as the lines of a printed page, 95 characters at most, a blank line between paragraphs."""
    lines: list[str] = []
    for paragraph in paragraphs(text.translate(LATIN_1).encode("latin-1", "replace").decode("latin-1")):
        lines += [*textwrap.wrap(" ".join(paragraph.split()), 95), ""]
    return lines


def pdf(text: str) -> tuple[str, bytes]:
    """A PDF of the text's lines under a running head and a page foot, repeated to just under the limits.

    fpdf2 compresses page content, so the text limit binds before the file size.
    """
    from fpdf import FPDF

    lines = fill(wrapped_lines(text), lambda line: len(line) + 1, 0.96 * FILL * MAX_DOCUMENT_CHARACTERS)
    pages = [lines[i:i + PDF_LINES] for i in range(0, len(lines), PDF_LINES)]
    document = FPDF(format="letter")
    document.set_auto_page_break(False)
    document.set_creation_date(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    for number, page in enumerate(pages, start=1):
        document.add_page()
        document.set_font("Helvetica", size=8)
        document.set_xy(document.l_margin, 10)
        document.cell(0, 5, "Federal Register / Vol. 90, No. 12 / Monday, January 20, 2025 / Presidential Documents", align="C")
        document.set_xy(document.l_margin, document.h - 15)
        document.cell(0, 5, f"Page {number} of {len(pages)}", align="C")
        document.set_xy(document.l_margin, 22)
        document.set_font("Times", size=10)
        for line in page:
            document.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return ".pdf", bytes(document.output())


def docx(text: str) -> tuple[str, bytes]:
    """A Word file of the text's paragraphs, short lines set as headings, repeated to just under the text limit.

    A DOCX packs text about 25 to 1, so the text limit binds before the file size.
    """
    from docx import Document

    chosen = fill(paragraphs(text), lambda p: len(p) + 2, 0.97 * FILL * MAX_DOCUMENT_CHARACTERS)
    document = Document()
    for paragraph in chosen:
        line = " ".join(paragraph.split())
        if len(line) < 70 and not line.endswith((".", ":", ";", ",")):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return ".docx", out.getvalue()


GENRES = (
    Genre("opinion", ("authorities/blind_opinion.txt", "authorities/unseen_opinion.txt"), plain),
    Genre("dod-issuance", ("structure/blind/dod_issuance.txt", "authorities/unseen_dod_issuance.txt", "authorities/blind_dod_references.txt"), plain),
    Genre("statute", ("structure/blind/usc_section.txt", "authorities/blind_usc_chapter.txt", "authorities/statute.txt"), plain),
    Genre("oversight-report", ("authorities/blind_ig_report.txt", "structure/blind/report_endnotes.txt"), plain),
    Genre("executive-order", ("structure/blind/executive_order.txt", "authorities/executive_order.txt"), plain),
    Genre("memo", ("authorities/blind2_oversight_memo.txt", "authorities/unseen_omb_memo.txt", "structure/blind/pdf_memo.txt"), plain),
    Genre("ocr-slides", ("structure/blind/classified_slides.txt", "authorities/blind_memo_ocr.txt"), plain),
    Genre("html", (), html),
    Genre("pdf", ("structure/blind/executive_order.txt", "authorities/blind_opinion.txt"), pdf),
    Genre("docx", ("authorities/blind2_oversight_memo.txt", "structure/blind/dod_issuance.txt"), docx),
)


@dataclass(frozen=True)
class Result:
    genre: str
    suffix: str
    size: int
    characters: int
    seconds: float
    peak_mb: float


def measure(genre: Genre, folder: Path) -> Result:
    """Write the genre's document alone into a corpus under ``folder``, build it, and read the build's peak memory."""
    documents = folder / genre.name / "corpus" / "documents"
    documents.mkdir(parents=True)
    suffix, data = genre.write(source_text(genre) if genre.sources else "")
    path = documents / f"{genre.name}{suffix}"
    path.write_bytes(data)
    characters = len(load_document(path, documents).text)  # refused here, by name, if it is over a limit
    build = run_build(genre.name, documents.parent, folder / genre.name / "kb.db", 0)
    return Result(genre.name, suffix, len(data), characters, build.seconds, build.peak_mb or 0.0)


def table(results: list[Result]) -> str:
    """The figures as a Markdown table."""
    rows = [
        "| genre | file | bytes | characters of text | build, s | peak memory, MB |",
        "|---|---|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {r.genre} | {r.suffix} | {r.size:,} | {r.characters:,} | {r.seconds:.0f} | "
        f"{r.peak_mb:.0f}{'' if r.peak_mb <= TARGET_MB else ' (over the target)'} |"
        for r in results
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> None:
    """Build one near-limit document of each genre asked for and print each build's peak memory."""
    names = [genre.name for genre in GENRES]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--genres", nargs="+", choices=names, default=names, metavar="GENRE", help=f"of: {', '.join(names)}")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="kb-memory-") as folder:
        for genre in GENRES:
            if genre.name in args.genres:
                results.append(measure(genre, Path(folder)))
                print(table(results[-1:]).splitlines()[-1], flush=True)
    print(table(results))
    over = [r.genre for r in results if r.peak_mb > TARGET_MB]
    print(f"over {TARGET_MB} MB: {', '.join(over)}" if over else f"every build under {TARGET_MB} MB")


if __name__ == "__main__":
    main()
