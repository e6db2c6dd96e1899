"""Identity across documents: one record per authority, whichever document ties its forms (issue 15)."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest

from kb.datasette.queries import load_queries
from kb.pipeline.build import build
from kb.reference.registry import load_registry
from kb.resolve.identity import best_name, corpus_identity
from tests.conftest import FIXTURES
from tests.corpora import contents

IDENTITY = FIXTURES / "identity"
REPORT, MEMO, BLOG = "oversight-report", "privacy-memo", "briefing-blog"

FORMS: dict[str, list[tuple[str, str]]] = {
    # FISA (curated): name, acronym, public law, Stat. page, Code "et seq." and chapter
    "us/pl/95/511": [(REPORT, "Foreign Intelligence Surveillance Act of 1978"), (REPORT, "Pub. L. 95-511"),
                     (REPORT, "92 Stat. 1783"), (REPORT, "50 U.S.C. 1801 et seq."), (MEMO, "FISA"), (BLOG, "chapter 36 of title 50")],
    "us/usc/t50/s1881a": [(MEMO, "section 702"), (BLOG, "50 U.S.C. § 1881a")],  # section 702, act and Code form
    # the National Security Act of 1947 (curated)
    "us/pl/80/253": [(REPORT, "National Security Act of 1947"), (MEMO, "Pub. L. 80-253"), (MEMO, "61 Stat. 495"),
                     (BLOG, "National Security Act"), (BLOG, "50 U.S.C. 3001 et seq.")],
    "us/usc/t50/s3024": [(REPORT, "section 102A"), (BLOG, "50 U.S.C. § 3024")],
    # the USA PATRIOT Act (curated)
    "us/pl/107/56": [(REPORT, "Pub. L. 107-56"), (MEMO, "USA PATRIOT Act"), (BLOG, "PATRIOT Act"), (BLOG, "115 Stat. 272")],
    "us/usc/t50/s1861": [(MEMO, "Section 215"), (BLOG, "50 U.S.C. § 1861")],
    # the Privacy Act of 1974 (curated; its Code section is the act itself, as the registry records it)
    "us/pl/93/579": [(REPORT, "5 U.S.C. § 552a"), (MEMO, "Privacy Act of 1974"), (MEMO, "Pub. L. 93-579"), (MEMO, "88 Stat. 1896"),
                     (BLOG, "Privacy Act"), (BLOG, "section 552a of title 5, United States Code")],
    # Executive Order 12333 (curated): four ways to write the number, and its Federal Register page
    "us/eo/12333": [(REPORT, "Executive Order 12333"), (MEMO, "E.O. 12333"), (MEMO, "46 Fed. Reg. 59,941"),
                    (BLOG, "EO 12333"), (BLOG, "Exec. Order No. 12,333")],
    # ECPA (curated): "18 U.S.C. 2510 et seq." is ECPA only because the report writes it beside the act
    "us/pl/99/508": [(REPORT, "Electronic Communications Privacy Act of 1986"), (REPORT, "18 U.S.C. 2510 et seq."), (MEMO, "ECPA"),
                     (BLOG, "Electronic Communications Privacy Act"), (BLOG, "Pub. L. 99-508"), (BLOG, "18 U.S.C. § 2510 et seq.")],
    # the Homeland Security Act of 2002 (not curated): the report ties name and public law, the memo the
    # public law and the Code, so the blog's bare name and its "et seq." meet the report's public law
    "us/pl/107/296": [(REPORT, "Homeland Security Act of 2002"), (REPORT, "HSA"), (REPORT, "Pub. L. 107-296"), (REPORT, "116 Stat. 2135"),
                      (MEMO, "Homeland Security Act of 2002"), (MEMO, "6 U.S.C. 101 et seq."),
                      (BLOG, "Homeland Security Act"), (BLOG, "6 U.S.C. 101 et seq.")],
    "us/usc/t6/s659": [(REPORT, "6 U.S.C. § 659"), (MEMO, "Section 2209"), (MEMO, "6 U.S.C. 659"), (BLOG, "section 2209")],
    # the Intelligence Reform and Terrorism Prevention Act of 2004 (not curated): only the memo ties its forms
    "us/pl/108/458": [(REPORT, "Pub. L. 108-458"), (REPORT, "118 Stat. 3638"), (MEMO, "Intelligence Reform and Terrorism Prevention Act of 2004"),
                      (MEMO, "IRTPA"), (BLOG, "Intelligence Reform and Terrorism Prevention Act"), (BLOG, "IRTPA")],
    "us/usc/t42/s2000ee": [(REPORT, "42 U.S.C. § 2000ee"), (BLOG, "Section 1061")],
    # the Federal Information Security Modernization Act of 2014 (not curated): the report names it and
    # cites its Stat. page and Code, each alone; the memo and the blog tie them to its public law
    "us/pl/113/283": [(REPORT, "Federal Information Security Modernization Act of 2014"), (REPORT, "128 Stat. 3073"),
                      (REPORT, "44 U.S.C. 3551 et seq."), (MEMO, "Federal Information Security Modernization Act"), (MEMO, "FISMA"),
                      (MEMO, "Pub. L. 113-283"), (BLOG, "FISMA"), (BLOG, "44 U.S.C. 3551 et seq.")],
    "us/usc/t44/s3554": [(REPORT, "44 U.S.C. § 3554"), (BLOG, "section 3554 of title 44")],
    # the Cybersecurity Information Sharing Act of 2015 (not curated): its own public law is the
    # appropriations act it is a division of, so it keeps its title's id
    "us/act/cybersecurity-information-sharing-act": [
        (REPORT, "Cybersecurity Information Sharing Act"), (REPORT, "CISA"), (MEMO, "Cybersecurity Information Sharing Act of 2015"),
        (MEMO, "6 U.S.C. 1501 et seq."), (BLOG, "129 Stat. 2936"), (BLOG, "6 U.S.C. 1501 et seq.")],
    "us/usc/t6/s1503": [(REPORT, "6 U.S.C. § 1503"), (MEMO, "Section 104"), (BLOG, "section 104")],
    # authorities that must stay apart from those above and from each other
    "us/pl/114/113": [(REPORT, "Pub. L. 114-113"), (MEMO, "Consolidated Appropriations Act, 2016")],
    "us/pl/104/13": [(REPORT, "Paperwork Reduction Act of 1995")],
    "us/pl/96/511": [(MEMO, "Paperwork Reduction Act of 1980")],
    "us/act/paperwork-reduction-act": [(BLOG, "Paperwork Reduction Act")],  # which of the two acts is not said
}
"""Each authority of the identity corpus and the forms that cite it: (document, surface, first occurrence)."""

ACROSS = [
    (REPORT, "118 Stat. 3638"), (REPORT, "Federal Information Security Modernization Act of 2014"), (REPORT, "44 U.S.C. 3551 et seq."),
    (BLOG, "Intelligence Reform and Terrorism Prevention Act"), (BLOG, "Homeland Security Act"), (BLOG, "section 2209"),
    (BLOG, "section 104"), (BLOG, "6 U.S.C. 1501 et seq."), (BLOG, "6 U.S.C. 101 et seq."), (BLOG, "18 U.S.C. § 2510 et seq."),
    (MEMO, "Homeland Security Act of 2002"),
]
"""Forms whose own document says nothing that ties them: only another document's evidence does."""


def _build(tmp_path: Path, names: list[str], db: Path) -> Path:
    corpus = tmp_path / "corpus" / "documents"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir(parents=True)
    for name in names:
        shutil.copy(IDENTITY / name, corpus / name)
    build(corpus.parent, db)
    return db


ALL = ["oversight_report.md", "privacy_memo.md", "briefing_blog.md"]


@pytest.fixture(scope="module")
def identity_kb(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    tmp = tmp_path_factory.mktemp("identity")
    conn = sqlite3.connect(_build(tmp, ALL, tmp / "kb.db"))
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def _cited(conn: sqlite3.Connection, document: str, surface: str) -> sqlite3.Row:
    row = conn.execute("select * from mentions where document_id = ? and surface = ? order by start limit 1", (document, surface)).fetchone()
    assert row is not None, f"{document}: {surface!r} is not a mention"
    return row


def test_identity_every_form_of_an_authority_cites_one_record(identity_kb):
    for expected, forms in FORMS.items():
        found = {(d, s): _cited(identity_kb, d, s)["authority_id"] for d, s in forms}
        assert set(found.values()) == {expected}, found
        assert identity_kb.execute("select 1 from authorities where id = ?", (expected,)).fetchone()


def test_identity_distinct_authorities_stay_distinct(identity_kb):
    # the fixture names each authority exactly once in FORMS, so no record may hold two of them
    records = list(FORMS)
    assert len(set(records)) == len(records)
    merged = {row[0] for row in identity_kb.execute("select authority_id from merged_authorities")}
    assert merged <= set(records)
    conflicts = corpus_identity(identity_kb.execute("select stated_authority_id, equivalent_id, rule from authority_equivalences"),
                                load_registry()).conflicts
    assert [(c.members, c.clashing, c.reason) for c in conflicts] == [  # two acts of one title
        (("us/act/paperwork-reduction-act", "us/pl/104/13", "us/pl/96/511"), ("us/pl/104/13", "us/pl/96/511"), "two public laws")]


def test_identity_forms_tied_only_elsewhere_are_merged_across_documents(identity_kb):
    for document, surface in ACROSS:
        row = _cited(identity_kb, document, surface)
        assert row["stated_authority_id"] != row["authority_id"], (document, surface)
        own = identity_kb.execute("select count(*) from authority_equivalences where document_id = ? and ? in (stated_authority_id, equivalent_id)",
                                  (document, row["stated_authority_id"])).fetchone()[0]
        assert own == 0, f"{document} ties {surface!r} itself"


def test_identity_every_merge_is_explained_by_evidence(identity_kb):
    rows = identity_kb.execute("""select e.*, d.text from authority_equivalences e join documents d on d.id = e.document_id""").fetchall()
    graph: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        assert row["text"][row["start"]:row["end"]] == row["surface"]  # the evidence, exactly as written
        assert row["rule"] in {"side_by_side", "codified_at", "footnote", "printed_at"}
        for a, b in ((row["stated_authority_id"], row["equivalent_id"]), (row["stated_authority_id"], row["authority_id"])):
            graph[a].add(b)
            graph[b].add(a)
    moved = identity_kb.execute("""select distinct stated_authority_id, authority_id from mentions
                                   where authority_id is not stated_authority_id and stated_authority_id is not null""").fetchall()
    assert moved
    for stated, kept in moved:
        seen, todo = {kept}, [kept]
        while todo:
            for other in graph[todo.pop()] - seen:
                seen.add(other)
                todo.append(other)
        assert stated in seen, f"nothing ties {stated} to {kept}"


def test_identity_merged_records_leave_authorities_and_are_found_by_their_names(identity_kb):
    merged = identity_kb.execute("select id, authority_id from merged_authorities").fetchall()
    assert ("us/act/intelligence-reform-and-terrorism-prevention-act", "us/pl/108/458") in [tuple(r) for r in merged]
    for aid, kept in merged:
        assert identity_kb.execute("select 1 from authorities where id = ?", (aid,)).fetchone() is None
        assert identity_kb.execute("select 1 from authorities where id = ?", (kept,)).fetchone() is not None
    lookup = identity_kb.execute("select authority_id from authority_lookup where key = ?",
                                 ("intelligence reform and terrorism prevention act",)).fetchall()
    assert [r[0] for r in lookup] == ["us/pl/108/458"]
    dangling = identity_kb.execute("""select count(*) from mentions where authority_id is not null
                                      and authority_id not in (select id from authorities)""").fetchone()[0]
    assert dangling == 0


def test_identity_canned_query_shows_the_cross_document_evidence(identity_kb):
    query = next(q for q in load_queries() if q.name == "authority_equivalences")
    rows = identity_kb.execute(query.sql, {"authority": "us/pl/108/458", "document": ""}).fetchall()
    assert {(r["document"], r["merged_form"]) for r in rows} == {
        ("Legal Memorandum on Sharing Cyber Threat Indicators with Intelligence Components", "us/act/intelligence-reform-and-terrorism-prevention-act"),
        ("Legal Memorandum on Sharing Cyber Threat Indicators with Intelligence Components", "us/stat/118/3638"),
    }
    assert all(r["other_documents"] == 1 for r in rows)  # the blog's name, the report's Stat. page


def test_identity_removing_the_only_evidence_splits_the_records_again(tmp_path):
    db, full = tmp_path / "kb.db", tmp_path / "full.db"
    _build(tmp_path, ALL, db)
    _build(tmp_path, [n for n in ALL if n != "privacy_memo.md"], db)  # in place: the memo alone tied IRTPA's forms
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    assert _cited(conn, BLOG, "Intelligence Reform and Terrorism Prevention Act")["authority_id"] == "us/act/intelligence-reform-and-terrorism-prevention-act"
    assert _cited(conn, REPORT, "118 Stat. 3638")["authority_id"] == "us/stat/118/3638"
    records = {r[0] for r in conn.execute("select id from authorities")}
    assert {"us/act/intelligence-reform-and-terrorism-prevention-act", "us/pl/108/458", "us/stat/118/3638"} <= records
    # the blog's "section 2209" still follows its act, whose name the report ties to Pub. L. 107-296: a record made for it
    assert "us/pl/107/296/s2209" in records
    conn.close()
    _build(tmp_path, [n for n in ALL if n != "privacy_memo.md"], full)
    assert contents(db) == contents(full)
    _build(tmp_path, ALL, db)  # the memo back: one record again, as a full build makes it
    full.unlink()
    _build(tmp_path, ALL, full)
    assert contents(db) == contents(full)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    assert _cited(conn, BLOG, "Intelligence Reform and Terrorism Prevention Act")["authority_id"] == "us/pl/108/458"
    conn.close()


TIES = [
    ("us/pl/113/283", "us/act/federal-information-security-modernization-act", "side_by_side"),
    ("us/pl/113/283", "us/usc/t44/s3551/et-seq", "side_by_side"),
    ("us/act/homeland-security-act", "us/stat/116/2135", "side_by_side"),
    ("us/pl/107/296", "us/stat/116/2135", "side_by_side"),
    ("us/usc/t6/s659", "us/act/homeland-security-act/s2209", "codified_at"),
    ("us/pl/108/458", "us/act/intelligence-reform-and-terrorism-prevention-act", "side_by_side"),
    ("us/pl/104/13", "us/act/paperwork-reduction-act", "side_by_side"),
    ("us/pl/96/511", "us/act/paperwork-reduction-act", "side_by_side"),
]
"""Evidence rows from several documents, as (kept id, merged id, rule)."""


@pytest.mark.parametrize(
    "stated, expected",
    [
        ("us/act/federal-information-security-modernization-act", "us/pl/113/283"),  # a name another document ties
        ("us/usc/t44/s3551/et-seq", "us/pl/113/283"),  # a Code "et seq." tied to its act
        ("us/usc/t6/s101/et-seq", "us/usc/t6/s101"),  # an "et seq." nobody ties cites its section
        ("us/usc/t44/s3551", "us/usc/t44/s3551"),  # the section itself is not the act
        ("us/act/homeland-security-act", "us/pl/107/296"),  # joined through a Stat. page two documents cite
        ("us/act/federal-information-security-modernization-act/s3554", "us/pl/113/283/s3554"),  # a section follows its act
        ("us/act/homeland-security-act/s2209", "us/usc/t6/s659"),  # and meets its Code section
        ("us/pl/107/296/s2209", "us/usc/t6/s659"),  # whichever form of the act it was cited by
        ("us/pl/108/458/s1061", "us/usc/t42/s2000ee"),  # the crosswalk knows IRTPA's sections by its title
        ("us/act/paperwork-reduction-act", "us/act/paperwork-reduction-act"),  # tied to two public laws: neither
        ("us/pl/104/13", "us/pl/104/13"),
    ],
)
def test_identity_canonical_id_of_a_stated_id(stated, expected):
    assert corpus_identity(TIES, load_registry()).canonical(stated) == expected


def test_identity_classes_do_not_depend_on_the_order_of_the_evidence():
    registry = load_registry()
    first = corpus_identity(TIES, registry)
    for seed in range(5):
        shuffled = TIES[:]
        random.Random(seed).shuffle(shuffled)
        again = corpus_identity([(b, a, rule) if rule == "side_by_side" and seed % 2 else (a, b, rule) for a, b, rule in shuffled], registry)
        assert (again.acts, again.sections) == (first.acts, first.sections)


@pytest.mark.parametrize(
    "pairs, split, merged",
    [
        ([("us/pl/1/2", "us/pl/1/2"), ("us/pl/1/2", "us/act/x")], {"us/pl/1/2"}, 0),  # one authority on two records
        ([("us/pl/1/2", "us/pl/1/2"), ("us/pl/3/4", "us/pl/1/2")], set(), 2),  # two authorities on one record
        ([("us/pl/1/2", "us/pl/1/2"), ("us/pl/3/4", "us/pl/3/4")], set(), 0),  # each on its own
    ],
)
def test_identity_report_counts_split_and_merged_authorities(pairs, split, merged):
    from tools.evaluate_identity import identity_score

    score = identity_score(pairs)
    assert (set(score.split), score.merged_count) == (split, merged)


def test_identity_the_kept_record_of_an_act_takes_the_best_name_of_its_forms(identity_kb):
    # the report made us/pl/108/458 from the bare number; the blog's form of it carries the act's title
    row = identity_kb.execute("select name, own_name from authorities where id = 'us/pl/108/458'").fetchone()
    assert tuple(row) == ("Intelligence Reform and Terrorism Prevention Act", "Public Law 108-458")
    lookup = identity_kb.execute("select authority_id from authority_lookup where key = 'public law 108-458'").fetchall()
    assert [r[0] for r in lookup] == ["us/pl/108/458"]  # the number still finds it
    assert identity_kb.execute("select own_name from authorities where id = 'us/pl/95/511'").fetchone()[0] is None  # curated: its own name


@pytest.mark.parametrize(
    "names, expected",
    [
        (["Public Law 108-458", "Intelligence Reform and Terrorism Prevention Act", "118 Stat. 3638"],
         "Intelligence Reform and Terrorism Prevention Act"),  # an act's title over its citations
        (["Homeland Security Act", "Homeland Security Act of 2002"], "Homeland Security Act of 2002"),  # the fuller title
        (["118 Stat. 3638", "Public Law 108-458"], "Public Law 108-458"),  # a public law over a Stat. page
        (["44 U.S.C. \u00a7 3551", "128 Stat. 3073"], "128 Stat. 3073"),  # a Stat. page over a Code cite
        (["Intelligence Reform and\nTerrorism Prevention Act"], "Intelligence Reform and Terrorism Prevention Act"),  # one line
    ],
)
def test_identity_best_name_prefers_a_title_then_a_public_law_then_a_stat_page(names, expected):
    assert best_name(names) == expected
    assert best_name(reversed(names)) == expected  # whatever the order of the forms


def test_identity_refused_ties_are_listed_for_audit(identity_kb):
    rows = identity_kb.execute("""select document_id, rule, stated_authority_id, equivalent_id, clashing, reason, surface, start, end
                                  from identity_conflicts order by document_id""").fetchall()
    assert [tuple(r)[:6] for r in rows] == [
        (REPORT, "side_by_side", "us/pl/104/13", "us/act/paperwork-reduction-act", "us/pl/104/13, us/pl/96/511", "two public laws"),
        (MEMO, "side_by_side", "us/pl/96/511", "us/act/paperwork-reduction-act", "us/pl/104/13, us/pl/96/511", "two public laws"),
    ]
    for row in rows:  # the evidence, exactly as written
        text = identity_kb.execute("select text from documents where id = ?", (row["document_id"],)).fetchone()[0]
        assert text[row["start"]:row["end"]] == row["surface"]
    query = next(q for q in load_queries() if q.name == "identity_conflicts")
    for authority, expected in (("", 2), ("Pub. L. No. 96-511", 2), ("paperwork reduction act", 2), ("FISA", 0)):
        assert len(identity_kb.execute(query.sql, {"authority": authority}).fetchall()) == expected, authority


def test_identity_report_reads_a_label_scheme_group_as_one_authority():
    from tools.evaluate_identity import LABEL_SCHEMES, identity_score, label_schemes

    schemes = label_schemes()
    assert schemes["us/act/e-government-act"] == "us/pl/107/347"
    # one act labelled by its title in one file and its public law in another, on one record: not a merge
    pairs = [(schemes.get(label, label), record) for label, record in
             [("us/pl/107/347", "us/pl/107/347"), ("us/act/e-government-act", "us/pl/107/347")]]
    assert identity_score(pairs).merged_count == 0
    labelled = {m["authority"] for path in LABEL_SCHEMES.parent.joinpath("authorities").glob("*.json")
                for m in json.loads(path.read_text(encoding="utf-8"))["mentions"]}
    groups = json.loads(LABEL_SCHEMES.read_text(encoding="utf-8"))["groups"]
    assert all(set(group["labels"]) <= labelled and group["why"] for group in groups)  # no entry for a label nobody uses
