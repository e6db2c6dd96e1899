"""Documents that are the text of an authority: found from front matter or from a first line that is only a citation."""

from __future__ import annotations

import sqlite3

from kb.pipeline.build import build


def built(tmp_path, documents: dict[str, str]) -> sqlite3.Connection:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in documents.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build(corpus, tmp_path / "kb.db")
    return sqlite3.connect(tmp_path / "kb.db")


def test_document_authorities_from_front_matter_and_first_lines(tmp_path):
    conn = built(tmp_path, {
        "eo.md": "---\nid: eo-12333-text\nauthority: us/eo/12333\n---\n# United States Intelligence Activities\n\nPart 1. Goals.\n",
        "local.md": "---\nauthority: us/dod/dodi/9999.01\ntitle: A local instruction\n---\n1. Purpose. Testing.\n",
        "dodi.txt": "DOD INSTRUCTION 3025.99\n\nDEFENSE SUPPORT OF CIVIL AUTHORITIES\n\n1. PURPOSE. This issuance sets policy.\n",
        "about.md": "# What EO 14110 means for agencies\n\nIt asks agencies to act.\n",
    })
    found = dict(conn.execute("select id, authority_id from documents"))
    assert found == {"eo-12333-text": "us/eo/12333", "local": "us/dod/dodi/9999.01", "dodi": "us/dod/dodi/3025.99", "about": None}
    records = {row[0]: row[1:] for row in conn.execute(
        "select id, name, curated from authorities where id in (select authority_id from documents)")}
    assert records["us/eo/12333"][1] == 1  # the curated record, not a second one
    assert records["us/dod/dodi/9999.01"] == ("A local instruction", 0)  # an id the registry lacks gets a record
    assert records["us/dod/dodi/3025.99"] == ("DoD Instruction 3025.99", 0)
    # a title about an authority cites it; a title that is the authority does not
    assert conn.execute("select authority_id from mentions where document_id = 'about'").fetchall() == [("us/eo/14110",)]
    assert not conn.execute("select 1 from mentions where document_id = 'dodi' and authority_id = 'us/dod/dodi/3025.99'").fetchone()


def test_document_authorities_follow_the_identity_stage_and_come_back_when_its_evidence_goes(tmp_path):
    # regression: documents.authority_id kept pointing at a record the identity stage had merged away
    text = {"act.md": "---\nauthority: us/stat/150/862\ntitle: The Data Shield Act\n---\nSec. 1. Short title.\n",
            "memo.md": "# Memo\n\nThe Data Shield Act of 2031, Pub. L. 131-8, 150 Stat. 862, governs sharing.\n"}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, body in text.items():
        (corpus / name).write_text(body, encoding="utf-8")
    db = tmp_path / "kb.db"
    build(corpus, db)
    conn = sqlite3.connect(db)
    assert conn.execute("select authority_id, stated_authority_id from documents where id = 'act'").fetchone() == ("us/pl/131/8", "us/stat/150/862")
    assert conn.execute("select 1 from authorities where id = 'us/pl/131/8'").fetchone()
    conn.close()
    (corpus / "memo.md").unlink()  # the only evidence goes: in place, the document is its own page's text again
    build(corpus, db)
    conn = sqlite3.connect(db)
    assert conn.execute("select authority_id from documents where id = 'act'").fetchone() == ("us/stat/150/862",)
    assert conn.execute("select name from authorities where id = 'us/stat/150/862'").fetchone() == ("The Data Shield Act",)
