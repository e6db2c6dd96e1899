"""References a bill makes relative to the provision it amends.

"Section 702 of the Foreign Intelligence Surveillance Act of 1978 (50 U.S.C.
1881a) is amended— (1) in subsection (b)— (A) in paragraph (6), ..." cites
section 702 once; every "subsection (b)" and "paragraph (6)" after it, and a
"this section" inside the quoted new text, is a pinpoint of that section, and a
bare "section 105" is another section of the same act. Such words cite nothing
on their own, so without the instruction they would be lost: a bill is mostly
made of them. A rule's amendatory instruction puts the provision after its
verb ("Amend section 204.7304 by redesignating paragraphs (e) and (f)"). The
forms and the instruction's bounds are data (``corpus/patterns/amendments.json``);
a text with no amending instruction gets nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from kb.recognise.citations import section_number
from kb.recognise.spans import CODE_ID, Candidate, code_section, compile_piece, inside_quotes
from kb.reference import load_json

SUBJECT_REACH = 400
"""Characters at most from an instruction's subject start to its 'is amended'."""

SUBJECT_AHEAD = 40
"""Characters at most from a rule's 'Amend' to the provision it names ('Amend section 204.7304')."""


@dataclass(frozen=True)
class Form:
    """One relative form: what it names (``unit``), its pattern, and whether only quoted new text uses it."""

    unit: str
    pattern: re.Pattern[str]
    item: re.Pattern[str] | None
    quoted_only: bool


@dataclass(frozen=True)
class AmendmentForms:
    """The instruction, its bounds and the relative forms, compiled."""

    instruction: re.Pattern[str]
    instruction_ahead: re.Pattern[str]
    subject_start: re.Pattern[str]
    scope_end: re.Pattern[str]
    new_section: re.Pattern[str]
    forms: tuple[Form, ...]


@cache
def load_amendment_forms(data_dir: Path) -> AmendmentForms:
    """Compile ``patterns/amendments.json`` once per process."""
    data = load_json(data_dir / "patterns" / "amendments.json")
    pieces = data["pieces"]
    return AmendmentForms(
        instruction=compile_piece(data["instruction"]["regex"], pieces),
        instruction_ahead=compile_piece(data["instruction_ahead"]["regex"], pieces),
        subject_start=compile_piece(data["subject_start"]["regex"], pieces),
        scope_end=compile_piece(data["scope_end"]["regex"], pieces),
        new_section=compile_piece(data["new_section"]["regex"], pieces),
        forms=tuple(
            Form(f["unit"], compile_piece(f["regex"], pieces), compile_piece(f["item"], pieces) if "item" in f else None,
                 bool(f.get("quoted_only")))
            for f in data["forms"]
        ),
    )


def find_amendment_references(text: str, found: list[Candidate], forms: AmendmentForms) -> list[Candidate]:
    """Candidates for the words that point into each provision the text amends.

    Args:
        text: the document's text.
        found: the candidates already selected, sorted by offsets (the amended
            provision is one of them).
        forms: the compiled amendment forms.
    """
    cited = [c for c in found if c.kind == "authority"]
    starts = [c.start for c in cited]
    out: list[Candidate] = []
    for amended, begin, stop in _instructions(text, cited, starts, forms):
        quoted = inside_quotes(text, begin, stop)
        added = _added_sections(text, begin, stop, amended, forms)
        opened = [a.start for a in added]
        for form in forms.forms:
            for match in form.pattern.finditer(text, begin, stop):
                if form.quoted_only and not quoted(match.start()):
                    continue
                k = bisect.bisect_right(opened, match.start())
                target = added[k - 1] if k and quoted(match.start()) else amended
                out += _references(text, match, form, target, cited, starts)
    return out


def _instructions(text: str, cited: list[Candidate], starts: list[int],
                  forms: AmendmentForms) -> Iterator[tuple[Candidate, int, int]]:
    """Each amending instruction whose subject is cited: (the provision amended, where its scope begins and stops).

    An act's instruction names its subject before "is amended"; a rule's
    ("Amend section 204.7304 by ...") right after its verb.
    """
    instructions = sorted([(m, False) for m in forms.instruction.finditer(text)]
                          + [(m, True) for m in forms.instruction_ahead.finditer(text)], key=lambda mt: mt[0].start())
    for i, (instruction, ahead) in enumerate(instructions):
        amended = (_named_ahead(instruction, cited, starts) if ahead
                   else _amended(text, instruction, cited, starts, forms))
        if amended is None:
            continue
        begin = amended.end if ahead else instruction.end()
        stop = instructions[i + 1][0].start() if i + 1 < len(instructions) else len(text)
        end = forms.scope_end.search(text, begin, stop)
        yield amended, begin, end.start() if end else stop


def read_as_added(text: str, found: list[Candidate], forms: AmendmentForms) -> list[Candidate]:
    """Code citations of a section the text itself adds, read with its number as the quoted heading writes it.

    A citation form reads a trailing "l" as OCR for 1 ("section 130l of title 10"
    is 10 U.S.C. \u00a7 1301), which one form cannot tell from a real letter; a bill
    whose quoted text opens "\u201c\u00a7130l. Protection of ..." shows that the letter
    is one, so every citation of that title writing "130l" is the section it adds.
    """
    cited = [c for c in found if c.kind == "authority"]
    starts = [c.start for c in cited]
    read: dict[str, tuple[str, str]] = {}
    for amended, begin, stop in _instructions(text, cited, starts, forms):
        for added in _added_sections(text, begin, stop, amended, forms):
            code = CODE_ID.match(added.key or "")
            assert code is not None and code["section"] is not None
            written = code["section"].removeprefix("/s")
            if section_number(written) != written:
                read[f"us/usc/t{code['title']}/s{section_number(written)}"] = (code["title"], written)
    if not read:
        return found
    out = []
    for c in found:
        title, written = read.get(c.key or "", ("", ""))
        if written and c.parent is None and re.search(rf"(?<!\w){re.escape(written)}(?!\w)", c.surface, re.IGNORECASE):
            as_added = code_section(text, c.start, c.end, title, written, c.method)
            c = replace(c, key=as_added.key, name=as_added.name, citation=as_added.citation, url=as_added.url)
        out.append(c)
    return out


def _added_sections(text: str, begin: int, stop: int, amended: Candidate, forms: AmendmentForms) -> list[Candidate]:
    """The new Code sections the quoted text in [begin, stop) opens ('\u201c\u00a7130l. ...'), as the provisions
    its later words point into; only an instruction amending a Code title or section adds numbered Code sections."""
    code = CODE_ID.match(amended.key or "")
    if code is None:
        return []
    title = code["title"]
    return [code_section(text, heading.start(), heading.end(), title, heading["number"], "amendment", None)
            for heading in forms.new_section.finditer(text, begin, stop)]


def _amended(text: str, instruction: re.Match[str], cited: list[Candidate], starts: list[int],
             forms: AmendmentForms) -> Candidate | None:
    """The first authority cited in the instruction's subject ('Section 702 of ... (50 U.S.C. 1881a) is amended')."""
    window = max(0, instruction.start() - SUBJECT_REACH)
    begins = [m.end() for m in forms.subject_start.finditer(text, window, instruction.start())]
    subject = begins[-1] if begins else window
    at = bisect.bisect_left(starts, subject)
    if at < len(cited) and cited[at].end <= instruction.start():
        return cited[at]
    return None


def _named_ahead(instruction: re.Match[str], cited: list[Candidate], starts: list[int]) -> Candidate | None:
    """The first authority cited right after a rule's 'Amend' ('Amend section 204.7304 by ...')."""
    at = bisect.bisect_left(starts, instruction.end())
    if at < len(cited) and cited[at].start <= instruction.end() + SUBJECT_AHEAD:
        return cited[at]
    return None


def _references(text: str, match: re.Match[str], form: Form, amended: Candidate,
                cited: list[Candidate], starts: list[int]) -> list[Candidate]:
    """The candidates one match of a form makes, or none when the form does not fit the provision amended."""
    code = CODE_ID.match(amended.key or "")
    section_level = bool(code and code["section"]) or amended.section is not None or amended.authority_kind == "statutory_section"
    if form.unit == "pinpoint":
        assert form.item is not None
        of_number = match["of_number"]
        if of_number and not (code and code["section"] and section_number(of_number) == code["section"].removeprefix("/s")):
            return []  # "paragraph (1) of section 5": another section's, not the amended one's
        items = list(form.item.finditer(text, match.start("sub"), match.end("more")))
        return [_child(match.start() if k == 0 else item.start(), item.end(), text, amended, pinpoint=item["sub"])
                for k, item in enumerate(items)]
    if form.unit == "this_section":
        return [_child(match.start(), match.end(), text, amended)] if section_level else []
    if form.unit == "this_act":
        return [_child(match.start(), match.end(), text, amended)] if not section_level else []
    if form.unit == "section_of_this_title":
        return [code_section(text, match.start(), match.end(), code["title"], match["number"], "amendment", match["sub"] or None)] if code else []
    if form.unit == "section_of_this_act":
        if section_level:
            return []
        return [_child(match.start(), match.end(), text, amended, pinpoint=match["sub"] or None, section=match["number"])]
    assert form.unit == "section" and form.item is not None
    items = list(form.item.finditer(text, match.start("number"), match.end()))
    codified = _codified(text, match.end(), cited, starts)
    out = []
    for k, item in enumerate(items):
        start = match.start() if k == 0 else item.start()
        sub = item["sub"] or None
        if len(codified) == len(items):  # "section 105 or 304 (50 U.S.C. 1805, 1824)": the Code says which
            out.append(_child(start, item.end(), text, codified[k], pinpoint=sub))
        elif code is not None:
            out.append(code_section(text, start, item.end(), code["title"], item["number"], "amendment", sub))
        else:
            act = amended.parent if amended.section is not None and amended.parent is not None else amended
            out.append(_child(start, item.end(), text, act, pinpoint=sub, section=item["number"]))
    return out


def _codified(text: str, end: int, cited: list[Candidate], starts: list[int]) -> list[Candidate]:
    """The Code sections cited in a parenthesis right after ``end`` ('section 513 (50 U.S.C. 3112)')."""
    opened = re.match(r"[ \t\u00a0]*\(", text[end:end + 4])
    if not opened:
        return []
    close = text.find(")", end + opened.end())
    at = bisect.bisect_left(starts, end)
    inside = []
    while at < len(cited) and cited[at].start < close:
        if (found := CODE_ID.match(cited[at].key or "")) and found["section"]:
            inside.append(cited[at])
        at += 1
    return inside


def _child(start: int, end: int, text: str, parent: Candidate, *, pinpoint: str | None = None,
           section: str | None = None) -> Candidate:
    return Candidate(start=start, end=end, surface=text[start:end], method="amendment", parent=parent,
                     authority_kind="statutory_section" if section else parent.authority_kind,
                     pinpoint=pinpoint, section=section)
