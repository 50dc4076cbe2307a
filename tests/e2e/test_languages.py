"""A conversation in each of the six languages, through the gateway and the real model.

Each customer greets, asks a question and sends a short reply; every answer must be the
catalogue's answer in the customer's language.
"""

from __future__ import annotations

import re

import pytest

from api.settings import SUPPORTED_LANGUAGES, Settings
from conversations.answers import AnswerCatalogue
from tests.conftest import Gateway
from tests.e2e.webchat_client import WebChatClient

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

CONVERSATIONS = {
    "az": (
        "Salam, sabahınız xeyir",
        "Elektromobilin batareyasına zəmanət neçə ildir?",
        "utter_ask_coverage_form_vehicle",
    ),
    "kk": ("Сәлеметсіз бе!", "Көлігім жолда оталмай қалды, эвакуатор керек", "utter_roadside_numbers"),
    "ka": ("გამარჯობა!", "დაფაზე ყვითელი ძრავის ნათურა ანთია, რას ნიშნავს?", "utter_dashboard_warning"),
    "ne": ("नमस्ते", "मेरो गाडीको सर्भिस कति किलोमिटरमा गर्नुपर्छ?", "utter_ask_vehicle"),
    "ru": ("Добрый день", "Где ближайший сервисный центр в Алматы?", "utter_centres_in_city"),
    "en": (
        "Hi there",
        "My charging cable does not fit the wall box, how do I charge at home?",
        "utter_ev_battery_charging",
    ),
}


def template_pattern(text: str) -> str:
    """An answer's text as a pattern: each {placeholder} stands for the value filled in."""
    return re.sub(r"\\\{\w+\\\}", ".+", re.escape(text))


@pytest.fixture(scope="module")
def catalogue() -> AnswerCatalogue:
    return AnswerCatalogue.load(Settings().responses_dir, SUPPORTED_LANGUAGES, "en")


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
async def test_a_customer_is_answered_in_their_language(
    gateway: Gateway, catalogue: AnswerCatalogue, language: str
) -> None:
    greeting, question, answer_key = CONVERSATIONS[language]
    chat = await WebChatClient.connect(gateway.ws_url, lang="en")  # the browser's language is only a hint

    await chat.send(greeting)
    await chat.send(question)
    await chat.send("ok")
    replies = await chat.replies(3)
    await chat.close()

    expected_greeting = catalogue.render("utter_greet", language)
    expected_answer = catalogue.render(answer_key, language)
    assert expected_greeting is not None and expected_answer is not None
    assert replies[0]["text"] == expected_greeting.text
    assert re.fullmatch(template_pattern(expected_answer.text), replies[1]["text"], re.DOTALL), replies[1]["text"]
    assert [b["title"] for b in replies[1]["buttons"]] == [b.title for b in expected_answer.buttons]
    # The third reply answers "ok" (or, after the roadside emergency, says a technician is
    # coming): either way one of the language's own answers, its {placeholders} filled.
    assert any(
        re.fullmatch(template_pattern(a.text), replies[2]["text"], re.DOTALL)
        for key in catalogue.keys(language)
        if (a := catalogue.render(key, language)) is not None
    ), "a short 'ok' keeps the conversation's language"
