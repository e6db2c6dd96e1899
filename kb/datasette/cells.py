"""How table and query cells are drawn: ids as links to their pages, evidence to its words in the reader.

Datasette asks the plugin's ``render_cell`` hook about every cell of a table,
row or query page; ``render`` picks the one function below that draws it, or
None to leave the cell to Datasette. A function is chosen

- on a table or row page, by ``(table, column)`` (``TABLE_CELLS``): a
  document's title opens the reader, a mention's sentence shows the mention
  marked; any other long foreign-key label is cut to ``LABEL_LIMIT``;
- on a query page, by the column's name (``QUERY_CELLS``), so that a canned
  query links its ids by naming them: ``authority_id`` opens the authority's
  mentions, ``document_id`` the reader, ``clause_id`` the clause's place in
  the reader, ``mention_id`` the mention in context, ``node_id`` the graph,
  and any other foreign-key column of the schema (``claim_id``,
  ``red_line_id``, ...) the row it names;
- on any page, for an ``evidence`` column beside ``document_id``,
  ``evidence_start`` and ``evidence_end``: the words, highlighted in the reader;
  for a ``diff`` column (``clause_diffs.diff``, and queries that show it): the
  removed words struck through and the added ones underlined, as on the
  compare page, instead of git's ``[-...-]{+...+}`` mark-up.

On a table page Datasette has already replaced a foreign key by
``{"value": id, "label": label}`` (its own link to the row); ``plain`` undoes
that where a function needs the id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from kb.datasette import links
from kb.pipeline.versions import diff_pieces
from kb.store.schema import TABLES

if TYPE_CHECKING:
    from datasette.app import Datasette

LABEL_LIMIT = 120
"""Characters of a foreign key's label (a sentence, a note) a table's grid shows; its row page has the rest."""


@dataclass(frozen=True)
class Cell:
    """One cell as Datasette hands it to ``render_cell``."""

    row: Any
    value: Any
    column: str
    table: str | None
    database: str
    datasette: Datasette

    def get(self, column: str) -> Any:
        """Another column of the cell's row, its id where Datasette expanded it into a label; None if absent."""
        keys = self.row.keys() if hasattr(self.row, "keys") else ()
        return plain(self.row[column]) if column in keys else None

    def page(self, name: str, **params: object) -> str:
        return links.page(self.datasette, self.database, name, **params)


Renderer = Callable[[Cell], Awaitable[Markup | None]]


def plain(value: Any) -> Any:
    """A value as stored: the id of a foreign key Datasette expanded into ``{"value", "label"}``."""
    return value["value"] if isinstance(value, dict) and "value" in value else value


def anchor(href: str, text: object) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


EVIDENCE_COLUMNS = ("document_id", "evidence_start", "evidence_end")
"""A row holding these beside ``evidence`` links the evidence to the reader, highlighted."""


async def evidence(cell: Cell) -> Markup | None:
    """A red-line support's tying text as a link to its words, highlighted, in the reader."""
    document, start, end = (cell.get(c) for c in EVIDENCE_COLUMNS)
    if not isinstance(cell.value, str) or not all(isinstance(v, (str, int)) for v in (document, start, end)):
        return None
    return anchor(cell.page("reader", document=document, start=start, end=end) + "#evidence", cell.value)


DIFF_TAGS = {"-": Markup("<del>{}</del>"), "+": Markup("<ins>{}</ins>"), "=": Markup("{}")}
"""How each piece of a word diff is drawn: the compare page's mark-up."""


async def diff(cell: Cell) -> Markup | None:
    """A word diff (``clause_diffs.diff``) with removed words in ``<del>`` and added words in ``<ins>``, escaped."""
    if not isinstance(cell.value, str):
        return None
    return Markup('<span class="kb-diff">{}</span>').format(Markup("").join(DIFF_TAGS[kind].format(text) for kind, text in diff_pieces(cell.value)))


async def authority(cell: Cell) -> Markup | None:
    """An authority id as a link to every place it is cited."""
    return anchor(cell.page("mentions", authority=cell.value), cell.value)


async def document(cell: Cell) -> Markup | None:
    """A document id as a link to the reader."""
    return anchor(cell.page("reader", document=cell.value), cell.value)


async def document_title(cell: Cell) -> Markup | None:
    """A document's title (in the documents table) as a link to the reader."""
    document_id = cell.get("id")
    return anchor(cell.page("reader", document=document_id), cell.value) if document_id is not None else None


async def clause(cell: Cell) -> Markup | None:
    """A clause id as a link to the clause's words, highlighted, in the reader."""
    db = cell.datasette.get_database(cell.database)
    found = (await db.execute("select document_id, start, end from clauses where id = :id", {"id": cell.value})).rows
    if not found:
        return None
    document_id, start, end = found[0]
    return anchor(cell.page("reader", document=document_id, start=start, end=end) + "#evidence", cell.value)


async def mention(cell: Cell) -> Markup | None:
    """A mention id as a link to the mention in its sentence and paragraph."""
    return anchor(cell.page("mentions", id=cell.value), cell.value)


async def node(cell: Cell) -> Markup | None:
    """A graph node id as a link to its neighbourhood."""
    return anchor(cell.page("graph", node=cell.value), cell.value)


def row_link(table: str) -> Renderer:
    """An id of a row of ``table`` as a link to its row page."""

    async def draw(cell: Cell) -> Markup | None:
        return anchor(links.row(cell.datasette, cell.database, table, cell.value), cell.value)

    return draw


async def sentence_with_mention(cell: Cell) -> Markup | None:
    """A mention's sentence (mentions.sentence_id) with the mention marked, linked to the mention in context."""
    sentence_id, start, end, mention_id = (cell.get(c) for c in ("sentence_id", "start", "end", "id"))
    if sentence_id is None or not isinstance(start, int) or not isinstance(end, int):
        return None
    db = cell.datasette.get_database(cell.database)
    found = (await db.execute("select start, text from sentences where id = :id", {"id": sentence_id})).rows
    if not found:
        return None
    offset, text = found[0]
    lo, hi = max(0, start - offset), max(0, min(len(text), end - offset))
    marked = Markup("{}<mark>{}</mark>{}").format(text[:lo], text[lo:hi], text[hi:])
    return anchor(cell.page("mentions", id=mention_id), marked) if mention_id else marked


FOREIGN_KEYS: dict[tuple[str, str], str] = {
    (spec.name, column): other for spec in TABLES for column, other, _ in spec.foreign_keys
}
"""(table, column) to the table the column's ids name."""


async def short_label(cell: Cell) -> Markup | None:
    """A foreign key whose label is long (a sentence, a note) as its link with the label cut to ``LABEL_LIMIT``."""
    other = FOREIGN_KEYS.get((cell.table or "", cell.column))
    if other is None or not isinstance(cell.value, dict) or len(str(cell.value.get("label", ""))) <= LABEL_LIMIT:
        return None
    label = str(cell.value["label"])[:LABEL_LIMIT].rstrip() + "…"
    return Markup('<a href="{}" title="{}">{}</a>').format(links.row(cell.datasette, cell.database, other, cell.value["value"]), cell.value["label"], label)


async def id_only(cell: Cell) -> Markup | None:
    """A foreign key as its bare id, linked to its row: for a label another column already shows (a mention's claim is its sentence)."""
    other = FOREIGN_KEYS.get((cell.table or "", cell.column))
    return anchor(links.row(cell.datasette, cell.database, other, plain(cell.value)), plain(cell.value)) if other else None


def _foreign_key_columns() -> dict[str, str]:
    """Foreign-key columns of the schema that name one table wherever they occur (``claim_id`` → claims)."""
    pairs = {(column, other) for (_, column), other in FOREIGN_KEYS.items() if column.endswith("_id")}
    names = Counter(column for column, _ in pairs)
    return {column: table for column, table in pairs if names[column] == 1}


QUERY_CELLS: dict[str, Renderer] = {
    **{column: row_link(table) for column, table in _foreign_key_columns().items()},
    "authority_id": authority,
    "document_id": document,
    "supersedes_id": document,
    "clause_id": clause,
    "new_clause_id": clause,
    "old_clause_id": clause,
    "mention_id": mention,
    "node_id": node,
}
"""Query result columns by name: what each id links to."""

TABLE_CELLS: dict[tuple[str, str], Renderer] = {
    ("documents", "title"): document_title,
    ("mentions", "sentence_id"): sentence_with_mention,
    ("mentions", "claim_id"): id_only,
}
"""Table and row page cells by (table, column)."""


def renderer(cell: Cell) -> Renderer | None:
    """The function that draws ``cell``, or None to leave it to Datasette."""
    if cell.value is None or cell.value == "":
        return None
    if cell.column == "evidence":
        return evidence
    if cell.column == "diff":
        return diff
    if cell.table is None:
        return QUERY_CELLS.get(cell.column) if isinstance(cell.value, (str, int)) else None
    return TABLE_CELLS.get((cell.table, cell.column), short_label)


def render(cell: Cell) -> Awaitable[Markup | None] | None:
    """How to draw ``cell`` (awaited by Datasette), or None to leave it to Datasette."""
    draw = renderer(cell)
    return draw(cell) if draw else None
