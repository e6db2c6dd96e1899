"""The text a ``Doc`` was made from, read without joining its tokens again.

``Doc.text`` rebuilds the text from every token each time it is read (a third
of a second per reading over a corpus of a million words, more than some
components cost). ``kb.recognise.nlp.annotate`` keeps the text it tokenized on
the ``Doc``; components read it with ``text_of``, which falls back to
``Doc.text`` for a ``Doc`` made some other way (a test's blank pipeline).
"""

from __future__ import annotations

from spacy.tokens import Doc

if not Doc.has_extension("kb_text"):
    Doc.set_extension("kb_text", default=None)


def text_of(doc: Doc) -> str:
    """The text of ``doc``: the one ``annotate`` tokenized, else ``doc.text``."""
    text = doc._.kb_text
    return text if text is not None else doc.text
