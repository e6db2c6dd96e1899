"""The curated authority registry in ``corpus/authorities/*.json``.

One record per authority with its aliases and typed relations. Records are
keyed by USLM-style paths that the citation forms in
``corpus/patterns/citations.json`` also produce, so "50 U.S.C. § 1881a" and
"Section 702" meet in the same record without a lookup table. A record may
also answer to other citation ids (``keys``), own the sections of its act
(``sections``), or be an earlier issue of a record (``version_of``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from kb.models import Authority, AuthorityAlias, AuthorityRelation, Record, stable_id
from kb.reference import DATA_DIR, DataError, load_json

KINDS = frozenset({
    "constitution", "constitutional_provision", "statute", "statutory_section", "executive_order",
    "presidential_directive", "agency_issuance", "regulation", "court_rule", "case", "treaty", "other",
})
ALIAS_KINDS = frozenset({"name", "short_name", "acronym", "citation", "informal"})
ALIAS_MATCHES = frozenset({"cased", "contextual", "form"})
RELATIONS = frozenset({"codified_at", "amends", "implements", "supersedes", "part_of"})
REQUIRED = ("id", "name", "kind", "citation", "date", "issuer", "url", "summary", "aliases", "relations", "examples")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
STAT_PAGES = re.compile(r"(\d+) Stat\. (\d+)[-\u2013](\d+)")
CODIFIED_CHAPTER = re.compile(r"(\d+) U\.S\.C\. ch\. (\w+)")
CFR_PARTS = re.compile(r"(\d+) C\.F\.R\. pts\. (\d+)-(\d+)")
"""A regulation codified as a run of C.F.R. parts: the ITAR's '22 C.F.R. pts. 120-130'."""
CODE_SECTION_ID = re.compile(r"us/usc/t(?P<title>\d+)/s(?P<number>\d+)[a-z]*")
"""A Code section's id, its title and the digits of its number."""
CODE_SECTIONS = re.compile(r"(\d+) U\.S\.C\. \u00a7\u00a7 (\w+)-(\w+)")
"""A statute cited or codified as one run of Code sections, and nothing else: the Stored Communications Act's
'18 U.S.C. §§ 2701-2713', the Insurrection Act's '10 U.S.C. §§ 251-255' (a list of runs, as ECPA's, is none)."""
CODIFIED_FROM = re.compile(r"(\d+) U\.S\.C\. (?:ch\. \w+ \()?\u00a7 (\w+(?:-\w+)?) et seq\.")
ID_SHAPE = re.compile(r"[a-z]{2}(?:-[a-z]{2})?/[a-z0-9./\-]+")
NAME_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Entry:
    """A curated record as read, with the matching hints that do not go to the database."""

    authority: Authority
    aliases: tuple[dict[str, str], ...]
    relations: tuple[dict[str, str], ...]
    examples: tuple[str, ...]
    keys: tuple[str, ...] = ()
    sections: dict[str, str] = field(default_factory=dict)
    version_of: str | None = None
    stat_pages: tuple[int, int, int] | None = None


@dataclass
class Registry:
    """Curated records indexed the ways recognition and resolution look them up."""

    entries: dict[str, Entry]
    by_key: dict[str, list[str]]
    by_name: dict[str, str]
    stat_ranges: list[tuple[int, int, int, str]] = field(default_factory=list)
    crosswalk: dict[str, dict[str, str]] = field(default_factory=dict)
    part_ranges: dict[tuple[str, str], str] = field(default_factory=dict)
    """(first part's id, last part's id) to the curated regulation those C.F.R. parts codify, and (first section's
    id, last section's id) to the curated statute that run of Code sections is."""

    def candidates(self, key: str) -> list[Authority]:
        """Curated records a citation id names: one, or every issue of a reissued number."""
        return [self.entries[i].authority for i in self.by_key.get(key, [])]

    def lookup(self, key: str, stated: date | None = None, year: int | None = None) -> Authority | None:
        """The curated record for a citation id, choosing the issue the stated date names.

        Args:
            key: a canonical id made from a citation (``us/dod/dodd/3000.09``).
            stated: a full date stated with the mention, if any.
            year: a stated year, if only the year is known.

        Returns:
            The matching record, the latest issue when no date picks one, or None.
        """
        found = self.candidates(key) or [self.entries[i].authority for i in self._stat_owner(key)]
        if not found:
            return None
        wanted = stated.year if stated else year
        if wanted is not None:
            same_year = [a for a in found if a.date and int(a.date[:4]) == wanted]
            if same_year:
                return same_year[0]
        return max(found, key=lambda a: a.date or "")

    def _stat_owner(self, key: str) -> list[str]:
        """The curated act whose Statutes-at-Large pages include the page ``key`` cites ('us/stat/92/1790')."""
        parts = key.split("/")
        if len(parts) != 4 or parts[:2] != ["us", "stat"] or not (parts[2].isdigit() and parts[3].isdigit()):
            return []
        volume, page = int(parts[2]), int(parts[3])
        return [aid for v, first, last, aid in self.stat_ranges if v == volume and first <= page <= last][:1]

    def by_act_name(self, name: str) -> str | None:
        """The curated record whose name or alias has the same words as ``name``."""
        return self.by_name.get(name_key(name))

    def section(self, act_id: str, number: str) -> str | None:
        """The record for section ``number`` of the act ``act_id``: a curated section, else its Code section.

        The Code section comes from the act's curated ``sections`` or from
        ``crosswalks/sections.json``; a section in neither has no record here.
        A number that is not the act's own but is the number of a Code section
        the act is codified at is that Code section: texts write "FISA \u00a7 1809"
        or "section 1809 of FISA" for 50 U.S.C. \u00a7 1809 (the act's section 109).
        """
        entry = self.entries.get(act_id)
        number = number.lower()
        own = {**self.crosswalk.get(act_id, {}), **(entry.sections if entry else {})}
        if number in own:
            return own[number]
        return next((code for code in sorted(set(own.values())) if code.endswith(f"/s{number}") and code.startswith("us/usc/")), None)

    def part_range(self, first: str, last: str) -> str | None:
        """The curated record a range of C.F.R. parts or Code sections is ("22 CFR parts 120 through 130": the ITAR;
        "18 U.S.C. §§ 2701-2713": the Stored Communications Act), or None."""
        return self.part_ranges.get((first, last))

    def chapter_of(self, section_id: str) -> str | None:
        """The curated Code chapter whose run of sections holds a Code section ("us/usc/t18/s2708": the SCA's
        chapter 121), or None."""
        found = CODE_SECTION_ID.fullmatch(section_id)
        if found is None:
            return None
        for (first, last), record in self.part_ranges.items():
            low, high = CODE_SECTION_ID.fullmatch(first), CODE_SECTION_ID.fullmatch(last)
            if (low and high and record.startswith(f"us/usc/t{found['title']}/ch") and low["title"] == found["title"]
                    and int(low["number"]) <= int(found["number"]) <= int(high["number"])):
                return record
        return None

    def parents(self, authority_id: str) -> set[str]:
        """Records a record is part of, or whose section it is (for contextual aliases)."""
        found = {r["target"] for r in self.entries[authority_id].relations if r["relation"] == "part_of"}
        found.update(i for i, e in self.entries.items() if authority_id in e.sections.values())
        return found


def name_key(name: str) -> str:
    """Lower-case words of a name without a trailing year, for comparing act titles."""
    words = NAME_WORD.findall(name.lower())
    if len(words) > 2 and words[-2] == "of" and words[-1].isdigit():
        words = words[:-2]
    return " ".join(words)


def _entry(raw: dict[str, Any], path: Path) -> Entry:
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise DataError(f"{path}: record {raw.get('id')!r} lacks {', '.join(missing)}")
    if raw["kind"] not in KINDS:
        raise DataError(f"{path}: record {raw['id']!r} has unknown kind {raw['kind']!r}")
    if raw["date"] is not None and not ISO_DATE.fullmatch(raw["date"]):
        raise DataError(f"{path}: record {raw['id']!r} date {raw['date']!r} is not ISO 8601")
    for alias in raw["aliases"]:
        if alias["kind"] not in ALIAS_KINDS or alias.get("match", "cased") not in ALIAS_MATCHES:
            raise DataError(f"{path}: record {raw['id']!r} alias {alias!r} has an unknown kind or match")
    for rel in raw["relations"]:
        if rel["relation"] not in RELATIONS:
            raise DataError(f"{path}: record {raw['id']!r} has unknown relation {rel['relation']!r}")
    authority = Authority(
        id=raw["id"], name=raw["name"], kind=raw["kind"], citation=raw["citation"],
        short_name=raw.get("short_name"), codification=raw.get("codification"), date=raw["date"],
        issuer=raw["issuer"], url=raw["url"], summary=raw["summary"], curated=1,
    )
    return Entry(
        authority=authority, aliases=tuple(raw["aliases"]), relations=tuple(raw["relations"]),
        examples=tuple(raw["examples"]), keys=tuple(raw.get("keys", ())),
        sections={k.lower(): v for k, v in raw.get("sections", {}).items()}, version_of=raw.get("version_of"),
        stat_pages=_stat_pages(raw, path),
    )


def _stat_pages(raw: dict[str, Any], path: Path) -> tuple[int, int, int] | None:
    """The act's Statutes-at-Large volume and page range ('92 Stat. 1783-1798'), so a pinpoint page inside it is the act."""
    if "stat_pages" not in raw:
        return None
    match = STAT_PAGES.fullmatch(raw["stat_pages"])
    if match is None:
        raise DataError(f"{path}: record {raw['id']!r} stat_pages {raw['stat_pages']!r} is not like '92 Stat. 1783-1798'")
    return int(match[1]), int(match[2]), int(match[3])


def codification_keys(codification: str | None) -> list[str]:
    """Citation ids a curated act's codification answers to: its chapter, and its first section with 'et seq.'.

    "50 U.S.C. ch. 36 (§ 1801 et seq.)" gives ``us/usc/t50/ch36`` and
    ``us/usc/t50/s1801/et-seq``, so "chapter 36 of title 50" and "50 U.S.C.
    1801 et seq." are FISA, while "50 U.S.C. § 1801" stays the section.
    """
    if not codification:
        return []
    keys = [f"us/usc/t{t}/ch{c.lower()}" for t, c in CODIFIED_CHAPTER.findall(codification)]
    return keys + [f"us/usc/t{t}/s{s.lower()}/et-seq" for t, s in CODIFIED_FROM.findall(codification)]


def load_crosswalk(data_dir: Path, entries: dict[str, Entry]) -> dict[str, dict[str, str]]:
    """``crosswalks/sections.json``: act id to {section number: Code section id}.

    Raises:
        DataError: an act id is neither curated nor a title's ``<root>/act/<slug>``, or an id is malformed.
    """
    path = data_dir / "crosswalks" / "sections.json"
    if not path.exists():
        return {}
    acts: dict[str, dict[str, str]] = {}
    for act_id, sections in load_json(path)["acts"].items():
        if act_id not in entries and "/act/" not in act_id:
            raise DataError(f"{path}: act {act_id!r} is neither a curated record nor an act named by title")
        for number, target in sections.items():
            if not ID_SHAPE.fullmatch(target):
                raise DataError(f"{path}: act {act_id!r} section {number!r} maps to malformed id {target!r}")
        acts[act_id] = {number.lower(): target for number, target in sections.items()}
    return acts


@cache
def load_registry(data_dir: Path = DATA_DIR) -> Registry:
    """Read every ``authorities/*.json`` file once per process and index it.

    Raises:
        DataError: a record is malformed, an id repeats, or a relation points nowhere.
    """
    entries: dict[str, Entry] = {}
    for path in sorted((data_dir / "authorities").glob("*.json")):
        for raw in load_json(path)["authorities"]:
            entry = _entry(raw, path)
            if entry.authority.id in entries:
                raise DataError(f"{path}: authority id {entry.authority.id!r} is defined twice")
            entries[entry.authority.id] = entry
    by_key: dict[str, list[str]] = {}
    by_name: dict[str, str] = {}
    for aid, entry in entries.items():
        codified = codification_keys(entry.authority.codification) if entry.authority.kind == "statute" else []
        for key in (aid, *entry.keys, *codified, *([entry.version_of] if entry.version_of else [])):
            by_key.setdefault(key, []).append(aid)
        if entry.version_of is None:
            for name in (entry.authority.name, *(a["alias"] for a in entry.aliases)):
                by_name.setdefault(name_key(name), aid)
        targets = [r["target"] for r in entry.relations] + [t for t in entry.sections.values() if t in entries]
        targets += [entry.version_of] if entry.version_of else []
        for target in targets:
            if target not in entries:
                raise DataError(f"authority {aid!r} points at unknown authority {target!r}")
    stat_ranges = [(*e.stat_pages, aid) for aid, e in entries.items() if e.stat_pages]
    part_ranges = {(f"us/cfr/t{t}/pt{a}", f"us/cfr/t{t}/pt{b}"): aid for aid, e in entries.items()
                   if e.authority.kind == "regulation" for t, a, b in CFR_PARTS.findall(e.authority.codification or "")}
    part_ranges |= {(f"us/usc/t{m[1]}/s{m[2].lower()}", f"us/usc/t{m[1]}/s{m[3].lower()}"): aid for aid, e in entries.items()
                    if e.authority.kind == "statute" for written in (e.authority.citation or "", e.authority.codification or "")
                    if (m := CODE_SECTIONS.fullmatch(written))}
    return Registry(entries=entries, by_key=by_key, by_name=by_name, stat_ranges=stat_ranges,
                    crosswalk=load_crosswalk(data_dir, entries), part_ranges=part_ranges)


def authority_records(data_dir: Path = DATA_DIR) -> list[Record]:
    """Curated authorities, their aliases and relations, ready for the store.

    Args:
        data_dir: the reference-data folder.

    Returns:
        ``Authority`` records (curated=1), then ``AuthorityAlias`` and
        ``AuthorityRelation`` records with ids derived from their content.
    """
    registry = load_registry(data_dir)
    records: list[Record] = [e.authority for e in registry.entries.values()]
    for aid, entry in registry.entries.items():
        records += [
            AuthorityAlias(id=stable_id(aid, a["alias"]), authority_id=aid, alias=a["alias"], kind=a["kind"])
            for a in entry.aliases
        ]
    for aid, entry in registry.entries.items():
        relations = [(r["relation"], r["target"]) for r in entry.relations]
        records += [
            AuthorityRelation(id=stable_id(aid, rel, target), source_id=aid, relation=rel, target_id=target)
            for rel, target in relations
        ]
    return records
