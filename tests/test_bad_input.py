"""Bad input: each kind gets a message naming the file (and line); the database is untouched unless --keep-going."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from kb.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_SKIPPED, build_command
from kb.corpus.load import MAX_DOCUMENT_BYTES
from tests.corpora import write_corpus

BAD = [
    # (file name, content or None for a dangling link, message, line)
    ("empty.md", b" \n\n", "file is empty", None),
    ("binary.md", b"text\n\x00\x01\x02", "looks binary", 2),
    ("latin1.md", b"one\ncaf\xe9\n", "not valid UTF-8", 2),
    ("fence.md", b"---\ntitle: x\n", "never closed", 1),
    ("unknown.md", b"---\ntitle: x\nauthor: y\n---\nbody\n", "unknown front matter key 'author'", 3),
    ("duplicate.md", b"---\nid: doc-0000\n---\nbody\n", "already used", None),
    ("unreadable.md", None, "cannot read file", None),
]


def add_bad(corpus: Path, name: str, content: bytes | None) -> Path:
    path = corpus / "documents" / name
    if content is None:
        path.symlink_to(corpus / "nowhere.md")
    else:
        path.write_bytes(content)
    return path


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus, db = write_corpus(tmp_path / "corpus", 2), tmp_path / "kb.db"
    assert build_command(["--corpus", str(corpus), "--db", str(db), "--quiet"]) == EXIT_OK
    return corpus, db


@pytest.mark.parametrize("name, content, message, line", BAD, ids=[b[0] for b in BAD])
def test_bad_input_stops_the_build_and_names_the_file(built, capsys, name, content, message, line):
    corpus, db = built
    before = db.read_bytes()
    path = add_bad(corpus, name, content)
    assert build_command(["--corpus", str(corpus), "--db", str(db)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    where = f"{path}:{line}:" if line else f"{path}:"
    assert where in err and message in err and "unchanged" in err
    assert db.read_bytes() == before


@pytest.mark.parametrize("name, content, message, line", BAD, ids=[b[0] for b in BAD])
def test_bad_input_keep_going_builds_the_rest_and_lists_what_was_skipped(built, capsys, name, content, message, line):
    corpus, db = built
    path = add_bad(corpus, name, content)
    (corpus / "documents" / "doc-0001.md").unlink()
    assert build_command(["--corpus", str(corpus), "--db", str(db), "--keep-going"]) == EXIT_SKIPPED
    err = capsys.readouterr().err
    assert f"skipped: {path}" in err and message in err
    conn = sqlite3.connect(db)
    assert [r[0] for r in conn.execute("SELECT id FROM documents")] == ["doc-0000"]
    assert message in conn.execute("SELECT skipped_files FROM builds ORDER BY id DESC").fetchone()[0]


def test_bad_input_every_bad_file_is_reported_at_once(built, capsys):
    corpus, _ = built
    for name, content, _, _ in BAD:
        add_bad(corpus, name, content)
    assert build_command(["--corpus", str(corpus), "--check"]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert all(message in err for _, _, message, _ in BAD)


def test_bad_input_a_document_over_the_size_limit_is_refused_unread(built, capsys):
    corpus, db = built
    huge = corpus / "documents" / "huge.md"
    with open(huge, "wb") as handle:
        handle.truncate(50_000_000)  # 50 MB, sparse: never read
    assert build_command(["--corpus", str(corpus), "--db", str(db)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert f"{huge}: file is 50.0 MB, above the {MAX_DOCUMENT_BYTES / 1e6:g} MB limit" in err


def test_bad_input_check_writes_nothing(tmp_path, capsys):
    corpus, db = write_corpus(tmp_path / "corpus", 2), tmp_path / "kb.db"
    assert build_command(["--corpus", str(corpus), "--db", str(db), "--check"]) == EXIT_OK
    assert "2 documents load" in capsys.readouterr().out
    assert not db.exists() and os.listdir(tmp_path) == ["corpus"]


def test_bad_input_unknown_supersedes_target_is_a_warning(tmp_path, capsys):
    corpus = write_corpus(tmp_path / "corpus", 1)
    (corpus / "documents" / "new.md").write_text("---\nsupersedes: no-such-document\n---\nBody.\n", encoding="utf-8")
    assert build_command(["--corpus", str(corpus), "--check", "--quiet"]) == EXIT_OK
    assert "new.md: supersedes 'no-such-document', which is not in the corpus" in capsys.readouterr().err
