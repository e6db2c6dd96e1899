"""Document text to structural units (sections, paragraphs, list items, clauses, FAQ).

Works on lines, because that is how the texts we read carry structure: blank
lines end paragraphs, a marker at the start of a line opens a list item, a
short unpunctuated line is a heading. Offsets are into the document text as
read (CRLF, tabs and form feeds included); every unit is trimmed of surrounding
whitespace (non-breaking spaces included) so that its offsets reproduce its
text exactly. Page furniture of PDF extractions (page numbers, running heads)
and separator lines ("###", "* * *") are no units. Sentences come later, from
the spaCy pipeline, which needs the block spans found here; ``kb.segment.sections``
turns blocks into units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.reference import DATA_DIR, load_json
from kb.segment.notes import footnote_lines, line_spans

# --- marker grammar: each piece names the real form it exists for ---------
_DECIMAL = r"(?P<decimal>\d{1,3}(?:\.\d{1,3})*)[.)]"  # "1." "2)" "1.2."
# contracts' "1.1 Definitions" and "1.2 \"Data\" means", not "2.3 million" wrapped to a line start
_OUTLINE = r"(?P<outline>\d{1,3}(?:\.\d{1,3})+)(?=[ \t\u00a0]+[\"'\u201c\u2018(]?[A-Z])"
_PAREN = r"\((?P<paren>\d{1,3}|[a-z]{1,5}|[A-Z]{1,5})\)"  # "(a)" "(iv)" "(2)" "(A)"
_LETTER = r"(?P<letter>[a-z]|[ivx]{2,5}|[A-Z]|[IVX]{2,5})[.)]"  # "a." "iv)" "B." "II." outline letters
# "Sec. 2." "SECTION 3." "§ 4"
_SECTION = r"(?P<section_word>(?i:sec(?:tion)?\.?|§))\s*(?P<section>\d{1,4}[A-Za-z]?(?:\.\d{1,3})?)\.?(?=\s|$)"
_ARTICLE = (  # "Article IV." in charters; "ARTICLE I — DEFINITIONS" and a bare "ARTICLE 2" line in contracts
    r"(?i:article)\s+(?P<article>[IVXLC]{1,6}|\d{1,3})(?:[.:](?=\s|$)|[ \t\u00a0]*[\u2014\u2013-][ \t\u00a0]*|(?=[ \t\u00a0]*$))"
)
_NUMBERED = re.compile(rf"{_ARTICLE}|(?:{_SECTION}|{_OUTLINE}|{_DECIMAL}|{_PAREN}|{_LETTER})(?=\s|$)")
_LABEL_TRAIL = " \t\u00a0\u2014\u2013-"  # the dash after "ARTICLE I" separates; it is not part of the label
_MD_HEADING = re.compile(r"(?P<hashes>#{1,6})[ \t\u00a0]+(?P<text>.*?)[ \t\u00a0#]*$")
_SETEXT = re.compile(r"=+|-{2,}")  # markdown "Title\n=====" (level 1) and "Title\n-----" (level 2)
_QUESTION_MARK = re.compile(r"(?:Q|(?i:question))\s*[:.](?=\s)")  # "Q:" "Q." "Question:" in interview-style FAQs
_ANSWER_MARK = re.compile(r"(?:A\s*:|(?i:answer)\s*[:.])(?=\s)")  # "A:" "Answer." ("A." is an answer only after a question)
_BOLD_LINE = re.compile(r"(\*\*|__)(?P<text>[^*_].*?)\1")  # "**FAQs**", "**Will X be used for Y?**" in markdown
_SENTENCE_END = re.compile(r"[.?!;,]['\"\u2019\u201d)\]]*$")
# a bold sentence is emphasis; a bold title or question is a heading
_STATEMENT_END = re.compile(r"[.!;,]['\"\u2019\u201d)\]]*$")
# a block that ends here does not run on over a page break (a note mark may follow: "Act.2")
_TERMINAL = re.compile(r"[.?!:;]['\"\u2019\u201d)\]]*(?:\d{1,3}|\[\d{1,3}\])?$")
_FIELD = re.compile(r"[A-Za-z][\w .&/-]{0,30}:[ \t]+\S")  # memo and e-mail headers: "TO: All staff", "Subject: ..."
# a paragraph's last line in PDF text: a full stop, question or colon, then closers and perhaps a note mark ("Act.1")
_PARAGRAPH_END = re.compile(r"[.?!:]['\"\u2019\u201d)\]]*(?:\d{1,3}|\[\d{1,3}\])?$")
_INITIALS = re.compile(r"(?:[A-Za-z]\.){1,4}")  # "U.S." "D.O.W." "J." end no sentence at a line's end
_FIRST_CHARS = "\"'\u201c\u2018(["
_ROMAN = frozenset("ivxlc")

MAX_HEADING_WORDS = 10
"""A line longer than this is prose, not a heading, whatever its punctuation."""
TAIL = 40
"""Characters at the end of a block that decide how it ends (a question mark, a reference word)."""
MIN_WRAPPED_LINES = 10
"""Lines a text needs before its line lengths say whether it is hard-wrapped."""
MAX_WRAP = 110
"""The widest wrap width of a hard-wrapped text; a text whose lines run longer is not wrapped."""
SHORT_LINE = 0.8
"""In hard-wrapped text, a line shorter than this share of the wrap width ends its paragraph if it ends a sentence."""
SHORT_FIRST_LINE = 0.6
"""A title-case first line of a block is a heading when it is at most this share of the block's longest line."""


@dataclass(frozen=True)
class Patterns:
    """Segmentation cues read from ``patterns/structure.json``."""

    faq_heading: re.Pattern[str]
    bullets: frozenset[str]
    tight_bullets: frozenset[str]
    page_furniture: re.Pattern[str]
    slide_number: re.Pattern[str]
    banner: re.Pattern[str]
    portion_marking: re.Pattern[str]
    bare_portion_marking: re.Pattern[str]
    chrome_head: re.Pattern[str]
    chrome_head_line: re.Pattern[str]
    chrome_tail: re.Pattern[str]
    chrome_line: re.Pattern[str]
    notes_heading: re.Pattern[str]
    memo_field: re.Pattern[str]
    enumerating_words: tuple[str, ...]
    abbreviations: frozenset[str]
    separator: re.Pattern[str]
    closing: re.Pattern[str]
    reference_words: frozenset[str]
    small_words: frozenset[str]
    sentence_starters: frozenset[str]


@cache
def load_patterns(data_dir: Path = DATA_DIR) -> Patterns:
    """Compile the structure cues once per data folder."""
    data = load_json(data_dir / "patterns" / "structure.json")

    def any_of(patterns: list[str], flags: re.RegexFlag = re.IGNORECASE) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in patterns), flags)

    markings, chrome = data["markings"], data["boilerplate"]
    abbreviations = load_json(data_dir / "patterns" / "sentences.json")["abbreviations"]
    return Patterns(
        any_of(data["faq_headings"]), frozenset(data["bullets"]), frozenset(data["tight_bullets"]),
        any_of(data["page_furniture"] + data["slide_numbers"]), any_of(data["slide_numbers"]),
        any_of(markings["banners"], re.NOFLAG),
        any_of(markings["portion_markings"], re.NOFLAG), any_of(markings["bare_portion_markings"], re.NOFLAG),
        any_of(chrome["head"]), any_of(chrome["head_lines"]), any_of(chrome["tail"]), any_of(chrome["lines"]), any_of(data["notes"]["headings"]),
        any_of(data["memo_fields"]), tuple(data["enumerating_words"]),
        frozenset(a.lower() for a in abbreviations), any_of(data["separators"]), any_of(data["closings"]),
        frozenset(data["reference_words"]), frozenset(data["title_small_words"]), frozenset(data["sentence_starters"]),
    )


@dataclass
class Block:
    """One structural block: a heading, a paragraph, a list item, a Q or A line.

    ``start``/``end`` span the block's content (after any marker), trimmed.
    ``marker`` is the list marker as written, or for headings what made them
    one: "#".."######", "=" or "-" (setext underline), "**" (bold line).
    ``closing`` marks a paragraph that closes a letter or memo ("cc: ...",
    "Sincerely,"): it belongs to no clause or answer before it. A ``note``
    block is a footnote at a page's foot, ``label`` its number. ``marking``
    is the portion marking written before the block's first line ("(U//FOUO)"),
    which the block's span leaves out.
    """

    kind: str  # heading | paragraph | item | question | answer | note
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
    closing: bool = False
    marking: str | None = None


# --- lines to blocks ------------------------------------------------------


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding whitespace (non-breaking spaces and line ends included)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _classify(text: str, start: int, end: int, patterns: Patterns, in_list: bool = False) -> Block | None:
    """What a single non-blank line opens, or None for a plain text line.

    ``in_list`` says the line follows a bullet or a lead-in ending in ":", where
    a tight bullet may start in lower case ("-the law that allows us ...").
    """
    s, e = trim(text, start, end)
    line = text[s:e]
    indent = s - start
    if m := _MD_HEADING.fullmatch(line):
        hs, he = trim(text, s + m.start("text"), s + m.end("text"))
        return Block("heading", hs, he, indent, s, marker=m["hashes"], level=len(m["hashes"]))
    if (m := _BOLD_LINE.fullmatch(line)) and not _STATEMENT_END.search(m["text"].rstrip()):
        hs, he = trim(text, s + m.start("text"), s + m.end("text"))
        return Block("heading", hs, he, indent, s, marker="**", level=6)
    if line[:1] in patterns.bullets and line[1:2].isspace() or (
        line[:1] in patterns.tight_bullets
        and (line[1:2].isupper() or line[1:2] in _FIRST_CHARS[:4] or in_list and line[1:2].isalpha())
    ):  # "- FISA", and slides' "-Analysts must ..."
        cs, ce = trim(text, s + 1, e)
        return Block("item", cs, ce, indent, s, marker=line[0], style="bullet") if cs < ce else None
    for kind, mark in (("question", _QUESTION_MARK), ("answer", _ANSWER_MARK)):
        if m := mark.match(line):
            cs, ce = trim(text, s + m.end(), e)
            return Block(kind, cs, ce, indent, s, marker=m.group(0))
    if m := _NUMBERED.match(line):
        cs, ce = trim(text, s + m.end(), e)
        if m["section_word"] and text[cs:cs + 1].islower():
            return None  # "Section 2.3 of this Agreement" wrapped to the start of a line is a reference
        if cs == ce and (m["section"] or m["article"]):
            cs, ce = s, e  # a bare "ARTICLE II" or "SEC. 5." line: the marker is all its text
        if cs < ce:
            style, label = _style(m)
            marker = m.group(0).rstrip(_LABEL_TRAIL) if m["article"] else m.group(0)
            return Block("item", cs, ce, indent, s, marker=marker, style=style, label=label)
    return None


def _style(m: re.Match[str]) -> tuple[str, str]:
    """Marker style and the label to number by."""
    if m["section"] or m["article"]:
        return "section", m["section"] or m["article"]
    if m["decimal"] or m["outline"]:
        return "decimal", m["decimal"] or m["outline"]
    label = m["paren"] or m["letter"]
    if label.isdigit():
        return "decimal", label
    if set(label.lower()) <= _ROMAN and (len(label) > 1 or label.lower() in "ivx"):
        return ("roman" if label.islower() else "upper_roman"), label
    return ("alpha" if label.islower() else "upper_alpha"), label


def _is_outline_letter(b: Block) -> bool:
    """A letter marker without parentheses: "a." "B)" "iv." (the shape initials like "H. R." share)."""
    return b.kind == "item" and b.style in ("alpha", "upper_alpha", "roman", "upper_roman") and not b.marker.startswith("(")


def _letter_follows(label: str, previous: str | None) -> bool:
    """Whether an outline letter can open or continue a list after the ``previous`` outline letter.

    "a."/"i." open a list; "b." needs "a." before it. So "H. R. 4321" (a bill
    number) and "J. Smith said" are text, not items.
    """
    if len(label) > 1 or label.lower() in ("a", "i"):
        return True
    if previous is None:
        return False
    return len(previous) > 1 or ord(label.lower()) - ord(previous.lower()) == 1


def _furniture(text: str, lines: list[tuple[int, int]], patterns: Patterns) -> tuple[set[int], set[int]]:
    """Page furniture of a PDF extraction, and the lines where a page breaks.

    Page numbers ("Page 3 of 12", "- 4 -") are furniture wherever they stand.
    A running head or foot is a short line next to a page break (a form feed
    or a page number) that recurs, digits aside, at two breaks or more; once
    known, it is furniture wherever it recurs, and breaks a page there too
    (the first page's foot often has no page number beside it).

    Returns:
        The indices of furniture lines, and of lines that break a page.
    """
    stripped = [text[s:e].strip() for s, e in lines]
    numbers = {i for i, line in enumerate(stripped) if line and patterns.page_furniture.fullmatch(line)}
    breaks = numbers | {i for i, (s, e) in enumerate(lines) if "\f" in text[s:e]}
    candidates: dict[str, set[int]] = {}
    for i in breaks:
        around = [i] if stripped[i] and i not in numbers else []
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and (not stripped[j] or j in numbers):
                j += step
            if 0 <= j < len(lines):
                around.append(j)
        for j in around:
            if len(stripped[j].split()) <= MAX_HEADING_WORDS:
                candidates.setdefault(re.sub(r"\d+", "#", stripped[j]), set()).add(j)
    heads = {key for key, found in candidates.items() if len(found) >= 2}
    running = {i for i, line in enumerate(stripped) if line and re.sub(r"\d+", "#", line) in heads}
    return numbers | running, breaks | running


def _markings(text: str, lines: list[tuple[int, int]], patterns: Patterns) -> tuple[set[int], re.Pattern[str] | None]:
    """Classification banners and notices (furniture), and the portion markings this document uses.

    One-letter markings ("(C)") count only beside a banner or a "//" marking,
    since without them "(C)" is the third item of a list.
    """
    stripped = [text[s:e].strip() for s, e in lines]
    banners = {i for i, line in enumerate(stripped) if line and patterns.banner.fullmatch(line)}
    marked = banners or any(patterns.portion_marking.match(line) for line in stripped)
    if not marked:
        return banners, None
    return banners, re.compile(f"(?:{patterns.portion_marking.pattern})|(?:{patterns.bare_portion_marking.pattern})")


def _chrome(text: str, lines: list[tuple[int, int]], patterns: Patterns) -> set[int]:
    """A web page's chrome in a text copy: its header in the first third, its tail in the last."""
    content = [i for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    if len(content) < 6:
        return set()
    return _chrome_head(text, lines, content[:len(content) // 3], patterns) | \
        _chrome_tail(text, lines, content[len(content) * 2 // 3:], patterns)


def _chrome_head(text: str, lines: list[tuple[int, int]], first_third: list[int], patterns: Patterns) -> set[int]:
    """From a head line ("Skip to main content") to the next blank line (the site name, navigation, search),
    and single head lines (a breadcrumb trail)."""
    found: set[int] = set()
    for i in first_third:
        line = text[lines[i][0]:lines[i][1]].strip()
        if patterns.chrome_head.fullmatch(line):
            j = i
            while j < len(lines) and text[lines[j][0]:lines[j][1]].strip():
                found.add(j)
                j += 1
        elif patterns.chrome_head_line.fullmatch(line):
            found.add(i)
    return found


def _chrome_tail(text: str, lines: list[tuple[int, int]], last_third: list[int], patterns: Patterns) -> set[int]:
    """From a tail line ("Leave a Reply") to the end, and single chrome lines ("Source: ...", "Subscribe ...")."""
    found: set[int] = set()
    for i in last_third:
        line = text[lines[i][0]:lines[i][1]].strip()
        if patterns.chrome_tail.fullmatch(line):
            return found | {j for j in last_third if j >= i}
        if patterns.chrome_line.fullmatch(line):
            found.add(i)
    return found


def blocks_of(text: str, patterns: Patterns) -> list[Block]:
    """Group lines into blocks: a marker or heading line opens one, a blank line ends one."""
    blocks: list[Block] = []
    current: Block | None = None
    lines = line_spans(text)
    furniture, breaks = _furniture(text, lines, patterns)
    banners, portion_marking = _markings(text, lines, patterns)
    furniture |= banners | _chrome(text, lines, patterns)
    notes = footnote_lines(text, lines)
    wrap = _wrap_width(text, lines)
    slides = {i for i, (s, e) in enumerate(lines) if patterns.slide_number.fullmatch(text[s:e].strip())}
    page_break = slide_break = False
    previous_letter: str | None = None
    previous_line = (0, 0, 0)  # line start, content start and end of the last line put in a block
    for i, (line_start, end) in enumerate(lines):
        page_break = page_break or i in breaks
        slide_break = slide_break or i in slides
        line = text[line_start:end].strip()
        if not line:
            current = None
            continue
        if i in furniture:
            continue
        start, marking = line_start, None
        if portion_marking and (m := portion_marking.match(text, trim(text, line_start, end)[0])):
            start, marking, current = m.end(), m.group(0)[1:-1], None  # "(U//FOUO) Analysts ..." opens a unit
            line = text[start:end].strip()
            if not line:
                continue
        if patterns.separator.fullmatch(line) and not ("|" in line and current is not None):  # "|---|" rules a table
            if _SETEXT.fullmatch(line) and current is not None and current.kind == "paragraph" and current.single_line:
                current.kind, current.marker, current.level = "heading", line[0], 1 if line[0] == "=" else 2
            current = None
            continue
        if i in notes:
            label, note_start = notes[i]
            opened: Block | None = Block("note", *trim(text, note_start, end), note_start - line_start, line_start,
                                         marker=text[line_start:note_start].strip(), label=label)
        else:
            opened = _classify(text, start, end, patterns, _in_list(text, blocks))
        if opened is not None and opened.style not in ("", "bullet") and _continues_reference(text, current, patterns):
            opened = None
        if opened is not None and opened.style == "section" and _mid_sentence(text, current, opened):
            opened = None  # "... Public Forum on" then "Section 702 Querying, 89 Fed. Reg. ..." in a wrapped note
        if opened is not None and _is_outline_letter(opened):
            if blocks and blocks[-1].kind == "question" and opened.label == "A":
                opened.kind, opened.style = "answer", ""  # "Q. ...?" then "A. ..." in interviews
            elif _letter_follows(opened.label, previous_letter):
                previous_letter = opened.label
            else:
                opened = None
        if opened is not None:
            opened.marking = marking
            blocks.append(opened)
            current = None if opened.kind == "heading" else opened
            page_break = slide_break = False
            previous_line = (line_start, opened.start, opened.end)
            continue
        s, e = trim(text, start, end)
        if page_break and current is not None and current.kind == "note":
            current = None  # the body goes on after the footnotes at a page's foot
        if current is not None and _opens_paragraph(text, current, previous_line, (line_start, s), wrap, patterns):
            current = None
        if current is None and page_break and not slide_break and marking is None and blocks \
                and not _standalone(text, lines, i):
            body = next((b for b in reversed(blocks) if b.kind != "note"), None)
            if body is not None and _runs_on(text, body):
                current = body  # a sentence cut by a page break goes on after the furniture and footnotes
        if current is not None and current.kind in ("item", "question") and asks(text, current):
            current = None  # "1. Why did you sign?" then its answer on the next line
        if current is None:
            current = Block("paragraph", s, e, s - line_start, s, closing=bool(patterns.closing.match(line)),
                            marking=marking)
            blocks.append(current)
        else:
            if current.kind == "item" and current.start == current.line_start:
                current.start = s  # a bare "ARTICLE II" line: its content starts on the next line
            current.end = e
            current.single_line = False
        page_break = slide_break = False
        previous_line = (line_start, s, e)
    return [b for b in blocks if b.start < b.end]


def _in_list(text: str, blocks: list[Block]) -> bool:
    """Whether the last block is a bullet or a lead-in ending in ":", so that a list goes on or opens."""
    return bool(blocks) and (blocks[-1].style == "bullet" or text[blocks[-1].start:blocks[-1].end].endswith(":"))


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The width a hard-wrapped text (a PDF extraction, a plain-text memo) wraps at; None if it is not wrapped.

    The 90th percentile of line lengths: most lines of a wrapped paragraph
    come close to it. Texts whose lines run longer than ``MAX_WRAP`` keep a
    paragraph per line or per block and are not wrapped.
    """
    lengths = sorted(len(text[s:e].rstrip()) for s, e in lines if text[s:e].strip())
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    width = lengths[len(lengths) * 9 // 10]
    return width if width <= MAX_WRAP else None


def _opens_paragraph(text: str, current: Block, previous: tuple[int, int, int], line: tuple[int, int],
                     wrap: int | None, patterns: Patterns) -> bool:
    """Whether a line with no blank line before it starts a new paragraph all the same.

    Memo headers put each field on a line ("TO: ...", "FROM: ..."). Text
    extracted from PDFs often has no blank lines at all: there a paragraph
    ends where a line ends a sentence (not on an abbreviation such as "U.S."
    or "No.") and the next line starts with a capital and is indented deeper
    or follows a line that stops short of the wrap width; a short title line
    ("A. Statutory Framework") ends where prose starts under it.
    """
    previous_start, before_start, before_end = previous
    line_start, s = line
    before = text[before_start:before_end]
    indented = s - line_start > before_start - previous_start
    if _field(text, before_start, patterns) and (_field(text, s, patterns) or indented):
        return True  # the next field, or the memo's body indented under its header
    if wrap is None or current.kind not in ("paragraph", "item", "answer"):
        return False
    if not (text[s].isupper() or text[s] in _FIRST_CHARS[:4]):
        return False
    short = before_end - previous_start < SHORT_LINE * wrap
    line_end = text.find("\n", s)
    titled = (current.single_line and short and not _SENTENCE_END.search(before) and not before.endswith(":")
              and len(before.split()) <= MAX_HEADING_WORDS)
    if titled:  # a title over prose, not a name over a title ("Margaret E. Hollis" / "Deputy Assistant ...")
        prose_follows = not _title_like(text[s:line_end if line_end >= 0 else len(text)].rstrip(), patterns)
        return prose_follows and (current.kind != "paragraph" or _title_like(before, patterns))
    if not _PARAGRAPH_END.search(before) or _abbreviated(before, patterns.abbreviations):
        return False
    this = text[s:line_end if line_end >= 0 else len(text)].rstrip()
    named = len(this) < SHORT_LINE * wrap and _title_like(this, patterns)  # a signature's name after the last sentence
    return short or named or (current.kind == "paragraph" and indented) or _enumerates(text, current, s, patterns)


def _field(text: str, pos: int, patterns: Patterns) -> bool:
    """Whether the line at ``pos`` is a memo header field ("TO: ...", "MEMORANDUM FOR ...")."""
    line_end = text.find("\n", pos)
    line = text[pos:line_end if line_end >= 0 else len(text)].rstrip()
    return bool(_FIELD.match(line) or patterns.memo_field.fullmatch(line))


def _enumerates(text: str, current: Block, s: int, patterns: Patterns) -> bool:
    """Whether the line at ``s`` goes on the ordinal run its block opened ("Second," after a "First, ..." block)."""
    words = patterns.enumerating_words
    for before, after in zip(words, words[1:], strict=False):
        if text.startswith(after + ",", s):
            return text.startswith(before + ",", current.start)
    return False


def _abbreviated(line: str, abbreviations: frozenset[str]) -> bool:
    """Whether a line ends on an abbreviation's period ("U.S.", "No.", "Cir."), which ends no sentence."""
    last = line.split()[-1].rstrip("'\"\u2019\u201d)]") if line.split() else ""
    return last.endswith(".") and (last.lower().rstrip(".") in abbreviations or bool(_INITIALS.fullmatch(last)))


def _continues_reference(text: str, current: Block | None, patterns: Patterns) -> bool:
    """A marker-like line that goes on a cross-reference: "as described in" / "Section 2.3 of ...".

    Hard-wrapped prose puts "(b)" or "Section 4" at the start of a line after
    "subsection" or "under"; such a line continues its block.
    """
    if current is None:
        return False
    words = text[max(current.start, current.end - TAIL):current.end].rsplit(None, 1)
    return bool(words) and words[-1].lower() in patterns.reference_words


def _standalone(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether line ``i`` stands alone as a title would ("ENCLOSURE 2" over a blank line).

    Such a line after a page break opens a unit; it does not finish the
    unpunctuated last line of the page before (a reference, a signature).
    """
    line = text[lines[i][0]:lines[i][1]].strip()
    followed_by_blank = i + 1 >= len(lines) or not text[lines[i + 1][0]:lines[i + 1][1]].strip()
    return (followed_by_blank and line[:1].isupper() and len(line.split()) <= MAX_HEADING_WORDS
            and not _SENTENCE_END.search(line))


def _mid_sentence(text: str, current: Block | None, opened: Block) -> bool:
    """Whether the current block stops inside a sentence: on a lower-case word that no list item ends on.

    A wrapped line that starts "Section 702 ..." there goes on the sentence;
    after "...; and" or "... the following:" a marker opens the next item. An
    item may end on a bare word ("(d) four"), so after one only a section word
    without a period ("Section 702", not "Sec. 4.") goes on it.
    """
    if current is None or current.kind not in ("paragraph", "item", "note", "answer"):
        return False
    if current.kind == "item" and opened.marker.rstrip().endswith("."):
        return False
    words = text[max(current.start, current.end - TAIL):current.end].split()
    return bool(words) and words[-1].isalpha() and words[-1].islower() and words[-1] not in ("and", "or")


def _runs_on(text: str, block: Block) -> bool:
    tail = text[max(block.start, block.end - TAIL):block.end]
    return block.kind in ("paragraph", "item", "question", "answer") and not _TERMINAL.search(tail)


# --- headings -------------------------------------------------------------


def headings_of(text: str, blocks: list[Block], patterns: Patterns) -> list[Block]:
    """Promote standalone short lines to headings, unless the text uses markdown headings.

    In plain text a heading is a short line without final punctuation, a short
    line ending in ":" that opens a document's numbered list, or the short
    title-case first line of a block ("About Northwind" over its paragraph).
    """
    if any(b.kind == "heading" and b.marker[:1] in "#=-" for b in blocks):
        return blocks
    signed = _signature(text, blocks, patterns)
    for b in blocks[signed:]:
        b.closing = True
    blocks = [part for b in blocks[:signed] for part in _split_title_lines(text, b, patterns)] + blocks[signed:]
    numbered_before = False
    for i, b in enumerate(blocks):
        if b.closing:
            continue
        if b.kind == "heading":
            numbered_before = False
        elif b.kind == "item" and b.style != "bullet":
            numbered_before = True
        if b.kind != "paragraph" or not b.single_line:
            continue
        line = text[b.start:b.end]
        words = len(line.split())
        introduces_list = (
            line.endswith(":")
            and words <= MAX_HEADING_WORDS + 2
            and not numbered_before
            and i + 1 < len(blocks)
            and blocks[i + 1].kind == "item"
            and blocks[i + 1].style != "bullet"
        )
        standalone = (
            words <= MAX_HEADING_WORDS
            and not _SENTENCE_END.search(line)
            and not line.endswith(":")
            and (line[:1].isupper() or line[:1].isdigit())
            and not _is_field(line)
            and not _in_header(text, blocks, i, patterns)
        )
        if introduces_list or standalone or patterns.faq_heading.search(line):
            b.kind = "heading"
            if introduces_list:
                b.end = trim(text, b.start, b.end - 1)[1]
                b.lead_in = True
    return blocks


def _signature(text: str, blocks: list[Block], patterns: Patterns) -> int:
    """Where a closing signature starts: the title-like paragraphs after the last prose block
    ("Margaret E. Hollis" / "Deputy Assistant Attorney General"), which head nothing.

    Returns:
        The index of the signature's first block, or ``len(blocks)`` if the text ends in prose.
    """
    i = len(blocks)
    while i > 0 and blocks[i - 1].kind == "paragraph" and all(
            _title_like(line.strip(), patterns) for line in text[blocks[i - 1].start:blocks[i - 1].end].split("\n")):
        i -= 1
    prose_before = i > 0 and blocks[i - 1].kind in ("paragraph", "item", "answer")
    return i if prose_before and i < len(blocks) else len(blocks)


def _in_header(text: str, blocks: list[Block], i: int, patterns: Patterns) -> bool:
    """Whether block ``i`` is one field of a memo header run ("FROM: ..." beside "TO: ..."), which heads nothing."""
    def field(j: int) -> bool:
        return 0 <= j < len(blocks) and _field(text, blocks[j].start, patterns)
    return field(i) and (field(i - 1) or field(i + 1))


def _is_field(line: str) -> bool:
    """A "label: value" line whose value is no title ("Media contact: press@example.org")."""
    _, colon, value = line.partition(":")
    value = value.strip()
    return bool(colon and value) and not (value[:1].isupper() or value[:1].isdigit())


def _title_like(line: str, patterns: Patterns) -> bool:
    """Every word but small ones capitalised ("Review of the Department's Use of AI")."""
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS or _SENTENCE_END.search(line) or line.endswith(":"):
        return False
    return all(w.lstrip(_FIRST_CHARS)[:1].isupper() or w[:1].isdigit() for w in words if w.lower() not in patterns.small_words)


def _split_title_lines(text: str, b: Block, patterns: Patterns) -> list[Block]:
    """Peel headings off the top of a paragraph whose first lines are titles.

    Extracted text often has no blank line under a heading ("OFFICE OF THE
    INSPECTOR GENERAL" over "Review of ..."). A first line is a heading when it
    is title-like and either in capitals or much shorter than the block's
    longest line, which a hard-wrapped first line of prose never is.
    """
    out: list[Block] = []
    while b.kind == "paragraph" and not b.single_line:
        newline = text.find("\n", b.start, b.end)
        first_end = trim(text, b.start, newline)[1]
        first = text[b.start:first_end]
        rest_start = trim(text, newline, b.end)[0]
        if _field(text, b.start, patterns) and _field(text, rest_start, patterns):
            break  # a run of "TO: ..." / "FROM: ..." lines is a header, not headings
        longest = max(len(line.strip()) for line in text[rest_start:b.end].split("\n"))
        if not _title_like(first, patterns) or not (first.isupper() or len(first) <= SHORT_FIRST_LINE * longest):
            break
        out.append(Block("heading", b.start, first_end, b.indent, b.line_start, marking=b.marking))
        b = Block("paragraph", rest_start, b.end, 0, rest_start, single_line="\n" not in text[rest_start:b.end])
    out.append(b)
    return out


QUESTION_CLOSERS = "\"'\u201d\u2019)] \t"
"""What may close a question after its question mark."""


def asks(text: str, block: Block) -> bool:
    """Whether a block ends in a question mark (closing quotes and brackets aside)."""
    return text[max(block.start, block.end - 40):block.end].rstrip(QUESTION_CLOSERS).endswith("?")
