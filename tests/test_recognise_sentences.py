"""The sentence splitter: every example in its data file, and block boundaries."""

from __future__ import annotations

import pytest

from kb.recognise.nlp import annotate
from kb.reference import DATA_DIR, load_json

EXAMPLES = load_json(DATA_DIR / "patterns" / "sentences.json")["examples"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e["text"][:30])
def test_recognise_sentences_data_examples(nlp, example):
    doc = annotate(nlp, example["text"], [(0, len(example["text"]))])
    assert len(list(doc.sents)) == example["sentences"]


def test_recognise_sentences_never_cross_a_block(nlp):
    text = "A heading without a stop\nThe body starts here. It ends here"
    doc = annotate(nlp, text, [(0, 24), (25, len(text))])
    assert [s.text.strip() for s in doc.sents] == ["A heading without a stop", "The body starts here.", "It ends here"]


def test_recognise_sentences_lowercase_continuation_is_not_a_new_sentence(nlp):
    text = "Codified at 50 U.S.C. \u00a7 1801 et seq. as amended."
    assert len(list(annotate(nlp, text, [(0, len(text))]).sents)) == 1
