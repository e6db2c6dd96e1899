"""The store applies the declared schema and writes records, without spaCy."""

from __future__ import annotations

import sqlite_utils

from kb.models import Document, Mention, Paragraph
from kb.store.schema import TABLES
from kb.store.write import enable_search, ensure_db_shape, save_records


def test_store_ensure_db_shape_is_safe_to_run_twice():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    ensure_db_shape(db)
    assert {spec.name for spec in TABLES} <= set(db.table_names())


def test_store_declares_foreign_keys_and_indexes():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    fks = {(fk.column, fk.other_table) for fk in db["clauses"].foreign_keys}
    assert {("document_id", "documents"), ("parent_id", "clauses"), ("section_id", "sections")} <= fks
    for spec in TABLES:
        leading = {index.columns[0] for index in db[spec.name].indexes} | {"id"}
        missing = {col for col, _, _ in spec.foreign_keys} - leading
        assert not missing, f"{spec.name}: no index answers lookups by {sorted(missing)}"


def test_store_indexes_no_column_twice_over():
    """A single-column index on ``document_id`` beside ``(document_id, start)`` only cost build time."""
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    for spec in TABLES:
        indexed = [tuple(index.columns) for index in db[spec.name].indexes]
        redundant = [i for i in indexed if any(o != i and o[:len(i)] == i for o in indexed)]
        assert not redundant, f"{spec.name}: {redundant} is the prefix of a wider index"


def test_store_saves_records_and_searches_them():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    doc = Document(id="d", path="d.txt", title="T", text="Hello world.", sha256="x")
    para = Paragraph(id="p", document_id="d", section_id=None, number=1, start=0, end=12, text="Hello world.")
    assert save_records(db, [doc, para]) == {"documents": 1, "paragraphs": 1}
    enable_search(db)
    assert [r["id"] for r in db["documents"].search("hello")] == ["d"]
    assert db["paragraphs"].get("p")["text"] == "Hello world."


def test_store_statistics_count_every_row(tmp_path):
    """Regression: ANALYZE bounded to 1,000 rows per index made mentions.authority_id look unselective
    (its first rows in index order are generic mentions, NULL), and the planner built an automatic
    index per query instead of using it: the uncurated-authorities query took twice as long on
    1,000 documents."""
    import sqlite3

    from kb.store.write import analyze, open_build_database, replace_database

    tmp, target = tmp_path / "build.tmp", tmp_path / "kb.db"
    db = open_build_database(tmp)
    ensure_db_shape(db)
    doc = Document(id="d", path="d.txt", title="T", text="x" * 3000, sha256="x")
    mentions = [Mention(id=f"m{i}", document_id="d", authority_id=None if i < 2000 else f"a{i}", start=i, end=i + 1,
                        surface="x", method="generic", kind="generic") for i in range(3000)]
    save_records(db, [doc, *mentions])
    analyze(db, {"documents": 1, "mentions": 3000})
    replace_database(db, tmp, target)
    conn = sqlite3.connect(target)
    stat = conn.execute("SELECT stat FROM sqlite_stat1 WHERE idx LIKE 'idx_mentions_authority_id%'").fetchone()[0]
    conn.close()
    assert int(stat.split()[0]) == 3000


def test_store_statistics_are_gathered_again_when_a_table_grew(tmp_path):
    """A rebuild in place keeps statistics that still hold and gathers those of tables that grew."""
    from kb.store.write import analyze

    db = sqlite_utils.Database(tmp_path / "kb.db")
    ensure_db_shape(db)

    def rows(n: int) -> list[Paragraph]:
        return [Paragraph(id=f"p{i}", document_id="d", section_id=None, number=i, start=i, end=i + 1, text="x") for i in range(n)]

    save_records(db, [Document(id="d", path="d.txt", title="T", text="x" * 500, sha256="x"), *rows(100)])
    analyze(db, {"documents": 1, "paragraphs": 100})
    stat = "SELECT stat FROM sqlite_stat1 WHERE idx = 'idx_paragraphs_document_id_start'"
    assert db.execute(stat).fetchone()[0].startswith("100 ")
    save_records(db, rows(105))
    analyze(db, {"documents": 1, "paragraphs": 105})  # 5% more: the statistics still hold
    assert db.execute(stat).fetchone()[0].startswith("100 ")
    save_records(db, rows(300))
    analyze(db, {"documents": 1, "paragraphs": 300})
    assert db.execute(stat).fetchone()[0].startswith("300 ")
