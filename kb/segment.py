"""Document text to structural units (sections, paragraphs, list items, clauses, FAQ).

Works on lines, because that is how the texts we read carry structure: blank
lines end paragraphs, a marker at the start of a line opens a list item, a
short unpunctuated line is a heading. Offsets are into the document text as
read; every unit is trimmed of surrounding whitespace (non-breaking spaces
included) so that its offsets reproduce its text exactly. Sentences come later,
from the spaCy pipeline, which needs the block spans found here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kb.data import DATA_DIR, load_json
from kb.models import Clause, Document, FaqEntry, ListItem, Paragraph, Section, Segmentation, stable_id

# --- marker grammar: each piece names the real form it exists for ---------
_DECIMAL = r"(?P<decimal>\d{1,3}(?:\.\d{1,3})*)[.)]"  # "1." "2)" "1.2."
_PAREN = r"\((?P<paren>\d{1,3}|[a-z]{1,5}|[A-Z]{1,5})\)"  # "(a)" "(iv)" "(2)" "(A)"
_LETTER = r"(?P<letter>[a-z]|[ivx]{2,5}|[A-Z])[.)]"  # "a." "iv)" "B." outline letters
_SECTION = r"(?P<section_word>(?i:sec(?:tion)?\.?|§))\s*(?P<section>\d{1,4}[A-Za-z]?(?:\.\d{1,3})?)\.?(?=\s|$)"  # "Sec. 2." "Section 3" "§ 4"
_ARTICLE = r"(?i:article)\s+(?P<article>[IVXLC]{1,6}|\d{1,3})[.:](?=\s|$)"  # "Article IV." in charters
_NUMBERED = re.compile(rf"(?:{_SECTION}|{_ARTICLE}|{_DECIMAL}|{_PAREN}|{_LETTER})(?=\s|$)")
_MD_HEADING = re.compile(r"(?P<hashes>#{1,6})[ \t\u00a0]+(?P<text>.*?)[ \t\u00a0#]*$")
_QUESTION_MARK = re.compile(r"(?:Q|(?i:question))\s*[:.](?=\s)")  # "Q:" "Q." "Question:" in interview-style FAQs
_ANSWER_MARK = re.compile(r"(?:A\s*:|(?i:answer)\s*[:.])(?=\s)")  # "A:" "Answer." ("A." is an outline letter)
_BOLD_LINE = re.compile(r"(\*\*|__)(?P<text>[^*_].*?)\1$")  # "**FAQs**" as a heading in markdown
_SENTENCE_END = re.compile(r"[.?!;,]['\"\u2019\u201d)\]]*$")
_ROMAN = frozenset("ivxlc")

MAX_HEADING_WORDS = 10
"""A line longer than this is prose, not a heading, whatever its punctuation."""
MAX_TITLE_WORDS = 8
"""A clause lead-in longer than this is its first sentence, not its title."""
MAX_COLON_TITLE_WORDS = 5
"""'Audit:' titles a clause; 'The Board may request new tables, subject to:' does not."""


@dataclass(frozen=True)
class Patterns:
    """Segmentation cues read from ``patterns/structure.json``."""

    faq_heading: re.Pattern[str]
    bullets: frozenset[str]


@lru_cache(maxsize=None)
def load_patterns(data_dir: Path = DATA_DIR) -> Patterns:
    """Compile the structure cues once per data folder."""
    data = load_json(data_dir / "patterns" / "structure.json")
    faq = re.compile("|".join(f"(?:{p})" for p in data["faq_headings"]), re.IGNORECASE)
    return Patterns(faq, frozenset(data["bullets"]))


@dataclass
class Block:
    """One structural block: a heading, a paragraph, a list item, a Q or A line.

    ``start``/``end`` span the block's content (after any marker), trimmed.
    """

    kind: str  # heading | paragraph | item | question | answer
    start: int
    end: int
    indent: int
    line_start: int
    marker: str = ""
    style: str = ""
    label: str = ""
    level: int = 1
    single_line: bool = True
    lead_in: bool = False


@dataclass
class _Open:
    """A list item whose nesting level is still open while later blocks arrive."""

    key: tuple[str, int]
    item: ListItem
    label: str
    clause: Clause | None
    count: int = 1
    continues: bool = False


@dataclass
class _State:
    stack: list[_Open] = field(default_factory=list)
    counters: dict[tuple[str | None, tuple[str, int] | None, int], int] = field(default_factory=dict)


def segment(document: Document, data_dir: Path = DATA_DIR) -> tuple[Segmentation, list[Block]]:
    """Split a document into units with exact offsets.

    Args:
        document: the document; offsets are into ``document.text``.
        data_dir: where ``patterns/structure.json`` lives.

    Returns:
        The units, and the blocks the sentence splitter must not cross.
    """
    patterns = load_patterns(data_dir)
    text = document.text
    blocks = _headings(text, _blocks(text, patterns), patterns)
    seg = Segmentation()
    _sections(document, blocks, seg)
    _paragraphs(document, blocks, seg)
    _lists(document, blocks, seg)
    _faq(document, blocks, seg, patterns)
    return seg, blocks


# --- lines to blocks ------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, without its newline."""
    spans, pos = [], 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _classify(text: str, start: int, end: int, patterns: Patterns) -> Block | None:
    """What a single non-blank line opens, or None for a plain text line."""
    s, e = _trim(text, start, end)
    line = text[s:e]
    indent = s - start
    if m := _MD_HEADING.fullmatch(line):
        hs, he = _trim(text, s + m.start("text"), s + m.end("text"))
        return Block("heading", hs, he, indent, s, marker=m["hashes"], level=len(m["hashes"]))
    if line[:1] in patterns.bullets and line[1:2].isspace():
        cs, ce = _trim(text, s + 1, e)
        return Block("item", cs, ce, indent, s, marker=line[0], style="bullet") if cs < ce else None
    for kind, mark in (("question", _QUESTION_MARK), ("answer", _ANSWER_MARK)):
        if m := mark.match(line):
            cs, ce = _trim(text, s + m.end(), e)
            return Block(kind, cs, ce, indent, s, marker=m.group(0))
    if m := _NUMBERED.match(line):
        cs, ce = _trim(text, s + m.end(), e)
        if cs < ce or m["section"] or m["article"]:
            style, label = _style(m)
            return Block("item", cs, ce, indent, s, marker=m.group(0), style=style, label=label)
    return None


def _style(m: re.Match[str]) -> tuple[str, str]:
    """Marker style and the label to number by."""
    if m["section"] or m["article"]:
        return "section", m["section"] or m["article"]
    if m["decimal"]:
        return "decimal", m["decimal"]
    label = m["paren"] or m["letter"]
    if label.isdigit():
        return "decimal", label
    if set(label.lower()) <= _ROMAN and (len(label) > 1 or label.lower() in "ivx"):
        return ("roman" if label.islower() else "upper_roman"), label
    return ("alpha" if label.islower() else "upper_alpha"), label


def _blocks(text: str, patterns: Patterns) -> list[Block]:
    """Group lines into blocks: a marker or heading line opens one, a blank line ends one."""
    blocks: list[Block] = []
    current: Block | None = None
    for start, end in _lines(text):
        if not text[start:end].strip():
            current = None
            continue
        opened = _classify(text, start, end, patterns)
        if opened is not None:
            blocks.append(opened)
            current = None if opened.kind == "heading" else opened
            continue
        s, e = _trim(text, start, end)
        if current is None:
            current = Block("paragraph", s, e, s - start, s)
            blocks.append(current)
        else:
            current.end = e
            current.single_line = False
    return [b for b in blocks if b.start < b.end]


def _headings(text: str, blocks: list[Block], patterns: Patterns) -> list[Block]:
    """Promote standalone short lines to headings, unless the text uses markdown headings."""
    if any(b.kind == "heading" for b in blocks):
        for b in blocks:
            if b.kind == "paragraph" and b.single_line and (m := _BOLD_LINE.fullmatch(text[b.start:b.end])):
                b.kind, b.level = "heading", 6
                b.start, b.end = _trim(text, b.start + m.start("text"), b.start + m.end("text"))
        return blocks
    for i, b in enumerate(blocks):
        if b.kind != "paragraph" or not b.single_line:
            continue
        line = text[b.start:b.end]
        words = len(line.split())
        introduces_list = (
            line.endswith(":")
            and words <= MAX_HEADING_WORDS + 2
            and i + 1 < len(blocks)
            and blocks[i + 1].kind == "item"
            and blocks[i + 1].style != "bullet"
        )
        standalone = (
            words <= MAX_HEADING_WORDS
            and not _SENTENCE_END.search(line)
            and not line.endswith(":")
            and (line[:1].isupper() or line[:1].isdigit())
        )
        if introduces_list or standalone or patterns.faq_heading.search(line):
            b.kind = "heading"
            if introduces_list:
                b.end = _trim(text, b.start, b.end - 1)[1]
                b.lead_in = True
    return blocks


# --- blocks to units ------------------------------------------------------


def _sections(document: Document, blocks: list[Block], seg: Segmentation) -> None:
    """Each heading opens a section that runs until the next heading of its level or above."""
    text = document.text
    open_: list[tuple[Section, int]] = []
    last_end = 0
    for b in blocks:
        if b.kind == "heading":
            while open_ and open_[-1][1] >= b.level:
                _close_section(text, open_.pop()[0], last_end)
            parent = open_[-1][0].id if open_ else None
            section = Section(
                id=stable_id(document.id, "section", b.start, b.end), document_id=document.id,
                parent_id=parent, number=len(seg.sections) + 1, level=b.level,
                heading=text[b.start:b.end], heading_start=b.start, heading_end=b.end,
                start=b.start, end=b.end, text="",
            )
            seg.sections.append(section)
            open_.append((section, b.level))
        last_end = b.end
    while open_:
        _close_section(text, open_.pop()[0], last_end)


def _close_section(text: str, section: Section, end: int) -> None:
    section.end = max(end, section.heading_end)
    section.text = text[section.start:section.end]


def _section_at(seg: Segmentation, offset: int) -> str | None:
    """The innermost section containing ``offset``."""
    inner = None
    for s in seg.sections:
        if s.start <= offset < s.end or s.start == offset:
            inner = s.id
    return inner


def _paragraphs(document: Document, blocks: list[Block], seg: Segmentation) -> None:
    for b in blocks:
        if b.kind == "heading":
            continue
        seg.paragraphs.append(Paragraph(
            id=stable_id(document.id, "paragraph", b.start, b.end), document_id=document.id,
            section_id=_section_at(seg, b.start), number=len(seg.paragraphs) + 1,
            start=b.start, end=b.end, text=document.text[b.start:b.end],
        ))


def _lists(document: Document, blocks: list[Block], seg: Segmentation) -> None:
    """Nest list items by marker style and indentation; numbered items become clauses.

    A numbered item's clause runs over the paragraphs that follow it up to its
    next sibling, because agreements put a clause's terms in the paragraphs
    under its numbered lead-in. The last item keeps them only when it
    introduces them (it ends in ":" or is a bare title). Bullets have no body:
    a paragraph ends them.
    """
    text, state = document.text, _State()
    paragraph_ids = {(p.start, p.end): p.id for p in seg.paragraphs}
    later = _later_styles(blocks)
    for i, b in enumerate(blocks):
        if b.kind in ("heading", "question"):
            _pop(text, state, len(state.stack))
        elif b.kind == "item":
            _open_item(document, seg, state, b, paragraph_ids[(b.start, b.end)])
        else:
            _absorb_paragraph(text, state, b, later[i])
    _pop(text, state, len(state.stack))


def _family(style: str) -> str:
    """Letters and roman numerals look alike ("i", "v"); compare them as one family."""
    return "letter" if style in ("alpha", "roman") else style


def _later_styles(blocks: list[Block]) -> list[frozenset[str]]:
    """For each block, the numbered styles of items that follow it before the next heading."""
    out: list[frozenset[str]] = [frozenset()] * len(blocks)
    seen: set[str] = set()
    for i in range(len(blocks) - 1, -1, -1):
        out[i] = frozenset(seen)
        b = blocks[i]
        if b.kind in ("heading", "question"):
            seen = set()
        elif b.kind == "item" and b.style != "bullet":
            seen.add(_family(b.style))
    return out


def _key(b: Block, state: _State) -> tuple[str, int]:
    style = b.style
    if style in ("roman", "alpha") and len(b.label) == 1:
        # "(i)" right after "(h)" is the ninth letter, not roman one.
        for entry in reversed(state.stack):
            if entry.key[0] == "alpha" and ord(b.label) - ord(entry.label[-1:] or "a") == 1:
                style = "alpha"
                break
        else:
            style = "roman" if any(e.key[0] == "alpha" for e in state.stack) else "alpha"
    indent = b.indent if style == "bullet" else 0
    return style, indent


def _open_item(document: Document, seg: Segmentation, state: _State, b: Block, paragraph_id: str) -> None:
    text = document.text
    key = _key(b, state)
    depth = next((i for i, e in enumerate(state.stack) if e.key == key), None)
    sibling_of = state.stack[depth] if depth is not None else None
    if depth is not None:
        _pop(text, state, len(state.stack) - depth)
    elif key[0] == "bullet":
        while state.stack and state.stack[-1].key[0] == "bullet" and state.stack[-1].key[1] >= key[1]:
            _pop(text, state, 1)
    number = sibling_of.count + 1 if sibling_of else 1
    parent = state.stack[-1] if state.stack else None
    item = ListItem(
        id=stable_id(document.id, "list_item", b.start, b.end), document_id=document.id,
        section_id=_section_at(seg, b.start), parent_id=parent.item.id if parent else None,
        paragraph_id=paragraph_id, marker=b.marker, style=key[0], level=len(state.stack) + 1,
        number=number, start=b.start, end=b.end, text=text[b.start:b.end],
    )
    seg.list_items.append(item)
    clause = None
    if key[0] != "bullet":
        parent_clause = next((e.clause for e in reversed(state.stack) if e.clause), None)
        path = f"{parent_clause.path}.{number}" if parent_clause else str(number)
        clause = Clause(
            id=stable_id(document.id, "clause", b.line_start, b.end), document_id=document.id,
            section_id=item.section_id, parent_id=parent_clause.id if parent_clause else None,
            label=b.marker, number=number, path=path,
            level=(parent_clause.level + 1) if parent_clause else 1,
            title=_title(text[b.start:b.end]), start=b.line_start, end=b.end, text="",
        )
        seg.clauses.append(clause)
    opened = _Open(key, item, b.label, clause, count=number)
    item_text = text[b.start:b.end]
    opened.continues = clause is not None and (
        item_text.endswith(":") or (clause.title is not None and len(item_text) <= len(clause.title) + 1)
    )
    state.stack.append(opened)
    _extend(state, b.end)


def _absorb_paragraph(text: str, state: _State, b: Block, later: frozenset[str]) -> None:
    """A plain paragraph: ends open bullets; extends the innermost clause that still has a body."""
    while state.stack and state.stack[-1].key[0] == "bullet" and b.indent <= state.stack[-1].key[1]:
        _pop(text, state, 1)
    while state.stack and not (
        state.stack[-1].continues
        or state.stack[-1].key[0] == "bullet"
        or _family(state.stack[-1].key[0]) in later
    ):
        _pop(text, state, 1)
    if state.stack:
        _extend(state, b.end)


def _extend(state: _State, end: int) -> None:
    for entry in state.stack:
        if entry.clause is not None:
            entry.clause.end = max(entry.clause.end, end)


def _pop(text: str, state: _State, n: int) -> None:
    for _ in range(n):
        entry = state.stack.pop()
        if entry.clause is not None:
            entry.clause.text = text[entry.clause.start:entry.clause.end]


def _title(item_text: str) -> str | None:
    """A clause's lead-in title: "Deployment architecture." or "Our contract:" before the body."""
    m = re.match(r"(?P<title>[^.:;?!]{1,80}?)[.:](?=\s|$)", item_text)
    if not m:
        return None
    title = m["title"].strip()
    words = title.split()
    if not words or len(words) > MAX_TITLE_WORDS:
        return None
    capitalised = sum(w[:1].isupper() for w in words) / len(words)
    if (m.group(0).endswith(":") and len(words) <= MAX_COLON_TITLE_WORDS) or capitalised >= 0.6:
        return title
    return None


def _faq(document: Document, blocks: list[Block], seg: Segmentation, patterns: Patterns) -> None:
    """Pair each question with its own answer.

    A question is a block ending in "?" inside a section headed like an FAQ,
    or a "Q:" line anywhere; its answer is every block up to the next question
    or the end of the FAQ section.
    """
    text = document.text
    faq_sections = _faq_section_spans(seg, patterns)
    entry: dict[str, int] | None = None
    for b in blocks:
        in_faq = any(s <= b.start < e for s, e in faq_sections)
        asks = text[b.start:b.end].rstrip("\"'\u201d\u2019 ").endswith("?")
        if b.kind == "question" or (in_faq and asks and b.kind in ("paragraph", "heading")):
            _close_faq(document, seg, entry)
            entry = {"start": b.line_start, "question_start": b.start, "question_end": b.end}
        elif entry is None:
            continue
        elif b.kind == "heading":
            _close_faq(document, seg, entry)
            entry = None
        elif b.kind == "paragraph" and "answer_start" not in entry and not in_faq:
            entry["question_end"] = b.end  # a "Q:" question wrapped over paragraphs
        else:
            entry.setdefault("answer_start", b.start)
            entry["answer_end"] = b.end
    _close_faq(document, seg, entry)


def _faq_section_spans(seg: Segmentation, patterns: Patterns) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in seg.sections if patterns.faq_heading.search(s.heading)]


def _close_faq(document: Document, seg: Segmentation, entry: dict[str, int] | None) -> None:
    """Record an entry once it has an answer; a question nobody answered is not an entry."""
    if entry is None or "answer_start" not in entry:
        return
    text = document.text
    start, end = entry["start"], entry["answer_end"]
    seg.faq.append(FaqEntry(
        id=stable_id(document.id, "faq", start, end), document_id=document.id,
        section_id=_section_at(seg, start), number=len(seg.faq) + 1,
        question=text[entry["question_start"]:entry["question_end"]],
        question_start=entry["question_start"], question_end=entry["question_end"],
        answer=text[entry["answer_start"]:end], answer_start=entry["answer_start"], answer_end=end,
        start=start, end=end, text=text[start:end],
    ))
