"""DOCX reader: a Word document's body, its structure written the way segmentation reads plain text.

python-docx opens the package (zip, content types, relationships, the parts'
XML); the body is walked here, on that XML, because python-docx's own
``Paragraph.text`` skips text Word shows: tracked insertions (``w:ins``),
content controls (``w:sdt``), simple fields and smart tags. ``docs/readers.md``
compares it with mammoth and gives the reasons for the choice.

What ``text`` holds, in document order (``Reading``'s conventions):

- a paragraph in a Title or Heading style (or one based on them, or with an
  outline level) is a heading line, ``#`` once per level; when the document
  uses the Title style, Title is level 1 and "Heading N" level N + 1, else
  "Heading N" is level N (at most 6);
- a list paragraph (a "List Bullet*" / "List Number*" style, or numbering
  properties of its own or from its style) is an item, "- " for bullets and
  "1. ", "2. " for every other numbering format, counted per level and
  restarted after any paragraph or table that is no item; two spaces of
  indentation per level (``w:ilvl``, or the "2" of "List Bullet 2");
  consecutive items are on consecutive lines;
- every other paragraph as typed, so that markers typed by hand ("1.",
  "(a)") stay as they are; a text box's paragraphs follow the paragraph it
  is anchored in; table of contents entries ("TOC N" styles) are dropped,
  being copies of the headings;
- a table, each cell's text on a line of its own (its paragraphs joined by
  a space), a blank line after each row;
- footnotes then endnotes, in the order of their references, after the body
  under a "## Notes" heading, each as "N. text".

Blocks are separated by blank lines and the text ends with one newline.
Paragraph text is the runs' text exactly (no-break spaces, curly quotes,
tabs; a line break is a newline), trimmed of surrounding whitespace; within
headings, items, cells and notes a line break is a space, so that each stays
on its line. Empty paragraphs are dropped. Tracked changes are read as if
accepted (insertions kept, deletions dropped); field codes, headers, footers,
comments and equations are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.parser import parse_xml

from kb.corpus.errors import CorpusError
from kb.corpus.reading import Reading

LIBRARY = "python-docx"
"""The distribution that opens the package, whose version the documents table records."""

MAX_UNPACKED_BYTES = 100_000_000
"""A package that unpacks to more than this is refused before it is parsed: a zip bomb. Word's XML packs
about 25 to 1, so a document within the 1 MB limit per file unpacks to some 30 MB at most."""

MAX_HEADING_LEVEL = 6
"""Deeper headings ("Heading 7" to "Heading 9") are written at this level, the most ``#`` marks segmentation reads."""

PLACEHOLDER_AUTHORS = frozenset({"python-docx", "microsoft office user", "windows user", "user", "administrator", "author"})
"""Author names that tools write by default (lower case): no publisher."""

PYTHON_DOCX_TEMPLATE_DATE = "2013-12-23T23:15:00"
"""The created and modified time of python-docx's default template, which a generated file keeps unless set: no date."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a legacy .doc, or a password-protected .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_EXTENDED = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (_W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
_T, _TAB, _PTAB, _BR, _CR, _NB_HYPHEN = (_W + t for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen"))
_TXBX = _W + "txbxContent"
_VAL, _ID, _TYPE = _W + "val", _W + "id", _W + "type"

_NOT_TEXT = frozenset(
    [_W + t for t in ("pPr", "rPr", "del", "moveFrom", "instrText", "delInstrText", "txbxContent", "fldData")]
    + [_MC + "Fallback"]
)
"""What holds no text of the paragraph: properties, deleted text, field codes, drawings' fallback copies, and
text boxes (read as blocks of their own, after the paragraph they are anchored in)."""
_WRAPPERS = frozenset({_SDT, _SDT_CONTENT, _CUSTOM_XML})
"""Elements that wrap paragraphs, tables, rows or cells (content controls, custom XML) without being one."""
_BLOCK_TAGS, _ROW_TAGS, _CELL_TAGS = frozenset({_P, _TBL}), frozenset({_TR}), frozenset({_TC})
_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})

_IN_MEMORY = re.compile(r"file '<_io\.BytesIO object at 0x[0-9a-fA-F]+>'")  # python-docx names the stream it read
_HEADING_STYLE = re.compile(r"heading ([1-9])")
_LIST_STYLE = re.compile(r"list (bullet|number)(?: ([2-9]))?")
_TOC_STYLE = re.compile(r"toc [1-9]|table of figures")


@dataclass(frozen=True)
class _Style:
    """What a paragraph style says about structure, with what it inherits from the styles it is based on."""

    heading: int | None = None
    """0 for Title, N for "Heading N" (or outline level N - 1), None for no heading."""
    list_kind: str | None = None
    """"bullet" or "number" for the List Bullet / List Number styles."""
    list_level: int = 0
    """The level the style's name states: 1 for "List Bullet 2"."""
    num_id: str | None = None
    ilvl: int | None = None
    toc: bool = False
    """A table of contents entry ("TOC 1"): a copy of a heading with its page number, not read."""


@dataclass
class _Numbering:
    """The numbering definitions: each list's format per level."""

    formats: dict[str, dict[int, str]] = field(default_factory=dict)
    """numId to {ilvl: numFmt}."""

    def kind(self, num_id: str, ilvl: int) -> str | None:
        """Whether a list level is a "bullet" or a "number" list; None for one shown without marker, or undefined."""
        levels = self.formats.get(num_id)
        if levels is None:
            return None
        fmt = levels.get(ilvl, levels.get(0, "decimal"))
        if fmt == "none":
            return None
        return "bullet" if fmt == "bullet" else "number"


def read_docx(raw: bytes, path: Path) -> Reading:
    """Read a Word (.docx) file.

    Args:
        raw: the file's bytes.
        path: the file, for error messages.

    Returns:
        The body with its structure as text (see the module docstring), and
        ``title``, ``publisher`` (the company, else the author) and ``date``
        (created, else modified, as YYYY-MM-DD) from the document's
        properties, where they are set.

    Raises:
        CorpusError: the file is no Word document, is corrupt, or has no text.
    """
    try:
        _check_size(raw)
        document = docx.Document(io.BytesIO(raw))
        part = document.part
        styles = _styles(_related_element(part, RT.STYLES))
        numbering = _numbering(_related_element(part, RT.NUMBERING))
        notes = [_related_element(part, RT.FOOTNOTES), _related_element(part, RT.ENDNOTES)]
        metadata = _metadata(part.package)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError,
            zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        if raw.startswith(_OLE_MAGIC):
            reason = "an OLE compound file (a legacy .doc, or an encrypted document); save it as .docx"
        else:
            reason = _IN_MEMORY.sub("the package", str(exc)) or type(exc).__name__
        raise CorpusError(path, f"not a readable Word document: {reason}") from exc
    body = document.element.body
    text = _Writer(styles, numbering).write(body, notes)
    if not text.strip():
        raise CorpusError(path, "Word document has no text")
    return Reading(text, metadata)


def _check_size(raw: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValueError(f"unpacks to {unpacked / 1e6:.0f} MB, above the {MAX_UNPACKED_BYTES / 1e6:g} MB limit")


def _related_element(part: Any, reltype: str) -> Any:
    """The root element of the part the document relates to by ``reltype``, None when there is none."""
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    element = getattr(related, "element", None)
    return element if element is not None else parse_xml(related.blob)


# --- styles, numbering, properties -------------------------------------------


def _styles(root: Any) -> dict[str, _Style]:
    """Every paragraph style by id, with what it inherits from the styles it is based on; the default under ""."""
    if root is None:
        return {}
    raw: dict[str, Any] = {}
    for style in root.iterchildren(_W + "style"):
        if style.get(_TYPE, "paragraph") == "paragraph" and style.get(_W + "styleId"):
            raw[style.get(_W + "styleId")] = style
    resolved: dict[str, _Style] = {}

    def resolve(style_id: str, seen: frozenset[str]) -> _Style:
        if style_id in resolved:
            return resolved[style_id]
        element = raw[style_id]
        based = element.find(_W + "basedOn")
        base_id = None if based is None else based.get(_VAL)
        base = resolve(base_id, seen | {style_id}) if base_id in raw and base_id not in seen else _Style()
        name_element = element.find(_W + "name")
        name = (name_element.get(_VAL, "") if name_element is not None else "").strip().lower()
        heading, list_kind, list_level = base.heading, base.list_kind, base.list_level
        if name == "title":
            heading = 0
        elif m := _HEADING_STYLE.fullmatch(name):
            heading = int(m[1])
        elif (outline := _outline_level(element.find(_W + "pPr"))) is not None:
            heading = outline
        if m := _LIST_STYLE.fullmatch(name):
            list_kind, list_level = m[1], int(m[2] or 1) - 1
        num_id, ilvl = _num_pr(element.find(_W + "pPr"))
        style = _Style(heading, list_kind, list_level, num_id if num_id is not None else base.num_id,
                       ilvl if ilvl is not None else base.ilvl, base.toc or bool(_TOC_STYLE.fullmatch(name)))
        resolved[style_id] = style
        return style

    for style_id in raw:
        resolve(style_id, frozenset())
    defaults = [i for i, style in raw.items() if style.get(_W + "default") in ("1", "true", "on")]
    if defaults:
        resolved[""] = resolved[defaults[0]]  # the style of a paragraph that names none
    return resolved


def _outline_level(ppr: Any) -> int | None:
    """The heading level an outline level states (0 is level 1; 9 is body text), None for none."""
    outline = None if ppr is None else ppr.find(_W + "outlineLvl")
    value = None if outline is None else outline.get(_VAL)
    return int(value) + 1 if value is not None and value.isdigit() and int(value) < 9 else None


def _num_pr(ppr: Any) -> tuple[str | None, int | None]:
    """numId and ilvl of a paragraph's (or style's) numbering properties, each None when absent."""
    num_pr = None if ppr is None else ppr.find(_W + "numPr")
    if num_pr is None:
        return None, None
    num_id_element, ilvl_element = num_pr.find(_W + "numId"), num_pr.find(_W + "ilvl")
    num_id = None if num_id_element is None else num_id_element.get(_VAL)
    ilvl = None if ilvl_element is None else ilvl_element.get(_VAL)
    return num_id, int(ilvl) if ilvl is not None and ilvl.isdigit() else None


def _numbering(root: Any) -> _Numbering:
    """Each list's number format per level, overrides applied."""
    numbering = _Numbering()
    if root is None:
        return numbering

    def formats(parent: Any) -> dict[int, str]:
        found: dict[int, str] = {}
        for lvl in parent.iterchildren(_W + "lvl"):
            fmt, ilvl = lvl.find(_W + "numFmt"), lvl.get(_W + "ilvl", "0")
            if ilvl.isdigit():
                found[int(ilvl)] = "decimal" if fmt is None else fmt.get(_VAL, "decimal")
        return found

    abstract = {a.get(_W + "abstractNumId"): formats(a) for a in root.iterchildren(_W + "abstractNum")}
    for num in root.iterchildren(_W + "num"):
        ref = num.find(_W + "abstractNumId")
        levels = dict(abstract.get(None if ref is None else ref.get(_VAL)) or {})
        for override in num.iterchildren(_W + "lvlOverride"):
            levels.update(formats(override))
        if num.get(_W + "numId") is not None:
            numbering.formats[num.get(_W + "numId")] = levels
    return numbering


def _metadata(package: Any) -> dict[str, str | None]:
    """title, publisher and date from the core and extended properties, only those set."""
    try:
        core = package.part_related_by(RT.CORE_PROPERTIES).core_properties
    except (KeyError, AttributeError):
        core = None  # python-docx's own ``core_properties`` would make up a part, dated now
    title = (core.title or "").strip() if core else ""
    author = (core.author or "").strip() if core else ""
    template_author = author == "python-docx"
    if author.lower() in PLACEHOLDER_AUTHORS:
        author = ""
    date = ""
    if core:
        for when in (core.created, core.modified):
            if when is not None and not (template_author and when.strftime("%Y-%m-%dT%H:%M:%S") == PYTHON_DOCX_TEMPLATE_DATE):
                date = when.date().isoformat()
                break
    publisher = _company(package) or author
    found = {"title": title, "publisher": publisher, "date": date}
    return {key: value for key, value in found.items() if value}


def _company(package: Any) -> str:
    """The ``Company`` extended property (docProps/app.xml), empty when unset or unreadable."""
    try:
        company = parse_xml(package.part_related_by(RT.EXTENDED_PROPERTIES).blob).find(_EXTENDED + "Company")
    except (KeyError, ValueError, SyntaxError):
        return ""
    return (company.text or "").strip() if company is not None else ""


# --- the body to text ---------------------------------------------------------


class _Writer:
    """Writes a body's blocks as text, keeping the list counters between them."""

    def __init__(self, styles: dict[str, _Style], numbering: _Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.shift = 0
        self.counters: list[tuple[str, int]] = []  # per level: (kind, last number)

    def write(self, body: Any, notes: list[Any]) -> str:
        """The whole text: the body's blocks, then the notes.

        Args:
            body: the ``w:body`` element.
            notes: the footnotes and endnotes parts' root elements (None for a part the document lacks).

        Returns:
            The text, ending with one newline; empty when the document has none.
        """
        self.shift = int(any(self._style(p).heading == 0 and _text(p).strip() for p in body.iter(_P)))
        chunks: list[tuple[str, bool]] = []  # (text, is a list item)
        self._chunks(body, chunks)
        notes_text = _notes(body, notes)
        if notes_text:
            chunks.append(("## Notes", False))
            chunks.extend((f"{n}. {note}", True) for n, note in enumerate(notes_text, 1))
        out: list[str] = []
        for i, (chunk, item) in enumerate(chunks):
            if i:
                out.append("\n" if item and chunks[i - 1][1] else "\n\n")
            out.append(chunk)
        return "".join(out) + "\n" if out else ""

    def _chunks(self, container: Any, chunks: list[tuple[str, bool]]) -> None:
        """Append each block's text and whether it is a list item; a text box's blocks after its paragraph."""
        for block in _blocks(container):
            if block.tag == _TBL:
                self.counters = []
                chunks.extend((row, False) for row in _table_rows(block))
                continue
            line = self._paragraph(block)
            if line is not None:
                chunks.append(line)
            for box in _text_boxes(block):
                self._chunks(box, chunks)

    def _style(self, p: Any) -> _Style:
        ppr = p.find(_W + "pPr")
        style_element = None if ppr is None else ppr.find(_W + "pStyle")
        style_id = None if style_element is None else style_element.get(_VAL)
        return self.styles.get(style_id or "", _Style())

    def _paragraph(self, p: Any) -> tuple[str, bool] | None:
        """A paragraph's line(s) and whether it is a list item; None for an empty paragraph."""
        text = _text(p).strip()
        if not text:
            return None
        style = self._style(p)
        if style.toc:
            return None
        ppr = p.find(_W + "pPr")
        heading = _outline_level(ppr)
        if heading is None:
            heading = style.heading
        if heading is not None:
            self.counters = []
            level = heading + self.shift if heading else 1
            return "#" * min(level, MAX_HEADING_LEVEL) + " " + _one_line(text), False
        item = self._item(ppr, style)
        if item is None:
            self.counters = []
            return text, False
        kind, level = item
        del self.counters[level + 1:]
        while len(self.counters) <= level:
            self.counters.append(("", 0))
        previous_kind, count = self.counters[level]
        number = count + 1 if previous_kind == kind else 1
        self.counters[level] = (kind, number)
        marker = "- " if kind == "bullet" else f"{number}. "
        return "  " * level + marker + _one_line(text), True

    def _item(self, ppr: Any, style: _Style) -> tuple[str, int] | None:
        """(kind, level) of a list paragraph, None for a paragraph that is no item."""
        num_id, ilvl = _num_pr(ppr)
        if num_id == "0":
            return None  # numbering explicitly removed
        if num_id is None:
            num_id = style.num_id
        if ilvl is None:
            ilvl = style.ilvl
        level = max(style.list_level, ilvl or 0)
        if style.list_kind is not None:
            return style.list_kind, level
        if num_id is None or num_id == "0":
            return None
        kind = self.numbering.kind(num_id, ilvl or 0)
        return (kind, level) if kind else None


def _children(container: Any, tags: frozenset[str]) -> Iterator[Any]:
    """The children of ``container`` with one of ``tags``, in order, through content controls and custom XML."""
    for child in container.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tags)


def _blocks(container: Any) -> Iterator[Any]:
    """The paragraphs and tables of a body, cell, text box or note."""
    return _children(container, _BLOCK_TAGS)


def _rows(table: Any) -> Iterator[Any]:
    return _children(table, _ROW_TAGS)


def _cells(row: Any) -> Iterator[Any]:
    """The cells of a table row: a merged cell is one ``w:tc``, so it comes once."""
    return _children(row, _CELL_TAGS)


def _text_boxes(element: Any) -> Iterator[Any]:
    """The text boxes (``w:txbxContent``) anchored in a paragraph, each once (not the fallback copy)."""
    for child in element.iterchildren():
        if child.tag == _TXBX:
            yield child
        elif isinstance(child.tag, str) and child.tag not in _NOT_TEXT:
            yield from _text_boxes(child)


def _table_rows(table: Any) -> Iterator[str]:
    """Each row with text: its non-empty cells one per line."""
    for row in _rows(table):
        lines = [line for line in (_cell_text(cell) for cell in _cells(row)) if line]
        if lines:
            yield "\n".join(lines)


def _cell_text(cell: Any) -> str:
    """A cell's paragraphs (nested tables' included) on one line, joined by a space."""
    return " ".join(_flat_paragraphs(cell))


def _flat_paragraphs(container: Any) -> Iterator[str]:
    for block in _blocks(container):
        if block.tag == _TBL:
            for row in _rows(block):
                for cell in _cells(row):
                    yield from _flat_paragraphs(cell)
        elif text := _one_line(_text(block).strip()):
            yield text


def _text(element: Any) -> str:
    """The text Word shows for a paragraph: runs, hyperlinks, insertions, fields' results, content controls."""
    out: list[str] = []
    _collect(element, out)
    return "".join(out)


def _collect(element: Any, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag in (_TAB, _PTAB):
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NB_HYPHEN:
            out.append("-")
        elif isinstance(tag, str) and tag not in _NOT_TEXT:
            _collect(child, out)


def _one_line(text: str) -> str:
    """Line breaks inside a heading, item, cell or note become spaces, so that it stays on its line."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", text) if "\n" in text else text


def _notes(body: Any, parts: Iterable[Any]) -> list[str]:
    """The text of every footnote then endnote the body refers to, in the order of the references."""
    found: list[str] = []
    for root, reference in zip(parts, ("footnoteReference", "endnoteReference")):
        if root is None:
            continue
        notes = {n.get(_ID): n for n in root.iterchildren(_W + "footnote", _W + "endnote") if n.get(_TYPE) not in _NOTE_SEPARATORS}
        seen: set[str] = set()
        for ref in body.iter(_W + reference):
            note_id = ref.get(_ID)
            if note_id in seen or note_id not in notes or _deleted(ref):
                continue
            seen.add(note_id)
            if text := " ".join(_flat_paragraphs(notes[note_id])):
                found.append(text)
    return found


def _deleted(element: Any) -> bool:
    return any(a.tag in (_W + "del", _W + "moveFrom") for a in element.iterancestors())
