"""References relative to a codified text's own place in the Code (corpus/patterns/relative.json)."""

from __future__ import annotations

import json

import pytest

from kb.recognise.relative import find_regulation_references, find_relative_references, load_relative_forms, own_headings
from kb.reference import DATA_DIR

FORMS = load_relative_forms(DATA_DIR)
DATA = json.loads((DATA_DIR / "patterns" / "relative.json").read_text(encoding="utf-8"))
EXAMPLES = [(e["text"], e["ids"]) for form in DATA["forms"] for e in form["examples"]]
HEAD = "TITLE 18—CRIMES AND CRIMINAL PROCEDURE\nCHAPTER 119—WIRE INTERCEPTION\n§ 2511. Interception prohibited\n(a) "


@pytest.mark.parametrize(("text", "ids"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_relative_form_examples_resolve_from_the_headings(text: str, ids: list[str]) -> None:
    found = [c for c in find_relative_references(HEAD + text, FORMS) if c.start >= len(HEAD)]
    assert sorted({c.key for c in found}) == sorted(ids)
    assert all((HEAD + text)[c.start:c.end] == c.surface for c in found)


REGULATION_EXAMPLES = [(e["text"], e["ids"]) for form in DATA["regulation"]["forms"] for e in form["examples"]]
RULE_HEAD = "32 CFR Part 236\n\nPART 236\u2014DIB CYBERSECURITY ACTIVITIES\n\n\u00a7 236.2 Definitions.\n\n"


@pytest.mark.parametrize(("text", "ids"), REGULATION_EXAMPLES, ids=[t for t, _ in REGULATION_EXAMPLES])
def test_relative_regulation_form_examples_resolve_from_the_headings(text: str, ids: list[str]) -> None:
    found = [c for c in find_regulation_references(RULE_HEAD + text, FORMS) if c.start >= len(RULE_HEAD)]
    assert sorted({c.key for c in found}) == sorted(ids)


def test_relative_a_rule_s_own_units_follow_its_part_and_section_headings() -> None:
    # issue 14 (d): "this part" and "this clause" in a rule's regulatory text were missed
    text = ("48 CFR Parts 211 and 252\n\nThis section of the preamble explains this part of the rule.\n\n"
            "PART 211\u2014DESCRIBING AGENCY NEEDS\n\n211.274 Item identification.\n\n"
            "    Under paragraph (b)(1) of this section and this part, use the clause.\n\n"
            "PART 252\u2014SOLICITATION PROVISIONS AND CONTRACT CLAUSES\n\n    This section is reserved.\n\n"
            "252.211-7003 Item Identification and Valuation.\n\n    (c) Nothing in this clause, including this paragraph (c), binds.\n")
    found = find_regulation_references(text, FORMS)
    assert [(c.surface, c.key, c.pinpoint) for c in found] == [
        ("paragraph (b)(1) of this section", "us/cfr/t48/s211.274", "(b)(1)"),
        ("this clause", "us/cfr/t48/s252.211-7003", None),
        ("this paragraph (c)", "us/cfr/t48/s252.211-7003", "(c)"),
        ("this part", "us/cfr/t48/pt211", None),
    ]  # the preamble's words, and "This section" before part 252's first section heading, are the rule's own


def test_relative_forms_need_a_title_heading() -> None:
    assert find_relative_references("Nothing in this section or in section 2511 of this title applies.", FORMS) == []


def test_relative_section_is_the_heading_before_the_reference() -> None:
    text = HEAD + "see this section.\n§ 2512. Devices\n(a) Under subsection (c) of this section, no one"
    keys = [c.key for c in find_relative_references(text, FORMS)]
    assert keys == ["us/usc/t18/s2511", "us/usc/t18/s2512"]


def test_relative_the_last_enumerated_item_keeps_the_words_after_it() -> None:
    text = HEAD + "chapter 121 or 206 of this title"
    found = find_relative_references(text, FORMS)
    assert [c.key for c in found] == ["us/usc/t18/ch121", "us/usc/t18/ch206"]
    assert found[-1].surface == "206 of this title"


def test_relative_own_headings_are_not_citations() -> None:
    assert [HEAD[a:b] for a, b in own_headings(HEAD, FORMS)] == ["TITLE 18", "CHAPTER 119"]
