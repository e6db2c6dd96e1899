"""Identity across documents: one record per authority, whichever document ties its forms.

A document ties the forms of an act it writes together ("the Federal Information
Security Modernization Act of 2014, Pub. L. 113-283"), and its own mentions
follow (``kb.resolve.equivalence``). Another document that cites the act only
as "Pub. L. 113-283", and a third that names it only by title, cannot see that
tie. ``corpus_identity`` unites every document's evidence at once: union-find
over the ``authority_equivalences`` rows (each row one edge between the id the
document kept and the form it merged), in two passes.

1. **Acts** (rules ``side_by_side`` and ``footnote``): names, public laws, Statutes-at-Large
   pages and Code "et seq." keys of one act become one class.
2. **Sections** (rule ``codified_at``, and the registry's section crosswalk):
   a section of an act is named by its act's kept id first ("section 3554 of the
   Federal Information Security Modernization Act" becomes
   ``us/pl/113/283/s3554``), then joined to the Code section a document, or the
   crosswalk for any form of the act, gives for it.

The record of a class of an act's forms is named by ``best_name``: an act's
title over a public-law citation ("Public Law 108-458") over a Statutes-at-Large
page, whichever form's record first gave it its name (a curated record keeps
its curated name).

Each class keeps one id, ``equivalence.preference``'s choice (curated record,
Code section, public law, act title, Stat. page, act section, "et seq." key;
then the smaller id), the same rule a document's own merges follow. Classes do
not depend on the order of the evidence. A class that would hold two curated
records, two public laws or two Code sections is evidence of two authorities
(two acts of one title, a wrong cite): it is not merged at all, each
document keeps what its own text says, and the class is kept as a
``Conflict`` (the build lists the evidence behind it in ``identity_conflicts``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kb.reference.registry import Registry
from kb.resolve.equivalence import ACT_RULES, ET_SEQ, RANK, code_section, merged_id, preference

PUBLIC_LAW = re.compile(r"us/pl/\d+/\d+")
"""A public law's own id, not one of its sections."""

ACT_RANKS = frozenset(RANK.index(kind) for kind in ("us/pl/", "act", "us/stat/"))
"""``preference`` ranks of an act's own forms (public law, title, Stat. page), whose records ``best_name`` names."""

NAME_SHAPES = (
    ("public law", re.compile(r"Public Law\b")),
    ("stat page", re.compile(r"\d+ Stat\.")),
    ("code", re.compile(r"\d+ U\.S\.C\.")),
)
"""Names that are only a citation, best first after an act's title: 'Public Law 108-458', '118 Stat. 3638', '44 U.S.C. \u00a7 3551'."""

Tie = tuple[str, str, str]
"""One evidence row: (the id the document kept, the id it merged, the rule)."""


@dataclass(frozen=True)
class Conflict:
    """A class of forms the evidence would unite, left unmerged: it holds two records that cannot be one authority."""

    stage: str
    """Which pass refused it: ``acts`` (rule side_by_side) or ``sections`` (rule codified_at and the crosswalk)."""
    members: tuple[str, ...]
    """Every id of the class, sorted."""
    clashing: tuple[str, ...]
    """The ids that cannot be one: two curated records, two public laws or two Code sections, sorted."""
    reason: str
    """What they are: 'two curated records', 'two public laws' or 'two Code sections'."""


@dataclass
class Identity:
    """Where the corpus's equivalences take every id."""

    acts: dict[str, str] = field(default_factory=dict)
    """Act-level id to the id its class keeps (only ids that move)."""
    sections: dict[str, str] = field(default_factory=dict)
    """Section id, its act already followed, to the id its class keeps (only ids that move)."""
    conflicts: list[Conflict] = field(default_factory=list)
    """Classes left unmerged because they hold two records that cannot be one."""

    def canonical(self, authority_id: str) -> str:
        """The id a mention stated as ``authority_id`` cites once the corpus's equivalences apply.

        An act's form goes to its class's id and a section follows its act; a
        Code "et seq." key no evidence ties to an act cites the section it starts from.
        """
        found = merged_id(authority_id, self.acts)
        found = self.sections.get(found, found)
        return found.removesuffix(ET_SEQ)

    def refused(self, stated: str, equivalent: str, rule: str) -> Conflict | None:
        """The conflict that kept one evidence row (its kept id, its merged id, its rule) from being followed, if any."""
        if rule in ACT_RULES:
            stage, node = "acts", stated
        elif rule == "codified_at":
            stage, node = "sections", merged_id(equivalent, self.acts)
        else:
            return None
        return next((c for c in self.conflicts if c.stage == stage and node in c.members), None)

    def members(self) -> dict[str, list[str]]:
        """Each kept id to the ids merged into it, sorted."""
        classes: dict[str, list[str]] = defaultdict(list)
        for merged, kept in sorted({**self.acts, **self.sections}.items()):
            classes[kept].append(merged)
        return dict(classes)


def name_rank(name: str) -> tuple[int, int, str]:
    """How a name ranks for the record of an act's class, the smallest best.

    An act's title first (the longest, so "... Act of 2004" over "... Act"),
    then a public-law citation, a Statutes-at-Large page, a Code cite; the
    name itself breaks ties, so the choice never depends on document order.
    """
    flat = " ".join(name.split())
    shape = next((i + 1 for i, (_, pattern) in enumerate(NAME_SHAPES) if pattern.match(flat)), 0)
    return shape, -len(flat), flat


def best_name(names: Iterable[str]) -> str:
    """The name a record of an act keeps when its forms' records merge into it (``name_rank``), its whitespace made single spaces."""
    return " ".join(min(names, key=name_rank).split())


def corpus_identity(ties: Iterable[Tie], registry: Registry) -> Identity:
    """Unite every document's equivalences into one class per authority.

    Args:
        ties: (stated_authority_id, equivalent_id, rule) of every ``authority_equivalences`` row.
        registry: the curated registry (curated records, their sections, the crosswalk).

    Returns:
        The ``Identity`` mapping each merged id to the id its class keeps.
    """
    ties = list(ties)
    identity = Identity()
    identity.acts = _classes([(kept, other) for kept, other, rule in ties if rule in ACT_RULES], registry,
                             "acts", identity.conflicts)
    sections = [(kept, merged_id(other, identity.acts)) for kept, other, rule in ties if rule == "codified_at"]
    sections += _crosswalked(identity, registry)
    identity.sections = _classes(sections, registry, "sections", identity.conflicts)
    return identity


def _classes(pairs: list[tuple[str, str]], registry: Registry, stage: str, conflicts: list[Conflict]) -> dict[str, str]:
    """Union-find over ``pairs``: each id of a class of two or more to the id the class keeps."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in parent:
        groups[find(node)].append(node)
    kept: dict[str, str] = {}
    for group in sorted(groups.values(), key=min):
        if len(group) < 2:
            continue
        if clash := _two_authorities(group, registry):
            conflicts.append(Conflict(stage, tuple(sorted(group)), *clash))
            continue
        best = min(group, key=lambda i: preference(i, registry))
        kept.update((node, best) for node in group if node != best)
    return kept


def _two_authorities(group: list[str], registry: Registry) -> tuple[tuple[str, ...], str] | None:
    """The records that make a class two authorities, and why: two curated records, two public laws or two Code sections."""
    for reason, test in (("two curated records", lambda node: node in registry.entries),
                         ("two public laws", lambda node: bool(PUBLIC_LAW.fullmatch(node))),
                         ("two Code sections", code_section)):
        found = tuple(sorted(node for node in group if test(node)))
        if len(found) > 1:
            return found, reason
    return None


def _crosswalked(identity: Identity, registry: Registry) -> list[tuple[str, str]]:
    """(Code section, section of the kept act) for each section the registry codifies for any form of a united act.

    "Section 1061 of Pub. L. 108-458" is 42 U.S.C. § 2000ee once a document
    ties the public law to the Intelligence Reform and Terrorism Prevention
    Act, whose sections the crosswalk knows by the act's title.
    """
    classes: dict[str, set[str]] = defaultdict(set)
    for merged, kept in identity.acts.items():
        classes[kept] |= {merged, kept}
    pairs = []
    for kept, members in sorted(classes.items()):
        for member in sorted(members):
            entry = registry.entries.get(member)
            numbers = {*registry.crosswalk.get(member, {}), *(entry.sections if entry else {})}
            pairs += [(code, f"{kept}/s{n}") for n in sorted(numbers) if (code := registry.section(member, n))]
    return pairs
