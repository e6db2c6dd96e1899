"""Plain records that extraction returns and the store writes.

Every record names the table it belongs to (``TABLE``), so the store can save
any mix of records without knowing which stage made them, and extraction never
touches the database (ARCHITECTURE.md, line 1). Records that point into a
document carry ``document_id``, ``start`` and ``end``: ``text[start:end]`` of
that document is exactly the record's ``text`` or ``surface``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import ClassVar


def stable_id(*parts: object, length: int = 16) -> str:
    """Derive an id from what identifies a record, never from insertion order.

    Args:
        parts: the values that identify the record (document path, unit kind,
            offsets, ...); they are joined with a separator that cannot occur
            in them by accident.

    Returns:
        A short hex digest, identical across rebuilds of the same input.
    """
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


@dataclass
class Record:
    """Base class: a row of ``TABLE``."""

    TABLE: ClassVar[str] = ""


@dataclass
class Document(Record):
    """A corpus document: its body exactly as read, front matter apart."""

    TABLE: ClassVar[str] = "documents"
    id: str
    path: str
    title: str
    text: str
    sha256: str
    publisher: str | None = None
    kind: str | None = None
    language: str | None = None
    url: str | None = None
    date: str | None = None
    supersedes: str | None = None
    body_offset: int = 0
    word_count: int = 0


@dataclass
class Section(Record):
    """A heading and everything under it until the next heading of its level or above."""

    TABLE: ClassVar[str] = "sections"
    id: str
    document_id: str
    parent_id: str | None
    number: int
    level: int
    heading: str
    heading_start: int
    heading_end: int
    start: int
    end: int
    text: str


@dataclass
class Paragraph(Record):
    """A block of text between blank lines (a list item is its own paragraph)."""

    TABLE: ClassVar[str] = "paragraphs"
    id: str
    document_id: str
    section_id: str | None
    number: int
    start: int
    end: int
    text: str


@dataclass
class ListItem(Record):
    """A bulleted or numbered item, with its marker as written and its position."""

    TABLE: ClassVar[str] = "list_items"
    id: str
    document_id: str
    section_id: str | None
    parent_id: str | None
    paragraph_id: str | None
    marker: str
    style: str
    level: int
    number: int
    start: int
    end: int
    text: str


@dataclass
class Clause(Record):
    """A numbered provision and the text it governs, up to its next sibling.

    ``label`` is the marker as written ("1.", "(a)", "Sec. 2."); ``number`` is
    the position among siblings, because real texts often number every item
    "1." and analysts cite position; ``path`` joins ancestors' numbers ("2.1.3").
    """

    TABLE: ClassVar[str] = "clauses"
    id: str
    document_id: str
    section_id: str | None
    parent_id: str | None
    label: str
    number: int
    path: str
    level: int
    title: str | None
    start: int
    end: int
    text: str


@dataclass
class FaqEntry(Record):
    """A question and its own answer, each with exact offsets."""

    TABLE: ClassVar[str] = "faq"
    id: str
    document_id: str
    section_id: str | None
    number: int
    question: str
    question_start: int
    question_end: int
    answer: str
    answer_start: int
    answer_end: int
    start: int
    end: int
    text: str


@dataclass
class Sentence(Record):
    """A sentence, placed in the smallest units that contain it."""

    TABLE: ClassVar[str] = "sentences"
    id: str
    document_id: str
    section_id: str | None
    paragraph_id: str | None
    clause_id: str | None
    faq_id: str | None
    list_item_id: str | None
    role: str
    number: int
    start: int
    end: int
    text: str


@dataclass
class Segmentation:
    """Every unit of one document, in document order."""

    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    list_items: list[ListItem] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    faq: list[FaqEntry] = field(default_factory=list)

    def records(self) -> list[Record]:
        """All units as one list, parents before children."""
        return [*self.sections, *self.paragraphs, *self.list_items, *self.clauses, *self.faq]


@dataclass
class Claim(Record):
    """A sentence that asserts something (not a heading or a question).

    The analysis fields (speaker, modality, hedges, conditions) are filled by
    ``kb.link.claims``; segmentation leaves them at their defaults.
    """

    TABLE: ClassVar[str] = "claims"
    id: str
    document_id: str
    sentence_id: str
    section_id: str | None
    clause_id: str | None
    faq_id: str | None
    role: str
    start: int
    end: int
    text: str
    speaker_id: str | None = None
    about_id: str | None = None
    modality: str | None = None
    hedged: int = 0
    hedge_cue: str | None = None
    negated: int = 0
    conditional: int = 0


@dataclass
class Authority(Record):
    """A canonical legal authority: curated in ``corpus/authorities`` or made from a citation."""

    TABLE: ClassVar[str] = "authorities"
    id: str
    name: str
    kind: str
    citation: str | None = None
    short_name: str | None = None
    codification: str | None = None
    date: str | None = None
    issuer: str | None = None
    url: str | None = None
    summary: str | None = None
    jurisdiction: str | None = None
    curated: int = 1

    def __post_init__(self) -> None:
        # The id's root names the legal system (us, eu, us-co), so the two cannot disagree.
        if self.jurisdiction is None:
            self.jurisdiction = self.id.split("/", 1)[0]


@dataclass
class AuthorityAlias(Record):
    """A name, short name, acronym or citation form that refers to an authority."""

    TABLE: ClassVar[str] = "authority_aliases"
    id: str
    authority_id: str
    alias: str
    kind: str


@dataclass
class AuthorityRelation(Record):
    """A typed link between two authorities (codified_at, amends, implements, supersedes, part_of)."""

    TABLE: ClassVar[str] = "authority_relations"
    id: str
    source_id: str
    relation: str
    target_id: str


@dataclass
class Mention(Record):
    """A place where a document cites an authority, or leans on unnamed law.

    ``authority_id`` is None for generic references ("applicable law"); the
    containing units are filled in by the pipeline from the offsets.
    """

    TABLE: ClassVar[str] = "mentions"
    id: str
    document_id: str
    authority_id: str | None
    start: int
    end: int
    surface: str
    method: str
    kind: str = "authority"
    pinpoint: str | None = None
    stated_date: str | None = None
    date_mismatch: int = 0
    section_id: str | None = None
    clause_id: str | None = None
    faq_id: str | None = None
    sentence_id: str | None = None
    claim_id: str | None = None


@dataclass
class Node(Record):
    """A vertex of the linked graph: one record of any kind, addressed as ``kind:id``."""

    TABLE: ClassVar[str] = "nodes"
    id: str
    kind: str
    label: str
    ref_table: str
    ref_id: str
    document_id: str | None = None


@dataclass
class Edge(Record):
    """A typed link between two nodes; links drawn from text carry their evidence span."""

    TABLE: ClassVar[str] = "edges"
    id: str
    source: str
    target: str
    relation: str
    document_id: str | None = None
    start: int | None = None
    end: int | None = None
    surface: str | None = None


@dataclass
class NodeMetric(Record):
    """Degree and PageRank of a node, computed at build time with networkx's algorithm (``kb.graph.pagerank``)."""

    TABLE: ClassVar[str] = "node_metrics"
    id: str
    kind: str
    label: str
    degree: int
    in_degree: int
    out_degree: int
    pagerank: float


@dataclass
class RedLineSupport(Record):
    """One thing a red line's protection rests on, found through the clauses and claims that address it."""

    TABLE: ClassVar[str] = "red_line_support"
    id: str
    red_line_id: str
    document_id: str
    support_kind: str
    target_id: str
    target_label: str
    via_id: str
    via_kind: str


@dataclass
class RedLineBasis(Record):
    """Per red line: whether its protection rests on named law, only generic law, or only the vendor's word."""

    TABLE: ClassVar[str] = "red_line_basis"
    id: str
    document_id: str
    concept_id: str | None
    text: str
    named_authorities: int
    generic_law: int
    safeguards: int
    assurances: int
    basis: str


# --- claims analysis records (kb.link.claims) ---


@dataclass
class Concept(Record):
    """A red-line concept shared across documents (mass domestic surveillance, ...)."""

    TABLE: ClassVar[str] = "concepts"
    id: str
    name: str
    description: str


@dataclass
class Safeguard(Record):
    """A mechanism texts say protects red lines (safety stack, cloud-only deployment, ...)."""

    TABLE: ClassVar[str] = "safeguards"
    id: str
    name: str
    description: str
    basis: str


@dataclass
class Organization(Record):
    """An organisation that speaks or is spoken about; curated, or made from a document's publisher."""

    TABLE: ClassVar[str] = "organizations"
    id: str
    name: str
    kind: str
    description: str | None = None
    curated: int = 1


@dataclass
class OrganizationAlias(Record):
    """A name texts use for an organisation (DoW, D.O.W., the Pentagon)."""

    TABLE: ClassVar[str] = "organization_aliases"
    id: str
    organization_id: str
    alias: str
    kind: str


@dataclass
class OrganizationRelation(Record):
    """A typed link between organisations (same_as, part_of, member_of)."""

    TABLE: ClassVar[str] = "organization_relations"
    id: str
    source_id: str
    relation: str
    target_id: str


@dataclass
class OrganizationMention(Record):
    """A place where a document names an organisation, resolved to its id."""

    TABLE: ClassVar[str] = "organization_mentions"
    id: str
    document_id: str
    organization_id: str
    start: int
    end: int
    surface: str
    method: str
    claim_id: str | None = None


@dataclass
class RedLine(Record):
    """A red line a document states: an item of a red-line list, or a prohibition."""

    TABLE: ClassVar[str] = "red_lines"
    id: str
    document_id: str
    start: int
    end: int
    text: str
    source: str
    concept_id: str | None
    organization_id: str | None
    conditional: int = 0
    claim_id: str | None = None
    clause_id: str | None = None
    list_item_id: str | None = None


@dataclass
class ConceptLink(Record):
    """A claim or clause addresses a red-line concept (and the document's red line for it)."""

    TABLE: ClassVar[str] = "concept_links"
    id: str
    document_id: str
    source_id: str
    source_kind: str
    concept_id: str
    red_line_id: str | None
    method: str
    start: int
    end: int
    surface: str


@dataclass
class SafeguardLink(Record):
    """A claim or clause invokes a safeguard."""

    TABLE: ClassVar[str] = "safeguard_links"
    id: str
    document_id: str
    source_id: str
    source_kind: str
    safeguard_id: str
    start: int
    end: int
    surface: str


@dataclass
class Condition(Record):
    """A condition, exception or scope limitation a claim states."""

    TABLE: ClassVar[str] = "conditions"
    id: str
    document_id: str
    claim_id: str
    kind: str
    depends_on: str
    start: int
    end: int
    surface: str


@dataclass
class ConditionDependency(Record):
    """An authority or generic-law mention inside a condition: what the condition leans on."""

    TABLE: ClassVar[str] = "condition_dependencies"
    id: str
    document_id: str
    condition_id: str
    mention_id: str
    authority_id: str | None
    start: int
    end: int
    surface: str


@dataclass
class Comparison(Record):
    """A claim that compares the speaker with another organisation."""

    TABLE: ClassVar[str] = "comparisons"
    id: str
    document_id: str
    claim_id: str
    source_id: str | None
    relation: str
    target_id: str
    start: int
    end: int
    surface: str


# --- rebuild records (kb.pipeline.build, kb.pipeline.changes, kb.pipeline.versions) ---


@dataclass
class Build(Record):
    """One run of the build: when, over what, how long, and what it wrote."""

    TABLE: ClassVar[str] = "builds"
    id: int
    started_at: str
    duration_ms: int
    corpus_hash: str
    pipeline_hash: str
    kb_version: str
    jobs: int
    documents: int
    extracted: int
    reused: int
    skipped: int
    skipped_files: str | None
    clauses: int
    claims: int
    mentions: int
    authorities: int
    changes: int
    counts: str
    document_tables: str


@dataclass
class Change(Record):
    """One difference between a build and the build before it."""

    TABLE: ClassVar[str] = "changes"
    id: str
    build_id: int
    change: str
    kind: str
    item_id: str
    document_id: str | None
    text: str | None


@dataclass
class ClauseDiff(Record):
    """A clause added, removed, changed or moved between a document and the one it supersedes."""

    TABLE: ClassVar[str] = "clause_diffs"
    id: str
    document_id: str
    supersedes_id: str
    change: str
    path: str
    old_path: str | None
    title: str | None
    new_clause_id: str | None
    old_clause_id: str | None
    new_text: str | None
    old_text: str | None


@dataclass
class RecordSource(Record):
    """A document that produced a record belonging to no single document (an authority made from a citation)."""

    TABLE: ClassVar[str] = "record_sources"
    id: str
    document_id: str
    table_name: str
    record_id: str
