"""The ``kb_authorities`` spaCy component: every cited authority and generic reference to law.

It runs the recognisers over ``doc.text`` in order of trust (curated aliases,
formal citations, cases, acts named by title, generic law), adds what needs
the others' results (sections of a named act, short forms a document defines
in parentheses, short forms that point back at a full citation, quoted
titles after an issuance's number, dates stated beside a citation), keeps the
longest of overlapping spans, joins a case's reporter to its caption, and
stores the result on ``doc._.kb_authority_spans``. It works on characters,
not tokens, so offsets are exact whatever the tokenizer does with "E.O." or
"§§".
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kb.recognise.amendments import AmendmentForms, find_amendment_references, load_amendment_forms, read_as_added
from kb.recognise.anaphora import Anaphora, find_anaphora, find_note_acts, load_anaphora
from kb.recognise.citations import Citations, find_citations, load_citations
from kb.recognise.doctext import text_of
from kb.recognise.generic_law import GenericLaw, find_generic_law, load_generic_law
from kb.recognise.names import (
    NamePatterns,
    find_act_acronyms,
    find_aliases,
    find_cases,
    find_named_acts,
    jurisdiction_rest,
    load_names,
)
from kb.recognise.relative import (
    RelativeForms,
    find_quoted_references,
    find_regulation_references,
    find_relative_references,
    load_relative_forms,
    own_headings,
)
from kb.recognise.short_forms import ShortForms, find_short_forms, load_short_forms
from kb.recognise.spans import (
    CODE_CHAPTER,
    CODE_ID,
    AnchoredPattern,
    Candidate,
    anchored_pattern,
    code_section,
    compile_piece,
    inside_quotes,
    section_heading,
    select,
)
from kb.reference import load_json
from kb.segment.notes import notes_start

if not Doc.has_extension("kb_authority_spans"):
    Doc.set_extension("kb_authority_spans", default=None)
if not Doc.has_extension("kb_own_span"):
    Doc.set_extension("kb_own_span", default=None)

ACT_METHODS = frozenset({"alias", "named_act", "citation", "defined_alias"})
SELF_BEFORE = re.compile(r"\b(?:[Tt]his|[Tt]hese)[ \t\u00a0]+$")
"""A defined term written after these words is the document itself ("this Act")."""
CODE_TITLE = re.compile(r"us/usc/t\d+a?")
"""The id of a whole title of the Code, which the registry records as a statute."""
NUMBERED_OWN_WAY = frozenset({"executive_order", "presidential_directive", "agency_issuance", "case"})
"""Authorities a following "Section N" never belongs to: orders and issuances number their sections "Sec. 2.3"."""


@dataclass(frozen=True)
class ContextPatterns:
    """Patterns that read around another span: section references and defined short forms."""

    section: AnchoredPattern
    section_item: re.Pattern[str]
    dotted_section: re.Pattern[str]
    of_act: re.Pattern[str]
    of_previous_act: re.Pattern[str]
    after_act: re.Pattern[str]
    self_reference: re.Pattern[str]
    defined: re.Pattern[str]
    defined_term: re.Pattern[str]
    previous_act: re.Pattern[str]
    container: re.Pattern[str]
    previous_title_unit: re.Pattern[str]
    previous_section_subsections: re.Pattern[str]
    previous_chapter: re.Pattern[str]
    self_names: tuple[re.Pattern[str], ...]
    banner: re.Pattern[str]
    caption_line: re.Pattern[str]
    institution: re.Pattern[str]
    apposition: re.Pattern[str]
    history: re.Pattern[str]
    quoted_title: re.Pattern[str]
    titled_kinds: frozenset[str]
    section_alias: re.Pattern[str]
    of_anything: re.Pattern[str]
    article: AnchoredPattern
    before_article: re.Pattern[str]
    article_owner_roots: tuple[str, ...]


@dataclass(frozen=True)
class Recognised:
    """What the recogniser finds in one text."""

    candidates: list[Candidate]
    """The citations, sorted by offsets, none overlapping, the text's references to itself left out."""
    own: Candidate | None
    """The citation the text's first line is (an order's "Executive Order 14999 of March 3, 2026", a
    directive's "DOD INSTRUCTION 3025.21"): the authority the document is the text of."""


@dataclass(frozen=True)
class Recogniser:
    """All compiled authority patterns for one reference-data folder."""

    citations: Citations
    names: NamePatterns
    generic: GenericLaw
    context: ContextPatterns
    short_forms: ShortForms
    relative: RelativeForms
    amendments: AmendmentForms
    anaphora: Anaphora

    def __call__(self, text: str) -> list[Candidate]:
        """Candidates in ``text``, sorted by offsets, none overlapping."""
        return self.recognise(text).candidates

    def recognise(self, text: str) -> Recognised:
        """Candidates in ``text``, and the citations by which the text names itself."""
        found = drop_claimed_sections(text, find_aliases(text, self.names), self.context)
        found += join_part_ranges(text, find_citations(text, self.citations, {c.key for c in found if c.key}), self.names)
        found += find_cases(text, self.names)
        found += find_named_acts(text, self.names) + find_act_acronyms(text, self.names)
        found += find_generic_law(text, self.generic)
        found += jurisdiction_short_names(text, found, self.names)
        defined = defined_short_forms(text, found, self.context)
        context = section_references(text, found + defined, self.context, self.names) + defined
        context += article_references(text, found + defined, self.context)
        context += previous_references(text, found + defined, self.context)
        context += find_relative_references(text, self.relative) + find_regulation_references(text, self.relative)
        kept = select(context + found)
        kept = select(kept + find_short_forms(text, kept, self.short_forms) + quoted_titles(text, kept, self.context))
        kept = select(kept + find_quoted_references(text, kept, self.relative, self.names.registry.chapter_of))
        kept = select(find_amendment_references(text, kept, self.amendments) + kept)  # a rule amends a section cited by number alone
        kept = read_as_added(text, kept, self.amendments)
        kept = join_appositions(text, kept, self.context, self.names)
        for candidate in kept:
            if candidate.kind == "authority" and candidate.method != "section":
                stated_date(text, candidate, self.citations)
        headings = own_headings(text, self.relative)
        kept = [c for c in kept if not any(start <= c.start and c.end <= end for start, end in headings)]
        kept = [c for c in kept if not names_institution(text, c, self.context)]
        own = own_citation(text, kept, self.citations, self.context)
        kept = drop_own_captions(text, drop_self_references(text, kept, self.context, own), self.context)
        kept = select(kept + find_anaphora(text, kept, self.anaphora))
        if self.relative.own_title.search(text):  # a codified text: its notes' "this Act" is the act each names
            kept = select(kept + find_note_acts(text, kept, self.anaphora))
        return Recognised(kept, own)


@cache
def load_recogniser(data_dir: Path) -> Recogniser:
    """Compile every pattern once per process and reference-data folder."""
    data = load_json(data_dir / "patterns" / "authorities.json")
    pieces = data["pieces"]
    section = data["section_reference"]
    return Recogniser(
        citations=load_citations(data_dir), names=load_names(data_dir), generic=load_generic_law(data_dir),
        context=ContextPatterns(
            section=anchored_pattern(section, pieces), section_item=compile_piece(section["item"], pieces),
            dotted_section=compile_piece(section["dotted"]["regex"], pieces),
            of_act=compile_piece(section["of_act"], pieces), self_reference=compile_piece(section["self_reference"], pieces),
            of_previous_act=compile_piece(section["of_previous_act"], pieces),
            after_act=compile_piece(section["after_act"], pieces),
            defined=compile_piece(data["defined_short_form"]["regex"], pieces),
            defined_term=compile_piece(data["defined_term"]["regex"], pieces),
            previous_act=compile_piece(data["previous_reference"]["act"], pieces),
            container=compile_piece(data["previous_reference"]["container"], pieces),
            previous_title_unit=compile_piece(data["previous_reference"]["title_unit"], pieces),
            previous_section_subsections=compile_piece(data["previous_reference"]["section_subsections"], pieces),
            previous_chapter=compile_piece(data["previous_reference"]["chapter"], pieces),
            self_names=tuple(compile_piece(r, pieces) for r in data["self_names"]["regexes"]),
            banner=compile_piece(data["self_names"]["banner"], pieces),
            caption_line=compile_piece(data["self_names"]["caption_line"], pieces),
            institution=compile_piece(data["institution_names"]["after"], pieces),
            apposition=compile_piece(data["apposition"]["regex"], pieces),
            history=compile_piece(data["subsequent_history"]["regex"], pieces),
            quoted_title=compile_piece(data["quoted_title"]["regex"], pieces),
            titled_kinds=frozenset(data["quoted_title"]["kinds"]),
            section_alias=compile_piece(section["alias"], pieces),
            of_anything=compile_piece(section["of_anything"], pieces),
            article=anchored_pattern(data["article_reference"], pieces),
            before_article=compile_piece(data["article_reference"]["before_article"], pieces),
            article_owner_roots=tuple(data["article_reference"]["owner_roots"]),
        ),
        short_forms=load_short_forms(data_dir), relative=load_relative_forms(data_dir),
        amendments=load_amendment_forms(data_dir), anaphora=load_anaphora(data_dir),
    )


def drop_claimed_sections(text: str, aliases: list[Candidate], context: ContextPatterns) -> list[Candidate]:
    """Aliases without the bare sections ("Section 230") whose text says whose section they are.

    "Section 230 of the Internal Revenue Code" and "section 702 of this Act"
    name another act's section or the document's own; section references
    decide those, the alias only a section written alone.
    """
    return [c for c in aliases
            if not (context.section_alias.match(c.surface) and context.of_anything.match(text, c.end))]


def defined_short_forms(text: str, found: list[Candidate], context: ContextPatterns) -> list[Candidate]:
    """Short forms a document defines for an authority, and their later uses.

    'the Intelligence Reform and Terrorism Prevention Act of 2004 ("IRTPA")'
    makes "IRTPA" a mention of that act here and wherever it recurs; a bill's
    'the term "Act" means the Foreign Intelligence Surveillance Act of 1978'
    does the same for "Act" ("section 101(i) of the Act"), though not for
    "this Act", which is the bill. A case defines only a quoted name
    ('United States v. United States District Court, 407 U.S. 297 (1972)
    ("Keith")'): a bare capitalised word in parentheses after a caption is its court's.
    """
    forms = []
    for parent in found:
        if parent.kind != "authority" or (parent.method not in ACT_METHODS and parent.authority_kind != "case"):
            continue
        match = context.defined.match(text, parent.end)
        if match and not match.group("quoted") and spelled_out_elsewhere(text, match.group("acronym"), found):
            continue
        if match and (parent.authority_kind != "case" or match.group("quoted")):
            group = "quoted" if match.group("quoted") else "acronym"
            forms += _uses(text, match.group(group), match.start(group), match.end(), parent)
            if match.group("quoted_too"):  # '("FISA" or "the Act")'
                forms += _uses(text, match.group("quoted_too"), match.start("quoted_too"), match.end(), parent)
    starts = {c.start: c for c in found if c.kind == "authority"}
    for match in context.defined_term.finditer(text):
        meant = starts.get(match.end())
        if meant is not None:
            forms += _uses(text, match.group("quoted"), match.start("quoted"), match.end(), meant)
    return forms


ACRONYM_LINK = r"(?:[ \t\u00a0]*\r?\n?[ \t\u00a0]*|[\s\u00a0]+(?:(?:of|and|the|for|on|to|in|&)[\s\u00a0]+)*)"
"""Between the words an acronym is spelled from: a space or line break, and the small words its letters skip ("Department of Defense")."""


def spelled_out_elsewhere(text: str, acronym: str, found: list[Candidate]) -> bool:
    """Whether the text spells ``acronym`` out for words that name no authority, so it glosses what one covers.

    A SORN writes "E.O. 9397 (SSN)" and later "Social Security Number (SSN)":
    the acronym is the number's, and "SSN" is no name of the order. An act's
    name defined twice ("the Foreign Intelligence Surveillance Act (FISA)") is
    spelled out for an authority and keeps its acronym.
    """
    letters = [ch for ch in acronym if ch.isalpha()]
    if len(letters) < 2:
        return False
    words = ACRONYM_LINK.join(rf"{re.escape(ch)}[\w'\u2019\-]*" for ch in letters)
    spelled = re.compile(rf"(?<![\w])(?i:{words})[\s\u00a0]*\({re.escape(acronym)}\)")
    named = [(c.start, c.end) for c in found if c.kind == "authority"]
    return any(not any(start < m.end() and m.start() < end for start, end in named) for m in spelled.finditer(text))


def _uses(text: str, form: str, first: int, after: int, parent: Candidate) -> list[Candidate]:
    """The defined ``form`` where it is defined (at ``first``) and each whole-word use after ``after``.

    A use after "this" or "these" is the document's own ("this Act"). A case's
    name defined in a note that comes after the body ('(\u201cKeith\u201d)') is
    also used in the body before it.
    """
    body_end = notes_start(text) if parent.authority_kind == "case" else None
    places = _places(text, form, 0, body_end) if body_end is not None and first >= body_end else []
    uses = []
    for at in [*places, first, *_places(text, form, after, len(text))]:
        whole = (at == 0 or not text[at - 1].isalnum()) and not text[at + len(form):at + len(form) + 1].isalnum()
        if whole and (at == first or not SELF_BEFORE.search(text, max(0, at - 7), at)):
            uses.append(Candidate(start=at, end=at + len(form), surface=form, method="defined_alias", parent=parent,
                                  authority_kind=parent.authority_kind))  # "PPD-28, § 2": a directive's pinpoint, as after its full name
    return uses


def _places(text: str, form: str, start: int, end: int) -> list[int]:
    """Every offset in [start, end) where ``form`` occurs."""
    places = []
    at = text.find(form, start, end)
    while at >= 0:
        places.append(at)
        at = text.find(form, at + len(form), end)
    return places


def section_references(text: str, found: list[Candidate], context: ContextPatterns,
                       names: NamePatterns) -> list[Candidate]:
    """Sections of a named act, each enumerated section its own candidate.

    "Section 215 of the USA PATRIOT Act" ties 215 to that act; a bare
    "Section 215" elsewhere in the text then means the same section, as does a
    bare section the registry knows for an act the text names ("Section 702"
    in a text about FISA), or that the section crosswalk has for exactly one
    of the acts the text names ("sections 703 and 704" beside FISA). A section written after the act ("E-Government Act
    of 2002 § 208") or "of that Act" belongs to the act just named. "Section 3
    of this order" is the document's own.
    """
    acts = sorted((c for c in found if c.kind == "authority" and c.method in ACT_METHODS), key=lambda c: c.start)
    acts_at = {c.start: c for c in sorted(acts, key=lambda c: (c.start, c.end))}  # the longest at a start: 'FISA Amendments Act', not its 'FISA'
    spans_at: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for c in acts:
        spans_at[(c.start, c.end)].append(c)
    explicit: dict[str, Candidate] = {}
    refs: list[tuple[re.Match[str], Candidate | None]] = []
    pinpoints: set[int] = set()  # "Exec. Order No. 14086, § 2(c)(iii)": the order's pinpoint, not a citation
    for act in acts:
        after = context.after_act.match(text, act.end)
        section = context.section.patterns[0].match(text, after.end()) if after else None
        section = section or (context.dotted_section.match(text, after.end()) if after and act.authority_kind in NUMBERED_OWN_WAY else None)
        if section and act.authority_kind in NUMBERED_OWN_WAY and not context.of_anything.match(text, section.end()):
            _pin(act, section)
            pinpoints.add(section.start())
        if section and (act.authority_kind in NUMBERED_OWN_WAY or context.of_anything.match(text, section.end())):
            section = None  # "Executive Order 12333, Section 702 of FISA": the owner written after wins
        if section:
            refs.append((section, act))
            for item in _section_items(section, context):
                explicit[item.group("number")] = act
    for match in context.section.finditer(text):
        if (context.self_reference.match(text, match.end()) or match.start() in pinpoints
                or section_heading(text, match.start(), match.end())):
            continue
        of_act = context.of_act.match(text, match.end())
        parent = acts_at.get(of_act.end()) if of_act else None
        if parent is None and context.of_previous_act.match(text, match.end()):
            parent = _statute_before(text, acts, match.start(), context)
        if parent is not None and parent.authority_kind in NUMBERED_OWN_WAY:
            for same in spans_at[(parent.start, parent.end)]:  # the alias and the citation of one order alike
                _pin(same, match)  # "section 2(c)(iii) of EO 14086": a pinpoint of the order, not a record of its own
            continue
        refs.append((match, parent))
        if parent is not None:
            for item in _section_items(match, context):
                explicit[item.group("number")] = parent
    for match in context.dotted_section.finditer(text):  # "section 1.7(c) of Executive Order 12333": only ever a pinpoint
        of_act = context.of_act.match(text, match.end())
        parent = acts_at.get(of_act.end()) if of_act else None
        if parent is not None and parent.authority_kind in NUMBERED_OWN_WAY:
            for same in spans_at[(parent.start, parent.end)]:
                _pin(same, match)
    known: dict[str, Candidate] = {}
    crosswalked: dict[str, dict[str, Candidate]] = defaultdict(dict)
    for c in found:
        if c.method == "alias" and c.key in names.registry.entries:
            for number in names.registry.entries[c.key].sections:
                known.setdefault(number, c)
            for number in names.registry.crosswalk.get(c.key, {}):
                crosswalked[number].setdefault(c.key, c)
    for number, owners in crosswalked.items():  # "sections 703 and 704" in a text about FISA: one named act has them
        if len(owners) == 1:
            known.setdefault(number, next(iter(owners.values())))
    sections = []
    owned = sorted(((max(match.end(), parent.end), parent) for match, parent in refs if parent is not None), key=lambda o: o[0])
    for match, parent in refs:
        for item in _section_items(match, context):
            number = item.group("number")
            owner = (parent or explicit.get(number) or known.get(number)
                     or _owner_earlier_in_sentence(text, match.start(), owned, acts))
            if owner is None:
                continue
            first = item.start("number") == match.start("number")
            start = match.start() if first else item.start()
            sections.append(Candidate(
                start=start, end=item.end(), surface=text[start:item.end()], method="section" if first else "enumeration",
                parent=owner, section=number, pinpoint=item.group("sub") or None, authority_kind="statutory_section",
            ))
    return sections


SENTENCE_END = re.compile(r"[.?!][\u201d\")]?[\s\u00a0]+(?=[A-Z\u201c\"(])|;")
"""Where a sentence (or a clause of a list) ends, for a bare section's owner to stay inside one: a stop before a
capital (an abbreviation's stop inside '50 U.S.C. § 1881a' is not one), or a semicolon."""


def _owner_earlier_in_sentence(text: str, start: int, owned: list[tuple[int, Candidate]],
                               acts: list[Candidate]) -> Candidate | None:
    """The act of a section named with it earlier in the same sentence, when no act is named between.

    'section 2 of RISAA amended ..., and section 19 set the current sunset':
    the second section is RISAA's too, as the sentence writes it (a Code
    section cited between does not own it).
    """
    at = bisect.bisect_right(owned, start, key=lambda o: o[0])
    if not at:
        return None
    end, act = owned[at - 1]
    between = text[end:start + 1]  # with the section's first letter: the capital after a stop
    named_between = any(end <= c.start < start and c.authority_kind != "statutory_section" for c in acts)
    return None if SENTENCE_END.search(between) or "\n\n" in between or named_between else act


def _pin(order: Candidate, section: re.Match[str]) -> None:
    """Keep a section of an order, issuance or case as that mention's pinpoint ('§ 2(c)(iii)')."""
    order.pinpoint = order.pinpoint or f"\u00a7 {section.group('number')}{section.group('sub')}"


def previous_references(text: str, found: list[Candidate], context: ContextPatterns) -> list[Candidate]:
    """'that Act' / 'such Act' and 'section 394 of such title': what the text named last.

    "as authorized by that Act" is a mention of the statute named last, as
    "section 104 of that Act" is a section of it; "Section 394 of such title"
    and "chapter 3 of such title" are in the Code title cited last, and
    "subsections (j) and (k) of that section" are of the Code section cited
    last, "that chapter" is the Code chapter cited last. With nothing of the
    kind before them they are left alone.
    """
    acts = sorted((c for c in found if c.kind == "authority" and c.method in ACT_METHODS), key=lambda c: c.start)
    out = []
    for match in context.previous_act.finditer(text):
        parent = _statute_before(text, acts, match.start(), context)
        if parent is not None:
            out.append(Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="anaphora",
                                 parent=parent, authority_kind=parent.authority_kind))
    sections = sorted((c for c in found if c.method in ("citation", "enumeration") and (code := CODE_ID.match(c.key or ""))
                       and code["section"]), key=lambda c: c.start)
    for match in context.previous_section_subsections.finditer(text) if sections else ():
        section = next((c for c in reversed(sections) if c.end <= match.start()), None)
        if section is not None:
            out.append(Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="anaphora",
                                 parent=section, authority_kind=section.authority_kind, pinpoint=match.group("sub")))
    chapters = sorted((c for c in found if c.method == "citation" and CODE_CHAPTER.fullmatch(c.key or "")), key=lambda c: c.start)
    for match in context.previous_chapter.finditer(text) if chapters else ():
        chapter = next((c for c in reversed(chapters) if c.end <= match.start()), None)
        if chapter is not None:
            out.append(Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="anaphora",
                                 parent=chapter, authority_kind=chapter.authority_kind))
    units = list(context.previous_title_unit.finditer(text))
    quoted = inside_quotes(text) if units else None
    titled = sorted(((c, code["title"]) for c in found if (code := CODE_ID.match(c.key or ""))), key=lambda ct: -ct[0].start)
    for match in units:
        assert quoted is not None
        here = quoted(match.start())  # a bill's own words name titles outside its quoted new text, and the reverse
        t = next((title for c, title in titled if c.end <= match.start() and quoted(c.start) == here), None)
        if t is None:
            continue
        number = match.group("number")
        if match.group("unit").lower() != "chapter":
            out.append(code_section(text, match.start(), match.end(), t, number, "anaphora", match.group("sub") or None))
            continue
        subchapter = match.group("subchapter")
        name = f"Chapter {number}{f', Subchapter {subchapter}' if subchapter else ''} of Title {t}, United States Code"
        key = f"us/usc/t{t}/ch{number.lower()}" + (f"/sch{subchapter.lower()}" if subchapter else "")
        out.append(Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="anaphora",
                             key=key, name=name, citation=name, authority_kind="statute"))
    return out


def _statute_before(text: str, acts: list[Candidate], at: int, context: ContextPatterns) -> Candidate | None:
    """The statute named last before offset ``at``, passing over one named only as another's container.

    A title of the Code ("conducted under Title 10") is no act, so "that Act" passes over it too.
    """
    before = [c for c in acts if c.end <= at and c.authority_kind == "statute" and not CODE_TITLE.fullmatch(c.key or "")]
    if len(before) > 1 and context.container.search(text, max(0, before[-1].start - 90), before[-1].start):
        return before[-2]
    return before[-1] if before else None


def jurisdiction_short_names(text: str, found: list[Candidate], names: NamePatterns) -> list[Candidate]:
    """An act's title without its leading jurisdiction word, after the full title: "the AI Act" after "EU AI Act".

    Each later use means the most recent act whose title, less "EU",
    "European" or a state's name, it is; so in a text naming both the
    "Colorado AI Act" and the "EU AI Act", a bare "AI Act" goes to whichever
    was named last. Only titles of at least two words are shortened.
    """
    shortened: list[tuple[str, Candidate]] = []
    for c in found:
        if c.kind != "authority" or c.method not in ACT_METHODS:
            continue
        rest = jurisdiction_rest(c.surface, names)
        if rest:
            shortened.append((rest, c))
    if not shortened:
        return []
    taken = [(c.start, c.end) for c in found]
    out = []
    for rest in {r for r, _ in shortened}:
        at = text.find(rest)
        while at >= 0:
            end = at + len(rest)
            if ((at == 0 or not text[at - 1].isalnum()) and not text[end:end + 1].isalnum()
                    and not any(s < end and at < e for s, e in taken)):
                owner = max((c for r, c in shortened if r == rest and c.end <= at), key=lambda c: c.start, default=None)
                if owner is not None:
                    out.append(Candidate(start=at, end=end, surface=rest, method="short_name", parent=owner,
                                         authority_kind=owner.authority_kind))
            at = text.find(rest, end)
    return out


def article_references(text: str, found: list[Candidate], context: ContextPatterns) -> list[Candidate]:
    """Articles of an EU act: "Article 13 of the GDPR", "GDPR Article 22", then a bare "Art. 22".

    The owner is the act named right after ("of the GDPR") or right before the
    article; a bare article whose number the text tied to an act earlier
    means the same article. Only acts whose id has an ``owner_roots`` root
    (``eu/``) own numbered articles; a text that names none pays nothing.
    """
    owners = sorted((c for c in found if c.kind == "authority" and (c.method in ACT_METHODS or c.method == "short_name")
                     and _root(c.parent or c).startswith(context.article_owner_roots)), key=lambda c: c.start)
    if not owners:
        return []
    starts = {c.start: c for c in owners}
    tied: dict[str, Candidate] = {}
    articles = []
    for match in context.article.finditer(text):
        number = match.group("number")
        of_act = context.of_act.match(text, match.end())
        owner = starts.get(of_act.end()) if of_act else None
        if owner is None:
            before = next((c for c in reversed(owners) if c.end <= match.start()), None)
            if before is not None and context.before_article.fullmatch(text, before.end, match.start()):
                owner = before
        owner = owner or tied.get(number)
        if owner is None:
            continue
        tied[number] = owner
        articles.append(Candidate(
            start=match.start(), end=match.end(), surface=match.group(0), method="section", parent=owner,
            section=f"art{number}", pinpoint=match.group("sub") or None, authority_kind="statutory_section",
        ))
    return articles


def _root(c: Candidate) -> str:
    return c.key or c.jurisdiction + "/"


def _section_items(match: re.Match[str], context: ContextPatterns) -> list[re.Match[str]]:
    return list(context.section_item.finditer(match.string, match.start("number"), match.end()))


NAME_METHODS = frozenset({"alias", "named_act", "defined_alias"})
"""How a candidate found by the words of a name was found; a court named after a law is one of these."""


def names_institution(text: str, c: Candidate, context: ContextPatterns) -> bool:
    """Whether a law's name or acronym here is part of an institution's name ("the FISA Court", "the Privacy Act Office")."""
    return c.method in NAME_METHODS and context.institution.match(text, c.end) is not None


FIRST_LINE = re.compile(r"[\s\u00a0#*]*([^\n]*)")
"""A text's first line (group 1), past blank lines and Markdown heading marks."""


def own_citation(text: str, found: list[Candidate], citations: Citations, context: ContextPatterns) -> Candidate | None:
    """The citation a text's first line is, perhaps with its date, followed by more text: the document's own number.

    An order's title line "Executive Order 14999 of March 3, 2026" and a DoD
    issuance's header "DOD INSTRUCTION 3025.21" name the document itself; a
    title with other words ("What EO 14110 means for agencies") is a text about
    the authority. Classification markings above the title ("UNCLASSIFIED")
    are not its first line.
    """
    banner = context.banner.match(text)
    first_line = FIRST_LINE.match(text, banner.end() if banner else 0)
    if first_line is None or not text[first_line.end(1):].strip() or not found:
        return None
    head = found[0]
    if head.start != first_line.start(1) or head.kind != "authority":
        return None
    dated = citations.stated_date.match(text, head.end)
    rest = dated.end() if dated else head.end
    return head if re.fullmatch(r"[\s.:*#]*", text[rest:first_line.end(1)]) else None  # \s: a Windows line's "\r" too


def drop_self_references(text: str, found: list[Candidate], context: ContextPatterns, own: Candidate | None) -> list[Candidate]:
    """Candidates without the document's references to itself.

    A document names itself in a short-title clause ('This Act may be cited as
    the "X Act"') or in its first line (``own_citation``). Every span naming
    the same thing is dropped.
    """
    names = {m.group("self").strip().lower() for p in context.self_names for m in p.finditer(text)}
    own_key = (own.key or own.surface.lower()) if own is not None else None
    return [c for c in found
            if c.surface.lower() not in names and (c.name or "").lower() not in names
            and (own_key is None or (c.key or c.surface.lower()) != own_key)]


def drop_own_captions(text: str, found: list[Candidate], context: ContextPatterns) -> list[Candidate]:
    """Candidates without an opinion's own case: its caption line and every later naming of that case.

    A slip opinion heads its text with the caption in capitals and no reporter
    ("HOLLOWAY v. UNITED STATES"); the case is the document, not a citation in it.
    """
    lines = [(m.start(), m.end()) for m in context.caption_line.finditer(text)]
    own = [c for c in found if c.authority_kind == "case" and any(s <= c.start and c.end <= e for s, e in lines)]
    keys = {c.key for c in own if c.key}
    return [c for c in found if c not in own and not (c.authority_kind == "case" and c.key in keys)]


def quoted_titles(text: str, found: list[Candidate], context: ContextPatterns) -> list[Candidate]:
    """The quoted title after an issuance's number, a mention of the same issuance.

    Reference lists write 'DoD Instruction 3025.21, "Defense Support of
    Civilian Law Enforcement Agencies," February 27, 2013'; the title names
    the issuance whether or not the registry knows it.
    """
    titles = []
    for c in found:
        if c.kind != "authority" or c.authority_kind not in context.titled_kinds:
            continue
        match = context.quoted_title.match(text, c.end)
        if match:
            titles.append(Candidate(start=match.start("title"), end=match.end("title"), surface=match.group("title"),
                                    method="title", parent=c, authority_kind=c.authority_kind))
    return titles


PART_RANGE = re.compile(r"[ \t\u00a0]*(?:through|thru|to|[\-\u2010-\u2014])[ \t\u00a0]*")
"""Between the first and the last C.F.R. part or Code section of a range: '22 CFR parts 120 through 130',
'15 CFR parts 730-774', '18 U.S.C. §§ 2701–2713'."""


def join_part_ranges(text: str, citations: list[Candidate], names: NamePatterns) -> list[Candidate]:
    """Citations with a range of C.F.R. parts or Code sections that a curated record is made one citation of it.

    "the International Traffic in Arms Regulations (22 CFR parts 120 through
    130)": the whole range is the ITAR, not its first and last parts, as "50
    U.S.C. 1801 et seq." is FISA; "18 U.S.C. §§ 2701–2713" is the Stored
    Communications Act. Any other range stays its two ends.
    """
    kept: list[Candidate] = []
    for c in citations:
        prev = kept[-1] if kept else None
        if (prev is not None and c.method == "enumeration" and prev.key and c.key and PART_RANGE.fullmatch(text, prev.end, c.start)
                and (regulation := names.registry.part_range(prev.key, c.key))):
            kept[-1] = replace(prev, end=c.end, surface=text[prev.start:c.end], key=regulation)
            continue
        kept.append(c)
    return kept


def join_appositions(text: str, found: list[Candidate], context: ContextPatterns,
                     names: NamePatterns) -> list[Candidate]:
    """Candidates with a case's reporter joined to its caption.

    A reporter cite right after a caption eyecite could not pair with it
    ('In Katz v. United States, 389 U.S. 347') is one citation of one case. (An
    act followed by its public law is one authority too, but stays two
    mentions; ``kb.resolve.equivalence`` merges them and keeps the evidence.)
    A title after an issuance's number ('DoD Directive 3000.09,
    "Autonomy in Weapon Systems"') stays a mention of its own, as the
    fixtures label it. A reporter after a history phrase ('..., aff'd, 485 U.S.
    264') is the same case at another court: its own mention, of the caption's case.
    """
    kept: list[Candidate] = []
    for c in found:
        prev = kept[-1] if kept else None
        cases = prev is not None and prev.authority_kind == c.authority_kind == "case" and prev.parent is None and c.parent is None
        if (cases and prev is not None and context.apposition.fullmatch(text, prev.end, c.start)
                and (_same_authority(prev, c, names) or _caption_then_reporter(prev, c))):
            prev.end = c.end
            prev.surface = text[prev.start:prev.end]
            continue
        if cases and prev is not None and _caption_then_reporter(prev, c) and context.history.fullmatch(text, prev.end, c.start):
            c.key, c.name = prev.key, prev.name
        kept.append(c)
    return kept


def _same_authority(a: Candidate, b: Candidate, names: NamePatterns) -> bool:
    if a.key is None or b.key is None:
        return False
    first, second = names.registry.lookup(a.key), names.registry.lookup(b.key)
    return (first.id if first else a.key) == (second.id if second else b.key)


def _caption_then_reporter(a: Candidate, b: Candidate) -> bool:
    return b.name == (b.citation or "") and " v" in a.surface


def stated_date(text: str, candidate: Candidate, citations: Citations) -> None:
    """Record a date or a parenthesised year written right after the candidate."""
    match = citations.stated_date.match(text, candidate.end)
    if match:
        candidate.stated_date = match.group("date")
        return
    year = citations.year_paren.match(text, candidate.end)
    if year:
        candidate.stated_date = year.group("year")
        candidate.stated_year = int(year.group("year"))


class AuthorityRecogniser:
    """Stores the recogniser's candidates on ``doc._.kb_authority_spans``, the text's own citation on ``doc._.kb_own_span``."""

    def __init__(self, recogniser: Recogniser) -> None:
        self.recogniser = recogniser

    def __call__(self, doc: Doc) -> Doc:
        found = self.recogniser.recognise(text_of(doc))
        doc._.kb_authority_spans, doc._.kb_own_span = found.candidates, found.own
        return doc


@Language.factory("kb_authorities", default_config={"data_dir": ""})
def make_authority_recogniser(nlp: Language, name: str, data_dir: str) -> AuthorityRecogniser:
    """Factory registered with spaCy; ``data_dir`` is the reference-data folder."""
    return AuthorityRecogniser(load_recogniser(Path(data_dir)))
