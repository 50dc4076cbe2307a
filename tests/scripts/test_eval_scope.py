"""The scope and calibration figures of `./supportbot eval` (scripts/eval_scope.py)."""

from __future__ import annotations

import pytest

from scripts.eval_scope import ScopeReport, expected_calibration_error, scope_result
from scripts.heldout import ScopeExample


def test_a_model_as_right_as_it_says_has_no_calibration_error() -> None:
    # 0.8 sure, right 8 times in 10; 0.55 sure, right 11 times in 20 (both bins exact)
    scored = [(0.8, i < 8) for i in range(10)] + [(0.55, i < 11) for i in range(20)]
    assert expected_calibration_error(scored) == pytest.approx(0.0)


def test_an_overconfident_model_has_the_gap_weighted_by_bin_size() -> None:
    # 0.95 sure but right half the time (10 messages), 0.5 sure and right half the time (30)
    scored = [(0.95, i % 2 == 0) for i in range(10)] + [(0.5, i % 2 == 0) for i in range(30)]
    assert expected_calibration_error(scored) == pytest.approx(10 / 40 * 0.45)


def test_out_of_scope_recall_counts_only_the_scope_answer_and_ranks_without_the_fallback() -> None:
    report = ScopeReport("en")
    parsed = [
        ("recipe for plov", "out_of_scope", {"intent": {"name": "out_of_scope"}}),
        ("my card is blocked", "out_of_scope", {"intent": {"name": "nlu_fallback"}}),  # clarified: not recognised
        ("book me in", "book_service", {"intent": {"name": "book_service"}}),
        ("the thing", "warranty_claim", {"intent": {"name": "out_of_scope"}}),  # rejected
    ]
    for text, intent, answer in parsed:
        ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": intent, "confidence": 0.6}]
        report.results.append(scope_result(ScopeExample(text, intent, "round8"), {**answer, "intent_ranking": ranking}))

    assert report.out_of_scope_recall() == (0.5, 2)
    assert report.false_rejection() == (0.5, 2)
    assert report.in_scope_accuracy("round8") == (0.5, 2)
    assert {r.classified for r in report.results} == {"out_of_scope", "book_service", "warranty_claim"}
    assert all(r.confidence == 0.6 for r in report.results)
