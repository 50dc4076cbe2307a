"""The unsure inbox for admins: `/api/admin/unsure` lists the customer messages the bot was
unsure about (training/unsure.py says which and why); each one is added to the training data
under the intent the admin picks, or dismissed. Both are audited (unsure.add, unsure.dismiss).

Adding writes the example to nlu_data/ at once; the bot answers it after the next training.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, status

from api.deps import AdminActorDep, UnsureDep, require_admin
from api.schemas.admin import ADMIN
from api.schemas.admin_review import AddToTraining, Reason, ReviewView, UnsureItem, UnsureList
from api.schemas.common import RowId, refusals
from training.unsure import AlreadyReviewed, NoSuchMessage, UnsureError

router = APIRouter(prefix="/api/admin/unsure", tags=["admin: unsure inbox"], dependencies=[Depends(require_admin)])
REVIEW_REFUSALS = ADMIN | refusals({404: "no customer message with this id", 409: "the message was already reviewed"})


def _refusal(error: UnsureError) -> HTTPException:
    if isinstance(error, NoSuchMessage):
        return HTTPException(status.HTTP_404_NOT_FOUND, str(error))
    if isinstance(error, AlreadyReviewed):
        return HTTPException(status.HTTP_409_CONFLICT, str(error))
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error))  # Refused


@router.get("", summary="Customer messages the bot was unsure about, newest first", responses=ADMIN)
async def unsure_messages(
    inbox: UnsureDep,
    reason: Annotated[Reason | None, Query(description="only messages there for this reason")] = None,
    language: Annotated[str | None, Query(max_length=8)] = None,
    before_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="the last message_id of a page")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> UnsureList:
    page = await inbox.page(reason=reason, language=language or None, before_id=before_id, limit=limit)
    return UnsureList(items=[UnsureItem.model_validate(item) for item in page.items], total=page.total)


@router.post(
    "/{message_id}/add",
    summary="Add the message to the training data under an intent (and take it out of the inbox)",
    responses=REVIEW_REFUSALS
    | refusals({422: "unknown intent or language, or an example the training data refuses (the reason says which)"}),
)
async def add_to_training(message_id: RowId, body: AddToTraining, actor: AdminActorDep, inbox: UnsureDep) -> ReviewView:
    try:
        review = await inbox.add(message_id, actor, intent=body.intent, language=body.language, text=body.text)
    except UnsureError as error:
        raise _refusal(error) from error
    return ReviewView.model_validate(review)


@router.post(
    "/{message_id}/dismiss", summary="Take the message out of the inbox without teaching it", responses=REVIEW_REFUSALS
)
async def dismiss(message_id: RowId, actor: AdminActorDep, inbox: UnsureDep) -> ReviewView:
    try:
        review = await inbox.dismiss(message_id, actor)
    except UnsureError as error:
        raise _refusal(error) from error
    return ReviewView.model_validate(review)
