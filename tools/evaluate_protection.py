"""Precision and recall of red-line protection links, and verdict accuracy, on labelled fixtures.

Each ``*.labels.json`` beside a fixture document lists the red lines a careful
reader sees (by a piece of their text) with their concept, kind, who they bind,
their verdict, and every support the text ties to them: the support's kind and
its words as written (``surface``, the ``occurrence``-th in the document),
with its effect. ``all_red_lines`` lists supports tied to every red line.

A labelled support is found when the red line's analysis holds a support of
the same kind whose span overlaps it; a predicted support is right when a
label of the same kind overlaps it. Unnamed law counts as one kind whether
the text or the ``existing-law`` safeguard names it. A labelled red line that
is not found counts all its supports as missed and its verdict as wrong.

Run ``python -m tools.evaluate_protection [fixtures_dir ...]`` to print the
table that docs/claims.md reports.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.corpus import load_document
from kb.models import RedLine, RedLineBasis, RedLineSupport
from kb.pipeline.extract import extract
from kb.recognise.nlp import build_pipeline
from kb.reference import DATA_DIR, load_json

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "protection"
"""The labelled fixtures this project ships; ``blind/`` holds those labelled before the code first ran on them."""

LAW_SAFEGUARD = "safeguard:existing-law"
"""A safeguard whose support is unnamed law: scored as generic_law."""

Span = tuple[str, int, int]
"""A support as scored: (kind, start, end)."""


@dataclass
class Score:
    """Counts for one document (or a total)."""

    red_lines: int = 0
    found: int = 0
    extra_red_lines: int = 0
    labelled_links: int = 0
    recalled_links: int = 0
    predicted_links: int = 0
    right_links: int = 0
    verdicts: int = 0
    effects: list[int] = field(default_factory=lambda: [0, 0])
    kinds: list[int] = field(default_factory=lambda: [0, 0])
    bound: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("red_lines", "found", "extra_red_lines", "labelled_links", "recalled_links",
                     "predicted_links", "right_links", "verdicts"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("effects", "kinds", "bound"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine[0], mine[1] = mine[0] + theirs[0], mine[1] + theirs[1]

    @property
    def precision(self) -> float:
        return self.right_links / self.predicted_links if self.predicted_links else 1.0

    @property
    def recall(self) -> float:
        return self.recalled_links / self.labelled_links if self.labelled_links else 1.0

    @property
    def verdict_accuracy(self) -> float:
        return self.verdicts / self.red_lines if self.red_lines else 1.0


def _locate(text: str, surface: str, occurrence: int = 1) -> int:
    at = -1
    for _ in range(occurrence):
        at = text.find(surface, at + 1)
        if at < 0:
            raise ValueError(f"label surface not in the document: {surface!r} (occurrence {occurrence})")
    return at


def _label_span(text: str, support: dict[str, Any]) -> tuple[Span, str]:
    start = _locate(text, support["surface"], support.get("occurrence", 1))
    kind = support["kind"]
    if kind == "safeguard" and support.get("safeguard") == "existing-law":
        kind = "generic_law"
    return (kind, start, start + len(support["surface"])), support.get("effect", "unconditional")


CITATION_GAP = 6
"""Two mentions of one authority this close are one citation: 'DoD Directive 3000.09, *Autonomy in Weapon Systems*'."""


def _predicted(supports: list[RedLineSupport]) -> list[tuple[Span, str]]:
    """Predicted supports as spans; overlapping ones of one kind count once, and so do the parts of one citation."""
    spans: list[tuple[Span, str]] = []
    last: dict[str, tuple[int, int]] = {}
    for s in sorted(supports, key=lambda s: (s.start, s.end)):
        kind = "generic_law" if s.target_id == LAW_SAFEGUARD else s.support_kind
        if any(k == kind and a < s.end and s.start < b for (k, a, b), _ in spans):
            continue
        index, end = last.get(s.target_id, (-1, -1))
        if index >= 0 and s.start - end <= CITATION_GAP:
            (k, a, _), effect = spans[index]
            spans[index] = ((k, a, s.end), effect)
        else:
            spans.append(((kind, s.start, s.end), s.effect))
            index = len(spans) - 1
        last[s.target_id] = (index, s.end)
    return spans


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def _bound(label: str, red_line: RedLine) -> bool | None:
    """Whether the bound party agrees; None when the label names neither an organisation nor users."""
    if label.startswith("org/"):
        return red_line.bound_id == label
    if label.lower() in ("users", "customers", "user"):
        return red_line.bound_role == "users"
    return None


def score_document(labels: dict[str, Any], red_lines: list[RedLine], supports: list[RedLineSupport],
                   basis: dict[str, RedLineBasis], text: str) -> Score:
    """Score one document's analysis against its labels."""
    score = Score()
    shared = [_label_span(text, s) for s in labels.get("all_red_lines", [])]
    matched: set[str] = set()
    for label in labels["red_lines"]:
        at = _locate(text, label["text"])
        expected = shared + [_label_span(text, s) for s in label["supports"]]
        score.red_lines += 1
        score.labelled_links += len(expected)
        red_line = next((r for r in red_lines if r.start <= at < r.end and r.id not in matched), None)
        if red_line is None:
            score.misses.append(f"red line not found: {label['text'][:60]!r}")
            continue
        matched.add(red_line.id)
        score.found += 1
        predicted = _predicted([s for s in supports if s.red_line_id == red_line.id])
        score.predicted_links += len(predicted)
        for span, effect in expected:
            hit = next((e for p, e in predicted if _overlaps(p, span)), None)
            if hit is None:
                score.misses.append(f"{label['text'][:30]!r}: missed {span[0]} {text[span[1]:span[2]]!r}")
                continue
            score.recalled_links += 1
            score.effects[0] += int(hit == effect)
            score.effects[1] += 1
            if hit != effect:
                score.misses.append(f"{label['text'][:30]!r}: effect of {text[span[1]:span[2]]!r} is {hit}, not {effect}")
        for span, _ in predicted:
            if any(_overlaps(span, e) for e, _ in expected):
                score.right_links += 1
            else:
                score.misses.append(f"{label['text'][:30]!r}: extra {span[0]} {text[span[1]:span[2]]!r}")
        got = basis[red_line.id].basis
        score.verdicts += int(got == label["verdict"])
        if got != label["verdict"]:
            score.misses.append(f"{label['text'][:30]!r}: verdict {got!r}, not {label['verdict']!r}")
        score.kinds[0] += int(red_line.kind == label["kind"])
        score.kinds[1] += 1
        if red_line.kind != label["kind"]:
            score.misses.append(f"{label['text'][:30]!r}: kind {red_line.kind}, not {label['kind']}")
        agrees = _bound(label["bound"], red_line)
        if agrees is not None:
            score.bound[0] += int(agrees)
            score.bound[1] += 1
            if not agrees:
                score.misses.append(f"{label['text'][:30]!r}: binds {red_line.bound_id or red_line.bound_role}, not {label['bound']}")
    score.extra_red_lines = len([r for r in red_lines if r.id not in matched])
    return score


def evaluate(fixtures_dir: Path = FIXTURES, data_dir: Path = DATA_DIR) -> dict[str, Score]:
    """Score every labelled fixture in ``fixtures_dir``, by document name."""
    nlp = build_pipeline(data_dir)
    scores = {}
    for labels_path in sorted(fixtures_dir.glob("*.labels.json")):
        labels = load_json(labels_path)
        document = load_document(fixtures_dir / labels["document"], fixtures_dir)
        records = extract(document, nlp, data_dir)
        red_lines = [r for r in records if isinstance(r, RedLine)]
        supports = [r for r in records if isinstance(r, RedLineSupport)]
        basis = {r.id: r for r in records if isinstance(r, RedLineBasis)}
        scores[labels["document"]] = score_document(labels, red_lines, supports, basis, document.text)
    return scores


def _ratio(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]}" if pair[1] else "-"


def table(scores: dict[str, Score]) -> str:
    """The markdown table docs/claims.md shows, with a total row."""
    lines = ["| document | red lines found | link precision | link recall | verdicts | effects | kinds | bound party |",
             "|---|---|---|---|---|---|---|---|"]
    total = Score()
    for name, s in [*scores.items(), ("total", total)]:
        if name != "total":
            total.add(s)
        lines.append(f"| {name} | {s.found}/{s.red_lines} | {s.precision:.2f} ({s.right_links}/{s.predicted_links}) "
                     f"| {s.recall:.2f} ({s.recalled_links}/{s.labelled_links}) | {s.verdicts}/{s.red_lines} "
                     f"| {_ratio(s.effects)} | {_ratio(s.kinds)} | {_ratio(s.bound)} |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    verbose = "--verbose" in argv
    for folder in [Path(a) for a in argv if not a.startswith("--")] or [FIXTURES]:
        scores = evaluate(folder)
        print(table(scores))
        if verbose:
            for name, s in scores.items():
                for miss in s.misses:
                    print(f"  {name}: {miss}")


if __name__ == "__main__":
    main(sys.argv[1:])
