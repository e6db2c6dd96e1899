"""Mentions in context: each place an authority is cited, in its sentence and its paragraph.

An analyst checking a citation wants the words around it, not an offset; the
span is cut out of ``documents.text`` by its offsets and shown highlighted
inside the sentence and the paragraph that contain it.

``?authority=`` takes an id or any name the ``authority_lookup`` view knows
(name, short name, citation, alias; case, spaces and a citation's dots
ignored), so ``?authority=FISA`` and ``?authority=E.O.%2012333`` work as the
canned queries do (``kb.datasette.lookup``). An exact id wins; a name shared
by several authorities shows the first of them by id; an unknown one is a 404
that suggests the closest authorities, each linked to its mentions page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from datasette.utils.asgi import NotFound

from kb.datasette import links
from kb.datasette.lookup import require_authority
from kb.datasette.tables import has_columns

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

LIMIT = 500
"""Places listed on one page."""


@dataclass(frozen=True)
class Excerpt:
    """A unit's text split around the mention."""

    before: str
    span: str
    after: str
    href: str


@dataclass(frozen=True)
class Place:
    """One mention with its document, sentence and paragraph."""

    id: str
    surface: str
    method: str
    document: str
    document_title: str
    reader_href: str
    row_href: str
    sentence: Excerpt | None
    paragraph: Excerpt | None
    page: int | None = None
    """The page of a paged source (PDF) the mention is on, to cite it as "p. 4"."""
    designation: str | None = None
    """The clause the mention sits in as a reader cites it ("Sec. 3(c)(iii)")."""
    pinpoint: str | None = None
    """The part of the authority the mention cites ("§ 2.3" of Executive Order 12333, "(b)(4)", a page "at 743")."""


async def excerpt(
    datasette: Datasette, db: Database, table: str, document: str, text: str, start: int, end: int
) -> Excerpt | None:
    """The smallest row of ``table`` containing ``[start, end)``, split around it."""
    if not await has_columns(db, table, "id", "document_id", "start", "end"):
        return None
    sql = (
        f"select id, start, [end] from [{table}] where document_id = :document and start <= :start and [end] >= :end "
        "order by [end] - start, id limit 1"
    )
    rows = (await db.execute(sql, {"document": document, "start": start, "end": end})).rows
    if not rows:
        return None
    row_id, unit_start, unit_end = rows[0]
    href = links.row(datasette, db.name, table, row_id)
    return Excerpt(text[unit_start:start], text[start:end], text[end:unit_end], href)


async def places(datasette: Datasette, db: Database, where: str, params: dict[str, str]) -> list[Place]:
    """Mentions matching ``where`` (a condition on ``m``), in document order, with their context."""
    page = "m.page" if await has_columns(db, "mentions", "page") else "null"
    designation = "m.designation" if await has_columns(db, "mentions", "designation") else "null"
    pinpoint = "m.pinpoint" if await has_columns(db, "mentions", "pinpoint") else "null"
    sql = (
        f"select m.id, m.document_id, m.start, m.[end], m.surface, m.method, d.title, {page}, {designation}, {pinpoint} "
        "from mentions m "
        f"join documents d on d.id = m.document_id where {where} order by m.document_id, m.start limit {LIMIT}"
    )
    rows = (await db.execute(sql, params)).rows
    texts: dict[str, str] = {}
    found = []
    for mention_id, document, start, end, surface, method, title, page_number, where_cited, pinned in rows:
        if document not in texts:
            texts[document] = (await db.execute("select text from documents where id = :id", {"id": document})).rows[0][0]
        text = texts[document]
        found.append(Place(
            mention_id, surface, method, document, title or document,
            links.page(datasette, db.name, "reader", document=document) + f"#mention-{mention_id}",
            links.row(datasette, db.name, "mentions", mention_id),
            await excerpt(datasette, db, "sentences", document, text, start, end),
            await excerpt(datasette, db, "paragraphs", document, text, start, end),
            page_number, where_cited, pinned,
        ))
    return found


async def mentions_context(datasette: Datasette, db: Database, authority: str | None, mention: str | None) -> dict[str, object]:
    """Template context: every place ``authority`` is cited, or the one ``mention``."""
    if not await has_columns(db, "mentions", "id", "document_id", "start", "end", "authority_id", "surface", "method"):
        raise NotFound("This database has no mentions table")
    context: dict[str, object] = {"database": db.name, "authority": None}
    if authority:
        context["asked"] = authority
        authority = await require_authority(
            datasette, db, authority, lambda found: links.page(datasette, db.name, "mentions", authority=found)
        )
        rows = (await db.execute("select id, name, kind, citation from authorities where id = :id", {"id": authority})).rows
        context["authority"] = dict(zip(("id", "name", "kind", "citation"), rows[0], strict=True))
        context["authority_href"] = links.row(datasette, db.name, "authorities", authority)
        context["places"] = await places(datasette, db, "m.authority_id = :id", {"id": authority})
        context["texts"] = await texts_of(datasette, db, authority)
    elif mention:
        context["places"] = await places(datasette, db, "m.id = :id", {"id": mention})
        if not context["places"]:
            raise NotFound(f"No mention {mention!r}")
    else:
        raise NotFound("Name an authority (?authority=) or a mention (?id=)")
    return context


async def texts_of(datasette: Datasette, db: Database, authority: str) -> list[dict[str, str]]:
    """The corpus documents that are the text of ``authority`` (documents.authority_id), each with its reader link."""
    if not await has_columns(db, "documents", "authority_id"):
        return []
    rows = (await db.execute("select id, title from documents where authority_id = :id order by path", {"id": authority})).rows
    return [{"title": title or document, "reader_href": links.page(datasette, db.name, "reader", document=document)}
            for document, title in rows]


async def citation_count(db: Database, authority: str) -> int:
    """How many places cite ``authority``: the "cited in N places" of its row page."""
    if not await has_columns(db, "mentions", "authority_id"):
        return 0
    return (await db.execute("select count(*) from mentions where authority_id = :id", {"id": authority})).rows[0][0]

