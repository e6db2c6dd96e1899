"""Reliability on hostile input: odd-case letters keep offsets, text without spaces scans in linear time,
special files in the corpus are refused by name, supersession cycles warn, and every file name gets an id."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kb.corpus.errors import CorpusError
from kb.corpus.load import MAX_DOCUMENT_BYTES, document_id, document_paths, load_corpus, load_document
from kb.models import Document
from kb.pipeline.build import build
from kb.pipeline.versions import supersession_problems
from kb.recognise.authorities import load_recogniser
from kb.recognise.names import find_aliases, load_names
from kb.recognise.spans import WORD_REACH, AnchoredPattern
from kb.reference import DATA_DIR

ODD = "İ" * 300 + " İstanbul Convention, the fısa rule, the Patrıot Act, "
"""Letters whose lower case differs in length (``"İ".lower()`` is two characters) or that ``re.I`` folds to ASCII."""


def spans(text: str, data_dir: Path = DATA_DIR) -> list[tuple[str | None, str]]:
    found = load_recogniser(data_dir)(text)
    assert all(text[c.start:c.end] == c.surface for c in found)
    return [(c.key, c.surface) for c in found]


# 1. odd-case letters


def test_reliability_input_odd_case_letters_keep_offsets() -> None:
    text = ODD + "and FISA and 50 U.S.C. § 1801 apply. Later ı and İ, then FISA again."
    found = spans(text)
    assert [s for _, s in found if s == "FISA"] == ["FISA", "FISA"]
    assert ("us/usc/t50/s1801", "50 U.S.C. § 1801") in found
    assert [c.surface for c in find_aliases(text, load_names(DATA_DIR))].count("FISA") == 2


def test_reliability_input_odd_case_letters_build(tmp_path: Path) -> None:
    folder = tmp_path / "corpus" / "documents"
    folder.mkdir(parents=True)
    text = "# Turkish notes\n\n" + ODD + "and FISA and 50 U.S.C. § 1801 apply.\n"
    (folder / "turkish.md").write_text(text, encoding="utf-8")
    db = tmp_path / "kb.db"
    build(tmp_path / "corpus", db)
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT m.surface, substr(d.text, m.start + 1, m.end - m.start) FROM mentions m "
                        "JOIN documents d ON d.id = m.document_id").fetchall()
    conn.close()
    assert all(surface == written for surface, written in rows)
    assert {"FISA", "50 U.S.C. § 1801"} <= {surface for surface, _ in rows}


def test_reliability_input_odd_case_letters_in_an_alias(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(DATA_DIR, folder, ignore=lambda where, names: ["documents"] if Path(where) == DATA_DIR else [])
    path = folder / "authorities" / "eu.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["authorities"].append({
        "id": "int/istanbul-convention", "name": "İstanbul Convention", "kind": "other",
        "citation": "CETS No. 210", "date": "2011-05-11", "issuer": "Council of Europe", "url": None,
        "summary": "A test record.", "relations": [], "examples": ["the İstanbul Convention"],
        "aliases": [{"alias": "İstanbul Convention", "kind": "name"}, {"alias": "KAİ", "kind": "acronym", "match": "cased"},
                    {"alias": "Yıldız Rule", "kind": "name"}],
    })
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    text = ODD + "the İstanbul Convention, KAİ, the Yıldız Rule and FISA."
    found = spans(text, folder)
    assert ("int/istanbul-convention", "İstanbul Convention") in found
    assert ("int/istanbul-convention", "KAİ") in found
    assert ("int/istanbul-convention", "Yıldız Rule") in found
    assert [s for _, s in found if s == "FISA"] == ["FISA"]


# 2. text without spaces


def test_reliability_input_text_without_spaces_scans_in_linear_time() -> None:
    recogniser = load_recogniser(DATA_DIR)

    def seconds(size: int) -> float:
        text = "U.S.C." * (size // 6)
        start = time.perf_counter()
        recogniser(text)
        return time.perf_counter() - start

    seconds(2_000)
    small, large = seconds(20_000), seconds(200_000)
    assert large < 20 * max(small, 0.005), (small, large)


def test_reliability_input_windows_are_capped_without_spaces() -> None:
    anchored = AnchoredPattern(patterns=(), anchors=("u.s.c",), whole_word=False, back=5, forward=10)
    text = "see U.S.C." + "x" * 5_000 + " end"
    assert anchored.windows(text) == [(0, 4 + 10 + WORD_REACH)]
    # a number running past the forward reach is still read whole
    spaced = "see 50 U.S.C. § 1801(a)(1)(A)(ii) here"
    assert anchored.windows(spaced)[0][1] == spaced.index(" here")


# 3. special files


def corpus_folder(tmp_path: Path) -> Path:
    docs = tmp_path / "corpus" / "documents"
    docs.mkdir(parents=True)
    (docs / "good.md").write_text("# Good\n\nA good document citing 50 U.S.C. § 1801.\n", encoding="utf-8")
    return docs


def errors(tmp_path: Path) -> dict[str, str]:
    corpus = load_corpus(tmp_path / "corpus")
    assert [d.path for d in corpus.documents] == ["good.md"]
    return {e.path.name: str(e) for e in corpus.errors}


def run_bounded(function, seconds: float = 10.0):
    """Run ``function`` in a thread and fail (rather than hang the suite) if it does not return in time."""
    out: dict[str, object] = {}

    def run() -> None:
        try:
            out["value"] = function()
        except BaseException as error:  # re-raised in the test's thread
            out["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "loading hung"
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    return out["value"]


def test_reliability_input_fifo_is_refused_unopened(tmp_path: Path) -> None:
    docs = corpus_folder(tmp_path)
    os.mkfifo(docs / "pipe.md")
    (docs / "to-pipe.md").symlink_to(docs / "pipe.md")
    found = run_bounded(lambda: errors(tmp_path))
    assert "not a regular file" in found["pipe.md"]
    assert "not a regular file" in found["to-pipe.md"]


def test_reliability_input_socket_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = corpus_folder(tmp_path)
    monkeypatch.chdir(docs)  # a relative name: a socket's path is limited to about 100 characters
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("inside.md")
        found = run_bounded(lambda: errors(tmp_path))
    assert "not a regular file" in found["inside.md"]


def test_reliability_input_link_to_a_device_is_refused(tmp_path: Path) -> None:
    docs = corpus_folder(tmp_path)
    (docs / "zero.md").symlink_to("/dev/zero")
    found = run_bounded(lambda: errors(tmp_path))
    assert "links outside the corpus folder are not read" in found["zero.md"]


def test_reliability_input_device_inside_the_folder_is_refused() -> None:
    # loaded as if /dev were the documents folder: the device is inside it, but no regular file
    with pytest.raises(CorpusError, match="not a regular file"):
        run_bounded(lambda: load_document(Path("/dev/zero"), Path("/dev")))


def test_reliability_input_link_outside_the_folder_is_refused(tmp_path: Path) -> None:
    docs = corpus_folder(tmp_path)
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n\nNot part of the corpus.\n", encoding="utf-8")
    (docs / "secret.md").symlink_to(outside)
    (docs / "passwd.txt").symlink_to("/etc/passwd")
    (docs / "relative.md").symlink_to(Path("..") / ".." / "secret.md")
    found = errors(tmp_path)
    for name in ("secret.md", "passwd.txt", "relative.md"):
        assert "links outside the corpus folder are not read" in found[name], found[name]


def test_reliability_input_link_inside_the_folder_is_read(tmp_path: Path) -> None:
    docs = corpus_folder(tmp_path)
    (docs / "sub").mkdir()
    (docs / "sub" / "real.md").write_text("# Real\n\nA linked document.\n", encoding="utf-8")
    (docs / "alias.md").symlink_to(Path("sub") / "real.md")
    corpus = load_corpus(tmp_path / "corpus")
    assert not corpus.errors or [str(e) for e in corpus.errors] == []
    assert {d.path for d in corpus.documents} >= {"alias.md", "good.md"}


def test_reliability_input_dangling_link_is_unreadable(tmp_path: Path) -> None:
    docs = corpus_folder(tmp_path)
    (docs / "gone.md").symlink_to(docs / "nowhere.md")
    assert docs / "gone.md" in document_paths(tmp_path / "corpus")
    assert "cannot read file" in errors(tmp_path)["gone.md"]


def test_reliability_input_size_limit_holds_on_bytes_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = corpus_folder(tmp_path)
    big = docs / "big.md"
    big.write_bytes(b"word " * (MAX_DOCUMENT_BYTES // 5 + 10))
    real_stat = os.stat

    def lying_stat(where, *args, **kwargs):  # a file that grows after stat, or whose size stat gets wrong
        result = real_stat(where, *args, **kwargs)
        if Path(where).name == "big.md":
            return os.stat_result((*result[:6], 10, *result[7:10]))
        return result

    monkeypatch.setattr(os, "stat", lying_stat)
    with pytest.raises(CorpusError, match="MB limit per document"):
        load_document(big, docs)



# sidecars are read as documents are: regular files inside the folder, within the size limit


def sidecar_errors(tmp_path: Path) -> dict[str, str]:
    """Errors of a corpus whose ``memo.md`` has the sidecar the test made; ``good.md`` still loads."""
    corpus = load_corpus(tmp_path / "corpus")
    assert [d.path for d in corpus.documents] == ["good.md"], [str(e) for e in corpus.errors]
    return {e.path.name: str(e) for e in corpus.errors}


def test_reliability_input_sidecar_fifo_is_refused_unopened(tmp_path: Path) -> None:
    # regression: a FIFO by a sidecar's name was left out in silence (and the document built without it)
    docs = corpus_folder(tmp_path)
    (docs / "memo.md").write_text("# Memo\n\nBody.\n", encoding="utf-8")
    os.mkfifo(docs / "memo.md.yaml")
    found = run_bounded(lambda: sidecar_errors(tmp_path))
    assert "not a regular file (a FIFO)" in found["memo.md.yaml"]


def test_reliability_input_sidecar_link_outside_is_refused(tmp_path: Path) -> None:
    docs = corpus_folder(tmp_path)
    (docs / "memo.md").write_text("# Memo\n\nBody.\n", encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: From outside\n", encoding="utf-8")
    (docs / "memo.md.yaml").symlink_to(outside)
    found = sidecar_errors(tmp_path)
    assert "links outside the corpus folder are not read" in found["memo.md.yaml"]


def test_reliability_input_sidecar_dangling_link_is_unreadable(tmp_path: Path) -> None:
    # regression: a dangling sidecar link was left out in silence
    docs = corpus_folder(tmp_path)
    (docs / "memo.md").write_text("# Memo\n\nBody.\n", encoding="utf-8")
    (docs / "memo.md.yml").symlink_to(docs / "nowhere.yml")
    assert "cannot read file" in sidecar_errors(tmp_path)["memo.md.yml"]


def test_reliability_input_sidecar_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: a sidecar was read whole (read_text, then read_bytes again), whatever its size
    docs = corpus_folder(tmp_path)
    (docs / "memo.md").write_text("# Memo\n\nBody.\n", encoding="utf-8")
    (docs / "memo.md.yaml").write_bytes(b"title: " + b"x" * MAX_DOCUMENT_BYTES + b"\n")
    assert "MB limit per file" in sidecar_errors(tmp_path)["memo.md.yaml"]
    real_stat = os.stat

    def lying_stat(where, *args, **kwargs):  # the limit holds on the bytes read, not on what stat says
        result = real_stat(where, *args, **kwargs)
        return os.stat_result((*result[:6], 10, *result[7:10])) if Path(where).name == "memo.md.yaml" else result

    monkeypatch.setattr(os, "stat", lying_stat)
    with pytest.raises(CorpusError, match="holds more than 1 MB") as caught:
        load_document(docs / "memo.md", docs)
    assert caught.value.path.name == "memo.md.yaml"


def test_reliability_input_sidecar_link_inside_is_read(tmp_path: Path) -> None:
    docs = corpus_folder(tmp_path)
    (docs / "memo.md").write_text("# Memo\n\nBody.\n", encoding="utf-8")
    (docs / ".meta").mkdir()  # hidden: no document itself
    (docs / ".meta" / "memo.yaml").write_text("title: From the sidecar\n", encoding="utf-8")
    (docs / "memo.md.yaml").symlink_to(Path(".meta") / "memo.yaml")  # a link inside the folder is read
    corpus = load_corpus(tmp_path / "corpus")
    assert corpus.errors == []
    assert {d.path: d.title for d in corpus.documents}["memo.md"] == "From the sidecar"


# front matter and sidecars: YAML that once took the build down


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("date: 2024-02-30", "'date' has a value that cannot be read: day is out of range"),  # was ValueError
    ("date: 2024-01-01 25:00:00", "'date' has a value that cannot be read"),
    ("title: !!int 0x", "'title' has a value that cannot be read"),  # was ValueError
    ("title: !!bool maybe", "'title' has a value that cannot be read"),  # was KeyError
    ("title: !!python/name:os.system x", "'title' has a value that cannot be read"),  # was ConstructorError
    ("title: !custom x", "'title' has a value that cannot be read"),
    ("{[a]: b}", "unknown front matter key"),  # was ConstructorError: unhashable key
    ('title: "\\ud800"', "lone surrogate"),  # was UnicodeEncodeError when the database was written
    ("supersedes: " + "[" * 5000 + "]" * 5000, "nests lists or mappings"),  # was RecursionError
    ("title: " + "{a: " * 3000 + "}" * 3000, "nests lists or mappings"),
    ("supersedes: [&a [x, x, x], [*a, *a, *a]]", "YAML alias *a"),  # aliases of aliases grew exponentially
])
@pytest.mark.parametrize("where", ["front matter", "sidecar"])
def test_reliability_input_hostile_yaml_is_refused_by_name(tmp_path: Path, yaml_text: str, message: str, where: str) -> None:
    docs = corpus_folder(tmp_path)
    if where == "sidecar":
        (docs / "memo.md").write_text("# Memo\n\nBody.\n", encoding="utf-8")
        (docs / "memo.md.yaml").write_text(yaml_text + "\n", encoding="utf-8")
    else:
        (docs / "memo.md").write_text(f"---\n{yaml_text}\n---\n# Memo\n\nBody.\n", encoding="utf-8")
    found = run_bounded(lambda: sidecar_errors(tmp_path))
    [(name, error)] = found.items()
    assert name.startswith("memo.md") and message in error, error


def test_reliability_input_plain_yaml_values_still_read(tmp_path: Path) -> None:
    docs = corpus_folder(tmp_path)
    (docs / "memo.md").write_text("---\ntitle: A: B\ndate: 2024-02-29\nsupersedes: [a, [b, c]]\n---\nBody.\n", encoding="utf-8")
    doc = load_document(docs / "memo.md", docs)
    assert (doc.title, doc.date, doc.supersedes) == ("A: B", "2024-02-29", "a b c")


# 4. supersession cycles and ids


def doc(id: str, supersedes: str | None) -> Document:
    return Document(id=id, path=f"{id}.md", title=id, text="x", sha256="0", supersedes=supersedes)


def test_reliability_input_supersession_cycle_warns() -> None:
    two = supersession_problems([doc("a", "b"), doc("b", "a")])
    assert any("cycle" in p for p in two), two
    three = supersession_problems([doc("a", "b"), doc("b", "c other"), doc("c", "a"), doc("other", None)])
    assert sum("cycle" in p for p in three) == 1, three
    assert "a -> b -> c -> a" in " ".join(three)
    assert supersession_problems([doc("a", "b"), doc("b", "c"), doc("c", None)]) == []


def test_reliability_input_cjk_file_name_gets_an_id() -> None:
    assert document_id("協定.txt") and document_id("協定.txt") == document_id("協定.txt")
    assert document_id("協定.txt") != document_id("合意.txt")
    assert document_id("agreements/協定.txt").startswith("agreements-")
    assert document_id("agreements/OpenAI DoW.md") == "agreements-openai-dow"
    assert document_id("Café Terms.md") == "caf-terms"
    assert document_id("___.md")


def test_reliability_input_long_unspaced_runs_tokenize_in_linear_time(nlp):
    # spaCy's suffix search is quadratic in one token's length: 12 KB of "U.S.C." took 7 s to tokenize
    import time

    from kb.recognise.nlp import make_doc

    def seconds(size: int) -> float:
        text = "Under FISA " + "U.S.C.§" * size + " and 50 U.S.C. § 1881a.\n"
        began = time.perf_counter()
        doc = make_doc(nlp, text)
        assert doc.text == text
        return time.perf_counter() - began

    seconds(100)  # warm up
    small, large = seconds(300), seconds(3000)
    assert large < 30 * small + 0.05  # ten times the text, at most about ten times the time (not a hundred)


def test_reliability_input_ordinary_text_tokenizes_as_spacy_does(nlp):
    from kb.recognise.nlp import make_doc

    text = "Section 702 of FISA, 50 U.S.C. § 1881a, and https://example.gov/a/very/long/path?x=1 apply."
    assert [t.text for t in make_doc(nlp, text)] == [t.text for t in nlp.make_doc(text)]
