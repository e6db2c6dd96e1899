"""Equivalences a text states between citation forms of one act, and the merges they justify.

"the E-Government Act of 2002 (Pub. L. 107-347, 116 Stat. 2899)" names one act
three ways; without this step the name, the public law and the Statutes-at-Large
page become three records. A text ties such forms by writing them side by
side in one citation: a name followed by its public law, a public law followed
by its Statutes-at-Large page, with at most a source credit's pinpoints and date
between them ("Pub. L. 90-351, title III, § 802, June 19, 1968, 82 Stat. 213").
Each tie is kept as an ``Equivalence`` row with its evidence span, so an analyst
can audit every merge; the forms' mentions then all cite the preferred id
(curated record, else public law, else the act's title, else the Stat. page),
and sections of a merged-away id move with it ("us/act/e-government-act/s208"
becomes "us/pl/107/347/s208").

A section of an act written with its Code section in parentheses ("Section
2209(c) of the Homeland Security Act of 2002 (6 U.S.C. 659(c))") is that Code
section wherever the document cites it (rule ``codified_at``).

Forms are tied only in the order a citation gives them (name, then public law,
then Stat. page), so a list "Pub. L. 99-508, Pub. L. 107-56" or "Pub. L. 107-347,
FISA" names several laws; two curated records are never merged.

Which id a merge keeps is ``preference``'s choice, the one rule both this
document-level step and the corpus-wide identity stage (``kb.resolve.identity``)
follow.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kb.models import Authority, Equivalence, Mention, stable_id
from kb.recognise.spans import CODE_ID
from kb.reference.registry import Registry
from kb.resolve.footnotes import footnoted

GAP = 90
"""Characters at most between two forms of one citation."""

SECTIONS = r"\u00a7+[ \u00a0]?[\w.()\-\u2013]+(?:,?[ \u00a0](?:and[ \u00a0])?\d[\w.()\-\u2013]*)*"
"""A section pinpoint or a list of them: '\u00a7 802', '\u00a7\u00a72, 19', '\u00a7\u00a7 2 and 19', '\u00a7\u00a7 2\u20133, 19'."""

CODE_CHAPTER = r"\d+[ \u00a0]U\.S\.C\.[ \u00a0](?:chapter|ch\.)[ \u00a0]\w+"
"""The Code chapter an act is codified at, written among its other forms: '(44 U.S.C. chapter 35; Pub. L. 104-13)'."""

BETWEEN = re.compile(
    r"[\s,;(]*(?:(?:as[ \u00a0]amended|title[ \u00a0][IVXLC]+|div(?:ision|\.)[ \u00a0]\w+|" + SECTIONS + "|" + CODE_CHAPTER +
    r"|(?:[A-Z][a-z]{2,8}\.?)[ \u00a0]\d{1,2},[ \u00a0]\d{4}|\([^()\n]{1,40}\))[\s,;]*)*[\s,;(]*",
)
"""What may sit between two forms of one citation: commas, semicolons ('Public Law 107-296; 116 Stat.
2135'), an opening parenthesis, 'as amended', a title or division of the act, section pinpoints, the
Code chapter it is codified at, a date, a parenthetical short name ('(FISA)')."""

AFTER_LAW = re.compile(r"[\s\u00a0]*,[\s\u00a0]*(?P<section>(?:[Ss]ection|[Ss]ec\.|\u00a7)[\s\u00a0]*[\w.()\-]+[\s\u00a0]*,[\s\u00a0]*)?")
"""Between a public law and its title written after it: 'Public Law 112-81, section 922, National Defense ...'."""

ITEM_END = re.compile(r"[\s\u00a0]*(?:[;.(]|$)")
"""What ends an item of an authority list after a title: '; ', '.', or the '(' of its Code cite."""

TITLE_YEAR = re.compile(r"(?:\bof|\bYear|,)[\s\u00a0]+(?P<year>(?:17|18|19|20)\d\d)\b")
"""The year in an act's title: 'of 2007', 'for Fiscal Year 2012', 'Consolidated Appropriations Act, 2021'."""

OF_ACT = re.compile(r"[\s\u00a0]+(?:of|under)[\s\u00a0]+(?:the[\s\u00a0]+)?")
"""Between a section and its act: 'Section 2209(c) of the Homeland Security Act'."""

OPENING = re.compile(r"[\s\u00a0]*[(,][\s\u00a0]*")
"""Between an act and the Code cite of the section just named, in parentheses or in apposition:
'Section 2209(c) of the Homeland Security Act of 2002 (6 U.S.C. 659(c))', 'section 4 of the IG Act, 5 U.S.C. \u00a7 404'."""

CODIFIED_AT = re.compile(
    r"[\s\u00a0]*[(,]?[\s\u00a0]*(?:(?:and|which)[\s\u00a0]+(?:is|was|are|were)[\s\u00a0]+)?(?:(?:formerly|now)[\s\u00a0]+)?"
    r"codified[\s\u00a0]+(?:as[\s\u00a0]+amended[\s\u00a0]+)?at[\s\u00a0]+")
"""Between a section of an act and the Code section a source credit says it is codified at:
'\u00a7 8G, formerly codified at 5 U.S.C. App. 3 \u00a7 8G', '\u00a7 3 (codified as amended at 50 U.S.C. \u00a7 3024)',
'... (Public Law 114-92; 129 Stat. 882) and is now codified at section 3602'."""

CODIFIED_AFTER_FORMS = re.compile(
    r"(?:[\s\u00a0]*,[\s\u00a0]*\d+(?:[\u2013\-]\d+)?)*[\s\u00a0\u201d\"]*(?:\(\d{4}\))?[\s\u00a0]*\)?" + CODIFIED_AT.pattern)
"""Between the last form of the act a section is of and the Code section it is codified at: a
Stat. page's pinpoint and year, a closing quote or parenthesis ('131 Stat. 1283, 1736 (2017)
(codified as amended at 10 U.S.C. \u00a7 395)', '(\u201c2015 IAA\u201d), codified at 50 U.S.C. \u00a7 1813')."""

FORM_GAP = re.compile(r"[\s\u00a0,;:()\u201c\u201d\"]*")
"""Between two forms of one act written together, when no words sit between them: '(\u201cFY2018 NDAA\u201d), Pub. L.'."""

APPENDIX_SECTION = re.compile(r"us/usc/t\d+a/app\d+/s[^/]+")
"""A section of an act printed in a Code title's appendix: the Inspector General Act's 'us/usc/t5a/app3/s8g'."""

APPENDIX_ACT = re.compile(r"us/usc/t\d+a/app\d+")
"""A numbered act printed in a Code title's appendix, as a whole: 18 U.S.C. App. 3 is 'us/usc/t18a/app3'."""

RANK = ("curated", "code_section", "us/pl/", "act", "us/stat/", "section", "codification")
"""Which id a merge keeps, best first: a curated record; a Code section (over the act's own section
it codifies); a public law; an act's title; a Statutes-at-Large page; a section of an act by its
act's id; a Code 'et seq.' key, which names the act only through the other forms."""

NOTE = re.compile(r"[\s\u00a0]+note\b")
"""The word after a Code section that makes the cite a note printed under it: '50 U.S.C. 3161 note'."""

REPRINTED = re.compile(r"[\s\u00a0]*(?:\([^()\n]{1,40}\))?[\s\u00a0]*,?[\s\u00a0]*(?:and[\s\u00a0]+)?reprinted(?:[\s\u00a0]+as[\s\u00a0]+amended)?[\s\u00a0]+in[\s\u00a0]+")
"""Between the last form of an order's citation and the Code note it is reprinted in: ' (July 30, 2008), reprinted as amended in '."""

AMENDED_CHAIN = re.compile(r"[\s\u00a0,;]*(?:\([^()\n]{1,40}\))?[\s\u00a0,;]*(?:(?P<amended>as[\s\u00a0]+amended[\s\u00a0]+by)[\s\u00a0]+|and[\s\u00a0]+)?")
"""Between two forms in an order's citation with the orders that amend it: ', ', ' (Dec. 4, 1981), as amended by ', ', and '."""

CODE_SECTION_WORDS = re.compile(r"(?P<title>\d{1,2})[ \u00a0]+(?:U\.[ \u00a0]?S\.[ \u00a0]?C\.|USC)[ \u00a0]*(?:\u00a7+[ \u00a0]*)?(?P<section>\d+[A-Za-z]*(?:-\d+[A-Za-z]*)?)")
"""A Code section in a cite's words: '5 U.S.C. 552a', '10 USC \u00a7 3015'."""

NOTE_KEY = "/note"
"""Suffix of the id an evidence row names a Code note by: ``us/usc/t50/s3161/note``."""

ACT_RULES = ("side_by_side", "footnote")
"""Rules that tie forms of one act (the corpus-wide stage's first pass); ``codified_at`` ties sections."""

ET_SEQ = "/et-seq"
"""Suffix a citation form puts on a Code section cited with "et seq.": the act codified from that section on."""

PARENTHETICAL = re.compile(r"[\s\u00a0]*\([\s\u00a0]*[\"\u201c]?")
"""Between a name and the short name it defines in parentheses: 'the Cybersecurity Information Sharing Act of 2015 (CISA'."""

PART = re.compile(r"\b(?:[Dd]iv(?:ision|\.)[ \u00a0]+[A-Z]|[Tt]itle[ \u00a0]+[IVXLC]+)\b")
"""A title or division of an act: 'div. N', 'Division U', 'title I'."""

PART_AFTER = re.compile(r"[\s,;]*" + PART.pattern)
"""A title or division written right after a public law: 'Pub. L. 114-113, div. N'."""

NUMBERED_NAME = re.compile(r"Public Law\b|\d+ Stat\.|\d+ U\.S\.C\.")
"""A record's name that is only a citation ('Public Law 113-283', '128 Stat. 3073'), not the act's title."""

NUMBERED = re.compile(r"(?P<pl>\b(?:Pub|Public|P)\b\.?|\bPL\b)|(?P<stat>\bStat\b)|(?P<code>\bet[ \u00a0]+seq\b)")
"""How a form is written: a public-law number, a Statutes-at-Large page, a Code 'et seq.'; else a name."""


def act_level(mention: Mention, registry: Registry) -> str | None:
    """Which kind of act-level form a mention is (one of ``RANK``), or None for anything else.

    A Code cite 'et seq.' ('6 U.S.C. 101 et seq.') names the act codified from that section on,
    so it is an act-level form, though its id is the first section's.
    """
    authority_id = mention.authority_id or ""
    kind = _kind(authority_id, registry)
    if kind is None and code_section(authority_id) and _written_as(mention) == 3:
        return "codification"
    return kind


def _kind(authority_id: str, registry: Registry) -> str | None:
    """The ``RANK`` kind of an act-level id ('curated', 'us/pl/', 'act', 'us/stat/'), or None."""
    entry = registry.entries.get(authority_id)
    if entry is not None:
        return "curated" if entry.authority.kind == "statute" else None
    parts = authority_id.split("/")
    if parts[:2] == ["us", "pl"] and len(parts) == 4:
        return "us/pl/"
    if parts[:2] == ["us", "stat"] and len(parts) == 4:
        return "us/stat/"
    if len(parts) == 3 and parts[1] == "act":
        return "act"
    return None


def preference(authority_id: str, registry: Registry) -> tuple[int, str]:
    """How an id ranks among forms of one authority when they merge: the smallest is kept.

    ``RANK`` first; between two ids of one rank, the smaller id, so that the
    choice never depends on which document, or which order, the evidence came in.
    """
    if authority_id in registry.entries:
        kind = "curated"
    elif authority_id.endswith(ET_SEQ):
        kind = "codification"
    elif code_section(authority_id):
        kind = "code_section"
    else:
        kind = _kind(authority_id, registry) or "section"
    return RANK.index(kind), authority_id


def stated_equivalences(text: str, mentions: list[Mention], authorities: list[Authority], registry: Registry,
                        document_id: str) -> tuple[list[Mention], list[Authority], list[Equivalence]]:
    """Merge the forms the text writes as one citation; return the mentions, records and evidence.

    Two rules: ``side_by_side`` ties act-level forms written together (name, public law, Stat.
    page, Code 'et seq.'); ``codified_at`` makes a section of an act the Code section the text
    gives for it in parentheses ("Section 2209(c) of the Homeland Security Act of 2002 (6 U.S.C.
    659(c))" cites 6 U.S.C. § 659), so every mention of that section, and every pinpoint into it,
    meets the Code's record.

    Args:
        text: the document's text, into which the mentions' offsets point.
        mentions: the document's mentions, sorted by offsets.
        authorities: the non-curated records the document made.
        registry: the curated registry (to tell curated records apart).
        document_id: the document, for the evidence rows' ids.
    """
    parent: dict[str, str] = {}

    def find(aid: str) -> str:
        while parent.get(aid, aid) != aid:
            aid = parent[aid]
        return aid

    ties: list[tuple[str, str, str, Mention, Mention]] = []  # (rule, kept id, merged id, first form, last form)
    repointed: dict[str, str] = {}  # mention id -> id: an 'et seq.' names the act here only, not its first section
    acts = _forms(text, [(m, kind) for m in mentions if (kind := act_level(m, registry))])
    for (a, ka), (b, kb_) in zip(acts, acts[1:]):
        assert a.authority_id is not None and b.authority_id is not None
        if not _named_after_law(text, a, ka, b, kb_) and (b.start - a.end > GAP or _written_as(a) >= _written_as(b)
                or not BETWEEN.fullmatch(text, a.end, b.start) or _names_a_part(text, a, b)):
            continue
        if kb_ == "codification":
            assert b.stated_authority_id is not None
            repointed[b.id] = a.authority_id
            ties.append(("side_by_side", a.authority_id, b.stated_authority_id, a, b))
            continue
        ra, rb = find(a.authority_id), find(b.authority_id)
        if ra == rb or (ka == kb_ == "curated"):
            continue
        keep, drop = sorted((ra, rb), key=lambda i: preference(i, registry))
        parent[drop] = keep
        ties.append(("side_by_side", keep, drop, a, b))
    for tie in footnoted(text, mentions, lambda i: _kind(i, registry) == "act", lambda i: _kind(i, registry) == "us/pl/"):
        assert tie.act.authority_id is not None and tie.law.authority_id is not None
        ra, rb = find(tie.act.authority_id), find(tie.law.authority_id)
        if ra != rb and _kind(ra, registry) == "act":  # a title the text already ties to a law stays that law's
            keep, drop = sorted((ra, rb), key=lambda i: preference(i, registry))
            parent[drop] = keep
            ties.append(("footnote", keep, drop, tie.section, tie.law_section))
    merged = {aid: find(aid) for aid in parent}
    moved = [_follow(m, merged, {k: find(v) for k, v in repointed.items()}) for m in mentions]
    codified = _codified_sections(text, moved, registry)
    ties += [("codified_at", code, section, s, c) for section, (code, s, c) in codified.items()]
    printed = _printed_at(text, moved, registry)
    ties += [("printed_at", owner, f"{_code_id(c)}{NOTE_KEY}", o, c) for owner, o, c in printed.values()]
    if not ties:
        return mentions, authorities, []
    moved = [_cite(m, codified[m.authority_id][0]) if m.authority_id in codified else m for m in moved]
    crosswalked = _crosswalked({aid: find(aid) for aid in {*parent, *parent.values()}}, moved, registry)
    moved = [_cite(m, crosswalked[m.authority_id]) if m.authority_id in crosswalked else m for m in moved]
    moved = [_cite(m, printed[m.id][0]) if m.id in printed else m for m in moved]
    used = {m.authority_id for m in moved}
    kept: dict[str, Authority] = {}
    for record in (_renamed(a, merged) for a in authorities):
        if record.id in used and record.id not in registry.entries:  # a form merged into a curated record makes none
            kept[record.id] = _better(kept[record.id], record) if record.id in kept else record
    rows = [
        Equivalence(
            id=stable_id(document_id, a.start, b.end, drop), document_id=document_id,
            authority_id=kept_id, stated_authority_id=kept_id, equivalent_id=drop, rule=rule,
            start=a.start, end=b.end, surface=text[a.start:b.end],
        )
        for rule, keep, drop, a, b in ties
        for kept_id in [find(keep) if rule in ACT_RULES else keep]
    ]
    return moved, list(kept.values()), rows


def _named_after_law(text: str, law: Mention, law_kind: str, name: Mention, name_kind: str) -> bool:
    """Whether a title written after a public law names that law: 'Public Law 112-81, section 922, National
    Defense Authorization Act for Fiscal Year 2012', as authority lists in notices write them.

    A list of laws also puts a name after a public law ("Pub. L. 107-347, FISA", "Pub. L. 107-347,
    the Homeland Security Act of 2002"), so the order alone proves nothing. The title must be one
    not curated, written without "the", either after the law's section pinpoint or ending the
    list's item, and its year must fall in the Congress that enacted the law.
    """
    if law_kind != "us/pl/" or name_kind != "act":
        return False
    between = AFTER_LAW.fullmatch(text, law.end, name.start)
    if between is None or not (between["section"] or ITEM_END.match(text, name.end)):
        return False
    year = TITLE_YEAR.search(name.surface)
    congress = int(str(law.authority_id).split("/")[2])
    return year is not None and congress in {_congress(int(year["year"]) - 1), _congress(int(year["year"]))}


def _congress(year: int) -> int:
    """The Congress sitting in a year: the 1st met in 1789, and each sits two years."""
    return (year - 1789) // 2 + 1


def _names_a_part(text: str, a: Mention, b: Mention) -> bool:
    """Whether a name is of a title or division of the public law after it, not of the law.

    "the Cybersecurity Information Sharing Act of 2015, Pub. L. 114-113, div. N, title I" names
    division N of the Consolidated Appropriations Act, 2016: the name and the public law are two
    authorities, though the law's Statutes-at-Large page after the division is still the law's.
    """
    if _written_as(a) != 0 or _written_as(b) != 1:
        return False
    return bool(PART.search(text, a.end, b.start) or PART_AFTER.match(text, b.end))


def _forms(text: str, acts: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """Act-level forms in text order, without a short name defined in parentheses right after its name.

    In "the Cybersecurity Information Sharing Act of 2015 (CISA), Pub. L. 114-113" the
    name and its public law are one citation; the defined "CISA" between them (its own
    mention, of the name's id) is part of what lies between them.
    """
    kept: list[tuple[Mention, str]] = []
    for mention, kind in acts:
        if (kept and mention.method == "defined_alias" and (prior := kept[-1][0]).authority_id == mention.authority_id
                and PARENTHETICAL.fullmatch(text, prior.end, mention.start)):
            continue
        kept.append((mention, kind))
    return kept


def _cite(mention: Mention, authority_id: str) -> Mention:
    """The mention citing ``authority_id``; its stated id follows, unless it states an 'et seq.' key of its own."""
    stated = authority_id if mention.stated_authority_id == mention.authority_id else mention.stated_authority_id
    return replace(mention, authority_id=authority_id, stated_authority_id=stated)


def _follow(mention: Mention, merged: dict[str, str], repointed: dict[str, str]) -> Mention:
    """The mention citing the id its form was merged into."""
    if mention.id in repointed:
        return _cite(mention, repointed[mention.id])
    return _cite(mention, merged_id(mention.authority_id, merged)) if mention.authority_id else mention


def _codified_sections(text: str, mentions: list[Mention], registry: Registry) -> dict[str, tuple[str, Mention, Mention]]:
    """Sections of acts the text codifies: section id -> (Code id, section mention, Code mention).

    The Code cite follows the act the section is of, in parentheses or in apposition, or it follows
    the section after "codified at", where the act's other forms may come first ("section 1631 of
    the National Defense Authorization Act for Fiscal Year 2018, Pub. L. No. 115-91, 131 Stat. 1283,
    1736 (2017) (codified as amended at 10 U.S.C. \u00a7 395)"); a section given two Code sections
    keeps the first the text gives. A Code note ("(10 U.S.C. 3015 note)") prints the section
    there; it does not codify it.
    """
    found: dict[str, tuple[str, Mention, Mention]] = {}
    for i, (s, a) in enumerate(zip(mentions, mentions[1:])):
        if not (s.authority_id and a.authority_id and s.authority_id.startswith(a.authority_id + "/s")
                and OF_ACT.fullmatch(text, s.end, a.start)):
            continue
        last, j = a, i + 2
        while j < len(mentions) and _another_form(mentions[j], a, registry) and FORM_GAP.fullmatch(text, last.end, mentions[j].start):
            last, j = mentions[j], j + 1
        c = mentions[j] if j < len(mentions) else None
        if c is None or not c.authority_id or not code_section(c.authority_id) or NOTE.match(text, c.end):
            continue
        if (last is a and OPENING.fullmatch(text, a.end, c.start)) or CODIFIED_AFTER_FORMS.fullmatch(text, last.end, c.start):
            found.setdefault(s.authority_id, (c.authority_id, s, c))
    for s, c in zip(mentions, mentions[1:]):
        if (s.authority_id and c.authority_id and not code_section(s.authority_id) and _kind(s.authority_id.rpartition("/s")[0], registry)
                and code_section(c.authority_id) and CODIFIED_AT.fullmatch(text, s.end, c.start)):
            found.setdefault(s.authority_id, (c.authority_id, s, c))
    for act, appendix in _printed_in_appendix(text, mentions, registry):
        for s in mentions:
            if s.authority_id and s.authority_id.startswith(f"{act.authority_id}/s"):
                found.setdefault(s.authority_id, (f"{appendix.authority_id}/s{s.authority_id.rpartition('/s')[2]}", act, appendix))
    return found


def _printed_in_appendix(text: str, mentions: list[Mention], registry: Registry) -> list[tuple[Mention, Mention]]:
    """Acts the text cites with the Code appendix that prints them: (the act's mention, the appendix's).

    "the Classified Information Procedures Act ("CIPA"), 18 U.S.C. App. 3" says where the act's
    sections are: its section 4 is 18 U.S.C. App. 3 \u00a7 4 wherever the document cites it.
    """
    found = []
    for i, act in enumerate(mentions):
        if not act.authority_id or act_level(act, registry) not in ("curated", "us/pl/", "act"):
            continue
        last, j = act, i + 1
        while j < len(mentions) and _another_form(mentions[j], act, registry) and FORM_GAP.fullmatch(text, last.end, mentions[j].start):
            last, j = mentions[j], j + 1
        appendix = mentions[j] if j < len(mentions) else None
        if appendix is not None and APPENDIX_ACT.fullmatch(appendix.authority_id or "") and FORM_GAP.fullmatch(text, last.end, appendix.start):
            found.append((act, appendix))
    return found


def _another_form(mention: Mention, act: Mention, registry: Registry) -> bool:
    """Whether a mention is one more form of the act just named: its public law, its Stat. page, its defined short name."""
    return mention.authority_id == act.authority_id or act_level(mention, registry) in ("us/pl/", "us/stat/")


def _printed_at(text: str, mentions: list[Mention], registry: Registry) -> dict[str, tuple[str, Mention, Mention]]:
    """Code notes an order or act is printed in, written right after it: Code mention id -> (its id, its mention, the note).

    "Executive Order 13526 (50 U.S.C. 3161 note; relating to classified national
    security information)" gives where the order is printed, not a section: the
    note's mention cites the order. Only there: a note holds several orders and
    acts' short titles, so the note itself is no form of any one of them, and the
    corpus-wide stage does not tie it. The note's mention is returned reaching
    over the word "note", for the evidence row.
    """
    found: dict[str, tuple[str, Mention, Mention]] = {}
    for i, (o, c) in enumerate(zip(mentions, mentions[1:])):
        note = NOTE.match(text, c.end)
        if not (note and o.authority_id and c.authority_id and _code_cite(c)):
            continue
        if _printable(o, registry) and OPENING.fullmatch(text, o.end, c.start):
            owner = _section_before(text, mentions[i - 1], o) if i else o
        elif REPRINTED.fullmatch(text, o.end, c.start) and (head := _reprinted_order(text, mentions[:i + 1], registry)):
            owner = head
        else:
            continue
        found[c.id] = (str(owner.authority_id), owner, replace(c, end=note.end(), surface=text[c.start:note.end()]))
    return found


def _reprinted_order(text: str, chain: list[Mention], registry: Registry) -> Mention | None:
    """The order a citation reprints, reading back from its last form: past its own Federal Register
    page, and past the orders an "as amended by" list adds, to the order they amend.

    "Exec. Order No. 12333, 46 Fed. Reg. 59941 (Dec. 4, 1981), as amended by Exec. Order No.
    13284, ..., and Exec. Order No. 13470, 73 Fed. Reg. 45325 (July 30, 2008), reprinted as
    amended in 50 U.S.C. \u00a7 3001 note" reprints order 12333, as amended, in the note.
    """
    nearest = chain[-1] if _printable(chain[-1], registry) else None
    amended = False
    for later, earlier in zip(reversed(chain), list(reversed(chain))[1:]):
        gap = AMENDED_CHAIN.fullmatch(text, earlier.end, later.start)
        if gap is None:
            break
        amended = amended or bool(gap["amended"])
        if _printable(earlier, registry) and (amended or nearest is None):
            if amended:
                return earlier
            nearest = earlier
    return None if amended else nearest


def _code_cite(mention: Mention) -> bool:
    """Whether a mention is written as a Code section, whatever record it resolved to.

    "5 U.S.C. 552a note" is a Code cite though 5 U.S.C. 552a is the Privacy Act's own key.
    """
    return code_section(mention.stated_authority_id or mention.authority_id or "") or bool(CODE_SECTION_WORDS.search(mention.surface))


def _code_id(mention: Mention) -> str:
    """The Code section a Code cite names, read from its words when it resolved to a curated record's key."""
    if code_section(mention.authority_id or ""):
        return str(mention.authority_id)
    written = CODE_SECTION_WORDS.search(mention.surface)
    return f"us/usc/t{written['title']}/s{written['section'].lower()}" if written else str(mention.authority_id)


def _section_before(text: str, before: Mention, act: Mention) -> Mention:
    """The section of ``act`` written just before it, else the act: what a Code note after them prints.

    "section 873 of the National Defense Authorization Act for Fiscal Year 2016 (10 U.S.C. 3015
    note)" and "Public Law 112-81, section 922, National Defense Authorization Act for Fiscal Year
    2012 (10 U.S.C. 2224 note)" print the section in the note, not the whole act.
    """
    if (before.authority_id and act.authority_id and before.authority_id.startswith(act.authority_id + "/s")
            and (OF_ACT.fullmatch(text, before.end, act.start) or FORM_GAP.fullmatch(text, before.end, act.start))):
        return before
    return act


def _printable(mention: Mention, registry: Registry) -> bool:
    """Whether a mention cites what the Code prints in a note: an order, a presidential directive, an act."""
    authority_id = mention.authority_id or ""
    entry = registry.entries.get(authority_id)
    if entry is not None and entry.authority.kind in ("executive_order", "presidential_directive"):
        return True
    return authority_id.startswith(("us/eo/", "us/pres/")) or act_level(mention, registry) in ("curated", "us/pl/", "act")


def _crosswalked(classes: dict[str, str], mentions: list[Mention], registry: Registry) -> dict[str, str]:
    """Sections of a merged act that the registry codifies for another of its forms: section id -> Code id.

    "Pub. L. No. 108-458, \u00a7 1061(d)(2)" written after the Intelligence Reform and
    Terrorism Prevention Act's name is the act's section 1061, which the crosswalk
    knows by the title: 42 U.S.C. \u00a7 2000ee. Forms that give one section two Code
    sections give it none.
    """
    members: dict[str, set[str]] = {}
    for aid, kept in classes.items():
        members.setdefault(kept, set()).add(aid)
    found: dict[str, str] = {}
    for mention in mentions:
        act, _, number = (mention.authority_id or "").rpartition("/s")
        if act not in members or mention.authority_id in found:
            continue
        codes = {code for member in members[act] if (code := registry.section(member, number))}
        if len(codes) == 1:
            found[f"{act}/s{number}"] = codes.pop()
    return found


def code_section(authority_id: str) -> bool:
    """Whether an id is a Code section itself ("us/usc/t6/s659"), not a title, chapter or subdivision."""
    code = CODE_ID.match(authority_id)
    if code is not None and code["section"] is not None and code.end("section") == len(authority_id):
        return True
    return bool(APPENDIX_SECTION.fullmatch(authority_id))


def _written_as(mention: Mention) -> int:
    """0 for a name, 1 for a public law, 2 for a Stat. page, 3 for a Code 'et seq.': a citation's order.

    Only a form followed by a later kind is tied to it ("the E-Government Act of 2002, Pub. L.
    107-347, 116 Stat. 2899"); "Pub. L. 107-347, FISA" lists two laws.
    """
    written = NUMBERED.search(mention.surface)
    if written is None:
        return 0
    return 1 if written.group("pl") else 2 if written.group("stat") else 3


def merged_id(authority_id: str, merged: dict[str, str]) -> str:
    """The id after merges, a section of a merged-away act following its act."""
    if authority_id in merged:
        return merged[authority_id]
    head, _, tail = authority_id.rpartition("/")
    return f"{merged[head]}/{tail}" if head in merged else authority_id


def _better(a: Authority, b: Authority) -> Authority:
    """One record from two forms of an act: the title's name, the public law's citation and URL."""
    named = b if NUMBERED_NAME.match(a.name) and not NUMBERED_NAME.match(b.name) else a
    cited = b if b.citation and not (a.citation and a.citation.startswith("Pub. L.")) else a
    return replace(cited, name=named.name, citation=cited.citation or named.citation, url=cited.url or named.url)


def _renamed(authority: Authority, merged: dict[str, str]) -> Authority:
    aid = merged_id(authority.id, merged)
    return authority if aid == authority.id else replace(authority, id=aid)
