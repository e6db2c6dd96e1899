"""One colour per node kind and per relation, the same on every page that draws the graph.

A colour handed out by a kind's rank among the kinds of one drawing changed
meaning from page to page; these are fixed. Kinds are those ``nodes.kind``
holds (``kb.graph.derive``); a database built before the ``nodes`` table is
drawn from its tables, whose names map to the same kinds.
"""

from __future__ import annotations

KIND_COLOURS: dict[str, str] = {
    "document": "#1f77b4",
    "authority": "#d62728",
    "generic_law": "#ff9896",
    "section": "#aec7e8",
    "clause": "#17becf",
    "faq": "#9edae5",
    "paragraph": "#c7c7c7",
    "claim": "#2ca02c",
    "red_line": "#ff7f0e",
    "concept": "#9467bd",
    "safeguard": "#8c564b",
    "organization": "#e377c2",
}
OTHER_KIND = "#7f7f7f"
"""Any kind a later build adds before it is given a colour here."""

TABLE_KINDS: dict[str, str] = {
    "documents": "document", "authorities": "authority", "sections": "section", "clauses": "clause", "faq": "faq",
    "paragraphs": "paragraph", "claims": "claim", "red_lines": "red_line", "concepts": "concept",
    "safeguards": "safeguard", "organizations": "organization",
}
"""The kind of a table's rows, for graphs drawn from foreign keys (kinds are then table names)."""

RELATION_COLOURS: dict[str, str] = {
    "cites": "#9a9a9a",
    "part_of": "#6a3d9a",
    "codified_at": "#33a02c",
    "amends": "#e31a1c",
    "implements": "#1f78b4",
    "supersedes": "#ff7f00",
    "same_as": "#b15928",
}
OTHER_RELATION = "#555555"


def kind_colour(kind: str) -> str:
    """The fill of a node of ``kind`` (a ``nodes.kind`` or a table name)."""
    return KIND_COLOURS.get(TABLE_KINDS.get(kind, kind), OTHER_KIND)


def relation_colour(relation: str) -> str:
    """The stroke of a link of ``relation`` on the citation network."""
    return RELATION_COLOURS.get(relation, OTHER_RELATION)
