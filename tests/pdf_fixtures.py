"""PDFs built with fpdf2 for the tests: pages of lines under running heads and feet.

``pdf_bytes`` writes given lines page by page, so a test knows exactly what
each page holds; ``build_fixture_pdf`` writes a realistic three-page
executive order with Federal Register running heads, for tests across file
formats. Only fpdf2's core fonts are used, so the files do not depend on the
fonts of the machine.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF

LINE_HEIGHT = 6.0
"""Millimetres from one line to the next; a blank line leaves this much space."""

FEDERAL_REGISTER_HEAD = "Federal Register / Vol. 90, No. 12 / Monday, January 20, 2025 / Presidential Documents"
"""The running head of every page of the fixture executive order."""


def pdf_bytes(
    pages: Sequence[Sequence[str]],
    *,
    head: str | Sequence[str] | None = None,
    folio: str | None = None,
    foot: str | None = None,
    title: str | None = None,
    author: str | None = None,
    created: datetime.datetime | None = None,
    password: str | None = None,
) -> bytes:
    """A PDF with one page per entry of ``pages``, each line of it written where the one before ends.

    Args:
        pages: each page's lines; "" leaves a blank line (a paragraph gap), and
            a line starting "## " is set in bold at a larger size, without the marks.
        head: a line centred at the top of every page, or one line per page;
            ``{page}`` and ``{pages}`` are replaced by the page's number and the count.
        folio: a page number set right-aligned on the head's line (``{page}``, ``{pages}``).
        foot: a line centred at the bottom of every page (``{page}``, ``{pages}``).
        title: the Title property.
        author: the Author property.
        created: the CreationDate property; without it fpdf2 stamps a fixed date.
        password: encrypts the file with this user password.
    """
    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_creation_date(created or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    if title is not None:
        pdf.set_title(title)
    if author is not None:
        pdf.set_author(author)
    count = len(pages)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        if head is not None:
            pdf.set_xy(pdf.l_margin, 10)
            pdf.cell(0, 5, (head if isinstance(head, str) else head[number - 1]).format(page=number, pages=count), align="C")
        if folio is not None:
            pdf.set_xy(pdf.l_margin, 10)
            pdf.cell(0, 5, folio.format(page=number, pages=count), align="R")
        if foot is not None:
            pdf.set_xy(pdf.l_margin, pdf.h - 15)
            pdf.cell(0, 5, foot.format(page=number, pages=count), align="C")
        pdf.set_xy(pdf.l_margin, 25)
        for line in lines:
            if line.startswith("## "):
                pdf.set_font("Helvetica", "B", 14)
                pdf.cell(0, LINE_HEIGHT + 2, line[3:], new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.set_font("Times", size=11)
                pdf.cell(0, LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
    if password is not None:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    return bytes(pdf.output())


FIXTURE_PAGES: tuple[tuple[str, ...], ...] = (
    (
        "## Executive Order 14999 of January 17, 2025",
        "",
        "## Safeguards for Signals Intelligence Activities",
        "",
        "By the authority vested in me as President by the Constitution and the laws of the",
        "United States of America, including the Foreign Intelligence Surveillance Act of 1978",
        "(FISA), it is hereby ordered as follows:",
        "",
        "Section 1. Purpose. The United States collects foreign intelligence under",
        "50 U.S.C. 1881a and under Executive Order 12333. This order sets out the",
        "safeguards that apply to that collection.",
        "",
        "Sec. 2. Policy. (a) Signals intelligence activities shall be conducted only as",
        "authorized by statute or by Executive Order, and each element of the Intelligence",
        "Community shall ensure that its procedures are reviewed every year by the",
    ),
    (
        "Attorney General and that each review is reported to the congressional intelligence",
        "committees within 90 days of its completion.",
        "(b) Every activity under this order shall respect the Fourth Amendment to the",
        "Constitution of the United States.",
        "",
        "Sec. 3. Review. The Attorney General shall report each year on the number of",
        "targets under 50 U.S.C. 1881a and on every incident of noncompliance.",
    ),
    (
        "Sec. 4. Autonomous Systems. The Secretary of Defense shall review",
        "DoD Directive 3000.09 and report to the President within 180 days on whether its",
        "requirements for human judgment over the use of force remain adequate.",
        "",
        "Sec. 5. General Provisions. Nothing in this order shall be construed to impair the",
        "authority granted by law to an executive department or agency.",
        "",
        "THE WHITE HOUSE,",
        "January 17, 2025.",
    ),
)
"""The fixture's lines, page by page ("" a blank line, "## " a bold heading)."""

FIXTURE_CITATIONS: dict[str, tuple[int, ...]] = {
    "Foreign Intelligence Surveillance Act of 1978": (1,),
    "FISA": (1,),
    "50 U.S.C. 1881a": (1, 2),
    "Executive Order 12333": (1,),
    "Fourth Amendment": (2,),
    "DoD Directive 3000.09": (3,),
}
"""Each authority the fixture cites, and the pages it is cited on."""


def build_fixture_pdf(path: Path) -> None:
    """Write an executive-order-like three-page PDF with Federal Register running heads to ``path``.

    Every page has the Federal Register head with a folio (8001, 8002, ...)
    and a "Page N of 3" foot; a sentence of section 2 runs on from page 1 to
    page 2; the text cites FISA, 50 U.S.C. 1881a, Executive Order 12333, the
    Fourth Amendment and DoD Directive 3000.09 (see ``FIXTURE_CITATIONS``).
    """
    path.write_bytes(pdf_bytes(
        FIXTURE_PAGES,
        head=FEDERAL_REGISTER_HEAD,
        folio="80{page:02d}",
        foot="Page {page} of {pages}",
        title="Safeguards for Signals Intelligence Activities",
        author="Executive Office of the President",
        created=datetime.datetime(2025, 1, 20, 9, 30, tzinfo=datetime.UTC),
    ))
