"""Every answer the bot can give exists in every language, and fits every channel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from api.address_flood import TOO_MANY
from api.settings import SUPPORTED_LANGUAGES, Settings
from conversations import answers
from conversations.answers import WIDGET_LABELS, Answer, AnswerCatalogue, CatalogueError
from conversations.handoff import CANCEL_PAYLOAD, CSAT_PAYLOADS

ROOT = Path(__file__).resolve().parents[2]
GATEWAY_NOTICES = {
    "utter_delay",
    "utter_unsupported_message",
    "utter_attachment_received",
    "utter_audio_unsupported",
    "utter_location_received",
    "utter_contact_received",
    # the hand-off (conversations/handoff.py)
    "utter_handoff_waiting",
    "utter_handoff_after_hours",
    "utter_handoff_cancelled",
    "utter_agent_joined",
    "utter_handback",
    "utter_csat_question",
    "utter_csat_thanks",
    # the web chat's and socket.io's refusal of a client address over its budget (api/address_flood.py)
    TOO_MANY,
}
# Buttons the gateway itself answers (not intents of the bot).
GATEWAY_PAYLOADS = {CANCEL_PAYLOAD, *CSAT_PAYLOADS}
# Where answers are named by code rather than by the domain: the actions' templates, the
# desk API's lines, the claim stages the console announces, a photo filed with a claim.
CODE_THAT_NAMES_ANSWERS = ("actions", "service_desk", "conversations")
# A name built from a stage or a reason: `f"utter_claim_stage_{stage}"` and the like.
NAME_FAMILIES = {
    "utter_claim_stage_": ("in_review", "approved", "rejected", "in_repair", "completed"),
    "desk_stage_": ("submitted", "in_review", "approved", "rejected", "in_repair", "completed"),
    "desk_coverage_ended_": ("time", "distance"),
    "utter_day_unavailable_": ("closed", "full", "too_far", "past"),
}


@pytest.fixture(scope="module")
def catalogue() -> AnswerCatalogue:
    return AnswerCatalogue.load(Settings().responses_dir, SUPPORTED_LANGUAGES, "en")


def domain_responses() -> set[str]:
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    return set(domain["responses"])


def test_every_domain_response_names_a_template_of_the_same_name() -> None:
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in domain["responses"].items():
        assert variants == [{"custom": {"template": name}}], name


def named_in_code() -> set[str]:
    """Every answer a string literal of the gateway or the actions names, families expanded."""
    names: set[str] = set()
    for package in CODE_THAT_NAMES_ANSWERS:
        for path in (ROOT / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            names.update(re.findall(r"[\"'](utter_[a-z0-9_]+[a-z0-9])[\"']", source))
            if path.parent == ROOT / "service_desk" and path.name.startswith("desk"):  # the desk's lines, desk_*
                names.update(re.findall(r"[\"'](desk_[a-z0-9_]+[a-z0-9])[\"']", source))
            for prefix, members in NAME_FAMILIES.items():
                if re.search(r"f[\"']" + re.escape(prefix) + r"\{", source):
                    names.update(prefix + member for member in members)
    return names


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_answer_exists_in_every_language(catalogue: AnswerCatalogue, language: str) -> None:
    assert catalogue.keys(language) == domain_responses() | GATEWAY_NOTICES | named_in_code()


def test_every_answer_the_actions_send_is_written_and_every_written_answer_is_sent(catalogue: AnswerCatalogue) -> None:
    needed = domain_responses() | GATEWAY_NOTICES | named_in_code()
    assert needed - catalogue.keys("en") == set(), "answers named in code but not written"
    assert catalogue.keys("en") - needed == set(), "answers written but never sent"


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_answers_fit_whatsapp_and_telegram_limits(catalogue: AnswerCatalogue, language: str) -> None:
    for key in catalogue.keys(language):
        answer = catalogue.render(key, language)
        assert answer is not None
        assert 0 < len(answer.text) <= 4096, key
        # Three reply buttons is WhatsApp's limit; the 1-5 rating goes as a list (up to 10 rows).
        assert len(answer.buttons) <= (5 if key == "utter_csat_question" else 3), key
        intents = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text())["intents"]
        for button in answer.buttons:
            assert 0 < len(button.title) <= 20, (key, button.title)
            assert button.payload in GATEWAY_PAYLOADS or button.payload.lstrip("/") in intents, (key, button.payload)


@pytest.mark.parametrize("language", [lang for lang in SUPPORTED_LANGUAGES if lang != "en"])
def test_translations_keep_the_english_buttons_payloads(catalogue: AnswerCatalogue, language: str) -> None:
    for key in catalogue.keys("en"):
        english, translated = catalogue.render(key, "en"), catalogue.render(key, language)
        assert english is not None and translated is not None
        assert [b.payload for b in translated.buttons] == [b.payload for b in english.buttons], key
        # A line of placeholders (and a unit such as "km") has nothing to translate.
        if len(re.sub(r"\{[a-z_]+\}|[^\w]", "", english.text)) > 2:
            assert translated.text != english.text, f"{key} is not translated into {language}"


def test_placeholders_are_filled_and_unknown_ones_left_visible(tmp_path: Path) -> None:
    (tmp_path / "en.yml").write_text(
        "language: en\nresponses:\n  utter_due:\n    text: 'At {mileage} km: {items}'\n", encoding="utf-8"
    )
    catalogue = AnswerCatalogue.load(tmp_path, ("en",), "en")

    answer = catalogue.render("utter_due", "en", {"mileage": 45000})

    assert answer is not None and answer.text == "At 45000 km: {items}"


def test_a_missing_language_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="no answers for language kk"):
        AnswerCatalogue.load(tmp_path, ("kk",), "kk")


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_the_web_chat_widget_has_every_label_in_every_language(catalogue: AnswerCatalogue, language: str) -> None:
    labels = catalogue.widget_labels()[language]
    english = catalogue.widget_labels()["en"]

    assert set(labels) == set(WIDGET_LABELS)
    assert all(labels[name].strip() for name in WIDGET_LABELS)
    if language != "en":
        assert labels["title"] != english["title"] and labels["send"] != english["send"]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_topic_the_clarifying_question_can_offer_has_a_button_title(
    catalogue: AnswerCatalogue, language: str
) -> None:
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    not_topics = {"greet", "goodbye", "thank", "affirm", "deny", "stop", "out_of_scope", "share_location", "choose"}
    titles = catalogue.topics(language)

    assert set(titles) == set(domain["intents"]) - not_topics
    assert all(0 < len(title) <= 20 for title in titles.values())  # WhatsApp's reply-button limit
    if language != "en":
        assert titles["warranty_coverage"] != catalogue.topics("en")["warranty_coverage"]


def _write_answer(directory: Path, text: str) -> None:
    path = directory / "en.yml"
    path.write_text(f"language: en\nresponses:\n  utter_greet:\n    text: {text!r}\n", encoding="utf-8")


def test_an_edited_answer_is_served_without_a_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answers, "RELOAD_CHECK_SECONDS", 0.0)
    _write_answer(tmp_path, "Hello")
    catalogue = AnswerCatalogue.load(tmp_path, ("en",), "en")
    assert catalogue.render("utter_greet", "en") == Answer("Hello")

    _write_answer(tmp_path, "Hello there, longer")

    assert catalogue.render("utter_greet", "en") == Answer("Hello there, longer")


def test_an_edit_that_breaks_the_file_keeps_the_answers_already_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(answers, "RELOAD_CHECK_SECONDS", 0.0)
    _write_answer(tmp_path, "Hello")
    catalogue = AnswerCatalogue.load(tmp_path, ("en",), "en")

    (tmp_path / "en.yml").write_text("language: en\nresponses:\n  utter_greet: [unclosed\n", encoding="utf-8")

    assert catalogue.render("utter_greet", "en") == Answer("Hello")
    assert "answers not reloaded" in caplog.text
    _write_answer(tmp_path, "Hello again")  # the next good edit is taken
    assert catalogue.render("utter_greet", "en") == Answer("Hello again")
