"""The clarifying question: "is it about one of these?", with the topics the bot hesitated between.

When the NLU decides a message is ours but cannot tell which topic (`nlu_fallback`,
bot/scope.py), Rasa answers `utter_clarify`. Only the gateway knows the customer's language, so
it turns the turn's intent ranking into buttons here: the (at most) two most likely topics that
have a title in `topics:` of bot/responses/<lang>.yml, each sending `/<intent>` as a pressed
button does. The answer's own button ("talk to a person") follows. With no candidate worth
offering, the plain request to rephrase (`utter_fallback`) is sent instead.

Two clarifying turns in a row hand off, as any two turns not understood do (conversations/handoff.py).
"""

from __future__ import annotations

from typing import Any

from channels.base import Button

CLARIFY = "utter_clarify"
REPHRASE = "utter_fallback"
MAX_TOPICS = 2  # WhatsApp shows 3 reply buttons; the third is the answer's own
# A candidate needs this much of the classifier's probability: a topic at 3% is no real candidate.
MIN_CONFIDENCE = 0.08
NOT_TOPICS = frozenset({"nlu_fallback", "out_of_scope"})


def topic_buttons(ranking: list[dict[str, Any]], titles: dict[str, str]) -> list[Button]:
    """The most likely topics of `ranking` that have a title, as buttons, best first."""
    buttons: list[Button] = []
    for candidate in ranking:
        name = candidate.get("name")
        if not isinstance(name, str) or name in NOT_TOPICS or name not in titles:
            continue
        if float(candidate.get("confidence") or 0.0) < MIN_CONFIDENCE:
            break  # the ranking is sorted: nothing after this one qualifies either
        if all(button.payload != f"/{name}" for button in buttons):
            buttons.append(Button(titles[name], f"/{name}"))
        if len(buttons) == MAX_TOPICS:
            break
    return buttons
