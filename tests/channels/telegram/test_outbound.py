"""The Telegram adapter, as a spec: splitting, then sending, media and polling against
FakeTelegram over real HTTP, so the adapter meets the Bot API's answers and failures
exactly as it would in production.
"""

from __future__ import annotations

import json
import socket
import time
import traceback
from collections.abc import AsyncIterator, Iterator

import anyio
import httpx
import pytest

from channels.base import Button, DeliveryError, MediaRef, MessageKind, OutboundMessage
from channels.telegram.inbound import ALLOWED_UPDATES
from channels.telegram.outbound import TelegramAdapter, split_text, utf16_length
from tests.fakes.telegram import FakeTelegram, text_update

TOKEN = "123456:AAHfake-Token_for_tests"
WEBHOOK_URL = "https://support.example.com/telegram/webhook"


# -- splitting long replies --------------------------------------------------------------


def test_short_text_is_one_part() -> None:
    assert split_text("Hello") == ["Hello"]


def test_long_text_splits_at_paragraphs_then_lines_then_spaces() -> None:
    paragraphs = "\n\n".join(["a" * 30, "b" * 30, "c" * 30])
    assert split_text(paragraphs, limit=70) == ["a" * 30 + "\n\n" + "b" * 30, "c" * 30]

    lines = "\n".join(["a" * 30, "b" * 30, "c" * 30])
    assert split_text(lines, limit=70) == ["a" * 30 + "\n" + "b" * 30, "c" * 30]

    words = " ".join(["word"] * 20)
    parts = split_text(words, limit=22)
    assert all(len(part) <= 22 for part in parts)
    assert " ".join(parts) == words


def test_a_word_longer_than_a_message_is_cut() -> None:
    assert split_text("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_parts_are_measured_as_telegram_counts_emoji_twice() -> None:
    text = "🚗" * 3000  # 3000 characters, 6000 UTF-16 code units

    parts = split_text(text)

    assert [utf16_length(part) for part in parts] == [4096, 1904]
    assert "".join(parts) == text


# -- sending, against the fake Bot API ---------------------------------------------------


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram(TOKEN) as fake:
        yield fake


@pytest.fixture
async def adapter(telegram: FakeTelegram, anyio_backend: str) -> AsyncIterator[TelegramAdapter]:
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield TelegramAdapter(client, base_url=telegram.url, token=TOKEN)


def outbound(text: str = "Hello! How can I help?", *buttons: Button, recipient: str = "42") -> OutboundMessage:
    return OutboundMessage(message_id=1, recipient_id=recipient, text=text, buttons=buttons)


WARRANTY = Button("Warranty", "/warranty_coverage")
BOOKING = Button("Book a service", "/book_service")


@pytest.mark.anyio
async def test_text_is_sent_literally_to_the_chat(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    provider_id = await adapter.send(outbound("<b>not bold</b> *nor this*"))

    assert provider_id == "1"
    assert telegram.sent == [
        {"chat_id": "42", "text": "<b>not bold</b> *nor this*", "reply_markup": None, "message_id": 1}
    ]
    method, params = telegram.requests[-1]
    assert method == "sendMessage" and "parse_mode" not in params


@pytest.mark.anyio
async def test_buttons_become_an_inline_keyboard_one_per_row(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    await adapter.send(outbound("What do you need?", WARRANTY, BOOKING))

    assert telegram.sent[0]["reply_markup"] == {
        "inline_keyboard": [
            [{"text": "Warranty", "callback_data": "/warranty_coverage"}],
            [{"text": "Book a service", "callback_data": "/book_service"}],
        ]
    }


@pytest.mark.anyio
async def test_a_long_text_is_sent_in_parts_with_the_buttons_on_the_last(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    paragraphs = [f"Step {n}: " + " ".join(["check the fuse box and the battery terminals."] * 40) for n in range(1, 6)]
    text = "\n\n".join(paragraphs)  # about 9 400 characters

    provider_id = await adapter.send(outbound(text, WARRANTY))

    parts = telegram.sent
    assert len(parts) == 3
    assert all(utf16_length(part["text"]) <= 4096 for part in parts)
    assert [part["reply_markup"] is not None for part in parts] == [False, False, True]
    assert provider_id == str(parts[-1]["message_id"]) == "3"
    assert "\n\n".join(part["text"] for part in parts) == text  # nothing lost, split between paragraphs


@pytest.mark.anyio
async def test_a_payload_over_64_bytes_is_refused_before_anything_is_sent(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    payload = "/" + "ş" * 40  # 81 bytes in UTF-8

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound("Choose", WARRANTY, Button("Long", payload)))

    assert not caught.value.retryable
    assert payload in caught.value.reason and "64 bytes" in caught.value.reason
    assert telegram.sent == []


@pytest.mark.anyio
async def test_a_server_error_is_retryable(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    telegram.fail_next(1, 500)

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound())

    assert caught.value.retryable and not caught.value.maybe_delivered
    assert caught.value.status_code == 500
    assert await adapter.send(outbound()) == "1"  # the next attempt goes through


@pytest.mark.anyio
async def test_too_many_requests_says_when_to_retry(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    telegram.fail_next(1, 429, retry_after=7)

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound())

    assert caught.value.retryable
    assert caught.value.retry_after == 7
    assert caught.value.status_code == 429


@pytest.mark.anyio
async def test_a_blocked_bot_is_final_with_telegrams_reason(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    telegram.blocked_chats.add("42")

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound())

    assert not caught.value.retryable
    assert caught.value.reason == "Forbidden: bot was blocked by the user"
    assert caught.value.status_code == 403


@pytest.mark.anyio
async def test_an_unknown_chat_is_final(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    telegram.unknown_chats.add("404")

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound(recipient="404"))

    assert (caught.value.retryable, caught.value.reason) == (False, "Bad Request: chat not found")


@pytest.mark.anyio
async def test_a_group_that_became_a_supergroup_names_the_new_chat(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    telegram.migrated_chats["-4001"] = -1004001

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound(recipient="-4001"))

    assert not caught.value.retryable
    assert "migrate_to_chat_id" in caught.value.reason and "-1004001" in caught.value.reason


@pytest.mark.anyio
async def test_flood_control_answers_429_per_chat(telegram: FakeTelegram, adapter: TelegramAdapter) -> None:
    telegram.per_chat_limit = 1
    await adapter.send(outbound(recipient="42"))
    await adapter.send(outbound(recipient="43"))  # another chat has its own budget

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound(recipient="42"))

    assert (caught.value.retryable, caught.value.retry_after) == (True, 1)


@pytest.mark.anyio
async def test_a_later_part_failing_is_not_retried_so_earlier_parts_are_not_repeated(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    telegram.per_chat_limit = 1

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound("word " * 1000))  # two parts

    assert caught.value.reason.startswith("part 2 of 2 failed after 1 were delivered")
    assert caught.value.maybe_delivered and not caught.value.retryable
    assert len(telegram.sent) == 1


@pytest.mark.anyio
async def test_a_lost_answer_may_mean_delivered_so_it_is_not_retried(
    telegram: FakeTelegram, anyio_backend: str
) -> None:
    telegram.delay = 1.0
    async with httpx.AsyncClient(timeout=0.2) as client:
        adapter = TelegramAdapter(client, base_url=telegram.url, token=TOKEN)
        with pytest.raises(DeliveryError) as caught:
            await adapter.send(outbound())

    assert caught.value.maybe_delivered and not caught.value.retryable
    assert len(await telegram.wait_for_sent_async(1)) == 1  # and indeed Telegram delivered it


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.mark.anyio
async def test_an_unreachable_telegram_is_retryable(anyio_backend: str) -> None:
    async with httpx.AsyncClient(timeout=2.0) as client:
        adapter = TelegramAdapter(client, base_url=closed_port_url(), token=TOKEN)
        with pytest.raises(DeliveryError) as caught:
            await adapter.send(outbound())

    assert caught.value.retryable and not caught.value.maybe_delivered


@pytest.mark.anyio
async def test_a_wrong_token_is_final(telegram: FakeTelegram, anyio_backend: str) -> None:
    async with httpx.AsyncClient(timeout=2.0) as client:
        adapter = TelegramAdapter(client, base_url=telegram.url, token="123456:wrong")
        with pytest.raises(DeliveryError) as caught:
            await adapter.get_me()

    assert (caught.value.retryable, caught.value.reason, caught.value.status_code) == (False, "Unauthorized", 401)


@pytest.mark.anyio
async def test_the_token_never_appears_in_an_error(telegram: FakeTelegram, anyio_backend: str) -> None:
    errors: list[DeliveryError] = []

    async def collect(adapter: TelegramAdapter) -> None:
        with pytest.raises(DeliveryError) as caught:
            await adapter.send(outbound())
        errors.append(caught.value)

    async with httpx.AsyncClient(timeout=0.2) as client:
        await collect(TelegramAdapter(client, base_url=closed_port_url(), token=TOKEN))
        await collect(TelegramAdapter(client, base_url="ftp://127.0.0.1", token=TOKEN))
        adapter = TelegramAdapter(client, base_url=telegram.url, token=TOKEN)
        for fault in (500, 429, 400):
            telegram.fail_next(1, fault)
            await collect(adapter)
        telegram.delay = 1.0
        await collect(adapter)

    assert len(errors) == 6
    secret = TOKEN.split(":")[1]
    for error in errors:
        logged = "".join(traceback.format_exception(error))  # what logger.exception would write
        assert secret not in error.reason and secret not in logged, logged


@pytest.mark.anyio
async def test_an_http_error_quoting_the_url_is_scrubbed(anyio_backend: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot connect to {request.url}", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
        adapter = TelegramAdapter(client, base_url="https://api.telegram.org", token=TOKEN)
        with pytest.raises(DeliveryError) as caught:
            await adapter.send(outbound())

    assert "https://api.telegram.org/bot<token>/sendMessage" in caught.value.reason
    assert TOKEN not in "".join(traceback.format_exception(caught.value))


# -- media -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_document_is_fetched_with_its_type_and_name(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    telegram.add_file("doc-7", b"%PDF-1.7 invoice", "documents/file_3.pdf")
    ref = MediaRef(MessageKind.DOCUMENT, "doc-7", mime_type="application/pdf", filename="service-invoice.pdf")

    media = await adapter.fetch_media(ref)

    assert (media.content, media.mime_type, media.filename) == (
        b"%PDF-1.7 invoice",
        "application/pdf",
        "service-invoice.pdf",
    )


@pytest.mark.anyio
async def test_a_photo_gets_its_type_and_name_from_telegrams_file_path(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    telegram.add_file("photo-1", b"\xff\xd8\xff jpeg", "photos/file_12.jpg")

    media = await adapter.fetch_media(MediaRef(MessageKind.IMAGE, "photo-1"))

    assert (media.mime_type, media.filename) == ("image/jpeg", "file_12.jpg")


@pytest.mark.anyio
async def test_a_file_over_the_limit_is_refused(telegram: FakeTelegram, anyio_backend: str) -> None:
    telegram.add_file("video-1", b"v" * 100, "videos/file_1.mp4")
    telegram.add_file("liar-1", b"v" * 100, "videos/file_2.mp4", size=5)  # getFile under-reports
    async with httpx.AsyncClient(timeout=5.0) as client:
        adapter = TelegramAdapter(client, base_url=telegram.url, token=TOKEN, max_media_bytes=50)

        for ref in (
            MediaRef(MessageKind.VIDEO, "video-1", size=100),  # refused before asking Telegram
            MediaRef(MessageKind.VIDEO, "video-1"),  # refused on getFile's file_size
            MediaRef(MessageKind.VIDEO, "liar-1"),  # refused while downloading
        ):
            with pytest.raises(DeliveryError, match="more than the 50 bytes allowed") as caught:
                await adapter.fetch_media(ref)
            assert not caught.value.retryable

    assert [method for method, _ in telegram.requests] == ["getFile", "getFile"]


@pytest.mark.anyio
async def test_telegram_refuses_files_over_20_mb(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    telegram.add_file("huge", b"tiny stand-in", "videos/file_9.mp4", size=25 * 1024 * 1024)

    with pytest.raises(DeliveryError) as caught:
        await adapter.fetch_media(MediaRef(MessageKind.VIDEO, "huge"))

    assert not caught.value.retryable


@pytest.mark.anyio
async def test_an_unknown_file_is_final(adapter: TelegramAdapter) -> None:
    with pytest.raises(DeliveryError) as caught:
        await adapter.fetch_media(MediaRef(MessageKind.IMAGE, "no-such-file"))

    assert (caught.value.retryable, caught.value.reason) == (False, "Bad Request: invalid file_id")


# -- callbacks, polling, webhooks --------------------------------------------------------


@pytest.mark.anyio
async def test_a_callback_query_is_answered_once(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    await adapter.answer_callback_query("cbq-777")
    await adapter.answer_callback_query("cbq-778", "Booked")

    assert telegram.callback_answers == [
        {"callback_query_id": "cbq-777", "text": None, "show_alert": False},
        {"callback_query_id": "cbq-778", "text": "Booked", "show_alert": False},
    ]
    with pytest.raises(DeliveryError, match="query is too old") as caught:
        await adapter.answer_callback_query("cbq-777")
    assert not caught.value.retryable


@pytest.mark.anyio
async def test_get_updates_returns_unconfirmed_updates_until_an_offset_confirms_them(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    for update_id in (1, 2, 3):
        telegram.push_update(text_update(update_id, 42, f"message {update_id}"))

    first = await adapter.get_updates(None, 0, ALLOWED_UPDATES)
    again = await adapter.get_updates(None, 0, ALLOWED_UPDATES)  # nothing confirmed yet
    after_one = await adapter.get_updates(2, 0, ALLOWED_UPDATES)  # confirms update 1
    after_all = await adapter.get_updates(4, 0, ALLOWED_UPDATES)

    assert [u["update_id"] for u in first] == [u["update_id"] for u in again] == [1, 2, 3]
    assert [u["update_id"] for u in after_one] == [2, 3]
    assert after_all == [] and telegram.pending_updates == []
    assert telegram.allowed_updates == ALLOWED_UPDATES


@pytest.mark.anyio
async def test_update_kinds_not_asked_for_are_not_delivered(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    telegram.push_update({"update_id": 1, "channel_post": {"message_id": 1, "chat": {"id": -100}, "text": "x"}})
    telegram.push_update(text_update(2, 42, "hi"))

    updates = await adapter.get_updates(None, 0, ALLOWED_UPDATES)

    assert [u["update_id"] for u in updates] == [2]


@pytest.mark.anyio
async def test_a_long_poll_returns_as_soon_as_an_update_arrives(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    async def customer_writes() -> None:
        await anyio.sleep(0.3)
        telegram.push_update(text_update(5, 42, "are you there?"))

    started = time.monotonic()
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(customer_writes)
        updates = await adapter.get_updates(None, 10, ALLOWED_UPDATES)

    assert [u["update_id"] for u in updates] == [5]
    assert time.monotonic() - started < 5


@pytest.mark.anyio
async def test_a_long_poll_outlasts_the_clients_own_timeout(telegram: FakeTelegram, anyio_backend: str) -> None:
    async with httpx.AsyncClient(timeout=0.3) as client:
        adapter = TelegramAdapter(client, base_url=telegram.url, token=TOKEN)
        started = time.monotonic()

        assert await adapter.get_updates(None, 1, ALLOWED_UPDATES) == []
        assert time.monotonic() - started >= 0.9  # Telegram held the request for the whole timeout


@pytest.mark.anyio
async def test_a_second_poller_ends_the_first(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    outcome: list[DeliveryError] = []

    async def first_poller() -> None:
        try:
            await adapter.get_updates(None, 5, ALLOWED_UPDATES)
        except DeliveryError as error:
            outcome.append(error)

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(first_poller)
        await anyio.sleep(0.3)
        await adapter.get_updates(None, 0, ALLOWED_UPDATES)

    assert outcome and outcome[0].status_code == 409
    assert "terminated by other getUpdates request" in outcome[0].reason


@pytest.mark.anyio
async def test_polling_is_refused_while_a_webhook_is_set(adapter: TelegramAdapter, telegram: FakeTelegram) -> None:
    await adapter.set_webhook(WEBHOOK_URL, "s3cret-Token_1", ALLOWED_UPDATES)

    with pytest.raises(DeliveryError) as caught:
        await adapter.get_updates(None, 0, ALLOWED_UPDATES)

    assert not caught.value.retryable
    assert caught.value.status_code == 409
    assert "webhook is active" in caught.value.reason

    await adapter.delete_webhook()
    assert await adapter.get_updates(None, 0, ALLOWED_UPDATES) == []


@pytest.mark.anyio
async def test_set_webhook_registers_url_secret_and_update_kinds(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    telegram.push_update(text_update(1, 42, "sent while we were away"))

    await adapter.set_webhook(WEBHOOK_URL, "s3cret-Token_1", ALLOWED_UPDATES, drop_pending_updates=True)

    assert telegram.webhook == {
        "url": WEBHOOK_URL,
        "secret_token": "s3cret-Token_1",
        "allowed_updates": ALLOWED_UPDATES,
    }
    assert telegram.pending_updates == []
    await adapter.delete_webhook()
    assert telegram.webhook is None


@pytest.mark.anyio
async def test_telegram_wants_an_https_webhook(adapter: TelegramAdapter) -> None:
    with pytest.raises(DeliveryError, match="HTTPS URL must be provided") as caught:
        await adapter.set_webhook("http://support.example.com/telegram/webhook", "s3cret", ALLOWED_UPDATES)

    assert not caught.value.retryable


@pytest.mark.anyio
async def test_get_me_names_the_bot(adapter: TelegramAdapter) -> None:
    me = await adapter.get_me()

    assert (me["id"], me["is_bot"], me["username"]) == (123456, True, "vehicle_support_bot")


# -- the fake itself: other clients send forms -------------------------------------------


@pytest.mark.anyio
async def test_the_fake_accepts_form_bodies_like_the_real_api(telegram: FakeTelegram, anyio_backend: str) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Warranty", "callback_data": "/warranty_coverage"}]]}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{telegram.url}/bot{TOKEN}/sendmessage",
            data={"chat_id": "42", "text": "form text", "reply_markup": json.dumps(keyboard)},
        )

    assert response.json()["result"]["chat"]["id"] == 42
    assert telegram.sent[0]["reply_markup"] == keyboard


@pytest.mark.anyio
async def test_a_gateway_timeout_on_send_may_have_delivered_so_it_is_not_retried(
    adapter: TelegramAdapter, telegram: FakeTelegram
) -> None:
    telegram.fail_next(1, 502)  # Telegram's front often answers 502/504 after delivering

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(outbound())

    assert not caught.value.retryable and caught.value.maybe_delivered
