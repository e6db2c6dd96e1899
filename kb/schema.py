"""The database schema, declared as data: the analysts' interface.

Each table is a record class (its columns and their types), a description of
the table and of every column (copied into Datasette's metadata and checked
against the README by a test), its foreign keys, extra indexes and full-text
columns. ``kb.store.ensure_db_shape`` applies it; renaming anything here is a
breaking change for every saved query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    extra: dict[str, str] = field(default_factory=dict)

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
            "style": "Marker style: bullet, decimal, alpha, upper_alpha, roman, section.",
            "level": "Nesting depth, from 1.",
            "number": "Position among its siblings, from 1 (texts that number every item '1.' are numbered by position).",
            "text": "The item's text after the marker.",
        },
        foreign_keys=_doc_fk(("section_id", "sections"), ("parent_id", "list_items"), ("paragraph_id", "paragraphs")),
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
            "role": "heading, question, answer, clause, list_item or narrative.",
            "number": "Position of the sentence in the document, from 1.",
            "text": "The sentence.",
        },
        foreign_keys=_doc_fk(
            ("section_id", "sections"), ("paragraph_id", "paragraphs"), ("clause_id", "clauses"),
            ("faq_id", "faq"), ("list_item_id", "list_items"),
        ),
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
            "role": "answer, clause, list_item or narrative.",
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
        facets=("document_id", "role", "modality", "hedged", "conditional"),
        fts=("text",),
    ),
    Table(
        models.Authority,
        "Canonical legal authorities: curated records from corpus/authorities and records made from formal citations found in documents (curated = 0).",
        {
            "id": "Stable USLM-style path, e.g. us/usc/t18/s1385, us/eo/12333, us/const/amdt4.",
            "name": "Full name.",
            "kind": "constitution, constitutional_provision, statute, statutory_section, executive_order, presidential_directive, agency_issuance, regulation, case, other.",
            "citation": "Canonical citation (Bluebook style).",
            "short_name": "Short name or acronym (FISA, EO 12333).",
            "codification": "Where it is codified (e.g. 50 U.S.C. ch. 36).",
            "date": "Date enacted, signed or issued (ISO 8601).",
            "issuer": "Who enacted or issued it.",
            "url": "Official URL.",
            "summary": "One line, in our own words.",
            "jurisdiction": "Jurisdiction code (us).",
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
            "method": "How it was recognised: alias, citation, named_act, case, enumeration, generic...",
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
        label="surface",
        facets=("document_id", "authority_id", "method", "kind"),
    ),
)


def table(name: str) -> Table:
    """The declared table called ``name``."""
    for spec in TABLES:
        if spec.name == name:
            return spec
    raise KeyError(name)


def markdown() -> str:
    """The schema as the README documents it: a section per table, a line per column."""
    lines: list[str] = []
    for spec in TABLES:
        lines += [f"### `{spec.name}`", "", spec.description, ""]
        lines += [f"- `{column}`: {description}" for column, description in spec.columns.items()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


README_START, README_END = "<!-- schema:start -->", "<!-- schema:end -->"
"""Markers around the generated schema section of README.md."""


def update_readme(readme: str) -> str:
    """``readme`` with the text between the schema markers regenerated."""
    head, _, rest = readme.partition(README_START)
    _, _, tail = rest.partition(README_END)
    return f"{head}{README_START}\n{markdown()}{README_END}{tail}"


if __name__ == "__main__":
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "README.md"
    path.write_text(update_readme(path.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"updated the schema section of {path}")
