"""The after-sales work the bot does itself, end to end: gateway + real Rasa + action server.

Each test is one customer's conversation in the web chat, turn by turn: a warranty
claim, its status, a coverage check, the next service, a booking moved and cancelled,
the centres of a city; in English and in Azerbaijani, Georgian and Kazakh; with wrong
values, an FAQ in the middle of a form, a change of mind and a change of language. The
data is the seed a fresh installation loads (config/service_desk/).
"""

from __future__ import annotations

import pytest

from tests.conftest import Gateway
from tests.e2e.database import rows, scalar
from tests.e2e.desk_dialogue import Dialogue, templates, the

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

README_VIN = "LVVDB21B5RD123456"  # Chery Tiggo 7, sold in Azerbaijan on 2024-03-15 (vehicles.yml)

# One claim conversation per language: the opening message (VIN and mileage in it), the
# defect, and a question about the claim's status, all in the customer's own words.
CLAIMS = {
    "en": (
        f"I want to file a warranty claim, VIN {README_VIN}, 45000 km",
        "the air conditioning stopped cooling last week",
        "what is the status of my claim?",
    ),
    "az": (
        f"Zəmanət üzrə müraciət etmək istəyirəm, VIN {README_VIN}, yürüş 45000 km",
        "kondisioner soyutmur, keçən həftədən bəri",
        "müraciətimin statusu nədir?",
    ),
    "ka": (
        f"საგარანტიო განაცხადის გაკეთება მინდა, VIN {README_VIN}, გარბენი 45000 კმ",
        "კონდიციონერი აღარ აგრილებს, გასული კვირიდან",
        "ჩემი განაცხადის სტატუსი რა არის?",
    ),
}


@pytest.mark.parametrize("language", sorted(CLAIMS))
async def test_a_warranty_claim_gets_a_reference_and_its_status_in_the_customers_language(
    gateway: Gateway, language: str
) -> None:
    opening, defect, status = CLAIMS[language]
    customer = await Dialogue.open(gateway)

    [question] = await customer.say(opening)
    assert (question.template, question.language) == ("utter_ask_symptom", language)  # VIN and km were taken
    [opened] = await customer.say(defect)
    assert (opened.template, opened.language) == ("utter_claim_opened", language)
    reference = opened.reference()
    [claimed] = await customer.say(status)
    await customer.close()

    assert claimed.template == "utter_claim_status_result" and reference in claimed.text
    assert rows(gateway, "SELECT reference, vin, mileage_km, stage FROM claims") == [
        (reference, README_VIN, 45000, "submitted")
    ]
    assert scalar(gateway, "SELECT state FROM conversations") == "bot"  # no technician needed


async def test_the_same_problem_reported_again_is_linked_to_the_open_claim(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    await customer.say(f"warranty claim please, VIN {README_VIN}, 45000 km")
    [first] = await customer.say("the AC blows warm air")
    await customer.say("I want to open another warranty claim")
    [again] = await customer.say("air conditioning is not cooling at all")
    await customer.close()

    assert again.template == "utter_claim_already_open"
    assert again.reference() == first.reference()
    assert scalar(gateway, "SELECT count(*) FROM claims") == 1


async def test_a_wrong_vin_and_an_absurd_mileage_are_refused_with_the_reason_then_accepted(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    assert templates(await customer.say("I need to open a warranty claim")) == ["utter_ask_vin"]
    assert templates(await customer.say("LVVDB21B5RD12345")) == ["utter_vin_length", "utter_ask_vin"]
    assert templates(await customer.say(README_VIN)) == ["utter_ask_mileage"]
    assert templates(await customer.say("9999999 km")) == ["utter_mileage_out_of_range", "utter_ask_mileage"]
    assert templates(await customer.say("45000")) == ["utter_ask_symptom"]
    assert scalar(gateway, "SELECT count(*) FROM claims") == 0  # nothing half-stored meanwhile
    await customer.close()


async def test_a_safety_defect_opens_the_claim_and_hands_off_at_once(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    await customer.say(f"I want to make a warranty claim, VIN {README_VIN}, 45000 km")
    replies = await customer.say("the brake pedal sinks to the floor when I stop")
    await customer.close()

    assert templates(replies)[0] == "utter_claim_opened_for_review"
    assert templates(replies)[1] in ("utter_handoff_waiting", "utter_handoff_after_hours")
    reference = replies[0].reference()
    state, priority, reason = rows(gateway, "SELECT state, priority, handoff_reason FROM conversations")[0]
    assert (state, priority) == ("waiting_for_agent", 2)
    assert reference in str(reason) and "safety" in str(reason)


async def test_an_faq_in_the_middle_of_a_form_is_answered_and_the_question_asked_again(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    await customer.say("I'd like to book a service in Baku")
    replies = await customer.say("by the way, how should I charge my electric car in winter?")
    assert templates(replies) == ["utter_ev_battery_charging", "utter_ask_booking_centre"]
    assert templates(await customer.say("stop, I changed my mind")) == ["utter_form_stopped"]
    assert scalar(gateway, "SELECT count(*) FROM bookings") == 0
    await customer.close()


async def test_a_customer_who_switches_language_mid_form_is_answered_in_the_new_one(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    [question] = await customer.say(f"I want to file a warranty claim, VIN {README_VIN}, 45000 km")
    assert question.language == "en"
    [opened] = await customer.say("Кондиционер перестал охлаждать, дует тёплым воздухом уже неделю")
    await customer.close()
    assert (opened.template, opened.language) == ("utter_claim_opened", "ru")


BOOKINGS = {
    "en": ("book a service next Tuesday in Baku", "yes"),
    "kk": ("Алматыда сервиске жазылғым келеді, келесі сейсенбіге", "иә"),
}


@pytest.mark.parametrize("language", sorted(BOOKINGS))
async def test_a_booking_is_made_moved_and_cancelled(gateway: Gateway, language: str) -> None:
    opening, yes = BOOKINGS[language]
    customer = await Dialogue.open(gateway)

    [centres] = await customer.say(opening)  # city and day were in the first message
    assert (centres.template, centres.language) == ("utter_ask_booking_centre", language)
    slots = the("utter_ask_booking_slot", await customer.press(centres.button()))
    assert slots.buttons
    [confirm] = await customer.press(slots.buttons[0])
    assert confirm.template == "utter_ask_booking_confirm"
    [booked] = await customer.say(yes)
    assert booked.template == "utter_booking_confirmed"
    reference = booked.reference()

    which_day = await customer.press(booked.button_by_payload("/reschedule_booking"))
    assert templates(which_day) == ["utter_reschedule_which_day", "utter_ask_booking_day"]
    slots = the("utter_ask_booking_slot", await customer.say("12.01.2027"))
    [confirm] = await customer.press(slots.buttons[-1])
    [moved] = await customer.say(yes)
    assert moved.template == "utter_booking_moved" and moved.reference() != reference

    [confirm] = await customer.press(moved.button_by_payload("/cancel_booking"))
    assert confirm.template == "utter_confirm_cancel" and moved.reference() in confirm.text  # nothing cancelled yet
    [cancelled] = await customer.press(confirm.button(moved.reference()))
    await customer.close()
    assert cancelled.template == "utter_booking_cancelled"
    assert sorted(rows(gateway, "SELECT status FROM bookings")) == [("cancelled",), ("cancelled",)]


async def test_a_day_in_the_past_is_refused_and_another_asked(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    await customer.say("I want to book a service in Baku")
    [centres] = await customer.say("Baku Central")
    assert centres.template in ("utter_ask_booking_day", "utter_ask_booking_centre")
    if centres.template == "utter_ask_booking_centre":
        [asked] = await customer.press(centres.button())
        assert asked.template == "utter_ask_booking_day"
    replies = await customer.say("12.01.2020")
    await customer.close()
    assert templates(replies) == ["utter_date_in_past", "utter_ask_booking_day"]


async def test_the_next_service_from_a_model_and_mileage_in_one_message(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    [due] = await customer.say("when is my next service, Chery Tiggo 7, 28000 km")
    await customer.close()
    assert due.template == "utter_maintenance_result"
    assert "30,000 km" in due.text and "engine oil" in due.text


async def test_coverage_without_a_vin_asks_the_model_and_the_purchase_date_in_georgian(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    [which] = await customer.say("რას მოიცავს ჩემი მანქანის გარანტია?")
    assert (which.template, which.language) == ("utter_ask_coverage_form_vehicle", "ka")
    assert templates(await customer.say("BYD Atto 3")) == ["utter_ask_purchase_date"]
    assert templates(await customer.say("05.2025")) == ["utter_ask_mileage"]
    [coverage] = await customer.say("20000")
    await customer.close()
    assert (coverage.template, coverage.language) == ("utter_coverage_result", "ka")
    assert "BYD Atto 3" in coverage.text


async def test_the_centres_of_a_city_named_in_russian(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    [centres] = await customer.say("Где ближайший сервисный центр в Алматы?")
    await customer.close()
    assert (centres.template, centres.language) == ("utter_centres_in_city", "ru")
    assert "Алматы" in centres.text


# One-turn questions in several languages: the whole request in the first message.
ONE_TURN = [
    ("en", "when is my next service? Chery Tiggo 7, 28000 km", "utter_maintenance_result"),
    ("az", "Növbəti texniki xidmət nə vaxtdır? Chery Tiggo 7, yürüş 28000 km", "utter_maintenance_result"),
    ("ne", "मेरो Chery Tiggo 7 को अर्को सर्भिस कहिले हो? २८००० किमी चलेको छ", "utter_maintenance_result"),
    ("en", "where is your service centre in Tbilisi?", "utter_centres_in_city"),
    ("ka", "სად არის თქვენი სერვის ცენტრი ბათუმში?", "utter_centres_in_city"),
    ("ne", "पोखरामा तपाईंको सर्भिस सेन्टर कहाँ छ?", "utter_centres_in_city"),
    ("en", "my car broke down on the highway, I need a tow truck", "utter_roadside_numbers"),
    ("az", "Maşınım yolda xarab oldu, evakuator lazımdır", "utter_roadside_numbers"),
]


@pytest.mark.parametrize(("language", "message", "template"), ONE_TURN)
async def test_a_whole_request_in_one_message_is_answered_in_its_language(
    gateway: Gateway, language: str, message: str, template: str
) -> None:
    customer = await Dialogue.open(gateway)
    replies = await customer.say(message)
    await customer.close()
    assert (replies[0].template, replies[0].language) == (template, language)


COVERAGE_BY_VIN = {
    "en": ("what does my warranty still cover?", "45000 km"),
    "kk": ("Көлігімнің кепілдігі әлі нені қамтиды?", "45000 км"),
}


@pytest.mark.parametrize("language", sorted(COVERAGE_BY_VIN))
async def test_coverage_of_a_registered_vin(gateway: Gateway, language: str) -> None:
    question, mileage = COVERAGE_BY_VIN[language]
    customer = await Dialogue.open(gateway)
    assert templates(await customer.say(question)) == ["utter_ask_coverage_form_vehicle"]
    assert templates(await customer.say(README_VIN)) == ["utter_ask_mileage"]  # the sale date is the registry's
    [coverage] = await customer.say(mileage)
    await customer.close()
    assert (coverage.template, coverage.language) == ("utter_coverage_result", language)
    assert "Chery Tiggo 7" in coverage.text


async def test_an_unknown_model_is_refused_with_the_known_ones_then_a_known_one_accepted(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    await customer.say("when is my next service due?")
    assert templates(await customer.say("a flying carpet")) == ["utter_unknown_model", "utter_ask_vehicle"]
    assert templates(await customer.say("Geely Monjaro")) == ["utter_ask_mileage"]
    assert templates(await customer.say("-500 km")) == ["utter_mileage_out_of_range", "utter_ask_mileage"]
    [due] = await customer.say("12500")
    await customer.close()
    assert due.template == "utter_maintenance_result"


async def test_asking_for_a_person_mid_form_leaves_it_even_with_a_value_in_the_message(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    assert templates(await customer.say("I want to open a warranty claim")) == ["utter_ask_vin"]
    replies = await customer.say("let me talk to a real person please, the car has 45000 km")
    await customer.close()
    assert templates(replies)[0] == "utter_human_agent"
    assert scalar(gateway, "SELECT state FROM conversations") == "waiting_for_agent"


async def test_how_to_cancel_cancels_nothing_until_the_booking_is_pressed(gateway: Gateway) -> None:
    customer = await Dialogue.open(gateway)
    [nothing] = await customer.say("how do I cancel an appointment?")
    await customer.close()
    assert nothing.template == "utter_no_bookings"
