"""The one-way flow for one document: segment, recognise, resolve, link.

``extract`` is a pure function of a document and the reference data, so the
build can run it in this process or in worker processes (``kb.pipeline.workers``);
it returns plain records and never touches the database.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from spacy.language import Language

from kb.link.claims import analyse
from kb.link.redlines import load_concepts
from kb.models import Document, Record
from kb.recognise.nlp import annotate
from kb.reference import DATA_DIR
from kb.reference.organizations import load_organizations
from kb.reference.registry import authority_records
from kb.resolve import resolve_mentions
from kb.resolve.own import document_authority
from kb.segment import segment
from kb.segment.notes import cite
from kb.segment.pages import pages_of
from kb.segment.sentences import claims_of, place, sentences_of


def extract(document: Document, nlp: Language, data_dir: Path = DATA_DIR) -> list[Record]:
    """Every record derived from one document, the document itself first."""
    seg, blocks = segment(document, data_dir)
    doc = annotate(nlp, document.text, [(b.start, b.end) for b in blocks])
    sentences = sentences_of(document, doc, blocks, seg)
    claims = claims_of(sentences)
    cite(seg.notes, sentences)
    mentions, cited, equivalences = resolve_mentions(doc, document.id, data_dir)
    own, own_records = document_authority(doc, document, data_dir)
    document = replace(document, authority_id=own, stated_authority_id=own)
    known = {a.id for a in cited}
    cited += [a for a in own_records if a.id not in known]
    pages = pages_of(document)
    place(mentions, seg, sentences, claims, [p.start for p in pages])
    linked = analyse(document, seg, claims, mentions, doc, data_dir)
    return [document, *pages, *seg.records(), *sentences, *claims, *cited, *mentions, *equivalences, *linked]


def reference_records(data_dir: Path = DATA_DIR) -> list[Record]:
    """Records shared by every document: curated authorities, concepts, safeguards, organisations.

    Returns:
        ``Authority`` records with their aliases and relations, then Concept,
        Safeguard, Organization, OrganizationAlias and OrganizationRelation
        records, with stable ids (``mass-domestic-surveillance``, ``org/department-of-war``).
    """
    return [*authority_records(data_dir), *load_concepts(data_dir).records, *load_organizations(data_dir).records]
