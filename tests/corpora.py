"""Generated corpora for rebuild tests: many small agreements, each citing its own statute section."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """---
title: Service Agreement {i}
publisher: Provider {i}
kind: agreement
---
# Service Agreement {i}

Provider {i} and the Client agree to the terms below. The terms follow 42 U.S.C. § {section} and 50 U.S.C. § 3093.

## Terms

1. Scope. The Provider delivers service {i} to the Client.
   (a) Service hours are nine to five.
   (b) Support answers within {i} days.
2. Fees. The Client pays a monthly fee of {i} units.
3. Audit: The Client may audit the Provider once a year.

## Frequently Asked Questions

Q: Can the Provider share data?
A: No. The agreement forbids sharing data.
{extra}"""


def document(i: int, extra: str = "") -> str:
    """The text of generated document ``i``; ``extra`` is appended to its body."""
    return TEMPLATE.format(i=i, section=1000 + i, extra=extra)


def write_corpus(folder: Path, count: int, repeat: int = 1) -> Path:
    """Write ``count`` documents under ``folder/documents`` and return ``folder``.

    Args:
        repeat: paragraphs of filler appended to each document, to make builds slower.
    """
    documents = folder / "documents"
    documents.mkdir(parents=True, exist_ok=True)
    filler = "".join(f"\nParagraph {n}. The parties meet each month to review the service.\n" for n in range(repeat - 1))
    for i in range(count):
        (documents / f"doc-{i:04d}.md").write_text(document(i, filler), encoding="utf-8")
    return folder


def dump(db: Path, skip: tuple[str, ...] = ("builds", "changes")) -> dict[str, list[tuple]]:
    """Every table's rows in stored order (rowid order), except ``skip``: what two builds must agree on."""
    import sqlite3

    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    tables = {name: conn.execute(f'SELECT * FROM "{name}"').fetchall() for name in names if name not in skip}
    tables["sqlite_stat1"] = [row for row in tables.get("sqlite_stat1", []) if row[0] not in skip]
    conn.close()
    return tables


def contents(db: Path, skip: tuple[str, ...] = ("builds", "changes")) -> dict[str, list[tuple]]:
    """What a rebuild in place must agree on with a full build, which may store rows in another order.

    Every table's rows sorted, except ``skip``, SQLite's statistics and the
    full-text indexes' own tables; each full-text index as every
    (term, row's id, column, offset) it holds, so that what a search finds
    is compared, not how the index lays it out (an entry left behind by a
    deleted row has no id, and differs).
    """
    import sqlite3

    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    indexes = [n[: -len("_fts")] for n in names if n.endswith("_fts")]
    own = [n for n in names if n not in skip and not n.startswith("sqlite_") and not any(n.startswith(f"{i}_fts") for i in indexes)]
    tables = {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in own}
    for base in indexes:
        conn.execute(f"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, '{base}_fts', 'instance')")
        tables[f"{base}_fts"] = sorted(conn.execute(
            f'SELECT v.term, b.id, v.col, v.offset FROM temp.vocab AS v LEFT JOIN "{base}" AS b ON b.rowid = v.doc'
        ).fetchall(), key=repr)
        conn.execute("DROP TABLE temp.vocab")
    conn.close()
    return tables
