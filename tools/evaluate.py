"""MentionScore authority recognition and resolution against labelled fixtures.

Usage::

    python -m tools.evaluate                 # figures per fixture style and overall
    python -m tools.evaluate --verbose       # also every miss, false alarm and wrong id

Each fixture is a text ``tests/fixtures/authorities/<name>.txt`` beside a
label file ``<name>.json``::

    {"style": "memo", "text": "memo_ocr.txt", "source": "optional path read instead of text",
     "mentions": [{"surface": "DoDD 3OOO.O9", "occurrence": 1, "authority": "us/dod/dodd/3000.09"},
                  {"surface": "existing law", "occurrence": 1, "authority": null}]}

A label names its span by surface and occurrence (the n-th time the surface
appears), so editing the text elsewhere does not break it; ``authority`` null
marks a generic reference. A predicted mention matches a label when their
spans overlap (one to one, largest overlap first), because labellers and the
recogniser may disagree on a leading "the" or a trailing year without
disagreeing on the citation. Resolution accuracy is the share of matched
mentions whose authority id is exactly the label's, so merging two
authorities or splitting one across ids both count as errors.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from kb.recognise.nlp import annotate, build_pipeline
from kb.reference import DATA_DIR
from kb.resolve import resolve_mentions

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "authorities"
"""Where the labelled fixtures live."""

Span = tuple[int, int, "str | None", str]


@dataclass
class MentionScore:
    """Counts for one style (or overall) and the errors behind them."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    resolved: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def accuracy(self) -> float:
        return self.resolved / self.matched if self.matched else 1.0

    def add(self, other: MentionScore) -> None:
        """Fold another score's counts and errors into this one."""
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.resolved += other.resolved
        self.errors += other.errors


def label_spans(text: str, labels: list[dict[str, object]], name: str) -> list[Span]:
    """Gold spans from labels: the n-th occurrence of each surface.

    Raises:
        ValueError: a labelled surface does not occur that many times.
    """
    spans = []
    for label in labels:
        surface, occurrence = str(label["surface"]), int(str(label.get("occurrence", 1)))
        at = -1
        for _ in range(occurrence):
            at = text.find(surface, at + 1)
            if at < 0:
                raise ValueError(f"{name}: {surface!r} does not occur {occurrence} time(s)")
        authority = label["authority"]
        spans.append((at, at + len(surface), None if authority is None else str(authority), surface))
    return spans


def match(gold: list[Span], predicted: list[Span]) -> list[tuple[int, int]]:
    """(gold index, predicted index) of the spans matched one to one, largest overlap first."""
    pairs = sorted(
        ((min(g[1], p[1]) - max(g[0], p[0]), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
         if g[0] < p[1] and p[0] < g[1]),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matched = []
    for _, gi, pi in pairs:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matched.append((gi, pi))
    return matched


def score(gold: list[Span], predicted: list[Span], name: str) -> MentionScore:
    """Match predicted to gold spans by overlap and count agreements."""
    result = MentionScore(gold=len(gold), predicted=len(predicted))
    matched = match(gold, predicted)
    used_gold = {gi for gi, _ in matched}
    used_pred = {pi for _, pi in matched}
    for gi, pi in matched:
        result.matched += 1
        if gold[gi][2] == predicted[pi][2]:
            result.resolved += 1
        else:
            result.errors.append(f"{name}: {gold[gi][3]!r} resolved to {predicted[pi][2]}, expected {gold[gi][2]}")
    result.errors += [f"{name}: missed {g[3]!r} ({g[2]})" for i, g in enumerate(gold) if i not in used_gold]
    result.errors += [f"{name}: false alarm {p[3]!r} ({p[2]})" for i, p in enumerate(predicted) if i not in used_pred]
    return result


def evaluate(fixtures: Path = FIXTURES, data_dir: Path = DATA_DIR) -> dict[str, MentionScore]:
    """Scores per fixture style, plus ``overall``.

    Args:
        fixtures: folder of ``<name>.txt`` texts and ``<name>.json`` labels.
        data_dir: the reference-data folder the pipeline reads.

    Returns:
        Style name to its ``MentionScore``; the key ``overall`` sums them all.
    """
    nlp = build_pipeline(data_dir)
    scores: dict[str, MentionScore] = {}
    for label_path in sorted(fixtures.glob("*.json")):
        labels = json.loads(label_path.read_text(encoding="utf-8"))
        text = (fixtures / labels["text"]).read_text(encoding="utf-8")
        doc = annotate(nlp, text, [(0, len(text))])
        mentions = resolve_mentions(doc, label_path.stem, data_dir).mentions
        predicted = [(m.start, m.end, m.authority_id, m.surface) for m in mentions]
        style = scores.setdefault(labels["style"], MentionScore())
        style.add(score(label_spans(text, labels["mentions"], label_path.name), predicted, label_path.name))
    overall = MentionScore()
    for style_score in list(scores.values()):
        overall.add(style_score)
    scores["overall"] = overall
    return scores


def report(scores: dict[str, MentionScore], verbose: bool = False) -> str:
    """The scores as a plain-text table (and the errors when ``verbose``)."""
    lines = [f"{'style':<22}{'gold':>6}{'found':>7}{'precision':>11}{'recall':>8}{'resolution':>12}"]
    for style, s in scores.items():
        lines.append(f"{style:<22}{s.gold:>6}{s.predicted:>7}{s.precision:>11.3f}{s.recall:>8.3f}{s.accuracy:>12.3f}")
    if verbose:
        lines += ["", *scores["overall"].errors]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print mention precision, recall and resolution accuracy per fixture style."""
    parser = argparse.ArgumentParser(prog="python -m tools.evaluate", description=main.__doc__)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="folder of labelled fixtures")
    parser.add_argument("--verbose", action="store_true", help="also list every error")
    args = parser.parse_args(argv)
    print(report(evaluate(args.fixtures), args.verbose))


if __name__ == "__main__":
    main()
