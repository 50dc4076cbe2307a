"""Booking a service: a city (or a shared location), a centre, a day, a free slot, a yes.

The centre, slot and confirmation questions are actions rather than fixed answers
because their buttons are data: the centres of the city named, the free slots of the
day asked. A slot taken by someone else between the offer and the yes is offered again
with what is still free; the database, not this code, makes sure it is never booked
twice (service_desk/bookings.py). Rescheduling is the same form with the centre known,
and the new booking replaces the old one in one transaction.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.desk import Desk, choice, entity, reason, say
from actions.forms import AfterSalesForm, Reader, intent_of, make_extractor

Values = Tuple[Dict[Text, Any], Optional[str]]
MAX_CHOICES = 10  # a WhatsApp list holds 10 rows
BOOKING_SLOTS = ("centre_city", "booking_centre", "booking_day", "booking_slot", "booking_confirm")


async def _centres(tracker: Tracker, text: Optional[str] = None) -> Tuple[int, Dict[str, Any]]:
    latitude, longitude = tracker.get_slot("latitude"), tracker.get_slot("longitude")
    if text is None and latitude is not None and longitude is not None:
        return await Desk(tracker).post("/centres", latitude=latitude, longitude=longitude)
    return await Desk(tracker).post("/centres", text=text or "", model_code=tracker.get_slot("vehicle_model"))


async def read_city(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    """A city's name, or a shared location (then the nearest centres are offered)."""
    intent, _ = intent_of(tracker)
    if intent == "share_location" and entity(tracker, "latitude") is not None:
        return {"centre_city": "nearby"}, None
    if quiet and text.startswith("/"):
        return {}, None
    status, answer = await _centres(tracker, text)
    if status != 200:
        if not quiet:
            say(dispatcher, "utter_unknown_city", cities=(answer.get("detail") or {}).get("cities", ""))
        return {}, None
    values: Dict[Text, Any] = {"centre_city": answer["city"]}
    if len(answer["centres"]) == 1:
        values["booking_centre"] = answer["centres"][0]["code"]
    return values, None


async def read_centre(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    code = entity(tracker, "booking_centre")
    if code:
        return {"booking_centre": code}, None
    if quiet:
        return {}, None
    # A typed answer: the name of one of the centres offered, or another city.
    status, answer = await _centres(
        tracker, tracker.get_slot("centre_city") if tracker.get_slot("centre_city") != "nearby" else None
    )
    if status == 200:
        lowered = text.casefold()
        for centre in answer["centres"]:
            if lowered and (lowered in centre["name"].casefold() or centre["name"].casefold() in lowered):
                return {"booking_centre": centre["code"]}, None
    values, _ = await read_city(text, tracker, dispatcher, True)
    if values:
        values.setdefault("booking_centre", None)
        return values, None
    return {}, "utter_pick_a_centre"


async def read_day(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    status, answer = await Desk(tracker).post("/day", text=text, purpose="booking")
    if status != 200:
        if quiet:
            return {}, None
        if reason(answer) == "date_in_past":
            say(dispatcher, "utter_date_in_past", day=(answer.get("detail") or {}).get("day", ""))
            return {}, None
        return {}, "utter_date_not_understood"
    values: Dict[Text, Any] = {"booking_day": answer["day_iso"]}
    centre = tracker.get_slot("booking_centre")
    if answer.get("time") and centre:
        # "Tuesday at 10": that slot, when it is free, needs no further question.
        status, offer = await Desk(tracker).post("/slots", centre=centre, text=text)
        if status == 200 and offer.get("chosen") and offer["day_iso"] == answer["day_iso"]:
            values["booking_slot"] = offer["chosen"]["starts_at"]
    return values, None


async def read_slot(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    chosen = entity(tracker, "booking_slot")
    if chosen:
        return {"booking_slot": chosen}, None
    if quiet:
        return {}, None
    # A typed time ("10:00", "at 3 pm") or another day ("rather Friday").
    status, answer = await Desk(tracker).post(
        "/slots", centre=tracker.get_slot("booking_centre"), text=f"{tracker.get_slot('booking_day')} {text}"
    )
    if status == 200 and answer.get("chosen"):
        return {"booking_slot": answer["chosen"]["starts_at"]}, None
    values, _ = await read_day(text, tracker, dispatcher, True)
    if values and values["booking_day"] != tracker.get_slot("booking_day"):
        # Another day: its slots are offered next (the slot, if one came with it, is kept).
        values.setdefault("booking_slot", None)
        return values, None
    return {}, "utter_pick_a_slot"


async def read_confirm(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    if quiet:
        return {}, None
    intent, _ = intent_of(tracker)
    if intent == "affirm":
        return {"booking_confirm": True}, None
    if intent in ("deny", "stop"):
        return {"booking_confirm": False}, None
    return {}, "utter_confirm_yes_or_no"


class ValidateBookingForm(AfterSalesForm):
    yes_no_slots = ("booking_confirm",)

    def name(self) -> Text:
        return "validate_booking_form"

    def readers(self) -> Dict[Text, Reader]:
        return {
            "centre_city": read_city,
            "booking_centre": read_centre,
            "booking_day": read_day,
            "booking_slot": read_slot,
            "booking_confirm": read_confirm,
        }

    extract_centre_city = make_extractor("centre_city")
    extract_booking_centre = make_extractor("booking_centre")
    extract_booking_day = make_extractor("booking_day")
    extract_booking_slot = make_extractor("booking_slot")
    extract_booking_confirm = make_extractor("booking_confirm")


class AskBookingCentre(Action):
    def name(self) -> Text:
        return "action_ask_booking_centre"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        city = tracker.get_slot("centre_city")
        status, answer = await _centres(tracker, None if city == "nearby" else city)
        if status != 200 or not answer["centres"]:
            say(dispatcher, "utter_no_centres")
            return [SlotSet("centre_city", None)]
        buttons = [choice(c["name"], "choose", booking_centre=c["code"]) for c in answer["centres"][:MAX_CHOICES]]
        lines = "\n".join(c["line"] for c in answer["centres"][:MAX_CHOICES])
        say(dispatcher, "utter_ask_booking_centre", buttons=buttons, centres=lines)
        return []


class AskBookingSlot(Action):
    def name(self) -> Text:
        return "action_ask_booking_slot"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        day = tracker.get_slot("booking_day")
        status, answer = await Desk(tracker).post("/slots", centre=tracker.get_slot("booking_centre"), text=day or "")
        if status != 200:
            say(dispatcher, "utter_desk_problem")
            return [SlotSet("booking_day", None)]
        if not answer["slots"]:
            say(dispatcher, "utter_no_free_slots", centre=answer["centre"])
            return [SlotSet("booking_day", None)]
        events: List[Dict[Text, Any]] = []
        if answer["day_iso"] != day:
            # The day asked had nothing (closed, full): the first day with a free slot is offered.
            say(dispatcher, f"utter_day_unavailable_{answer.get('reason') or 'full'}", day=answer["day"])
            events.append(SlotSet("booking_day", answer["day_iso"]))
        buttons = [choice(s["label"], "choose", booking_slot=s["starts_at"]) for s in answer["slots"][:MAX_CHOICES]]
        say(dispatcher, "utter_ask_booking_slot", buttons=buttons, centre=answer["centre"], day=answer["day"])
        return events


class AskBookingConfirm(Action):
    def name(self) -> Text:
        return "action_ask_booking_confirm"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        status, answer = await Desk(tracker).post(
            "/slots", centre=tracker.get_slot("booking_centre"), text=tracker.get_slot("booking_day") or ""
        )
        slot = tracker.get_slot("booking_slot")
        label = next((s["label"] for s in answer.get("slots") or () if s["starts_at"] == slot), None)
        if status != 200 or label is None:
            say(dispatcher, "utter_slot_taken")
            return [SlotSet("booking_slot", None)]
        say(dispatcher, "utter_ask_booking_confirm", centre=answer["centre"], day=answer["day"], time=label)
        return []


def reset_booking() -> List[Dict[Text, Any]]:
    return [SlotSet(slot, None) for slot in (*BOOKING_SLOTS, "booking_replaces", "form_turns")]


class Book(Action):
    def name(self) -> Text:
        return "action_book"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if not tracker.get_slot("booking_confirm"):
            say(dispatcher, "utter_booking_not_made")
            return reset_booking()
        desk = Desk(tracker)
        status, answer = await desk.post(
            "/bookings",
            centre=tracker.get_slot("booking_centre"),
            starts_at=tracker.get_slot("booking_slot"),
            vin=tracker.get_slot("vin"),
            replaces=tracker.get_slot("booking_replaces"),
            request_key=desk.request_key(self.name()),
        )
        if status == 201:
            template = "utter_booking_moved" if tracker.get_slot("booking_replaces") else "utter_booking_confirmed"
            say(dispatcher, template, **answer)
            return reset_booking()
        if reason(answer) == "slot_taken":
            # Someone else took it a moment ago: offer what is still free that day.
            say(dispatcher, "utter_slot_taken")
            return [SlotSet("booking_slot", None), SlotSet("booking_confirm", None), FollowupAction("booking_form")]
        say(dispatcher, "utter_desk_problem")
        return reset_booking()


def _cancel_button(booking: Dict[str, Any]) -> Dict[str, str]:
    return choice(f"✕ {booking['reference']}", "cancel_booking", booking_ref=booking["reference"])


async def _upcoming(tracker: Tracker) -> List[Dict[str, Any]]:
    status, answer = await Desk(tracker).post("/bookings/upcoming")
    return answer.get("bookings") or [] if status == 200 else []


async def _which_booking(tracker: Tracker, dispatcher: CollectingDispatcher, intent: str) -> Optional[Dict[str, Any]]:
    """The booking the customer means: the one a button names, else their only one.

    None when there is none, or several: the customer was told, or asked which.
    """
    bookings = await _upcoming(tracker)
    wanted = entity(tracker, "booking_ref")
    if wanted:
        bookings = [b for b in bookings if b["reference"] == wanted]
    if not bookings:
        say(dispatcher, "utter_no_bookings")
        return None
    if len(bookings) > 1:
        buttons = [choice(f"{b['reference']}", intent, booking_ref=b["reference"]) for b in bookings[:MAX_CHOICES]]
        say(
            dispatcher,
            "utter_which_booking",
            buttons=buttons,
            bookings="\n".join(f"{b['reference']}: {b['centre']}, {b['when']}" for b in bookings),
        )
        return None
    return bookings[0]


class CancelBooking(Action):
    """Cancel a booking, only once a button named it: "how do I cancel?" cancels nothing.

    Asked in words, the customer's bookings are shown with a button each; the button
    sends the booking's reference back, and that cancels it.
    """

    def name(self) -> Text:
        return "action_cancel_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if not entity(tracker, "booking_ref"):
            bookings = await _upcoming(tracker)
            if not bookings:
                say(dispatcher, "utter_no_bookings")
            elif len(bookings) == 1:
                [one] = bookings
                say(dispatcher, "utter_confirm_cancel", buttons=[_cancel_button(one)], **one)
            else:
                say(
                    dispatcher,
                    "utter_which_booking",
                    buttons=[_cancel_button(b) for b in bookings[:MAX_CHOICES]],
                    bookings="\n".join(f"{b['reference']}: {b['centre']}, {b['when']}" for b in bookings),
                )
            return reset_booking()
        booking = await _which_booking(tracker, dispatcher, "cancel_booking")
        if booking is not None:
            desk = Desk(tracker)
            status, answer = await desk.post(
                f"/bookings/{booking['reference']}/cancel", request_key=desk.request_key(self.name())
            )
            if status == 200:
                say(dispatcher, "utter_booking_cancelled", **answer)
            else:
                say(dispatcher, "utter_desk_problem")
        return reset_booking()


class RescheduleBooking(Action):
    def name(self) -> Text:
        return "action_reschedule_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        booking = await _which_booking(tracker, dispatcher, "reschedule_booking")
        if booking is None:
            return reset_booking()
        say(dispatcher, "utter_reschedule_which_day", **booking)
        return [
            *reset_booking(),
            SlotSet("centre_city", booking["centre"]),
            SlotSet("booking_centre", booking["centre_code"]),
            SlotSet("booking_replaces", booking["reference"]),
            FollowupAction("booking_form"),
        ]
