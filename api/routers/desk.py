"""The service desk API: what the action server asks while the bot runs a form.

Only the action server calls it, with the desk token (SUPPORTBOT_DESK_TOKEN) as a
bearer token; it is part of the gateway rather than a database connection of the
action server's own (README, "Service desk": one owner of the rules and the data, and
the action server's Python 3.10 with SQLAlchemy 1.4 never touches the gateway's tables).
A question the desk cannot answer is a 4xx whose `reason` is a stable code: the action
turns it into an answer in the customer's language.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from api.deps import DeskDep, SettingsDep
from api.schemas.desk import (
    BookingAnswer,
    BookingRequest,
    BookingsAnswer,
    CancelRequest,
    CentresAnswer,
    CentresRequest,
    ClaimAnswer,
    ClaimRequest,
    ClaimStatusAnswer,
    ClaimStatusRequest,
    CoverageAnswer,
    CoverageRequest,
    DayAnswer,
    DayRequest,
    DeskRequest,
    MaintenanceAnswer,
    MaintenanceRequest,
    ModelAnswer,
    ModelRequest,
    RoadsideAnswer,
    RoadsideRequest,
    SlotsAnswer,
    SlotsRequest,
    SymptomAnswer,
    SymptomRequest,
    VehicleAnswer,
    VehicleRequest,
)
from service_desk.desk import DeskError
from service_desk.vins import VinError
from storage.engine import run_in_thread

T = TypeVar("T")
bearer = HTTPBearer(auto_error=False)


class DeskProblem(BaseModel):
    """A question the desk cannot answer: `detail.reason` is a stable code (unknown_city, slot_taken …)."""

    detail: dict[str, Any]


async def require_desk_token(
    settings: SettingsDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    if not settings.desk_token:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, "the desk API is off: SUPPORTBOT_DESK_TOKEN is not set"
        )
    if credentials is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "desk token required", {"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(credentials.credentials.encode(), settings.desk_token.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong desk token")


PROBLEMS: dict[int | str, dict[str, Any]] = {
    404: {"model": DeskProblem, "description": "nothing found (reason says what)"},
    409: {"model": DeskProblem, "description": "a conflict: the slot was taken, the booking is cancelled"},
    422: {"model": DeskProblem, "description": "the customer's value is not usable (reason says why)"},
}
router = APIRouter(
    prefix="/api/desk", tags=["service desk"], dependencies=[Depends(require_desk_token)], responses=PROBLEMS
)


async def answer(step: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a desk step in a database thread; its DeskError becomes the 4xx the action reads."""
    try:
        return await run_in_thread(step, *args, **kwargs)
    except DeskError as error:
        raise HTTPException(error.status, {"reason": error.reason, **error.details}) from error
    except VinError as error:
        raise HTTPException(422, {"reason": error.reason}) from error
    except (ValueError, OverflowError) as error:
        # A value no rule expected (a date beyond the calendar): refused, never a 500.
        raise HTTPException(422, {"reason": "invalid", "message": str(error)[:200]}) from error


@router.post("/vehicle", summary="A VIN: the registry's vehicle, or what the VIN itself says")
async def vehicle(body: VehicleRequest, desk: DeskDep) -> VehicleAnswer:
    info = await answer(desk.vehicle, body.conversation, body.vin)
    return VehicleAnswer.model_validate(info, from_attributes=True)


@router.post("/models/match", summary="The vehicle model a customer's words name")
async def match_model(body: ModelRequest, desk: DeskDep) -> ModelAnswer:
    code, name = await answer(desk.match_model, body.text)
    return ModelAnswer(code=code, name=name)


@router.post("/coverage", summary="What the warranty still covers, until when and how many km")
async def coverage(body: CoverageRequest, desk: DeskDep) -> CoverageAnswer:
    return CoverageAnswer.model_validate(
        await answer(
            desk.coverage,
            body.conversation,
            body.language,
            body.mileage_km,
            vin=body.vin,
            model_code=body.model_code,
            purchase=body.purchase_date,
        )
    )


@router.post("/maintenance", summary="The next scheduled service and what it includes")
async def maintenance(body: MaintenanceRequest, desk: DeskDep) -> MaintenanceAnswer:
    return MaintenanceAnswer.model_validate(
        await answer(
            desk.maintenance,
            body.conversation,
            body.language,
            body.mileage_km,
            vin=body.vin,
            model_code=body.model_code,
        )
    )


@router.post("/claims", status_code=201, summary="Open a warranty claim (or find the open one for the same problem)")
async def open_claim(body: ClaimRequest, desk: DeskDep) -> ClaimAnswer:
    return ClaimAnswer.model_validate(
        await answer(
            desk.open_claim,
            body.conversation,
            body.language,
            body.vin,
            body.mileage_km,
            body.symptom,
            request_key=body.request_key,
        )
    )


@router.post("/claims/status", summary="Claims by the reference in a message, else the customer's own")
async def claim_status(body: ClaimStatusRequest, desk: DeskDep) -> ClaimStatusAnswer:
    views = await answer(desk.claim_status, body.conversation, body.language, body.text, body.vin)
    return ClaimStatusAnswer.model_validate({"claims": views})


@router.post("/centres", summary="Service centres in the city a message names, or nearest first from a location")
async def centres(body: CentresRequest, desk: DeskDep) -> CentresAnswer:
    return CentresAnswer.model_validate(
        await answer(
            desk.centres, body.conversation, body.language, body.text, body.latitude, body.longitude, body.model_code
        )
    )


@router.post("/slots", summary="Free slots of a centre on the day a message names (or the first day with any)")
async def slots(body: SlotsRequest, desk: DeskDep) -> SlotsAnswer:
    return SlotsAnswer.model_validate(
        await answer(desk.slots, body.conversation, body.language, body.centre, body.text)
    )


@router.post("/bookings", status_code=201, summary="Book a slot (409 when it was just taken)")
async def book(body: BookingRequest, desk: DeskDep) -> BookingAnswer:
    return BookingAnswer.model_validate(
        await answer(
            desk.book,
            body.conversation,
            body.language,
            body.centre,
            body.starts_at,
            body.vin,
            body.replaces,
            request_key=body.request_key,
        )
    )


@router.post("/bookings/upcoming", summary="The customer's confirmed bookings still to come")
async def upcoming(body: DeskRequest, desk: DeskDep) -> BookingsAnswer:
    return BookingsAnswer.model_validate({"bookings": await answer(desk.upcoming, body.conversation, body.language)})


@router.post("/bookings/{reference}/cancel", summary="Cancel one of the customer's bookings")
async def cancel(reference: str, body: CancelRequest, desk: DeskDep) -> BookingAnswer:
    return BookingAnswer.model_validate(
        await answer(desk.cancel, body.conversation, body.language, reference[:16], request_key=body.request_key)
    )


@router.post("/roadside", summary="The emergency and roadside numbers of the customer's market")
async def roadside(body: RoadsideRequest, desk: DeskDep) -> RoadsideAnswer:
    return RoadsideAnswer.model_validate(
        await answer(desk.roadside, body.conversation, body.vin, body.city, body.latitude, body.longitude)
    )


@router.post("/day", summary="The day a message names: a booking's (not past) or a purchase's (not future)")
async def day(body: DayRequest, desk: DeskDep) -> DayAnswer:
    return DayAnswer.model_validate(await answer(desk.day, body.conversation, body.language, body.text, body.purpose))


@router.post("/symptom", summary="What kind of defect a description names, and whether it is safety-critical")
async def symptom(body: SymptomRequest, desk: DeskDep) -> SymptomAnswer:
    return SymptomAnswer.model_validate(await answer(desk.symptom, body.text))
