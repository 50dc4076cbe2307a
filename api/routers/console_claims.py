"""Warranty claims in the console: a conversation's claims, the open ones, moving one on.

A technician moves a claim through its stages (submitted, in review, approved or
rejected, in repair, completed); the customer is told of each step in their language
through the outbox.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import AgentDep, ClaimsDep, OutboxDep, StaffTextDep
from api.routers.console_conversations import console_errors
from api.schemas.claims import ClaimList, ClaimReference, ClaimView, StageMove
from api.schemas.common import refusals
from api.schemas.console import AGENT, AGENT_WRITES, ConversationId

router = APIRouter(prefix="/api/console", tags=["agent console"])


@router.get(
    "/conversations/{conversation_id}/claims",
    summary="The claims of the conversation's customer",
    responses=AGENT | refusals({404: "no such conversation"}),
)
async def conversation_claims(conversation_id: ConversationId, account: AgentDep, claims: ClaimsDep) -> ClaimList:
    with console_errors():
        cards = await claims.of_conversation(conversation_id)
    return ClaimList.model_validate({"claims": [asdict(card) for card in cards]})


@router.get("/claims", summary="Open warranty claims, those needing judgement first", responses=AGENT)
async def open_claims(account: AgentDep, claims: ClaimsDep) -> ClaimList:
    return ClaimList.model_validate({"claims": [asdict(card) for card in await claims.open_claims()]})


@router.post(
    "/claims/{reference}/stage",
    summary="Move a claim to its next stage; the customer is told",
    responses=AGENT_WRITES
    | refusals({404: "no such claim", 409: "that stage does not follow the claim's current one"}),
)
async def move_claim(
    reference: Annotated[ClaimReference, Path()],
    body: StageMove,
    account: AgentDep,
    claims: ClaimsDep,
    cleaned: StaffTextDep,
    outbox: OutboxDep,
) -> ClaimView:
    note = cleaned(body.note) if body.note and body.note.strip() else None
    with console_errors():
        card, outgoing = await claims.move(reference, body.stage, note, account)
    await outbox.deliver(outgoing)
    return ClaimView.model_validate(asdict(card))
