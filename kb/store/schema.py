"""The database schema, declared as data: the analysts' interface.

Each table is a record class (its columns, their types and descriptions,
declared beside each field in ``kb.models``), a description of the table
(copied into Datasette's metadata and checked against the README by a test),
its foreign keys, extra indexes and full-text columns. ``kb.store.write.ensure_db_shape`` applies it; renaming anything here is a
breaking change for every saved query.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlite_utils.db import DescIndex

from kb import models


@dataclass(frozen=True)
class Table:
    """How one record class is stored."""

    record: type[models.Record]
    description: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    fts: tuple[str, ...] = ()
    label: str | None = None
    facets: tuple[str, ...] = ()
    sort: str | None = None
    sort_desc: str | None = None
    """A column to sort by, largest first (instead of ``sort``)."""
    hidden: bool = False
    """Bookkeeping tables the build needs but analysts do not browse; Datasette hides them."""

    @property
    def name(self) -> str:
        return self.record.TABLE

    @property
    def columns(self) -> dict[str, str]:
        """Each column's description, in field order, from the record's field declarations."""
        return {f.name: f.metadata["description"] for f in fields(self.record)}


def _doc_fk(*others: tuple[str, str]) -> tuple[tuple[str, str, str], ...]:
    """The ``document_id`` foreign key plus ``(column, table)`` pairs pointing at ``id``."""
    return (("document_id", "documents", "id"), *((col, table, "id") for col, table in others))


TABLES: tuple[Table, ...] = (
    Table(
        models.Document,
        "One row per corpus document. `text` is the body exactly as read (after decoding and removing front matter); every offset in the database points into it.",
        label="title",
        facets=("kind", "publisher"),
        fts=("title", "text"),
        # the canned queries list documents in path order; walking this index they stream instead of sorting.
        # clause_changes_between_versions finds a document by title and the versions naming another in this
        # small index rather than in the table, whose rows hold every document's text
        indexes=(("path",), ("title", "supersedes", "id")),
    ),
    Table(
        models.Page,
        "Pages of paged sources (PDFs): each page's range of documents.text, so that a mention or a unit can be cited by page (a mention's own page is mentions.page).",
        foreign_keys=_doc_fk(),
        label="number",
        facets=("document_id",),
        sort="number",
    ),
    Table(
        models.Section,
        "Headed sections (markdown headings, standalone short lines such as 'FAQs', a line ending in ':' that introduces a numbered list), nested by level.",
        foreign_keys=_doc_fk(("parent_id", "sections")),
        label="heading",
        facets=("document_id", "level"),
    ),
    Table(
        models.Paragraph,
        "Blocks of text between blank lines; a list item or a heading is a block of its own.",
        foreign_keys=_doc_fk(("section_id", "sections")),
        label="text",
        facets=("document_id",),
    ),
    Table(
        models.ListItem,
        "Bulleted ('•', '-', '*') and numbered ('1.', '(a)', 'i.', 'Sec. 2.') items, nested.",
        foreign_keys=_doc_fk(("section_id", "sections"), ("parent_id", "list_items"), ("paragraph_id", "paragraphs")),
        label="text",
        facets=("document_id", "style", "level"),
    ),
    Table(
        models.Clause,
        "Numbered provisions of an agreement, statute or order: the numbered item and the text it governs up to its next sibling. Full-text indexed on `designation` and `text` (`clauses_fts`), so that a search for 'Sec. 3(c)' finds the clause.",
        foreign_keys=_doc_fk(("section_id", "sections"), ("parent_id", "clauses")),
        label="designation",
        facets=("document_id", "level"),
        fts=("designation", "text"),
    ),
    Table(
        models.FaqEntry,
        "FAQ entries: a question (one or more sentences, or 'Q:') paired with its own answer.",
        foreign_keys=_doc_fk(("section_id", "sections")),
        label="question",
        facets=("document_id",),
        fts=("question", "answer"),
    ),
    Table(
        models.Note,
        "Footnotes and endnotes, each with the reference mark that calls it and the sentence the mark follows.",
        foreign_keys=_doc_fk(("sentence_id", "sentences")),
        label="text",
        facets=("document_id",),
        fts=("text",),
    ),
    Table(
        models.Sentence,
        "Every sentence, with the units that contain it. Full-text indexed (`sentences_fts`): the passages the search page finds, headings among them.",
        foreign_keys=_doc_fk(
            ("section_id", "sections"), ("paragraph_id", "paragraphs"), ("clause_id", "clauses"),
            ("faq_id", "faq"), ("list_item_id", "list_items"),
        ),
        label="text",
        facets=("document_id", "role"),
        fts=("text",),
    ),
    Table(
        models.Claim,
        "Sentences that assert something: FAQ answers, clauses, list items and narrative (not headings or questions).",
        foreign_keys=_doc_fk(("sentence_id", "sentences"), ("section_id", "sections"), ("clause_id", "clauses"), ("faq_id", "faq")),
        label="text",
        facets=("document_id", "role", "modality", "hedged", "conditional"),
        fts=("text",),
    ),
    Table(
        models.Authority,
        "Canonical legal authorities: curated records from corpus/authorities and records made from formal citations found in documents (curated = 0), most cited first: `citations` counts mentions of the authority itself, `citations_rolled_up` adds those of its parts (an act's sections, the Constitution's amendments) and `citing_documents` counts the documents behind them.",
        label="name",
        facets=("kind", "curated", "issuer"),
        fts=("name", "short_name", "citation", "summary"),
        sort_desc="citations_rolled_up",
        indexes=(("curated", DescIndex("citations"), "id"),),  # uncurated_authorities, most cited first, read in order
    ),
    Table(
        models.AuthorityAlias,
        "Names, short names, acronyms and citation forms of authorities.",
        foreign_keys=(("authority_id", "authorities", "id"),),
        label="alias",
        facets=("kind",),
    ),
    Table(
        models.AuthorityRelation,
        "Typed links between authorities: codified_at, amends, implements, supersedes, part_of.",
        foreign_keys=(("source_id", "authorities", "id"), ("target_id", "authorities", "id")),
        facets=("relation",),
    ),
    Table(
        models.MergedAuthority,
        "Records made from citations that the corpus's equivalences merged into another record (authority_id): an act's name, its Statutes-at-Large page or a section of either, once some document ties it to the act's public law. They are not in authorities, so each authority is one row there; a lookup by their id, name or citation finds the record they became (authority_lookup). Rebuilt by every build from the evidence then present, so removing the only document that tied two forms makes two records again.",
        foreign_keys=(("authority_id", "authorities", "id"),),
        label="name",
        facets=("kind",),
    ),
    Table(
        models.Equivalence,
        "Evidence for every merge of two citation forms into one authority: where a document writes them together (an act's name and its public law, a public law and its Statutes-at-Large page), the id the second form would have had, and the rule. The build unites every document's rows (union-find, kb.resolve.identity): a form one document ties to an act is that act in every document, so a name cited in one text and a public law in another are one record when a third writes them together. stated_authority_id is what this document's merge kept, authority_id what the corpus's evidence keeps; the mentions already cite authority_id, and this table says why.",
        foreign_keys=_doc_fk(("authority_id", "authorities")),
        label="surface",
        facets=("document_id", "rule"),
    ),
    Table(
        models.IdentityConflict,
        "Evidence the identity stage refused to follow for audit: rows of authority_equivalences that, united with every other document's, would make one record of two authorities (two curated records, two public laws or two Code sections: 'the Paperwork Reduction Act' tied to Pub. L. 96-511 in one document and to Pub. L. 104-13 in another). None of that class's forms is merged across documents; each document keeps what its own text says. Rewritten by every build.",
        foreign_keys=_doc_fk(("equivalence_id", "authority_equivalences")),
        label="surface",
        facets=("document_id", "rule", "reason"),
    ),
    Table(
        models.Mention,
        "Places where a document cites an authority (authority_id set) or leans on unnamed law (authority_id NULL, kind 'generic'). authority_id is the record after the whole corpus's equivalences; stated_authority_id is what the mention's own document says.",
        foreign_keys=_doc_fk(
            ("authority_id", "authorities"), ("section_id", "sections"), ("clause_id", "clauses"),
            ("faq_id", "faq"), ("note_id", "notes"), ("sentence_id", "sentences"), ("claim_id", "claims"),
        ),
        # where an authority is cited and how it is written, read from the index alone;
        # the identity stage and the equivalences query find mentions by the id their document stated
        # where_is_authority_cited walks documents in path order and each one's mentions of an authority in text order,
        # documents_citing_any_part reads an authority's mentions in text order from the index alone;
        # stated_date_mismatches reads the few mentions that state a date, and all it shows of them, from the index alone
        indexes=(("authority_id", "document_id", "surface"), ("stated_authority_id",),
                 ("authority_id", "document_id", "start", "id", "surface"),
                 ("stated_date", "date_mismatch", "document_id", "start", "authority_id", "surface")),
        label="surface",
        facets=("document_id", "authority_id", "method", "kind"),
    ),
    Table(
        models.Node,
        "Every record as a vertex of the linked graph: documents, sections, clauses, FAQ entries, claims, authorities, red lines, concepts, safeguards, organisations, and one node for unnamed (generic) law.",
        label="label",
        facets=("kind", "document_id"),
        indexes=(("ref_table", "ref_id"),),
    ),
    Table(
        models.Edge,
        "Typed links between nodes. Relations: contains, cites, addresses, states, instance_of, invokes, conditioned_on, protects (a support the text ties to a red line, kb.link.protection), made_by, about, compares_with, and authority or organisation relations (codified_at, amends, implements, supersedes, part_of, same_as, ...). Links drawn from text carry the evidence span.",
        foreign_keys=(("source", "nodes", "id"), ("target", "nodes", "id"), ("document_id", "documents", "id")),
        indexes=(("relation",),),
        facets=("relation", "document_id"),
    ),
    Table(
        models.NodeMetric,
        "Analysis of the whole graph at build time: degree and PageRank (networkx's algorithm) per node.",
        foreign_keys=(("id", "nodes", "id"),),
        label="label",
        facets=("kind",),
        sort="pagerank",
        indexes=(("pagerank",),),  # the most central nodes, read from the top of the index
    ),
    Table(
        models.AuthorityCitations,
        "For every cited authority, the documents that cite it directly and how they write it, settled by every build from mentions (authorities.citations has the count of mentions): what the canned query uncurated_authorities lists, so that it need not read every mention of the most cited authorities.",
        foreign_keys=(("id", "authorities", "id"),),
        hidden=True,
    ),
    Table(
        models.AuthorityKey,
        "The rows of the authority_lookup view, written by every build: every name a user may type for an authority (its id, names, short name, citation, aliases, the id, name and citation of every record merged into it, 'EO N' forms of an executive order), lower-cased, one row per (key, authority) pair. Query the view, which reads this table through its index on key.",
        foreign_keys=(("authority_id", "authorities", "id"),),
        indexes=(("key", "authority_id"),),
        hidden=True,
    ),
    Table(
        models.AuthorityDocumentCitations,
        "For every authority and every document citing it or any of its parts (authority_parts), the document's citations of them added up, settled by every build from mentions: what the canned query documents_citing_any_part lists, so that it need not read every mention of the most cited authorities and their parts. The counts add up to the authority's `citations_rolled_up`, the rows to its `citing_documents`.",
        foreign_keys=_doc_fk(("authority_id", "authorities")),
        indexes=(("authority_id", DescIndex("citations")),),  # documents_citing_any_part reads an authority's documents most cited first
        hidden=True,
    ),
    Table(
        models.AuthorityPart,
        "Every authority's parts at any depth, one row per (whole, part): what `citations_rolled_up` in authorities adds up and what the canned queries that roll up citations (documents_citing_any_part, what_implements_what) read. To find the mentions of FISA or any part of it: `mentions.authority_id = :id or mentions.authority_id in (select part_id from authority_parts where authority_id = :id)`.",
        foreign_keys=(("authority_id", "authorities", "id"), ("part_id", "authorities", "id")),
        indexes=(("authority_id", "depth"), ("part_id",)),
        facets=("depth",),
    ),
    Table(
        models.RedLineSupport,
        "What each red line's protection rests on, one row per support the text ties to it (an authority cited, unnamed law, a safeguard invoked, an assuring claim): the rule that tied it, its effect (conditional, qualified, unconditional) and the evidence span.",
        foreign_keys=(("red_line_id", "red_lines", "id"), ("document_id", "documents", "id"), ("target_id", "nodes", "id"), ("via_id", "nodes", "id")),
        facets=("support_kind", "rule", "effect", "document_id"),
    ),
    Table(
        models.RedLineBasis,
        "One row per red line: how many named authorities, generic-law references, safeguards and assurances protect it, and the verdict.",
        foreign_keys=(("id", "red_lines", "id"), ("document_id", "documents", "id"), ("concept_id", "concepts", "id")),
        facets=("basis", "document_id", "concept_id"),
    ),
    Table(
        models.OrganizationRedLines,
        "For each red-line concept and organisation, the red lines it states across documents and what their protection rests on: the rows of the canned query red_lines_by_organization, which reads them in `position` order. Settled by every build after the red-line verdicts (red_line_basis, red_line_support), so it always agrees with them; tests/test_queries.py checks it against the query over those tables.",
        foreign_keys=(("concept_id", "concepts", "id"), ("organization_id", "organizations", "id")),
        label="concept",
        facets=("concept", "organization"),
        sort="position",
    ),
    # --- claims analysis tables (kb.link.claims) ---
    Table(
        models.Concept,
        "Red-line concepts shared across documents (corpus/concepts/red_lines.json): red lines of different documents and organisations that name the same use land on the same concept.",
        label="name",
    ),
    Table(
        models.Safeguard,
        "Mechanisms texts say protect red lines (corpus/concepts/safeguards.json): safety stack, cloud-only deployment, contract terms, cleared personnel, classifiers, existing law, oversight, usage policies.",
        label="name",
        facets=("basis",),
    ),
    Table(
        models.Organization,
        "Organisations that speak in or are spoken about by the documents: curated in corpus/organizations.json, or made from a document's publisher (curated = 0).",
        label="name",
        facets=("kind", "curated"),
    ),
    Table(
        models.OrganizationAlias,
        "Names texts use for organisations (DoW, D.O.W., the Pentagon); 'contextual' aliases ('the Department') mean whichever candidate the text named last.",
        foreign_keys=(("organization_id", "organizations", "id"),),
        label="alias",
        facets=("kind", "organization_id"),
    ),
    Table(
        models.OrganizationRelation,
        "Typed links between organisations: same_as (Department of War and Department of Defense), part_of (NSA in DoD), member_of (a lab among AI labs).",
        foreign_keys=(("source_id", "organizations", "id"), ("target_id", "organizations", "id")),
        facets=("relation",),
    ),
    Table(
        models.OrganizationMention,
        "Places where a document names an organisation, resolved through its aliases.",
        foreign_keys=_doc_fk(("organization_id", "organizations"), ("claim_id", "claims")),
        label="surface",
        facets=("document_id", "organization_id", "method"),
    ),
    Table(
        models.RedLine,
        "Red lines each document states: items of a list a red-line introducer opens ('Three red lines guide our work:', 'shall not use AI to:'), and prohibitions stated elsewhere ('will not be used to', 'No use of').",
        foreign_keys=_doc_fk(
            ("concept_id", "concepts"), ("organization_id", "organizations"), ("claim_id", "claims"),
            ("clause_id", "clauses"), ("list_item_id", "list_items"), ("bound_id", "organizations"),
        ),
        label="text",
        facets=("document_id", "concept_id", "organization_id", "kind", "source", "conditional"),
        fts=("text",),
    ),
    Table(
        models.ConceptLink,
        "A claim or clause addresses a red-line concept: it names the concept's cue (method cue) or refers to the document's red lines ('these red lines', method reference). The span is the evidence.",
        foreign_keys=_doc_fk(("concept_id", "concepts"), ("red_line_id", "red_lines")),
        label="surface",
        facets=("document_id", "concept_id", "source_kind", "method"),
    ),
    Table(
        models.SafeguardLink,
        "A claim or clause invokes a safeguard (the first cue of each safeguard in it). The span is the evidence.",
        foreign_keys=_doc_fk(("safeguard_id", "safeguards"),),
        label="surface",
        facets=("document_id", "safeguard_id", "source_kind"),
    ),
    Table(
        models.Condition,
        "Conditions ('where law ... requires human control', 'if the other party breaks the terms'), exceptions ('as permitted by the Posse Comitatus Act', 'unless approved') and scope limits ('for all lawful purposes', 'consistent with applicable law') that claims state. Conditions and exceptions make a claim conditional; a scope alone does not.",
        foreign_keys=_doc_fk(("claim_id", "claims"),),
        label="surface",
        facets=("document_id", "kind", "depends_on"),
    ),
    Table(
        models.ConditionDependency,
        "What a condition leans on: each authority or generic-law mention inside its span.",
        foreign_keys=_doc_fk(("condition_id", "conditions"), ("mention_id", "mentions"), ("authority_id", "authorities")),
        label="surface",
        facets=("document_id", "authority_id"),
    ),
    Table(
        models.Comparison,
        "Claims comparing the speaker with another organisation ('stronger safeguards than ... Anthropic's'), typed. The span runs from the comparative to the other organisation's name.",
        foreign_keys=_doc_fk(("claim_id", "claims"), ("source_id", "organizations"), ("target_id", "organizations")),
        label="surface",
        facets=("document_id", "relation", "target_id"),
    ),
    Table(
        models.Build,
        "One row per build of this database, oldest first: when it ran, over which corpus and pipeline, how long it took and what it wrote. The next build reads the last row to decide what to reprocess.",
        label="started_at",
        sort="id",
    ),
    Table(
        models.Change,
        "What each build changed compared with the build before it: documents added, changed or removed; clauses, claims and mentions added or removed (matched by text, so a renumbered clause is both); authorities newly cited or no longer cited. The first build into a database records only its documents.",
        foreign_keys=(("build_id", "builds", "id"),),
        label="text",
        facets=("build_id", "change", "kind", "document_id"),
    ),
    Table(
        models.ClauseDiff,
        "Clause-level differences between a document and the document it supersedes (front matter `supersedes: <id>`). Clauses are matched by identical text, then by path and title, then by title; a matched pair whose own text (without sub-clauses) differs is changed, one whose number alone differs is moved. `diff` marks the words removed and added; the compare page (`/<db>/-/compare?old=&new=`) shows it.",
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
        foreign_keys=(("document_id", "documents", "id"),),
        facets=("table_name",),
        hidden=True,
    ),
)


def section(heading: str, description: str, columns: dict[str, str]) -> list[str]:
    """One table's or view's section of the README: its heading, its description, a line per column."""
    return [f"### {heading}", "", description, "", *(f"- `{column}`: {text}" for column, text in columns.items()), ""]


def markdown() -> str:
    """The schema as the README documents it: a section per table, a line per column."""
    lines = [line for spec in TABLES for line in section(f"`{spec.name}`", spec.description, spec.columns)]
    return "\n".join(lines).rstrip() + "\n"
