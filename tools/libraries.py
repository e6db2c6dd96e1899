"""Formal citations eyecite and citeurl find, set beside what our recogniser finds.

Usage::

    python -m tools.libraries                      # every labelled fixture and the formal suite
    python -m tools.libraries --verbose            # also every disagreement on the id
    python -m tools.libraries path/to/text.txt ... # any texts

Why: we read U.S. Code, C.F.R., public-law, Statutes-at-Large, Federal
Register and Constitution citations with our own forms
(``corpus/patterns/citations.json``) instead of calling citeurl at run time,
because citeurl chains a bare "§ 8G" to the last title it saw (often the
wrong one) and runs all of its 144 templates over every text. That choice
holds only while our forms are at least as broad as the libraries'. This tool
proves it: every full citation eyecite or citeurl finds is looked up among our
mentions. A library citation with no overlapping mention of ours that has an
authority is a **gap** (``tests/test_libraries.py`` keeps that list empty); an
overlapping mention whose id differs from the one the library's fields spell
is a **disagreement**, listed for review, because the libraries are not always
right ("Pub. L. 95-511. 26" is not section 26, "Section 1305 of 42 U.S.C." is
not title 50).

Only full citations count: citeurl's short and "id." forms inherit whatever
came before them, and eyecite's short case forms name no case on their own.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kb.recognise.nlp import annotate, build_pipeline
from kb.reference import DATA_DIR
from kb.reference.registry import load_registry
from kb.resolve import resolve_mentions
from tools.evaluate import FIXTURES

FORMAL_SUITE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formal"
"""Texts of formal citations in our own words, one family per paragraph."""

logging.getLogger("eyecite").setLevel(logging.ERROR)


@dataclass(frozen=True)
class LibraryCitation:
    """One full citation a library found, with the id its fields spell (None for cases)."""

    library: str
    start: int
    end: int
    surface: str
    expected: str | None


@dataclass
class Comparison:
    """What one text's library citations found among our mentions."""

    name: str
    found: int = 0
    gaps: list[LibraryCitation] | None = None
    disagreements: list[tuple[LibraryCitation, str]] | None = None


RANGE = re.compile(r"(?P<first>(?P<lead>\d+)[^-\u2010-\u2014]*)[-\u2010-\u2014](?P<last>\d+).*")


def _section(value: str) -> str:
    """The first section of a range ('2401-2420', '1881a-1881g'), lower-cased as our ids write sections.

    A hyphen joins a range only when both sides have the same number of
    leading digits and the same shape: '78dd-1', '300aa-11' and the C.F.R.'s
    '102-118.35' are single sections.
    """
    match = RANGE.fullmatch(value)
    if match and len(match["lead"]) == len(match["last"]) and ("." in match["first"]) == ("." in value[match.end("first"):]):
        return match["first"].lower()
    return value.lower()


def citeurl_id(template: str, tokens: dict[str, Any]) -> str | None:
    """Our canonical id for a citeurl citation's template and tokens, or None when we do not map it."""
    t = {k: (v or "") for k, v in tokens.items()}
    if template == "U.S. Code":
        return f"us/usc/t{t['title']}/s{_section(t['section'])}"
    if template == "Code of Federal Regulations":
        return f"us/cfr/t{t['title']}/s{_section(t['section'])}" if "." in t["section"] else f"us/cfr/t{t['title']}/pt{t['section']}"
    if template == "U.S. Public Laws":
        return f"us/pl/{t['congress']}/{t['law']}"
    if template == "U.S. Statutes at Large":
        return f"us/stat/{t['volume']}/{t['page'].replace(',', '')}"
    if template == "Federal Register":
        return f"us/fr/{t['volume']}/{t['page'].replace(',', '')}"
    if template == "U.S. Constitution Amendments":
        return "us/const/amdt" + t["amendment"] + (f"/s{t['section']}" if t.get("section") else "")
    if template == "U.S. Constitution":
        parts = [f"art{t['article']}"] + [f"{key[0:1] if key == 'section' else 'cl'}{t[key]}" for key in ("section", "clause") if t.get(key)]
        return "us/const/" + "/".join(parts)
    return None


EYECITE_LAW = {"U.S.C.": "usc", "C.F.R.": "cfr", "Stat.": "stat", "Pub. L.": "pl", "Fed. Reg.": "fr"}
"""eyecite's statute reporters we map to our id roots."""


def eyecite_id(groups: dict[str, Any]) -> str | None:
    """Our canonical id for an eyecite law citation's groups, or None when we do not map it."""
    root = EYECITE_LAW.get(str(groups.get("reporter")))
    if root in ("usc", "cfr") and not (groups.get("title") and groups.get("section")):
        return None
    if root == "usc":
        return f"us/usc/t{groups['title']}/s{_section(str(groups['section']))}"
    if root == "cfr":
        section = str(groups["section"])
        return f"us/cfr/t{groups['title']}/" + (f"s{_section(section)}" if "." in section else f"pt{section}")
    if root in ("stat", "fr"):
        return f"us/{root}/{groups['volume']}/{str(groups['page']).replace(',', '')}"
    if root == "pl":
        congress, _, law = str(groups["title"]).partition("-")
        return f"us/pl/{congress}/{law}"
    return None


@cache
def _citator() -> Any:
    from citeurl import Citator

    return Citator()


def library_citations(text: str) -> list[LibraryCitation]:
    """Every full federal citation citeurl and eyecite find in ``text``."""
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation, FullLawCitation

    found = []
    for cite in _citator().list_cites(text):
        if cite.parent is not None:
            continue
        expected = citeurl_id(cite.template.name, cite.tokens)
        if expected is not None or cite.template.name == "U.S. Caselaw":
            found.append(LibraryCitation("citeurl", cite.span[0], cite.span[1], cite.text, expected))
    for cite in get_citations(text):
        if isinstance(cite, FullLawCitation):
            expected = eyecite_id(cite.groups)
            if expected is None:
                continue
        elif not isinstance(cite, FullCaseCitation):
            continue
        elif not_a_case(cite.groups.get("reporter") or ""):
            continue  # an OLC or Attorney General opinion: eyecite's reporter list has them, our data says they are no case
        else:
            expected = None
        start, end = cite.span()
        found.append(LibraryCitation("eyecite", start, end, text[start:end], expected))
    return found


def not_a_case(reporter: str) -> bool:
    """Whether eyecite's case ``reporter`` is one the recogniser's data lists as no case (``not_case_reporters``)."""
    from kb.recognise.names import load_names, reporter_words

    return reporter_words(reporter) in load_names(DATA_DIR).not_case_reporters


@cache
def _equivalent_ids(data_dir: Path) -> dict[str, str]:
    """Citation ids a curated record also answers to (its ``keys``), mapped to the record's id."""
    return {key: ids[0] for key, ids in load_registry(data_dir).by_key.items()}


def compare(name: str, text: str, ours: Iterable[tuple[int, int, str | None]], data_dir: Path = DATA_DIR) -> Comparison:
    """Look every library citation in ``text`` up among our mentions ``(start, end, authority_id)``."""
    mentions = [m for m in ours if m[2] is not None]
    same = _equivalent_ids(data_dir)
    result = Comparison(name, gaps=[], disagreements=[])
    assert result.gaps is not None and result.disagreements is not None
    for cite in library_citations(text):
        result.found += 1
        over = [m for m in mentions if m[0] < cite.end and cite.start < m[1]]
        if not over:
            result.gaps.append(cite)
            continue
        if cite.expected is None:
            continue
        ids = {str(m[2]) for m in over}
        wanted = {cite.expected, same.get(cite.expected, cite.expected)}
        if not ids & wanted and not any(i.startswith(cite.expected + "/") for i in ids):
            result.disagreements.append((cite, ", ".join(sorted(ids))))
    return result


def fixture_texts() -> list[tuple[str, str]]:
    """(name, text) of every labelled fixture and every formal-suite text."""
    texts = []
    for label_path in sorted(FIXTURES.glob("*.json")):
        labels = json.loads(label_path.read_text(encoding="utf-8"))
        texts.append((label_path.stem, (FIXTURES / labels["text"]).read_text(encoding="utf-8")))
    texts += [(f"formal/{p.stem}", p.read_text(encoding="utf-8")) for p in sorted(FORMAL_SUITE.glob("*.txt"))]
    return texts


def compare_texts(texts: list[tuple[str, str]], data_dir: Path = DATA_DIR) -> list[Comparison]:
    """Run our recogniser and the libraries on each text and compare."""
    nlp = build_pipeline(data_dir)
    results = []
    for name, text in texts:
        doc = annotate(nlp, text, [(0, len(text))])
        mentions = resolve_mentions(doc, name, data_dir).mentions
        results.append(compare(name, text, [(m.start, m.end, m.authority_id) for m in mentions], data_dir))
    return results


def report(results: list[Comparison], verbose: bool = False) -> str:
    """Counts per text, then every gap (and every disagreement when ``verbose``)."""
    lines = [f"{'text':<34}{'library':>8}{'gaps':>6}{'disagree':>10}"]
    for r in results:
        lines.append(f"{r.name:<34}{r.found:>8}{len(r.gaps or []):>6}{len(r.disagreements or []):>10}")
    for r in results:
        lines += [f"gap {r.name}: {c.library} {c.surface!r} ({c.expected})" for c in r.gaps or []]
        if verbose:
            lines += [f"disagree {r.name}: {c.library} {c.surface!r} {c.expected} vs ours {ids}" for c, ids in r.disagreements or []]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print what eyecite and citeurl find that our recogniser does not."""
    parser = argparse.ArgumentParser(prog="python -m tools.libraries", description=main.__doc__)
    parser.add_argument("texts", nargs="*", type=Path, help="texts to compare (default: the fixtures and the formal suite)")
    parser.add_argument("--verbose", action="store_true", help="also list disagreements on the id")
    args = parser.parse_args(argv)
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in args.texts] if args.texts else fixture_texts()
    print(report(compare_texts(texts), args.verbose))


if __name__ == "__main__":
    main()
