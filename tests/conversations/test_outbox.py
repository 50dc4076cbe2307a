"""The outbox, on SQLite and PostgreSQL, against fake providers over real HTTP.

What it promises: every stored reply reaches the customer once, in order; network
errors, 5xx and 429 are retried (429's retry_after respected); refusals become dead
letters that admins can re-queue; nothing that may already have been delivered is sent
again; WhatsApp gets a template once the 24-hour window has closed; the per-chat rate
keeps Telegram's flood control quiet.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from api.settings import SUPPORTED_LANGUAGES
from channels.base import ChannelAdapter, InboundMessage
from channels.telegram import TelegramAdapter
from channels.whatsapp import WhatsAppAdapter
from conversations.deliveries import Deliveries
from conversations.intake import InboundStore
from conversations.outbox import Outbox, OutboxStore
from conversations.records import Outgoing
from coordination.ratelimit import ChannelLimiter, Limits
from nlu.language import LanguageDetector
from storage.models import Conversation, Message, MessageStatus, utcnow
from tests.fakes import whatsapp as wa
from tests.fakes.telegram import FakeTelegram

pytestmark = pytest.mark.anyio
T = TypeVar("T")
TELEGRAM_TOKEN = "123456:fake-telegram-token"
# Long enough that a loaded CI machine (two cores, the whole suite running) never times out
# a fake's answer by accident: a timeout is a "may have been sent" dead letter, not a retry.
SEND_TIMEOUT = 3.0


@dataclass
class Rig:
    intake: InboundStore
    deliveries: Deliveries
    sessions: sessionmaker[Session]
    outbox: Outbox

    async def conversation(self, channel: str, customer: str) -> str:
        """A customer who wrote once; returns the conversation's public id."""
        inbound = InboundMessage(channel=channel, sender_id=customer, text="Hello", provider_message_id=customer)
        received = await self.intake.receive(inbound)
        with self.sessions() as session:
            conversation = session.get(Conversation, received.conversation_id)
            assert conversation is not None
            return conversation.public_id

    async def reply(self, public_id: str, text: str) -> Outgoing:
        queued = await self.deliveries.queue_outbound(public_id, text)
        assert queued is not None
        await self.outbox.deliver([queued])
        return queued

    def message(self, message_id: int) -> Message:
        with self.sessions() as session:
            message = session.get(Message, message_id)
            assert message is not None
            return message

    def statuses(self, *ids: int) -> list[str]:
        return [self.message(i).status for i in ids]


async def until(probe: Callable[[], T], done: Callable[[T], bool], timeout: float = 10) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if done(value) or time.monotonic() > deadline:
            return value
        await asyncio.sleep(0.02)


@pytest.fixture
def fake_whatsapp() -> Iterator[wa.FakeWhatsApp]:
    with wa.FakeWhatsApp() as fake:
        yield fake


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram(TELEGRAM_TOKEN, per_chat_limit=1) as fake:
        yield fake


@pytest.fixture
async def rig(
    sessions: sessionmaker[Session], fake_whatsapp: wa.FakeWhatsApp, fake_telegram: FakeTelegram
) -> AsyncIterator[Rig]:
    intake = InboundStore(sessions, LanguageDetector(SUPPORTED_LANGUAGES, "en"))
    deliveries = Deliveries(sessions)
    async with httpx.AsyncClient(timeout=httpx.Timeout(SEND_TIMEOUT)) as client:
        adapters: dict[str, ChannelAdapter] = {
            "whatsapp": WhatsAppAdapter(
                client,
                base_url=fake_whatsapp.url,
                api_version=wa.API_VERSION,
                phone_number_id=wa.PHONE_NUMBER_ID,
                access_token=wa.ACCESS_TOKEN,
                template_name=wa.TEMPLATE_NAME,
                template_languages={"en": "en_US", "ru": "ru"},
            ),
            "telegram": TelegramAdapter(client, base_url=fake_telegram.url, token=TELEGRAM_TOKEN),
        }
        outbox = Outbox(
            deliveries,
            OutboxStore(sessions, {name: adapter.reply_window for name, adapter in adapters.items()}),
            live={},
            adapters=adapters,
            limiters={
                "whatsapp": ChannelLimiter(Limits(rate=80, chat_rate=50, chat_burst=50)),
                # a little under the fake's one-per-second flood control, as network jitter needs
                "telegram": ChannelLimiter(Limits(rate=30, chat_rate=0.9, chat_burst=1)),
            },
            max_attempts=4,
            retry_cap=0.05,  # quick retries: the tests measure behaviour, not patience
            send_timeout=SEND_TIMEOUT,
            sweep_interval=0.05,
            breaker_open_for=0.2,
            breaker_max_open=0.4,
        )
        await outbox.start()
        yield Rig(intake, deliveries, sessions, outbox)
        await outbox.stop()


def texts(sent: list[dict[str, Any]]) -> list[str]:
    return [m["text"]["body"] if m["type"] == "text" else m["type"] for m in sent]


async def test_a_reply_is_sent_once_and_keeps_the_providers_id(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    queued = await rig.reply(conversation, "Your car is ready.")
    message_id = queued.message.message_id

    await until(lambda: rig.statuses(message_id), lambda s: s == ["sent"])
    await asyncio.sleep(0.3)  # a second send, if there were one, would show by now

    assert texts(fake_whatsapp.sent) == ["Your car is ready."]
    assert fake_whatsapp.sent[0]["to"] == wa.CUSTOMER_WA_ID
    message = rig.message(message_id)
    assert message.status == "sent" and message.attempts == 1
    assert message.provider_message_id == fake_whatsapp.sent[0]["wamid"]


async def test_provider_5xx_is_retried_until_one_delivery(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    fake_whatsapp.fail_next(2, 503)
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    queued = await rig.reply(conversation, "Your car is ready.")

    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["sent"])
    await asyncio.sleep(0.3)

    assert len(fake_whatsapp.attempts) == 3
    assert texts(fake_whatsapp.sent) == ["Your car is ready."]
    assert rig.message(queued.message.message_id).attempts == 3


async def test_429_retry_after_is_waited_for(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    fake_whatsapp.fail_next(1, 429, retry_after=1)
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    started = time.monotonic()
    queued = await rig.reply(conversation, "Your car is ready.")

    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["sent"])

    assert time.monotonic() - started >= 1.0
    assert len(fake_whatsapp.attempts) == 2 and len(fake_whatsapp.sent) == 1


async def test_a_waiting_message_holds_back_the_ones_behind_it(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    fake_whatsapp.fail_next(1, 500)
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    first = await rig.reply(conversation, "First")
    second = await rig.reply(conversation, "Second")

    ids = (first.message.message_id, second.message.message_id)
    await until(lambda: rig.statuses(*ids), lambda s: s == ["sent", "sent"])

    assert texts(fake_whatsapp.sent) == ["First", "Second"]


async def test_a_refusal_is_a_dead_letter_and_the_queue_goes_on(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    fake_whatsapp.fail_next(1, 400, error_code=100)
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    refused = await rig.reply(conversation, "First")
    second = await rig.reply(conversation, "Second")

    ids = (refused.message.message_id, second.message.message_id)
    assert await until(lambda: rig.statuses(*ids), lambda s: s == ["failed", "sent"]) == ["failed", "sent"]

    [dead] = await rig.outbox.dead_letters()
    assert dead.message_id == refused.message.message_id and dead.conversation_public_id == conversation
    assert dead.attempts == 1 and dead.error is not None and "100" in dead.error

    assert await rig.outbox.requeue(refused.message.message_id)
    await until(lambda: rig.statuses(refused.message.message_id), lambda s: s == ["sent"])
    assert texts(fake_whatsapp.sent) == ["Second", "First"]
    assert await rig.outbox.dead_letters() == []
    assert not await rig.outbox.requeue(second.message.message_id)  # not a dead letter


async def test_too_many_failures_make_a_dead_letter(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    fake_whatsapp.fail_next(10, 500)
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    queued = await rig.reply(conversation, "Hello?")

    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["failed"])

    assert len(fake_whatsapp.attempts) == 4  # max_attempts
    assert rig.message(queued.message.message_id).attempts == 4


async def test_an_answer_lost_after_the_request_left_is_never_resent(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    fake_whatsapp.delay = SEND_TIMEOUT + 0.5  # past the client's timeout: Meta got it, we never hear back
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    queued = await rig.reply(conversation, "Your car is ready.")

    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["failed"])
    fake_whatsapp.delay = 0
    await asyncio.sleep(0.5)

    assert len(fake_whatsapp.attempts) == 1
    assert "may have been sent" in (rig.message(queued.message.message_id).error or "")


async def test_a_send_cut_off_by_a_crash_is_not_repeated(
    rig: Rig, fake_whatsapp: wa.FakeWhatsApp, sessions: sessionmaker[Session]
) -> None:
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    queued = await rig.deliveries.queue_outbound(conversation, "Sent just before the crash")
    assert queued is not None
    with sessions.begin() as session:  # what a process that died mid-request leaves behind
        session.execute(
            update(Message)
            .where(Message.id == queued.message.message_id)
            .values(status=MessageStatus.SENDING, attempts=1, next_attempt_at=utcnow() - timedelta(seconds=1))
        )

    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["failed"])

    assert fake_whatsapp.attempts == []
    assert "interrupted while sending" in (rig.message(queued.message.message_id).error or "")


async def test_outside_the_24_hour_window_a_template_carries_the_reply(
    rig: Rig, fake_whatsapp: wa.FakeWhatsApp, sessions: sessionmaker[Session]
) -> None:
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    with sessions.begin() as session:
        session.execute(
            update(Conversation)
            .where(Conversation.public_id == conversation)
            .values(last_inbound_at=utcnow() - timedelta(hours=24, minutes=1))
        )
    fake_whatsapp.window_closed_for.add(wa.CUSTOMER_WA_ID)  # Meta refuses free text now

    queued = await rig.reply(conversation, "Your car is ready.\n\nPick it up any time before 18:00.")
    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["sent"])

    [sent] = fake_whatsapp.sent
    assert sent["type"] == "template"
    assert sent["template"]["name"] == wa.TEMPLATE_NAME and sent["template"]["language"]["code"] == "en_US"
    [body] = sent["template"]["components"]
    assert body["parameters"] == [{"type": "text", "text": "Your car is ready. Pick it up any time before 18:00."}]


async def test_inside_the_window_free_text_is_used(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    queued = await rig.reply(conversation, "Your car is ready.")
    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["sent"])
    assert fake_whatsapp.sent[0]["type"] == "text"


async def test_the_per_chat_rate_keeps_telegram_flood_control_quiet(rig: Rig, fake_telegram: FakeTelegram) -> None:
    # The fake answers 429 to a second message within one second to the same chat.
    conversation = await rig.conversation("telegram", "5550001")
    queued = [await rig.reply(conversation, f"Part {n}") for n in range(1, 4)]
    other = await rig.conversation("telegram", "5550002")
    elsewhere = await rig.reply(other, "Another chat is not slowed down")

    ids = [q.message.message_id for q in queued]
    started = time.monotonic()
    await until(lambda: rig.statuses(elsewhere.message.message_id), lambda s: s == ["sent"])
    assert time.monotonic() - started < 0.9  # the busy chat's next send waits over a second
    await until(lambda: rig.statuses(*ids), lambda s: s == ["sent"] * 3)

    to_first = [m["text"] for m in fake_telegram.sent if str(m["chat_id"]) == "5550001"]
    assert to_first == ["Part 1", "Part 2", "Part 3"]
    assert all(m.attempts == 1 for m in map(rig.message, ids))  # never refused: no 429 was needed


async def test_statuses_from_the_provider_move_forward_only(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    from channels.base import StatusUpdate

    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    queued = await rig.reply(conversation, "Your car is ready.")
    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["sent"])
    wamid = fake_whatsapp.sent[0]["wamid"]

    def news(status: str) -> StatusUpdate:
        return StatusUpdate("whatsapp", wamid, status)

    assert await rig.deliveries.apply_statuses([news("read"), news("delivered"), news("sent")]) == 3
    assert rig.statuses(queued.message.message_id) == ["read"]
    assert await rig.deliveries.apply_statuses([StatusUpdate("whatsapp", "wamid.unknown", "read")]) == 0
    with rig.sessions() as session:
        assert session.execute(select(Message.status).where(Message.provider_message_id == wamid)).scalar() == "read"


async def test_a_window_the_provider_says_is_closed_gets_the_template(rig: Rig, fake_whatsapp: wa.FakeWhatsApp) -> None:
    # Our clock says the window is open (the customer's last message seemed recent), Meta disagrees.
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    fake_whatsapp.window_closed_for.add(wa.CUSTOMER_WA_ID)
    queued = await rig.reply(conversation, "Your car is ready.")

    await until(lambda: rig.statuses(queued.message.message_id), lambda s: s == ["sent"])

    assert [m["type"] for m in fake_whatsapp.attempts] == ["text", "template"]
    assert [m["type"] for m in fake_whatsapp.sent] == ["template"]


async def test_a_message_no_provider_could_take_fails_and_the_queue_goes_on(
    rig: Rig, fake_whatsapp: wa.FakeWhatsApp
) -> None:
    conversation = await rig.conversation("whatsapp", wa.CUSTOMER_WA_ID)
    blank = await rig.reply(conversation, "   ")
    after = await rig.reply(conversation, "Second")

    ids = (blank.message.message_id, after.message.message_id)
    assert await until(lambda: rig.statuses(*ids), lambda s: s == ["failed", "sent"]) == ["failed", "sent"]
    assert texts(fake_whatsapp.sent) == ["Second"]


async def test_a_provider_down_for_seconds_gets_probes_not_a_storm_and_each_reply_goes_once_after(
    rig: Rig, fake_whatsapp: wa.FakeWhatsApp
) -> None:
    fake_whatsapp.fail_next(10_000, 500)  # down until recover()
    conversations = [await rig.conversation("whatsapp", f"99450000{i:04d}") for i in range(6)]
    queued = [await rig.reply(c, f"Your car is ready ({i})") for i, c in enumerate(conversations)]
    await asyncio.sleep(2.0)
    tried_while_down = len(fake_whatsapp.attempts)
    fake_whatsapp.recover()
    await until(lambda: len(fake_whatsapp.sent), lambda n: n >= 6, timeout=15)
    await asyncio.sleep(0.3)  # a duplicate would show now

    # Without the breaker, six replies retried every 50 ms for two seconds: ~200 requests.
    # With it: five failures open it, then one probe per 0.2-0.4 s.
    assert tried_while_down <= 20, tried_while_down
    ids = [q.message.message_id for q in queued]
    assert rig.statuses(*ids) == ["sent"] * 6  # no dead letter: probes do not use up the tries
    assert sorted(m["text"]["body"] for m in fake_whatsapp.sent) == sorted(f"Your car is ready ({i})" for i in range(6))
