"""The inbox, the one way in: a message seen for the first time sets its processing going; a
re-send does not; one bad message of a delivery does not keep the others out.

The dispatcher and the media fetcher are represented by what the inbox uses of them
(`kick`); the store is the real one on SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses

import pytest

from channels.base import MediaRef
from conversations.inbox import Inbox
from coordination.serial import NORMAL, URGENT
from tests.conversations.support import Fixture, inbound

pytestmark = pytest.mark.anyio


class Kicks:
    """Counts the kicks the inbox gives: what the dispatcher and media fetcher would be told."""

    def __init__(self) -> None:
        self.conversations: list[int] = []
        self.priorities: list[int] = []
        self.media = 0

    def kick(self, conversation_id: int | None = None, priority: int = NORMAL) -> None:
        if conversation_id is None:
            self.media += 1
        else:
            self.conversations.append(conversation_id)
            self.priorities.append(priority)


def make_inbox(db: Fixture, kicks: Kicks) -> Inbox:
    return Inbox(db.intake, kicks, kicks)  # type: ignore[arg-type]


async def test_a_new_message_is_stored_and_its_conversation_kicked_once(db: Fixture) -> None:
    kicks = Kicks()
    box = make_inbox(db, kicks)

    first = await box.receive(inbound("My engine light is on", provider_id="wamid.A"))
    again = await box.receive(inbound("My engine light is on", provider_id="wamid.A"))

    assert not first.duplicate and again.duplicate
    assert kicks.conversations == [first.conversation_id]
    assert kicks.media == 0


async def test_a_message_with_a_photo_also_wakes_the_media_fetcher(db: Fixture) -> None:
    kicks = Kicks()
    photo = inbound("", provider_id="wamid.P", kind="image", attachments=(MediaRef("image", "media-1"),))

    received = await make_inbox(db, kicks).receive(photo)

    assert received.has_attachments
    assert kicks.media == 1


async def test_one_message_that_cannot_be_stored_does_not_keep_the_others_of_a_delivery_out(db: Fixture) -> None:
    kicks = Kicks()
    good = inbound("hello", sender="a", provider_id="1")
    # An adapter's bug: an attachment that is no MediaRef cannot be stored.
    unstorable = dataclasses.replace(inbound("hello", sender="b", provider_id="2"), attachments=("not-a-ref",))
    resent = inbound("hello", sender="a", provider_id="1")

    receipt = await make_inbox(db, kicks).receive_all([good, unstorable, resent])

    assert (receipt.stored, receipt.duplicates, receipt.failed) == (1, 1, 1)
    assert len(kicks.conversations) == 1


async def test_a_new_customers_first_message_is_urgent_and_the_next_one_is_not(db: Fixture) -> None:
    kicks = Kicks()
    box = make_inbox(db, kicks)

    await box.receive(inbound("Salam", provider_id="1"))
    await box.receive(inbound("Zəmanət nə qədərdir?", provider_id="2"))

    assert kicks.priorities == [URGENT, NORMAL]
