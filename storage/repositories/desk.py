"""What the bot reads and writes during an after-sales conversation: the catalogue by key,
claims and bookings. (Admins' listing and editing of the catalogue: `catalogue`.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import (
    Attachment,
    Booking,
    BookingStatus,
    City,
    Claim,
    ClaimAttachment,
    ClaimEvent,
    ClaimStage,
    Conversation,
    Customer,
    DeskRequest,
    MaintenanceSchedule,
    Message,
    RoadsideContact,
    ServiceCentre,
    ServiceItem,
    User,
    Vehicle,
    VehicleModel,
    WarrantyPolicy,
)

# -- the catalogue -------------------------------------------------------------------


def vehicle(session: Session, vin: str) -> Vehicle | None:
    return session.execute(select(Vehicle).where(Vehicle.vin == vin)).scalar_one_or_none()


def vehicles_of_phone(session: Session, phone_digits: str) -> list[Vehicle]:
    return list(session.execute(select(Vehicle).where(Vehicle.owner_phone == phone_digits)).scalars())


def vehicle_model(session: Session, code: str) -> VehicleModel | None:
    return session.execute(select(VehicleModel).where(VehicleModel.code == code)).scalar_one_or_none()


def vehicle_models(session: Session) -> list[VehicleModel]:
    return list(session.execute(select(VehicleModel).order_by(VehicleModel.make, VehicleModel.name)).scalars())


def warranty_policy(session: Session, model_code: str, market: str) -> WarrantyPolicy | None:
    """The market's own policy for the model, else its "*" default."""
    rows = session.execute(
        select(WarrantyPolicy).where(WarrantyPolicy.model_code == model_code, WarrantyPolicy.market.in_((market, "*")))
    ).scalars()
    by_market = {row.market: row for row in rows}
    return by_market.get(market) or by_market.get("*")


def schedule(session: Session, model_code: str) -> MaintenanceSchedule | None:
    return session.execute(
        select(MaintenanceSchedule).where(MaintenanceSchedule.model_code == model_code)
    ).scalar_one_or_none()


def item_names(session: Session, codes: list[str]) -> dict[str, dict[str, str]]:
    rows = session.execute(select(ServiceItem).where(ServiceItem.code.in_(codes))).scalars()
    return {row.code: dict(row.names) for row in rows}


def cities(session: Session) -> list[City]:
    return list(session.execute(select(City).order_by(City.code)).scalars())


def city(session: Session, code: str) -> City | None:
    return session.execute(select(City).where(City.code == code)).scalar_one_or_none()


def centres(session: Session, *, city_code: str | None = None, market: str | None = None) -> list[ServiceCentre]:
    query = select(ServiceCentre).where(ServiceCentre.active.is_(True)).order_by(ServiceCentre.name)
    if city_code is not None:
        query = query.where(ServiceCentre.city_code == city_code)
    if market is not None:
        query = query.where(ServiceCentre.market == market)
    return list(session.execute(query).scalars())


def centre(session: Session, code: str) -> ServiceCentre | None:
    return session.execute(select(ServiceCentre).where(ServiceCentre.code == code)).scalar_one_or_none()


def roadside(session: Session, market: str) -> RoadsideContact | None:
    return session.execute(select(RoadsideContact).where(RoadsideContact.market == market)).scalar_one_or_none()


# -- conversations -------------------------------------------------------------------


def conversation(session: Session, public_id: str) -> tuple[Conversation, Customer] | None:
    row = session.execute(
        select(Conversation, Customer)
        .join(Customer, Customer.id == Conversation.customer_id)
        .where(Conversation.public_id == public_id)
    ).first()
    return None if row is None else (row[0], row[1])


def recent_images(session: Session, conversation_id: int, since: datetime) -> list[Attachment]:
    """Photos the customer sent in this conversation since `since`, oldest first."""
    return list(
        session.execute(
            select(Attachment)
            .join(Message, Message.id == Attachment.message_id)
            .where(
                Message.conversation_id == conversation_id,
                Message.created_at >= since,
                Attachment.kind == "image",
            )
            .order_by(Attachment.id)
        ).scalars()
    )


# -- claims --------------------------------------------------------------------------


def claim_by_reference(session: Session, reference: str, *, lock: bool = False) -> Claim | None:
    """`lock`: held until the transaction ends, so two technicians' moves of one claim queue up."""
    query = select(Claim).where(Claim.reference == reference)
    if lock:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def open_claims(session: Session, limit: int) -> list[Claim]:
    """Open claims, those a technician must judge first, then oldest first."""
    return list(
        session.execute(
            select(Claim)
            .where(Claim.stage.in_(ClaimStage.OPEN))
            .order_by(Claim.needs_review_reason.is_(None), Claim.id)
            .limit(limit)
        ).scalars()
    )


def actor_names(session: Session, claim_id: int) -> dict[int, str]:
    """Display names of the technicians who moved this claim."""
    rows = session.execute(
        select(User.id, User.display_name)
        .join(ClaimEvent, ClaimEvent.actor_id == User.id)
        .where(ClaimEvent.claim_id == claim_id)
    ).all()
    return {row[0]: row[1] for row in rows}


def conversation_public_id(session: Session, conversation_id: int | None) -> str | None:
    if conversation_id is None:
        return None
    return session.execute(
        select(Conversation.public_id).where(Conversation.id == conversation_id)
    ).scalar_one_or_none()


def attachment_is_on_claim(session: Session, attachment_id: int) -> bool:
    """A file filed with a warranty claim: technicians judge claims, so they may see it."""
    return (
        session.execute(
            select(ClaimAttachment.claim_id).where(ClaimAttachment.attachment_id == attachment_id).limit(1)
        ).first()
        is not None
    )


def open_claims_of_vin(session: Session, vin: str) -> list[Claim]:
    return list(
        session.execute(
            select(Claim).where(Claim.vin == vin, Claim.stage.in_(ClaimStage.OPEN)).order_by(Claim.id)
        ).scalars()
    )


def claims_of_customer(session: Session, customer_id: int, vins: list[str], limit: int = 5) -> list[Claim]:
    """The customer's claims and those of their vehicles, newest first."""
    condition = Claim.customer_id == customer_id
    if vins:
        condition = or_(condition, Claim.vin.in_(vins))
    return list(session.execute(select(Claim).where(condition).order_by(Claim.id.desc()).limit(limit)).scalars())


def claims_of_conversation_customer(session: Session, customer_id: int) -> list[Claim]:
    return list(
        session.execute(select(Claim).where(Claim.customer_id == customer_id).order_by(Claim.id.desc())).scalars()
    )


def claim_events(session: Session, claim_id: int) -> list[ClaimEvent]:
    return list(
        session.execute(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.id)).scalars()
    )


def claim_attachment_ids(session: Session, claim_id: int) -> list[int]:
    return list(
        session.execute(
            select(ClaimAttachment.attachment_id)
            .where(ClaimAttachment.claim_id == claim_id)
            .order_by(ClaimAttachment.attachment_id)
        ).scalars()
    )


def attach_to_claim(session: Session, claim_id: int, attachment_ids: list[int]) -> int:
    """File these attachments with the claim (those already filed are skipped); how many were new."""
    known = set(claim_attachment_ids(session, claim_id))
    new = [attachment_id for attachment_id in attachment_ids if attachment_id not in known]
    session.add_all(ClaimAttachment(claim_id=claim_id, attachment_id=attachment_id) for attachment_id in new)
    return len(new)


def latest_open_claim_of_conversation(session: Session, conversation_id: int, since: datetime) -> Claim | None:
    return session.execute(
        select(Claim)
        .where(
            Claim.conversation_id == conversation_id,
            Claim.stage.in_(ClaimStage.OPEN),
            Claim.created_at >= since,
        )
        .order_by(Claim.id.desc())
        .limit(1)
    ).scalar_one_or_none()


# -- bookings ------------------------------------------------------------------------


def booked_starts(session: Session, centre_id: int, start: datetime, end: datetime) -> list[datetime]:
    """Start times of the confirmed bookings (one per bay) of a centre between `start` and `end`."""
    return list(
        session.execute(
            select(Booking.starts_at).where(
                Booking.centre_id == centre_id,
                Booking.status == BookingStatus.CONFIRMED,
                Booking.starts_at >= start,
                Booking.starts_at < end,
            )
        ).scalars()
    )


def bays_taken(session: Session, centre_id: int, starts_at: datetime) -> set[int]:
    return set(
        session.execute(
            select(Booking.bay).where(
                Booking.centre_id == centre_id,
                Booking.starts_at == starts_at,
                Booking.status == BookingStatus.CONFIRMED,
            )
        ).scalars()
    )


def booking_by_reference(session: Session, reference: str) -> Booking | None:
    return session.execute(select(Booking).where(Booking.reference == reference)).scalar_one_or_none()


def upcoming_bookings(session: Session, customer_id: int, now: datetime) -> list[Booking]:
    return list(
        session.execute(
            select(Booking)
            .where(
                Booking.customer_id == customer_id,
                Booking.status == BookingStatus.CONFIRMED,
                Booking.starts_at >= now - timedelta(hours=1),
            )
            .order_by(Booking.starts_at)
        ).scalars()
    )


def reference_taken(session: Session, model: type[Claim] | type[Booking], reference: str) -> bool:
    return bool(
        session.execute(select(func.count()).select_from(model).where(model.reference == reference)).scalar_one()
    )


# -- writes asked for once -------------------------------------------------------------


def request_result(session: Session, key: str) -> dict[str, Any] | None:
    row = session.get(DeskRequest, key)
    return None if row is None else dict(row.result)


def record_request(session: Session, key: str, result: dict[str, Any], at: datetime) -> None:
    """Record a write's result under its key, in the write's own transaction (a second
    writer of the same key fails on the primary key and rolls its write back)."""
    session.add(DeskRequest(key=key, result=result, created_at=at))
