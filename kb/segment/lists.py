"""List items nested by marker, and the clauses numbered items make.

Items nest by marker style and shape ("1." over "(a)" over "(i)"; "1.1" under
"1."; "(1)" apart from "1.") and, for bullets, by indentation. Items are
numbered by position among their siblings, because real texts often number
every item "1."; the marker as written is kept as the label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.models import Clause, Document, ListItem, Segmentation, stable_id
from kb.reference import DATA_DIR
from kb.segment.blocks import Block
from kb.segment.designations import (
    Designations,
    child,
    container_name,
    containers,
    load_designations,
    own,
    with_container,
)
from kb.segment.locate import Locator

MAX_TITLE_WORDS = 8
"""A clause lead-in longer than this is its first sentence, not its title."""
MAX_COLON_TITLE_WORDS = 5
"""'Audit:' titles a clause; 'The Board may request new tables, subject to:' does not."""

MAX_SENTENCE_CASE_WORDS = 3
"""'Approved tools.' titles a clause; a longer sentence-case lead-in is a sentence."""

_TITLE = re.compile(
    r"(?P<title>[^.:;?!\u2014\u2013]{1,80}?)"
    r"(?:(?P<stop>[.:])(?=\s|$)"  # "Retention. Data is ..." "Audit: The Board ..."
    r"|(?P<dash>\.?[\u2014\u2013]))"  # statutes' "IN GENERAL.\u2014Except ..." and "EXCEPTIONS\u2014"
)
_BARE_TITLE = re.compile(r"[^.:;?!,]{1,80}")  # a marker line that is only a title: "DEFINITIONS", "1. INTRODUCTION"

Key = tuple[str, str, int]
"""An item's nesting key: style, marker shape, indentation (bullets only)."""


@dataclass
class _Open:
    """A list item whose nesting level is still open while later blocks arrive."""

    key: Key
    item: ListItem
    label: str
    clause: Clause | None
    indent: int
    count: int = 1
    continues: bool = False
    container: str | None = None
    """For a container heading ("ENCLOSURE 2"), the prefix its clauses take ("Enclosure 2, paragraph")."""


@dataclass
class _State:
    sentence_starters: frozenset[str]
    designations: Designations
    containers: dict[str, str]
    stack: list[_Open] = field(default_factory=list)


def nest_lists(
    document: Document, blocks: list[Block], seg: Segmentation, sections: Locator, sentence_starters: frozenset[str],
    data_dir: Path = DATA_DIR,
) -> None:
    """Nest list items by marker style and indentation; numbered items become clauses.

    A numbered item's clause runs over the paragraphs that follow it up to its
    next sibling, because agreements put a clause's terms in the paragraphs
    under its numbered lead-in. The last item keeps them only when it
    introduces them (it ends in ":" or is a bare title) and until its
    first numbered sub-clause, after which its body is its sub-clauses. A
    closing ("cc: ...", "Sincerely,") ends every clause. Bullets have no
    body: a paragraph ends them.

    Args:
        document: the document; offsets are into its text.
        blocks: its blocks, in order.
        seg: the units so far; items and clauses are added to it.
        sections: where each item's section is found.
        sentence_starters: first words that make a short lead-in a sentence, not a title.
        data_dir: where ``patterns/structure.json`` says how designations are written.
    """
    rules = load_designations(data_dir)
    text, state = document.text, _State(sentence_starters, rules, containers(seg.sections, rules))
    paragraph_ids = {(p.start, p.end): p.id for p in seg.paragraphs}
    later = _later_styles(blocks)
    for i, b in enumerate(blocks):
        if b.kind == "heading":
            _open_heading(document, seg, state, b, sections)
        elif b.kind == "question" or b.closing:
            _pop(text, state, len(state.stack))
        elif b.kind == "item":
            _open_item(document, seg, state, b, paragraph_ids[(b.start, b.end)], sections)
        else:
            _absorb_paragraph(text, state, b, later[i])
    _pop(text, state, len(state.stack))


def _open_heading(document: Document, seg: Segmentation, state: _State, b: Block, sections: Locator) -> None:
    """A heading ends every open item, except the container it lies in; a container heading opens one.

    "ENCLOSURE 2" is cited as a unit of its own, and its "1." and "a." are
    "Enclosure 2, paragraph 1.a": the container is their parent clause, and a
    heading inside it ("RESPONSIBILITIES") does not close it.
    """
    section_id = sections.id_at(b.start)
    prefix = state.containers.get(section_id or "")
    inside = bool(state.stack) and state.stack[0].container is not None and state.stack[0].container == prefix
    _pop(document.text, state, len(state.stack) - (1 if inside else 0))
    own_heading = next((s for s in seg.sections if s.id == section_id and s.heading_start == b.start), None)
    if prefix is None or inside or own_heading is None:
        return
    text = document.text
    number = 1 + sum(1 for c in seg.clauses if c.parent_id is None)
    clause = Clause(
        id=stable_id(document.id, "clause", b.line_start, b.end), document_id=document.id, section_id=section_id,
        parent_id=None, label=text[b.start:b.end], number=number, path=str(number),
        designation=container_name(prefix), level=1, title=None, start=b.line_start, end=b.end, text="",
    )
    seg.clauses.append(clause)
    item = ListItem(
        id=stable_id(document.id, "container", b.start, b.end), document_id=document.id, section_id=section_id,
        parent_id=None, paragraph_id=None, marker="", style="container", level=0, number=number,
        start=b.start, end=b.end, text=text[b.start:b.end],
    )
    state.stack.append(_Open(("container", "", 0), item, "", clause, 0, count=number, continues=True, container=prefix))


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


def _key(b: Block, state: _State) -> Key:
    """Style, shape and indentation: items with the same key are siblings."""
    style = b.style
    if style in ("roman", "alpha", "upper_roman", "upper_alpha") and len(b.label) == 1:
        # "(i)" right after "(h)" is the ninth letter; otherwise "i", "v", "x" are roman numerals.
        alpha = "alpha" if b.label.islower() else "upper_alpha"
        follows = any(
            e.key[0] == alpha and ord(b.label) - ord(e.label[-1:] or "a") == 1 for e in reversed(state.stack)
        )
        if b.label.lower() in "ivx":
            style = alpha if follows else alpha.replace("alpha", "roman")
    if style == "section":
        shape = "article" if b.marker.lower().startswith("article") else ""  # "Section 4.1" nests under "ARTICLE IV"
    else:
        shape = "(" if b.marker.startswith("(") else str(b.label.count(".") + 1) if style == "decimal" else ""
    return style, shape, b.indent if style == "bullet" else 0


def _sibling(state: _State, key: Key, indent: int, label: str) -> int | None:
    """The depth of the open item a new item with ``key`` continues, or None for a new level.

    The numbering decides first, because one marker style recurs at several
    depths ((a) → (i) → (A) → (1) → (a) in executive orders): an item continues
    the deepest open item of its key whose label comes just before its own
    ("(d)" after "(c)"), and a parenthesised first label ("(a)", "(1)", "(i)")
    under a numbered item of another key starts a new level (a bare "1." does
    not: many texts number every item "1."). Otherwise an item of the same key and
    about the same indentation is a sibling; one indented deeper than every
    open item of its key opens a nested list (markdown's "1." under "1.");
    otherwise indentation is noise, as in text extracted from PDFs, and the
    outermost item of the key is the sibling.
    """
    same = [i for i, e in enumerate(state.stack) if e.key == key]
    n = _ordinal(label, key[0])
    if n is not None and same and key[0] != "bullet":
        continued = [i for i in same if _ordinal(state.stack[i].label, key[0]) == n - 1]
        if continued:
            return continued[-1]
        if n == 1 and key[1] == "(" and state.stack[-1].key != key and state.stack[-1].key[0] != "bullet":
            return None
    near = [i for i in same if abs(state.stack[i].indent - indent) <= 1]
    if near:
        return near[-1]
    if same and all(state.stack[i].indent < indent for i in same):
        return None
    return same[0] if same else None


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _ordinal(label: str, style: str) -> int | None:
    """A label's place in its sequence: "c" and "iii" are 3, "12" is 12, "2.3" is 3; None when it has none."""
    last = label.rsplit(".", 1)[-1].lower()
    if style == "decimal":
        return int(last) if last.isdigit() else None
    if style in ("roman", "upper_roman") and last and set(last) <= _ROMAN_VALUES.keys():
        values = [_ROMAN_VALUES[c] for c in last]
        return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if style in ("alpha", "upper_alpha") and len(last) == 1 and last.isalpha():
        return ord(last) - ord("a") + 1
    return None


def _open_item(
    document: Document, seg: Segmentation, state: _State, b: Block, paragraph_id: str, sections: Locator
) -> None:
    text = document.text
    key = _key(b, state)
    depth = _sibling(state, key, b.indent, b.label)
    sibling_of = state.stack[depth] if depth is not None else None
    if depth is not None:
        _pop(text, state, len(state.stack) - depth)
    elif key[0] == "bullet":
        while state.stack and state.stack[-1].key[0] == "bullet" and state.stack[-1].key[2] >= key[2]:
            _pop(text, state, 1)
    number = sibling_of.count + 1 if sibling_of else 1
    items = [e for e in state.stack if e.container is None]  # a container is a clause, not a list item
    parent = items[-1] if items else None
    item = ListItem(
        id=stable_id(document.id, "list_item", b.start, b.end), document_id=document.id,
        section_id=sections.id_at(b.start), parent_id=parent.item.id if parent else None,
        paragraph_id=paragraph_id, marker=b.marker, style=key[0], level=len(items) + 1,
        number=number, start=b.start, end=b.end, text=text[b.start:b.end], marking=b.marking,
    )
    seg.list_items.append(item)
    clause, item_text, title, bare = None, text[b.start:b.end], None, True
    if key[0] != "bullet":
        parent_open = next((e for e in reversed(state.stack) if e.clause), None)
        parent_clause = parent_open.clause if parent_open else None
        if parent_open is not None and parent_open.container is None:
            parent_open.continues = False
        path = f"{parent_clause.path}.{number}" if parent_clause else str(number)
        title, bare = _title(item_text, key[0], state.sentence_starters) if b.start > b.line_start else (None, True)
        rules, marker = state.designations, _as_rendered(b, key, sibling_of, number)
        if parent_open is not None and parent_open.container is not None:
            designation = with_container(own(marker, key[0], b.label, rules), parent_open.container)
        elif parent_clause and parent_open:
            designation = child(parent_clause, parent_open.key[0], marker, key[0], b.label, rules)
        else:
            container = state.containers.get(item.section_id or "")
            designation = with_container(own(marker, key[0], b.label, rules), container)
        clause = Clause(
            id=stable_id(document.id, "clause", b.line_start, b.end), document_id=document.id,
            section_id=item.section_id, parent_id=parent_clause.id if parent_clause else None,
            label=b.marker, number=number, path=path, designation=designation,
            level=(parent_clause.level + 1) if parent_clause else 1,
            title=title, start=b.line_start, end=b.end, text="",
        )
        seg.clauses.append(clause)
    opened = _Open(key, item, b.label, clause, b.indent, count=number)
    opened.continues = clause is not None and (
        b.start == b.line_start
        or item_text.rstrip().endswith(":")
        or (title is not None and len(item_text) <= len(title) + 1 and bare)
    )
    state.stack.append(opened)
    _extend(state, b.end)


def _as_rendered(b: Block, key: Key, sibling_of: _Open | None, number: int) -> str:
    """The marker a reader sees, which a designation is built from.

    Markdown renders "1." "1." "1." as 1, 2, 3, so a decimal label that does
    not advance on its predecessor's is cited by its position.
    """
    if key[0] != "decimal" or key[1] != "1" or sibling_of is None:
        return b.marker
    n, before = _ordinal(b.label, "decimal"), _ordinal(sibling_of.label, "decimal")
    return f"{number}." if n is not None and before is not None and n <= before else b.marker


def _absorb_paragraph(text: str, state: _State, b: Block, later: frozenset[str]) -> None:
    """A plain paragraph: ends open bullets; extends the innermost clause that still has a body."""
    while state.stack and state.stack[-1].key[0] == "bullet" and b.indent <= state.stack[-1].key[2]:
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


def _title(item_text: str, style: str, sentence_starters: frozenset[str]) -> tuple[str | None, bool]:
    """A clause's lead-in title, and whether it may hold the paragraphs after it.

    "Deployment architecture." or "Our contract:" before the body; a short
    sentence-case lead-in ("Human review.", at most ``MAX_SENTENCE_CASE_WORDS``
    words, not starting like a sentence as "It works." does); "IN
    GENERAL.\u2014" in statutes; a line that is nothing but a title
    ("DEFINITIONS" after "ARTICLE I", "1. INTRODUCTION"). A bare title holds
    the paragraphs after it when it is a section's or is in capitals: a list of
    title-case items ("1. Mass Surveillance") does not take the paragraph
    after the list.
    """
    if m := _TITLE.match(item_text):
        title = m["title"].strip()
        words = title.split()
        if not words or len(words) > MAX_TITLE_WORDS or (m["dash"] and not m["dash"].startswith(".") and not title.isupper()):
            return None, True
        capitalised = sum(w[:1].isupper() for w in words) / len(words)
        if (m["stop"] == ":" and len(words) <= MAX_COLON_TITLE_WORDS) or capitalised >= 0.6:
            return title, True
        short = len(words) <= MAX_SENTENCE_CASE_WORDS and words[0].lower() not in sentence_starters
        if m["stop"] == "." and short and item_text[m.end():].strip()[:1].isupper():
            return title, True  # outlines' sentence-case titles: "Human review. A person must ..."
        return None, True
    if _BARE_TITLE.fullmatch(item_text) and len(words := item_text.split()) <= MAX_TITLE_WORDS:
        if words[0][:1].isupper() and all(w[:1].isupper() or not w[:1].isalpha() for w in words if len(w) > 3):
            return item_text, style == "section" or item_text.isupper()
    return None, True
