"""Short forms that point back at an authority the document has already cited.

Opinions, briefs and agency issuances cite an authority in full once and then
refer back to it: "Carpenter, 585 U.S. at 311", "585 U.S. at 317", "Id. at
316", "supra note 4", the bare party name "Carpenter", "§ 2703(d)" after "18 U.S.C. §
2703(d)", and a DoD issuance's "reference (c)" that points into its list of
references. Each becomes a candidate whose ``parent`` is the full citation, so
it resolves to the same authority. The forms are data in
``corpus/patterns/authorities.json`` (``short_forms``); every one needs an
earlier full citation to point at, so a text that cites nothing gets nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.recognise.citations import to_roman
from kb.recognise.spans import (
    CFR_ID,
    CODE_CHAPTER,
    CODE_ID,
    AnchoredPattern,
    Candidate,
    anchored_pattern,
    cfr_section,
    code_section,
    compile_piece,
    section_heading,
)
from kb.reference import load_json
from kb.segment.notes import notes_start

SUPERSCRIPT_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")
"""Superscript digits to digits: a note line may open with its mark as written in the text ('⁸ NSM-25, ...')."""

ACT_ID = re.compile(r"us/(?:pl|pvtl|act)/")
"""Ids of acts, whose sections are records of their own ("us/pl/118/49/s101")."""

CONSTITUTION_PART = re.compile(r"(?P<article>us/const/art(?P<number>\d+))(?:/s(?P<section>\d+))?")
"""An id inside one of the Constitution's articles, whose sections and clauses 'id. § 2, cl. 1' and 'id. cl. 12' name."""

PINPOINT_GAP = re.compile(r"[\s\u00a0]*,?[\s\u00a0]*")
"""What stands between a citation and a section sign that pinpoints it ("NSM-25, § 4.2(e)")."""

LISTED_LETTER = re.compile(r"\(([a-z]{1,2})\)")
"""One letter of 'References (d), (f), and (g)' after the first."""

STAT_ID = re.compile(r"us/stat/(?P<volume>\d+)/(?P<page>\d+)")
"""A Statutes at Large page's id, which a later 'V Stat. at P' cites again."""

BARE_SECTION_REACH = 400
"""Characters at most between a Code citation and a bare '§ N' read as another section of its title."""


@dataclass(frozen=True)
class ShortForms:
    """Compiled short-form patterns and the words that decide a case's short name."""

    reporter_in_case: re.Pattern[str]
    case_short_cite: AnchoredPattern
    id_cite: AnchoredPattern
    explanatory: re.Pattern[str]
    bare_section: AnchoredPattern
    bare_section_list: AnchoredPattern
    section_list_item: re.Pattern[str]
    subsection_range: re.Pattern[str]
    repeated_subsection: re.Pattern[str]
    subsection_paragraph: re.Pattern[str]
    subsection_list: re.Pattern[str]
    subsection_item: re.Pattern[str]
    repeated_section: AnchoredPattern
    repeated_chapter: AnchoredPattern
    bare_rule: AnchoredPattern
    regulation_number: AnchoredPattern
    reference_item: re.Pattern[str]
    reference_cite: AnchoredPattern
    section_before_reference: re.Pattern[str]
    case_supra: re.Pattern[str]
    stat_short_cite: AnchoredPattern
    record_cite: re.Pattern[str]
    supra_note: AnchoredPattern
    supra_pinpoint: re.Pattern[str]
    note_line: re.Pattern[str]
    government_parties: frozenset[str]
    not_short_names: frozenset[str]
    short_name_signals: frozenset[str]
    short_name_after: frozenset[str]
    line_marker: re.Pattern[str]


@cache
def load_short_forms(data_dir: Path) -> ShortForms:
    """Compile the ``short_forms`` patterns once per process."""
    data = load_json(data_dir / "patterns" / "authorities.json")
    pieces, forms = data["pieces"], data["short_forms"]
    return ShortForms(
        reporter_in_case=compile_piece(forms["reporter_in_case"]["regex"], pieces),
        case_short_cite=anchored_pattern(forms["case_short_cite"], pieces),
        id_cite=anchored_pattern(forms["id_cite"], pieces),
        explanatory=compile_piece(forms["id_cite"]["explanatory"], pieces),
        bare_section=anchored_pattern(forms["bare_section"], pieces),
        bare_section_list=anchored_pattern(forms["bare_section_list"], pieces),
        section_list_item=compile_piece(forms["bare_section_list"]["item"], pieces),
        subsection_range=compile_piece(forms["subsection_range"]["regex"], pieces),
        repeated_subsection=compile_piece(forms["repeated_subsection"]["regex"], pieces),
        subsection_paragraph=re.compile(forms["repeated_subsection"]["paragraph_break"]),
        subsection_list=compile_piece(forms["subsection_list"]["regex"], pieces),
        subsection_item=compile_piece(forms["subsection_list"]["item"], pieces),
        repeated_section=anchored_pattern(forms["repeated_section"], pieces),
        repeated_chapter=anchored_pattern(forms["repeated_chapter"], pieces),
        bare_rule=anchored_pattern(forms["bare_rule"], pieces),
        regulation_number=anchored_pattern(forms["regulation_number"], pieces),
        reference_item=compile_piece(forms["reference_item"]["regex"], pieces, re.M),
        reference_cite=anchored_pattern(forms["reference_cite"], pieces),
        section_before_reference=compile_piece(forms["reference_cite"]["section_before"], pieces),
        case_supra=compile_piece(forms["case_supra"]["regex"], pieces),
        stat_short_cite=anchored_pattern(forms["stat_short_cite"], pieces),
        record_cite=compile_piece(forms["record_cite"]["regex"], pieces),
        supra_note=anchored_pattern(forms["supra_note"], pieces),
        supra_pinpoint=compile_piece(forms["supra_note"]["pinpoint"], pieces),
        note_line=compile_piece(forms["supra_note"]["note_line"], pieces, re.M),
        government_parties=frozenset(forms["government_parties"]["words"]),
        not_short_names=frozenset(forms["not_short_names"]["words"]),
        short_name_signals=frozenset(forms["short_name_signals"]["words"]),
        short_name_after=frozenset(forms["short_name_signals"]["after"]),
        line_marker=compile_piece(forms["short_name_signals"]["line_marker"], pieces),
    )


@dataclass(frozen=True)
class Named:
    """The authorities already found, in text order, and their starts: what a bare number may point back at."""

    authorities: list[Candidate]
    starts: list[int]

    @classmethod
    def of(cls, found: list[Candidate]) -> Named:
        authorities = sorted((c for c in found if c.kind == "authority"), key=lambda c: c.start)
        return cls(authorities, [c.start for c in authorities])


def find_short_forms(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """Short forms in ``text`` that point back at one of the ``found`` candidates (already selected)."""
    cases = [c for c in found if c.kind == "authority" and (c.authority_kind == "case" or (c.key or "").startswith("us/case/"))]
    short = _case_short_cites(text, cases, forms) + _party_names(text, cases, forms)
    sections, parts, named = _cited_code_sections(found), _cited_cfr_parts(found), Named.of(found)  # read once, for the forms below
    short += _bare_sections(text, named, forms, sections, parts) + _repeated_sections(text, named, forms, sections)
    short += _repeated_chapters(text, found, forms)
    short += _bare_section_lists(text, named, forms, sections)
    short += _bare_rules(text, found, forms) + _regulation_numbers(text, forms, parts)
    short += _references(text, found, forms) + _supra_notes(text, found, forms) + _stat_short_cites(text, found, forms)
    short += _id_cites(text, sorted(found + short, key=lambda c: c.start), forms)
    short += _subsection_lists(text, found + short, forms)
    return short + _repeated_subsections(text, found + short, forms)


def _child(match: re.Match[str], parent: Candidate, method: str, pinpoint: str | None = None) -> Candidate:
    return Candidate(start=match.start(), end=match.end(), surface=match.group(0), method=method,
                     parent=parent, authority_kind=parent.authority_kind, pinpoint=pinpoint or None)


def _case_short_cites(text: str, cases: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'Carpenter, 585 U.S. at 311' and '585 U.S. at 317' point at the case cited at 585 U.S."""
    by_reporter: dict[tuple[str, str], Candidate] = {}
    for case in cases:
        for reporter in forms.reporter_in_case.finditer(case.surface):
            by_reporter.setdefault((reporter.group("volume"), _compact(reporter.group("reporter"))), case)
    out = []
    for match in forms.case_short_cite.finditer(text):
        cited = by_reporter.get((match.group("volume"), _compact(match.group("reporter"))))
        if cited is None or cited.end > match.start():
            continue
        start = match.start()
        signal = re.match(r"(\S+)[ \t\u00a0]+", match.group(0))
        if signal and signal.group(1).lower() in forms.short_name_signals:
            start += signal.end()
        out.append(Candidate(start=start, end=match.end(), surface=text[start:match.end()], method="short_cite",
                             parent=cited, authority_kind=cited.authority_kind, pinpoint=match.group("page")))
    return out


def _compact(reporter: str) -> str:
    return re.sub(r"[\s\u00a0.]", "", reporter).lower()


def short_name(case: Candidate, forms: ShortForms) -> str | None:
    """The word a document uses for a case after citing it in full ('Jones' for United States v. Jones).

    A GAO decision has one party, and later cites repeat its whole name ('Tern Ridge Techs., supra').
    """
    if case.method == "decision":
        return case.name
    caption = re.split(r"[\s\u00a0]+v(?:s)?\.?[\s\u00a0]+", case.surface, maxsplit=1)
    if len(caption) != 2:
        return None
    plaintiff, defendant = (re.sub(r",.*$", "", part, flags=re.S).strip() for part in caption)
    party = defendant if plaintiff.lower() in forms.government_parties else plaintiff
    word = party.split()[0] if party.split() else ""
    if len(word) < 3 or not word[0].isupper() or not word.isalpha() or word.lower() in forms.not_short_names:
        return None
    return word


def _stat_short_cites(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'138 Stat. at 863': the act the text cites at a page of that volume, the nearest page below (cited earlier, if one was)."""
    pages = [(c, m["volume"], int(m["page"])) for c in found if (m := STAT_ID.fullmatch(c.key or ""))]
    if not pages:
        return []
    out = []
    for match in forms.stat_short_cite.finditer(text):
        page = int(match.group("page"))
        cited = [(c.start > match.start(), -p, c) for c, volume, p in pages if volume == match.group("volume") and p <= page]
        if cited:
            out.append(_child(match, min(cited, key=lambda x: x[:2])[2], "short_cite", f"at {match.group('page')}"))
    return out


def _party_names(text: str, cases: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """A party's name standing for a case after its full citation ('the records in Carpenter').

    A name of several words may break across lines; a 'supra' after the name
    ('Carpenter, supra') is part of the mention. Where the notes come after
    the body, a case cited in full only in a note is named in the body before
    it: "as the Second Circuit held in Hasbajrami.\u2074" calls note 4, "United
    States v. Hasbajrami, 945 F.3d 641", so the body is searched too; only for
    a case cited with its reporter, as a caption alone may be the opinion's own.
    """
    out = []
    body_end = notes_start(text)
    named: dict[str, list[Candidate]] = {}
    for case in cases:
        word = short_name(case, forms)
        if word is not None:
            named.setdefault(word, []).append(case)
    for word, same in named.items():
        pattern = re.compile(r"[\s\u00a0]+".join(map(re.escape, word.split())))
        same.sort(key=lambda c: c.start)
        for i, case in enumerate(same):  # each name is the case cited with it last: 'Smith' after United States v. Smith
            until = same[i + 1].start if i + 1 < len(same) else len(text)
            in_note = (i == 0 and body_end is not None and case.start >= body_end  # with its reporter: no bare caption
                       and (REPORTED.search(case.surface) or REPORTED.match(text, case.end)))
            spans = [(case.end, until)] + ([(0, body_end)] if in_note and body_end is not None else [])
            out += _named(text, spans, pattern, case, forms)
    return out


def _named(text: str, spans: list[tuple[int, int]], pattern: re.Pattern[str], case: Candidate,
           forms: ShortForms) -> list[Candidate]:
    """Each place in ``spans`` where the party's name (``pattern``) stands alone for ``case``."""
    out = []
    for begin, stop in spans:
        for found in pattern.finditer(text, begin, stop):
            start, end = found.start(), found.end()
            if _whole_word(text, start, end) and _stands_alone(text, start, end, forms):
                supra = forms.case_supra.match(text, end)
                end = supra.end() if supra else end
                out.append(Candidate(start=start, end=end, surface=text[start:end], method="short_name",
                                     parent=case, authority_kind=case.authority_kind))
    return out


def _stands_alone(text: str, start: int, end: int, forms: ShortForms) -> bool:
    """Not part of a longer name ('Karen Carpenter', 'Carpenter Industries', 'Carpenter v. ...').

    A heading's outline designation before the name ('A. Katz and Its Expectation') is no part of it,
    nor is a capitalised word that only says what of the case is meant ('the Carpenter Court').
    """
    window = max(0, start - 30)
    before = re.search(r"(?:^|(?<=\n)|(?<=\s))(\S+)[ \t\u00a0]+$", text[window:start])
    if before and before.group(1)[0].isupper() and before.group(1).lower() not in forms.short_name_signals:
        at = window + before.start(1)
        heading = forms.line_marker.fullmatch(before.group(1)) and not text[text.rfind("\n", 0, at) + 1:at].strip()
        if not heading:
            return False
    after = re.match(r"[ \t\u00a0]+(?:([A-Z][\w\u2019']*)|vs?\.)", text[end:end + 20])
    return after is None or (after.group(1) or "") in forms.short_name_after


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "._-") and not (after.isalnum() or after in "_-")


def _cited_code_sections(found: list[Candidate]) -> dict[str, Candidate]:
    """Each Code section number cited in full (a citation or an enumerated item), with its first citation."""
    cited: dict[str, Candidate] = {}
    for c in found:
        key = c.key or ""
        if c.method in ("citation", "enumeration") and key.startswith("us/usc/t") and "/s" in key:
            cited.setdefault(key.rsplit("/s", 1)[1], c)
    return cited


def _cited_cfr_parts(found: list[Candidate]) -> dict[str, tuple[int, str]]:
    """Each C.F.R. part cited in full (as a part, or by one of its sections): where first cited, and its title."""
    parts: dict[str, tuple[int, str]] = {}
    for c in sorted(found, key=lambda c: c.start):
        cfr = CFR_ID.match(c.key or "")
        if cfr and c.method in ("citation", "enumeration"):
            parts.setdefault(cfr["part"] or cfr["section_part"], (c.start, cfr["title"]))
    return parts


def _regulation_numbers(text: str, forms: ShortForms, parts: dict[str, tuple[int, str]]) -> list[Candidate]:
    """'section 204.7304', 'the clause at 252.239-7001': a C.F.R. section by number alone, of a part the text cites (``parts``)."""
    if not parts:  # most texts cite no C.F.R. part, and pay nothing
        return []
    out = []
    for match in forms.regulation_number.finditer(text):
        number = match.group("number")
        part = parts.get(number.split(".", 1)[0])
        if part and part[0] < match.start() and not _regulation_heading(text, match.start(), match.end()):
            out.append(cfr_section(text, match.start(), match.end(), part[1], number, "short_cite", match.group("sub") or None))
    return out


def _bare_sections(text: str, named: Named, forms: ShortForms,
                   cited: dict[str, Candidate], parts: dict[str, tuple[int, str]]) -> list[Candidate]:
    """A bare section sign: a Code section already cited, another section of the title just cited, or a C.F.R. section.

    '§ 2703(d)' after '18 U.S.C. § 2703(d)' repeats that section; 'See §2518(3)'
    a few lines after '18 U.S.C. §§2510-2522' is section 2518 of title 18, as
    opinions write it, so long as the last authority cited before it was a Code
    section (cited in full, or by a short form of one) within ``BARE_SECTION_REACH`` characters ("M-24-10, § 2" is the
    memorandum's). A dotted number ('§ 236.2') is a C.F.R. section, of the part
    an earlier C.F.R. citation names ('32 CFR part 236'), however far back, as
    a regulation's text writes its own sections; with no such part, or right
    after another authority's citation ("National Security Memorandum 25,
    § 4.2(e)", its pinpoint), it is left alone. A section heading ("§2511." opening a line, or a bill's quoted new
    "“§130l.") is not a citation.
    """
    out = []
    for match in forms.bare_section.finditer(text):
        number = match.group("number")
        at = bisect.bisect_left(named.starts, match.start())
        last = named.authorities[at - 1] if at else None
        if "." in number:
            part = parts.get(number.split(".", 1)[0])
            pinned = last is not None and not CFR_ID.match(last.key or "") and PINPOINT_GAP.fullmatch(text, last.end, match.start())
            if part and part[0] < match.start() and not pinned and not _regulation_heading(text, match.start(), match.end()):
                out.append(cfr_section(text, match.start(), match.end(), part[1], number, "short_cite", match.group("sub") or None))
            continue
        parent = cited.get(number)
        if parent is not None and parent.end <= match.start() and not section_heading(text, match.start(), match.end()):
            out.append(_child(match, parent, "short_cite", match.group("sub")))
            continue
        title = _title_just_cited(last, match.start())
        if title and not section_heading(text, match.start(), match.end()):
            out.append(code_section(text, match.start(), match.end(), title, number, "short_cite",
                                    match.group("sub") or None))
    return out


def _title_just_cited(last: Candidate | None, start: int) -> str | None:
    """The Code title of ``last`` when it is a section or chapter cited within ``BARE_SECTION_REACH`` before ``start``.

    'See §2518(3)' a few lines after '18 U.S.C. §§2510-2522', and 'Section
    394(a)' right after 'chapter 19 of title 10', are sections of that title, as
    opinions write them.
    """
    if last is None or last.method not in ("citation", "enumeration", "short_cite", "id", "relative"):
        return None
    key = _full(last).key or ""
    code = CODE_ID.match(key)
    if code and (code["section"] or CODE_CHAPTER.fullmatch(key)) and last.end <= start <= last.end + BARE_SECTION_REACH:
        return code["title"]
    return None


REGULATION_HEADING = re.compile(r"[ \t\u00a0]+[A-Z](?:[^\n]{0,120}|[^\n.]{0,120}\n[^\n]{0,120})\.[ \t\u00a0]*(?:\n|$)")
"""The rest of a regulation's section heading after its number: ' Definitions.' of '§ 236.2 Definitions.', or a
heading wrapped once ('212.301 Solicitation provisions ... for the acquisition' and 'of commercial services.')."""


def _regulation_heading(text: str, start: int, end: int) -> bool:
    """Whether '§ 236.2' or '239.7600' at [start, end) opens a regulation's section heading, which names the section rather than cites it."""
    line = text.rfind("\n", 0, start) + 1
    opens = start == line or text[line:start].strip(" \t\u00a0\u00a7\u201c\"") == ""
    return opens and REGULATION_HEADING.match(text, end) is not None


def _bare_section_lists(text: str, named: Named, forms: ShortForms,
                        cited: dict[str, Candidate]) -> list[Candidate]:
    """'§§ 1806(a), 1825(a), and 1845(a)': sections of one Code title listed after a double section sign alone.

    The title is that of an item cited in full before ('50 U.S.C. § 1806'),
    else that of the Code section cited last, within ``BARE_SECTION_REACH``
    characters, as for a lone '§ 2518(3)'. A list inside a citation ("18
    U.S.C. §§ 2510–2522") is the citation's own.
    """
    out = []
    for match in forms.bare_section_list.finditer(text):
        at = bisect.bisect_right(named.starts, match.start())
        if at and named.authorities[at - 1].end > match.start():
            continue
        items = list(forms.section_list_item.finditer(text, match.start("number"), match.end()))
        title = next((CODE_ID.match(cited[i["number"]].key or "") for i in items
                      if i["number"] in cited and cited[i["number"]].end <= match.start()), None)
        last = named.authorities[at - 1] if at else None
        if title is None and last is not None and last.end + BARE_SECTION_REACH >= match.start():
            title = CODE_ID.match(_full(last).key or "") if last.method in ("citation", "enumeration", "short_cite", "id") else None
        if title is None or not title["section"]:
            continue
        for k, item in enumerate(items):
            start = match.start() if k == 0 else item.start()
            out.append(code_section(text, start, item.end(), title["title"], item["number"], "short_cite", item["sub"] or None))
    return out


def _subsection_lists(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'5 U.S.C. § 552a(e)(7) and (g)(1)(D)': the later subsections are more pinpoints of the section just cited.

    Each item must open at a level the citation's own pinpoint has (a letter
    after '(e)(7)', a number after '(b)(1)'), so a list in the prose ('§
    1806(c), and (2) a hearing') is not read as one. A range's last item
    ('1881a(d)–(f)') is one too, and a list may follow the range.
    """
    out = []
    for c in found:
        if c.kind != "authority" or not c.pinpoint or not c.surface.endswith(c.pinpoint):
            continue
        levels = {_level(p) for p in re.findall(r"\(([^)]*)\)", c.pinpoint)}
        items, at = [], c.end
        last = forms.subsection_range.match(text, at)
        if last is not None:
            items.append((last.start("last"), last.end("last")))
            at = last.end()
        match = forms.subsection_list.match(text, at)
        if match is not None:
            items += [item.span() for item in forms.subsection_item.finditer(text, match.start("items"), match.end())]
        for start, end in items:
            surface = text[start:end]
            if _level(surface[1:surface.index(")")]) not in levels:
                break
            out.append(Candidate(start=start, end=end, surface=surface, method="short_cite",
                                 parent=c, authority_kind=c.authority_kind, pinpoint=surface))
    return out


def _repeated_subsections(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'Exemption (k)(1) applies' after '5 U.S.C. 552a(k)(1)' in the same paragraph: that section's subsection again.

    Only a designation of two levels or more that the paragraph has cited as
    a section's pinpoint counts; spans inside a citation lose to it when the
    candidates are selected.
    """
    cited = sorted((c for c in found if c.kind == "authority" and c.pinpoint and c.pinpoint.startswith("(")
                    and (c.key or c.parent is not None)), key=lambda c: c.start)
    if not cited:
        return []
    breaks = [m.end() for m in forms.subsection_paragraph.finditer(text)]
    out = []
    for match in forms.repeated_subsection.finditer(text):
        paragraph = max((b for b in breaks if b <= match.start()), default=0)
        same = [c for c in cited if paragraph <= c.start and c.end <= match.start() and c.pinpoint == match.group(0)]
        if same:
            parent = same[-1] if same[-1].key else same[-1].parent
            assert parent is not None
            out.append(_child(match, parent, "short_cite", match.group(0)))
    return out


def _level(designation: str) -> str:
    """The kind of a subsection's designation: a number, a capital letter, or a small letter (roman numerals among them)."""
    return "number" if designation.isdigit() else "capital" if designation.isupper() else "small"


def _full(c: Candidate) -> Candidate:
    """The full citation a short form stands for ('§ 1806(c)' for '50 U.S.C. § 1806(f)'), or the candidate itself."""
    return c.parent if c.parent is not None and c.key is None and c.method in ("short_cite", "id") else c


def _repeated_sections(text: str, named: Named, forms: ShortForms, cited: dict[str, Candidate]) -> list[Candidate]:
    """'Section 1806(f)' after '50 U.S.C. § 1806(f)': a Code section cited in full before, named again by its number.

    Only a number the text has already cited as a Code section counts, or one
    named right after a Code chapter ('chapter 19 of title 10 ... Section
    394(a)'), so an act's own "Section 702" or "section 3 of this Act" is left
    to the forms that read it. ``cited``: the Code sections cited in full (``_cited_code_sections``).
    """
    out = []
    for match in forms.repeated_section.finditer(text):
        if section_heading(text, match.start(), match.end()):
            continue
        parent = cited.get(match.group("number").lower())
        if parent is not None and parent.end <= match.start():
            out.append(_child(match, parent, "short_cite", match.group("sub")))
            continue
        at = bisect.bisect_left(named.starts, match.start())
        last = named.authorities[at - 1] if at else None
        title = _title_just_cited(last, match.start()) if last and CODE_CHAPTER.fullmatch(last.key or "") else None
        if title:
            out.append(code_section(text, match.start(), match.end(), title, match.group("number"), "short_cite",
                                    match.group("sub") or None))
    return out


def _repeated_chapters(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'chapter 119' after 'chapter 119 of title 18': a Code chapter cited in full before, named again by its number.

    A number cited before as a chapter of two titles is ambiguous and left alone.
    """
    cited: dict[str, list[Candidate]] = {}
    for c in sorted(found, key=lambda c: c.start):
        chapter = CODE_CHAPTER.fullmatch(c.key or "") if c.method == "citation" else None
        if chapter and not chapter["subchapter"] and not any(o.key == c.key for o in cited.get(chapter["number"], [])):
            cited.setdefault(chapter["number"], []).append(c)
    out = []
    for match in forms.repeated_chapter.finditer(text) if cited else ():
        parents = [c for c in cited.get(match.group("number").lower(), []) if c.end <= match.start()]
        if len(parents) == 1:
            out.append(_child(match, parents[0], "short_cite"))
    return out


def _bare_rules(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'Rule 56(a)' after 'Fed. R. Civ. P. 12(b)(1)': a rule of a federal rules set the text cited before it.

    The set is the one an earlier full citation of the same rule number names
    ('Rule 12(b)(6)' after 'Fed. R. Civ. P. 12(b)(1)', whatever was cited in
    between), else the set cited last.
    """
    rules = sorted((c for c in found if c.authority_kind == "court_rule" and c.key and c.citation), key=lambda c: c.start)
    starts = [c.start for c in rules]
    out = []
    for match in forms.bare_rule.finditer(text):
        at = bisect.bisect_left(starts, match.start())
        if not at:
            continue
        number = match.group("number")
        last = next((c for c in reversed(rules[:at]) if (c.key or "").endswith(f"/{number}")), rules[at - 1])
        root, prefix = (last.key or "").rsplit("/", 1)[0], (last.citation or "").rsplit(" ", 1)[0]
        name = f"{prefix} {number}"
        out.append(Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="short_cite",
                             key=f"{root}/{number}", name=name, citation=name, authority_kind="court_rule",
                             pinpoint=match.group("sub") or None))
    return out


def _references(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'reference (c)' in a DoD issuance: the item its list of references starts with '(c)'.

    'References (d), (f), and (g)' is one mention per letter, the first spanning the word.
    """
    cited = [c for c in found if c.kind == "authority"]
    starts = [c.start for c in cited]
    listed: dict[str, Candidate] = {}
    for item in forms.reference_item.finditer(text):
        at = bisect.bisect_left(starts, item.end())
        line_end = text.find("\n", item.end())
        if at < len(cited) and (line_end < 0 or cited[at].start < line_end):
            listed[item.group("letter").lower()] = cited[at]
    if not listed:
        return []
    out = []
    for match in forms.reference_cite.finditer(text):
        for letter in LISTED_LETTER.finditer(text, match.start("more"), match.end("more")):
            if (listed_item := listed.get(letter.group(1).lower())) is not None:
                out.append(Candidate(start=letter.start(), end=letter.end(), surface=letter.group(0), method="reference",
                                     parent=listed_item, authority_kind=listed_item.authority_kind))
        parent = listed.get(match.group("letter").lower())
        if parent is None:
            continue
        end = match.start("more")  # the first letter's mention ends at its parenthesis
        code = CODE_ID.match(parent.key or "")
        section = forms.section_before_reference.search(text, max(0, match.start() - 40), match.start()) if code else None
        if code and section and not code["section"]:  # Reference (a) is a title or chapter of the Code
            out.append(code_section(text, section.start(), end, code["title"], section.group("number"),
                                    "reference", section.group("sub") or None))
        else:
            out.append(Candidate(start=match.start(), end=end, surface=text[match.start():end], method="reference",
                                 parent=parent, authority_kind=parent.authority_kind))
    return out


def _supra_notes(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'supra note 4': what footnote 4 cites first, the footnote being the last line that opens with '4' (or '⁴', as web copies mark notes).

    An authority named right before it ('USSID SP0018, supra note 4') is what it cites, whatever the
    note cites first; the name, the supra and a pinpoint after it (', § 2.3', ', Annex J') are one mention.
    """
    supras = list(forms.supra_note.finditer(text))
    if not supras:
        return []
    cited = [c for c in found if c.kind == "authority"]
    starts = [c.start for c in cited]
    notes = {line.group("note").translate(SUPERSCRIPT_DIGITS): line for line in forms.note_line.finditer(text)}  # the last line per number wins
    ends = {c.end: c for c in cited}
    out = []
    for match in supras:
        gap = SUPRA_GAP.search(text, max(0, match.start("supra") - 4), match.start("supra"))
        named = ends.get(gap.start()) if gap else None
        line = notes.get(match.group("note"))
        written = text[match.start():gap.start()] if gap and match.start() < gap.start() else ""
        parent = (_root_of(named) if named is not None
                  else (_named_in_note(text, line, cited, starts, written) or _first_on_line(text, line, cited, starts)) if line
                  else None)
        if parent is None:  # by number, not by place: text from a PDF may put the notes after the body
            continue
        start = min(match.start(), named.start) if named is not None else match.start()
        pinpoint = forms.supra_pinpoint.match(text, match.end())
        end = pinpoint.end() if pinpoint else match.end()
        out.append(Candidate(start=start, end=end, surface=text[start:end], method="short_cite", parent=parent,
                             authority_kind=parent.authority_kind, pinpoint=pinpoint.group(0).lstrip(", ") if pinpoint else None))
    return out


PARALLEL = re.compile(r"[\s\u00a0]*,[\s\u00a0]*")
"""Between a citation and the parallel cite that follows it: ', '."""

CODE_NOTE = re.compile(r"[\s\u00a0]+note\b")
"""After a Code section, the word that makes the cite a note printed under it, where an order or act is reprinted."""

NOTE_END = re.compile(r"\n(?:[ \t]*\n|[ \t]*(?:\d{1,3}|[\u00b9\u00b2\u00b3\u2070-\u2079]{1,3})[ \t])")
"""Where a footnote ends: a blank line, or the next line that opens with a note number."""

REPORTED = re.compile(r"[\s\u00a0]*,?[\s\u00a0]*\d+[\s\u00a0]+[A-Z][\w. ]{0,15}[\s\u00a0]+\d")
"""A reporter citation right after a case's caption: ', 945 F.3d 641', ', 389 U.S. 347'."""

SUPRA_GAP = re.compile(r",[ \t\u00a0]*$")
"""Between an authority's name and the 'supra' that cites it again ('USSID SP0018, supra note 4')."""


def _root_of(c: Candidate) -> Candidate:
    """The full citation a short form or defined term stands for, else the candidate."""
    return c.parent if c.parent is not None and c.method in ("short_cite", "short_name", "id", "defined_alias") else c


def _named_in_note(text: str, line: re.Match[str], cited: list[Candidate], starts: list[int], name: str) -> Candidate | None:
    """The authority a footnote cites whose words hold the name written before 'supra' ('Smith, supra note 18').

    A note may cite the Fourth Amendment first and Smith v. Maryland after it: the name says which.
    """
    if not name:
        return None
    end = NOTE_END.search(text, line.end())
    stop = end.start() if end else len(text)
    word = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    for c in cited[bisect.bisect_left(starts, line.end()):]:
        if c.start >= stop:
            break
        if word.search(c.surface):
            return _root_of(c)
    return None


def _first_on_line(text: str, line: re.Match[str], cited: list[Candidate], starts: list[int]) -> Candidate | None:
    """The first authority on a footnote's line, if that line cites one (what a short form there points to)."""
    at = bisect.bisect_left(starts, line.end())
    line_end = text.find("\n", line.end())
    if at < len(cited) and (line_end < 0 or cited[at].start < line_end):
        parent = cited[at]
        return parent.parent if parent.method in ("short_cite", "short_name", "id") and parent.parent else parent
    return None


def _id_cites(text: str, found: list[Candidate], forms: ShortForms) -> list[Candidate]:
    """'Id.' and 'Id. at 316': the authority cited just before (with a page, the case cited last); 'Id. § 101': a section of it.

    The section of an act is that act's section, as "section 101 of the Act"
    would be; of a Code section or title, another section of that title; of
    an order, memorandum or directive, a pinpoint of it (its sections are no
    records of their own). A Code note an order is reprinted in is no
    antecedent: "id." cites the order again. A citation inside another's explanatory
    parenthetical ("(quoting Youngstown, 343 U.S. at 638)") is passed over,
    and an 'Id.' after a cite to the case's record ("Defs.' Mem. at 4. Id. at
    5.") repeats that cite, no authority.
    """
    ids = list(forms.id_cite.finditer(text))
    if not ids:
        return []
    records = [m.start() for m in forms.record_cite.finditer(text)]
    quoted = [m.span() for m in forms.explanatory.finditer(text)]
    cited = [c for c in found if c.kind == "authority" and c.method != "generic"
             and not any(start < c.start and c.end < end for start, end in quoted)]
    starts = [c.start for c in cited]
    out = []
    for match in ids:
        at = bisect.bisect_left(starts, match.start())
        if at == 0:
            continue
        prior = cited[:at]
        if at >= 2 and CODE_ID.match(prior[-1].key or "") and CODE_NOTE.match(text, prior[-1].end):
            prior = prior[:-1]  # "..., reprinted in 50 U.S.C. § 3001 note; see id. § 2.3": the order, not the note
        if len(prior) >= 2 and _federal_register_page_of(text, prior[-2], prior[-1]):
            prior = prior[:-1]  # "Exec. Order No. 12333, 46 Fed. Reg. 59941. Id. § 2.3": the order, not its page
        before = prior[-1]
        record = bisect.bisect_left(records, match.start())
        if record and records[record - 1] >= cited[at - 1].end:
            continue
        if match.group("page"):  # a page is a reporter's: the case cited last, past any statute cited since
            before = next((c for c in reversed(prior) if _is_case(c)), before)
        parent = before.parent if before.method in ("short_cite", "short_name", "id") and before.parent else before
        candidate = _constitution_id(text, match, parent) if match.group("section") or match.group("bare_clause") else None
        if candidate is None:
            candidate = (_id_section(text, match, parent, prior) if match.group("section")
                         else _child(match, parent, "id", match.group("page")))
        out.append(candidate)
        cited.insert(at, candidate)
        starts.insert(at, candidate.start)
    return out


def _federal_register_page_of(text: str, order: Candidate, page: Candidate) -> bool:
    """Whether ``page`` is the Federal Register page an order's citation gives right after it ('E.O. 12333, 46 FR 59941')."""
    return ((order.key or "").startswith(("us/eo/", "us/pres/")) and (page.key or "").startswith("us/fr/")
            and bool(PARALLEL.fullmatch(text, order.end, page.start)))


def _constitution_id(text: str, match: re.Match[str], parent: Candidate) -> Candidate | None:
    """'id. cl. 18' after 'U.S. Const. art. I, § 8, cl. 14' is clause 18 of that section; 'id. § 2, cl. 1' after
    'art. II, § 1, cl. 1' is section 2's clause 1. None when the parent is no part of an article (or names no
    section for a bare clause)."""
    part = CONSTITUTION_PART.match(parent.key or "")
    if part is None or (match.group("bare_clause") and part["section"] is None):
        return None
    section = match.group("section") or part["section"]
    clause = match.group("clause") or match.group("bare_clause")
    citation = f"U.S. Const. art. {to_roman(int(part['number']))}, \u00a7 {section}" + (f", cl. {clause}" if clause else "")
    return Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="id",
                     key=f"{part['article']}/s{section}" + (f"/cl{clause}" if clause else ""), name=citation,
                     citation=citation, authority_kind="constitutional_provision")


def _code_beside(act: Candidate, before: list[Candidate]) -> re.Match[str] | None:
    """The Code section cited last before ``act`` and its sections are, in ``before``, if that is what came last."""
    for c in reversed(before):
        full = _full(c)
        if _same(full, act) or (full.parent is not None and full.section is not None and _same(full.parent, act)):
            continue
        code = CODE_ID.match(full.key or "")
        return code if code and code["section"] and full.method in ("citation", "enumeration") else None
    return None


def _cited_in_one_title(number: str, before: list[Candidate]) -> re.Match[str] | None:
    """The Code section with this number cited in full in ``before``, if only one title has cited it."""
    codes = [code for c in before if c.method in ("citation", "enumeration")
             and (code := CODE_ID.match(c.key or "")) and code["section"] == f"/s{number.lower()}"]
    return codes[0] if len({code["title"] for code in codes}) == 1 else None


def _same(a: Candidate, b: Candidate) -> bool:
    """Whether two candidates name one authority as the recogniser sees it (one key, or one name without a key)."""
    return a is b or (a.key or a.name) is not None and (a.key, a.name if a.key is None else None) == (b.key, b.name if b.key is None else None)


def _is_case(c: Candidate) -> bool:
    """Whether a candidate cites a case, itself or through the full citation it shortens."""
    root = c.parent if c.parent is not None and c.method in ("short_cite", "short_name", "id") else c
    return root.authority_kind == "case" or (root.key or "").startswith("us/case/")


def _id_section(text: str, match: re.Match[str], parent: Candidate, before: list[Candidate]) -> Candidate:
    """The section 'Id. § N' names: of the Code title the parent is in, else of the parent act.

    After an act named without its Code title, a section number the text has
    already cited in full, in one title only, is that section again: "10 U.S.C.
    \u00a7 3406(f)(1)(B) ... 31 U.S.C. \u00a7 3554(b) ... first enacted in the Federal
    Acquisition Streamlining Act of 1994 ... Id. \u00a7 3406(f)(1)" cites title 10.
    After an act's section that the text has just written beside its Code
    citation ("Section 110 of FISA, 50 U.S.C. § 1810, ... violates section 109,
    id. § 1809"), the number is the Code's: the last citation before the act
    and its sections (``before``, in order) decides.
    """
    number, sub = match.group("section"), match.group("sub") or None
    owner = parent.parent if parent.section is not None and parent.parent else parent  # 'Id. § 3' after '§ 2' of an act
    code = CODE_ID.match(parent.key or "") or _cited_in_one_title(number, before) or _code_beside(owner, before)
    if code:
        return code_section(text, match.start(), match.end(), code["title"], number, "id", sub)
    if not (owner.method == "named_act" or ACT_ID.match(owner.key or "")):  # an order's, a memorandum's section pinpoints it
        return _child(match, parent, "id", f"\u00a7 {number}{sub or ''}")
    return Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="id", parent=owner,
                     section=number, pinpoint=sub, authority_kind="statutory_section")
