"""Keep the README's generated sections true: the schema (tables, then views) and the canned queries.

``python -m tools.readme`` rewrites the text between each pair of markers
(``<!-- schema:start -->`` ... ``<!-- schema:end -->``); a test fails when the
README differs from what this would write, so documentation cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb.datasette import queries
from kb.store import schema, views

README = Path(__file__).resolve().parent.parent / "README.md"


def schema_section() -> str:
    """The tables of ``kb.store.schema``, then the views of ``kb.store.views``."""
    return f"{schema.markdown()}\n{views.markdown()}"


SECTIONS: dict[str, Callable[[], str]] = {"schema": schema_section, "queries": queries.markdown}
"""Marker name to the function that writes that section."""


def update(readme: str) -> str:
    """``readme`` with every generated section rewritten."""
    for name, write in SECTIONS.items():
        start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
        head, found, rest = readme.partition(start)
        if not found:
            raise ValueError(f"README lacks the marker {start}")
        _, _, tail = rest.partition(end)
        readme = f"{head}{start}\n{write()}{end}{tail}"
    return readme


if __name__ == "__main__":
    README.write_text(update(README.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated the generated sections of {README}")
