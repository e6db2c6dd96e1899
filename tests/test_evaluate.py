"""The evaluation command: scoring rules and the fixtures' figures."""

from __future__ import annotations

import pytest

from tools.evaluate import evaluate, label_spans, main, score


@pytest.mark.parametrize(
    ("gold", "predicted", "figures"),
    [
        # exact agreement
        ([(0, 4, "a", "FISA")], [(0, 4, "a", "FISA")], (1.0, 1.0, 1.0)),
        # overlap counts as found; a leading "the" is not a disagreement
        ([(0, 8, "a", "the FISA")], [(4, 8, "a", "FISA")], (1.0, 1.0, 1.0)),
        # found but resolved to another authority
        ([(0, 4, "a", "FISA")], [(0, 4, "b", "FISA")], (1.0, 1.0, 0.0)),
        # a miss and a false alarm
        ([(0, 4, "a", "FISA")], [(10, 14, "a", "FISA")], (0.0, 0.0, 1.0)),
        # one prediction cannot match two labels
        ([(0, 4, "a", "x"), (5, 9, "b", "y")], [(0, 6, "a", "x y")], (1.0, 0.5, 1.0)),
    ],
)
def test_evaluate_score(gold, predicted, figures) -> None:
    result = score(gold, predicted, "t")
    assert (result.precision, result.recall, result.accuracy) == figures


def test_evaluate_label_spans_by_occurrence() -> None:
    text = "FISA and FISA"
    assert label_spans(text, [{"surface": "FISA", "occurrence": 2, "authority": "x"}], "t") == [(9, 13, "x", "FISA")]
    with pytest.raises(ValueError):
        label_spans(text, [{"surface": "FISA", "occurrence": 3, "authority": "x"}], "t")


def test_evaluate_fixtures_meet_the_target() -> None:
    scores = evaluate()
    assert {"blog_faq", "statute", "executive_order", "memo", "seed", "overall"} <= set(scores)
    for style, result in scores.items():
        if style.startswith("blind") or style == "overall":
            continue
        assert min(result.precision, result.recall, result.accuracy) >= 0.95, (style, result.errors)


BLIND_FLOORS = {
    # style: (precision, recall, resolution) the rules must not fall below. These fixtures
    # were labelled before the recogniser first ran on them; their first-run figures are in
    # docs/authorities.md, and the floors are the figures after this round's rule changes.
    "blind2_amending_act": (0.97, 0.97, 0.98),
    "blind2_oversight_memo": (1.00, 1.00, 1.00),
    "blind3_crs_report": (0.97, 0.97, 1.00),
    "blind3_district_opinion": (0.99, 1.00, 1.00),
    "blind3_fr_rule": (0.96, 0.95, 0.96),
    "blind4_committee_report": (1.00, 0.98, 0.95),
    "blind4_olc_opinion": (0.97, 0.95, 0.98),
    "blind4_pclob_report": (1.00, 0.99, 0.94),
    # blind5: first run in blind5_NOTES.md; floors raised since, as rules lifted them
    "blind5_appellate_brief": (0.97, 0.98, 0.99),
    "blind5_gao_decision": (1.00, 1.00, 1.00),
    "blind5_sorn": (0.99, 1.00, 0.98),
    # blind7: first run in blind7_NOTES.md and docs/authorities.md; floors at the figures after the round that tuned on it
    "blind7_armyreg": (1.00, 0.97, 1.00),
    "blind7_fisc_opinion": (1.00, 0.98, 1.00),
    "blind7_lawreview": (1.00, 0.99, 0.98),
    # blind8: first run in docs/authorities.md; floors at the first-run figures, rounded down
    "blind8_circuit_opinion": (0.98, 0.92, 0.94),
    "blind8_contract": (0.96, 0.97, 0.97),
    "blind8_nsm": (0.98, 0.98, 1.00),
    # blind9: first run in docs/authorities.md (1.000 / 0.905 / 0.882); floors at the figures after its one fix
    "blind9_complaint": (1.00, 0.94, 0.78),
    "blind9_dhs_directive": (1.00, 0.96, 0.96),
    "blind9_legal_blog": (1.00, 0.89, 1.00),
    "blind_bill": (1.00, 1.00, 0.97),
    "blind_dod_references": (0.98, 1.00, 1.00),
    "blind_icd": (1.00, 1.00, 1.00),
    "blind_ig_report": (0.99, 0.98, 0.97),
    "blind_memo_ocr": (1.00, 1.00, 0.98),
    "blind_news": (1.00, 1.00, 1.00),
    "blind_opinion": (0.98, 0.98, 1.00),
    "blind_usc_chapter": (1.00, 0.99, 0.98),
}


def test_evaluate_blind_fixtures_hold_their_floors() -> None:
    scores = evaluate()
    assert set(BLIND_FLOORS) <= set(scores)
    for style, floor in BLIND_FLOORS.items():
        result = scores[style]
        figures = (result.precision, result.recall, result.accuracy)
        assert all(got >= want for got, want in zip(figures, floor)), (style, figures, result.errors)


def test_evaluate_command_prints_figures(capsys) -> None:
    main([])
    assert "overall" in capsys.readouterr().out
