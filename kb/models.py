"""Plain records that extraction returns and the store writes.

Every record names the table it belongs to (``TABLE``), so the store can save
any mix of records without knowing which stage made them, and extraction never
touches the database (ARCHITECTURE.md, line 1). Records that point into a
document carry ``document_id``, ``start`` and ``end``: ``text[start:end]`` of
that document is exactly the record's ``text`` or ``surface``.
"""

from __future__ import annotations

import hashlib
from dataclasses import MISSING, dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

DOCUMENT_ID = "The document this row comes from (documents.id)."
START = "Character offset where the row's text starts in documents.text (0-based)."
END = "Character offset just past the row's text: substr(documents.text, start + 1, end - start) is exactly the text."
"""Column descriptions shared by every row that points into a document."""

SPAN_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("start", "end", "text"),
    ("start", "end", "surface"),
    ("heading_start", "heading_end", "heading"),
    ("question_start", "question_end", "question"),
    ("answer_start", "answer_end", "answer"),
)
"""(start, end, text) field triples a record may carry: ``document.text[start:end]`` is exactly that text."""


def column(description: str, default: Any = MISSING) -> Any:
    """A record field with the description analysts read in Datasette and the README.

    The description sits beside the field it describes, so a new column cannot
    be added without one; ``kb.store.schema.Table.columns`` collects them.
    """
    return field(default=default, metadata={"description": description})


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
    if TYPE_CHECKING:
        id: str  # every table's key; each record class declares it as its first field


@dataclass
class Document(Record):
    """A corpus document: its body exactly as read, front matter apart."""

    TABLE: ClassVar[str] = "documents"
    id: str = column("Stable id derived from the document's path (or its front-matter `id`).")
    path: str = column("Path of the file relative to the corpus documents folder.")
    title: str = column("Title from front matter, else the first non-empty line, else the file name.")
    text: str = column("The body exactly as read, without normalisation; offsets point into it.")
    sha256: str = column("SHA-256 of the whole file as read (front matter included), followed by its sidecar metadata file when it has one: what decides whether a rebuild reads it again.")
    publisher: str | None = column("Who published the document (front matter), if known.", default=None)
    kind: str | None = column("What sort of document it is (announcement, statute, executive order, memo...), from front matter.", default=None)
    language: str | None = column("Language code from front matter.", default=None)
    url: str | None = column("Where the document was published, from front matter.", default=None)
    date: str | None = column("Publication date from front matter (ISO 8601 where given so).", default=None)
    supersedes: str | None = column("Id of the document this one replaces (a new version of an agreement), from front matter; several ids are space-separated.", default=None)
    body_offset: int = column("Character offset of the body within the file (length of the front matter).", default=0)
    word_count: int = column("Number of whitespace-separated words in the body.", default=0)
    source_format: str = column("The reader that turned the file into text: text, markdown, html, pdf or docx.", default="text")
    source_size: int = column("Size of the source file in bytes.", default=0)
    reader: str = column("The reader and the library version that produced `text` (e.g. 'pdf: pypdfium2 4.30.0'); a new version may read a file differently.", default="")
    page_starts: str | None = column("For paged sources (PDF): the offset in `text` where each page starts, space-separated, page 1 first; NULL otherwise. The `pages` table has the same as rows.", default=None)
    authority_id: str | None = column("The authority this document is the text of (authorities.id), once the corpus's equivalences apply: front matter `authority:`, else the citation the text's first line is ('Executive Order 14999 of March 3, 2026', 'DOD INSTRUCTION 3025.21'); NULL for a document about law rather than law itself.", default=None)
    stated_authority_id: str | None = column("The authority id the document itself gives (front matter or first line), before the build's identity stage: authority_id is the record the whole corpus's equivalences keep for it ('us/stat/118/3638' becomes 'us/pl/108/458' once some document ties the page to its public law).", default=None)


@dataclass
class Section(Record):
    """A heading and everything under it until the next heading of its level or above."""

    TABLE: ClassVar[str] = "sections"
    id: str = column("Stable id (document path, unit kind, offsets).")
    document_id: str = column(DOCUMENT_ID)
    parent_id: str | None = column("Enclosing section (sections.id), NULL at the top level.")
    number: int = column("Position of the section in the document, from 1.")
    level: int = column("Nesting level: markdown heading depth, 1 for other headings.")
    heading: str = column("The heading as written, without markdown markers.")
    heading_start: int = column("Offset where the heading text starts.")
    heading_end: int = column("Offset just past the heading text.")
    start: int = column(START)
    end: int = column(END)
    text: str = column("The heading and everything under it.")
    marking: str | None = column("The portion marking written before it, without parentheses ('U//FOUO', 'C'), NULL when unmarked.", default=None)


@dataclass
class Paragraph(Record):
    """A block of text between blank lines (a list item is its own paragraph)."""

    TABLE: ClassVar[str] = "paragraphs"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    section_id: str | None = column("Enclosing section (sections.id), NULL before the first heading.")
    number: int = column("Position of the paragraph in the document, from 1.")
    start: int = column(START)
    end: int = column(END)
    text: str = column("The paragraph text, trimmed of surrounding whitespace.")
    marking: str | None = column("The portion marking written before it, without parentheses ('U//FOUO', 'C'), NULL when unmarked.", default=None)


@dataclass
class ListItem(Record):
    """A bulleted or numbered item, with its marker as written and its position."""

    TABLE: ClassVar[str] = "list_items"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    section_id: str | None = column("Enclosing section.")
    parent_id: str | None = column("Enclosing list item (list_items.id), NULL at the top level.")
    paragraph_id: str | None = column("The paragraph row of the item's block.")
    marker: str = column("The marker as written ('•', '1.', '(a)', ...).")
    style: str = column("Marker style: bullet, decimal (1. 1.1 (1)), alpha (a. (a)), upper_alpha (A. (A)), roman (i. (iv)), upper_roman (II. (IV)), section (Sec. 2., Section 3, § 4, Article IV).")
    level: int = column("Nesting depth, from 1.")
    number: int = column("Position among its siblings, from 1 (texts that number every item '1.' are numbered by position).")
    start: int = column(START)
    end: int = column(END)
    text: str = column("The item's text after the marker.")
    marking: str | None = column("The portion marking written before it, without parentheses ('U//FOUO', 'C'), NULL when unmarked.", default=None)


@dataclass
class Clause(Record):
    """A numbered provision and the text it governs, up to its next sibling.

    ``label`` is the marker as written ("1.", "(a)", "Sec. 2."); ``number`` is
    the position among siblings, because real texts often number every item
    "1." and analysts cite position; ``path`` joins ancestors' numbers ("2.1.3").
    """

    TABLE: ClassVar[str] = "clauses"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    section_id: str | None = column("Enclosing section.")
    parent_id: str | None = column("Enclosing clause (clauses.id) for sub-clauses such as '(a)' or '(i)'.")
    label: str = column("The marker as written ('1.', '(a)', 'Sec. 2.').")
    number: int = column("Position among sibling clauses, from 1.")
    path: str = column("Numbers of the ancestors and the clause joined by '.', e.g. '2.1.3'.")
    designation: str = column("The clause as a reader cites it, built from the labels as written up its ancestry: 'Sec. 2(c)(iii)(A)(1)(a)', '§ 1881a(b)(1)', 'Enclosure 2, paragraph 3.b.(1)'. `path` stays the sort key.")
    level: int = column("Nesting depth, from 1.")
    title: str | None = column("The clause's lead-in title where it has one ('Deployment architecture'), else NULL.")
    start: int = column(START)
    end: int = column(END)
    text: str = column("The clause's whole text, marker included.")


@dataclass
class FaqEntry(Record):
    """A question and its own answer, each with exact offsets."""

    TABLE: ClassVar[str] = "faq"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    section_id: str | None = column("Enclosing section.")
    number: int = column("Position of the entry in the document, from 1.")
    question: str = column("The question as written.")
    question_start: int = column("Offset where the question starts.")
    question_end: int = column("Offset just past the question.")
    answer: str = column("The answer as written (all its paragraphs).")
    answer_start: int = column("Offset where the answer starts.")
    answer_end: int = column("Offset just past the answer.")
    start: int = column(START)
    end: int = column(END)
    text: str = column("Question and answer together.")


@dataclass
class Sentence(Record):
    """A sentence, placed in the smallest units that contain it."""

    TABLE: ClassVar[str] = "sentences"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    section_id: str | None = column("Enclosing section.")
    paragraph_id: str | None = column("Enclosing paragraph.")
    clause_id: str | None = column("Innermost enclosing clause, if any.")
    faq_id: str | None = column("Enclosing FAQ entry, if any.")
    list_item_id: str | None = column("Enclosing list item, if any.")
    role: str = column("heading, lead_in (a heading that is a sentence introducing a numbered list), question, answer, clause, list_item, note (a footnote's or endnote's text) or narrative.")
    number: int = column("Position of the sentence in the document, from 1.")
    start: int = column(START)
    end: int = column(END)
    text: str = column("The sentence.")
    marking: str | None = column("The portion marking of the paragraph or item the sentence is in ('U//FOUO'), NULL when unmarked.", default=None)


@dataclass
class Note(Record):
    """A footnote or endnote, linked to the reference mark in the body that calls it."""

    TABLE: ClassVar[str] = "notes"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    label: str = column("The note's number as the document gives it ('3').")
    number: int = column("Position of the note in the document, from 1.")
    start: int = column(START)
    end: int = column(END)
    text: str = column("The note's text, without its number.")
    mark_start: int | None = column("Offset of the reference mark in the body ('Act.3', '[3]'), NULL when the body shows none (as in DOCX, whose reader lists notes under 'Notes').")
    mark_end: int | None = column("Offset just past the reference mark.")
    sentence_id: str | None = column("The sentence the mark follows (sentences.id): what the note's citations support.", default=None)


@dataclass
class Segmentation:
    """Every unit of one document, in document order."""

    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    list_items: list[ListItem] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    faq: list[FaqEntry] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def records(self) -> list[Record]:
        """All units as one list, parents before children."""
        return [*self.sections, *self.paragraphs, *self.list_items, *self.clauses, *self.faq, *self.notes]


@dataclass
class Claim(Record):
    """A sentence that asserts something (not a heading or a question).

    The analysis fields (speaker, modality, hedges, conditions) are filled by
    ``kb.link.claims``; segmentation leaves them at their defaults.
    """

    TABLE: ClassVar[str] = "claims"
    id: str = column("Stable id (the sentence's).")
    document_id: str = column(DOCUMENT_ID)
    sentence_id: str = column("The sentence row (sentences.id).")
    section_id: str | None = column("Enclosing section.")
    clause_id: str | None = column("Innermost enclosing clause, if any.")
    faq_id: str | None = column("The FAQ entry whose answer holds the claim, if any.")
    role: str = column("answer, clause, list_item, note, narrative or lead_in.")
    start: int = column(START)
    end: int = column(END)
    text: str = column("The claim's sentence.")
    marking: str | None = column("The portion marking of the paragraph or item the claim is in ('U//FOUO'), NULL when unmarked.", default=None)
    speaker_id: str | None = column("The organisation making the claim (organizations.id).", default=None)
    about_id: str | None = column("The organisation the claim is about (organizations.id).", default=None)
    modality: str | None = column("commitment, prohibition, permission, assurance, hedge, factual or comparison.", default=None)
    hedged: int = column("1 when a hedge cue ('we believe', 'from what we know') softens the claim.", default=0)
    hedge_cue: str | None = column("The hedge cue as written.", default=None)
    negated: int = column("1 when the claim is negated.", default=0)
    conditional: int = column("1 when the claim holds only under a stated condition or exception.", default=0)


@dataclass
class Authority(Record):
    """A canonical legal authority: curated in ``corpus/authorities`` or made from a citation."""

    TABLE: ClassVar[str] = "authorities"
    id: str = column("Stable USLM-style path, e.g. us/usc/t18/s1385, us/eo/12333, us/const/amdt4; EU law follows EUR-Lex (eu/reg/2016/679), state law is rooted at us-<postal code> (us-co/crs/6-1-1701).")
    name: str = column("Full name.")
    kind: str = column("constitution, constitutional_provision, statute, statutory_section, executive_order, presidential_directive, agency_issuance, regulation, court_rule (the federal rules of procedure and evidence), case, treaty, other.")
    citation: str | None = column("Canonical citation (Bluebook style).", default=None)
    short_name: str | None = column("Short name or acronym (FISA, EO 12333).", default=None)
    codification: str | None = column("Where it is codified (e.g. 50 U.S.C. ch. 36).", default=None)
    date: str | None = column("Date enacted, signed or issued (ISO 8601).", default=None)
    issuer: str | None = column("Who enacted or issued it.", default=None)
    url: str | None = column("Official URL.", default=None)
    summary: str | None = column("One line, in our own words.", default=None)
    jurisdiction: str | None = column("The legal system, the id's first part: us (federal), us-co (a state by postal code), eu.", default=None)
    curated: int = column("1 for records curated in corpus/authorities, 0 for records made from a citation in a document.", default=1)
    own_name: str | None = column("The name the document that made the record gave it, when the build's identity stage has since named the record after a better-named form merged into it (an act's title rather than 'Public Law 108-458'; kb.resolve.identity.best_name); NULL when `name` is that document's own.", default=None)
    citations: int = column("Mentions that cite this authority itself (mentions.authority_id = id), counted at build time over the whole corpus.", default=0)
    citations_rolled_up: int = column("Mentions that cite it or any of its parts: a part is an authority linked to it by part_of (Section 702 of FISA) or one whose id extends its id by a path (us/pl/107/347/s208 of us/pl/107/347; not a version, linked by supersedes), and parts of parts.", default=0)
    citing_documents: int = column("Documents that cite it or any of its parts (the documents behind `citations_rolled_up`).", default=0)

    def __post_init__(self) -> None:
        # The id's root names the legal system (us, eu, us-co), so the two cannot disagree.
        if self.jurisdiction is None:
            self.jurisdiction = self.id.split("/", 1)[0]


@dataclass
class MergedAuthority(Record):
    """A record made from a citation that the corpus's equivalences merged into another record.

    Kept so that the build can restore it when the evidence that merged it
    goes (``kb.store.identity``), and so that a lookup by its id, name or
    citation finds the record it became (``authority_lookup``).
    """

    TABLE: ClassVar[str] = "merged_authorities"
    id: str = column("The merged record's own id (a form of the authority: us/act/<title>, us/stat/<volume>/<page>, a section of either); no mention cites it any more.")
    authority_id: str = column("The record it was merged into (authorities.id): mentions stated as id cite it, and authority_equivalences holds the evidence (rows whose equivalent_id or stated_authority_id is id, or is the act of a section).")
    name: str = column("Its name, as the document that made it wrote it.")
    kind: str = column("As authorities.kind.")
    citation: str | None = column("Its citation, if it had one.", default=None)
    url: str | None = column("Its official URL, if it had one.", default=None)
    jurisdiction: str | None = column("As authorities.jurisdiction.", default=None)


@dataclass
class AuthorityAlias(Record):
    """A name, short name, acronym or citation form that refers to an authority."""

    TABLE: ClassVar[str] = "authority_aliases"
    id: str = column("Stable id.")
    authority_id: str = column("The authority (authorities.id).")
    alias: str = column("The alias as curated.")
    kind: str = column("name, short_name, acronym, citation or informal.")


@dataclass
class AuthorityRelation(Record):
    """A typed link between two authorities (codified_at, amends, implements, supersedes, part_of)."""

    TABLE: ClassVar[str] = "authority_relations"
    id: str = column("Stable id.")
    source_id: str = column("The authority the relation starts from.")
    relation: str = column("codified_at, amends, implements, supersedes or part_of.")
    target_id: str = column("The authority it points to.")


@dataclass
class Equivalence(Record):
    """Evidence that two citation forms name one authority, and the merge it made.

    The mentions of ``equivalent_id`` (and its sections) now cite ``authority_id``;
    the row keeps where the text said so, and by which rule. The document's
    own merge kept ``stated_authority_id``; the build's identity stage
    (``kb.store.identity``) unites every document's rows, so ``authority_id``
    is the record the whole corpus's evidence chose.
    """

    TABLE: ClassVar[str] = "authority_equivalences"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    authority_id: str = column("The authority both forms now cite (authorities.id), once every document's equivalences are united: the record the corpus's evidence keeps for the class of forms this row belongs to.")
    stated_authority_id: str = column("The id this document's own merge kept (the best of the forms it ties); differs from authority_id when another document's evidence joins the class to a better-kept record.")
    equivalent_id: str = column("The id the other form would have had on its own (e.g. us/act/e-government-act for a name whose public law the text gives; a Code 'et seq.' as <section>/et-seq, the act codified from that section on; a Code note as <section>/note); merged_authorities keeps the record, if there was one.")
    rule: str = column("The rule that tied them: side_by_side (the forms are written together in one citation: a name, its public law, its Statutes-at-Large page, its Code 'et seq.'), codified_at (a section of an act followed by the Code section it is codified at, in parentheses, in apposition or after 'codified at': 'Section 2209(c) of the Homeland Security Act of 2002 (6 U.S.C. 659(c))'), footnote (an act named by title in the body, and the public law the footnote its words call gives with the same section: 'section 1533 of the National Defense Authorization Act for Fiscal Year 2020 ...¹⁴' and '¹⁴ P.L. 116-92, §1533'; the evidence spans from the section to the note's pinpoint), printed_at (an order or act followed by the Code note it is printed in: 'Executive Order 13526 (50 U.S.C. 3161 note)'; only that mention cites the order, and the corpus-wide stage does not tie the note).")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The evidence as written: both forms and what lies between them.")


@dataclass
class IdentityConflict(Record):
    """Evidence the build's identity stage did not follow, because it would make two authorities one record.

    Written by the identity stage (``kb.store.identity``) from every document's
    ``authority_equivalences`` at each build: one row per evidence row of a
    class of forms that holds two curated records, two public laws or two
    Code sections (``kb.resolve.identity.Conflict``). The forms' mentions keep
    what their own documents say.
    """

    TABLE: ClassVar[str] = "identity_conflicts"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    equivalence_id: str = column("The evidence row not followed (authority_equivalences.id).")
    rule: str = column("Its rule: side_by_side, footnote or codified_at (authority_equivalences.rule).")
    stated_authority_id: str = column("The id the document kept for the tie (authority_equivalences.stated_authority_id).")
    equivalent_id: str = column("The other id it ties (authority_equivalences.equivalent_id).")
    clashing: str = column("The records the union of every document's evidence would make one, and that cannot be (comma-separated, sorted): 'us/pl/104/13, us/pl/96/511' when two documents tie one title to two public laws.")
    reason: str = column("Why they cannot be one: two curated records, two public laws or two Code sections.")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The evidence as written (authority_equivalences.surface).")


@dataclass
class Mention(Record):
    """A place where a document cites an authority, or leans on unnamed law.

    ``authority_id`` is None for generic references ("applicable law"); the
    containing units are filled in by the pipeline from the offsets.
    """

    TABLE: ClassVar[str] = "mentions"
    id: str = column("Stable id.")
    document_id: str = column(DOCUMENT_ID)
    authority_id: str | None = column("The authority cited (authorities.id); NULL for generic references to unnamed law.")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The text exactly as written: substr(documents.text, start + 1, end - start).")
    method: str = column("How it was recognised: alias (a curated name or short name), citation (a formal citation), enumeration (an item of a list of citations), section (a section of a named act), defined_alias (a short form the document defines), named_act (an act named by title), case (a case caption), short_cite / short_name / id (short forms of a case cited before), reference (a DoD 'reference (c)'), title (an issuance's quoted title), relative (a codified text's 'section 2511 of this title'), amendment (a word pointing into the provision a bill amends: 'in subsection (b)'), anaphora ('that Act', 'section 394 of such title': what the text named last), generic (unnamed law).")
    kind: str = column("authority or generic.", default="authority")
    stated_authority_id: str | None = column("The authority the mention's own document resolves it to (its citation form, after the equivalences that document states), before the corpus's equivalences apply; authority_id is where they take it. A Code 'et seq.' of no curated act is stated as <section>/et-seq (the act codified from that section on): cited without evidence tying it to an act, authority_id is the section itself. NULL for generic references.", default=None)
    pinpoint: str | None = column("A section or subsection cited within the authority (e.g. '702'), if any.", default=None)
    stated_date: str | None = column("A date the text states with the mention, as written.", default=None)
    date_mismatch: int = column("1 when the stated date disagrees with the registry's date.", default=0)
    section_id: str | None = column("Enclosing section.", default=None)
    clause_id: str | None = column("Innermost enclosing clause.", default=None)
    designation: str | None = column("The designation of the innermost enclosing clause as a reader cites it (clauses.designation: 'Sec. 3(c)(iii)'), NULL outside numbered clauses.", default=None)
    faq_id: str | None = column("Enclosing FAQ entry.", default=None)
    note_id: str | None = column("The footnote or endnote the mention is in (notes.id); notes.sentence_id is the sentence it supports.", default=None)
    sentence_id: str | None = column("Enclosing sentence.", default=None)
    claim_id: str | None = column("Enclosing claim.", default=None)
    page: int | None = column("The page of a paged source (PDF) the mention starts on, from 1; NULL for unpaged documents.", default=None)


@dataclass
class Page(Record):
    """One page of a paged source (a PDF), as a range of the document's text."""

    TABLE: ClassVar[str] = "pages"
    id: str = column("Stable id (document id and page number).")
    document_id: str = column(DOCUMENT_ID)
    number: int = column("The page number, from 1, in the file's own order.")
    start: int = column(START)
    end: int = column(END)
    text: str = column("The page's text as the document holds it (running heads, feet and page numbers removed).")


GENERIC_LAW_NODE = "generic_law:unnamed"
"""The one graph node standing for law a text leans on without naming it ("applicable law")."""


@dataclass
class Node(Record):
    """A vertex of the linked graph: one record of any kind, addressed as ``kind:id``."""

    TABLE: ClassVar[str] = "nodes"
    id: str = column("Node id, `kind:record id` (e.g. `authority:us/eo/12333`).")
    kind: str = column("document, section, clause, faq, claim, authority, red_line, concept, safeguard, organization or generic_law.")
    label: str = column("A short human-readable label.")
    ref_table: str = column("The table holding the record.")
    ref_id: str = column("The record's id in that table.")
    document_id: str | None = column("The document the record comes from; NULL for shared records (authorities, concepts, organisations).", default=None)
    key: int | None = column("A 64-bit integer derived from `id` alone (`kb.graph.derive.node_key`), the same in every build: what edges.source_key and edges.target_key hold, so that the build ranks the graph on integers without matching text ids.", default=None)


@dataclass
class Edge(Record):
    """A typed link between two nodes; links drawn from text carry their evidence span."""

    TABLE: ClassVar[str] = "edges"
    id: str = column("Stable id (source, relation, target, span).")
    source: str = column("The node the link starts from (nodes.id).")
    target: str = column("The node it points to (nodes.id).")
    relation: str = column("The link type.")
    document_id: str | None = column("The document holding the evidence, NULL for curated relations.", default=None)
    start: int | None = column("Offset where the evidence starts in documents.text, NULL without evidence.", default=None)
    end: int | None = column("Offset just past the evidence.", default=None)
    surface: str | None = column("The evidence text exactly as written.", default=None)
    source_key: int | None = column("nodes.key of `source`.", default=None)
    target_key: int | None = column("nodes.key of `target`.", default=None)


@dataclass
class NodeMetric(Record):
    """Degree and PageRank of a node, computed at build time with networkx's algorithm (``kb.graph.pagerank``)."""

    TABLE: ClassVar[str] = "node_metrics"
    id: str = column("The node (nodes.id).")
    kind: str = column("The node's kind.")
    label: str = column("The node's label.")
    degree: int = column("Number of links in and out.")
    in_degree: int = column("Number of links pointing at the node.")
    out_degree: int = column("Number of links leaving the node.")
    pagerank: float = column("PageRank over the graph's links (sums to 1).")
    key: int | None = column("nodes.key of the node, by which a rebuild matches the stored rows to the nodes.", default=None)


@dataclass
class AuthorityKey(Record):
    """One name a user may type for an authority and the authority it names: the rows of the ``authority_lookup`` view.

    Written by every build from the authorities, their aliases and the
    records merged into them (``kb.store.views.write_authority_keys``), so
    that a lookup by name reads an index instead of taking the union of
    every authority's names (145 ms at 10,000 documents).
    """

    TABLE: ClassVar[str] = "authority_keys"
    id: str = column("Stable id (authority, key).")
    key: str = column("The lower-cased id, name, short name, citation or alias, or a merged record's id, name or citation (surrounding spaces trimmed; empty ones left out).")
    authority_id: str = column("The authority it names (authorities.id).")


@dataclass
class AuthorityCitations(Record):
    """How an authority is cited directly, settled at build time (``kb.graph.citations``): what uncurated_authorities lists."""

    TABLE: ClassVar[str] = "authority_citations"
    id: str = column("The authority (authorities.id); only authorities some mention cites have a row.")
    documents: int = column("Documents with a mention of the authority itself (its parts not counted).")
    written_as: str = column("Every way those mentions write it (mentions.surface), distinct, comma-separated, in order of document id.")


@dataclass
class AuthorityDocumentCitations(Record):
    """How one document cites an authority and its parts, settled at build time (``kb.graph.citations``).

    What documents_citing_any_part lists: adding up an authority's mentions
    and its parts' by document at query time read 30,000 mentions of the
    Constitution at 10,000 documents.
    """

    TABLE: ClassVar[str] = "authority_document_citations"
    id: str = column("Stable id (authority, document).")
    authority_id: str = column("The authority (authorities.id).")
    document_id: str = column("A document citing it or any of its parts (documents.id).")
    citations: int = column("Mentions in the document of the authority or any of its parts (authority_parts).")
    cited_ids: str = column("What those mentions cite (the authority itself or its parts), a JSON list of authorities.id, distinct, in order of first mention.")
    written_as: str = column("Every way those mentions write it (mentions.surface), distinct, comma-separated, in order of first mention.")
    mention_id: str = column("The smallest id of those mentions (mentions.id).")


@dataclass
class AuthorityPart(Record):
    """An authority and one of its parts at any depth, settled at build time (``kb.graph.citations``).

    One table holds the rule, so that every query that rolls citations up
    ("any part of FISA") and the authorities' rolled-up counts agree.
    """

    TABLE: ClassVar[str] = "authority_parts"
    id: str = column("Stable id (whole, part).")
    authority_id: str = column("The whole (authorities.id).")
    part_id: str = column("One of its parts (authorities.id): linked to it by part_of, or with an id extending its id by a path (us/pl/107/347/s208 of us/pl/107/347; a version, linked by supersedes, is not a part), or a part of such a part. The whole itself is not listed.")
    depth: int = column("Steps from the whole down to the part, by the shortest way (1: a direct part).")


@dataclass
class RedLineSupport(Record):
    """One thing a red line's protection rests on, tied to it by the text (``kb.link.protection``).

    A support is credited only where the text ties it to the red line: in the
    red line itself, in a sentence naming its concept, in a list whose lead-in
    names it, in the answer to a question about it, in a sentence on "these
    red lines", or in a sentence pointing back at one of those ("These
    measures ..."). ``rule`` says which, and the evidence span shows the words.
    """

    TABLE: ClassVar[str] = "red_line_support"
    id: str = column("Stable id (red line, kind, target, support span).")
    red_line_id: str = column("The red line (red_lines.id).")
    document_id: str = column("The red line's document.")
    support_kind: str = column("authority, generic_law, safeguard or assurance.")
    target_id: str = column("The node the support is (an authority, safeguard, the generic-law node, or the assuring claim).")
    target_label: str = column("Its label.")
    via_id: str = column("The claim (or clause, for text outside any claim) stating the support (nodes.id).")
    via_kind: str = column("claim or clause.")
    rule: str = column("What ties the support to the red line: red_line (inside it), sentence (a sentence naming its concept), list (a list whose lead-in names it), faq (the answer to a question naming it), reference (a sentence on 'these red lines'), anaphora (a sentence pointing back at one of those).")
    effect: str = column("How the protection holds: conditional ('where law ... requires'), qualified ('consistent with applicable law', 'as permitted by') or unconditional (no such cue, or 'even if these laws change').")
    start: int = column("Offset where the support (citation, cue or assuring claim) starts in documents.text.")
    end: int = column("Offset just past it.")
    surface: str = column("The support exactly as written.")
    evidence_start: int = column("Offset where the tying text (the sentence, lead-in or question) starts.")
    evidence_end: int = column("Offset just past the tying text.")
    evidence: str = column("The tying text exactly as written.")
    effect_cue: str | None = column("The words that set the effect, as written; NULL for a plain statement.", default=None)


@dataclass
class RedLineBasis(Record):
    """Per red line: whether its protection rests on named law, only generic law, or only the vendor's word."""

    TABLE: ClassVar[str] = "red_line_basis"
    id: str = column("The red line (red_lines.id).")
    document_id: str = column("Its document.")
    concept_id: str | None = column("Its concept (concepts.id).")
    text: str = column("The red line as stated.")
    named_authorities: int = column("Distinct named authorities its protection cites.")
    generic_law: int = column("References to unnamed law ('applicable law') in its protection.")
    safeguards: int = column("Distinct safeguards invoked.")
    assurances: int = column("Claims that only assure (modality assurance) about it.")
    basis: str = column("named law; generic law only; vendor controls and assurances only; or nothing stated.")
    conditional_law: int = column("1 when every law (named or unnamed) it rests on holds only under a condition ('where law ... requires').", default=0)
    superseded: int = column("1 when its document is superseded by a later version in the corpus (not counted in corpus totals).", default=0)


@dataclass
class OrganizationRedLines(Record):
    """The red lines of one organisation on one concept, side by side: the answer of ``queries/red_lines_by_organization.sql``, settled at build time.

    That question reads every red line of the corpus (0.45 s at 10,000
    documents); the build answers it once (``kb.graph.derive``) and the canned
    query reads the rows in ``position`` order.
    """

    TABLE: ClassVar[str] = "organization_red_lines"
    id: str = column("Stable id (concept, organisation).")
    position: int = column("The row's place in the canned query's order (concept name, then organisation name).")
    concept_id: str | None = column("The concept (concepts.id), NULL for red lines of no concept.")
    organization_id: str | None = column("The organisation (organizations.id), NULL for red lines of no known organisation.")
    concept: str | None = column("The concept's name.")
    organization: str | None = column("The organisation's name.")
    red_lines: int = column("Red lines of current versions (not superseded).")
    superseded: int = column("Red lines of versions a later version of their document replaces.")
    basis: str | None = column("The verdicts of the current red lines (red_line_basis.basis), comma-separated.")
    named_law: str | None = column("The authorities the texts tie to the current red lines, '; '-separated.")
    safeguards: str | None = column("The safeguards the texts tie to the current red lines, '; '-separated.")
    conditional_law: int = column("Current red lines resting only on law that holds under a condition.")
    stated_as: str = column("Every red line as stated, superseded ones included, ' | '-separated.")
    kinds: str | None = column("The red lines' kinds, comma-separated.")
    documents: str = column("Titles of the documents stating them, comma-separated.")


# --- claims analysis records (kb.link.claims) ---


@dataclass
class Concept(Record):
    """A red-line concept shared across documents (mass domestic surveillance, ...)."""

    TABLE: ClassVar[str] = "concepts"
    id: str = column("Slug, e.g. mass-domestic-surveillance.")
    name: str = column("Display name.")
    description: str = column("What the concept covers, in our own words.")


@dataclass
class Safeguard(Record):
    """A mechanism texts say protects red lines (safety stack, cloud-only deployment, ...)."""

    TABLE: ClassVar[str] = "safeguards"
    id: str = column("Slug, e.g. cloud-only-deployment.")
    name: str = column("Display name.")
    description: str = column("What the safeguard is, in our own words.")
    basis: str = column("Whose word it is: law (law or policy the other party must follow), contract, oversight (independent checking) or vendor (the provider's own controls).")


@dataclass
class Organization(Record):
    """An organisation that speaks or is spoken about; curated, or made from a document's publisher."""

    TABLE: ClassVar[str] = "organizations"
    id: str = column("Slug prefixed 'org/', e.g. org/department-of-war.")
    name: str = column("Display name.")
    kind: str = column("company, government, group (e.g. AI labs collectively) or publisher (made from front matter).")
    description: str | None = column("One line, in our own words.", default=None)
    curated: int = column("1 for curated records, 0 for a publisher not in the curated list.", default=1)


@dataclass
class OrganizationAlias(Record):
    """A name texts use for an organisation (DoW, D.O.W., the Pentagon)."""

    TABLE: ClassVar[str] = "organization_aliases"
    id: str = column("Stable id (organisation, alias).")
    organization_id: str = column("The organisation (organizations.id).")
    alias: str = column("The name as curated.")
    kind: str = column("name, acronym, informal or contextual.")


@dataclass
class OrganizationRelation(Record):
    """A typed link between organisations (same_as, part_of, member_of)."""

    TABLE: ClassVar[str] = "organization_relations"
    id: str = column("Stable id (source, relation, target).")
    source_id: str = column("The organisation the relation starts from.")
    relation: str = column("same_as, part_of or member_of.")
    target_id: str = column("The organisation it points to.")


@dataclass
class OrganizationMention(Record):
    """A place where a document names an organisation, resolved to its id."""

    TABLE: ClassVar[str] = "organization_mentions"
    id: str = column("Stable id (document, offsets).")
    document_id: str = column(DOCUMENT_ID)
    organization_id: str = column("The organisation named (organizations.id).")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The name exactly as written: substr(documents.text, start + 1, end - start).")
    method: str = column("The kind of alias that matched: name, acronym, informal or contextual.")
    claim_id: str | None = column("The claim holding the mention, NULL outside claims (headings, questions).", default=None)


@dataclass
class RedLine(Record):
    """A red line a document states: an item of a red-line list, or a prohibition."""

    TABLE: ClassVar[str] = "red_lines"
    id: str = column("Stable id (document, offsets, source).")
    document_id: str = column(DOCUMENT_ID)
    start: int = column(START)
    end: int = column(END)
    text: str = column("The red line as written: the list item or the prohibiting sentence.")
    source: str = column("list (an item of a red-line list) or prohibition (a prohibiting claim elsewhere).")
    concept_id: str | None = column("The concept whose cue the red line names first (concepts.id); NULL when it names none.")
    organization_id: str | None = column("The organisation stating it: the speaker of its first claim (organizations.id).")
    conditional: int = column("1 when a claim of the red line holds only under a condition or exception ('where law requires').", default=0)
    claim_id: str | None = column("Its first claim (claims.id).", default=None)
    clause_id: str | None = column("The clause holding it, if any.", default=None)
    list_item_id: str | None = column("The list item it is, for source = list.", default=None)
    kind: str = column("red_line (the speaker's own limit), contract_term (a term of a contract, binding a party to it), duty (a government's statutory, regulatory or policy duty: an order's or directive's 'shall not') or policy (an organisation's rule for its users).", default="red_line")
    bound_id: str | None = column("The organisation it limits (organizations.id); NULL when it binds users or no organisation is named.", default=None)
    bound_role: str = column("Who it limits: speaker (the organisation stating it), counterparty (the other party of a contract), users (a service's users or customers) or named (an organisation its sentence names as subject).", default="speaker")


@dataclass
class ConceptLink(Record):
    """A claim or clause addresses a red-line concept (and the document's red line for it)."""

    TABLE: ClassVar[str] = "concept_links"
    id: str = column("Stable id (document, offsets, source, concept).")
    document_id: str = column(DOCUMENT_ID)
    source_id: str = column("The claim (claims.id) or clause (clauses.id) that addresses the concept.")
    source_kind: str = column("claim or clause.")
    concept_id: str = column("The concept addressed (concepts.id).")
    red_line_id: str | None = column("The document's red line for that concept (the one holding the source if any, else the first), NULL when the document states none.")
    method: str = column("cue or reference.")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The evidence exactly as written.")


@dataclass
class SafeguardLink(Record):
    """A claim or clause invokes a safeguard."""

    TABLE: ClassVar[str] = "safeguard_links"
    id: str = column("Stable id (document, offsets, source, safeguard).")
    document_id: str = column(DOCUMENT_ID)
    source_id: str = column("The claim (claims.id) or clause (clauses.id) that invokes the safeguard.")
    source_kind: str = column("claim or clause.")
    safeguard_id: str = column("The safeguard invoked (safeguards.id).")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The evidence exactly as written.")


@dataclass
class Condition(Record):
    """A condition, exception or scope limitation a claim states."""

    TABLE: ClassVar[str] = "conditions"
    id: str = column("Stable id (document, offsets, kind).")
    document_id: str = column(DOCUMENT_ID)
    claim_id: str = column("The claim stating it (claims.id).")
    kind: str = column("condition, exception or scope.")
    depends_on: str = column("authority when a named authority is mentioned inside it, generic_law when only unnamed law is, none otherwise.")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The span exactly as written, from its cue to the end of its clause.")


@dataclass
class ConditionDependency(Record):
    """An authority or generic-law mention inside a condition: what the condition leans on."""

    TABLE: ClassVar[str] = "condition_dependencies"
    id: str = column("Stable id (document, offsets, condition).")
    document_id: str = column(DOCUMENT_ID)
    condition_id: str = column("The condition (conditions.id).")
    mention_id: str = column("The mention inside it (mentions.id).")
    authority_id: str | None = column("The authority mentioned (authorities.id); NULL for unnamed law.")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The mention exactly as written.")


@dataclass
class Comparison(Record):
    """A claim that compares the speaker with another organisation."""

    TABLE: ClassVar[str] = "comparisons"
    id: str = column("Stable id (document, offsets, target).")
    document_id: str = column(DOCUMENT_ID)
    claim_id: str = column("The claim making the comparison (claims.id).")
    source_id: str | None = column("The organisation comparing itself: the claim's speaker (organizations.id).")
    relation: str = column("stronger_than, weaker_than, differs_from or compared_with.")
    target_id: str = column("The organisation compared with (organizations.id).")
    start: int = column(START)
    end: int = column(END)
    surface: str = column("The evidence exactly as written.")


# --- rebuild records (kb.pipeline.build, kb.pipeline.changes, kb.pipeline.versions) ---


@dataclass
class Build(Record):
    """One run of the build: when, over what, how long, and what it wrote."""

    TABLE: ClassVar[str] = "builds"
    id: int = column("Build number: 1 for the first build into this database, then one more each time.")  # type: ignore[assignment]  # builds count, the only key that is no text
    started_at: str = column("When the build started (UTC, ISO 8601).")
    duration_ms: int = column("How long the build took, in milliseconds.")
    corpus_hash: str = column("SHA-256 over every built document's path and content hash: equal hashes mean the same documents.")
    pipeline_hash: str = column("SHA-256 over the reference data and patterns (corpus/ except documents/), the kb package's sources and version, and spaCy's version; when it changes, every document is reprocessed.")
    kb_version: str = column("Version of the kb package that built the database.")
    jobs: int = column("Worker processes used for extraction.")
    documents: int = column("Documents in the database after the build.")
    extracted: int = column("Documents parsed by this build (new, changed, or all when the pipeline changed; an unchanged one too when the version of a record it shares with others must be read again).")
    reused: int = column("Unchanged documents whose rows were kept from the previous database instead of being parsed again.")
    skipped: int = column("Documents skipped as bad input under --keep-going.")
    skipped_files: str | None = column("The skipped files with the reason, one per line; NULL when none.")
    clauses: int = column("Clauses in the database after the build.")
    claims: int = column("Claims in the database after the build.")
    mentions: int = column("Authority mentions in the database after the build.")
    authorities: int = column("Authorities (curated and made from citations) in the database after the build.")
    changes: int = column("Rows this build added to `changes`.")
    counts: str = column("Rows in every table after the build, as a JSON object.")
    document_tables: str = column("The tables documents' extracted rows are in, space-separated.")


@dataclass
class Change(Record):
    """One difference between a build and the build before it."""

    TABLE: ClassVar[str] = "changes"
    id: str = column("Stable id (build, change, kind, item).")
    build_id: int = column("The build that made the change (builds.id).")
    change: str = column("added, changed, removed, newly_cited or no_longer_cited.")
    kind: str = column("document, clause, claim, mention or authority.")
    item_id: str = column("Id of the row: in the current tables when added, changed or cited; as it was in the previous build when removed.")
    document_id: str | None = column("The document the item belongs to; NULL for authorities.")
    text: str | None = column("The item's text (a document's path, a clause's or claim's text, a mention's surface, an authority's name), kept because removed rows are gone.")


@dataclass
class ClauseDiff(Record):
    """A clause added, removed, changed or moved between a document and the one it supersedes."""

    TABLE: ClassVar[str] = "clause_diffs"
    id: str = column("Stable id (both documents, change, clauses).")
    document_id: str = column("The newer version (documents.id).")
    supersedes_id: str = column("The older version it supersedes (documents.id).")
    change: str = column("added, removed, changed or moved.")
    path: str = column("The clause's path ('2.1') in the newer version; in the older one for removed clauses.")
    old_path: str | None = column("The clause's path in the older version; NULL for added clauses.")
    title: str | None = column("The clause's title, where it has one.")
    new_clause_id: str | None = column("The clause in the newer version (clauses.id); NULL when removed.")
    old_clause_id: str | None = column("The clause in the older version (clauses.id); NULL when added.")
    new_text: str | None = column("The clause's whole text in the newer version; NULL when removed.")
    old_text: str | None = column("The clause's whole text in the older version; NULL when added.")
    diff: str = column(
        "Word diff of the clause's whole text, older to newer, marked up as git's --word-diff writes it: "
        "'the inner [-channel only-]{+and outer channels+}.'. Read without its removed pieces and its marks, it is new_text "
        "(an added clause is one insertion, a removed one one deletion). A backslash goes before a backslash of the text "
        "and before a '[', '{', '-' or '+' that would read as a mark."
    )


@dataclass
class RecordSource(Record):
    """A document that produced a record belonging to no single document (an authority made from a citation)."""

    TABLE: ClassVar[str] = "record_sources"
    id: str = column("Stable id (document, table, record).")
    document_id: str = column("A document whose extraction produced the record (documents.id).")
    table_name: str = column("The table holding the record.")
    record_id: str = column("The record's id in that table.")
