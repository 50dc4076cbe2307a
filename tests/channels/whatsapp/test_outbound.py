"""The WhatsApp adapter: replies out and media down, as a readable spec.

Sending and media are exercised over real HTTP against `FakeWhatsApp`, which refuses
what the real Graph API refuses.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from channels.base import Button, DeliveryError, MediaRef, MessageKind, OutboundMessage
from channels.whatsapp.outbound import WhatsAppAdapter, split_text
from tests.fakes import whatsapp as wa
from tests.fakes.whatsapp import FakeWhatsApp

BSUID = "US.13491208655302741918"


# -- sending -------------------------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeWhatsApp]:
    with FakeWhatsApp() as server:
        yield server


def make_adapter(client: httpx.AsyncClient, base_url: str, **overrides: Any) -> WhatsAppAdapter:
    settings: dict[str, Any] = {
        "base_url": base_url,
        "api_version": wa.API_VERSION,
        "phone_number_id": wa.PHONE_NUMBER_ID,
        "access_token": wa.ACCESS_TOKEN,
        "template_name": wa.TEMPLATE_NAME,
        "template_languages": {"en": "en_US"},
    } | overrides
    return WhatsAppAdapter(client, **settings)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as http:
        yield http


@pytest.fixture
def adapter(client: httpx.AsyncClient, fake: FakeWhatsApp) -> WhatsAppAdapter:
    return make_adapter(client, fake.url)


def reply(text: str, *buttons: Button, **fields: Any) -> OutboundMessage:
    return OutboundMessage(
        message_id=1, recipient_id=fields.pop("to", wa.CUSTOMER_WA_ID), text=text, buttons=buttons, **fields
    )


def buttons(n: int) -> tuple[Button, ...]:
    return tuple(Button(f"Choice {i}", f"/choice_{i}") for i in range(1, n + 1))


@pytest.mark.anyio
async def test_a_text_reply_is_one_text_message(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    message_id = await adapter.send(reply("Your warranty lasts 5 years."))

    assert fake.sent == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": wa.CUSTOMER_WA_ID,
            "type": "text",
            "text": {"body": "Your warranty lasts 5 years.", "preview_url": False},
            "wamid": message_id,
        }
    ]
    assert message_id.startswith("wamid.")


@pytest.mark.anyio
async def test_up_to_three_buttons_are_reply_buttons(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    await adapter.send(
        reply(
            "What do you need?",
            Button("Warranty", "/warranty_coverage"),
            Button("Book a service appointment", "/book_service"),  # 26 characters: clipped to 20
            Button("Talk to a person", "/talk_to_agent"),
        )
    )

    interactive = fake.sent[0]["interactive"]
    assert fake.sent[0]["type"] == "interactive" and interactive["type"] == "button"
    assert interactive["body"] == {"text": "What do you need?"}
    assert [(b["reply"]["id"], b["reply"]["title"]) for b in interactive["action"]["buttons"]] == [
        ("/warranty_coverage", "Warranty"),
        ("/book_service", "Book a service appo…"),
        ("/talk_to_agent", "Talk to a person"),
    ]


@pytest.mark.anyio
async def test_four_to_ten_buttons_are_a_list_labelled_in_the_customers_language(
    adapter: WhatsAppAdapter, fake: FakeWhatsApp
) -> None:
    await adapter.send(reply("Choose your model:", *buttons(7), language="ru"))

    interactive = fake.sent[0]["interactive"]
    assert interactive["type"] == "list"
    assert interactive["action"]["button"] == "Выбрать"
    (section,) = interactive["action"]["sections"]
    assert [row["id"] for row in section["rows"]] == [f"/choice_{i}" for i in range(1, 8)]


@pytest.mark.anyio
async def test_more_than_ten_buttons_keep_the_first_ten(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    await adapter.send(reply("Choose:", *buttons(13), language="xx"))  # unknown language: English label

    action = fake.sent[0]["interactive"]["action"]
    assert action["button"] == "Options"
    assert [row["id"] for row in action["sections"][0]["rows"]] == [f"/choice_{i}" for i in range(1, 11)]


@pytest.mark.anyio
async def test_long_text_is_split_at_paragraphs_and_the_last_id_returned(
    adapter: WhatsAppAdapter, fake: FakeWhatsApp
) -> None:
    paragraphs = [f"Paragraph {i}. " + "word " * 300 for i in range(6)]  # ~1,500 characters each
    text = "\n\n".join(p.strip() for p in paragraphs)

    message_id = await adapter.send(reply(text))

    bodies = [m["text"]["body"] for m in fake.sent]
    assert len(bodies) == 3 and all(len(b) <= 4096 for b in bodies)
    assert all(b.startswith("Paragraph") for b in bodies)  # cut between paragraphs
    assert "\n\n".join(bodies) == text
    assert message_id == fake.sent[-1]["wamid"]


def test_text_without_boundaries_is_cut_hard() -> None:
    assert split_text("x" * 10_000, 4096) == ["x" * 4096, "x" * 4096, "x" * 1808]
    assert split_text("short", 4096) == ["short"]
    assert split_text("aaaa bbbb\ncccc", 9) == ["aaaa bbbb", "cccc"]


@pytest.mark.anyio
async def test_long_text_with_buttons_sends_the_text_then_the_buttons_under_its_last_paragraph(
    adapter: WhatsAppAdapter, fake: FakeWhatsApp
) -> None:
    explanation = "The warranty covers the engine and gearbox. " * 30  # ~1,300 characters
    question = "Would you like to book an inspection?"

    message_id = await adapter.send(reply(f"{explanation}\n\n{question}", *buttons(2)))

    first, second = fake.sent
    assert first["text"]["body"] == explanation.strip()
    assert second["interactive"]["body"]["text"] == question  # shown once, not repeated
    assert message_id == second["wamid"]


@pytest.mark.anyio
async def test_outside_the_window_the_approved_template_carries_the_reply(
    adapter: WhatsAppAdapter, fake: FakeWhatsApp
) -> None:
    fake.window_closed_for.add(wa.CUSTOMER_WA_ID)

    await adapter.send(reply("Your car is ready.\n\nPick it up\tat 5 pm.", *buttons(2), free_form_allowed=False))
    await adapter.send(reply("Hazırdır.", free_form_allowed=False, language="az"))

    english, azerbaijani = fake.sent
    assert english["type"] == "template"
    assert english["template"] == {
        "name": wa.TEMPLATE_NAME,
        "language": {"code": "en_US"},  # mapped by template_languages
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "Your car is ready. Pick it up at 5 pm."}]}
        ],
    }
    assert azerbaijani["template"]["language"] == {"code": "az"}  # unmapped: used as is


@pytest.mark.anyio
async def test_a_template_parameter_is_clipped_to_1024_characters(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    await adapter.send(reply("long " * 400, free_form_allowed=False))
    assert len(fake.sent[0]["template"]["components"][0]["parameters"][0]["text"]) == 1024


@pytest.mark.anyio
async def test_free_text_outside_the_window_is_refused_for_good(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    fake.window_closed_for.add(wa.CUSTOMER_WA_ID)

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(reply("Hello again"))

    assert not caught.value.retryable and "24-hour" in caught.value.reason and "131047" in caught.value.reason
    assert fake.sent == []


@pytest.mark.anyio
async def test_a_business_scoped_user_id_is_sent_as_recipient(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    await adapter.send(reply("Hello", to=BSUID))
    assert fake.sent[0]["recipient"] == BSUID and "to" not in fake.sent[0]


# -- send failures ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_server_error_is_retryable(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    fake.fail_next(1, 500)

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(reply("Hello"))
    assert caught.value.retryable and not caught.value.maybe_delivered and caught.value.status_code == 500

    await adapter.send(reply("Hello"))  # and the retry goes through
    assert len(fake.sent) == 1


@pytest.mark.anyio
async def test_429_is_retryable_after_the_time_meta_asks_for(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    fake.fail_next(1, 429, retry_after=7)

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(reply("Hello"))
    assert caught.value.retryable and caught.value.retry_after == 7.0 and caught.value.status_code == 429


@pytest.mark.parametrize("code", [130429, 131056, 4, 80007])
@pytest.mark.anyio
async def test_rate_limit_error_codes_are_retryable_whatever_the_status(
    adapter: WhatsAppAdapter, fake: FakeWhatsApp, code: int
) -> None:
    fake.fail_next(1, 400, error_code=code)

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(reply("Hello"))
    assert caught.value.retryable and caught.value.retry_after is None and str(code) in caught.value.reason


@pytest.mark.anyio
async def test_other_client_errors_are_final_and_say_why(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    fake.fail_next(1, 400, error_code=131026)

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(reply("Hello"))
    assert not caught.value.retryable and caught.value.status_code == 400
    assert "131026" in caught.value.reason and "fbtrace_id" in caught.value.reason


@pytest.mark.anyio
async def test_a_shape_the_provider_refuses_is_reported_with_its_details(
    client: httpx.AsyncClient, fake: FakeWhatsApp
) -> None:
    adapter = make_adapter(client, fake.url, phone_number_id="999")

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(reply("Hello"))
    assert (
        not caught.value.retryable and "Graph API error 100" in caught.value.reason and "'999'" in caught.value.reason
    )


@pytest.mark.anyio
async def test_a_bad_token_is_final_and_never_quoted(client: httpx.AsyncClient, fake: FakeWhatsApp) -> None:
    adapter = make_adapter(client, fake.url, access_token="EAAG-wrong-token-123")

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(reply("Hello"))
    assert not caught.value.retryable and caught.value.status_code == 401 and "190" in caught.value.reason
    assert "EAAG-wrong-token-123" not in caught.value.reason


@pytest.mark.anyio
async def test_a_lost_answer_may_mean_delivered_so_it_is_not_retried(fake: FakeWhatsApp) -> None:
    fake.delay = 1.0
    async with httpx.AsyncClient(timeout=0.3) as impatient:
        with pytest.raises(DeliveryError) as caught:
            await make_adapter(impatient, fake.url).send(reply("Hello"))

    assert caught.value.maybe_delivered and not caught.value.retryable
    assert len(fake.wait_for_sent(1)) == 1  # and indeed Meta had it


@pytest.mark.anyio
async def test_a_refused_connection_was_never_sent_so_it_is_retryable(client: httpx.AsyncClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]

    with pytest.raises(DeliveryError) as caught:
        await make_adapter(client, f"http://127.0.0.1:{closed_port}").send(reply("Hello"))
    assert caught.value.retryable and not caught.value.maybe_delivered


@pytest.mark.anyio
async def test_a_failure_after_part_of_a_long_reply_went_out_is_not_retried(
    adapter: WhatsAppAdapter, fake: FakeWhatsApp
) -> None:
    fake.fail_next(1, 500, after=1)

    with pytest.raises(DeliveryError) as caught:
        await adapter.send(reply("word " * 1000))  # two parts

    assert len(fake.sent) == 1  # a retry would send the first part again
    assert caught.value.maybe_delivered and not caught.value.retryable and "part 2 of 2" in caught.value.reason


@pytest.mark.anyio
async def test_an_empty_reply_is_refused_before_any_request(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    with pytest.raises(DeliveryError, match="empty"):
        await adapter.send(reply("  \n "))
    assert fake.attempts == []


# -- media -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_media_is_looked_up_then_downloaded(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 100
    fake.add_media("media-1", photo, "image/jpeg")

    fetched = await adapter.fetch_media(MediaRef(MessageKind.IMAGE, "media-1", filename="dash.jpg"))

    assert (fetched.content, fetched.mime_type, fetched.filename) == (photo, "image/jpeg", "dash.jpg")


@pytest.mark.anyio
async def test_media_over_the_limit_is_refused_from_its_declared_size(
    client: httpx.AsyncClient, fake: FakeWhatsApp
) -> None:
    fake.add_media("big", b"x" * 2048, "video/mp4")

    with pytest.raises(DeliveryError, match="larger than the 1024-byte limit") as caught:
        await make_adapter(client, fake.url, max_media_bytes=1024).fetch_media(MediaRef(MessageKind.VIDEO, "big"))
    assert not caught.value.retryable


@pytest.mark.anyio
async def test_media_over_the_limit_is_refused_while_downloading_when_the_size_is_not_said(
    client: httpx.AsyncClient, fake: FakeWhatsApp
) -> None:
    fake.add_media("big", b"x" * 300_000, "video/mp4", report_size=False)

    with pytest.raises(DeliveryError, match="more than") as caught:
        await make_adapter(client, fake.url, max_media_bytes=100_000).fetch_media(MediaRef(MessageKind.VIDEO, "big"))
    assert not caught.value.retryable


@pytest.mark.anyio
async def test_an_expired_download_is_a_final_404(adapter: WhatsAppAdapter, fake: FakeWhatsApp) -> None:
    fake.add_media("old", b"x", "image/jpeg")
    fake.expire_media("old")

    with pytest.raises(DeliveryError) as caught:
        await adapter.fetch_media(MediaRef(MessageKind.IMAGE, "old"))
    assert not caught.value.retryable and caught.value.status_code == 404


@pytest.mark.anyio
async def test_an_unknown_media_id_is_a_final_graph_error(adapter: WhatsAppAdapter) -> None:
    with pytest.raises(DeliveryError) as caught:
        await adapter.fetch_media(MediaRef(MessageKind.IMAGE, "nope"))
    assert not caught.value.retryable and caught.value.status_code == 400 and "does not exist" in caught.value.reason


@pytest.mark.anyio
async def test_a_slow_download_is_retryable_because_fetching_twice_is_harmless(fake: FakeWhatsApp) -> None:
    fake.add_media("m", b"x", "image/jpeg")
    fake.delay = 1.0
    async with httpx.AsyncClient(timeout=0.3) as impatient:
        with pytest.raises(DeliveryError) as caught:
            await make_adapter(impatient, fake.url).fetch_media(MediaRef(MessageKind.IMAGE, "m"))
    assert caught.value.retryable and not caught.value.maybe_delivered
