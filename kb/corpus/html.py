"""HTML reader: a web page's main text, its structure written the way segmentation reads plain text.

trafilatura finds the page's main text and drops what surrounds it: the
navigation bar, cookie banners, share buttons, "Keep reading" and related
cards, comment sections and comment forms, sidebars and footers, none of
which the page's author wrote as part of the document (a knowledge base of
claims must not read "Accept all cookies" or a reader's comment as the
publisher speaking). It drops scripts and styles; ``<noscript>`` fallbacks
and ``<nav>`` elements are pruned before it runs, so that a script-built app
shell or a page of menus has no main text either. trafilatura also reads the
page's metadata (``og:`` and ``article:`` meta tags, JSON-LD, the canonical
link, ``<title>``; htmldate for the date). ``docs/readers.md`` compares it
with inscriptis, selectolax and BeautifulSoup and gives the reasons.

trafilatura's own markdown output is not used: it escapes text for
CommonMark ("1\\." "\\[sic\\]" "persons\\_of\\_interest"), writes
superscripts as inline HTML, tables as pipe rows, and a ``<br>`` as a
paragraph break. Its extracted tree (``head``, ``p``, ``list``/``item``,
``table``/``row``/``cell``, ``quote``, ``hi``, ``lb``) is written here
instead, in ``Reading``'s conventions:

- a heading is a line of ``#`` marks, one per level (``<h1>`` to ``<h6>``);
  when the extracted text holds no level-1 heading and the page has a
  title, the text opens with ``# title``, so that the sections nest under
  the document as they do on the page;
- a list item is "- " (unordered) or "1. ", "2. " (ordered, counted from 1
  per list), two spaces of indentation per nesting level, consecutive items
  on consecutive lines; a definition list's terms and definitions are
  paragraphs;
- a paragraph (quotes and preformatted blocks included) is its text, a
  ``<br>`` a newline, two or more a blank line; a paragraph that is all
  bold and not a sentence ("Will the models be used for surveillance?") is
  written ``**text**``, the bold line segmentation reads as a heading;
- a table, each non-empty cell's text on a line of its own (its paragraphs
  joined by a space), a blank line after each row.

Blocks are separated by blank lines and the text ends with one newline.
Entities are decoded; whitespace runs, no-break spaces (U+00A0) included,
become one plain space, and soft hyphens and zero-width spaces are removed,
so that "50&nbsp;U.S.C.&nbsp;&sect;&nbsp;1881a" reads "50 U.S.C. § 1881a".
Emphasis and links keep their text only; images, struck-through text
(``<del>``, ``<s>``) and footnote marks in superscript ("2018.<sup>1</sup>")
are not read. Same bytes, same ``Reading``.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from kb.corpus.errors import CorpusError
from kb.corpus.reading import Reading, decode_utf8

if TYPE_CHECKING:
    from lxml.etree import _Element  # trafilatura's tree: lxml comes with it

LIBRARY = "trafilatura"
"""The distribution that extracts the main text and metadata, whose version the documents table records."""

CHARSET_PRESCAN_BYTES = 16_384
"""How far into the file a ``<meta charset>`` (or an XML declaration's encoding) is looked for."""

PRUNED = ["//noscript", "//nav"]
"""Dropped before extraction: script fallbacks ("You need to enable JavaScript") and navigation, never a document's text."""

DATE_PARAMS = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}
"""htmldate's options: the publication date the markup states (meta tags, JSON-LD, ``<time>``, a date element,
the URL), not any date found in the prose; a fixed upper bound so the result does not depend on the day of the build."""

MAX_HEADING_LEVEL = 6

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_WINDOWS_1252 = frozenset({"ascii", "cp1252", "iso8859-1"})
"""Labels browsers read as windows-1252 (the WHATWG Encoding Standard): a page saying ISO-8859-1 means it."""

_BLOCKS = frozenset({"head", "p", "list", "table", "quote", "code"})
_NESTED_BLOCKS = _BLOCKS | {"item", "row", "cell"}
_INVISIBLE = re.compile("[\u00ad\u200b\ufeff]")  # soft hyphen, zero-width space, a stray BOM
_SPACES = re.compile(r"\s+")
_FOOTNOTE_MARK = re.compile(r"[\[(]?(?:\d{1,3}|[*\u2020\u2021]{1,3})[\])]?")
_STATEMENT_END = re.compile(r"[.!;,]['\"\u2019\u201d)\]]*$")  # as segmentation reads a bold line
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEADING = re.compile(r"#{1,6} ")


def read_html(raw: bytes, path: Path) -> Reading:
    """A web page's main text with its headings, lists and tables, and the metadata it states.

    Args:
        raw: the file's bytes.
        path: the file, for error messages.

    Returns:
        The text in ``Reading``'s conventions (``body_offset`` 0: the text is
        written from the page, not a slice of it) and, of title, publisher,
        date and url, those the page states.

    Raises:
        CorpusError: the file cannot be decoded, or the page has no main text.
    """
    html = decode_html(raw, path)
    if "html" not in html[:50].lower():
        html = f"<!DOCTYPE html>\n{html}"  # trafilatura refuses a fragment ("<p>...</p>") it cannot see is HTML
    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=True,
        deduplicate=False,
        with_metadata=True,
        date_extraction_params=dict(DATE_PARAMS),
        prune_xpath=PRUNED,
    )
    body = _render(document.body) if isinstance(document, Document) else ""
    if not isinstance(document, Document) or not body or all(_HEADING.match(block) for block in body.split("\n\n")):
        raise CorpusError(
            path,
            f"no main text found in the page ({LIBRARY} found no article text: a page whose text is written by"
            " scripts, or one of only links or forms, has none to read)",
        )
    metadata = _metadata(document)
    title = metadata.get("title")
    first = body.split("\n", 1)[0].lstrip("#").strip()
    if title and not re.search(r"(?m)^# ", body) and first != title:
        body = f"# {title}\n\n{body}"
    return Reading(body, metadata)


def decode_html(raw: bytes, path: Path) -> str:
    """The page's characters: by its byte order mark, else the charset it declares, else UTF-8.

    Args:
        raw: the file's bytes.
        path: the file, for error messages.

    Raises:
        CorpusError: the bytes are not valid in that encoding, or look binary.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            if encoding == "utf-8":
                return decode_utf8(raw, path)
            return _decode(raw[len(bom):], encoding, f"{encoding.upper()} (by its byte order mark)", path, len(bom))
    declared = _declared_encoding(raw[:CHARSET_PRESCAN_BYTES])
    if declared is None or declared[1] == "utf-8" or b"\x00" in raw:  # decode_utf8 refuses NUL bytes as binary
        try:
            return decode_utf8(raw, path)
        except CorpusError as error:
            if declared is None and error.message.startswith("not valid UTF-8"):
                error.message += "; a page in another encoding must declare it (<meta charset=\"...\">)"
            raise
    label, encoding = declared
    return _decode(raw, encoding, f"{label} (the encoding the page declares)", path, 0)


def _declared_encoding(head: bytes) -> tuple[str, str] | None:
    """The label a ``<meta charset>`` or XML declaration gives and its codec; None for none or an unknown label."""
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    label = match[1].decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _WINDOWS_1252:
        return label, "cp1252"
    if name.startswith(("utf-8", "utf-16", "utf-32")):
        return label, "utf-8"  # a page readable enough to declare UTF-16 in ASCII is not UTF-16 (WHATWG: read it as UTF-8)
    return label, name


def _decode(raw: bytes, encoding: str, described: str, path: Path, skipped: int) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        offset = exc.start + skipped
        raise CorpusError(path, f"not valid {described}: byte 0x{raw[exc.start]:02x} at offset {offset}", line) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CorpusError(path, "file looks binary (contains NUL characters)", line)
    return text


# --- metadata -------------------------------------------------------------


def _metadata(document: Document) -> dict[str, str | None]:
    """Title, publisher, date and url, each only when the page states it.

    trafilatura's site name is the publisher, unless it is a guess: a piece of
    the title, or the host name of the page's URL.
    """
    metadata: dict[str, str | None] = {}
    title = _tidy(document.title or "")
    if title:
        metadata["title"] = title
    site = _tidy(document.sitename or "")
    host = (urlsplit(document.url).hostname or "") if document.url else ""
    in_title = bool(title) and site.lower() != title.lower() and re.search(rf"(?<!\w){re.escape(title)}(?!\w)", site, re.IGNORECASE)
    guessed = in_title or (" " not in site and host.lower().endswith(site.lower()))
    if site and not guessed:
        metadata["publisher"] = site
    if document.date and _ISO_DATE.fullmatch(document.date):
        metadata["date"] = document.date
    if document.url and document.url.startswith(("http://", "https://")):
        metadata["url"] = document.url
    return metadata


# --- the extracted tree to text -------------------------------------------


def _render(body: _Element) -> str:
    """The extracted tree's blocks, separated by blank lines, ending with one newline."""
    blocks: list[str] = []
    _add_text(body.text, blocks)
    for child in body:
        _block(child, blocks)
        _add_text(child.tail, blocks)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _block(element: _Element, blocks: list[str]) -> None:
    """Append what one element of the extracted tree shows, as blocks."""
    tag = element.tag
    if tag == "head":
        text = _line(element)
        if text:
            blocks.append(f"{'#' * _level(element)} {text}")
    elif tag == "list" and element.get("rend") == "dl":
        for item in element:
            _add_text(_line(item), blocks)
            _add_text(item.tail, blocks)
    elif tag == "list":
        lines = _list_lines(element, 0)
        if lines:
            blocks.append("\n".join(lines))
    elif tag == "table":
        for row in element.iterchildren("row"):  # a table nested in a cell is part of that cell's line
            cells = [text for text in (_line(cell) for cell in row.iterchildren("cell")) if text]
            if cells:
                blocks.append("\n".join(cells))
    elif tag == "graphic":
        return
    elif any(child.tag in _BLOCKS for child in element):  # a quote or division holding paragraphs
        _add_text(element.text, blocks)
        for child in element:
            _block(child, blocks)
            _add_text(child.tail, blocks)
    elif paragraph := _paragraph(element):
        blocks.append(paragraph)


def _level(head: _Element) -> int:
    rend = head.get("rend") or ""
    return min(int(rend[1]), MAX_HEADING_LEVEL) if re.fullmatch(r"h[1-9]", rend) else 2


def _list_lines(element: _Element, depth: int) -> list[str]:
    """A list's items, "- " or "N. " after two spaces per level, nested lists under their item."""
    lines: list[str] = []
    ordered = element.get("rend") == "ol"
    number = 0
    for item in element:
        if item.tag != "item":
            continue
        number += 1
        marker = f"{number}. " if ordered else "- "
        nested = [child for child in item if child.tag == "list"]
        text = _line(item, skip=frozenset(nested))
        if text:
            lines.append(f"{'  ' * depth}{marker}{text}")
        for sublist in nested:
            lines.extend(_list_lines(sublist, depth + 1))
    return lines


def _paragraph(element: _Element) -> str:
    """A paragraph's text, its line breaks kept; ``**text**`` when it is all bold and no sentence.

    In a quote or a code block (``<blockquote>``, ``<pre>``) the source's own
    line ends are line breaks too: preformatted text keeps its lines.
    """
    keep_lines = element.tag in ("quote", "code")
    text = "\n".join(_tidy(line) for line in _inline(element, "\n", keep_lines=keep_lines).split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if text and "\n" not in text and _all_bold(element) and not _STATEMENT_END.search(text):
        return f"**{text}**"
    return text


def _line(element: _Element, skip: frozenset[_Element] = frozenset()) -> str:
    """An element's text on one line: a heading, an item, a cell."""
    return _tidy(_inline(element, " ", skip))


def _inline(element: _Element, newline: str, skip: frozenset[_Element] = frozenset(), keep_lines: bool = False) -> str:
    """The text of an element and its descendants, ``newline`` for each ``<br>``, nested blocks apart by a space.

    The source's whitespace is a space (HTML does not show its line ends), unless ``keep_lines``.
    """
    def source(text: str | None) -> str:
        return (text or "") if keep_lines else _SPACES.sub(" ", text or "")

    parts = [source(element.text)]
    for child in element:
        if child in skip or _unread(child):
            pass
        elif child.tag == "lb":
            parts.append(newline)
        elif child.tag in _NESTED_BLOCKS:  # a paragraph in an item, a list in a cell: on the same line
            parts.append(f" {_inline(child, ' ', skip)} ")
        else:
            parts.append(_inline(child, newline, skip, keep_lines))
        parts.append(source(child.tail))
    return "".join(parts)


def _unread(element: _Element) -> bool:
    """Struck-through text, images and footnote marks in superscript: not part of the text as it reads."""
    if element.tag in ("del", "graphic"):
        return True
    return element.tag == "hi" and element.get("rend") == "#sup" and bool(_FOOTNOTE_MARK.fullmatch(_tidy("".join(element.itertext()))))


def _all_bold(element: _Element) -> bool:
    """Whether every character of a paragraph is inside bold (``hi rend="#b"``)."""
    if (element.text or "").strip() or not len(element):
        return False
    return all(child.tag == "hi" and child.get("rend") == "#b" and not (child.tail or "").strip() for child in element)


def _tidy(text: str) -> str:
    """Whitespace runs (no-break spaces included) to one space, invisible characters out, trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _add_text(text: str | None, blocks: list[str]) -> None:
    """Append loose text (a tail between blocks) as a paragraph, when there is any."""
    if text and (tidy := _tidy(text)):
        blocks.append(tidy)
