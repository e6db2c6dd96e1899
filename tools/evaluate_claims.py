"""Per-field accuracy of claims analysis on labelled fixtures.

Each ``*.labels.json`` beside a fixture document names the document and lists
what a careful reader says about it: claims (by the start of their sentence)
with modality, hedged, conditional and speaker; red lines (by a piece of
their text) with their concept; organisation mentions (by surface) with the
organisation. A label whose claim, red line or mention was not found counts
as wrong, so recall is part of every figure.

Run ``python -m tools.evaluate_claims [fixtures_dir]`` to print the table that
docs/claims.md reports.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from spacy.language import Language

from kb.corpus import load_document
from kb.models import Claim, Document, OrganizationMention, Record, RedLine
from kb.pipeline.extract import extract
from kb.recognise.nlp import build_pipeline
from kb.reference import DATA_DIR, load_json

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "claims"
"""The labelled fixtures this project ships."""

R = TypeVar("R", bound=Record)

CLAIM_FIELDS = {"modality": "modality", "hedged": "hedged", "conditional": "conditional", "speaker": "speaker_id"}
"""Label key to Claim attribute, for the claim-level fields."""


@dataclass
class FieldScore:
    """Correct labels out of all labels for one field."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += int(ok)
        self.total += 1

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class Analysis:
    """What ``analyse`` made of one fixture document."""

    document: Document
    claims: list[Claim]
    records: list[Record]

    def of(self, kind: type[R]) -> list[R]:
        """The returned records of one class."""
        return [r for r in self.records if isinstance(r, kind)]


def run(path: Path, nlp: Language, data_dir: Path = DATA_DIR) -> Analysis:
    """One fixture document through the build's own extraction."""
    document = load_document(path, path.parent)
    records = extract(document, nlp, data_dir)
    return Analysis(document, [r for r in records if isinstance(r, Claim)], records)


def evaluate(fixtures_dir: Path = FIXTURES, data_dir: Path = DATA_DIR) -> dict[str, FieldScore]:
    """FieldScore every labelled fixture in ``fixtures_dir``; fields in a fixed order."""
    nlp = build_pipeline(data_dir)
    scores = {name: FieldScore() for name in (*CLAIM_FIELDS, "red_line_concept", "organization")}
    for labels_path in sorted(fixtures_dir.glob("*.labels.json")):
        labels = load_json(labels_path)
        result = run(fixtures_dir / labels["document"], nlp, data_dir)
        for label in labels["claims"]:
            claim = next((c for c in result.claims if label["text"] in c.text), None)
            for key, attribute in CLAIM_FIELDS.items():
                scores[key].add(claim is not None and getattr(claim, attribute) == label[key])
        for label in labels["red_lines"]:
            red_line = next((r for r in result.of(RedLine) if label["text"] in r.text), None)
            scores["red_line_concept"].add(red_line is not None and red_line.concept_id == label["concept"])
        for label in labels["organizations"]:
            mention = next((m for m in result.of(OrganizationMention) if m.surface == label["surface"]), None)
            scores["organization"].add(mention is not None and mention.organization_id == label["organization"])
    return scores


def table(scores: dict[str, FieldScore]) -> str:
    """The scores as the markdown table docs/claims.md shows."""
    rows = [f"| {name} | {s.correct} | {s.total} | {s.accuracy:.0%} |" for name, s in scores.items()]
    return "\n".join(["| field | correct | labels | accuracy |", "|---|---|---|---|", *rows]) + "\n"


def main(argv: list[str]) -> None:
    """Print the accuracy table for the fixtures folder given (default: the project's)."""
    print(table(evaluate(Path(argv[0]) if argv else FIXTURES)), end="")


if __name__ == "__main__":
    main(sys.argv[1:])
