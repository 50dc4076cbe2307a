"""What a technician does with a conversation: claim, transfer, hand back, close, reply, note.

Each route asks the console service (one transaction, which checks the state it starts
from) and then tells the others: the outbox sends what the customer must read, the bot
drops a form left half-filled before the hand-off, and the live feed updates every
other console.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from api.deps import AgentDep, BotDep, ConsoleDep, FeedDep, OutboxDep, StaffTextDep
from api.routers.console_conversations import console_errors
from api.schemas.common import BAD_TEXT, refusals
from api.schemas.console import AGENT_WRITES, ConversationId, ConversationSummary, MessageView, Text, Transfer
from nlu.rasa_client import BotUnavailable
from staff.actions import ActionResult
from staff.console import ConsoleService

router = APIRouter(prefix="/api/console", tags=["agent console"])

NO_CONVERSATION = {404: "no such conversation"}
NOT_NOW = {409: "the conversation is not in a state that allows this, or another agent holds it"}


class OnConversation:
    """The logged-in agent at work on the conversation in the path. After an action's
    transaction: the customer's notice goes out, the bot forgets a half-filled form
    (hand-back), the other consoles hear of the change. A route only says what it does."""

    def __init__(
        self,
        conversation_id: ConversationId,
        account: AgentDep,
        console: ConsoleDep,
        cleaned: StaffTextDep,
        outbox: OutboxDep,
        bot: BotDep,
        feed: FeedDep,
    ) -> None:
        self._conversation_id = conversation_id
        self._account = account
        self._console = console
        self._cleaned = cleaned
        self._outbox = outbox
        self._bot = bot
        self._feed = feed

    async def act(self, action: Callable[..., Awaitable[ActionResult]], *args: Any) -> ConversationSummary:
        """`action(console, conversation id, account, *args)`, e.g. `ConsoleService.claim`."""
        with console_errors():
            result = await action(self._console, self._conversation_id, self._account, *args)
        await self._outbox.deliver(result.outgoing)
        if result.handed_back_sender is not None:
            # The bot resumes from a clean state: no form left half-filled from before the hand-off.
            with contextlib.suppress(BotUnavailable):
                await self._bot.append_events(result.handed_back_sender, [{"event": "active_loop", "name": None}])
        await self._feed.conversation_changed(result.conversation_id)
        return result.summary

    async def write(self, body: Text, *, internal: bool) -> MessageView:
        """A reply (through the customer's channel) or an internal note, cleaned like a customer's text;
        sent unless it is a note, and shown on every console."""
        text = self._cleaned(body.text)
        with console_errors():
            row_id, view, queued = await self._console.reply(
                self._conversation_id, self._account, text, internal=internal
            )
        if queued is not None:
            await self._outbox.deliver([queued])
        await self._feed.message_added(row_id, view.id)
        return view


OnConversationDep = Annotated[OnConversation, Depends()]


@router.post(
    "/conversations/{conversation_id}/claim",
    summary="Take a waiting conversation",
    responses=AGENT_WRITES | refusals({**NO_CONVERSATION, 409: "already taken by another agent, or not waiting"}),
)
async def claim(on: OnConversationDep) -> ConversationSummary:
    return await on.act(ConsoleService.claim)


@router.post(
    "/conversations/{conversation_id}/transfer",
    summary="Hand a conversation to another agent, or back to the queue",
    responses=AGENT_WRITES | refusals({404: "no such conversation or active agent", **NOT_NOW}),
)
async def transfer(body: Transfer, on: OnConversationDep) -> ConversationSummary:
    return await on.act(ConsoleService.transfer, body.agent_id)


@router.post(
    "/conversations/{conversation_id}/handback",
    summary="Give the conversation back to the bot",
    responses=AGENT_WRITES | refusals({**NO_CONVERSATION, **NOT_NOW}),
)
async def handback(on: OnConversationDep) -> ConversationSummary:
    return await on.act(ConsoleService.handback)


@router.post(
    "/conversations/{conversation_id}/close",
    summary="Close; the customer is asked for a rating",
    responses=AGENT_WRITES | refusals({**NO_CONVERSATION, **NOT_NOW}),
)
async def close(on: OnConversationDep) -> ConversationSummary:
    return await on.act(ConsoleService.close)


@router.post(
    "/conversations/{conversation_id}/messages",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Reply to the customer through their channel",
    responses=AGENT_WRITES | refusals({**NO_CONVERSATION, 409: "you do not hold this conversation", **BAD_TEXT}),
)
async def reply(body: Text, on: OnConversationDep) -> MessageView:
    return await on.write(body, internal=False)


@router.post(
    "/conversations/{conversation_id}/notes",
    status_code=status.HTTP_201_CREATED,
    summary="An internal note: agents see it, the customer never does",
    responses=AGENT_WRITES | refusals({**NO_CONVERSATION, 409: "not waiting for or held by an agent", **BAD_TEXT}),
)
async def note(body: Text, on: OnConversationDep) -> MessageView:
    return await on.write(body, internal=True)
