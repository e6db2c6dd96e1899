"""The spaCy pipeline: a blank English pipeline plus the project's own components.

Nothing is downloaded: the tokenizer is spaCy's rule-based English one and
every component is registered in ``kb.recognise`` with its patterns read from
``corpus/`` data. ``build_pipeline`` is the one place that assembles it, so the
build, the evaluation and the tests all run the same pipeline.
"""

from __future__ import annotations

import re
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kb import recognise  # noqa: F401  (registers the component factories)
from kb.recognise import doctext  # noqa: F401  (registers doc._.kb_text)
from kb.reference import DATA_DIR

PIPELINE: tuple[str, ...] = ("kb_sentences", "kb_authorities", "kb_organizations")
"""Component factory names, in the order they run."""

LONG_RUN = re.compile(r"\S{500,}")
"""A run without whitespace long enough that spaCy's suffix search over it, quadratic in its length,
dominates (12 KB of "U.S.C." took 7 s). No real token is this long; the longest, URLs, stay under it."""

RUN_PIECE = 100
"""The length of the pieces a long run is tokenized in."""


def build_pipeline(data_dir: Path = DATA_DIR) -> Language:
    """Assemble the pipeline whose components read their patterns from ``data_dir``.

    Args:
        data_dir: the reference-data folder (``corpus/`` of this repository by default).

    Returns:
        A blank English ``Language`` with the project's components added.
    """
    nlp = spacy.blank("en")
    for name in PIPELINE:
        nlp.add_pipe(name, config={"data_dir": str(data_dir)})
    return nlp


def annotate(nlp: Language, text: str, blocks: list[tuple[int, int]]) -> Doc:
    """Run the pipeline over ``text`` whose structural blocks are already known.

    Args:
        nlp: a pipeline from ``build_pipeline``.
        text: a document body exactly as read.
        blocks: ``(start, end)`` character spans of paragraphs, list items and
            headings; a sentence never crosses a block boundary.

    Returns:
        The annotated ``Doc``; ``doc.text == text``, so every span's character
        offsets point into the document.
    """
    doc = make_doc(nlp, text)
    doc._.kb_text = text  # read by the components (kb.recognise.doctext)
    doc._.kb_blocks = blocks
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text``, cutting runs without whitespace longer than ``LONG_RUN`` into pieces first.

    Text without such runs is tokenized as a whole, exactly as ``nlp.make_doc``
    does; a text with them is tokenized piece by piece and joined, so its time
    stays linear in its length.
    """
    runs = list(LONG_RUN.finditer(text))
    if not runs:
        return nlp.make_doc(text)
    cuts = [0]
    for run in runs:
        cuts += [*range(run.start(), run.end(), RUN_PIECE), run.end()]
    cuts.append(len(text))
    pieces = [text[a:b] for a, b in zip(cuts, cuts[1:]) if a < b]
    doc = Doc.from_docs([nlp.make_doc(piece) for piece in pieces], ensure_whitespace=False)
    assert doc.text == text, "joined pieces must reproduce the text"
    return doc
