"""Recognised spans to canonical authorities: ``Mention`` records and non-curated ``Authority`` records.

Every span resolves to one id. A curated record wins when the span names it
(an alias, a citation id the registry knows, an act title with the same
words); otherwise the id is the one the citation form built, or one made from
an act's title or a case's caption, so the same authority cited in two
documents gets the same id and no two authorities share one. A date stated
with a citation picks the issue of a reissued number and is compared with it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Doc

from kb.models import Authority, Equivalence, Mention, stable_id
from kb.recognise.doctext import text_of
from kb.recognise.spans import Candidate
from kb.reference import DATA_DIR
from kb.reference.registry import Registry, load_registry, name_key
from kb.resolve.equivalence import ET_SEQ, stated_equivalences

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
FUZZY_MIN_SIMILARITY = 0.8
STOP = frozenset({"the", "of", "and", "for", "on", "to", "in", "by"})


def parse_date(text: str) -> tuple[date | None, int | None]:
    """A stated date as a ``date`` when day and month are known, and its year.

    Accepts the forms ``date_stated`` in ``patterns/citations.json`` matches:
    "25 Jan/2023", "January 25, 2023", "2023-01-25", "1/25/2023", "2012".
    """
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    month_word = re.search(r"[A-Za-z]{3,}", text)
    year = next((n for n in numbers if n > 999), None)
    if year is None:
        return None, None
    rest = [n for n in numbers if n != year or numbers.count(year) > 1][:2]
    try:
        if month_word and month_word.group(0)[:3].lower() in MONTHS and rest:
            return date(year, MONTHS[month_word.group(0)[:3].lower()], rest[0]), year
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return date.fromisoformat(text.strip()), year
        if len(rest) == 2:
            return date(year, rest[0], rest[1]), year
    except ValueError:
        return None, year
    return None, year


def _similar_words(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


_FUZZY_ACTS: dict[int, tuple[Registry, dict[tuple[str, ...], str | None]]] = {}
"""``fuzzy_act``'s answers by registry (its ``id``, the registry kept so that the id stays its own) and title words."""


def fuzzy_act(name: str, registry: Registry) -> str | None:
    """A curated act whose title has nearly the same words (a word inserted, dropped or misspelt).

    A title that holds another act's name before its own "Act" ("FISA
    Amendments Act Reauthorization Act of 2012") is the act that amends or
    reauthorizes that one, never the one it names.

    The answer depends on the title's words and the registry alone, and
    comparing them with every curated title cost more than the rest of
    resolution, so each is worked out once per process.
    """
    words = tuple(w for w in name_key(name).split() if w not in STOP)
    if not words or "act" in words[:-1]:  # "FISA Amendments Act Reauthorization Act": another act, of the one it names
        return None
    held = _FUZZY_ACTS.get(id(registry))
    if held is None or held[0] is not registry:
        held = _FUZZY_ACTS[id(registry)] = (registry, {})
    answers = held[1]
    if words not in answers:
        answers[words] = _closest_act(words, registry)
    return answers[words]


def _closest_act(words: tuple[str, ...], registry: Registry) -> str | None:
    """The curated act whose title words best match ``words``, if they match closely enough."""
    best, best_score = None, 0.0
    for key, aid in registry.by_name.items():
        other = [w for w in key.split() if w not in STOP]
        if len(other) < 2 or other[-1] != words[-1]:
            continue
        common = sum(1 for w in words if any(_similar_words(w, o) for o in other))
        score = common / max(len(words), len(other))
        if score > best_score:
            best, best_score = aid, score
    return best if best_score >= FUZZY_MIN_SIMILARITY else None


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, for ids made from names."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


class Resolver:
    """Resolves one document's candidates, creating non-curated records as it goes."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.created: dict[str, Authority] = {}

    def authority_id(self, c: Candidate) -> str:
        """The canonical id of the authority a candidate cites."""
        if c.parent is not None and c.section is not None:
            return self._section(c)
        if c.parent is not None:
            return self.authority_id(c.parent)
        if c.method == "named_act":
            return self._named_act(c)
        assert c.key is not None
        stated, year = parse_date(c.stated_date) if c.stated_date else (None, c.stated_year)
        curated = self.registry.lookup(c.key, stated, year)
        if curated is not None:
            return curated.id
        key = c.key.removesuffix(ET_SEQ)  # "§ 1801 et seq." of no curated act is section 1801
        curated = self.registry.lookup(key, stated, year) if key != c.key else None
        if curated is not None:
            return curated.id
        self._create(key, c.name or c.surface, c.authority_kind, c.citation, c.url)
        return key

    @staticmethod
    def stated_id(c: Candidate, authority_id: str) -> str:
        """The id a mention states: its authority's, or for a Code 'et seq.' of no curated act its key.

        "6 U.S.C. 101 et seq." cites section 101 unless some document ties the key
        ``us/usc/t6/s101/et-seq`` to the act codified from there (``kb.resolve.identity``).
        """
        if c.parent is None and c.key is not None and c.key.endswith(ET_SEQ) and c.key.removesuffix(ET_SEQ) == authority_id:
            return c.key
        return authority_id

    def _named_act(self, c: Candidate) -> str:
        name = c.name or c.surface
        found = self.registry.by_act_name(name) or fuzzy_act(name, self.registry)
        if found:
            return found
        aid = f"{c.jurisdiction}/act/" + slug(name_key(name))
        self._create(aid, name, c.authority_kind, None, None)
        return aid

    def _section(self, c: Candidate) -> str:
        assert c.parent is not None and c.section is not None
        act_id = self.authority_id(c.parent)
        curated = self.registry.section(act_id, c.section)
        if curated:
            return curated
        act = self.registry.entries[act_id].authority if act_id in self.registry.entries else self.created.get(act_id)
        article = c.section.startswith("art")
        aid = f"{act_id}/{c.section}" if article else f"{act_id}/s{c.section.lower()}"
        label = f"Article {c.section[3:]}" if article else f"Section {c.section}"
        self._create(aid, f"{label} of the {act.name if act else act_id}", "statutory_section", None, None)
        return aid

    def _create(self, aid: str, name: str, kind: str, citation: str | None, url: str | None) -> None:
        if aid not in self.created:
            self.created[aid] = Authority(id=aid, name=name, kind=kind, citation=citation, url=url, curated=0)

    def date_mismatch(self, c: Candidate, aid: str) -> int:
        """1 when the date or year stated with the mention disagrees with the record's date."""
        record = self.registry.entries.get(aid)
        if record is None or not record.authority.date:
            return 0
        stated, year = parse_date(c.stated_date) if c.stated_date else (None, c.stated_year)
        if stated is not None:
            return int(stated.isoformat() != record.authority.date)
        return int(year is not None and year != int(record.authority.date[:4]))


class Resolved(NamedTuple):
    """What resolution makes of one document."""

    mentions: list[Mention]
    authorities: list[Authority]
    equivalences: list[Equivalence]


def resolve_mentions(doc: Doc, document_id: str, data_dir: Path = DATA_DIR) -> Resolved:
    """Mentions of one annotated document, the non-curated authorities they cite, and the merges the text justified.

    Args:
        doc: a ``Doc`` the ``kb_authorities`` component has run on.
        document_id: the document's id, part of each mention's id.
        data_dir: the reference-data folder holding the curated registry.

    Returns:
        Mentions sorted by (start, end), generic ones with no authority; the
        records made from citations, names and captions in this document; and
        the equivalences the text states between forms of one act
        (``kb.resolve.equivalence``), which the mentions already follow.
    """
    registry = load_registry(data_dir)
    resolver = Resolver(registry)
    mentions = []
    for c in doc._.kb_authority_spans or []:
        aid = resolver.authority_id(c) if c.kind == "authority" else None
        stated_year = c.stated_year if c.stated_date is None and c.stated_year is not None else None
        mismatch = resolver.date_mismatch(c, aid) if aid else 0
        mentions.append(Mention(
            id=stable_id(document_id, c.start, c.end, aid or c.surface), document_id=document_id,
            authority_id=aid, stated_authority_id=resolver.stated_id(c, aid) if aid else None,
            start=c.start, end=c.end, surface=c.surface, method=c.method, kind=c.kind,
            pinpoint=c.pinpoint or c.section, stated_date=c.stated_date or (str(stated_year) if mismatch and stated_year else None),
            date_mismatch=mismatch,
        ))
    mentions.sort(key=lambda m: (m.start, m.end))
    created = sorted(resolver.created.values(), key=lambda a: a.id)
    mentions, created, equivalences = stated_equivalences(text_of(doc), mentions, created, registry, document_id)
    return Resolved(mentions, sorted(created, key=lambda a: a.id), equivalences)
