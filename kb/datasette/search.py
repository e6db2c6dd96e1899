"""One search box over the corpus: the passages a query finds, grouped by document, and the authorities it names.

Analysts ask "where is X?" across the whole corpus, and X is as often a law as
a word. A query is answered three ways, merged by document:

- as an authority: when the whole query is an id, name, short name, citation
  or alias of one (``kb.datasette.lookup``: "E.O. 12333", "Section 702",
  "50 U.S.C. 1881a"), every sentence citing it, with the citation marked,
  however the text writes it;
- as words: the sentences, headings among them, holding every word and
  quoted phrase (``sentences_fts``); a word ending in ``*`` matches every word
  it begins (``surveil*``);
- as a clause designation: the clauses whose designation holds the query as
  a phrase ("Sec. 3(c)" finds Sec. 3(c) and the clauses under it).

Each passage links into the reader at its place, marked as the evidence
followed. Authorities whose names hold the words are listed apart, and each
table's own search is a link away. Every piece of text reaches the template
as data, the matches as separate pieces, so the template escapes all of it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from kb.datasette import links
from kb.datasette.lookup import authorities_named
from kb.datasette.tables import has_columns

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

OPEN, CLOSE = "\x02", "\x03"
"""Markers FTS5 ``highlight()`` puts around matches; split out in Python so the template escapes every piece."""
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
"""FTS5 ranking and snippets of a long query run inside SQLite where the SQL time limit cannot stop
them (60 KB took 9 s), so longer queries are refused before any SQL runs."""
MIN_PREFIX = 3
"""Letters a prefix needs before its ``*``: a shorter one expands to most of the index's words."""
TERM = re.compile(r'"([^"]*)"?(\*?)|([^\s"]+)')
"""A quoted phrase (an unclosed quote runs to the end), with a ``*`` right after it, or a bare word."""
WORD = re.compile(r"\w+")
"""A word as FTS5's tokenizer sees one, near enough: a prefix's last word must be ``MIN_PREFIX`` long."""
LIMIT = 200
"""Passages each way of answering (citations, words, designations) contributes at most."""
PER_DOCUMENT = 20
"""Passages shown per document; the rest are counted, and the document's reader is a link away."""
AUTHORITIES = 20
"""Authorities listed whose names hold the words."""
CONTEXT = 120
"""Characters of text kept before the first match and after the last one."""
TABLES = (("clauses", "Clauses"), ("faq", "FAQ entries"), ("claims", "Claims"), ("sentences", "Sentences"), ("authorities", "Authorities"))
"""Tables whose own full-text search the page links to, with their titles."""


NOTHING = "Nothing to search for: type a word or a phrase (quotes alone are not a search)."
"""What an analyst is told when a search holds no word."""
UNREADABLE = "The search could not be understood; try plain words or a quoted phrase."
"""What an analyst is told when FTS5 cannot parse a search."""


class BadQuery(ValueError):
    """A search the page refuses, with a message for the analyst."""


def term_count(query: str) -> int:
    """The words and quoted phrases in ``query``, empty quotes not counted: ``'a "b c" ""'`` has 2."""
    return sum(1 for phrase, _, word in TERM.findall(query) if (phrase or word.rstrip("*")).strip())


def check_size(query: str) -> None:
    """Refuse a query over ``MAX_QUERY_CHARS`` characters or ``MAX_TERMS`` words and phrases.

    Shared with Datasette's own table search (``kb.datasette.table_search``),
    whose FTS5 queries cost what this page's do.

    Raises:
        BadQuery: the query is too long or has too many terms.
    """
    if len(query) > MAX_QUERY_CHARS:
        raise BadQuery(f"The search is too long: at most {MAX_QUERY_CHARS} characters, this one has {len(query)}.")
    count = term_count(query)
    if count > MAX_TERMS:
        raise BadQuery(f"The search has too many words or phrases: at most {MAX_TERMS}, this one has {count}.")


@dataclass(frozen=True)
class Term:
    """A word or quoted phrase of a query."""

    text: str
    prefix: bool = False
    """The term ended in ``*``: its last word matches every word it begins."""

    @property
    def fts(self) -> str:
        """The term as one FTS5 string, its own quotes doubled, with FTS5's prefix mark when it has one."""
        return '"' + self.text.replace('"', '""') + '"' + (" *" if self.prefix else "")


def terms(query: str) -> list[Term]:
    """The words and phrases of what an analyst typed.

    Raises:
        BadQuery: nothing to search for, too much, or a prefix too short.
    """
    check_size(query)
    found: list[Term] = []
    for phrase, star, word in TERM.findall(query.replace("\x00", " ")):  # FTS5 reads a NUL as the end of its query
        text = " ".join((phrase or word.rstrip("*")).split())
        prefix = bool(star) or word.endswith("*")
        if not text:
            continue
        words = WORD.findall(text)
        if prefix and (not words or len(words[-1]) < MIN_PREFIX):
            raise BadQuery(f"A prefix search needs at least {MIN_PREFIX} letters before the *: {text}* has fewer.")
        found.append(Term(text, prefix))
    if not found:
        raise BadQuery(NOTHING)
    return found


def fts_query(query: str) -> str:
    """The FTS5 query for what an analyst typed: each word or quoted phrase as one FTS5 string, ANDed.

    ``surveil*`` is the prefix query ``"surveil" *``; ``"foreign intelligence"``
    the phrase. Raises BadQuery as ``terms`` does.
    """
    return " ".join(term.fts for term in terms(query))


def designation_query(found: list[Term]) -> str:
    """An FTS5 query for the whole search as one phrase in a clause's ``designation``: "Sec. 3(c)" as ``sec 3 c``."""
    phrase = Term(" ".join(term.text for term in found), found[-1].prefix)
    return f"{{designation}} : {phrase.fts}"


def split_snippet(snippet: str) -> list[tuple[str, bool]]:
    """``"a \\x02b\\x03 c"`` -> ``[("a ", False), ("b", True), (" c", False)]``."""
    pieces: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(OPEN)):
        inside, _, after = chunk.partition(CLOSE) if i else ("", "", chunk)
        pieces += [(text, matched) for text, matched in ((inside, True), (after, False)) if text]
    return pieces


def shorten(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """``pieces`` with unmatched text cut to ``CONTEXT`` characters either side of each match, cuts shown as ``…``."""
    out: list[tuple[str, bool]] = []
    for i, (text, matched) in enumerate(pieces):
        before, after = i > 0, i < len(pieces) - 1  # pieces alternate, so a neighbour of unmatched text is a match
        if matched:
            pass
        elif before and after and len(text) > 2 * CONTEXT:
            text = text[:CONTEXT] + " … " + text[-CONTEXT:]
        elif before and not after and len(text) > CONTEXT:
            text = text[:CONTEXT] + "…"
        elif after and not before and len(text) > CONTEXT:
            text = "…" + text[-CONTEXT:]
        elif not before and not after and len(text) > 2 * CONTEXT:
            text = text[: 2 * CONTEXT] + "…"
        out.append((text, matched))
    return out


def cut(text: str, marks: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text`` in pieces, the ``[start, end)`` ranges of ``marks`` (clipped to the text, in order) marked."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in sorted(marks):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:], False))
    return [piece for piece in pieces if piece[0]]


@dataclass(frozen=True)
class Passage:
    """A stretch of one document the search found: where it is, its text in (text, matched) pieces, its reader link."""

    document: str
    start: int
    end: int
    where: str
    pieces: list[tuple[str, bool]]
    href: str
    cites: bool = False
    """Found because it cites an authority the query names."""


@dataclass
class DocumentHits:
    """The passages found in one document, in text order, at most ``PER_DOCUMENT`` of them shown."""

    id: str
    title: str
    href: str
    passages: list[Passage] = field(default_factory=list)
    more: int = 0


@dataclass(frozen=True)
class AuthorityHit:
    """An authority the query names or whose name holds its words, with where it is cited."""

    id: str
    name: str
    href: str
    row_href: str
    places: int
    pieces: list[tuple[str, bool]]
    named: bool


def where(role: str | None, designation: str | None) -> str:
    """How a passage is placed for the analyst: "Sec. 2(a) · clause", "heading", "answer"."""
    return " · ".join(part for part in (designation, (role or "").replace("_", " ")) if part) or "text"


Source = Callable[["Datasette", "Database", list[Term], list[str]], Awaitable[list[Passage]]]
"""A way of answering a query: (datasette, db, its terms, the authorities it names) to passages."""


def reader(datasette: Datasette, db: Database, document: str, start: int, end: int) -> str:
    """The reader at ``[start, end)`` of ``document``, marked as the evidence followed."""
    return links.page(datasette, db.name, "reader", document=document, start=start, end=end) + "#evidence"


async def citing(datasette: Datasette, db: Database, found: list[Term], named: list[str]) -> list[Passage]:
    """The sentences citing the authorities the query names, each citation marked; a mention outside every sentence alone."""
    if not named or not await has_columns(db, "mentions", "document_id", "start", "end", "authority_id", "surface", "sentence_id", "clause_id"):
        return []
    marks = ", ".join("?" for _ in named)
    sql = (
        "select m.document_id, m.start, m.[end], m.surface, s.start, s.[end], s.text, s.role, c.designation from mentions m "
        "left join sentences s on s.id = m.sentence_id left join clauses c on c.id = coalesce(s.clause_id, m.clause_id) "
        f"where m.authority_id in ({marks}) order by m.document_id, m.start limit {LIMIT}"
    )
    places: dict[tuple[str, int, int], tuple[str, str | None, str | None, list[tuple[int, int]]]] = {}
    for document, start, end, surface, at, to, text, role, designation in (await db.execute(sql, named)).rows:
        if text is None:
            at, to, text = start, end, surface
        place = places.setdefault((document, at, to), (text, role, designation, []))
        place[3].append((start - at, end - at))
    return [
        Passage(document, start, end, where(role, designation), shorten(cut(text, spans)), reader(datasette, db, document, start, end), True)
        for (document, start, end), (text, role, designation, spans) in places.items()
    ]


async def matching(datasette: Datasette, db: Database, found: list[Term], named: list[str]) -> list[Passage]:
    """The sentences holding every word and phrase, best ranked first."""
    if not await db.table_exists("sentences_fts"):
        return []
    sql = (
        "select s.document_id, s.start, s.[end], s.role, c.designation, highlight(sentences_fts, 0, :open, :close) "
        "from sentences_fts join sentences s on s.rowid = sentences_fts.rowid left join clauses c on c.id = s.clause_id "
        f"where sentences_fts match :query order by rank limit {LIMIT}"
    )
    rows = await fts_rows(db, sql, " ".join(term.fts for term in found))
    return [
        Passage(document, start, end, where(role, designation), shorten(split_snippet(text or "")), reader(datasette, db, document, start, end))
        for document, start, end, role, designation, text in rows
    ]


async def designated(datasette: Datasette, db: Database, found: list[Term], named: list[str]) -> list[Passage]:
    """The clauses whose designation holds the whole query as a phrase, with the start of their text."""
    if not await db.table_exists("clauses_fts") or "designation" not in await db.table_columns("clauses_fts"):
        return []
    sql = (
        "select c.document_id, c.start, c.[end], highlight(clauses_fts, 0, :open, :close), substr(c.text, 1, :context), length(c.text) > :context "
        "from clauses_fts join clauses c on c.rowid = clauses_fts.rowid "
        f"where clauses_fts match :query order by rank limit {LIMIT}"
    )
    rows = await fts_rows(db, sql, designation_query(found), context=2 * CONTEXT)
    return [
        Passage(document, start, end, "clause", [*split_snippet(label or ""), (": " + " ".join((text or "").split()) + ("…" if longer else ""), False)],
                reader(datasette, db, document, start, end))
        for document, start, end, label, text, longer in rows
    ]


SOURCES: tuple[Source, ...] = (citing, designated, matching)
"""The ways a query is answered, in the order their passages win a place both find."""


async def fts_rows(db: Database, sql: str, query: str, **params: object) -> list[tuple]:
    """Rows of an FTS5 ``match`` query; BadQuery when FTS5 cannot parse it."""
    try:
        return list((await db.execute(sql, {"query": query, "open": OPEN, "close": CLOSE, **params})).rows)
    except sqlite3.OperationalError as exc:
        if "fts5" not in str(exc):
            raise
        raise BadQuery(UNREADABLE) from None


async def by_document(datasette: Datasette, db: Database, passages: list[Passage]) -> list[DocumentHits]:
    """Passages grouped by document, a place found twice kept once (as the first source found it).

    Documents citing an authority the query names come first, those citing it
    most first; then documents by their best-ranked passage.
    """
    groups: dict[str, DocumentHits] = {}
    places: set[tuple[str, int, int]] = set()
    first: dict[str, int] = {}
    for rank, passage in enumerate(passages):
        if (passage.document, passage.start, passage.end) not in places:
            places.add((passage.document, passage.start, passage.end))
            groups.setdefault(passage.document, DocumentHits(passage.document, passage.document, "")).passages.append(passage)
            first.setdefault(passage.document, rank)
    citations = {document: sum(p.cites for p in group.passages) for document, group in groups.items()}
    ids = sorted(groups, key=lambda document: (not citations[document], -citations[document], first[document]))
    marks = ", ".join("?" for _ in ids)
    titles = dict((await db.execute(f"select id, title from documents where id in ({marks})", ids)).rows) if ids else {}
    for group in groups.values():
        group.title = titles.get(group.id) or group.id
        group.href = links.page(datasette, db.name, "reader", document=group.id)
        group.passages.sort(key=lambda p: (p.start, -p.end))
        group.more = max(0, len(group.passages) - PER_DOCUMENT)
        group.passages = group.passages[:PER_DOCUMENT]
    return [groups[document] for document in ids]


async def authority_hits(datasette: Datasette, db: Database, found: list[Term], named: list[str]) -> list[AuthorityHit]:
    """The authorities the query names, then those whose name, short name, citation or summary holds its words."""
    if not await has_columns(db, "authorities", "id", "name"):
        return []
    pieces: dict[str, list[tuple[str, bool]]] = {authority: [] for authority in named}
    if await db.table_exists("authorities_fts"):
        sql = (
            "select a.id, snippet(authorities_fts, -1, :open, :close, '…', 16) "
            "from authorities_fts join authorities a on a.rowid = authorities_fts.rowid "
            f"where authorities_fts match :query order by rank limit {AUTHORITIES}"
        )
        for authority, snippet in await fts_rows(db, sql, " ".join(term.fts for term in found)):
            pieces.setdefault(authority, split_snippet(snippet or ""))
    ids = list(pieces)
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    names = dict((await db.execute(f"select id, name from authorities where id in ({marks})", ids)).rows)
    counts: dict[str, int] = {}
    if await has_columns(db, "mentions", "authority_id"):
        sql = f"select authority_id, count(*) from mentions where authority_id in ({marks}) group by authority_id"
        counts = dict((await db.execute(sql, ids)).rows)
    return [
        AuthorityHit(authority, names.get(authority) or authority, links.page(datasette, db.name, "mentions", authority=authority),
                     links.row(datasette, db.name, "authorities", authority), counts.get(authority, 0), pieces[authority], authority in named)
        for authority in ids if authority in names
    ]


async def table_links(datasette: Datasette, db: Database, query: str) -> list[dict[str, str]]:
    """Each searchable table's own full-text search for the query, in Datasette's table view."""
    return [
        {"title": title, "href": f"{datasette.urls.table(db.name, table)}?{urlencode({'_search': query})}"}
        for table, title in TABLES if await db.table_exists(f"{table}_fts")
    ]


async def search_context(datasette: Datasette, db: Database, query: str) -> dict[str, object]:
    """Template context of the search page: the authorities the query names or matches, and passages by document.

    ``error`` is set, and nothing is found, when the query is refused (see ``terms``).
    """
    context: dict[str, object] = {"database": db.name, "q": query, "error": None, "authorities": [], "documents": [], "tables": []}
    if not query.strip():
        return context
    try:
        found = terms(query)
        named = await authorities_named(db, query.strip())
        passages = [passage for source in SOURCES for passage in await source(datasette, db, found, named)]
        authorities = await authority_hits(datasette, db, found, named)
    except BadQuery as exc:
        context["error"] = str(exc)
        return context
    documents = await by_document(datasette, db, passages)
    context.update(
        authorities=authorities, documents=documents, passages=sum(len(group.passages) + group.more for group in documents),
        tables=await table_links(datasette, db, query),
    )
    return context
