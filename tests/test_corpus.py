"""Loading documents: front matter, titles, and clear errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.corpus import CorpusError, load_corpus, load_document, readers
from kb.corpus.readers import Reader, reader_for
from kb.corpus.reading import Reading


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_corpus_front_matter_is_split_off_and_offsets_point_into_the_body(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: A title\npublisher: Acme\nurl:\n---\nBody\u00a0text.\n".encode())
    doc = load_document(path, tmp_path)
    assert (doc.title, doc.publisher, doc.url) == ("A title", "Acme", None)
    assert doc.text == "Body\u00a0text.\n"  # not normalised
    assert path.read_text(encoding="utf-8")[doc.body_offset:] == doc.text


def test_corpus_title_falls_back_to_first_line_then_file_name(tmp_path):
    assert load_document(write(tmp_path, "x.txt", b"\n\n# Heading here\nbody"), tmp_path).title == "Heading here"


def test_corpus_document_id_comes_from_the_path(tmp_path):
    (tmp_path / "Sub Dir").mkdir()
    doc = load_document(write(tmp_path, "Sub Dir/My File.txt", b"text"), tmp_path)
    assert (doc.id, doc.path) == ("sub-dir-my-file", "Sub Dir/My File.txt")


@pytest.mark.parametrize(
    "name, content, message, line",
    [
        ("empty.txt", b"  \n\n", "file is empty", None),
        ("binary.txt", b"abc\n\x00\x01\x02", "binary", 2),
        ("latin1.txt", b"line one\ncaf\xe9\n", "not valid UTF-8", 2),
        ("open.md", b"---\ntitle: x\nurl: y\n", "never closed", 1),
        ("badline.md", b"---\ntitle: x\njust words\n---\nbody", "not 'key: value'", 3),
        ("unknown.md", b"---\ntitle: x\nauthor: y\n---\nbody", "unknown front matter key 'author'", 3),
        ("nobody.md", b"---\ntitle: x\n---\n\n", "no body", None),
    ],
)
def test_corpus_bad_input_names_file_and_line(tmp_path, name, content, message, line):
    path = write(tmp_path, name, content)
    with pytest.raises(CorpusError) as caught:
        load_document(path, tmp_path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert caught.value.line == line


def test_corpus_two_documents_with_one_id_are_refused(tmp_path):
    write(tmp_path, "a.txt", b"---\nid: same\n---\none")
    write(tmp_path, "b.txt", b"---\nid: same\n---\ntwo")
    loaded = load_corpus(tmp_path)
    assert [d.path for d in loaded.documents] == ["a.txt"]
    assert [e.path.name for e in loaded.errors] == ["b.txt"] and "already used" in str(loaded.errors[0])


@pytest.mark.parametrize(("name", "reader"), [
    ("a.txt", "text"),
    ("a.md", "markdown"),
    ("a.MARKDOWN", "markdown"),  # suffixes are matched case aside
    ("a.rtf", None),  # no reader: the loader names the file and the supported types
])
def test_corpus_reader_is_chosen_by_file_type(name, reader):
    found = reader_for(Path(name))
    assert (found.name if found else None) == reader


def test_corpus_file_of_a_type_no_reader_handles_is_refused_by_name(tmp_path):
    path = write(tmp_path, "notes.rtf", b"{\\rtf1 text}")
    with pytest.raises(CorpusError, match=r"notes\.rtf: unsupported file type: no reader for \.rtf files \(supported: \.txt, \.md, \.markdown"):
        load_document(path, tmp_path)


def test_corpus_a_new_reader_plugs_in_without_touching_segmentation(tmp_path, monkeypatch):
    # a reader for an upper-case format: the loader and everything after it see only its text
    shout = Reader("shout", (".shout",), lambda raw, path: Reading(raw.decode().lower(), {"title": "Shouted"}))
    monkeypatch.setattr(readers, "READERS", (*readers.READERS, shout))
    write(tmp_path, "a.shout", b"SECTION 2511 OF TITLE 18.")
    [doc] = load_corpus(tmp_path).documents
    assert (doc.text, doc.title) == ("section 2511 of title 18.", "Shouted")


@pytest.mark.parametrize(("front_matter", "expected"), [
    ('title: "Agreement: the terms"', {"title": "Agreement: the terms"}),  # quoted, as YAML has it
    ("title: Agreement: the terms", {"title": "Agreement: the terms"}),  # unquoted colon, read as people mean it
    ("title: 'It''s ours'  # a comment", {"title": "It's ours"}),  # YAML quoting and comments
    ("date: 2026-03-01", {"date": "2026-03-01"}),  # a YAML date comes back ISO 8601
    ("supersedes:\n  - v1\n  - v2", {"supersedes": "v1 v2"}),  # several, space-separated
    ("supersedes: [v1, v2]", {"supersedes": "v1 v2"}),
    ("url:", {"url": None}),  # an empty value is no value
])
def test_corpus_front_matter_is_yaml(tmp_path, front_matter, expected):
    doc = load_document(write(tmp_path, "a.md", f"---\n{front_matter}\n---\nBody.\n".encode()), tmp_path)
    assert {key: getattr(doc, key) for key in expected} == expected


@pytest.mark.parametrize(("front_matter", "message", "line"), [
    ("title: x\npublsher: y", "unknown front matter key 'publsher'", 3),
    ("title: [unclosed", "front matter is not valid YAML", None),
    ("title:\n  nested: mapping", "takes one value, not a dict", 2),
])
def test_corpus_bad_front_matter_names_file_and_line(tmp_path, front_matter, message, line):
    path = write(tmp_path, "a.md", f"---\n{front_matter}\n---\nBody.\n".encode())
    with pytest.raises(CorpusError) as caught:
        load_document(path, tmp_path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    if line is not None:
        assert caught.value.line == line


def test_corpus_sidecar_metadata_overrides_the_file_and_is_no_document(tmp_path):
    write(tmp_path, "memo.txt", b"---\ntitle: From the file\npublisher: Acme\n---\nBody.\n")
    write(tmp_path, "memo.txt.yaml", b"title: From the sidecar\nkind: memo\n")
    loaded = load_corpus(tmp_path)
    assert loaded.errors == []
    [doc] = loaded.documents
    assert (doc.title, doc.publisher, doc.kind) == ("From the sidecar", "Acme", "memo")


def test_corpus_sidecar_edit_changes_the_document_hash(tmp_path):
    # the hash decides whether a rebuild reads the file again: new metadata must be read
    path = write(tmp_path, "memo.txt", b"Body.\n")
    before = load_document(path, tmp_path).sha256
    write(tmp_path, "memo.txt.yaml", b"title: New title\n")
    assert load_document(path, tmp_path).sha256 != before


def test_corpus_unsupported_and_hidden_files(tmp_path):
    write(tmp_path, "a.txt", b"Body.\n")
    write(tmp_path, "sheet.xlsx", b"PK\x03\x04 not really")
    write(tmp_path, ".DS_Store", b"\x00\x01")
    loaded = load_corpus(tmp_path)
    assert [d.path for d in loaded.documents] == ["a.txt"]
    assert [str(e) for e in loaded.errors] == [
        f"{tmp_path / 'sheet.xlsx'}: unsupported file type: no reader for .xlsx files (supported: {', '.join(readers.suffixes())})"
    ]


def test_corpus_documents_record_their_reader_and_source(tmp_path):
    doc = load_document(write(tmp_path, "a.md", b"# Title\n\nBody.\n"), tmp_path)
    assert (doc.source_format, doc.source_size, doc.reader, doc.page_starts) == ("markdown", 15, "markdown", None)
