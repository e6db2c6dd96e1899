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
