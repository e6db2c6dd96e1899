"""How well segmentation follows legal structure as written, on labelled fixtures.

Each ``*.labels.json`` beside a fixture document lists, by the exact text of
their lines:

- ``designations``: every numbered item and the designation a reader cites it
  by ("Sec. 3(c)(iii)(A)(1)(a)", "Enclosure 2, paragraph 1.a.(1)"); right when
  the clause that starts on that line carries exactly that designation;
- ``not_units``: banners, page chrome, slide numbers and web-page boilerplate;
  kept out when no section heading, paragraph or claim has the line as one of
  its lines;
- ``portion_markings``: lines that start with a marking such as "(U//FOUO)";
  right when a unit (a section heading, paragraph or list item) starting on
  the line records that marking;
- ``bullets``: hyphen or en-dash bullet lines; right when a list item starts on
  the line and no claim runs from it into another labelled bullet;
- ``paragraphs``: the first line of every body paragraph; right when a
  paragraph starts on the line (paragraphs starting elsewhere are listed as
  extra splits);
- ``footnotes``: each note's number, the line of its reference mark and its
  own line; right when a note with that number starts on its line and its
  mark lies on the mark's line;
- ``faq_last_answer_ends``: the last line of a run's last answer and the
  closing line after it; right when the answer holds the one and not the other.

Run ``python -m tools.evaluate_structure [fixtures_dir ...]`` to print the
table that docs/segmentation.md reports.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.corpus import load_document
from kb.models import Claim, Clause, FaqEntry, ListItem, Note, Paragraph, Record, Section
from kb.pipeline.extract import extract
from kb.recognise.nlp import build_pipeline
from kb.reference import load_json

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "structure"
"""The labelled fixtures this project ships; ``blind/`` holds those labelled before the code first ran on them."""

KINDS = ("designations", "not_units", "portion_markings", "bullets", "paragraphs", "footnotes", "faq_ends")


@dataclass
class Score:
    """Right and labelled counts per kind of label, with what went wrong."""

    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    labelled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k in KINDS:
            self.right[k] += other.right[k]
            self.labelled[k] += other.labelled[k]
        self.misses += other.misses

    def cell(self, kind: str) -> str:
        n = self.labelled[kind]
        return f"{self.right[kind]}/{n}" if n else "-"


def _line_span(text: str, line: str) -> tuple[int, int]:
    """The span of the labelled line in the text: from its first occurrence at a line start to the line's end."""
    at = 0
    while (i := text.find(line, at)) >= 0:
        if text[:i].rstrip(" \t\u00a0").endswith("\n") or not text[:i].strip(" \t\u00a0"):
            end = text.find("\n", i)
            return i, end if end >= 0 else len(text)
        at = i + 1
    raise ValueError(f"label line not found at a line start: {line!r}")


def _lines_of(unit_text: str) -> set[str]:
    """A unit's lines, stripped: a furniture label counts as held only as a whole line, not as a substring."""
    return {line.strip() for line in unit_text.split("\n")}


def score_document(path: Path, labels: dict[str, Any], records: list[Record]) -> Score:
    """Score one document's records against its labels."""
    text = load_document(path, path.parent).text
    clauses = [r for r in records if isinstance(r, Clause)]
    items = [r for r in records if isinstance(r, ListItem)]
    paragraphs = [r for r in records if isinstance(r, Paragraph)]
    claims = [r for r in records if isinstance(r, Claim)]
    sections = [r for r in records if isinstance(r, Section)]
    score = Score()

    for label in labels["designations"]:
        s, e = _line_span(text, label["line"])
        got = [c.designation for c in clauses if s <= c.start < e]
        score.labelled["designations"] += 1
        if label["designation"] in got[:1]:
            score.right["designations"] += 1
        else:
            score.misses.append(f"{path.name}: designation {label['designation']!r} got {got[:1]} for {label['line']!r}")

    for line in labels["not_units"]:
        texts = [s.heading for s in sections] + [p.text for p in paragraphs] + [c.text for c in claims]
        holders = [t for t in texts if line.strip() in _lines_of(t)]
        score.labelled["not_units"] += 1
        if holders:
            score.misses.append(f"{path.name}: furniture {line!r} is in a unit: {holders[0][:60]!r}")
        else:
            score.right["not_units"] += 1

    for label in labels["portion_markings"]:
        s, e = _line_span(text, label["line"])
        bodies: list[ListItem | Paragraph] = [*items, *paragraphs]
        units = [(u.start, u.end, u.marking) for u in bodies]
        units += [(h.heading_start, h.heading_end, h.marking) for h in sections]
        markings = [marking for start, end, marking in units if s <= start < e or start <= s < end]
        score.labelled["portion_markings"] += 1
        if label["marking"] in markings:
            score.right["portion_markings"] += 1
        else:
            score.misses.append(f"{path.name}: marking {label['marking']!r} got {markings} for {label['line']!r}")

    bullet_spans = [_line_span(text, line) for line in labels["bullets"]]
    for line, (s, e) in zip(labels["bullets"], bullet_spans, strict=True):
        item = any(i.style == "bullet" and s <= i.start < e for i in items)
        merged = [c for c in claims if c.start < e and c.end > e
                  and any(c.start < s2 < c.end for s2, _ in bullet_spans if s2 > s)]
        score.labelled["bullets"] += 1
        if item and not merged:
            score.right["bullets"] += 1
        else:
            score.misses.append(f"{path.name}: bullet {line!r} item={item} merged into {len(merged)} claim(s)")

    starts = {p.start for p in paragraphs}
    labelled_starts = set()
    for line in labels.get("paragraphs", []):
        s, e = _line_span(text, line)
        labelled_starts.add(text.rfind("\n", 0, s) + 1)
        score.labelled["paragraphs"] += 1
        if any(s <= x < e for x in starts):
            score.right["paragraphs"] += 1
        else:
            score.misses.append(f"{path.name}: no paragraph starts at {line!r}")
    if labels.get("paragraphs"):
        line_starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
        notes_at = {n.start for n in records if isinstance(n, Note)}
        for x in sorted(starts - notes_at):
            first = max(ls for ls in line_starts if ls <= x)
            if first not in labelled_starts:
                score.misses.append(f"{path.name}: extra paragraph split at {text[x:x + 50]!r}")

    notes = [r for r in records if isinstance(r, Note)]
    for label in labels.get("footnotes", []):
        ns, ne = _line_span(text, label["note"])
        ms, me = _line_span(text, label["cited_in"])
        score.labelled["footnotes"] += 1
        found = [n for n in notes if n.label == label["mark"] and ns <= n.start < ne]
        if found and found[0].mark_start is not None and ms <= found[0].mark_start < me:
            score.right["footnotes"] += 1
        else:
            score.misses.append(f"{path.name}: note {label['mark']} found={bool(found)} "
                                f"mark={[text[n.mark_start:n.mark_end] for n in found if n.mark_start]}")

    faq = [r for r in records if isinstance(r, FaqEntry)]
    for label in labels.get("faq_last_answer_ends", []):
        a, _ = _line_span(text, label["answer_line"])
        c, _ = _line_span(text, label["closing_line"])
        score.labelled["faq_ends"] += 1
        entry = next((f for f in faq if f.answer_start <= a < f.answer_end), None)
        if entry is not None and not entry.answer_start <= c < entry.answer_end:
            score.right["faq_ends"] += 1
        else:
            score.misses.append(f"{path.name}: last answer {'missing' if entry is None else 'holds the closing'}")
    return score


def evaluate(directories: list[Path]) -> dict[str, Score]:
    """Score every labelled fixture in the directories; returns per-document scores and a 'total'."""
    nlp = build_pipeline()
    scores: dict[str, Score] = {}
    total = Score()
    for directory in directories:
        for labels_path in sorted(directory.glob("*.labels.json")):
            path = next(p for p in directory.iterdir()
                        if p.name.startswith(labels_path.name.removesuffix(".labels.json") + ".")
                        and not p.name.endswith(".labels.json"))
            labels = load_json(labels_path)
            score = score_document(path, labels, extract(load_document(path, path.parent), nlp))
            scores[path.name] = score
            total.add(score)
    scores["total"] = total
    return scores


def main(argv: list[str]) -> int:
    directories = [Path(a) for a in argv] or [FIXTURES / "blind"]
    scores = evaluate(directories)
    print(f"| document | {' | '.join(KINDS)} |")
    print(f"|---|{'---|' * len(KINDS)}")
    for name, score in scores.items():
        print(f"| {name} | {' | '.join(score.cell(k) for k in KINDS)} |")
    if "--verbose" in sys.argv:
        for miss in scores["total"].misses:
            print(miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main([a for a in sys.argv[1:] if not a.startswith("--")]))
