"""Warranty claims as technicians see them in the console: the claims of a conversation's
customer (or all open ones), with their history and photos, and moving a claim on.

Moving a claim is one transaction: its new stage, who moved it and why, and the message
that tells the customer (in their language, through the outbox, sent once committed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from conversations.answers import AnswerCatalogue
from conversations.records import Outgoing
from service_desk import labels
from service_desk.claims import NEXT_STAGES, StageError, move_stage
from staff.accounts import Account
from staff.actions import ConsoleError, find
from storage.engine import run_in_thread
from storage.models import Claim, utcnow
from storage.repositories import desk

OPEN_CLAIMS_LIMIT = 100


@dataclass(frozen=True, slots=True)
class ClaimStep:
    stage: str
    note: str | None
    actor: str  # bot, or the technician's display name
    at: datetime


@dataclass(frozen=True, slots=True)
class ClaimCard:
    reference: str
    vin: str
    model_code: str | None
    mileage_km: int
    symptom: str
    stage: str
    needs_review_reason: str | None
    conversation_id: str | None
    created_at: datetime
    history: list[ClaimStep]
    attachment_ids: list[int]
    next_stages: list[str]


def _card(session: Session, claim: Claim) -> ClaimCard:
    names = desk.actor_names(session, claim.id)
    history = [
        ClaimStep(event.stage, event.note, names.get(event.actor_id or 0, event.actor_kind), event.at)
        for event in desk.claim_events(session, claim.id)
    ]
    return ClaimCard(
        reference=claim.reference,
        vin=claim.vin,
        model_code=claim.model_code,
        mileage_km=claim.mileage_km,
        symptom=claim.symptom,
        stage=claim.stage,
        needs_review_reason=claim.needs_review_reason,
        conversation_id=desk.conversation_public_id(session, claim.conversation_id),
        created_at=claim.created_at,
        history=history,
        attachment_ids=desk.claim_attachment_ids(session, claim.id),
        next_stages=list(NEXT_STAGES.get(claim.stage, ())),
    )


class ClaimsConsole:
    def __init__(self, sessions: sessionmaker[Session], catalogue: AnswerCatalogue) -> None:
        self._sessions = sessions
        self._catalogue = catalogue

    async def of_conversation(self, public_id: str) -> list[ClaimCard]:
        """The claims of the conversation's customer, newest first."""

        def read() -> list[ClaimCard]:
            with self._sessions() as session:
                conversation = find(session, public_id)
                rows = desk.claims_of_conversation_customer(session, conversation.customer_id)
                return [_card(session, claim) for claim in rows]

        return await run_in_thread(read)

    async def open_claims(self) -> list[ClaimCard]:
        def read() -> list[ClaimCard]:
            with self._sessions() as session:
                return [_card(session, claim) for claim in desk.open_claims(session, OPEN_CLAIMS_LIMIT)]

        return await run_in_thread(read)

    async def move(
        self, reference: str, stage: str, note: str | None, account: Account
    ) -> tuple[ClaimCard, list[Outgoing]]:
        """Move the claim to `stage` (409 when that stage does not follow its current one) and tell the customer."""

        def step() -> tuple[ClaimCard, list[Outgoing]]:
            now = utcnow()
            with self._sessions.begin() as session:
                claim = desk.claim_by_reference(session, reference, lock=True)
                if claim is None:
                    raise ConsoleError(404, f"no claim {reference}")
                try:
                    outgoing = move_stage(
                        session,
                        self._catalogue,
                        claim=claim,
                        stage=stage,
                        note=note,
                        agent_id=account.id,
                        now=now,
                        format_date=labels.format_date,
                    )
                except StageError as error:
                    raise ConsoleError(409, str(error)) from error
                session.flush()
                return _card(session, claim), outgoing

        return await run_in_thread(step)
