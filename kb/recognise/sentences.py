"""Sentence boundaries that respect document structure and legal abbreviations.

spaCy's rule-based ``sentencizer`` splits after every period token, which cuts
"Exec. Order No. 12333" into three sentences, and it knows nothing of the
blank lines and list markers that end a sentence in real announcements even
when no period does ("The Fourth Amendment" as a bullet). This component
starts a sentence at every structural block and after sentence-final
punctuation that does not close a known abbreviation.
"""

from __future__ import annotations

import bisect
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
        block_starts = sorted(start for start, _ in (doc._.kb_blocks or []))
        columns = doc.to_array([IDX, LENGTH, SPACY]).tolist()
        text = doc.text
        words = [text[idx:idx + length] for idx, length, _ in columns]
        spaces = [bool(space) for _, _, space in columns]
        offsets = [idx for idx, _, _ in columns]
        flags = numpy.full(len(doc), -1, dtype="int32")
        boundary_after = False
        for i, word in enumerate(words):
            if i == 0 or _starts_block(offsets[i], block_starts):
                flags[i] = 1
            elif word.isspace() or (boundary_after and word in CLOSERS):
                continue
            elif boundary_after and not word[:1].islower():
                flags[i] = 1
            boundary_after = self._ends_sentence(words, spaces, i)
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
        return doc

    def _ends_sentence(self, words: list[str], spaces: list[bool], i: int) -> bool:
        word = words[i]
        if word not in FINAL_PUNCT:
            return False
        if word == "." and i > 0 and not spaces[i - 1]:
            return words[i - 1].lower().rstrip(".") not in self.abbreviations
        return True


def _starts_block(offset: int, block_starts: list[int]) -> bool:
    index = bisect.bisect_left(block_starts, offset)
    return index < len(block_starts) and block_starts[index] == offset


def load_abbreviations(data_dir: Path) -> frozenset[str]:
    """The abbreviations list from ``patterns/sentences.json``, lower-cased."""
    data = load_json(data_dir / "patterns" / "sentences.json")
    return frozenset(a.lower() for a in data["abbreviations"])


@Language.factory("kb_sentences", default_config={"data_dir": ""})
def make_sentence_splitter(nlp: Language, name: str, data_dir: str) -> SentenceSplitter:
    """Factory registered with spaCy; ``data_dir`` is the reference-data folder."""
    return SentenceSplitter(load_abbreviations(Path(data_dir)))
