"""Canned queries: each documented, and each answering its question on the corpus knowledge base."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest

from kb.datasette.queries import QueryError, load_queries, load_query, parameters
from kb.graph.derive import ORGANIZATION_RED_LINES_SQL
from kb.pipeline.build import build
from kb.store.views import AUTHORITY_KEYS_SQL, AUTHORITY_LOOKUP
from tests.conftest import CORPUS, FIXTURES, served

CORPUS_DOCUMENTS = CORPUS / "documents"

QUERIES = {q.name: q for q in load_queries()}

ON_FIXTURES = {
    "clause_changes_between_versions": FIXTURES / "versions",
    "commitments_whose_strength_changed": FIXTURES / "queries" / "strength",
    "documents_citing_corpus_documents": FIXTURES / "queries" / "cross_references",
    "identity_conflicts": FIXTURES / "identity",  # the corpus ties no title to two public laws
}
"""Queries whose example needs documents the corpus knowledge base lacks (no corpus document supersedes another)."""


def run(kb: sqlite3.Connection, name: str, **params: str) -> list[dict]:
    """Rows of a canned query run with its header's example, ``params`` replacing some of its values."""
    query = QUERIES[name]
    assert set(params) <= set(query.example), f"{name} takes no {sorted(set(params) - set(query.example))}"
    return [dict(row) for row in kb.execute(query.sql, {**query.example, **params}).fetchall()]


@pytest.mark.parametrize(
    "content, missing",
    [
        ("select 1", "title and description"),  # no header at all
        ("-- title: Something\nselect 1", "description"),  # description forgotten
        ("-- description: Why\nselect 1", "title"),
    ],
)
def test_queries_a_file_without_title_or_description_fails(tmp_path, content, missing):
    path = tmp_path / "q.sql"
    path.write_text(content)
    with pytest.raises(QueryError, match=missing):
        load_query(path)


def test_queries_there_are_at_least_twelve_documented_questions():
    assert len(QUERIES) >= 12
    assert all(q.title and q.description for q in QUERIES.values())


@pytest.mark.parametrize(
    "content, message",
    [
        ("-- title: T\n-- description: D\nselect :document", "no example"),  # parameters but no example
        ("-- title: T\n-- description: D\n-- example: documnet=x\nselect :document", "documnet, not a parameter"),
        ("-- title: T\n-- description: D\n-- example: authority=FISA\nselect 1", "authority, not a parameter"),
        ("-- title: T\n-- description: D\n-- example: a=1\nselect :a, :b", "leaves out :b"),
        ("-- title: T\n-- description: D\n-- example: a\nselect :a", "not name=value"),
        ("-- title: T\n-- description: D\n-- example: a=1 a=2\nselect :a", "twice"),
    ],
)
def test_queries_a_wrong_or_missing_example_fails_naming_the_file(tmp_path, content, message):
    path = tmp_path / "q.sql"
    path.write_text(content)
    with pytest.raises(QueryError, match=message) as raised:
        load_query(path)
    assert str(path) in str(raised.value)


def test_queries_example_header_gives_values_and_empty_values(tmp_path):
    path = tmp_path / "q.sql"
    path.write_text("-- title: T\n-- description: Give :document (empty for all).\n-- example: document=doc-1 kind=\nselect :document, :kind")
    assert load_query(path).example == {"document": "doc-1", "kind": ""}
    path.write_text("-- title: T\n-- description: D\nselect 1")
    assert load_query(path).example == {}


def test_queries_parameters_ignore_comments_and_string_literals():
    sql = "-- about :document\nselect 'document:' || :document, '12:30', x::text from t where k = :kind and j = :document"
    assert parameters(sql) == ["document", "kind"]


def test_queries_every_query_with_parameters_has_an_example():
    for q in QUERIES.values():
        assert set(q.example) == set(parameters(q.sql)), q.name


@pytest.mark.parametrize("name", sorted(set(QUERIES) - set(ON_FIXTURES)))
def test_queries_every_example_answers_on_the_corpus(kb, name):
    assert run(kb, name), f"{name} with its example {QUERIES[name].example} returns no rows"


@pytest.mark.parametrize("name", sorted(ON_FIXTURES))
def test_queries_examples_needing_fixtures_answer_on_them(tmp_path, name):
    db = tmp_path / "kb.db"
    build(ON_FIXTURES[name], db)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        assert run(conn, name)
    finally:
        conn.close()


def test_queries_authority_lookup_view_has_its_declared_columns_and_clean_keys(kb):
    columns = [row[1] for row in kb.execute(f"pragma table_info({AUTHORITY_LOOKUP.name})")]
    assert columns == list(AUTHORITY_LOOKUP.columns)
    rows = kb.execute(f"select key, authority_id from {AUTHORITY_LOOKUP.name}").fetchall()
    assert len(rows) == len(set(map(tuple, rows)))  # union: no pair twice
    assert all(key and key == key.lower().strip() for key, _ in rows)
    assert ("fisa", "us/pl/95/511") in set(map(tuple, rows))
    # every id, name, short name, citation and alias is a key
    names = kb.execute(
        "select lower(id) from authorities union select lower(name) from authorities where name <> '' "
        "union select lower(short_name) from authorities where short_name <> '' "
        "union select lower(citation) from authorities where citation <> '' "
        "union select lower(alias) from authority_aliases where alias <> ''"
    ).fetchall()
    assert {n for (n,) in names} <= {key for key, _ in rows}


@pytest.mark.parametrize("name", ["where_is_authority_cited", "authority_lineage"])
def test_queries_authority_queries_look_the_authority_up_in_the_view(name):
    sql = QUERIES[name].sql
    assert "authority_lookup where key = lower(trim(:authority))" in sql
    assert "authority_aliases" not in sql


def test_queries_where_is_fisa_cited_returns_the_sentence_and_clause(kb):
    rows = run(kb, "where_is_authority_cited", authority="FISA")
    assert [(r["surface"], r["clause"]) for r in rows] == [("Foreign Intelligence Surveillance Act of 1978", "2")]
    assert rows[0]["sentence"] == "The Foreign Intelligence Surveillance Act of 1978"


def test_queries_where_is_cited_accepts_an_id(kb):
    rows = run(kb, "where_is_authority_cited", authority="us/eo/12333")
    assert [r["surface"] for r in rows] == ["Executive Order 12333"]


@pytest.mark.parametrize("authority", [" fisa ", "Foreign Intelligence Surveillance Act of 1978", "us/pl/95/511"])
def test_queries_authority_queries_accept_any_name_in_any_case(kb, authority):
    assert run(kb, "where_is_authority_cited", authority=authority) == run(kb, "where_is_authority_cited")
    assert run(kb, "authority_lineage", authority=authority) == run(kb, "authority_lineage")


def test_queries_authority_queries_find_nothing_for_an_unknown_or_blank_name(kb):
    for authority in ("", "  ", "no such act"):
        assert run(kb, "where_is_authority_cited", authority=authority) == []
        assert run(kb, "authority_lineage", authority=authority) == []


def test_queries_authorities_by_clause(kb):
    rows = {(r["document"][:13], r["clause"]): r for r in run(kb, "authorities_by_clause")}
    contract = rows[("Our agreement", "2")]
    for name in ("Foreign Intelligence Surveillance Act of 1978", "United States Intelligence Activities", "Posse Comitatus Act"):
        assert name in contract["authorities"]
    assert contract["generic_law_references"] >= 2
    assert rows[("Our agreement", "1")]["authorities"] is None


def test_queries_red_line_coverage_names_the_directive_for_autonomous_weapons(kb):
    rows = run(kb, "red_line_authority_coverage")
    weapons = [r for r in rows if r["red_line"].startswith("No Use of OpenAI technology to direct")]
    assert {r["basis"] for r in weapons} == {"named law"}
    directive = [r for r in weapons if r["support_kind"] == "authority"]
    assert [r["support"] for r in directive] == ["DoDD 3000.09"]  # and none of the surveillance statutes
    assert directive[0]["rule"] == "sentence" and "autonomous and semi-autonomous" in directive[0]["evidence"]
    assert any(r["effect"] == "conditional" and r["support_kind"] == "generic_law" for r in weapons)


def test_queries_red_lines_resting_on_vendor_word(kb):
    rows = run(kb, "red_lines_resting_on_vendor_word")
    vendor = [r for r in rows if r["basis"] == "vendor controls and assurances only"]
    assert [r["red_line"][:40] for r in vendor] == ["Helios Robotics will not allow its model"]
    assert vendor[0]["safeguards"] == 2 and vendor[0]["assurances"] == 1


def test_queries_a_government_memo_adds_no_red_line_to_the_vendors_word(kb):
    """The memo's "shall not ... to:" duties are the government's, not a vendor's red lines."""
    assert not [r for r in run(kb, "red_lines_resting_on_vendor_word") if r["document"].startswith("Guidance on the Responsible")]
    kinds = {r["kind"] for r in kb.execute(
        "select kind from red_lines where document_id in (select id from documents where title like 'Guidance on the Responsible%')")}
    assert kinds == {"duty"}


def test_queries_conditional_commitments_include_the_contract_weapons_clause(kb):
    rows = run(kb, "conditional_commitments")
    weapons = [r for r in rows if r["claim"].startswith("The AI system will not be used to independently direct")]
    assert weapons and weapons[0]["condition"].startswith("where law, regulation, or department policy requires")
    assert "unnamed law" in weapons[0]["leans_on"]
    assert weapons[0]["holds"] == "only under this condition" and "conditional" in weapons[0]["protection"]


def test_queries_conditional_commitments_report_all_lawful_purposes_as_a_scope(kb):
    rows = run(kb, "conditional_commitments")
    scope = [r for r in rows if r["claim"].startswith("The Department of War may use the AI system for all lawful purposes")]
    assert {(r["condition_kind"], r["holds"]) for r in scope} == {("scope", "within this scope")}
    assert [r["condition"].split(",")[0] for r in scope] == ["for all lawful purposes", "consistent with applicable law"]


def test_queries_hedged_claims(kb):
    cues = {(r["document"][:13], r["hedge_cue"]) for r in run(kb, "hedged_claims")}
    assert ("Our agreement", "We believe") in cues
    assert ("Our agreement", "From what we know") in cues


def test_queries_claims_about_other_organizations_link_comparisons(kb):
    rows = run(kb, "claims_about_other_organizations")
    comparisons = [r for r in rows if r["comparison"] and r["document"].startswith("Our agreement")]
    anthropic = [r for r in comparisons if r["about"] == "Anthropic"]
    assert len(anthropic) == 2 and {r["comparison"] for r in anthropic} == {"stronger_than"}
    assert "even compared to Anthropic" in anthropic[0]["comparison_evidence"]


def test_queries_generic_law_references(kb):
    surfaces = [r["surface"] for r in run(kb, "generic_law_references") if r["document"].startswith("Our agreement")]
    assert {"applicable law", "applicable DoD directives", "existing laws, regulations, and policies"} <= set(surfaces)


def test_queries_uncurated_authorities_come_from_citations(kb):
    rows = {r["authority_id"]: r for r in run(kb, "uncurated_authorities")}
    assert {"us/usc/t10/s4001", "us/usc/t44/s3501", "us/eo/14028"} <= set(rows)
    assert rows["us/usc/t10/s4001"]["url"] == "https://www.law.cornell.edu/uscode/text/10/4001"
    assert "us/eo/12333" not in rows  # curated


def test_queries_stated_date_mismatches(kb):
    rows = run(kb, "stated_date_mismatches")
    assert [(r["stated_date"], r["date_mismatch"]) for r in rows] == [("5 May 2019", 1), ("25 Jan/2023", 0)]


def test_queries_red_lines_of_each_organization_side_by_side(kb):
    rows = run(kb, "red_lines_by_organization")
    surveillance = {r["organization"] for r in rows if r["concept"] == "Mass domestic surveillance"}
    assert {"OpenAI", "Anthropic", "Department of War"} <= surveillance


def test_queries_most_central_nodes_by_kind(kb):
    rows = run(kb, "most_central_nodes", kind="authority")
    assert rows and all(r["kind"] == "authority" for r in rows)
    assert [r["pagerank"] for r in rows] == sorted((r["pagerank"] for r in rows), reverse=True)


def test_queries_authority_lineage_walks_relations(kb):
    rows = {r["authority_id"]: r for r in run(kb, "authority_lineage", authority="FISA")}
    assert rows["us/pl/95/511"]["depth"] == 0
    assert rows["us/pl/110/261"]["depth"] == 1  # the FISA Amendments Act amends it
    assert "us/usc/t50/s1881a" in rows  # Section 702


def test_queries_document_outline_starts_at_the_document(kb):
    rows = run(kb, "document_outline", document="openai-dow-agreement")
    assert rows[0]["kind"] == "document" and rows[0]["depth"] == 0
    clauses = [r["unit"].strip() for r in rows if r["kind"] == "clause"]
    assert clauses == ["Clause 1: Deployment Architecture Cologne", "Clause 2: Our contract", "Clause 3: AI Expert Involvement"]


def test_queries_sentences_by_role_reads_the_document_in_order(kb):
    rows = run(kb, "sentences_by_role", document="openai-dow-agreement")
    assert [r["number"] for r in rows] == sorted(r["number"] for r in rows)
    roles = {r["role"] for r in rows}
    assert {"narrative", "list_item", "clause", "question", "answer", "heading", "lead_in"} <= roles
    assert rows[0]["text"].startswith("Yesterday, we signed an agreement")


def test_queries_a_rebuild_in_place_gives_an_older_database_the_current_view(tmp_path):
    db = tmp_path / "kb.db"
    build(FIXTURES / "versions", db)
    for older in ("", f"create view {AUTHORITY_LOOKUP.name} as select 'x' as key, 'y' as authority_id"):
        conn = sqlite3.connect(db)
        conn.execute(f"drop view {AUTHORITY_LOOKUP.name}")  # built before the view existed ...
        if older:
            conn.execute(older)  # ... or with an older definition of it
        conn.commit()
        conn.close()
        assert build(FIXTURES / "versions", db).reused  # kept every document: the copy was edited in place
        conn = sqlite3.connect(db)
        (sql,) = conn.execute("select sql from sqlite_master where name = ?", (AUTHORITY_LOOKUP.name,)).fetchone()
        conn.close()
        assert sql.endswith(AUTHORITY_LOOKUP.sql)


def built(folder: Path, corpus: Path) -> sqlite3.Connection:
    """A connection to a knowledge base built from ``corpus`` in ``folder``, rows as ``sqlite3.Row``."""
    build(corpus, folder / "kb.db")
    conn = sqlite3.connect(folder / "kb.db")
    conn.row_factory = sqlite3.Row
    return conn


def write_document(folder: Path, name: str, front: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_queries_a_clause_column_holds_designations_not_paths(kb, name):
    """A result's `clause` is the clause as a reader cites it (clauses.designation), never its position path."""
    rows = run(kb, name) if name not in ON_FIXTURES else []
    designations = {d for (d,) in kb.execute("select designation from clauses")}
    assert {r["clause"] for r in rows if "clause" in r} <= designations | {None}


def test_queries_commitments_whose_strength_changed_say_what_changed(tmp_path):
    conn = built(tmp_path, ON_FIXTURES["commitments_whose_strength_changed"])
    rows = run(conn, "commitments_whose_strength_changed")
    # clause 3 was reworded but binds as before, so it is left out
    assert [(r["clause"], r["changed"]) for r in rows] == [("1", "conditions"), ("2", "modality"), ("4", "conditions"), ("5", "modality, hedges")]
    by_clause = {r["clause"]: r for r in rows}
    assert (by_clause["1"]["old_conditions"], by_clause["1"]["new_conditions"]) == ("", "exception: unless the Board approves in writing")
    assert by_clause["2"]["old_modality"] == "commitment" and by_clause["2"]["new_modality"] != "commitment"  # shall → may
    assert by_clause["4"]["new_conditions"] == "scope: consistent with applicable law"
    assert (by_clause["5"]["new_modality"], by_clause["5"]["old_hedges"], by_clause["5"]["new_hedges"]) == ("hedge", "", "We believe")
    assert {r["new_clause_id"] for r in rows} <= {c for (c,) in conn.execute("select id from clauses where document_id = 'cloud-services-terms-v2'")}
    assert run(conn, "commitments_whose_strength_changed", document="cloud-services-terms-v1") == []  # the older version revises nothing


def test_queries_unresolved_citations_list_sections_the_crosswalk_lacks(kb):
    rows = run(kb, "unresolved_citations")
    made_up = [(r["written_as"], r["made_up_id"], r["problem"]) for r in rows if r["kind"] == "made up"]
    assert ("section 208", "us/pl/107/347/s208", "section not mapped to the Code") in made_up
    assert all(r["evidence"] and r["document_id"] for r in rows)


def test_queries_unresolved_citations_find_short_forms_and_local_references_no_mention_covers(tmp_path):
    body = (
        "# Review memo\n\n## Section 1. Purpose\n\n"  # a heading, not a reference
        "The court agreed. Id. at 5. See Smith, supra, at 3.\n\n"  # short forms with no citation before them
        # a pinpoint just after its mention ('§ 2.3') is no loose end; 'Section 4 of this memo' is
        "This memo reviews the tool under Executive Order 12333, § 2.3, and the procedures in Section 4 of this memo.\n\n"
        "Records follow the Privacy Act, 5 U.S.C. 552a.\n"  # a citation the build resolved
    )
    write_document(tmp_path / "corpus", "review.md", "title: Review memo\npublisher: Acme AI\nkind: memo", body)
    rows = run(built(tmp_path, tmp_path / "corpus"), "unresolved_citations")
    assert [(r["kind"], r["written_as"], r["problem"]) for r in rows] == [
        ("unrecognised", "Id.", "short form with nothing to point back to"),
        ("unrecognised", "supra", "short form with nothing to point back to"),
        ("unrecognised", "Section", "local or cross reference"),
    ]
    assert rows[2]["evidence"].endswith("in Section 4 of this memo.")


@pytest.mark.parametrize("authority", ["us/const", "us/pl/107/347", "FISA", "us/usc/t10", "us/eo/12333"])
def test_queries_documents_citing_any_part_add_up_to_the_authorities_counts(kb, authority):
    """The query and the build (kb.graph.citations) walk an authority's parts by the same rule."""
    rows = run(kb, "documents_citing_any_part", authority=authority)
    (aid,) = {r["authority_id"] for r in kb.execute("select authority_id from authority_lookup where key = lower(?)", (authority,))}
    rolled, documents = kb.execute("select citations_rolled_up, citing_documents from authorities where id = ?", (aid,)).fetchone()
    assert (sum(r["citations"] for r in rows), len(rows)) == (rolled, documents)


def test_queries_documents_citing_any_part_of_the_constitution(kb):
    rows = {r["document_id"]: r for r in run(kb, "documents_citing_any_part")}
    assert rows["openai-dow-agreement"]["parts_cited"] == "Fourth Amendment"  # a part, not the Constitution itself
    assert rows["government-memo"]["written_as"] == "Constitution"
    e_government = run(kb, "documents_citing_any_part", authority="E-Government Act of 2002")
    assert [(r["citations"], r["parts_cited"].count(",")) for r in e_government] == [(4, 1)]  # the act and its section 208


def test_queries_what_implements_what_both_ways_and_through_parts(kb):
    implements = run(kb, "what_implements_what")
    assert {(r["direction"], r["authority_id"]) for r in implements} == {
        ("implements", "us/usc/t18/s1385"), ("implements", "us/usc/t10/s275")}
    pca = next(r for r in implements if r["authority_id"] == "us/usc/t18/s1385")
    assert pca["link"] == "DoDI 3025.21 implements Posse Comitatus Act" and pca["citations"] >= 1
    by = run(kb, "what_implements_what", authority="Posse Comitatus Act")
    assert [(r["direction"], r["authority_id"]) for r in by] == [("implemented by", "us/dod/dodi/3025.21")]
    title_10 = run(kb, "what_implements_what", authority="us/usc/t10")  # DoDI 3025.21 implements its section 275
    assert ("implemented by", "us/dod/dodi/3025.21") in {(r["direction"], r["authority_id"]) for r in title_10}
    orders = run(kb, "what_implements_what", authority="EO 12333")
    assert {r["authority_id"] for r in orders} == {"us/dod/dodm/5240.01", "us/dod/dodd/5240.01"}


def test_queries_red_lines_side_by_side_show_their_basis(kb):
    rows = {(r["concept"], r["organization"]): r for r in run(kb, "red_lines_by_organization")}
    openai = rows[("Mass domestic surveillance", "OpenAI")]
    assert openai["basis"] == "named law"
    assert {"FISA", "Fourth Amendment", "EO 12333"} <= set(openai["named_law"].split("; "))
    helios = rows[("Mass domestic surveillance", "Helios Robotics")]
    assert (helios["basis"], helios["named_law"]) == ("vendor controls and assurances only", None)
    assert "Classifiers and monitoring" in helios["safeguards"].split("; ")
    assert rows[("Directing autonomous weapons", "Department of War")]["conditional_law"] == 1  # 'where applicable law ... requires'


def test_queries_a_pinpoint_reaches_the_unit_of_the_document_that_is_the_cited_order(tmp_path):
    build(FIXTURES / "queries" / "cross_references", tmp_path / "kb.db")
    conn = sqlite3.connect(tmp_path / "kb.db")
    conn.row_factory = sqlite3.Row
    assert conn.execute("select authority_id from documents where id = 'order'").fetchone()[0] == "us/eo/14888"
    rows = [dict(r) for r in conn.execute(QUERIES["documents_citing_corpus_documents"].sql, {"document": "order"})]
    assert {(r["written_as"], r["unit"]) for r in rows} >= {("Executive Order 14888", None), ("Executive Order 14888", "Sec. 2(b)")}
    assert all(r["document_id"] == "guidance" and r["cited_document_id"] == "order" for r in rows)
    # the order's own title line is no citation of itself
    assert not conn.execute("select 1 from mentions where document_id = 'order' and authority_id = 'us/eo/14888'").fetchone()
    # the reader says which authority the text is, and the authority's page opens the text
    ds = served(tmp_path / "kb.db")
    reader = asyncio.run(ds.client.get("/kb/-/reader?document=order")).text
    assert 'This document is the text of <strong>Executive Order 14888</strong>' in reader
    cited = asyncio.run(ds.client.get("/kb/-/mentions?authority=EO+14888")).text
    assert 'Its text is in the corpus: <a href="/kb/-/reader?document=order">' in cited
    assert "cites § 2(b)" in cited  # the pinpoint, in mentions in context


def _versions_query_steps(documents: int) -> int:
    """SQLite VM steps (in thousands) of ``clause_changes_between_versions`` for one document, over ``documents`` unversioned ones."""
    conn = sqlite3.connect(":memory:")
    conn.executescript("""
        create table documents (id text primary key, title text, supersedes text, path text);
        create table clauses (id text primary key, designation text);
        create table clause_diffs (document_id text, supersedes_id text, change text, path text, old_path text, title text,
                                   diff text, old_text text, new_text text, new_clause_id text, old_clause_id text);""")
    conn.executemany("insert into documents values (?, ?, null, ?)", [(f"doc-{i}", f"Document {i}", f"d/{i}.md") for i in range(documents)])
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    conn.set_progress_handler(step, 1000)
    conn.execute(QUERIES["clause_changes_between_versions"].sql, {"document": "doc-0"}).fetchall()
    return steps[0]


def test_queries_versions_query_grows_with_the_corpus_not_its_square():
    """Regression: every document was paired with every other before the pairs were filtered (10 s at 10,000 documents)."""
    small, large = _versions_query_steps(400), _versions_query_steps(1600)
    assert large <= 6 * max(small, 1), (small, large)  # four times the documents: about four times the work, not sixteen


# The plain forms of the canned queries that were rewritten to answer at 10,000 documents within 50 ms
# (BENCHMARKS.md, sixth pass): each rewrite must give the same rows in the same order.
PLAIN_FORMS = {
    "where_is_authority_cited": ("""
        with wanted as (select authority_id as id from authority_lookup where key = lower(trim(:authority)))
        select documents.title as document, mentions.surface, authorities.name as authority,
               sentences.text as sentence, clauses.designation as clause, mentions.start, mentions.end, mentions.id as mention_id
        from mentions join wanted on wanted.id = mentions.authority_id join authorities on authorities.id = mentions.authority_id
        join documents on documents.id = mentions.document_id
        left join sentences on sentences.id = mentions.sentence_id left join clauses on clauses.id = mentions.clause_id
        order by documents.path, mentions.start""", ["FISA", "us/const", "us/usc/50"]),
    "stated_date_mismatches": ("""
        select documents.title as document, mentions.surface, mentions.stated_date, authorities.name as authority,
               authorities.date as registry_date, mentions.date_mismatch
        from mentions join documents on documents.id = mentions.document_id left join authorities on authorities.id = mentions.authority_id
        where mentions.stated_date is not null order by mentions.date_mismatch desc, documents.path, mentions.start""", []),
    "uncurated_authorities": ("""
        select authorities.id as authority_id, authorities.name, authorities.kind, authorities.citation, authorities.url,
               count(mentions.authority_id) as mentions, count(distinct mentions.document_id) as documents,
               group_concat(distinct mentions.surface) as written_as
        from authorities left join mentions on mentions.authority_id = authorities.id
        where authorities.curated = 0 group by authorities.id order by mentions desc, authorities.id""", []),
    "documents_citing_any_part": ("""
        with wanted(id) as (select authority_id from authority_lookup where key = lower(trim(:authority))),
        parts(id) as (select id from wanted union
                      select authority_parts.part_id from authority_parts join wanted on wanted.id = authority_parts.authority_id)
        select documents.title as document, count(*) as citations,
               group_concat(distinct coalesce(authorities.short_name, authorities.name)) as parts_cited,
               group_concat(distinct mentions.surface) as written_as, mentions.document_id, min(mentions.id) as mention_id
        from mentions indexed by idx_mentions_document_id_start
        join parts on parts.id = mentions.authority_id join authorities on authorities.id = mentions.authority_id
        join documents on documents.id = mentions.document_id
        group by mentions.document_id order by citations desc, documents.path""",
        # a name giving a whole and its part ('u.s. const. amend. i') reads the whole's settled rows
        ["us/const", "FISA", "us/usc/50", "us/eo/12333", "u.s. const. amend. i", "us/const/amdt4"]),
    "red_lines_by_organization": (ORGANIZATION_RED_LINES_SQL.replace(", lines.concept_id, lines.organization_id\n", "\n"), []),
}


@pytest.mark.parametrize("name", sorted(PLAIN_FORMS))
def test_queries_rewritten_for_speed_answer_as_their_plain_form(kb, name):
    plain, authorities = PLAIN_FORMS[name]
    for params in [{"authority": a} for a in authorities] or [{}]:
        expected = [tuple(row) for row in kb.execute(plain, params)]
        assert [tuple(row) for row in kb.execute(QUERIES[name].sql, params)] == expected
        assert expected or params  # the corpus gives every query without parameters rows to compare


def test_queries_what_implements_what_finds_the_documents_citing_both_as_every_document_tried(kb):
    # the table scanned in rowid order, as the plan was before documents had an index holding id and title
    tried = """select related.authority_id, (select group_concat(documents.title, '; ') from documents not indexed
                 where exists (select 1 from mentions where mentions.document_id = documents.id and mentions.authority_id = related.authority_id)
                   and exists (select 1 from mentions join parts on parts.id = mentions.authority_id where mentions.document_id = documents.id))"""
    sql = QUERIES["what_implements_what"].sql
    head, _, _ = sql.partition("\nselect related.direction")
    select, _, rest = sql.partition("\nselect related.direction")[2].partition("\nfrom related")
    plain = f"{head}\n{tried}\nfrom related{rest}"
    for authority in ("us/dod/dodi/3025.21", "FISA", "us/eo/12333"):
        rows = kb.execute(sql, {"authority": authority}).fetchall()
        assert [(r["authority_id"], r["cited_together_in"]) for r in rows] == [tuple(r) for r in kb.execute(plain, {"authority": authority})]


def test_queries_authority_keys_table_holds_the_union_the_view_once_computed(kb):
    """authority_lookup reads authority_keys; the build fills it with every name of every authority."""
    assert sorted(map(tuple, kb.execute(AUTHORITY_KEYS_SQL))) == sorted(
        map(tuple, kb.execute(f"select key, authority_id from {AUTHORITY_LOOKUP.name}")))
    assert "authority_keys" in AUTHORITY_LOOKUP.sql


def test_queries_organization_red_lines_rebuilt_in_place_agree_with_the_red_lines(tmp_path):
    """After a rebuild that edits one document, the settled table still answers as the query over red_lines would."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DOCUMENTS, corpus)
    db = tmp_path / "kb.db"
    build(corpus, db)
    first = sorted(corpus.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nWe will not use the models for mass domestic surveillance.\n",
                     encoding="utf-8")
    build(corpus, db)
    with sqlite3.connect(db) as conn:
        plain = PLAIN_FORMS["red_lines_by_organization"][0]
        assert conn.execute(QUERIES["red_lines_by_organization"].sql).fetchall() == conn.execute(plain).fetchall()


def test_queries_authority_citations_agree_with_the_mentions(kb):
    """authority_citations (what uncurated_authorities lists) is each cited authority's mentions, counted and spelled."""
    stored = {row[0]: tuple(row[1:]) for row in kb.execute("select id, documents, written_as from authority_citations")}
    counted = {row[0]: tuple(row[1:]) for row in kb.execute(
        """select authorities.id, count(distinct mentions.document_id), group_concat(distinct mentions.surface)
           from authorities join mentions on mentions.authority_id = authorities.id group by authorities.id""")}
    assert stored == counted and stored


def test_queries_authority_document_citations_add_up_to_the_rolled_up_counts(kb):
    """Each authority's settled rows are its citing documents, their citations its citations_rolled_up."""
    settled = {row[0]: tuple(row[1:]) for row in kb.execute(
        "select authority_id, sum(citations), count(*) from authority_document_citations group by authority_id")}
    counted = {row[0]: tuple(row[1:]) for row in kb.execute(
        "select id, citations_rolled_up, citing_documents from authorities where citing_documents > 0")}
    assert settled == counted and settled


def test_queries_documents_citing_any_part_of_two_unrelated_authorities_counts_their_mentions(kb_path, tmp_path):
    """A name giving two authorities neither of which is part of the other has no settled rows: the mentions are counted."""
    shutil.copy(kb_path, tmp_path / "kb.db")
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        a = "us/const/amdt4"
        (b,) = conn.execute("""select authority_id from authority_document_citations where authority_id not like 'us/const%'
                               group by authority_id order by count(*) desc, authority_id limit 1""").fetchone()
        conn.execute("insert into authority_keys (id, key, authority_id) values ('both a', 'both', ?), ('both b', 'both', ?)", (a, b))
        expected = conn.execute(PLAIN_FORMS["documents_citing_any_part"][0], {"authority": "both"}).fetchall()
        assert conn.execute(QUERIES["documents_citing_any_part"].sql, {"authority": "both"}).fetchall() == expected
        assert {row[4] for row in expected} == {row[0] for row in conn.execute(
            "select distinct document_id from authority_document_citations where authority_id in (?, ?)", (a, b))}
        assert len(expected) > 1 and len({row[2] for row in expected}) > 1  # documents of both, counted together


def test_queries_authority_document_citations_rebuilt_in_place_equal_a_full_build(tmp_path):
    """A kept document's rows change when what it cites gains a whole: b.md's title of the Code makes a.md's section a part."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text("# A\n\nThe vendor relies on 42 U.S.C. 2000ee and on the Fourth Amendment.\n")
    (corpus / "c.md").write_text("# C\n\nThe First Amendment applies.\n")
    in_place, full = tmp_path / "in_place.db", tmp_path / "full.db"
    build(corpus, in_place)
    (corpus / "b.md").write_text("# B\n\nTitle 42 of the United States Code applies, as does the Fourth Amendment.\n")
    (corpus / "c.md").unlink()
    build(corpus, in_place)
    build(corpus, full)
    rows = "select * from authority_document_citations order by id"
    with sqlite3.connect(in_place) as rebuilt, sqlite3.connect(full) as fresh:
        assert rebuilt.execute(rows).fetchall() == fresh.execute(rows).fetchall()
        assert rebuilt.execute("select 1 from authority_document_citations where authority_id = 'us/usc/t42' and document_id = 'a'").fetchone()
        assert not rebuilt.execute("select 1 from authority_document_citations where document_id = 'c'").fetchone()
