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
from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from kb.recognise.doctext import text_of
from kb.reference import load_json

FINAL_PUNCT = frozenset({".", "?", "!", "?!", "..."})
CLOSERS = frozenset({'"', "\u201d", "\u2019", "'", ")", "]"})

if not Doc.has_extension("kb_blocks"):
    Doc.set_extension("kb_blocks", default=None)


class SentenceSplitter:
    """Sets the sentence starts of the whole ``Doc`` in one array write.

    Setting ``token.is_sent_start`` token by token makes spaCy re-check the
    document's annotation on every assignment, which is quadratic in the
    document's length, and a Python step per token costs more than the
    tokenizer itself; the arrays are read once, block starts and
    sentence-final punctuation are found with numpy, and Python only looks at
    the few tokens around each final punctuation mark.
    """

    def __init__(self, abbreviations: frozenset[str], final: list[int], closers: list[int]) -> None:
        self.abbreviations = abbreviations
        self.final = numpy.array(final, dtype="uint64")
        self.closers = frozenset(closers)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orth, idx, length, spaced, space = doc.to_array([ORTH, IDX, LENGTH, SPACY, IS_SPACE]).T
        text = text_of(doc)
        flags = numpy.full(len(doc), -1, dtype="int64")
        flags[0] = 1
        blocks = numpy.array(sorted(start for start, _ in (doc._.kb_blocks or [])), dtype="uint64")
        flags[numpy.isin(idx, blocks)] = 1
        for i in numpy.flatnonzero(numpy.isin(orth, self.final)).tolist():
            if self._closes_abbreviation(text, idx, length, spaced, i):
                continue
            j = i + 1
            while j < len(doc) and flags[j] != 1 and (space[j] or int(orth[j]) in self.closers):
                j += 1
            if j < len(doc) and not text[int(idx[j])].islower():
                flags[j] = 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]  # thinc's Ints2d is a numpy array
        return doc

    def _closes_abbreviation(self, text: str, idx, length, spaced, i: int) -> bool:
        """A period glued to a known abbreviation ("No." in "Exec. Order No. 12333") ends nothing."""
        if i == 0 or spaced[i - 1] or text[int(idx[i]):int(idx[i]) + int(length[i])] != ".":
            return False
        start = int(idx[i - 1])
        return text[start:start + int(length[i - 1])].lower().rstrip(".") in self.abbreviations


def load_abbreviations(data_dir: Path) -> frozenset[str]:
    """The abbreviations list from ``patterns/sentences.json``, lower-cased."""
    data = load_json(data_dir / "patterns" / "sentences.json")
    return frozenset(a.lower() for a in data["abbreviations"])


@Language.factory("kb_sentences", default_config={"data_dir": ""})
def make_sentence_splitter(nlp: Language, name: str, data_dir: str) -> SentenceSplitter:
    """Factory registered with spaCy; ``data_dir`` is the reference-data folder."""
    strings = nlp.vocab.strings
    return SentenceSplitter(
        load_abbreviations(Path(data_dir)), [strings.add(p) for p in sorted(FINAL_PUNCT)], [strings.add(c) for c in sorted(CLOSERS)]
    )
