"""Versions: a document that supersedes another, and the clause-level diff between them.

A document says in its front matter ``supersedes: <document id>`` (an
amended agreement, say). The diff pairs the two versions' clauses, in this
order of confidence:

1. the same own text (a clause moved or renumbered but not reworded);
2. the same path and the same title (a clause reworded in place);
3. the same title (a clause reworded and renumbered).

A pair whose own text differs is ``changed``; one whose text is the same but
whose path differs is ``moved``; what is left is ``added`` or ``removed``. A
clause's own text leaves out its sub-clauses, so that rewording ``1(a)``
reports ``1(a)`` and not ``1`` as well.

Each diff carries a word diff of the clause's whole text (``word_diff``), in
the mark-up git's ``--word-diff`` uses: ``[-removed words-]{+added words+}``.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from dataclasses import dataclass

from kb.models import ClauseDiff, Document, stable_id


@dataclass(frozen=True)
class ClauseText:
    """A clause as the diff sees it."""

    id: str
    path: str
    title: str | None
    text: str
    own: str
    """The clause's text without its marker and without its sub-clauses."""


def supersession_problems(documents: list[Document]) -> list[str]:
    """Warnings for ``supersedes`` values that name no document of the corpus, or the document itself,
    and for cycles of versions (a supersedes b, b supersedes a), one warning per cycle."""
    ids = {d.id for d in documents}
    problems = []
    for d in documents:
        for older in superseded(d):
            if older == d.id:
                problems.append(f"{d.path}: supersedes itself ({older!r}); no clause diff")
            elif older not in ids:
                problems.append(f"{d.path}: supersedes {older!r}, which is not in the corpus; no clause diff")
    paths = {d.id: d.path for d in reversed(documents)}
    for cycle in supersession_cycles(documents):
        problems.append(f"{paths[cycle[0]]}: supersedes cycle {' -> '.join(cycle)}: no version of it is the latest")
    return problems


def supersession_cycles(documents: list[Document]) -> list[list[str]]:
    """Cycles of ``supersedes`` among the documents, each as ids from its first document in corpus order
    back to it (``["a", "b", "a"]``); documents that lie on one cycle are not reported in another."""
    ids = {d.id for d in documents}
    edges: dict[str, list[str]] = {}
    for d in documents:
        edges.setdefault(d.id, [o for o in superseded(d) if o in ids and o != d.id])
    reverse: dict[str, list[str]] = {}
    for newer, olders in edges.items():
        for older in olders:
            reverse.setdefault(older, []).append(newer)
    reported: set[str] = set()
    cycles = []
    for start in edges:
        if start in reported:
            continue
        path = _path_back(start, edges)
        if path:
            cycles.append(path)
            reported |= _reachable(start, edges) & _reachable(start, reverse)
    return cycles


def _path_back(start: str, edges: dict[str, list[str]]) -> list[str] | None:
    """A path ``start -> ... -> start`` along ``edges``, found depth first without recursion, or None."""
    seen = {start}
    stack = [(start, iter(edges.get(start, ())))]
    while stack:
        node, nexts = stack[-1]
        step = next(nexts, None)
        if step is None:
            stack.pop()
        elif step == start:
            return [n for n, _ in stack] + [start]
        elif step not in seen:
            seen.add(step)
            stack.append((step, iter(edges.get(step, ()))))
    return None


def _reachable(start: str, edges: dict[str, list[str]]) -> set[str]:
    found, todo = {start}, [start]
    while todo:
        for step in edges.get(todo.pop(), ()):
            if step not in found:
                found.add(step)
                todo.append(step)
    return found


def superseded(document: Document) -> list[str]:
    """The ids of the documents ``document`` replaces (front matter may name several)."""
    return document.supersedes.split() if document.supersedes else []


def clause_diffs(conn: sqlite3.Connection, documents: list[Document]) -> list[ClauseDiff]:
    """The clause diff of every document that supersedes another document of the corpus."""
    ids = {d.id for d in documents}
    out: list[ClauseDiff] = []
    for d in documents:
        for older in superseded(d):
            if older in ids and older != d.id:
                out += diff(d.id, older, read_clauses(conn, older), read_clauses(conn, d.id))
    return out


def read_clauses(conn: sqlite3.Connection, document_id: str) -> list[ClauseText]:
    """A document's clauses in document order, with their own text."""
    rows = conn.execute(
        "SELECT id, parent_id, label, path, title, start, text FROM clauses WHERE document_id = ? ORDER BY start, id",
        (document_id,),
    ).fetchall()
    first_child: dict[str, int] = {}
    for _, parent_id, _, _, _, start, _ in rows:
        if parent_id and parent_id not in first_child:
            first_child[parent_id] = start
    clauses = []
    for cid, _, label, path, title, start, text in rows:
        own = text[: first_child[cid] - start] if cid in first_child else text
        own = own[len(label):] if own.startswith(label) else own
        clauses.append(ClauseText(cid, path, title, text, " ".join(own.split())))
    return clauses


def diff(document_id: str, supersedes_id: str, old: list[ClauseText], new: list[ClauseText]) -> list[ClauseDiff]:
    """Added, removed, changed and moved clauses between two versions.

    Args:
        document_id: the newer version.
        supersedes_id: the older version.
        old: the older version's clauses, in document order.
        new: the newer version's clauses, in document order.

    Returns:
        Diffs in the newer version's order, then removed clauses in the older one's.
    """
    pairs: dict[int, int] = {}
    for same in (
        lambda o, n: o.own == n.own,
        lambda o, n: o.path == n.path and o.title == n.title,
        lambda o, n: o.title is not None and o.title == n.title,
    ):
        for j, n in enumerate(new):
            if j in pairs:
                continue
            taken = set(pairs.values())
            candidates = [i for i, o in enumerate(old) if i not in taken and same(o, n)]
            if candidates:
                pairs[j] = next((i for i in candidates if old[i].path == n.path), candidates[0])
    out: list[ClauseDiff] = []
    for j, n in enumerate(new):
        o = old[pairs[j]] if j in pairs else None
        if o is None:
            out.append(_diff(document_id, supersedes_id, "added", None, n))
        elif o.own != n.own:
            out.append(_diff(document_id, supersedes_id, "changed", o, n))
        elif o.path != n.path:
            out.append(_diff(document_id, supersedes_id, "moved", o, n))
    matched = set(pairs.values())
    out += [_diff(document_id, supersedes_id, "removed", o, None) for i, o in enumerate(old) if i not in matched]
    return out


def _diff(document_id: str, supersedes_id: str, change: str, old: ClauseText | None, new: ClauseText | None) -> ClauseDiff:
    either = new or old
    assert either is not None
    return ClauseDiff(
        id=stable_id(document_id, supersedes_id, change, old and old.id, new and new.id),
        document_id=document_id, supersedes_id=supersedes_id, change=change,
        path=either.path, old_path=old.path if old else None, title=either.title,
        new_clause_id=new.id if new else None, old_clause_id=old.id if old else None,
        new_text=new.text if new else None, old_text=old.text if old else None,
        diff=word_diff(old.text if old else "", new.text if new else ""),
    )


TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
"""What a word diff adds or removes whole: a word, a run of whitespace, or one punctuation mark."""
MARKS = {"-": ("[-", "-]"), "+": ("{+", "+}")}
"""The opening and closing marks of removed (``-``) and added (``+``) words, as git's ``--word-diff`` writes them."""
_ESCAPED = re.compile(r"\\|\[(?=-)|\{(?=\+)|-(?=\])|\+(?=\})")
"""What a backslash goes before in a piece's text: a backslash, and the first character of anything that reads as a mark."""
_MARKED = re.compile(r"\\.|\[-|-\]|\{\+|\+\}|[^\\\[\]{}+-]+|.", re.DOTALL)
"""The tokens ``diff_pieces`` reads marked-up text in: an escaped character, a mark, a run of plain text, any other character."""

Piece = tuple[str, str]
"""``("=", text)`` kept, ``("-", text)`` removed or ``("+", text)`` added."""


def word_diff(old: str, new: str) -> str:
    """The words removed from ``old`` and added in ``new``, marked up: ``the inner [-channel only-]{+and outer channels+}.``

    Kept and added pieces joined give back ``new`` exactly; kept and removed
    ones, ``old``. A backslash goes before a backslash of the text and before
    a ``[`` ``{`` ``-`` ``+`` that would otherwise read as a mark, so that
    ``diff_pieces`` reads any text back.
    """
    return "".join(
        text if kind == "=" else MARKS[kind][0] + text + MARKS[kind][1]
        for kind, text in ((kind, _escaped(kind, text)) for kind, text in word_pieces(old, new))
    )


def _escaped(kind: str, text: str) -> str:
    """A piece's text with a backslash before what would read as a mark, the piece's closing mark included
    (a removed ``[`` reads as ``[-`` with the ``-]`` after it)."""
    text = _ESCAPED.sub(r"\\\g<0>", text)
    last = {"-": "[", "+": "{"}.get(kind)
    return text[:-1] + "\\" + text[-1] if last and text.endswith(last) else text


def word_pieces(old: str, new: str) -> list[Piece]:
    """``new`` compared with ``old`` word by word, as kept, removed and added pieces in text order.

    Where both words are replaced, the removed piece comes first. Whitespace
    alone between two changes goes into both, so that ``channel only`` replaced
    by ``and outer channels`` reads as one change, not two.
    """
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    pieces: list[Piece] = []
    removed, added = "", ""
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for at, (op, i1, i2, j1, j2) in enumerate(opcodes):
        kept = "".join(a[i1:i2])
        if op != "equal":
            removed, added = removed + kept, added + "".join(b[j1:j2])
        elif (removed or added) and kept.isspace() and at + 1 < len(opcodes):
            removed, added = removed + kept, added + kept
        else:
            pieces += [p for p in (("-", removed), ("+", added)) if p[1]] + [("=", kept)]
            removed, added = "", ""
    return pieces + [p for p in (("-", removed), ("+", added)) if p[1]]


def diff_pieces(marked: str) -> list[Piece]:
    """The kept, removed and added pieces of a word diff ``word_diff`` wrote (``clause_diffs.diff``)."""
    out: list[Piece] = []
    kind, text = "=", ""
    for match in _MARKED.finditer(marked):
        token = match[0]
        if token[0] == "\\" and len(token) == 2:
            text += token[1]
        elif kind == "=" and token in ("[-", "{+"):
            out += [(kind, text)] if text else []
            kind, text = ("-" if token == "[-" else "+"), ""
        elif kind != "=" and token == MARKS[kind][1]:
            out += [(kind, text)] if text else []
            kind, text = "=", ""
        else:
            text += token
    return out + ([(kind, text)] if text else [])
