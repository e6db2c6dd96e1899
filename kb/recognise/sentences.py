"""Sentence boundaries that respect document structure and legal abbreviations.

spaCy's rule-based ``sentencizer`` splits after every period token, which cuts
"Exec. Order No. 12333" into three sentences, and it knows nothing of the
blank lines and list markers that end a sentence in real announcements even
when no period does ("The Fourth Amendment" as a bullet). This component
starts a sentence at every structural block and after sentence-final
punctuation that does not close a known abbreviation.
"""

from __future__ import annotations

from pathlib import Path

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from kb.data import load_json

FINAL_PUNCT = frozenset({".", "?", "!", "?!", "..."})
CLOSERS = frozenset({'"', "\u201d", "\u2019", "'", ")", "]"})

if not Doc.has_extension("kb_blocks"):
    Doc.set_extension("kb_blocks", default=None)


class SentenceSplitter:
    """Sets the sentence starts of the whole ``Doc`` in one array write.

    Setting ``token.is_sent_start`` token by token makes spaCy re-check the
    document's annotation on every assignment, which is quadratic in the
    document's length, and every ``Token`` object costs an allocation; the
    flags are computed on plain lists read from one array instead.
    """

    def __init__(self, abbreviations: frozenset[str]) -> None:
        self.abbreviations = abbreviations

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        block_starts = {start for start, _ in (doc._.kb_blocks or [])}
        columns = doc.to_array([IDX, LENGTH, SPACY]).tolist()
        text = doc.text
        flags = [-1] * len(columns)
        flags[0] = 1
        boundary_after = False
        previous, previous_spaced = "", True
        for i, (idx, length, spaced) in enumerate(columns):
            word = text[idx:idx + length]
            if idx in block_starts:
                flags[i] = 1
            elif word.isspace() or (boundary_after and word in CLOSERS):
                previous, previous_spaced = word, spaced
                continue
            elif boundary_after and not word[:1].islower():
                flags[i] = 1
            boundary_after = word in FINAL_PUNCT and (
                word != "." or previous_spaced or previous.lower().rstrip(".") not in self.abbreviations
            )
            previous, previous_spaced = word, spaced
        doc.from_array([SENT_START], numpy.array(flags, dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


def load_abbreviations(data_dir: Path) -> frozenset[str]:
    """The abbreviations list from ``patterns/sentences.json``, lower-cased."""
    data = load_json(data_dir / "patterns" / "sentences.json")
    return frozenset(a.lower() for a in data["abbreviations"])


@Language.factory("kb_sentences", default_config={"data_dir": ""})
def make_sentence_splitter(nlp: Language, name: str, data_dir: str) -> SentenceSplitter:
    """Factory registered with spaCy; ``data_dir`` is the reference-data folder."""
    return SentenceSplitter(load_abbreviations(Path(data_dir)))
