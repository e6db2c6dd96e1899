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
    "presidential_directive", "agency_issuance", "regulation", "case", "other",
})
ALIAS_KINDS = frozenset({"name", "short_name", "acronym", "citation", "informal"})
ALIAS_MATCHES = frozenset({"cased", "contextual", "form"})
RELATIONS = frozenset({"codified_at", "amends", "implements", "supersedes", "part_of"})
REQUIRED = ("id", "name", "kind", "citation", "date", "issuer", "url", "summary", "aliases", "relations", "examples")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
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


@dataclass
class Registry:
    """Curated records indexed the ways recognition and resolution look them up."""

    entries: dict[str, Entry]
    by_key: dict[str, list[str]]
    by_name: dict[str, str]

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
        found = self.candidates(key)
        if not found:
            return None
        wanted = stated.year if stated else year
        if wanted is not None:
            same_year = [a for a in found if a.date and int(a.date[:4]) == wanted]
            if same_year:
                return same_year[0]
        return max(found, key=lambda a: a.date or "")

    def by_act_name(self, name: str) -> str | None:
        """The curated record whose name or alias has the same words as ``name``."""
        return self.by_name.get(name_key(name))

    def section(self, act_id: str, number: str) -> str | None:
        """The curated record for section ``number`` of the act ``act_id``, if curated."""
        entry = self.entries.get(act_id)
        return entry.sections.get(number) if entry else None

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
        sections=dict(raw.get("sections", {})), version_of=raw.get("version_of"),
    )


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
        for key in (aid, *entry.keys, *([entry.version_of] if entry.version_of else [])):
            by_key.setdefault(key, []).append(aid)
        if entry.version_of is None:
            for name in (entry.authority.name, *(a["alias"] for a in entry.aliases)):
                by_name.setdefault(name_key(name), aid)
        targets = [r["target"] for r in entry.relations] + list(entry.sections.values())
        targets += [entry.version_of] if entry.version_of else []
        for target in targets:
            if target not in entries:
                raise DataError(f"authority {aid!r} points at unknown authority {target!r}")
    return Registry(entries=entries, by_key=by_key, by_name=by_name)


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
