"""What the console reads: the queue, my conversations, one conversation with the bot's
context, colleagues (for transfers), canned responses and the customers' files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.responses import FileResponse

from api.deps import AgentDep, ConsoleDep, MediaDep, PresenceDep
from api.schemas.common import FILE, RowId, refusals
from api.schemas.console import AGENT, AgentList, CannedList, ConversationDetail, ConversationId, ConversationList
from staff.actions import ConsoleError

router = APIRouter(prefix="/api/console", tags=["agent console"])


@contextmanager
def console_errors() -> Iterator[None]:
    """What the console service refuses becomes the HTTP answer it names (404, 409)."""
    try:
        yield
    except ConsoleError as error:
        raise HTTPException(error.status, error.reason) from error


@router.get(
    "/queue", summary="Conversations waiting for an agent: my languages, priority, waiting time", responses=AGENT
)
async def queue(account: AgentDep, console: ConsoleDep) -> ConversationList:
    return ConversationList(conversations=await console.queue(account))


@router.get("/conversations/mine", summary="Conversations I hold", responses=AGENT)
async def mine(account: AgentDep, console: ConsoleDep) -> ConversationList:
    return ConversationList(conversations=await console.mine(account))


@router.get(
    "/conversations/{conversation_id}",
    summary="A conversation: transcript and the bot's context",
    responses=AGENT | refusals({404: "no such conversation"}),
)
async def conversation(conversation_id: ConversationId, account: AgentDep, console: ConsoleDep) -> ConversationDetail:
    with console_errors():
        return await console.detail(conversation_id, account)


@router.get("/agents", summary="Agents and admins, for transfers", responses=AGENT)
async def agents(account: AgentDep, console: ConsoleDep, presence: PresenceDep) -> AgentList:
    online = await presence.online()
    return AgentList(agents=await console.agents(online))


@router.get("/canned", summary="Canned responses, in one language or all", responses=AGENT)
async def canned(
    account: AgentDep, console: ConsoleDep, language: Annotated[str | None, Query(max_length=8)] = None
) -> CannedList:
    return CannedList(responses=await console.canned(language))


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    summary="A customer's photo or file",
    responses=FILE | AGENT | refusals({404: "no such file, not fetched yet, or of a conversation never handed off"}),
)
async def attachment(attachment_id: RowId, account: AgentDep, console: ConsoleDep, media: MediaDep) -> FileResponse:
    if not await console.may_see_attachment(attachment_id, account):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"attachment {attachment_id} is not stored")
    stored = await media.stored_file(attachment_id)
    if stored is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"attachment {attachment_id} is not stored")
    # An image may show inline (the console's <img>); anything else downloads. nosniff keeps
    # a browser from running a file that claims to be an image.
    inline = stored.mime_type in ("image/jpeg", "image/png", "image/webp", "image/gif")
    return FileResponse(
        stored.path,
        media_type=stored.mime_type,
        filename=stored.filename or stored.path.name,
        content_disposition_type="inline" if inline else "attachment",
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'"},
    )
