"""What every form does with a message that is not the value it asked for.

Rasa runs the form's validation action on every message while the form is active.
For the slot asked, `AfterSalesForm.extract_requested` tries the slot's own reader; when
the message is no such value it decides, from the intent:

- the customer leaves (stop, a person, a complaint, an emergency, another after-sales
  question): nothing is extracted, Rasa rejects the form, and a rule of
  bot/data/forms.yml takes over;
- an FAQ in the middle of the form: the FAQ's answer is sent, and the form asks again;
- anything else: the reader's reason is sent (not a VIN, a date in the past …) and the
  form asks again.

In the last two cases the action sets `form_turns`, so Rasa sees a slot set and does not
reject the form: the customer is never stuck, and never silently thrown out.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.desk import say

# A form's own answer to these intents is a rule (leave, roadside, another form).
LEAVE_INTENTS = {
    "stop",
    "deny",
    "human_agent",
    "complaint",
    "roadside_assistance",
    "warranty_coverage",
    "warranty_claim",
    "maintenance_schedule",
    "claim_status",
    "service_center",
    "book_service",
    "cancel_booking",
    "reschedule_booking",
}
# The question each form answers: asking it again inside that form is no leaving ("the AC
# stopped cooling, I need a warranty repair" while the claim form asks for the defect).
OWN_INTENT = {
    "coverage_form": "warranty_coverage",
    "claim_form": "warranty_claim",
    "maintenance_form": "maintenance_schedule",
    "claim_status_form": "claim_status",
    "centre_form": "service_center",
    "booking_form": "book_service",
}
# Answered in the middle of a form, which then asks again.
FAQ_INTENTS = {"spare_parts", "ev_battery_charging", "dashboard_warning", "greet", "thank", "out_of_scope"}
# How sure the NLU must be before a message that is no value counts as leaving or as an FAQ.
SURE = 0.6
# Refusals of something that was clearly meant as the value ("9999999 km", a VIN one
# character short, a date in the past): the customer is answering, not leaving, whatever
# the intent classifier makes of the message.
MEANT_AS_VALUE = {
    "utter_vin_length",
    "utter_vin_characters",
    "utter_mileage_out_of_range",
    "utter_date_in_past",
    "utter_date_in_future",
    "utter_date_too_old",
}

# reader(text, tracker, dispatcher, quiet) -> ({slot: value, …}, None) or ({}, the template saying why not).
# `quiet`: the message started the form; a reader then sends nothing and guesses nothing.
Reader = Callable[[Text, Tracker, CollectingDispatcher, bool], Awaitable["tuple[Dict[Text, Any], Optional[str]]"]]


def intent_of(tracker: Tracker) -> "tuple[Optional[str], float]":
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def text_of(tracker: Tracker) -> str:
    return str((tracker.latest_message or {}).get("text") or "").strip()


class AfterSalesForm(FormValidationAction, ABC):
    """A form's validation action: readers per slot plus the shared handling of everything else.

    Abstract, so that rasa-sdk (which registers every Action subclass it finds) skips it.
    """

    # Slots where a plain yes or no is the answer, so "no" does not mean leaving.
    yes_no_slots: "tuple[str, ...]" = ()

    @abstractmethod
    def readers(self) -> Dict[Text, Reader]:
        """slot -> its reader; a slot without one is filled by Rasa's own mappings only."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        """Reject the form when the customer leaves it, whatever else the message filled.

        "Let me talk to a person, the car has 45000 km" fills `mileage` through its global
        mapping, and Rasa rejects a form only when nothing was filled: the rejection is
        said explicitly here, so the rules of bot/data/forms.yml take over.
        """
        if await self._leaving(dispatcher, tracker):
            return [ActionExecutionRejected(self.form_name())]
        return await super().run(dispatcher, tracker, domain)

    async def _leaving(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
        slot = tracker.get_slot("requested_slot")
        intent, confidence = intent_of(tracker)
        if not slot or intent not in LEAVE_INTENTS or confidence < SURE:
            return False
        if intent == OWN_INTENT.get(self.form_name()):
            return False
        if intent == "deny" and slot in self.yes_no_slots:
            return False
        if slot in self.free_text_slots:
            return True
        reader = self.readers().get(slot)
        if reader is None:
            return True
        values, why = await reader(text_of(tracker), tracker, CollectingDispatcher(), False)
        return not values and why not in MEANT_AS_VALUE

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        """rasa-sdk's, plus the slots a reader set besides the form's own.

        rasa-sdk keeps only the form's required slots; a reader also fills related ones
        (a VIN's model and sale date, `form_turns`), which must reach the tracker too.
        """
        events = await super().get_validation_events(dispatcher, tracker, domain)
        returned = {event.get("name") for event in events}
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        for name, value in tracker.slots_to_validate().items():
            if name not in returned and name not in required and name != "requested_slot":
                events.append(SlotSet(name, value))
        return events

    # Slots that take any words (a symptom): there, leaving is read before the value.
    free_text_slots: "tuple[str, ...]" = ()

    async def extract_requested(
        self, slot: Text, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Dict[Text, Any]:
        reader = self.readers().get(slot)
        if reader is None:
            return {}
        text = text_of(tracker)
        requested = tracker.get_slot("requested_slot")
        if requested is None:
            # The message that started the form: take whatever it already says, quietly
            # ("when is my next service, Tiggo 7, 28000 km" needs no question at all).
            if tracker.get_slot(slot) is not None or not text:
                return {}
            values, _ = await reader(text, tracker, dispatcher, True)
            return values
        if requested != slot:
            return {}
        intent, confidence = intent_of(tracker)
        leaving = (
            intent in LEAVE_INTENTS
            and confidence >= SURE
            and intent != OWN_INTENT.get(self.form_name())
            and not (intent == "deny" and slot in self.yes_no_slots)
        )
        if leaving and slot in self.free_text_slots:
            return {}
        values, why = await reader(text, tracker, dispatcher, False)
        if values:
            return values
        if leaving and why not in MEANT_AS_VALUE:
            return {}
        # An answer the form could not read says why, even when it also reads as chatter ("a flying carpet").
        if intent in FAQ_INTENTS and confidence >= SURE and not (intent == "out_of_scope" and why):
            # An FAQ is answered; a greeting, a thank-you or chatter only hear the question again.
            if intent not in ("greet", "thank", "out_of_scope"):
                say(dispatcher, f"utter_{intent}")
        elif why:
            say(dispatcher, why)
        return {"form_turns": float(tracker.get_slot("form_turns") or 0) + 1}


def make_extractor(slot: str) -> Callable[..., Awaitable[Dict[Text, Any]]]:
    """An `extract_<slot>` method for rasa-sdk, which finds custom extractions by name."""

    async def extract(
        self: AfterSalesForm, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return await self.extract_requested(slot, dispatcher, tracker)

    extract.__name__ = f"extract_{slot}"
    return extract
