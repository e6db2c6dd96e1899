"""The authority a document is the text of: an executive order's text, a DoD issuance, a statute chapter.

Such a document and the authority record are one: ``documents.authority_id``
links them, so the reader can say which authority a text is, the authority's
page can open its text, and a mention elsewhere ("section 1.7(c) of Executive
Order 12333") can reach the unit with that designation inside it. Front matter
may state it (``authority: us/eo/12333``); otherwise the text's first line, when
it is nothing but a citation ("Executive Order 14999 of March 3, 2026",
"DOD INSTRUCTION 3025.21"), identifies it (``kb.recognise.authorities.own_citation``).
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from kb.models import Authority, Document
from kb.reference.registry import load_registry
from kb.resolve.authorities import Resolver


def document_authority(doc: Doc, document: Document, data_dir: Path) -> tuple[str | None, list[Authority]]:
    """The id of the authority ``document`` is the text of, and the record made for it when the registry has none.

    Args:
        doc: the document's ``Doc``, the ``kb_authorities`` component run on it.
        document: the document, whose front matter may state the authority.
        data_dir: the reference-data folder holding the curated registry.

    Returns:
        The authority id (None for a document about law rather than law
        itself) and, for an id no curated record has, a record named after
        the document, so that the id always names a row of ``authorities``.
    """
    registry = load_registry(data_dir)
    if document.authority_id:
        stated = document.authority_id
        if stated in registry.entries:
            return stated, []
        return stated, [Authority(stated, document.title, "other", citation=None, curated=0)]
    own = doc._.kb_own_span
    if own is None:
        return None, []
    resolver = Resolver(registry)
    aid = resolver.authority_id(own)
    return aid, list(resolver.created.values())
