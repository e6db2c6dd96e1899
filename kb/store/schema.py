"""The database schema, declared as data: the analysts' interface.

Each table is a record class (its columns and their types), a description of
the table and of every column (copied into Datasette's metadata and checked
against the README by a test), its foreign keys, extra indexes and full-text
columns. ``kb.store.write.ensure_db_shape`` applies it; renaming anything here is a
breaking change for every saved query.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb import models

SPAN = {
    "document_id": "The document this row comes from (documents.id).",
    "start": "Character offset where the row's text starts in documents.text (0-based).",
    "end": "Character offset just past the row's text: substr(documents.text, start + 1, end - start) is exactly the text.",
}
"""Descriptions shared by every row that points into a document."""


@dataclass(frozen=True)
class Table:
    """How one record class is stored."""

    record: type[models.Record]
    description: str
    columns: dict[str, str]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    label: str | None = None
    facets: tuple[str, ...] = ()
    sort: str | None = None
    hidden: bool = False
    """Bookkeeping tables the build needs but analysts do not browse; Datasette hides them."""

    @property
    def name(self) -> str:
        return self.record.TABLE


def _doc_fk(*others: tuple[str, str]) -> tuple[tuple[str, str, str], ...]:
    """The ``document_id`` foreign key plus ``(column, table)`` pairs pointing at ``id``."""
    return (("document_id", "documents", "id"), *((col, table, "id") for col, table in others))


TABLES: tuple[Table, ...] = (
    Table(
        models.Document,
        "One row per corpus document. `text` is the body exactly as read (after decoding and removing front matter); every offset in the database points into it.",
        {
            "id": "Stable id derived from the document's path (or its front-matter `id`).",
            "path": "Path of the file relative to the corpus documents folder.",
            "title": "Title from front matter, else the first non-empty line, else the file name.",
            "text": "The body exactly as read, without normalisation; offsets point into it.",
            "sha256": "SHA-256 of the whole file as read (front matter included).",
            "publisher": "Who published the document (front matter), if known.",
            "kind": "What sort of document it is (announcement, statute, executive order, memo...), from front matter.",
            "language": "Language code from front matter.",
            "url": "Where the document was published, from front matter.",
            "date": "Publication date from front matter (ISO 8601 where given so).",
            "supersedes": "Id of the document this one replaces (a new version of an agreement), from front matter.",
            "body_offset": "Character offset of the body within the file (length of the front matter).",
            "word_count": "Number of whitespace-separated words in the body.",
        },
        label="title",
        facets=("kind", "publisher"),
        fts=("title", "text"),
    ),
    Table(
        models.Section,
        "Headed sections (markdown headings, standalone short lines such as 'FAQs', a line ending in ':' that introduces a numbered list), nested by level.",
        {
            "id": "Stable id (document path, unit kind, offsets).",
            **SPAN,
            "parent_id": "Enclosing section (sections.id), NULL at the top level.",
            "number": "Position of the section in the document, from 1.",
            "level": "Nesting level: markdown heading depth, 1 for other headings.",
            "heading": "The heading as written, without markdown markers.",
            "heading_start": "Offset where the heading text starts.",
            "heading_end": "Offset just past the heading text.",
            "text": "The heading and everything under it.",
        },
        foreign_keys=_doc_fk(("parent_id", "sections")),
        label="heading",
        facets=("document_id", "level"),
    ),
    Table(
        models.Paragraph,
        "Blocks of text between blank lines; a list item or a heading is a block of its own.",
        {
            "id": "Stable id.",
            **SPAN,
            "section_id": "Enclosing section (sections.id), NULL before the first heading.",
            "number": "Position of the paragraph in the document, from 1.",
            "text": "The paragraph text, trimmed of surrounding whitespace.",
        },
        foreign_keys=_doc_fk(("section_id", "sections")),
        label="text",
        facets=("document_id",),
    ),
    Table(
        models.ListItem,
        "Bulleted ('•', '-', '*') and numbered ('1.', '(a)', 'i.', 'Sec. 2.') items, nested.",
        {
            "id": "Stable id.",
            **SPAN,
            "section_id": "Enclosing section.",
            "parent_id": "Enclosing list item (list_items.id), NULL at the top level.",
            "paragraph_id": "The paragraph row of the item's block.",
            "marker": "The marker as written ('•', '1.', '(a)', ...).",
            "style": "Marker style: bullet, decimal (1. 1.1 (1)), alpha (a. (a)), upper_alpha (A. (A)), roman (i. (iv)), upper_roman (II. (IV)), section (Sec. 2., Section 3, § 4, Article IV).",
            "level": "Nesting depth, from 1.",
            "number": "Position among its siblings, from 1 (texts that number every item '1.' are numbered by position).",
            "text": "The item's text after the marker.",
        },
        foreign_keys=_doc_fk(("section_id", "sections"), ("parent_id", "list_items"), ("paragraph_id", "paragraphs")),
        label="text",
        facets=("document_id", "style", "level"),
    ),
    Table(
        models.Clause,
        "Numbered provisions of an agreement, statute or order: the numbered item and the text it governs up to its next sibling.",
        {
            "id": "Stable id.",
            **SPAN,
            "section_id": "Enclosing section.",
            "parent_id": "Enclosing clause (clauses.id) for sub-clauses such as '(a)' or '(i)'.",
            "label": "The marker as written ('1.', '(a)', 'Sec. 2.').",
            "number": "Position among sibling clauses, from 1.",
            "path": "Numbers of the ancestors and the clause joined by '.', e.g. '2.1.3'.",
            "level": "Nesting depth, from 1.",
            "title": "The clause's lead-in title where it has one ('Deployment architecture'), else NULL.",
            "text": "The clause's whole text, marker included.",
        },
        foreign_keys=_doc_fk(("section_id", "sections"), ("parent_id", "clauses")),
        label="path",
        facets=("document_id", "level"),
        fts=("text",),
    ),
    Table(
        models.FaqEntry,
        "FAQ entries: a question (one or more sentences, or 'Q:') paired with its own answer.",
        {
            "id": "Stable id.",
            **SPAN,
            "section_id": "Enclosing section.",
            "number": "Position of the entry in the document, from 1.",
            "question": "The question as written.",
            "question_start": "Offset where the question starts.",
            "question_end": "Offset just past the question.",
            "answer": "The answer as written (all its paragraphs).",
            "answer_start": "Offset where the answer starts.",
            "answer_end": "Offset just past the answer.",
            "text": "Question and answer together.",
        },
        foreign_keys=_doc_fk(("section_id", "sections")),
        label="question",
        facets=("document_id",),
        fts=("question", "answer"),
    ),
    Table(
        models.Sentence,
        "Every sentence, with the units that contain it.",
        {
            "id": "Stable id.",
            **SPAN,
            "section_id": "Enclosing section.",
            "paragraph_id": "Enclosing paragraph.",
            "clause_id": "Innermost enclosing clause, if any.",
            "faq_id": "Enclosing FAQ entry, if any.",
            "list_item_id": "Enclosing list item, if any.",
            "role": "heading, lead_in (a heading that is a sentence introducing a numbered list), question, answer, clause, list_item or narrative.",
            "number": "Position of the sentence in the document, from 1.",
            "text": "The sentence.",
        },
        foreign_keys=_doc_fk(
            ("section_id", "sections"), ("paragraph_id", "paragraphs"), ("clause_id", "clauses"),
            ("faq_id", "faq"), ("list_item_id", "list_items"),
        ),
        label="text",
        facets=("document_id", "role"),
    ),
    Table(
        models.Claim,
        "Sentences that assert something: FAQ answers, clauses, list items and narrative (not headings or questions).",
        {
            "id": "Stable id (the sentence's).",
            **SPAN,
            "sentence_id": "The sentence row (sentences.id).",
            "section_id": "Enclosing section.",
            "clause_id": "Innermost enclosing clause, if any.",
            "faq_id": "The FAQ entry whose answer holds the claim, if any.",
            "role": "answer, clause, list_item, narrative or lead_in.",
            "text": "The claim's sentence.",
            "speaker_id": "The organisation making the claim (organizations.id).",
            "about_id": "The organisation the claim is about (organizations.id).",
            "modality": "commitment, prohibition, permission, assurance, hedge, factual or comparison.",
            "hedged": "1 when a hedge cue ('we believe', 'from what we know') softens the claim.",
            "hedge_cue": "The hedge cue as written.",
            "negated": "1 when the claim is negated.",
            "conditional": "1 when the claim holds only under a stated condition or exception.",
        },
        foreign_keys=_doc_fk(("sentence_id", "sentences"), ("section_id", "sections"), ("clause_id", "clauses"), ("faq_id", "faq")),
        label="text",
        facets=("document_id", "role", "modality", "hedged", "conditional"),
        fts=("text",),
    ),
    Table(
        models.Authority,
        "Canonical legal authorities: curated records from corpus/authorities and records made from formal citations found in documents (curated = 0).",
        {
            "id": "Stable USLM-style path, e.g. us/usc/t18/s1385, us/eo/12333, us/const/amdt4; EU law follows EUR-Lex (eu/reg/2016/679), state law is rooted at us-<postal code> (us-co/crs/6-1-1701).",
            "name": "Full name.",
            "kind": "constitution, constitutional_provision, statute, statutory_section, executive_order, presidential_directive, agency_issuance, regulation, case, other.",
            "citation": "Canonical citation (Bluebook style).",
            "short_name": "Short name or acronym (FISA, EO 12333).",
            "codification": "Where it is codified (e.g. 50 U.S.C. ch. 36).",
            "date": "Date enacted, signed or issued (ISO 8601).",
            "issuer": "Who enacted or issued it.",
            "url": "Official URL.",
            "summary": "One line, in our own words.",
            "jurisdiction": "The legal system, the id's first part: us (federal), us-co (a state by postal code), eu.",
            "curated": "1 for records curated in corpus/authorities, 0 for records made from a citation in a document.",
        },
        label="name",
        facets=("kind", "curated", "issuer"),
        fts=("name", "short_name", "citation", "summary"),
    ),
    Table(
        models.AuthorityAlias,
        "Names, short names, acronyms and citation forms of authorities.",
        {
            "id": "Stable id.",
            "authority_id": "The authority (authorities.id).",
            "alias": "The alias as curated.",
            "kind": "name, short_name, acronym, citation or informal.",
        },
        foreign_keys=(("authority_id", "authorities", "id"),),
        label="alias",
        facets=("kind",),
    ),
    Table(
        models.AuthorityRelation,
        "Typed links between authorities: codified_at, amends, implements, supersedes, part_of.",
        {
            "id": "Stable id.",
            "source_id": "The authority the relation starts from.",
            "relation": "codified_at, amends, implements, supersedes or part_of.",
            "target_id": "The authority it points to.",
        },
        foreign_keys=(("source_id", "authorities", "id"), ("target_id", "authorities", "id")),
        facets=("relation",),
    ),
    Table(
        models.Mention,
        "Places where a document cites an authority (authority_id set) or leans on unnamed law (authority_id NULL, kind 'generic').",
        {
            "id": "Stable id.",
            **SPAN,
            "authority_id": "The authority cited (authorities.id); NULL for generic references to unnamed law.",
            "surface": "The text exactly as written: substr(documents.text, start + 1, end - start).",
            "method": "How it was recognised: alias (a curated name or short name), citation (a formal citation), enumeration (an item of a list of citations), section (a section of a named act), defined_alias (a short form the document defines), named_act (an act named by title), case (a case caption), short_cite / short_name / id (short forms of a case cited before), reference (a DoD 'reference (c)'), title (an issuance's quoted title), generic (unnamed law).",
            "kind": "authority or generic.",
            "pinpoint": "A section or subsection cited within the authority (e.g. '702'), if any.",
            "stated_date": "A date the text states with the mention, as written.",
            "date_mismatch": "1 when the stated date disagrees with the registry's date.",
            "section_id": "Enclosing section.",
            "clause_id": "Innermost enclosing clause.",
            "faq_id": "Enclosing FAQ entry.",
            "sentence_id": "Enclosing sentence.",
            "claim_id": "Enclosing claim.",
        },
        foreign_keys=_doc_fk(
            ("authority_id", "authorities"), ("section_id", "sections"), ("clause_id", "clauses"),
            ("faq_id", "faq"), ("sentence_id", "sentences"), ("claim_id", "claims"),
        ),
        # where an authority is cited and how it is written, read from the index alone
        indexes=(("authority_id", "document_id", "surface"),),
        label="surface",
        facets=("document_id", "authority_id", "method", "kind"),
    ),
    Table(
        models.Node,
        "Every record as a vertex of the linked graph: documents, sections, clauses, FAQ entries, claims, authorities, red lines, concepts, safeguards, organisations, and one node for unnamed (generic) law.",
        {
            "id": "Node id, `kind:record id` (e.g. `authority:us/eo/12333`).",
            "kind": "document, section, clause, faq, claim, authority, red_line, concept, safeguard, organization or generic_law.",
            "label": "A short human-readable label.",
            "ref_table": "The table holding the record.",
            "ref_id": "The record's id in that table.",
            "document_id": "The document the record comes from; NULL for shared records (authorities, concepts, organisations).",
        },
        label="label",
        facets=("kind", "document_id"),
        indexes=(("ref_table", "ref_id"),),
    ),
    Table(
        models.Edge,
        "Typed links between nodes. Relations: contains, cites, addresses, states, instance_of, invokes, conditioned_on, made_by, about, compares_with, and authority or organisation relations (codified_at, amends, implements, supersedes, part_of, same_as, ...). Links drawn from text carry the evidence span.",
        {
            "id": "Stable id (source, relation, target, span).",
            "source": "The node the link starts from (nodes.id).",
            "target": "The node it points to (nodes.id).",
            "relation": "The link type.",
            "document_id": "The document holding the evidence, NULL for curated relations.",
            "start": "Offset where the evidence starts in documents.text, NULL without evidence.",
            "end": "Offset just past the evidence.",
            "surface": "The evidence text exactly as written.",
        },
        foreign_keys=(("source", "nodes", "id"), ("target", "nodes", "id"), ("document_id", "documents", "id")),
        indexes=(("relation",),),
        facets=("relation", "document_id"),
    ),
    Table(
        models.NodeMetric,
        "Analysis of the whole graph at build time: degree and PageRank (networkx's algorithm) per node.",
        {
            "id": "The node (nodes.id).",
            "kind": "The node's kind.",
            "label": "The node's label.",
            "degree": "Number of links in and out.",
            "in_degree": "Number of links pointing at the node.",
            "out_degree": "Number of links leaving the node.",
            "pagerank": "PageRank over the graph's links (sums to 1).",
        },
        foreign_keys=(("id", "nodes", "id"),),
        label="label",
        facets=("kind",),
        sort="pagerank",
    ),
    Table(
        models.RedLineSupport,
        "What each red line's protection rests on: authorities cited, generic law leaned on, safeguards invoked and assurances given by the clauses and claims that state or address it.",
        {
            "id": "Stable id.",
            "red_line_id": "The red line (red_lines.id).",
            "document_id": "The red line's document.",
            "support_kind": "authority, generic_law, safeguard or assurance.",
            "target_id": "The node the support is (an authority, safeguard, the generic-law node, or the assuring claim).",
            "target_label": "Its label.",
            "via_id": "The clause or claim through which the red line rests on it (nodes.id).",
            "via_kind": "clause or claim.",
        },
        foreign_keys=(("red_line_id", "red_lines", "id"), ("document_id", "documents", "id"), ("target_id", "nodes", "id"), ("via_id", "nodes", "id")),
        facets=("support_kind", "document_id"),
    ),
    Table(
        models.RedLineBasis,
        "One row per red line: how many named authorities, generic-law references, safeguards and assurances protect it, and the verdict.",
        {
            "id": "The red line (red_lines.id).",
            "document_id": "Its document.",
            "concept_id": "Its concept (concepts.id).",
            "text": "The red line as stated.",
            "named_authorities": "Distinct named authorities its protection cites.",
            "generic_law": "References to unnamed law ('applicable law') in its protection.",
            "safeguards": "Distinct safeguards invoked.",
            "assurances": "Claims that only assure (modality assurance) about it.",
            "basis": "named law; generic law only; vendor controls and assurances only; or nothing stated.",
        },
        foreign_keys=(("id", "red_lines", "id"), ("document_id", "documents", "id"), ("concept_id", "concepts", "id")),
        facets=("basis", "document_id", "concept_id"),
    ),
    # --- claims analysis tables (kb.link.claims) ---
    Table(
        models.Concept,
        "Red-line concepts shared across documents (corpus/concepts/red_lines.json): red lines of different documents and organisations that name the same use land on the same concept.",
        {
            "id": "Slug, e.g. mass-domestic-surveillance.",
            "name": "Display name.",
            "description": "What the concept covers, in our own words.",
        },
        label="name",
    ),
    Table(
        models.Safeguard,
        "Mechanisms texts say protect red lines (corpus/concepts/safeguards.json): safety stack, cloud-only deployment, contract terms, cleared personnel, classifiers, existing law, oversight, usage policies.",
        {
            "id": "Slug, e.g. cloud-only-deployment.",
            "name": "Display name.",
            "description": "What the safeguard is, in our own words.",
            "basis": "Whose word it is: law (law or policy the other party must follow), contract, oversight (independent checking) or vendor (the provider's own controls).",
        },
        label="name",
        facets=("basis",),
    ),
    Table(
        models.Organization,
        "Organisations that speak in or are spoken about by the documents: curated in corpus/organizations.json, or made from a document's publisher (curated = 0).",
        {
            "id": "Slug prefixed 'org/', e.g. org/department-of-war.",
            "name": "Display name.",
            "kind": "company, government, group (e.g. AI labs collectively) or publisher (made from front matter).",
            "description": "One line, in our own words.",
            "curated": "1 for curated records, 0 for a publisher not in the curated list.",
        },
        label="name",
        facets=("kind", "curated"),
    ),
    Table(
        models.OrganizationAlias,
        "Names texts use for organisations (DoW, D.O.W., the Pentagon); 'contextual' aliases ('the Department') mean whichever candidate the text named last.",
        {
            "id": "Stable id (organisation, alias).",
            "organization_id": "The organisation (organizations.id).",
            "alias": "The name as curated.",
            "kind": "name, acronym, informal or contextual.",
        },
        foreign_keys=(("organization_id", "organizations", "id"),),
        label="alias",
        facets=("kind", "organization_id"),
    ),
    Table(
        models.OrganizationRelation,
        "Typed links between organisations: same_as (Department of War and Department of Defense), part_of (NSA in DoD), member_of (a lab among AI labs).",
        {
            "id": "Stable id (source, relation, target).",
            "source_id": "The organisation the relation starts from.",
            "relation": "same_as, part_of or member_of.",
            "target_id": "The organisation it points to.",
        },
        foreign_keys=(("source_id", "organizations", "id"), ("target_id", "organizations", "id")),
        facets=("relation",),
    ),
    Table(
        models.OrganizationMention,
        "Places where a document names an organisation, resolved through its aliases.",
        {
            "id": "Stable id (document, offsets).",
            **SPAN,
            "organization_id": "The organisation named (organizations.id).",
            "surface": "The name exactly as written: substr(documents.text, start + 1, end - start).",
            "method": "The kind of alias that matched: name, acronym, informal or contextual.",
            "claim_id": "The claim holding the mention, NULL outside claims (headings, questions).",
        },
        foreign_keys=_doc_fk(("organization_id", "organizations"), ("claim_id", "claims")),
        label="surface",
        facets=("document_id", "organization_id", "method"),
    ),
    Table(
        models.RedLine,
        "Red lines each document states: items of a list a red-line introducer opens ('Three red lines guide our work:', 'shall not use AI to:'), and prohibitions stated elsewhere ('will not be used to', 'No use of').",
        {
            "id": "Stable id (document, offsets, source).",
            **SPAN,
            "text": "The red line as written: the list item or the prohibiting sentence.",
            "source": "list (an item of a red-line list) or prohibition (a prohibiting claim elsewhere).",
            "concept_id": "The concept whose cue the red line names first (concepts.id); NULL when it names none.",
            "organization_id": "The organisation stating it: the speaker of its first claim (organizations.id).",
            "conditional": "1 when a claim of the red line holds only under a condition or exception ('where law requires').",
            "claim_id": "Its first claim (claims.id).",
            "clause_id": "The clause holding it, if any.",
            "list_item_id": "The list item it is, for source = list.",
        },
        foreign_keys=_doc_fk(
            ("concept_id", "concepts"), ("organization_id", "organizations"), ("claim_id", "claims"),
            ("clause_id", "clauses"), ("list_item_id", "list_items"),
        ),
        label="text",
        facets=("document_id", "concept_id", "organization_id", "source", "conditional"),
        fts=("text",),
    ),
    Table(
        models.ConceptLink,
        "A claim or clause addresses a red-line concept: it names the concept's cue (method cue) or refers to the document's red lines ('these red lines', method reference). The span is the evidence.",
        {
            "id": "Stable id (document, offsets, source, concept).",
            **SPAN,
            "source_id": "The claim (claims.id) or clause (clauses.id) that addresses the concept.",
            "source_kind": "claim or clause.",
            "concept_id": "The concept addressed (concepts.id).",
            "red_line_id": "The document's red line for that concept (the one holding the source if any, else the first), NULL when the document states none.",
            "method": "cue or reference.",
            "surface": "The evidence exactly as written.",
        },
        foreign_keys=_doc_fk(("concept_id", "concepts"), ("red_line_id", "red_lines")),
        label="surface",
        facets=("document_id", "concept_id", "source_kind", "method"),
    ),
    Table(
        models.SafeguardLink,
        "A claim or clause invokes a safeguard (the first cue of each safeguard in it). The span is the evidence.",
        {
            "id": "Stable id (document, offsets, source, safeguard).",
            **SPAN,
            "source_id": "The claim (claims.id) or clause (clauses.id) that invokes the safeguard.",
            "source_kind": "claim or clause.",
            "safeguard_id": "The safeguard invoked (safeguards.id).",
            "surface": "The evidence exactly as written.",
        },
        foreign_keys=_doc_fk(("safeguard_id", "safeguards"),),
        label="surface",
        facets=("document_id", "safeguard_id", "source_kind"),
    ),
    Table(
        models.Condition,
        "Conditions ('where law ... requires human control', 'if the other party breaks the terms'), exceptions ('as permitted by the Posse Comitatus Act', 'unless approved') and scope limits ('for all lawful purposes', 'consistent with applicable law') that claims state. Conditions and exceptions make a claim conditional; a scope alone does not.",
        {
            "id": "Stable id (document, offsets, kind).",
            **SPAN,
            "claim_id": "The claim stating it (claims.id).",
            "kind": "condition, exception or scope.",
            "depends_on": "authority when a named authority is mentioned inside it, generic_law when only unnamed law is, none otherwise.",
            "surface": "The span exactly as written, from its cue to the end of its clause.",
        },
        foreign_keys=_doc_fk(("claim_id", "claims"),),
        label="surface",
        facets=("document_id", "kind", "depends_on"),
    ),
    Table(
        models.ConditionDependency,
        "What a condition leans on: each authority or generic-law mention inside its span.",
        {
            "id": "Stable id (document, offsets, condition).",
            **SPAN,
            "condition_id": "The condition (conditions.id).",
            "mention_id": "The mention inside it (mentions.id).",
            "authority_id": "The authority mentioned (authorities.id); NULL for unnamed law.",
            "surface": "The mention exactly as written.",
        },
        foreign_keys=_doc_fk(("condition_id", "conditions"), ("mention_id", "mentions"), ("authority_id", "authorities")),
        label="surface",
        facets=("document_id", "authority_id"),
    ),
    Table(
        models.Comparison,
        "Claims comparing the speaker with another organisation ('stronger safeguards than ... Anthropic's'), typed. The span runs from the comparative to the other organisation's name.",
        {
            "id": "Stable id (document, offsets, target).",
            **SPAN,
            "claim_id": "The claim making the comparison (claims.id).",
            "source_id": "The organisation comparing itself: the claim's speaker (organizations.id).",
            "relation": "stronger_than, weaker_than, differs_from or compared_with.",
            "target_id": "The organisation compared with (organizations.id).",
            "surface": "The evidence exactly as written.",
        },
        foreign_keys=_doc_fk(("claim_id", "claims"), ("source_id", "organizations"), ("target_id", "organizations")),
        label="surface",
        facets=("document_id", "relation", "target_id"),
    ),
    Table(
        models.Build,
        "One row per build of this database, oldest first: when it ran, over which corpus and pipeline, how long it took and what it wrote. The next build reads the last row to decide what to reprocess.",
        {
            "id": "Build number: 1 for the first build into this database, then one more each time.",
            "started_at": "When the build started (UTC, ISO 8601).",
            "duration_ms": "How long the build took, in milliseconds.",
            "corpus_hash": "SHA-256 over every built document's path and content hash: equal hashes mean the same documents.",
            "pipeline_hash": "SHA-256 over the reference data and patterns (corpus/ except documents/), the kb package's sources and version, and spaCy's version; when it changes, every document is reprocessed.",
            "kb_version": "Version of the kb package that built the database.",
            "jobs": "Worker processes used for extraction.",
            "documents": "Documents in the database after the build.",
            "extracted": "Documents parsed by this build (new, changed, or all when the pipeline changed; an unchanged one too when the version of a record it shares with others must be read again).",
            "reused": "Unchanged documents whose rows were kept from the previous database instead of being parsed again.",
            "skipped": "Documents skipped as bad input under --keep-going.",
            "skipped_files": "The skipped files with the reason, one per line; NULL when none.",
            "clauses": "Clauses in the database after the build.",
            "claims": "Claims in the database after the build.",
            "mentions": "Authority mentions in the database after the build.",
            "authorities": "Authorities (curated and made from citations) in the database after the build.",
            "changes": "Rows this build added to `changes`.",
            "counts": "Rows in every table after the build, as a JSON object.",
            "document_tables": "The tables documents' extracted rows are in, space-separated.",
        },
        label="started_at",
        sort="id",
    ),
    Table(
        models.Change,
        "What each build changed compared with the build before it: documents added, changed or removed; clauses, claims and mentions added or removed (matched by text, so a renumbered clause is both); authorities newly cited or no longer cited. The first build into a database records only its documents.",
        {
            "id": "Stable id (build, change, kind, item).",
            "build_id": "The build that made the change (builds.id).",
            "change": "added, changed, removed, newly_cited or no_longer_cited.",
            "kind": "document, clause, claim, mention or authority.",
            "item_id": "Id of the row: in the current tables when added, changed or cited; as it was in the previous build when removed.",
            "document_id": "The document the item belongs to; NULL for authorities.",
            "text": "The item's text (a document's path, a clause's or claim's text, a mention's surface, an authority's name), kept because removed rows are gone.",
        },
        foreign_keys=(("build_id", "builds", "id"),),
        label="text",
        facets=("build_id", "change", "kind", "document_id"),
    ),
    Table(
        models.ClauseDiff,
        "Clause-level differences between a document and the document it supersedes (front matter `supersedes: <id>`). Clauses are matched by identical text, then by path and title, then by title; a matched pair whose own text (without sub-clauses) differs is changed, one whose number alone differs is moved.",
        {
            "id": "Stable id (both documents, change, clauses).",
            "document_id": "The newer version (documents.id).",
            "supersedes_id": "The older version it supersedes (documents.id).",
            "change": "added, removed, changed or moved.",
            "path": "The clause's path ('2.1') in the newer version; in the older one for removed clauses.",
            "old_path": "The clause's path in the older version; NULL for added clauses.",
            "title": "The clause's title, where it has one.",
            "new_clause_id": "The clause in the newer version (clauses.id); NULL when removed.",
            "old_clause_id": "The clause in the older version (clauses.id); NULL when added.",
            "new_text": "The clause's whole text in the newer version; NULL when removed.",
            "old_text": "The clause's whole text in the older version; NULL when added.",
        },
        foreign_keys=(
            ("document_id", "documents", "id"), ("supersedes_id", "documents", "id"),
            ("new_clause_id", "clauses", "id"), ("old_clause_id", "clauses", "id"),
        ),
        label="path",
        facets=("document_id", "change"),
    ),
    Table(
        models.RecordSource,
        "Which documents produced each record that belongs to no single document (an authority made from a citation, an organisation made from a publisher): such a record stays while any of its documents remains, and goes with the last one.",
        {
            "id": "Stable id (document, table, record).",
            "document_id": "A document whose extraction produced the record (documents.id).",
            "table_name": "The table holding the record.",
            "record_id": "The record's id in that table.",
        },
        foreign_keys=(("document_id", "documents", "id"),),
        facets=("table_name",),
        hidden=True,
    ),
)


def markdown() -> str:
    """The schema as the README documents it: a section per table, a line per column."""
    lines: list[str] = []
    for spec in TABLES:
        lines += [f"### `{spec.name}`", "", spec.description, ""]
        lines += [f"- `{column}`: {description}" for column, description in spec.columns.items()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
