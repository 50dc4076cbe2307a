"""Questions answered by looking something up: a claim's status, the service centres of a
city, roadside help; and how a form is left or traded for another question."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import BOOKING_SLOTS, read_city
from actions.desk import Desk, entity, reason, say
from actions.forms import AfterSalesForm, Reader, intent_of, make_extractor

Values = Tuple[Dict[Text, Any], Optional[str]]
FORM_SLOTS = ("vehicle", "purchase_date", "symptom", "claim_query", *BOOKING_SLOTS, "booking_replaces", "form_turns")
# Which form or action answers an after-sales question asked in the middle of another form.
NEXT_FOR_INTENT = {
    "warranty_coverage": "coverage_form",
    "warranty_claim": "claim_form",
    "maintenance_schedule": "maintenance_form",
    "claim_status": "claim_status_form",
    "service_center": "centre_form",
    "book_service": "booking_form",
    "cancel_booking": "action_cancel_booking",
    "reschedule_booking": "action_reschedule_booking",
}


async def read_claim_query(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    """A claim reference or a VIN in the message; on the opening message, the customer's own claims too."""
    status, answer = await Desk(tracker).post(
        "/claims/status",
        text=text if not text.startswith("/") else "",
        vin=entity(tracker, "vin") or tracker.get_slot("vin"),
    )
    if status == 200 and answer["claims"]:
        return {"claim_query": ",".join(c["reference"] for c in answer["claims"])}, None
    if quiet:
        return {}, None
    if reason(answer) == "unknown_claim":
        say(dispatcher, "utter_unknown_claim", reference=(answer.get("detail") or {}).get("reference", ""))
        return {}, None
    return {}, "utter_no_claims_found"


class ValidateClaimStatusForm(AfterSalesForm):
    def name(self) -> Text:
        return "validate_claim_status_form"

    def readers(self) -> Dict[Text, Reader]:
        return {"claim_query": read_claim_query}

    extract_claim_query = make_extractor("claim_query")


class ShowClaimStatus(Action):
    def name(self) -> Text:
        return "action_show_claim_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        references = [r for r in (tracker.get_slot("claim_query") or "").split(",") if r]
        desk = Desk(tracker)
        for reference in references[:3]:
            status, answer = await desk.post("/claims/status", text=reference)
            for claim in answer.get("claims") or () if status == 200 else ():
                say(dispatcher, "utter_claim_status_result", **claim)
        return [SlotSet("claim_query", None), SlotSet("form_turns", None)]


class ValidateCentreForm(AfterSalesForm):
    def name(self) -> Text:
        return "validate_centre_form"

    def readers(self) -> Dict[Text, Reader]:
        return {"centre_city": read_city}

    extract_centre_city = make_extractor("centre_city")


class ShowCentres(Action):
    def name(self) -> Text:
        return "action_show_centres"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        city = tracker.get_slot("centre_city")
        desk = Desk(tracker)
        if city == "nearby":
            status, answer = await desk.post(
                "/centres", latitude=tracker.get_slot("latitude"), longitude=tracker.get_slot("longitude")
            )
        else:
            status, answer = await desk.post("/centres", text=city or "")
        if status != 200 or not answer["centres"]:
            say(dispatcher, "utter_no_centres")
        else:
            template = "utter_centres_nearby" if city == "nearby" else "utter_centres_in_city"
            say(dispatcher, template, city=answer["city"], centres="\n\n".join(c["line"] for c in answer["centres"]))
        # The city stays: "book a service" next starts with its centres.
        return [SlotSet("form_turns", None)]


class Roadside(Action):
    """Roadside help: the customer's market's numbers first, then a technician at once.

    The market is the vehicle's (registry), else the phone number's, else the city named
    (service_desk/desk_places.py). The hand-off itself is the gateway's: `roadside_assistance`
    hands off with the highest priority (SUPPORTBOT_HANDOFF_INTENTS).
    """

    def name(self) -> Text:
        return "action_roadside"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        status, answer = await Desk(tracker).post(
            "/roadside",
            vin=tracker.get_slot("vin"),
            latitude=tracker.get_slot("latitude"),
            longitude=tracker.get_slot("longitude"),
        )
        if status == 200:
            say(dispatcher, "utter_roadside_numbers", **answer)
        else:
            say(dispatcher, "utter_roadside_assistance")
        return [SlotSet("form_turns", None)]


class LeaveForm(Action):
    """Stop, a person, a complaint, an emergency in the middle of a form: the form ends, its values are dropped."""

    def name(self) -> Text:
        return "action_leave_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        intent, _ = intent_of(tracker)
        # An emergency is answered next by action_roadside (bot/data/forms.yml): nothing to say here.
        if intent != "roadside_assistance":
            answer = {"human_agent": "utter_human_agent", "complaint": "utter_complaint"}.get(intent or "")
            say(dispatcher, answer or "utter_form_stopped")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *[SlotSet(slot, None) for slot in FORM_SLOTS]]


class SwitchForm(Action):
    """Another after-sales question in the middle of a form: that question is answered instead.

    The vehicle (VIN, mileage) stays: it is the same car.
    """

    def name(self) -> Text:
        return "action_switch_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        intent, _ = intent_of(tracker)
        events: List[Dict[Text, Any]] = [ActiveLoop(None), SlotSet("requested_slot", None)]
        events += [SlotSet(slot, None) for slot in FORM_SLOTS]
        following = NEXT_FOR_INTENT.get(intent or "")
        if following:
            events.append(FollowupAction(following))
        return events
