"""Warranty claims: open one from what the bot collected, find a customer's, move one through its stages.

A claim the rules can settle is registered and the customer gets its reference at once;
a technician sees it in the console and moves it on. A claim that needs a person's
judgement now (a safety-critical defect, a vehicle we cannot find, a part out of
warranty) also hands the conversation to a technician, with the claim attached.

A second report of the same problem on the same vehicle while a claim is open is not a
new claim: it is noted on the open one (and its photos filed there), and the customer
is given that claim's reference. When the open claim is another customer's (a vehicle
changes hands, a family shares it), the report becomes a claim of its own linked to it:
no customer ever learns another's claim. Only photos are filed with a claim (a document
or a voice note sent around it stays in the conversation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from conversations.answers import AnswerCatalogue
from conversations.notices import queue_notice
from conversations.records import Outgoing, outgoing
from service_desk.bookings import new_reference
from service_desk.coverage import Coverage, covering_part
from service_desk.symptoms import Symptom, classify, same_problem
from storage.models import Claim, ClaimEvent, ClaimStage, Conversation, Priority, SenderKind, Vehicle
from storage.repositories import desk, messages

# Photos sent this long before the claim was opened are filed with it.
PHOTOS_BEFORE = timedelta(hours=2)
# Photos sent this long after it are filed with it too.
PHOTOS_AFTER = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class OpenedClaim:
    claim: Claim
    linked: bool  # the problem was already claimed: this is the open claim
    photos: int  # files filed with it by this call
    handoff: tuple[int, str] | None  # (priority, reason) when a technician must judge it now


def review_reason(symptom: Symptom, vehicle: Vehicle | None, result: Coverage | None) -> tuple[int, str] | None:
    """Why a technician must look at this claim now, with the queue priority; None when the rules settle it."""
    if symptom.safety:
        return Priority.URGENT, "safety-critical defect: " + ", ".join(symptom.categories or ("unclassified",))
    if vehicle is None:
        return Priority.HIGH, "VIN not in the registry: check the vehicle and its warranty"
    if result is not None:
        part = covering_part(symptom.part, result)
        if part is None or not part.covered:
            return Priority.HIGH, "out of warranty: goodwill decision needed"
    return None


def open_claim(
    session: Session,
    *,
    conversation: Conversation,
    vin: str,
    vehicle: Vehicle | None,
    mileage_km: int,
    symptom_text: str,
    language: str,
    result: Coverage | None,
    now: datetime,
) -> OpenedClaim:
    symptom = classify(symptom_text)
    reason = review_reason(symptom, vehicle, result)
    linked_to = None
    for existing in desk.open_claims_of_vin(session, vin):
        if not same_problem(symptom, classify(existing.symptom)):
            continue
        if existing.customer_id != conversation.customer_id:
            # Someone else's open claim on this vehicle: this customer gets a claim of their
            # own, linked to it, and never learns the other's reference or history.
            linked_to = existing
            break
        session.add(
            ClaimEvent(
                claim_id=existing.id,
                stage=existing.stage,
                note=f"reported again: {symptom_text}"[:2000],
                actor_kind=SenderKind.BOT,
                at=now,
            )
        )
        existing.updated_at = now
        photos = _file_photos(session, existing, conversation.id, now)
        # A repeat that is now safety-critical ("the noise is worse, the brakes fail") is
        # not lost in the open claim: a technician gets it at once.
        urgent = reason if symptom.safety else None
        if urgent is not None and not existing.needs_review_reason:
            existing.needs_review_reason = urgent[1][:256]
        return OpenedClaim(existing, True, photos, urgent)
    claim = Claim(
        reference=_unique_reference(session),
        customer_id=conversation.customer_id,
        conversation_id=conversation.id,
        vin=vin,
        model_code=vehicle.model_code if vehicle is not None else None,
        mileage_km=mileage_km,
        symptom=symptom_text[:4096],
        symptom_key=symptom.key[:64],
        language=language,
        stage=ClaimStage.SUBMITTED,
        needs_review_reason=None if reason is None else reason[1][:256],
        linked_to_id=None if linked_to is None else linked_to.id,
        created_at=now,
        updated_at=now,
    )
    session.add(claim)
    session.flush()
    session.add(ClaimEvent(claim_id=claim.id, stage=ClaimStage.SUBMITTED, actor_kind=SenderKind.BOT, at=now))
    photos = _file_photos(session, claim, conversation.id, now)
    return OpenedClaim(claim, False, photos, reason)


def _file_photos(session: Session, claim: Claim, conversation_id: int, now: datetime) -> int:
    attachments = desk.recent_images(session, conversation_id, now - PHOTOS_BEFORE)
    return desk.attach_to_claim(session, claim.id, [attachment.id for attachment in attachments])


def file_new_photos(session: Session, conversation_id: int, now: datetime) -> str | None:
    """File the conversation's recent photos with its claim opened in the last day; that claim's reference."""
    claim = desk.latest_open_claim_of_conversation(session, conversation_id, now - PHOTOS_AFTER)
    if claim is None:
        return None
    attachments = desk.recent_images(session, conversation_id, claim.created_at - PHOTOS_BEFORE)
    if not attachments:
        return None
    desk.attach_to_claim(session, claim.id, [attachment.id for attachment in attachments])
    return claim.reference


def _unique_reference(session: Session) -> str:
    while True:
        reference = new_reference("WC")
        if not desk.reference_taken(session, Claim, reference):
            return reference


# Which stages a claim may move to from each stage (technicians in the console).
NEXT_STAGES: dict[str, tuple[str, ...]] = {
    ClaimStage.SUBMITTED: (ClaimStage.IN_REVIEW, ClaimStage.APPROVED, ClaimStage.REJECTED),
    ClaimStage.IN_REVIEW: (ClaimStage.APPROVED, ClaimStage.REJECTED),
    ClaimStage.APPROVED: (ClaimStage.IN_REPAIR, ClaimStage.COMPLETED),
    ClaimStage.IN_REPAIR: (ClaimStage.COMPLETED,),
    ClaimStage.REJECTED: (ClaimStage.IN_REVIEW,),
    ClaimStage.COMPLETED: (),
}


class StageError(ValueError):
    pass


def move_stage(
    session: Session,
    catalogue: AnswerCatalogue,
    *,
    claim: Claim,
    stage: str,
    note: str | None,
    agent_id: int,
    now: datetime,
    format_date: Any,
) -> list[Outgoing]:
    """Move the claim on (StageError if that stage does not follow), record who and why, tell the customer.

    The customer is told in the conversation the claim came from, in its language, even
    when that conversation is closed: the message goes through the outbox like any other.
    """
    if stage not in NEXT_STAGES.get(claim.stage, ()):
        raise StageError(f"a claim {claim.stage.replace('_', ' ')} cannot move to {stage.replace('_', ' ')}")
    claim.stage = stage
    claim.updated_at = now
    session.add(
        ClaimEvent(claim_id=claim.id, stage=stage, note=note, actor_kind=SenderKind.AGENT, actor_id=agent_id, at=now)
    )
    if claim.conversation_id is None:
        return []
    conversation = session.get(Conversation, claim.conversation_id)
    if conversation is None:
        return []
    language = conversation.language or claim.language or catalogue.default_language
    notice = queue_notice(
        session,
        catalogue,
        conversation_id=conversation.id,
        channel=conversation.channel,
        language=language,
        template=f"utter_claim_stage_{stage}",
        at=now,
        params={"reference": claim.reference, "note": note or "", "date": format_date(now.date(), language)},
    )
    if notice is None:
        return []
    session.flush()
    return [outgoing(notice, messages.recipient(session, conversation.customer_id))]


def stage_dates(session: Session, claim: Claim) -> list[tuple[str, date]]:
    """Each stage the claim went through and the day it got there, first to last."""
    dates: list[tuple[str, date]] = []
    for event in desk.claim_events(session, claim.id):
        if not dates or dates[-1][0] != event.stage:
            dates.append((event.stage, event.at.date()))
    return dates
