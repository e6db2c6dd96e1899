"""The spaCy pipeline: a blank English pipeline plus the project's own components.

Nothing is downloaded: the tokenizer is spaCy's rule-based English one and
every component is registered in ``kb.recognise`` with its patterns read from
``corpus/`` data. ``build_pipeline`` is the one place that assembles it, so the
build, the evaluation and the tests all run the same pipeline.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kb import recognise  # noqa: F401  (registers the component factories)
from kb.reference import DATA_DIR

PIPELINE: tuple[str, ...] = ("kb_sentences", "kb_authorities", "kb_organizations")
"""Component factory names, in the order they run."""


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
    doc = nlp.make_doc(text)
    doc._.kb_blocks = blocks
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc
