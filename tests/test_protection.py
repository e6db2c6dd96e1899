"""Red-line protection: each support credited to the red line the text ties it to, with its rule, evidence and effect."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kb.corpus import load_document
from kb.models import RedLine, RedLineBasis, RedLineSupport
from kb.pipeline.build import build
from kb.pipeline.extract import extract
from tests.conftest import FIXTURES
from tools.evaluate_protection import evaluate

SEED = FIXTURES / "protection" / "seed_announcement.md"
QUERIES = Path(__file__).resolve().parent.parent / "queries"

INTELLIGENCE_LAW = {"us/const/amdt4", "us/pl/80/253", "us/pl/95/511", "us/eo/12333"}
"""The Fourth Amendment, the National Security Act, FISA and EO 12333, as the registry names them."""


class _ByPrefix(dict):
    """Red lines by text, looked up by how their text starts."""

    def __getitem__(self, prefix: str) -> RedLine:
        found = [r for text, r in self.items() if text.startswith(prefix)]
        assert len(found) == 1, (prefix, list(self))
        return found[0]


@pytest.fixture(scope="module")
def seed(nlp):
    document = load_document(SEED, SEED.parent)
    records = extract(document, nlp)
    red_lines = _ByPrefix({r.text: r for r in records if isinstance(r, RedLine)})
    supports = [r for r in records if isinstance(r, RedLineSupport)]
    basis = {r.id: r for r in records if isinstance(r, RedLineBasis)}
    return document, red_lines, supports, basis


def _authorities(supports: list[RedLineSupport], red_line: RedLine) -> dict[str, RedLineSupport]:
    return {s.target_id.removeprefix("authority:"): s for s in supports
            if s.red_line_id == red_line.id and s.support_kind == "authority"}


def test_protection_surveillance_rests_on_the_list_its_lead_in_ties_to_it(seed):
    _, red_lines, supports, basis = seed
    surveillance = red_lines["No use of OpenAI technology for mass dome"]
    cited = _authorities(supports, surveillance)
    assert INTELLIGENCE_LAW <= cited.keys()
    for authority in INTELLIGENCE_LAW:
        assert cited[authority].rule == "list"
        assert cited[authority].evidence.startswith("For intelligence activities, any handling of private information")
    assert "us/dod/dodd/3000.09" not in cited
    assert basis[surveillance.id].basis == "named law"


def test_protection_weapons_rest_on_the_directive_and_on_law_under_a_condition(seed):
    _, red_lines, supports, basis = seed
    weapons = red_lines["No Use of OpenAI technology to direct aut"]
    cited = _authorities(supports, weapons)
    assert set(cited) == {"us/dod/dodd/3000.09"}
    conditional = [s for s in supports if s.red_line_id == weapons.id and s.support_kind == "generic_law"
                   and s.effect == "conditional"]
    assert [s.surface for s in conditional] == ["law, regulation, or department policy"]
    assert conditional[0].effect_cue.startswith("in any case where law")
    assert basis[weapons.id].basis == "named law"


def test_protection_automated_decisions_rest_on_no_intelligence_statute(seed):
    _, red_lines, supports, basis = seed
    decisions = red_lines["No use of OpenAI technology for high-ris"]
    assert not _authorities(supports, decisions)
    assert basis[decisions.id].basis == "generic law only"
    assert basis[decisions.id].conditional_law == 0  # "US law" after "protects these red lines" holds plainly


def test_protection_as_permitted_by_qualifies_and_even_if_the_law_changes_holds_regardless(seed):
    _, red_lines, supports, _ = seed
    surveillance = red_lines["No use of OpenAI technology for mass dome"]
    posse = _authorities(supports, surveillance)["us/usc/t18/s1385"]
    assert (posse.effect, posse.effect_cue) == ("qualified", "as permitted by the Posse Comitatus Act and other applicable law")
    regardless = [s for s in supports if s.effect_cue and s.effect_cue.startswith("Even if these laws or policies change")]
    assert regardless and {s.effect for s in regardless} == {"unconditional"}


def test_protection_the_contract_weapons_clause_is_a_term_binding_the_department(seed):
    _, red_lines, _, _ = seed
    clause = red_lines["The AI system will not be used to indepen"]
    assert (clause.kind, clause.bound_id, clause.bound_role) == ("contract_term", "org/department-of-war", "counterparty")
    own = red_lines["No use of OpenAI technology for mass dome"]
    assert (own.kind, own.bound_id, own.bound_role) == ("red_line", "org/openai", "speaker")


def test_protection_every_span_reproduces_its_text(seed):
    document, _, supports, _ = seed
    assert supports
    for s in supports:
        assert document.text[s.start:s.end] == s.surface
        assert document.text[s.evidence_start:s.evidence_end] == s.evidence
        assert s.effect_cue is None or s.effect_cue in document.text


def test_protection_a_clause_on_two_concepts_does_not_credit_its_surveillance_law_to_weapons(seed):
    """The bug this module fixed: every authority of a clause went to every red line the clause named."""
    _, red_lines, supports, _ = seed
    for prefix in ("No Use of OpenAI technology to direct aut", "The AI system will not be used to indepen",
                   "No use of OpenAI technology for high-ris"):
        assert not INTELLIGENCE_LAW & _authorities(supports, red_lines[prefix]).keys(), prefix


FLOORS = {
    # precision, recall, verdicts right. First run, labelled before kb.link.protection ran on them:
    # contract_excerpt 0.91/0.40/6 of 7, government_directive 1.00/0.55/7 of 8,
    # news_article 0.75/0.23/2 of 5, usage_policy 0.89/0.50/5 of 9 (docs/claims.md).
    "contract_excerpt.md": (0.95, 0.95, 7),
    "government_directive.md": (0.80, 0.80, 8),
    "news_article.md": (0.75, 0.50, 4),
    "usage_policy.md": (0.90, 0.85, 8),
}
"""What the blind fixtures must keep scoring; a rule that helps one and costs another shows here."""


def test_protection_blind_fixtures_keep_their_scores():
    scores = evaluate(FIXTURES / "protection" / "blind")
    assert set(scores) == set(FLOORS)
    for name, (precision, recall, verdicts) in FLOORS.items():
        s = scores[name]
        assert s.precision >= precision and s.recall >= recall and s.verdicts >= verdicts, (name, s)


def test_protection_seed_fixture_scores():
    s = evaluate(FIXTURES / "protection")["seed_announcement.md"]
    assert s.found == s.red_lines == 6 and s.verdicts == 6
    assert s.precision >= 0.9 and s.recall >= 0.95


def _write(folder: Path, name: str, front: str, body: str) -> None:
    (folder / name).write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")


def test_protection_a_superseded_version_is_flagged_and_counted_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "Acme AI will not allow its models to be used for mass surveillance of U.S. persons. Our classifiers block such requests."
    _write(corpus, "policy-v1.md", "title: Acme policy\npublisher: Acme AI\nkind: statement", body)
    _write(corpus, "policy-v2.md", "title: Acme policy, second version\npublisher: Acme AI\nkind: statement\nsupersedes: policy-v1", body)
    build(corpus, tmp_path / "kb.db")
    conn = sqlite3.connect(tmp_path / "kb.db")
    assert dict(conn.execute("select document_id, superseded from red_line_basis")) == {"policy-v1": 1, "policy-v2": 0}
    sql = (QUERIES / "red_lines_resting_on_vendor_word.sql").read_text(encoding="utf-8")
    assert len(conn.execute(sql).fetchall()) == 1
    totals = conn.execute((QUERIES / "red_lines_by_organization.sql").read_text(encoding="utf-8")).fetchall()
    assert [(row[2], row[3]) for row in totals] == [(1, 1)]


@pytest.mark.parametrize("sentence, kind, role", [
    ("Users may not use the service to conduct mass surveillance of U.S. persons.", "policy", "users"),
    ("We will never sell your prompts to data brokers.", "red_line", "speaker"),
])
def test_protection_who_a_red_line_binds_is_read_at_its_sentence_start(nlp, tmp_path, sentence, kind, role):
    """The bound-party cues are matched where the sentence starts, not only at the start of the document."""
    _write(tmp_path, "terms.md", "title: Terms\npublisher: Acme AI\nkind: statement", f"Acme AI publishes these terms.\n\n{sentence}")
    document = load_document(tmp_path / "terms.md", tmp_path)
    red_line = next(r for r in extract(document, nlp) if isinstance(r, RedLine))
    assert (red_line.kind, red_line.bound_role) == (kind, role)
