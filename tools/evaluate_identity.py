"""Split and merged authorities per labelled fixture: each document alone, and with the corpus's identity stage.

Usage::

    python -m tools.evaluate_identity             # per fixture, and all fixtures as one corpus
    python -m tools.evaluate_identity --verbose   # and each split or merged authority

Resolution accuracy (``tools.evaluate``) counts every wrong id; this asks the
two questions identity is about. A labelled authority is *split* when the
mentions labelled with it came out on two or more records; labelled
authorities are *merged* when two or more of them came out on one record (each
of them counts). The ``document`` columns resolve each fixture alone, as
``tools.evaluate`` does; the ``corpus`` columns then apply the build's identity
stage (``kb.resolve.identity``) over every fixture's equivalences, as a build
of all of them together would. The last row counts over all fixtures at once,
so an authority labelled in two files and resolved to two records there is
split, which no single file shows.

Labels give each mention the id its own document's words give it
(``docs/labelling.md``), so one act may be labelled by its title's id in one
file and by its public law in another. Across files the corpus columns then
count such a pair as merged, though it is one authority. ``LABEL_SCHEMES``
lists such pairs, each with the fact that makes them one, and every count here
reads each group as one labelled authority; ``--verbose`` lists every merge
left, to tell a pair missing from that list from two authorities on one record.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kb.models import Mention
from kb.recognise.nlp import annotate, build_pipeline
from kb.reference import DATA_DIR
from kb.reference.registry import load_registry
from kb.resolve import resolve_mentions
from kb.resolve.identity import Identity, corpus_identity
from tools.evaluate import FIXTURES, label_spans, match

LABEL_SCHEMES = FIXTURES.parent / "label_schemes.json"

Resolved = tuple[str, list[tuple[str, Mention]]]
"""A fixture's name and its (labelled authority, matched mention) pairs."""


@dataclass
class IdentityScore:
    """Labelled authorities of one fixture (or all), and how many came out split or merged."""

    labelled: int
    split: dict[str, set[str]]
    """Labelled authority to the records its mentions came out on, where they are two or more."""
    merged: dict[str, set[str]]
    """Record to the labelled authorities that came out on it, where they are two or more."""

    @property
    def merged_count(self) -> int:
        return len({label for labels in self.merged.values() for label in labels})


def identity_score(pairs: list[tuple[str, str]]) -> IdentityScore:
    """Split and merged authorities among (labelled authority, predicted record) pairs."""
    records: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, set[str]] = defaultdict(set)
    for label, record in pairs:
        records[label].add(record)
        labels[record].add(label)
    return IdentityScore(
        labelled=len(records),
        split={label: found for label, found in records.items() if len(found) > 1},
        merged={record: found for record, found in labels.items() if len(found) > 1},
    )


def label_schemes(path: Path = LABEL_SCHEMES) -> dict[str, str]:
    """Each label that names an authority by a second id scheme, to the group's first label."""
    groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
    return {label: group["labels"][0] for group in groups for label in group["labels"][1:]}


def matched_mentions(fixtures: Path = FIXTURES, data_dir: Path = DATA_DIR) -> tuple[list[Resolved], Identity]:
    """Each fixture's labelled authorities with the mentions matched to them, and the identity over all fixtures."""
    nlp = build_pipeline(data_dir)
    schemes = label_schemes()
    resolved: list[Resolved] = []
    ties = []
    for label_path in sorted(fixtures.glob("*.json")):
        labels = json.loads(label_path.read_text(encoding="utf-8"))
        text = (fixtures / labels["text"]).read_text(encoding="utf-8")
        found = resolve_mentions(annotate(nlp, text, [(0, len(text))]), label_path.stem, data_dir)
        gold = label_spans(text, labels["mentions"], label_path.name)
        predicted = [(m.start, m.end, m.authority_id, m.surface) for m in found.mentions]
        pairs = [(schemes.get(str(gold[g][2]), str(gold[g][2])), found.mentions[p]) for g, p in match(gold, predicted)
                 if gold[g][2] is not None and found.mentions[p].authority_id is not None]
        resolved.append((label_path.stem, pairs))
        ties += [(e.stated_authority_id, e.equivalent_id, e.rule) for e in found.equivalences]
    return resolved, corpus_identity(ties, load_registry(data_dir))


def evaluate(fixtures: Path = FIXTURES, data_dir: Path = DATA_DIR) -> dict[str, tuple[IdentityScore, IdentityScore]]:
    """Per fixture and over ``all``: (each document alone, with the corpus's identity)."""
    resolved, identity = matched_mentions(fixtures, data_dir)
    scores = {}
    everything: list[tuple[str, Mention]] = []
    for name, pairs in resolved:
        scores[name] = _both(pairs, identity)
        everything += pairs
    scores["all"] = _both(everything, identity)
    return scores


def _both(pairs: list[tuple[str, Mention]], identity: Identity) -> tuple[IdentityScore, IdentityScore]:
    alone = identity_score([(label, str(m.authority_id)) for label, m in pairs])
    united = identity_score([(label, identity.canonical(str(m.stated_authority_id))) for label, m in pairs])
    return alone, united


def report(scores: dict[str, tuple[IdentityScore, IdentityScore]], verbose: bool = False) -> str:
    """The figures as a plain-text table (and each split and merge when ``verbose``)."""
    lines = [f"{'fixture':<24}{'labelled':>9}{'split':>7}{'merged':>8}{'split':>8}{'merged':>8}",
             f"{'':<24}{'':>9}{'(document)':>15}{'(corpus)':>16}"]
    for name, (alone, united) in scores.items():
        lines.append(f"{name:<24}{alone.labelled:>9}{len(alone.split):>7}{alone.merged_count:>8}"
                     f"{len(united.split):>8}{united.merged_count:>8}")
    if verbose:
        for mode, index in (("document", 0), ("corpus", 1)):
            score = scores["all"][index]
            lines += ["", f"{mode}:"]
            lines += [f"  split {label}: {', '.join(sorted(found))}" for label, found in sorted(score.split.items())]
            lines += [f"  merged on {record}: {', '.join(sorted(found))}" for record, found in sorted(score.merged.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Print, per labelled fixture, how many authorities came out split over several records or merged into one."""
    parser = argparse.ArgumentParser(prog="python -m tools.evaluate_identity", description=main.__doc__)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="folder of labelled fixtures")
    parser.add_argument("--verbose", action="store_true", help="also list each split and merged authority")
    args = parser.parse_args(argv)
    print(report(evaluate(args.fixtures), args.verbose))


if __name__ == "__main__":
    main()
