"""Organisations: curated records, alias normalisation, mentions in a document.

Texts name the same organisation many ways ("Department of War", "DoW",
"D.O.W.", "the Pentagon") and shorten it once named ("the Department"). The
names are data in ``corpus/organizations.json``; the ``kb_organizations``
spaCy component finds them in a Doc, and this module resolves each match,
contextual names to the candidate mentioned most recently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kb.models import Organization, OrganizationAlias, OrganizationMention, OrganizationRelation, Record, stable_id
from kb.reference import DATA_DIR, load_json

CONTEXTUAL = "contextual"
"""Alias kind of names that mean whichever candidate the text named last."""


@dataclass(frozen=True)
class Alias:
    """One curated name and the organisation(s) it may denote."""

    name: str
    targets: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Organizations:
    """The curated organisations and all their names (matched by ``kb.recognise.organizations``)."""

    records: tuple[Record, ...]
    aliases: tuple[Alias, ...]
    by_name: dict[str, str]

    def resolve_matches(self, matches: list[tuple[int, int, int]]) -> list[tuple[str, int, int, str]]:
        """Alias matches in text order to ``(organization_id, start, end, method)``.

        Args:
            matches: ``(alias index, start, end)`` character spans, in order,
                not overlapping.

        Returns:
            One entry per match that resolves: a contextual alias resolves to
            the candidate mentioned last before it, and is dropped when the
            text has named none of them.
        """
        found: list[tuple[str, int, int, str]] = []
        last_seen: dict[str, int] = {}
        for index, start, end in matches:
            alias = self.aliases[index]
            if alias.kind == CONTEXTUAL:
                seen = [t for t in alias.targets if t in last_seen]
                if not seen:
                    continue
                org_id = max(seen, key=last_seen.__getitem__)
            else:
                org_id = alias.targets[0]
            last_seen[org_id] = start
            found.append((org_id, start, end, alias.kind))
        return found

    def resolve(self, name: str) -> str | None:
        """The organisation a whole name denotes (a publisher field), if curated."""
        return self.by_name.get(" ".join(name.split()).lower())


@cache
def load_organizations(data_dir: Path = DATA_DIR) -> Organizations:
    """Read ``organizations.json`` into records and the list of names to match."""
    data = load_json(data_dir / "organizations.json")
    records: list[Record] = []
    aliases: list[Alias] = []
    for org in data["organizations"]:
        records.append(Organization(org["id"], org["name"], org["kind"], org.get("description")))
        for a in org["aliases"]:
            records.append(OrganizationAlias(stable_id(org["id"], a["alias"]), org["id"], a["alias"], a["kind"]))
            aliases.append(Alias(a["alias"], (org["id"],), a["kind"]))
    for c in data["contextual"]:
        for target in c["candidates"]:
            records.append(OrganizationAlias(stable_id(target, c["alias"]), target, c["alias"], CONTEXTUAL))
        aliases.append(Alias(c["alias"], tuple(c["candidates"]), CONTEXTUAL))
    for r in data["relations"]:
        records.append(OrganizationRelation(stable_id(r["source"], r["relation"], r["target"]), r["source"], r["relation"], r["target"]))
    by_name = {a.name.lower(): a.targets[0] for a in aliases if a.kind != CONTEXTUAL}
    by_name.update({o["name"].lower(): o["id"] for o in data["organizations"]})
    return Organizations(tuple(records), tuple(aliases), by_name)


def publisher_organization(publisher: str, orgs: Organizations) -> tuple[str, Organization | None]:
    """The organisation id of a document's publisher, and a new record when it is not curated.

    Args:
        publisher: the ``publisher`` of the document's front matter.
        orgs: the curated organisations.

    Returns:
        ``(id, None)`` for a curated publisher; ``("org/<slug>", record)`` for
        another, so that every speaker is a row of ``organizations``.
    """
    known = orgs.resolve(publisher)
    if known:
        return known, None
    org_id = "org/" + re.sub(r"[^a-z0-9]+", "-", publisher.lower()).strip("-")
    return org_id, Organization(org_id, publisher.strip(), "publisher", "Publisher of a corpus document.", curated=0)


def mentions(document_id: str, text: str, matches: list[tuple[int, int, int]], orgs: Organizations) -> list[OrganizationMention]:
    """Every organisation mention of a document, in order (claims are filled in later).

    Args:
        document_id: the document.
        text: its text.
        matches: the alias matches the ``kb_organizations`` component left on the Doc.
        orgs: the curated organisations.
    """
    return [
        OrganizationMention(
            id=stable_id(document_id, "organization_mention", start, end), document_id=document_id,
            organization_id=org_id, start=start, end=end, surface=text[start:end], method=method,
        )
        for org_id, start, end, method in orgs.resolve_matches(matches)
    ]
