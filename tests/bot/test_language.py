"""Which language a conversation is answered in."""

from __future__ import annotations

import pytest

from api.settings import SUPPORTED_LANGUAGES
from bot.language import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(SUPPORTED_LANGUAGES, "en")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hello, my car does not start since this morning", "en"),
        ("Здравствуйте, что покрывает гарантия на батарею?", "ru"),
        ("Salam, zəmanət neçə ildir?", "az"),
        ("Сәлеметсіз бе, көлігім оталмай тұр", "kk"),
        ("გამარჯობა, მანქანა არ იქოქება", "ka"),
        ("नमस्ते, मेरो गाडी स्टार्ट हुँदैन", "ne"),
        ("४५,००० कि.मि. मा सर्भिस कहिले?", "ne"),
    ],
)
def test_a_first_message_sets_the_language(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.choose(text, current=None) == language


@pytest.mark.parametrize("text", ["ok", "👍", "LGXCE4CB8N0123457", "45000 km", "P0420", "спс", "da"])
@pytest.mark.parametrize("current", SUPPORTED_LANGUAGES)
def test_short_or_ambiguous_messages_keep_the_language(detector: LanguageDetector, text: str, current: str) -> None:
    assert detector.choose(text, current=current) == current


def test_a_full_sentence_in_another_language_switches(detector: LanguageDetector) -> None:
    assert detector.choose("Please answer in English, I do not read Russian well", current="ru") == "en"
    assert detector.choose("Нет, давайте лучше по-русски, так удобнее", current="en") == "ru"


def test_a_script_only_one_language_uses_switches_even_when_short(detector: LanguageDetector) -> None:
    assert detector.choose("დიახ", current="ru") == "ka"
    assert detector.choose("हो", current="en") == "ne"


def test_with_no_letters_a_new_conversation_takes_the_hint_or_the_default(detector: LanguageDetector) -> None:
    assert detector.choose("👍", current=None, hint="kk") == "kk"
    assert detector.choose("👍", current=None, hint="fr") == "en"
    assert detector.choose("👍", current=None) == "en"


def test_the_configured_languages_are_the_only_answers() -> None:
    detector = LanguageDetector(("ru", "en"), "ru")
    assert detector.choose("Сәлеметсіз бе, көлігім оталмай тұр", current=None) == "ru"
    assert detector.choose("გამარჯობა", current=None) == "ru"  # no configured language writes Georgian
