"""The decision after the classifier (bot/scope.py): not ours, ours but unclear, or the intent.

Run in the Rasa environment (it imports Rasa); skipped without it: run the suite with ./supportbot test.
"""

from __future__ import annotations

from tests.bot.rasa_env import run_in_rasa_env

DECISIONS = """
import json
from bot.scope import ScopeClassifier
from rasa.shared.nlu.training_data.message import Message

component = ScopeClassifier.create({}, None, None, None)
cases = {
    "sure": [("book_service", 0.8), ("reschedule_booking", 0.1), ("out_of_scope", 0.05)],
    "not ours, first": [("out_of_scope", 0.4), ("book_service", 0.35), ("complaint", 0.1)],
    "not ours, second but likely": [("complaint", 0.42), ("out_of_scope", 0.41), ("greet", 0.1)],
    # 0.35 of the 0.85 left to "ours" is 0.41: sure enough of the topic
    "ours, given it is ours": [("book_service", 0.35), ("out_of_scope", 0.15), ("greet", 0.08)],
    "ours, torn between two": [("book_service", 0.3), ("reschedule_booking", 0.29), ("out_of_scope", 0.1)],
    "ours, nothing stands out": [("warranty_claim", 0.2), ("complaint", 0.15), ("claim_status", 0.14)],
}
out = {}
for name, ranking in cases.items():
    message = Message.build(text=name)
    ranked = [{"name": n, "confidence": c} for n, c in ranking]
    message.set("intent", dict(ranked[0]))
    message.set("intent_ranking", ranked)
    component.process([message])
    out[name] = [message.get("intent")["name"], [r["name"] for r in message.get("intent_ranking")]]
print(json.dumps(out))
"""


def test_each_message_gets_the_answer_its_probabilities_call_for() -> None:
    decided = run_in_rasa_env(DECISIONS)
    assert {name: intent for name, (intent, _) in decided.items()} == {
        "sure": "book_service",
        "not ours, first": "out_of_scope",
        "not ours, second but likely": "out_of_scope",
        "ours, given it is ours": "book_service",
        "ours, torn between two": "nlu_fallback",
        "ours, nothing stands out": "nlu_fallback",
    }
    # The classifier's own ranking stays behind the decision: the clarifying question offers its topics.
    assert decided["ours, torn between two"][1] == [
        "nlu_fallback",
        "book_service",
        "reschedule_booking",
        "out_of_scope",
    ]
    assert decided["sure"][1] == ["book_service", "reschedule_booking", "out_of_scope"]
