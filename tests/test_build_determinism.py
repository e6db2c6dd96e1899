"""Deterministic builds: the same corpus gives the same tables, ids and row order, whatever the job count."""

from __future__ import annotations

from kb.pipeline.build import build
from tests.conftest import CORPUS
from tests.corpora import dump, write_corpus


def test_build_twice_gives_identical_tables_and_row_order(tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build(CORPUS, first)
    build(CORPUS, second)
    assert dump(first, skip=("builds",)) == dump(second, skip=("builds",))


def test_build_with_two_jobs_equals_one_job(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 8)
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    build(corpus, one, jobs=1)
    summary = build(corpus, two, jobs=2)
    assert summary.extracted == 8
    assert dump(one, skip=("builds",)) == dump(two, skip=("builds",))
