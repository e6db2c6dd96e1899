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

from spacy.language import Language
from spacy.tokens import Doc

from kb.data import load_json

FINAL_PUNCT = frozenset({".", "?", "!", "?!", "..."})
CLOSERS = frozenset({'"', "\u201d", "\u2019", "'", ")", "]"})

if not Doc.has_extension("kb_blocks"):
    Doc.set_extension("kb_blocks", default=None)


class SentenceSplitter:
    """Sets ``is_sent_start`` on every token of the ``Doc``."""

    def __init__(self, abbreviations: frozenset[str]) -> None:
        self.abbreviations = abbreviations

    def __call__(self, doc: Doc) -> Doc:
        block_starts = sorted(start for start, _ in (doc._.kb_blocks or []))
        boundary_after = False
        for i, token in enumerate(doc):
            starts_block = _starts_block(token.idx, block_starts)
            if i == 0 or starts_block:
                token.is_sent_start = True
            elif token.is_space:
                token.is_sent_start = False
                continue
            elif boundary_after and token.text in CLOSERS:
                token.is_sent_start = False
                continue
            else:
                token.is_sent_start = boundary_after and not token.text[:1].islower()
            boundary_after = self._ends_sentence(doc, i)
        return doc

    def _ends_sentence(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if token.text not in FINAL_PUNCT:
            return False
        if token.text == "." and i > 0 and not doc[i - 1].whitespace_:
            return doc[i - 1].lower_.rstrip(".") not in self.abbreviations
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
