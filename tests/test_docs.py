"""Documentation that must stay true: counts and commands the README states."""

from __future__ import annotations

import contextlib
import io
import re

from kb.cli import build_command
from kb.models import Authority
from kb.reference.registry import authority_records
from tests.conftest import CORPUS, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_docs_readme_states_the_number_of_curated_authorities():
    count = sum(isinstance(r, Authority) for r in authority_records())
    stated = re.search(r"corpus/authorities/\*\.json` \((\d+) records", README)
    assert stated and int(stated.group(1)) == count


def test_docs_readme_opens_with_the_two_commands():
    first = README.split("\n## ")[0]
    assert "make serve" in first and "make test" in first
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_docs_every_build_flag_is_documented():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        build_command(["--help"])
    flags = set(re.findall(r"(--[a-z-]+)", out.getvalue())) - {"--help"}
    missing = [flag for flag in sorted(flags) if flag not in README]
    assert not missing, f"README does not document {missing}"


def test_docs_readme_shows_what_a_build_of_the_corpus_prints(tmp_path, capsys):
    assert build_command(["--corpus", str(CORPUS), "--db", str(tmp_path / "kb.db")]) == 0
    printed = re.sub(r"in [\d.]+s", "in Xs", capsys.readouterr().out.replace(str(tmp_path / "kb.db"), "kb.db"))
    shown = re.search(r"```\n(Built kb\.db:.*?)```", README, re.DOTALL)
    assert shown and re.sub(r"in [\d.]+s", "in Xs", shown.group(1)) == printed
