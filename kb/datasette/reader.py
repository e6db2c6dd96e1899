"""The document reader: a document's text with its mentions, red lines, conditions and hedges marked.

A document another one supersedes says so above its text, with links to the
newer version and to the compare page of the two; a newer version links to
what it supersedes the same way.

Spans come from whichever tables the database holds; each layer asks for its
table first, so a database without ``red_lines`` simply shows no red lines.
The text is cut at every span boundary into segments, each carrying the spans
that cover it, so overlapping spans (a mention inside a hedged claim) need no
nesting rules and every piece of corpus text reaches the template unescaped
only as data, never as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from datasette.utils.asgi import NotFound

from kb.datasette import links
from kb.datasette.compare import versions
from kb.datasette.tables import has_columns, label_column

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

KINDS = {
    "mention": "authority mention",
    "generic": "reference to unnamed law",
    "red-line": "red line",
    "condition": "condition or exception",
    "conditional": "conditional claim",
    "hedge": "hedge",
    "evidence": "the evidence you followed",
}
"""CSS class suffix and legend label of each kind of highlighted span."""


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of the document and where it links."""

    start: int
    end: int
    kind: str
    note: str
    href: str
    anchor: str | None = None


@dataclass(frozen=True)
class Segment:
    """A run of text covered by the same spans, outermost first."""

    start: int
    text: str
    spans: tuple[Span, ...]
    anchors: tuple[str, ...] = ()
    page: int | None = None
    """The page of a paged source that starts with this segment, shown as a "p. N" marker."""

    @property
    def classes(self) -> str:
        return " ".join(f"kb-{kind}" for kind in dict.fromkeys(s.kind for s in self.spans))

    @property
    def href(self) -> str:
        """The innermost span's link: the most specific thing under the reader's cursor."""
        return self.spans[-1].href

    @property
    def title(self) -> str:
        return "; ".join(f"{KINDS[s.kind]}: {s.note}" for s in reversed(self.spans))


def segments(text: str, spans: list[Span], pages: dict[int, int] | None = None) -> list[Segment]:
    """Cut ``text`` at every span boundary and page start; each piece lists the spans covering it.

    Args:
        pages: where each page of a paged source starts, offset to page number.
    """
    pages = pages or {}
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid), *(p for p in pages if p < len(text))})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = sorted((s for s in valid if s.start <= a and b <= s.end), key=lambda s: (s.start - s.end, s.start))
        anchors = tuple(s.anchor for s in covering if s.start == a and s.anchor)
        pieces.append(Segment(a, text[a:b], tuple(covering), anchors, pages.get(a)))
    return pieces


async def page_starts(db: Database, document: str) -> dict[int, int]:
    """Where each page of a paged document starts, offset to page number (empty for other documents)."""
    if not await has_columns(db, "pages", "document_id", "number", "start"):
        return {}
    rows = (await db.execute("select start, number from pages where document_id = :document order by number", {"document": document})).rows
    return {start: number for start, number in rows}


Layer = Callable[["Datasette", "Database", str, str], Awaitable[list[Span]]]


async def mention_spans(datasette: Datasette, db: Database, document: str, text: str) -> list[Span]:
    """Authority mentions and generic references to law, each linking to its context."""
    if not await has_columns(db, "mentions", "id", "document_id", "start", "end", "authority_id", "surface"):
        return []
    named = await has_columns(db, "authorities", "id", "name")
    designation = "m.designation" if await has_columns(db, "mentions", "designation") else "null"
    sql = (
        f"select m.id, m.start, m.end, m.authority_id, m.surface, {designation}, "
        + ("a.name from mentions m left join authorities a on a.id = m.authority_id" if named else "null from mentions m")
        + " where m.document_id = :document order by m.start, m.id"
    )
    rows = (await db.execute(sql, {"document": document})).rows
    return [
        Span(start, end, "mention" if authority else "generic",
             (name or authority or surface) + (f", in {where}" if where else ""),
             links.page(datasette, db.name, "mentions", id=mention_id), f"mention-{mention_id}")
        for mention_id, start, end, authority, surface, where, name in rows
    ]


async def offset_spans(
    datasette: Datasette, db: Database, document: str, table: str, kind: str, where: str = "1"
) -> list[Span]:
    """Rows of ``table`` with evidence offsets in ``document``, linking to their row pages."""
    if not await has_columns(db, table, "id", "document_id", "start", "end"):
        return []
    label = await label_column(db, table)
    note = f"[{label}]" if label else "id"
    sql = f"select id, start, [end], {note} from [{table}] where document_id = :document and {where} order by start, id"
    rows = (await db.execute(sql, {"document": document})).rows
    return [Span(start, end, kind, str(text), links.row(datasette, db.name, table, row_id)) for row_id, start, end, text in rows]


async def red_line_spans(datasette: Datasette, db: Database, document: str, text: str) -> list[Span]:
    return await offset_spans(datasette, db, document, "red_lines", "red-line")


async def condition_spans(datasette: Datasette, db: Database, document: str, text: str) -> list[Span]:
    return await offset_spans(datasette, db, document, "conditions", "condition")


async def conditional_claim_spans(datasette: Datasette, db: Database, document: str, text: str) -> list[Span]:
    if not await has_columns(db, "claims", "conditional"):
        return []
    return await offset_spans(datasette, db, document, "claims", "conditional", "conditional = 1")


async def hedge_spans(datasette: Datasette, db: Database, document: str, text: str) -> list[Span]:
    """The hedge cue inside each hedged claim (the whole claim when the cue is not found verbatim)."""
    if not await has_columns(db, "claims", "id", "document_id", "start", "end", "hedged", "hedge_cue"):
        return []
    sql = "select id, start, [end], hedge_cue from claims where document_id = :document and hedged = 1 order by start, id"
    spans = []
    for claim_id, start, end, cue in (await db.execute(sql, {"document": document})).rows:
        at = text.find(cue, start, end) if cue else -1
        at_start, at_end = (at, at + len(cue)) if at >= 0 else (start, end)
        spans.append(Span(at_start, at_end, "hedge", cue or "hedged claim", links.row(datasette, db.name, "claims", claim_id)))
    return spans


LAYERS: tuple[Layer, ...] = (conditional_claim_spans, condition_spans, red_line_spans, hedge_spans, mention_spans)


async def authority_of(datasette: Datasette, db: Database, document: str) -> dict[str, str] | None:
    """The authority the document is the text of (documents.authority_id), with a link to where else it is cited."""
    if not await has_columns(db, "documents", "authority_id"):
        return None
    rows = (await db.execute("""select a.id, a.name from documents d join authorities a on a.id = d.authority_id
                                where d.id = :id""", {"id": document})).rows
    if not rows:
        return None
    authority, name = rows[0]
    return {"id": authority, "name": name, "mentions_href": links.page(datasette, db.name, "mentions", authority=authority)}


async def reader_context(datasette: Datasette, db: Database, document: str,
                         focus: tuple[int, int] | None = None) -> dict[str, object]:
    """Template context of the reader page for one document.

    Args:
        datasette: the running Datasette.
        db: the served database.
        document: the document's id.
        focus: a span to mark as the evidence the reader followed (a red-line
            support's tying sentence), with an ``#evidence`` anchor at its start.
    """
    if not await has_columns(db, "documents", "id", "title", "text"):
        raise NotFound("This database has no documents table")
    rows = (await db.execute("select id, title, text from documents where id = :id", {"id": document})).rows
    if not rows:
        raise NotFound(f"No document with id {document!r}")
    _, title, text = rows[0]
    spans = [span for layer in LAYERS for span in await layer(datasette, db, document, text)]
    if focus and 0 <= focus[0] < focus[1] <= len(text):
        spans.append(Span(focus[0], focus[1], "evidence", "the evidence you followed", "#evidence", "evidence"))
    counts = Counter(span.kind for span in spans)
    newer, older = await versions(datasette, db, document)
    return {
        "text_of": await authority_of(datasette, db, document),
        "database": db.name,
        "document": document,
        "title": title or document,
        "segments": segments(text, spans, await page_starts(db, document)),
        "legend": [(kind, label, counts[kind]) for kind, label in KINDS.items()],
        "row_url": links.row(datasette, db.name, "documents", document),
        "newer_versions": newer,
        "older_versions": older,
    }
