"""The project's Datasette plugin: search, graph, reader and mentions-in-context pages, and row links.

Each hook returns None for what is not its own. The plugin reads ``kb.db``
through Datasette alone and never imports the NLP pipeline, so the server
starts in a second and shows exactly what the build wrote.

Pages (``/<database>/-/<page>``):

- ``search?q=``: one search box that finds law by any alias ("EO 12333", "Section 702") in every sentence, with clauses, FAQ entries, claims and authorities;
- ``graph?node=&depth=&relation=``: the neighbourhood of a node as server-drawn SVG;
- ``reader?document=[&start=&end=]``: a document with mentions, red lines, conditions and hedges marked
  (and, given ``start`` and ``end``, the evidence a red-line support links to);
- ``mentions?authority=`` or ``mentions?id=``: mentions in their sentence and paragraph;
- ``compare?old=&new=``: two versions of a document, each changed clause's words marked removed or added;
- ``network?document=&kind=&relation=``: documents, the authorities they cite and how those relate, as SVG.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
import sys
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datasette import hookimpl
from datasette.utils import tilde_decode, urlsafe_components
from datasette.utils.asgi import BadRequest, Base400, NotFound, Request, Response
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup

from kb.datasette import cells, graph_svg, links
from kb.datasette.bad_requests import visitor_error
from kb.datasette.bounded import bound
from kb.datasette.compare import compare_context, version_row_links
from kb.datasette.csv_guard import ASGIApp, guard_csv
from kb.datasette.graph_cache import cache_for
from kb.datasette.mentions import citation_count, mentions_context
from kb.datasette.neighbourhood import neighbourhood
from kb.datasette.network import network_context
from kb.datasette.reader import reader_context
from kb.datasette.search import search_context
from kb.datasette.table_search import check_table_search, searches
from kb.datasette.tables import has_columns

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

TEMPLATES = Path(__file__).resolve().parent / "templates"
READ_METHODS = ("GET", "HEAD")
"""The only methods the plugin's pages answer: they read an immutable database."""



@hookimpl
def startup(datasette: Datasette) -> None:
    """Keep rich out of Datasette's default exception handler.

    The handler prints every error with rich when rich is importable (the
    build's progress bar brings it in); rich raises ValueError when called
    outside an ``except`` block, which Datasette does for a 404/405 it makes
    itself (POST /db/table/-/insert), so those answered a bare 500. The plugin
    logs server errors itself instead (``handle_exception`` below). Done at
    startup, not on import: importing Datasette's handler module while
    Datasette loads this plugin registered the plugin half-defined, without
    its routes.
    """
    from datasette import handle_exception as default_handler

    default_handler.rich = None


@hookimpl
def handle_exception(datasette: Datasette, request: Request, exception: Exception) -> Callable[[], Awaitable[Response]] | None:
    """A request Datasette could not read answers 400 (``kb.datasette.bad_requests``); a server error's traceback goes to stderr.

    Datasette's default handler writes the page either way.
    """
    if isinstance(exception, Base400) or getattr(exception, "status", 500) < 500:
        return None
    if (message := visitor_error(exception)) is not None:
        from datasette import handle_exception as default_handler

        return default_handler.handle_exception(datasette, request, BadRequest(message))
    traceback.print_exception(type(exception), exception, exception.__traceback__, file=sys.stderr)
    return None


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Bound what one SQL call may make, out of the time limit's reach (see ``kb.datasette.bounded``)."""
    bound(conn)


@hookimpl
def asgi_wrapper(datasette: Datasette) -> Callable[[ASGIApp], ASGIApp]:
    """Neutralise spreadsheet formulas in CSV exports (see ``kb.datasette.csv_guard``)."""
    return guard_csv


@hookimpl
def filters_from_request(request: Request, database: str, table: str, datasette: Datasette) -> Callable[[], Awaitable[None]] | None:
    """Hold Datasette's own table search to the search page's limits (see ``kb.datasette.table_search``)."""
    return functools.partial(check_table_search, datasette, request, database, table) if searches(request) else None


@hookimpl
def prepare_jinja2_environment(env: Environment, datasette: Datasette) -> None:
    """Put the plugin's templates first.

    Datasette's own templates stay behind them, so the plugin's pages can
    extend and override Datasette's.
    """
    loaders: list[BaseLoader] = [FileSystemLoader(str(TEMPLATES))]
    env.loader = ChoiceLoader([*loaders, *([env.loader] if env.loader else [])])


def served_database(datasette: Datasette, request: Request) -> Database:
    """The database named in the URL, or NotFound."""
    try:
        return datasette.get_database(route=tilde_decode(request.url_vars["database"]))
    except KeyError:
        raise NotFound("Database not found") from None


async def page(datasette: Datasette, request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    return Response.html(await datasette.render_template(template, context, request=request), status=status)


async def search_page(datasette: Datasette, request: Request) -> Response:
    db = served_database(datasette, request)
    context = await search_context(datasette, db, request.args.get("q", ""))
    return await page(datasette, request, "kb_search.html", context, status=400 if context["error"] else 200)


async def graph_page(datasette: Datasette, request: Request) -> Response:
    db = served_database(datasette, request)
    node = request.args.get("node") or ""
    depth = 2 if request.args.get("depth") == "2" else 1
    relation = request.args.get("relation") or None

    async def draw() -> dict[str, Any]:
        found = await neighbourhood(datasette, db, node, depth, relation)
        svg = await asyncio.to_thread(graph_svg.render, found.graph, found.center)  # the layout is CPU work
        return {
            "database": db.name, "node": found.center, "depth": depth, "relation": relation, "relations": found.relations,
            "center": found.graph.nodes[found.center], "svg": svg, "truncated": found.truncated,
            "nodes": sorted(found.graph.nodes(data=True), key=lambda n: (n[1]["kind"], n[1]["label"])),
        }

    context = await cache_for(datasette).get((db.name, node, depth, relation), draw)
    return await page(datasette, request, "kb_graph.html", dict(context))


def _focus(request: Request) -> tuple[int, int] | None:
    """The ``start`` and ``end`` of an evidence span to mark, when both are whole numbers."""
    start, end = request.args.get("start", ""), request.args.get("end", "")
    return (int(start), int(end)) if start.isdecimal() and end.isdecimal() and len(start + end) < 20 else None


async def reader_page(datasette: Datasette, request: Request) -> Response:
    db = served_database(datasette, request)
    context = await reader_context(datasette, db, request.args.get("document") or "", _focus(request))
    context["graph_url"] = links.page(datasette, db.name, "graph", node=links.node_id("documents", context["document"]))
    return await page(datasette, request, "kb_reader.html", context)


async def mentions_page(datasette: Datasette, request: Request) -> Response:
    db = served_database(datasette, request)
    context = await mentions_context(datasette, db, request.args.get("authority"), request.args.get("id"))
    return await page(datasette, request, "kb_mentions.html", context)


async def compare_page(datasette: Datasette, request: Request) -> Response:
    db = served_database(datasette, request)
    context = await compare_context(datasette, db, request.args.get("old") or "", request.args.get("new") or "")
    return await page(datasette, request, "kb_compare.html", context)


async def network_page(datasette: Datasette, request: Request) -> Response:
    db = served_database(datasette, request)
    args = request.args
    context = await network_context(datasette, db, args.getlist("document"), args.getlist("kind"), args.getlist("relation"))
    return await page(datasette, request, "kb_network.html", context)


VIEWS: dict[str, Callable[[Datasette, Request], Awaitable[Response]]] = {
    "search": search_page, "graph": graph_page, "reader": reader_page, "mentions": mentions_page,
    "compare": compare_page, "network": network_page,
}


def read_only(view: Callable[[Datasette, Request], Awaitable[Response]]) -> Callable[[Datasette, Request], Awaitable[Response]]:
    """The view for GET and HEAD; 405 with ``Allow`` for any other method."""

    @functools.wraps(view)
    async def guarded(datasette: Datasette, request: Request) -> Response:
        if request.method not in READ_METHODS:
            return Response.text("Method not allowed: this page only reads.", status=405, headers={"Allow": ", ".join(READ_METHODS)})
        return await view(datasette, request)

    return guarded


@hookimpl
def register_routes(datasette: Datasette) -> list[tuple[str, Callable[..., Awaitable[Response]]]]:
    return [(rf"^/(?P<database>[^/.]+)/-/{name}$", read_only(view)) for name, view in VIEWS.items()]


@hookimpl
def menu_links(datasette: Datasette, actor: dict | None, request: Request) -> list[dict[str, str]]:
    """A search link in the menu of every page, one per served database."""
    return [
        {"href": links.page(datasette, name, "search"), "label": f"Search {name}"}
        for name in datasette.databases if not name.startswith("_")
    ]


async def row_links(datasette: Datasette, database: str, table: str, row_id: str) -> list[tuple[str, str]]:
    """(label, URL) pairs a row page offers: its graph, and reader or citations where they apply."""
    db = datasette.get_database(database)
    found = [("Graph around this row", links.page(datasette, database, "graph", node=links.node_id(table, row_id)))]
    if table == "documents":
        found.append(("Read the document with its highlights", links.page(datasette, database, "reader", document=row_id)))
        found += await version_row_links(datasette, db, row_id)
    if table == "authorities":
        count = await citation_count(db, row_id)
        found.append((f"Cited in {count} place{'' if count == 1 else 's'}", links.page(datasette, database, "mentions", authority=row_id)))
    if table == "mentions":
        found.append(("This mention in context", links.page(datasette, database, "mentions", id=row_id)))
    elif await has_columns(db, table, "document_id", "start"):
        rows = (await db.execute(f"select document_id from [{table}] where id = :id", {"id": row_id})).rows
        if rows and rows[0][0]:
            found.append(("Read in its document", links.page(datasette, database, "reader", document=rows[0][0])))
    return found


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Datasette
) -> Awaitable[Markup | None] | None:
    """Ids as links to their pages, evidence as a link to its words in the reader (``kb.datasette.cells``)."""
    return cells.render(cells.Cell(row, value, column, table, database, datasette))


@hookimpl
def extra_template_vars(
    template: str, database: str | None, table: str | None, view_name: str, request: Request | None, datasette: Datasette
) -> Callable[[], Awaitable[dict[str, Any]]] | None:
    """Links for a row page (``kb_row_links``), read by the plugin's ``row.html``."""
    if view_name != "row" or not database or not table or request is None or "pks" not in request.url_vars:
        return None
    row_id = urlsafe_components(request.url_vars["pks"])[0]

    async def inner() -> dict[str, Any]:
        if not await has_columns(datasette.get_database(database), table, "id"):
            return {}
        return {"kb_row_links": await row_links(datasette, database, table, row_id)}

    return inner
