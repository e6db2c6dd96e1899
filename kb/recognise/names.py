"""Authorities cited by name: curated aliases, acts named by title, court cases.

Policy texts cite law by name far more than by citation ("FISA", "the Posse
Comitatus Act"). Curated aliases are matched tolerantly (case, spacing,
optional periods, OCR digits, a trailing "Act" after an acronym, a year after
an act's name); acts and cases nobody curated are found by shape (capitalised
words ending in "Act"; "X v. Y") so a new document's authorities appear
without a data edit. Reporter citations come from eyecite, called only when
the text holds something shaped like one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import ahocorasick

from kb.recognise.spans import AnchoredPattern, Candidate, anchored_pattern, compile_piece, compose, fold, lowered
from kb.reference import load_json
from kb.reference.registry import Registry, load_registry

FIRST_RUN = re.compile(r"[A-Za-z0-9]+")
DIGIT_SLIPS = {"0": "[0Oo]", "1": "[1lI]"}
CAPTION_TAIL = re.compile(r"(?:[\s\u00a0]+(?:the|of|&))+$|[,.]$(?<!U\.S\.)(?<!Inc\.)(?<!Co\.)")
EYECITE_BEFORE = 200
EYECITE_AFTER = 120

logging.getLogger("eyecite").setLevel(logging.ERROR)
"""eyecite logs an "Unknown overlap case" warning for an "Id." beside a full citation, which it
resolves anyway; it is not the analyst's concern, and it broke ``build.py --quiet``."""


@dataclass(frozen=True)
class Alias:
    """One curated alias compiled for matching at a candidate position."""

    authority_id: str
    pattern: re.Pattern[str]
    contextual: bool


@dataclass(frozen=True)
class NamePatterns:
    """Compiled name patterns: aliases indexed by first word, act titles, case captions."""

    registry: Registry
    aliases: dict[str, list[Alias]]
    alias_keys: Any
    """Every key of ``aliases`` in one Aho-Corasick automaton (``alias_starts``)."""
    named_act: AnchoredPattern
    comma_year: re.Pattern[str]
    comma_year_words: frozenset[str]
    heading_number: re.Pattern[str]
    bill_after: re.Pattern[str]
    bill_before: re.Pattern[str]
    act_acronyms: AnchoredPattern
    act_acronym_names: dict[str, str]
    lead_words: frozenset[str]
    lead_adjectives: frozenset[str]
    act_min_letters: int
    not_in_act_names: frozenset[str]
    case_name: AnchoredPattern
    agency_decision: AnchoredPattern
    docket_decision: AnchoredPattern
    reporter_hint: re.Pattern[str]
    not_case_reporters: frozenset[str]
    case_tail: re.Pattern[str]
    same_party: dict[str, str]
    jurisdiction_words: dict[str, str]
    federal_place_words: frozenset[str]


BILL_REACH = 60
"""Characters at most between a bill's number and the title written after it."""

LINE_END_HYPHEN = r"(?:-[ \t\u00a0]*\r?\n[ \t\u00a0]*)?"
"""A word of a name broken over two lines with a hyphen ('Foreign Intelligence Sur-\nveillance Act'), between two small letters."""


def alias_regex(alias: str, pieces: dict[str, Any], acronym: bool) -> str:
    """A tolerant regex for one alias: flexible spaces, optional periods, OCR digits, words hyphenated at a line's end.

    An acronym may be followed by "Act" ("FISA Act"); a name ending in "Act"
    may be followed by a year ("... Act of 1978"), captured to check it.
    """
    words = []
    for word in alias.split():
        parts = []
        for k, ch in enumerate(word):
            if not acronym and k and ch.islower() and word[k - 1].islower():
                parts.append(LINE_END_HYPHEN)
            if ch == ".":
                parts.append(r"\.?")
            elif ch in "'\u2019":
                parts.append("['\u2019]")
            elif ch == "-":
                parts.append(r"[\-\u2010\u2011\s]?")
            else:
                parts.append(DIGIT_SLIPS.get(ch, re.escape(ch)))
        words.append("".join(parts))
    body = ""
    for i, word in enumerate(words):
        if i:
            body += r"[\s\u00a0]*" if alias.split()[i - 1].endswith(".") else r"[\s\u00a0]+"
        body += word
    if acronym:
        body += "(?:" + compose("<<acronym_act_suffix>>", pieces) + ")?"
    elif alias.endswith("Act"):
        body += compose("<<act_year>>", pieces)
    return r"(?<![\w])" + body + r"(?![\w])"


def _first_runs(alias: str) -> set[str]:
    """The index keys of an alias: its first run of letters and digits, folded.

    ``re.IGNORECASE`` matches "İstanbul" and "fısa" to "istanbul" and "fisa",
    which ``str.lower`` does not give ("İ" lowers to two characters, "ı"
    stays); ``fold`` does, and ``alias_starts`` reads the folded text.
    """
    runs = {FIRST_RUN.search(fold(alias)).group(0)}  # type: ignore[union-attr]
    runs.add(FIRST_RUN.search(fold(alias.replace(".", ""))).group(0))  # type: ignore[union-attr]
    return runs


@cache
def load_names(data_dir: Path) -> NamePatterns:
    """Compile the alias index and the name patterns once per process."""
    data = load_json(data_dir / "patterns" / "authorities.json")
    pieces = data["pieces"]
    registry = load_registry(data_dir)
    index: dict[str, list[Alias]] = {}
    for aid, entry in registry.entries.items():
        for alias in entry.aliases:
            if alias.get("match") == "form":
                continue
            cased = alias["kind"] == "acronym" or alias.get("match") == "cased"
            pattern = re.compile(alias_regex(alias["alias"], pieces, alias["kind"] == "acronym"), 0 if cased else re.I)
            compiled = Alias(aid, pattern, alias.get("match") == "contextual")
            for run in _first_runs(alias["alias"]):
                index.setdefault(run, []).append(compiled)
    keys = ahocorasick.Automaton()
    for key in index:
        keys.add_word(key, key)
    keys.make_automaton()
    return NamePatterns(
        registry=registry, aliases=index, alias_keys=keys,
        named_act=anchored_pattern(data["named_act"], pieces),
        comma_year=compile_piece(data["named_act"]["comma_year"]["regex"], pieces),
        comma_year_words=frozenset(data["named_act"]["comma_year"]["after_words"]),
        heading_number=compile_piece(data["named_act"]["heading_number"]["regex"], pieces),
        bill_after=compile_piece(data["named_act"]["bill_after"]["regex"], pieces),
        bill_before=compile_piece(data["named_act"]["bill_before"]["regex"], pieces),
        act_acronyms=anchored_pattern(data["act_acronyms"], pieces), act_acronym_names=data["act_acronyms"]["names"],
        lead_words=frozenset(data["lead_words"]["words"]) - frozenset(data["lead_adjectives"]["words"]),
        lead_adjectives=frozenset(data["lead_adjectives"]["words"]), act_min_letters=data["act_name_minimum_letters"],
        not_in_act_names=frozenset(data["not_in_act_names"]["words"]),
        case_name=anchored_pattern(data["case_name"], pieces),
        agency_decision=anchored_pattern(data["agency_decision"], pieces),
        docket_decision=anchored_pattern(data["docket_decision"], pieces),
        reporter_hint=compile_piece(data["case_reporter_hint"]["regex"], pieces),
        not_case_reporters=frozenset(reporter_words(r) for r in data["not_case_reporters"]["reporters"]),
        case_tail=compile_piece(data["case_tail"]["regex"], pieces),
        same_party=data["case_name_parties"]["same"],
        jurisdiction_words=data["act_jurisdictions"]["first_words"],
        federal_place_words=frozenset(data["act_jurisdictions"]["federal_place_words"]),
    )


def find_aliases(text: str, names: NamePatterns) -> list[Candidate]:
    """Every curated alias in ``text``; the longest alias wins at each position.

    A ``contextual`` alias ("Section 702") counts only when the text also
    names an authority the record is part of.
    """
    found: list[tuple[Candidate, bool]] = []
    for start, key in alias_starts(text, names):
        best: tuple[re.Match[str], Alias] | None = None
        for alias in names.aliases[key]:
            match = alias.pattern.match(text, start)
            if match and (best is None or match.end() > best[0].end()):
                best = (match, alias)
        if best is None:
            continue
        match, alias = best
        year = match.groupdict().get("year")
        record = names.registry.entries[alias.authority_id].authority
        found.append((Candidate(
            start=match.start(), end=match.end(), surface=match.group(0), method="alias", key=alias.authority_id,
            name=record.name, authority_kind=record.kind, stated_year=int(year) if year else None,
        ), alias.contextual))
    named = {c.key for c, contextual in found if not contextual}
    return [c for c, contextual in found
            if not contextual or names.registry.parents(c.key or "") & named]


def alias_starts(text: str, names: NamePatterns) -> Iterator[tuple[int, str]]:
    """Where a run of letters and digits that starts some alias begins, and that run (its index key).

    One pass of an automaton over the folded text finds every key at once: a
    case-insensitive alternation of the keys, run near the aliases' longest
    words, cost a tenth of the recognisers' time. A key counts only as a whole
    run, with no ASCII letter or digit on either side, as the index holds runs.
    """
    low = lowered(text)
    for last, key in names.alias_keys.iter(low):
        start, end = last + 1 - len(key), last + 1
        if (start == 0 or low[start - 1] not in RUN_CHARACTERS) and (end == len(low) or low[end] not in RUN_CHARACTERS):
            yield start, key


RUN_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
"""What ``FIRST_RUN`` reads, once folded (folding writes the letters ``re.IGNORECASE`` takes for ASCII as ASCII)."""


def trim_lead(text: str, start: int, end: int, lead_words: frozenset[str]) -> int:
    """Start offset after the sentence-start and preposition words a capitalised run picked up."""
    for word in re.finditer(r"\S+", text[start:end]):
        token = word.group(0).lower()
        if token not in lead_words:
            return start + word.start()
    return end


POSSESSIVE = re.compile(r"\S+(?:['\u2019]s|s['\u2019])(?=[ \t\u00a0])")
"""A possessive word ("Department's", "Agencies'"): the owner of an act, or (rarely) part of its title."""


def _trim_adjectives(text: str, start: int, end: int, names: NamePatterns) -> int:
    """Start offset after lead adjectives ('New', 'Federal') or possessives when the rest is a curated act's name.

    "the Department's Privacy Act regulations" names the Privacy Act; a title
    that really holds a possessive ("Children's Online Privacy Protection
    Act") keeps it, because its rest is not a curated act.
    """
    lead = names.lead_words | names.lead_adjectives
    at = start
    while at < end:
        trimmed = trim_lead(text, at, end, lead)
        possessive = POSSESSIVE.match(text, trimmed)
        if possessive and possessive.end() < end:
            trimmed = trim_lead(text, possessive.end(), end, lead)
        if trimmed == at or trimmed >= end:
            return start
        if names.registry.by_act_name(text[trimmed:end]):
            return trimmed
        at = trimmed
    return start


def find_named_acts(text: str, names: NamePatterns) -> list[Candidate]:
    """Acts named by title ("the Intelligence Reform and Terrorism Prevention Act of 2004").

    An appropriations act keeps the year written after a comma as part of its
    title ("Consolidated Appropriations Act, 2021"). A heading's number before
    the title ("VI. Regulatory Flexibility Act") is not part of it, and a
    title followed by a bill number ("the Government Surveillance Reform Act
    (S. 3234)"), or written right after one ("H.R. 4410, 119th Cong. (2025),
    the National Defense Authorization Act for Fiscal Year 2026"), names a
    bill, which is no law yet.
    """
    found = []
    for match in names.named_act.finditer(text):
        name_start, name_end = match.span("name")
        last_the = max(text.rfind(" the ", name_start, name_end), text.rfind(" The ", name_start, name_end))
        if last_the >= 0 and text[last_the + 5:last_the + 6].isupper():
            name_start = last_the + 5
        numbered = names.heading_number.match(text, name_start, name_end)
        name_start = numbered.end() if numbered else name_start
        name_start = trim_lead(text, name_start, name_end, names.lead_words)
        name_start = _trim_adjectives(text, name_start, name_end, names)
        title = text[name_start:name_end]
        if sum(ch.isalpha() for ch in title[:-3]) < names.act_min_letters or not title[:1].isupper():
            continue
        if names.not_in_act_names & set(title.lower().split()):
            continue
        year = match.group("year")
        end = match.end() if year else name_end
        if names.bill_after.match(text, end) or names.bill_before.search(text, max(0, name_start - BILL_REACH), name_start):
            continue
        words = title.lower().split()
        comma_year = names.comma_year.match(text, name_end) if not year and len(words) > 1 else None
        if comma_year and words[-2] in names.comma_year_words:
            end = comma_year.end()
        found.append(Candidate(
            start=name_start, end=end, surface=text[name_start:end], method="named_act", name=jurisdiction_name(text[name_start:end], names),
            authority_kind="statute", stated_year=int(year) if year else None,
            jurisdiction=act_jurisdiction(title, names),
        ))
    return found


def act_jurisdiction(title: str, names: NamePatterns) -> str:
    """The id root of an act named by title: a state's ("us-co") or the EU's ("eu") when its first words say so."""
    words = re.findall(r"[a-z]+", title.lower())
    if names.federal_place_words & set(words):
        return "us"
    for size in (2, 1):
        found = names.jurisdiction_words.get(" ".join(words[:size]))
        if found and len(words) > size + 1:
            return found
    return "us"


JURISDICTION_POSSESSIVE = re.compile(r"['\u2019]s$")
"""A jurisdiction written as the act's owner: "European Union's", "Colorado's"."""


def jurisdiction_name(name: str, names: NamePatterns) -> str:
    """An act's title as the registry may know it when it starts with a jurisdiction's name.

    The jurisdiction may be written as the act's owner ("the European Union's
    Artificial Intelligence Act", "Colorado's AI Act"), which is never part of
    a title, or by another of its names than the registry's ("European Union"
    for "EU"): the title with whichever of the jurisdiction's names makes it a
    curated act, else with the possessive dropped, else as written.
    """
    words = name.split()
    if names.registry.by_act_name(name):
        return name
    for size in (2, 1):
        lead = " ".join(words[:size])
        bare = JURISDICTION_POSSESSIVE.sub("", lead)
        root = names.jurisdiction_words.get(bare.lower())
        if root is None or len(words) < size + 2:
            continue
        rest = " ".join(words[size:])
        known = [f"{word} {rest}" for word, other in sorted(names.jurisdiction_words.items())
                 if other == root and names.registry.by_act_name(f"{word} {rest}")]
        return known[0] if known else f"{bare} {rest}" if bare != lead else name
    return name


def jurisdiction_rest(title: str, names: NamePatterns) -> str | None:
    """An act's title less a leading jurisdiction word ("EU AI Act" -> "AI Act"), when at least two words remain."""
    words = title.split()
    for size in (2, 1):
        if len(words) >= size + 2 and " ".join(words[:size]).lower() in names.jurisdiction_words \
                and words[-1] == "Act" and not names.federal_place_words & {w.lower() for w in words}:
            return " ".join(words[size:])
    return None


def find_act_acronyms(text: str, names: NamePatterns) -> list[Candidate]:
    """Acronyms of recurring acts ("the NDAA", "FY24 NDAA"), named as their spelled-out titles."""
    found = []
    for match in names.act_acronyms.finditer(text):
        name = names.act_acronym_names[match.group("acronym")]
        fiscal = match.group("fy_before") or match.group("fy_after")
        if fiscal:
            name += f" for Fiscal Year {fiscal if len(fiscal) == 4 else '20' + fiscal}"
        found.append(Candidate(start=match.start(), end=match.end(), surface=match.group(0), method="named_act",
                               name=name, authority_kind="statute"))
    return found


def case_key(plaintiff: str, defendant: str, same_party: dict[str, str]) -> str:
    """The id of a case from its caption, parties' abbreviations made equal.

    "Carpenter v. U.S." and "Carpenter v. United States" both give
    ``us/case/carpenter-v-united-states``; curated cases use the same ids.
    """
    def party(name: str) -> str:
        name = re.sub(r"[\s\u00a0]+", " ", name.strip().rstrip(",")).lower()
        name = re.sub(r"^the ", "", name)
        return same_party.get(name, same_party.get(name.replace(" ", ""), name))
    return "us/case/" + "-".join(re.findall(r"[a-z0-9]+", f"{party(plaintiff)} v {party(defendant)}"))


def caption_key(caption: str, same_party: dict[str, str]) -> str:
    """The id of a case known by a caption without "v." ("In re Application of U. S. for ..."), abbreviations spelled out."""
    name = caption.lower()
    for short in sorted((k for k in same_party if "." in k), key=len, reverse=True):
        name = re.sub(r"(?<![\w.])" + re.escape(short) + r"(?!\w)", same_party[short], name)
    return "us/case/" + "-".join(re.findall(r"[a-z0-9]+", name))


def reporter_key(volume: str, reporter: str, page: str) -> str:
    """The id of a case known only by its reporter citation (``us/case/585-u-s-296``)."""
    return "us/case/" + "-".join(re.findall(r"[a-z0-9]+", f"{volume} {reporter} {page}".lower()))


def find_cases(text: str, names: NamePatterns) -> list[Candidate]:
    """Court cases: captions with or without a reporter, and eyecite's reporter citations."""
    found = []
    for match in names.case_name.finditer(text):
        start = trim_lead(text, match.start("plaintiff"), match.end("plaintiff"), names.lead_words)
        if start >= match.end("plaintiff"):
            continue
        defendant = CAPTION_TAIL.sub("", text[match.start("defendant"):match.end("defendant")])
        end = match.start("defendant") + len(defendant)
        caption = text[start:end]
        key = case_key(text[start:match.end("plaintiff")], defendant, names.same_party)
        if match.group("versus") != "v." and key not in names.registry.entries and not _reporter_follows(text, end, names):
            continue
        found.append(Candidate(
            start=start, end=end, surface=caption, method="case", name=caption, citation=caption,
            key=key, authority_kind="case",
        ))
    reported = []
    for window_start, window_end in reporter_windows(text, names.reporter_hint):
        reported += _eyecite_cases(text, window_start, window_end, names)
    return found + [_with_caption(c, found, text) for c in reported] + find_agency_decisions(text, names)


def find_agency_decisions(text: str, names: NamePatterns) -> list[Candidate]:
    """Decisions cited with no reporter eyecite knows: GAO bid protests and docketed court decisions.

    A GAO decision ('Tern Ridge Techs., B-422590, Aug. 19, 2024, 2024 CPD ¶ 201')
    has no "v."; its id is a case's, from the protester's name, which later cites
    repeat ('Tern Ridge Techs., supra'): the candidate's ``name`` is that name, as
    one line. A docketed decision ('In re Proceedings Required by § 702(i) of the
    FISA Amendments Act of 2008, Misc. No. 08-01 (FISA Ct. Aug. 27, 2008)') is
    named by its whole "In re" caption.
    """
    found = []
    for pattern, trimmed in ((names.agency_decision, True), (names.docket_decision, False)):
        for match in pattern.finditer(text):
            start = trim_lead(text, match.start("party"), match.end("party"), names.lead_words) if trimmed else match.start("party")
            if start >= match.end("party"):
                continue
            party = re.sub(r"[\s\u00a0]+", " ", text[start:match.end("party")])
            found.append(Candidate(
                start=start, end=match.end(), surface=text[start:match.end()], method="decision", name=party,
                citation=re.sub(r"[\s\u00a0]+", " ", text[start:match.end()]), key=caption_key(party, names.same_party),
                authority_kind="case",
            ))
    return found


def _with_caption(reported: Candidate, captions: list[Candidate], text: str) -> Candidate:
    """eyecite's citation, begun where a caption our pattern read begins when that caption starts earlier inside it.

    eyecite reads a caption's first party from a few words back and stops at
    words it does not expect ("Youngstown Sheet & Tube Co." comes out as "Tube
    Co."), and drops the small words of a party it reads whole ("Department of
    the Navy" comes out as "Department Navy"); the caption pattern reads the
    party as written, so its reading wins.
    """
    caption = next((c for c in captions if c.start <= reported.start < c.end <= reported.end), None)
    if caption is None:
        return reported
    tail = reported.citation[len(reported.name):] if reported.citation and reported.name and reported.citation.startswith(reported.name) else ""
    return Candidate(start=caption.start, end=reported.end, surface=text[caption.start:reported.end], method="case",
                     key=caption.key, name=caption.name, citation=f"{caption.name}{tail}", authority_kind="case")


def reporter_words(reporter: str) -> str:
    """A reporter's abbreviation compared without spaces, full stops or case ('Op. O.L.C.' is 'opolc')."""
    return re.sub(r"[\s\u00a0.]", "", reporter).lower()


def _reporter_follows(text: str, end: int, names: NamePatterns) -> bool:
    """Whether a reporter citation follows a caption ('..., 410 U.S. 113')."""
    gap = re.match(r",?[\s\u00a0]*", text[end:end + 5])
    return bool(names.reporter_hint.match(text, end + (gap.end() if gap else 0)))


def reporter_windows(text: str, hint: re.Pattern[str]) -> list[tuple[int, int]]:
    """Stretches of text around reporter-shaped strings, merged where they overlap.

    eyecite reads a caption a few words back and a parenthetical a few words
    on, so it is run on these windows only: a document without a reporter
    citation costs one regex scan instead of a full eyecite pass.
    """
    windows: list[tuple[int, int]] = []
    for match in hint.finditer(text):
        start, end = max(0, match.start() - EYECITE_BEFORE), min(len(text), match.end() + EYECITE_AFTER)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


@cache
def _eyecite() -> tuple[Callable[[str], list[Any]], type[Any]]:
    """eyecite's ``get_citations`` and its full case citation class, imported on first use.

    Importing eyecite compiles every reporter's regex (0.4 s), which a
    rebuild of documents without a reporter citation need not pay. eyecite
    finds the court of each parenthetical ("(4th Cir. 2017)") by trying
    every court's name in ``eyecite.helpers.get_court_by_paren``, several
    milliseconds a time; the answer depends on the string alone and texts
    repeat a few courts, so answers are kept.
    """
    import eyecite.helpers
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation

    if not hasattr(eyecite.helpers.get_court_by_paren, "cache_info"):
        eyecite.helpers.get_court_by_paren = lru_cache(maxsize=4096)(eyecite.helpers.get_court_by_paren)
    return get_citations, FullCaseCitation


IN_RE = re.compile(r"(?<![\w.])(?P<caption>In[ \t\u00a0\n]+re[ \t\u00a0\n]+[A-Z][^,;()]{1,100}?),[ \t\u00a0\n]*$")
"""An "In re ..." caption ending right before a reporter cite: "In re Neagle, " before "135 U.S. 1"."""


def _without_lead_words(party: str, lead_words: frozenset[str]) -> str:
    """A party as eyecite read it, without signal and preposition words before it ("Compare United States")."""
    words = party.split()
    while words and words[0].lower() in lead_words:
        words.pop(0)
    return " ".join(words)


def _eyecite_cases(text: str, window_start: int, window_end: int, names: NamePatterns) -> list[Candidate]:
    get_citations, full_case_citation = _eyecite()
    found = []
    for cite in get_citations(text[window_start:window_end].replace("\n", " ")):  # a line may break inside a cite ("299\nU.S. 304"); same offsets
        if not isinstance(cite, full_case_citation):
            continue
        start, end = (window_start + offset for offset in cite.full_span())
        tail = names.case_tail.match(text, window_start + cite.span()[1])
        end = min(end, tail.end()) if tail else end
        groups, meta = cite.groups, cite.metadata
        if reporter_words(groups.get("reporter") or "") in names.not_case_reporters:  # an OLC opinion, not a case
            continue
        reporter = f"{groups.get('volume')} {groups.get('reporter')} {groups.get('page')}"
        plaintiff = _without_lead_words(meta.plaintiff, names.lead_words) if meta.plaintiff else None
        in_re = None if plaintiff else IN_RE.search(text, max(0, start - 120), window_start + cite.span()[0])
        if plaintiff and meta.defendant:
            key, name = case_key(plaintiff, meta.defendant, names.same_party), f"{plaintiff} v. {meta.defendant}"
            start = trim_lead(text, start, end, names.lead_words)
        elif in_re is not None:  # "In re Neagle, 135 U.S. 1": eyecite reads no parties from an "In re" caption
            name = re.sub(r"\s+", " ", in_re.group("caption"))
            key, start = caption_key(name, names.same_party), in_re.start("caption")
        else:
            start, end = (window_start + offset for offset in cite.span())
            key, name = reporter_key(groups["volume"], groups["reporter"], groups["page"]), reporter
        found.append(Candidate(
            start=start, end=end, surface=text[start:end], method="case", key=key, name=name,
            citation=f"{name}, {reporter}" if name != reporter else reporter, authority_kind="case",
        ))
    return found
