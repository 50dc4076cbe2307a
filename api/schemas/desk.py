"""Requests and answers of the service desk API, which the action server calls (api/routers/desk.py).

Every answer carries values ready for an answer template: dates, distances and names
already in the language the request names.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ConversationRef = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Language = Annotated[str, StringConstraints(min_length=2, max_length=8)]
FreeText = Annotated[str, StringConstraints(max_length=4096)]
Mileage = Annotated[int, Field(ge=0, le=2_000_000, description="kilometres on the odometer")]
RequestKey = Annotated[
    str | None,
    Field(max_length=128, description="the customer's message id and the action: asked again, the first answer"),
]


class DeskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation: ConversationRef = Field(description="the conversation's public id (Rasa's sender id)")
    language: Language = "en"


class VehicleRequest(DeskRequest):
    vin: FreeText


class VehicleAnswer(BaseModel):
    vin: str
    known: bool = Field(description="in the registry")
    model_code: str | None
    model_name: str | None
    sale_date: date | None
    market: str | None
    manufacturer: str | None = Field(description="decoded from the VIN's first three characters")
    model_year: int | None = Field(description="decoded from the VIN's tenth character")


class ModelRequest(BaseModel):
    text: FreeText


class ModelAnswer(BaseModel):
    code: str
    name: str


class CoverageRequest(DeskRequest):
    mileage_km: Mileage
    vin: FreeText | None = None
    model_code: str | None = Field(default=None, max_length=64)
    purchase_date: date | None = None


class CoverageAnswer(BaseModel):
    model: str
    start: str
    mileage: str
    lines: str
    exclusions: str
    anything_covered: bool
    market: str


class MaintenanceRequest(DeskRequest):
    mileage_km: Mileage | None = None
    vin: FreeText | None = None
    model_code: str | None = Field(default=None, max_length=64)


class MaintenanceAnswer(BaseModel):
    model: str
    when: str
    items: str
    interval: str
    soon: bool


class ClaimRequest(DeskRequest):
    vin: FreeText
    mileage_km: Mileage
    symptom: Annotated[str, StringConstraints(min_length=1, max_length=4096)]
    request_key: RequestKey = None


class ClaimAnswer(BaseModel):
    reference: str
    linked: bool = Field(description="the same problem was already claimed: this is the open claim")
    stage: str
    stage_name: str
    photos: int = Field(description="files filed with the claim by this request")
    handoff_priority: int | None = Field(description="set when a technician must judge the claim now")
    handoff_reason: str | None


class ClaimStatusRequest(DeskRequest):
    text: FreeText = ""
    vin: FreeText | None = None


class ClaimView(BaseModel):
    reference: str
    stage: str
    stage_name: str
    history: str
    vin: str


class ClaimStatusAnswer(BaseModel):
    claims: list[ClaimView]


class CentresRequest(DeskRequest):
    text: FreeText | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    model_code: str | None = Field(default=None, max_length=64)


class CentreView(BaseModel):
    code: str
    name: str
    address: str
    phone: str
    hours: str
    distance_km: float | None
    line: str


class CentresAnswer(BaseModel):
    city: str
    centres: list[CentreView]


class SlotsRequest(DeskRequest):
    centre: str = Field(max_length=64)
    text: FreeText = Field(
        default="", description="the customer's words for the day (and time); empty: the first free day"
    )


class SlotView(BaseModel):
    starts_at: str
    label: str


class SlotsAnswer(BaseModel):
    centre: str
    day: str
    day_iso: str
    reason: str | None = Field(description="why the asked day had no slot: past, too_far, closed, full")
    slots: list[SlotView]
    chosen: SlotView | None = Field(description="the slot of the time the customer named, when it is free")


class BookingRequest(DeskRequest):
    centre: str = Field(max_length=64)
    starts_at: datetime
    vin: FreeText | None = None
    replaces: str | None = Field(default=None, max_length=16, description="the booking this one moves")
    request_key: RequestKey = None


class CancelRequest(DeskRequest):
    request_key: RequestKey = None


class BookingAnswer(BaseModel):
    reference: str
    centre: str
    centre_code: str
    address: str
    phone: str
    when: str
    starts_at: str


class BookingsAnswer(BaseModel):
    bookings: list[BookingAnswer]


class RoadsideRequest(DeskRequest):
    vin: FreeText | None = None
    city: str | None = Field(default=None, max_length=64)
    latitude: float | None = Field(default=None, ge=-90, le=90, description="a shared location: its market decides")
    longitude: float | None = Field(default=None, ge=-180, le=180)


class RoadsideAnswer(BaseModel):
    market: str
    emergency: str
    roadside: str
    towing: str


class DayRequest(DeskRequest):
    text: FreeText
    purpose: str = Field(default="booking", pattern="^(booking|purchase)$")


class DayAnswer(BaseModel):
    day_iso: str
    day: str
    time: str | None


class SymptomRequest(BaseModel):
    text: FreeText


class SymptomAnswer(BaseModel):
    categories: list[str]
    safety: bool
    part: str | None
