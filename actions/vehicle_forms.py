"""The forms about one vehicle: what its warranty covers, a warranty claim, its next service.

Which vehicle: a VIN (from the registry: model, sale date and market known at once; not
in it: the VIN still says the maker and year, and the bot asks the model), or a model
name when the customer has no VIN at hand (enough for a schedule; a coverage check then
also asks when it was bought). A claim always needs the VIN: it identifies the vehicle
to the workshop.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.desk import Desk, entity, hand_off, reason, say
from actions.forms import AfterSalesForm, Reader, make_extractor

Values = Tuple[Dict[Text, Any], Optional[str]]
NEGATIVE = re.compile(r"(^|\s)[-−]\s*\d")
VIN_REASONS = {"vin_length": "utter_vin_length", "vin_characters": "utter_vin_characters"}


def _vin_attempt(text: str) -> Optional[str]:
    """The part of a message that was meant as a VIN: a run of 8 or more letters and digits, with digits."""
    for word in text.replace("-", "").split():
        if len(word) >= 8 and any(ch.isdigit() for ch in word) and word.isalnum():
            return word
    return None


async def read_vin(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    """A VIN: the entity the NLU found, else what in the message looks meant as one."""
    candidate = entity(tracker, "vin") or (_vin_attempt(text) if not quiet else None)
    if not candidate:
        return {}, None
    status, answer = await Desk(tracker).post("/vehicle", vin=candidate)
    if status != 200:
        return {}, VIN_REASONS.get(reason(answer), "utter_vin_length")
    values: Dict[Text, Any] = {"vin": answer["vin"]}
    if answer.get("known"):
        values.update(
            vehicle=answer["model_name"], vehicle_model=answer["model_code"], purchase_date=answer["sale_date"]
        )
    return values, None


async def read_vehicle(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    """A VIN or a model name."""
    if entity(tracker, "vin") or (not quiet and _vin_attempt(text)):
        values, why = await read_vin(text, tracker, dispatcher, quiet)
        if why or values.get("vehicle"):
            return values, why
        if values:
            # A real VIN the registry does not know: its model is asked next (`vehicle_model`).
            if not quiet:
                say(dispatcher, "utter_vin_not_registered", vin=values["vin"])
            return {"vin": values["vin"], "vehicle": f"VIN {values['vin']}"}, None
    return await read_model(text, tracker, dispatcher, quiet)


async def read_model(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    """A model's name, in any script the catalogue knows ("Tiggo 7", "Тигго 7")."""
    status, answer = await Desk(tracker).post("/models/match", bare=True, text=text)
    if status != 200:
        return {}, None if quiet else "utter_unknown_model"
    return {"vehicle": answer["name"], "vehicle_model": answer["code"]}, None


def _vehicle_slots(tracker: Tracker) -> List[Text]:
    """`vehicle`, then its model when a VIN the registry does not know gave none."""
    unknown_vin = tracker.get_slot("vin") and tracker.get_slot("vehicle") and not tracker.get_slot("vehicle_model")
    return ["vehicle", "vehicle_model"] if unknown_vin else ["vehicle"]


async def read_mileage(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    if not quiet and NEGATIVE.search(text):
        return {}, "utter_mileage_out_of_range"  # an odometer never reads below zero
    value = entity(tracker, "mileage")
    if value is None and not quiet:
        digits = "".join(ch for ch in text if ch.isdigit())
        value = digits if digits and len(digits) <= 8 and len(digits) * 2 >= len(text.replace(" ", "")) else None
    if value is None:
        return {}, "utter_mileage_not_understood"
    km = float(value)
    if km < 0 or km > 2_000_000:
        return {}, "utter_mileage_out_of_range"
    return {"mileage": km}, None


async def read_purchase_date(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    if quiet:
        return {}, None
    status, answer = await Desk(tracker).post("/day", text=text, purpose="purchase")
    if status != 200:
        return {}, {"date_in_future": "utter_date_in_future", "date_too_old": "utter_date_too_old"}.get(
            reason(answer), "utter_date_not_understood"
        )
    return {"purchase_date": answer["day_iso"]}, None


async def read_symptom(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, quiet: bool) -> Values:
    if quiet:
        # The opening message is the description when it names a defect we recognise.
        status, answer = await Desk(tracker).post("/symptom", bare=True, text=text)
        return ({"symptom": text}, None) if status == 200 and answer.get("categories") else ({}, None)
    if len(text) < 3 or text.startswith("/"):
        return {}, "utter_symptom_too_short"
    return {"symptom": text}, None


class ValidateCoverageForm(AfterSalesForm):
    def name(self) -> Text:
        return "validate_coverage_form"

    def readers(self) -> Dict[Text, Reader]:
        return {
            "vehicle": read_vehicle,
            "vehicle_model": read_model,
            "purchase_date": read_purchase_date,
            "mileage": read_mileage,
        }

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        # Bought when: the registry knows it for a registered VIN; otherwise the customer says.
        return [*_vehicle_slots(tracker), "purchase_date", "mileage"]

    extract_vehicle = make_extractor("vehicle")
    extract_vehicle_model = make_extractor("vehicle_model")
    extract_purchase_date = make_extractor("purchase_date")
    extract_mileage = make_extractor("mileage")


class ValidateMaintenanceForm(AfterSalesForm):
    def name(self) -> Text:
        return "validate_maintenance_form"

    def readers(self) -> Dict[Text, Reader]:
        return {"vehicle": read_vehicle, "vehicle_model": read_model, "mileage": read_mileage}

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        return [*_vehicle_slots(tracker), "mileage"]

    extract_vehicle = make_extractor("vehicle")
    extract_vehicle_model = make_extractor("vehicle_model")
    extract_mileage = make_extractor("mileage")


class ValidateClaimForm(AfterSalesForm):
    free_text_slots = ("symptom",)

    def name(self) -> Text:
        return "validate_claim_form"

    def readers(self) -> Dict[Text, Reader]:
        return {"vin": read_vin, "mileage": read_mileage, "symptom": read_symptom}

    extract_vin = make_extractor("vin")
    extract_mileage = make_extractor("mileage")
    extract_symptom = make_extractor("symptom")


def _km(tracker: Tracker) -> Optional[int]:
    value = tracker.get_slot("mileage")
    return None if value is None else int(float(value))


class ShowCoverage(Action):
    def name(self) -> Text:
        return "action_show_coverage"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        status, answer = await Desk(tracker).post(
            "/coverage",
            mileage_km=_km(tracker),
            vin=tracker.get_slot("vin"),
            model_code=tracker.get_slot("vehicle_model"),
            purchase_date=tracker.get_slot("purchase_date"),
        )
        if status != 200:
            say(dispatcher, "utter_desk_problem")
        elif answer["anything_covered"]:
            say(dispatcher, "utter_coverage_result", **answer)
        else:
            say(dispatcher, "utter_coverage_expired", **answer)
        return [SlotSet("form_turns", None)]


class ShowMaintenance(Action):
    def name(self) -> Text:
        return "action_show_maintenance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        status, answer = await Desk(tracker).post(
            "/maintenance",
            mileage_km=_km(tracker),
            vin=tracker.get_slot("vin"),
            model_code=tracker.get_slot("vehicle_model"),
        )
        if status != 200:
            say(dispatcher, "utter_desk_problem")
        else:
            say(dispatcher, "utter_maintenance_result", **answer)
        return [SlotSet("form_turns", None)]


class OpenClaim(Action):
    def name(self) -> Text:
        return "action_open_claim"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        desk = Desk(tracker)
        status, answer = await desk.post(
            "/claims",
            vin=tracker.get_slot("vin"),
            mileage_km=_km(tracker),
            symptom=tracker.get_slot("symptom"),
            request_key=desk.request_key(self.name()),
        )
        # The symptom is this claim's; the vehicle and its mileage stay for the next question.
        events: List[Dict[Text, Any]] = [SlotSet("symptom", None), SlotSet("form_turns", None)]
        if status != 201:
            say(dispatcher, "utter_desk_problem")
            return events
        if answer["linked"]:
            say(dispatcher, "utter_claim_already_open", **answer)
        elif answer["handoff_priority"] is not None:
            say(dispatcher, "utter_claim_opened_for_review", **answer)
            hand_off(dispatcher, int(answer["handoff_priority"]), str(answer["handoff_reason"]))
        else:
            say(dispatcher, "utter_claim_opened", **answer)
        return events
