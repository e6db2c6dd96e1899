"""The ``kb_authorities`` spaCy component: every cited authority and generic reference to law.

It runs the recognisers over ``doc.text`` in order of trust (curated aliases,
formal citations, cases, acts named by title, generic law), adds what needs
the others' results (sections of a named act, short forms a document defines
in parentheses, dates stated beside a citation), keeps the longest of
overlapping spans and stores the result on ``doc._.kb_authority_spans``. It
works on characters, not tokens, so offsets are exact whatever the tokenizer
does with "E.O." or "§§".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kb.data import load_json
from kb.recognise.citations import Citations, find_citations, load_citations
from kb.recognise.generic_law import GenericLaw, find_generic_law, load_generic_law
from kb.recognise.names import NamePatterns, find_aliases, find_cases, find_named_acts, load_names
from kb.recognise.spans import Candidate, Scanner, compile_piece, scanner, select

if not Doc.has_extension("kb_authority_spans"):
    Doc.set_extension("kb_authority_spans", default=None)

ACT_METHODS = frozenset({"alias", "named_act", "citation", "defined_alias"})


@dataclass(frozen=True)
class ContextPatterns:
    """Patterns that read around another span: section references and defined short forms."""

    section: Scanner
    section_item: re.Pattern[str]
    of_act: re.Pattern[str]
    self_reference: re.Pattern[str]
    defined: re.Pattern[str]
    self_names: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Recogniser:
    """All compiled authority patterns for one reference-data folder."""

    citations: Citations
    names: NamePatterns
    generic: GenericLaw
    context: ContextPatterns

    def __call__(self, text: str) -> list[Candidate]:
        """Candidates in ``text``, sorted by offsets, none overlapping."""
        found = find_aliases(text, self.names)
        found += find_citations(text, self.citations)
        found += find_cases(text, self.names)
        found += find_named_acts(text, self.names)
        found += find_generic_law(text, self.generic)
        context = section_references(text, found, self.context, self.names)
        context += defined_short_forms(text, found, self.context)
        kept = select(context + found)
        for candidate in kept:
            if candidate.kind == "authority" and candidate.method != "section":
                stated_date(text, candidate, self.citations)
        return drop_self_references(text, kept, self.context, self.citations)


@lru_cache(maxsize=None)
def load_recogniser(data_dir: Path) -> Recogniser:
    """Compile every pattern once per process and reference-data folder."""
    data = load_json(data_dir / "patterns" / "authorities.json")
    pieces = data["pieces"]
    section = data["section_reference"]
    return Recogniser(
        citations=load_citations(data_dir), names=load_names(data_dir), generic=load_generic_law(data_dir),
        context=ContextPatterns(
            section=scanner(section, pieces), section_item=compile_piece(section["item"], pieces),
            of_act=compile_piece(section["of_act"], pieces), self_reference=compile_piece(section["self_reference"], pieces),
            defined=compile_piece(data["defined_short_form"]["regex"], pieces),
            self_names=tuple(compile_piece(r, pieces) for r in data["self_names"]["regexes"]),
        ),
    )


def defined_short_forms(text: str, found: list[Candidate], context: ContextPatterns) -> list[Candidate]:
    """Short forms defined in parentheses after a name, and their later uses.

    'the Intelligence Reform and Terrorism Prevention Act of 2004 ("IRTPA")'
    makes "IRTPA" a mention of that act here and wherever it recurs.
    """
    forms = []
    for parent in found:
        if parent.kind != "authority" or parent.method not in ACT_METHODS:
            continue
        match = context.defined.match(text, parent.end)
        if not match:
            continue
        group = "quoted" if match.group("quoted") else "acronym"
        form, at = match.group(group), match.start(group)
        while at >= 0:
            if (at == 0 or not text[at - 1].isalnum()) and not text[at + len(form):at + len(form) + 1].isalnum():
                forms.append(Candidate(start=at, end=at + len(form), surface=form, method="defined_alias", parent=parent))
            at = text.find(form, max(at + len(form), match.end()))
    return forms


def section_references(text: str, found: list[Candidate], context: ContextPatterns,
                       names: NamePatterns) -> list[Candidate]:
    """Sections of a named act, each enumerated section its own candidate.

    "Section 215 of the USA PATRIOT Act" ties 215 to that act; a bare
    "Section 215" elsewhere in the text then means the same section, as does a
    bare section the registry knows for an act the text names ("Section 702"
    in a text about FISA). "Section 3 of this order" is the document's own.
    """
    acts_at = {c.start: c for c in found if c.kind == "authority" and c.method in ACT_METHODS}
    explicit: dict[str, Candidate] = {}
    refs: list[tuple[re.Match[str], Candidate | None]] = []
    for match in context.section.finditer(text):
        if context.self_reference.match(text, match.end()):
            continue
        of_act = context.of_act.match(text, match.end())
        parent = acts_at.get(of_act.end()) if of_act else None
        refs.append((match, parent))
        if parent is not None:
            for item in _section_items(match, context):
                explicit[item.group("number")] = parent
    named = [c for c in found if c.method == "alias" and c.key in names.registry.entries]
    sections = []
    for match, parent in refs:
        for item in _section_items(match, context):
            number = item.group("number")
            owner = parent or explicit.get(number) or next(
                (c for c in named if names.registry.section(c.key or "", number)), None)
            if owner is None:
                continue
            first = item.start("number") == match.start("number")
            start = match.start() if first else item.start()
            sections.append(Candidate(
                start=start, end=item.end(), surface=text[start:item.end()], method="section" if first else "enumeration",
                parent=owner, section=number, pinpoint=item.group("sub") or None, authority_kind="statutory_section",
            ))
    return sections


def _section_items(match: re.Match[str], context: ContextPatterns) -> list[re.Match[str]]:
    return list(context.section_item.finditer(match.string, match.start("number"), match.end()))


def drop_self_references(text: str, found: list[Candidate], context: ContextPatterns,
                         citations: Citations) -> list[Candidate]:
    """Candidates without the document's references to itself.

    A document names itself in a short-title clause ('This Act may be cited as
    the "X Act"') or in a first line that is nothing but a citation and its
    date (an order's title line "Executive Order 14999 of March 3, 2026"; a
    title without a date is a text about the authority, not the authority);
    every span naming the same thing is dropped.
    """
    own = {m.group("self").strip().lower() for p in context.self_names for m in p.finditer(text)}
    first_line = re.match(r"[\s\u00a0#*]*([^\n]*)", text)
    own_keys: set[str] = set()
    titled = first_line is not None and text[first_line.end(1):].strip() != ""
    if titled and found and found[0].start == first_line.start(1):
        head = found[0]
        dated = citations.stated_date.match(text, head.end)
        if dated and not text[dated.end():first_line.end(1)].strip(" \t\u00a0.:*#"):
            own_keys.add(head.key or head.surface.lower())
    return [c for c in found
            if c.surface.lower() not in own and (c.name or "").lower() not in own
            and (c.key or c.surface.lower()) not in own_keys]


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
    """Stores the recogniser's candidates on ``doc._.kb_authority_spans``."""

    def __init__(self, recogniser: Recogniser) -> None:
        self.recogniser = recogniser

    def __call__(self, doc: Doc) -> Doc:
        doc._.kb_authority_spans = self.recogniser(doc.text)
        return doc


@Language.factory("kb_authorities", default_config={"data_dir": ""})
def make_authority_recogniser(nlp: Language, name: str, data_dir: str) -> AuthorityRecogniser:
    """Factory registered with spaCy; ``data_dir`` is the reference-data folder."""
    return AuthorityRecogniser(load_recogniser(Path(data_dir)))
