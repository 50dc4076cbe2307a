"""WhatsApp end to end: Meta's webhook -> gateway -> real Rasa -> outbox -> Graph API.

A real gateway process talks to a fake Graph API on loopback (tests/fakes/whatsapp.py);
the test plays Meta by posting signed deliveries to the gateway's webhook.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.settings import SUPPORTED_LANGUAGES, Settings
from conversations.answers import AnswerCatalogue
from tests.conftest import ADMIN_TOKEN, Gateway
from tests.e2e.console_client import agent_client
from tests.e2e.database import eventually, rows, scalar
from tests.fakes import whatsapp as wa

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

APP_SECRET = "meta-app-secret-for-tests"
VERIFY_TOKEN = "verify-token-for-tests"


@pytest.fixture
def graph() -> Iterator[wa.FakeWhatsApp]:
    with wa.FakeWhatsApp() as fake:
        yield fake


@pytest.fixture
def gateway(gateway_factory: Any, graph: wa.FakeWhatsApp, tmp_path: Path) -> Gateway:
    return gateway_factory(
        SUPPORTBOT_WHATSAPP_APP_SECRET=APP_SECRET,
        SUPPORTBOT_WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN,
        SUPPORTBOT_WHATSAPP_ACCESS_TOKEN=wa.ACCESS_TOKEN,
        SUPPORTBOT_WHATSAPP_PHONE_NUMBER_ID=wa.PHONE_NUMBER_ID,
        SUPPORTBOT_WHATSAPP_API_URL=graph.url,
        SUPPORTBOT_WHATSAPP_API_VERSION=wa.API_VERSION,
        SUPPORTBOT_MEDIA_DIR=str(tmp_path / "media"),
        SUPPORTBOT_OUTBOX_RETRY_MAX_INTERVAL="0.5",
    )


class Meta:
    """Posts deliveries to the gateway the way Meta does: signed raw JSON bodies."""

    def __init__(self, gateway: Gateway, client: httpx.AsyncClient) -> None:
        self.url = f"{gateway.url}/webhooks/whatsapp"
        self.client = client

    async def post(self, delivery: dict[str, Any], *, secret: str = APP_SECRET) -> httpx.Response:
        body = wa.encode(delivery)
        return await self.client.post(
            self.url, content=body, headers={"Content-Type": "application/json", **wa.sign(body, secret)}
        )


@pytest.fixture
async def meta(gateway: Gateway) -> Any:
    async with httpx.AsyncClient(timeout=30) as client:
        yield Meta(gateway, client)


async def sent(graph: wa.FakeWhatsApp, count: int, timeout: float = 30) -> list[dict[str, Any]]:
    return await asyncio.to_thread(graph.wait_for_sent, count, timeout)


def body_text(message: dict[str, Any]) -> str:
    if message["type"] == "text":
        return str(message["text"]["body"])
    if message["type"] == "interactive":
        return str(message["interactive"]["body"]["text"])
    return str(message["template"]["components"][0]["parameters"][0]["text"])


# -- Meta's checks -------------------------------------------------------------------


async def test_meta_subscribes_with_the_verify_token(gateway: Gateway) -> None:
    url = f"{gateway.url}/webhooks/whatsapp"
    async with httpx.AsyncClient() as client:
        good = await client.get(
            url, params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
        )
        wrong = await client.get(
            url, params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"}
        )
    assert (good.status_code, good.text, good.headers["content-type"]) == (
        200,
        "1158201444",
        "text/plain; charset=utf-8",
    )
    assert wrong.status_code == 403


async def test_forged_unsigned_or_malformed_deliveries_are_refused_and_nothing_is_stored(
    gateway: Gateway, meta: Meta
) -> None:
    delivery = wa.webhook([wa.text_message("Hello")])
    forged = await meta.post(delivery, secret="not-the-app-secret")
    unsigned = await meta.client.post(meta.url, content=wa.encode(delivery))
    garbage = b'{"object": "whatsapp_business_account", "entry": ['
    malformed = await meta.client.post(meta.url, content=garbage, headers=wa.sign(garbage, APP_SECRET))
    huge = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    too_big = await meta.client.post(meta.url, content=huge, headers=wa.sign(huge, APP_SECRET))

    assert (forged.status_code, forged.json()["detail"]) == (403, "X-Hub-Signature-256 does not match the body")
    assert (unsigned.status_code, unsigned.json()["detail"]) == (401, "X-Hub-Signature-256 header is missing")
    assert malformed.status_code == 400 and "JSON" in malformed.json()["detail"]
    assert too_big.status_code == 413
    assert rows(gateway, "SELECT count(*) FROM messages") == [(0,)]


# -- a conversation ------------------------------------------------------------------


async def test_a_customer_is_answered_in_their_language_with_reply_buttons(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    answer = await meta.post(wa.webhook([wa.text_message("Salam, necəsiniz?")]))
    assert answer.status_code == 200 and answer.json() == {"messages": 1, "duplicates": 0, "statuses": 0, "skipped": 0}

    [menu] = await sent(graph, 1)
    assert menu["to"] == wa.CUSTOMER_WA_ID
    assert menu["type"] == "interactive" and menu["interactive"]["type"] == "button"
    assert scalar(gateway, "SELECT language FROM conversations") == "az"
    assert scalar(gateway, "SELECT display_name FROM customers") == wa.CUSTOMER_NAME
    buttons = menu["interactive"]["action"]["buttons"]
    assert [b["reply"]["id"] for b in buttons] == ["/warranty_coverage", "/maintenance_schedule", "/human_agent"]
    assert all(len(b["reply"]["title"]) <= 20 for b in buttons)

    pressed = buttons[0]["reply"]
    await meta.post(wa.webhook([wa.button_reply(pressed["id"], pressed["title"])]))
    # The warranty button starts the coverage check: which vehicle?
    [_, question] = await sent(graph, 2)
    assert question["type"] == "text"
    sql = "SELECT kind, payload, intent, language FROM messages WHERE direction='in' ORDER BY id"
    assert rows(gateway, sql)[-1] == ("button", "/warranty_coverage", "warranty_coverage", "az")
    sql = "SELECT template, status, provider_message_id FROM messages WHERE direction='out' ORDER BY id"
    assert await eventually(lambda: rows(gateway, sql)[-1], lambda row: row[1] == "sent") == (
        "utter_ask_coverage_form_vehicle",
        "sent",
        question["wamid"],
    )

    # Meta reports what became of our replies; statuses only move forward.
    wamid = menu["wamid"]
    news = wa.webhook(statuses=[wa.status(wamid, "read"), wa.status(wamid, "delivered")])
    assert (await meta.post(news)).json()["statuses"] == 2
    assert scalar(gateway, "SELECT status FROM messages WHERE provider_message_id = ?", wamid) == "read"


async def test_messages_to_another_number_of_the_business_are_not_ours(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    answer = await meta.post(wa.webhook([wa.text_message("Hello sales")], phone_number_id="999000111222"))
    assert answer.status_code == 200 and answer.json()["skipped"] == 1 and answer.json()["messages"] == 0
    assert rows(gateway, "SELECT count(*) FROM messages") == [(0,)]


async def test_a_resent_delivery_is_processed_once(gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp) -> None:
    delivery = wa.webhook([wa.text_message("Hello")])
    first = await meta.post(delivery)
    again = await meta.post(delivery)
    await sent(graph, 1)
    await asyncio.sleep(1)

    assert first.json()["duplicates"] == 0 and again.json()["duplicates"] == 1
    assert len(graph.sent) == 1
    assert rows(gateway, "SELECT count(*) FROM messages WHERE direction='in'") == [(1,)]


async def test_a_photo_of_a_defect_is_stored_and_acknowledged(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp, tmp_path: Path
) -> None:
    photo = b"\xff\xd8\xff\xe0" + random.randbytes(40_000)
    graph.add_media("media-photo-1", photo, "image/jpeg")
    await meta.post(wa.webhook([wa.image_message("media-photo-1")]))

    [notice] = await sent(graph, 1)
    catalogue = AnswerCatalogue.load(Settings().responses_dir, SUPPORTED_LANGUAGES, "en")
    assert body_text(notice) == catalogue.render("utter_attachment_received", "en").text  # type: ignore[union-attr]

    sql = "SELECT id, status, mime_type, size FROM attachments"
    [(attachment_id, status, mime, size)] = await eventually(
        lambda: rows(gateway, sql), lambda found: bool(found) and found[0][1] == "stored"
    )
    assert (status, mime, size) == ("stored", "image/jpeg", len(photo))
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        download = await client.get(f"{gateway.url}/api/admin/attachments/{attachment_id}")
    assert download.status_code == 200 and download.content == photo
    assert download.headers["content-disposition"].startswith("attachment")
    assert [p.read_bytes() for p in (tmp_path / "media").rglob("*.jpg")] == [photo]


async def test_a_photo_with_a_caption_goes_to_the_bot(gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp) -> None:
    graph.add_media("media-photo-2", b"\xff\xd8 photo", "image/jpeg")
    await meta.post(wa.webhook([wa.image_message("media-photo-2", caption="Приборная панель: горит значок двигателя")]))
    [reply] = await sent(graph, 1)
    assert scalar(gateway, "SELECT intent FROM messages WHERE direction='in'") == "dashboard_warning"
    assert scalar(gateway, "SELECT template FROM messages WHERE direction='out'") == "utter_dashboard_warning"
    assert body_text(reply) != ""


async def test_messages_the_bot_cannot_read_get_a_polite_answer_in_the_conversations_language(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    await meta.post(wa.webhook([wa.text_message("Здравствуйте")]))
    await sent(graph, 1)
    graph.add_media("voice-1", b"OggS voice", "audio/ogg")
    await meta.post(
        wa.webhook(
            [
                wa.voice_message("voice-1"),
                wa.location_message(40.4093, 49.8671, name="Baku"),  # the bot reads it: the nearest centres
                wa.unsupported_message(),
                wa.reaction_message("wamid.any", "👍"),  # a reaction gets no answer
            ]
        )
    )
    replies = await sent(graph, 4)
    await asyncio.sleep(1)

    assert len(graph.sent) == 4
    voice, location, unsupported = (body_text(r) for r in replies[1:])
    assert voice.startswith("Извините") and unsupported.startswith("Извините")
    assert location.startswith("Ближайшие к вам сервисные центры") and "Baku Central Service (0.0 км)" in location
    sql = "SELECT template FROM messages WHERE direction='out' ORDER BY id"
    assert [t for (t,) in rows(gateway, sql)][1:] == [
        "utter_audio_unsupported",
        "utter_centres_nearby",
        "utter_unsupported_message",
    ]


# -- reliability ---------------------------------------------------------------------


async def test_a_thousand_messages_with_a_fifth_resent_are_each_answered_exactly_once(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    phrases = ["Hello", "Thanks!", "Привет", "Спасибо", "Salam", "Sağ ol", "Сәлем", "Рақмет", "გამარჯობა", "नमस्ते"]
    rng = random.Random(7)
    deliveries = []
    for customer in range(200):  # 200 customers, 5 messages each, one delivery per message
        wa_id = f"9945500{customer:05d}"
        for n in range(5):
            text = phrases[(customer + n) % len(phrases)]
            message = wa.text_message(text, wa_id=wa_id, message_id=f"wamid.LOAD.{customer}.{n}")
            deliveries.append(wa.webhook([message], contacts=[wa.contact(f"Customer {customer}", wa_id=wa_id)]))
    resent = rng.sample(deliveries, 200)  # Meta re-sends a fifth of them
    posts = deliveries + resent
    # Re-sends come soon after their original, interleaved with new deliveries.
    rng.shuffle(posts)

    semaphore = asyncio.Semaphore(16)

    async def post(delivery: dict[str, Any]) -> int:
        async with semaphore:
            answer = await meta.post(delivery)
            assert answer.status_code == 200, answer.text
            return int(answer.json()["duplicates"])

    duplicates = sum(await asyncio.gather(*(post(d) for d in posts)))
    await sent(graph, 1000, timeout=240)
    await asyncio.sleep(2)  # a double send, if any, would show by now

    assert duplicates == 200
    assert len(graph.sent) == 1000
    assert len({m["wamid"] for m in graph.sent}) == 1000
    assert rows(gateway, "SELECT count(*), count(DISTINCT dedupe_key) FROM messages WHERE direction='in'") == [
        (1000, 1000)
    ]
    assert rows(gateway, "SELECT status, count(*) FROM messages GROUP BY status ORDER BY status") == [
        ("processed", 1000),
        ("sent", 1000),
    ]
    per_customer = rows(gateway, "SELECT count(*) FROM messages WHERE direction='out' GROUP BY conversation_id")
    assert sorted({c for (c,) in per_customer}) == [5]


async def test_provider_errors_then_success_deliver_the_reply_once(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    graph.fail_next(2, 500)
    await meta.post(wa.webhook([wa.text_message("Hello")]))
    await sent(graph, 1)
    await asyncio.sleep(1.5)

    assert len(graph.attempts) == 3 and len(graph.sent) == 1
    assert rows(gateway, "SELECT status, attempts FROM messages WHERE direction='out'") == [("sent", 3)]


async def test_after_24_hours_of_silence_staff_messages_go_out_as_the_approved_template(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    await meta.post(wa.webhook([wa.text_message("Здравствуйте")]))
    await sent(graph, 1)
    [(conversation,)] = rows(gateway, "SELECT public_id FROM conversations")
    rows(gateway, "UPDATE conversations SET last_inbound_at = datetime('now', '-25 hours')")
    graph.window_closed_for.add(wa.CUSTOMER_WA_ID)  # Meta would refuse free text now

    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}) as client:
        queued = await client.post(
            f"{gateway.url}/api/admin/conversations/{conversation}/messages",
            json={"text": "Ваш автомобиль готов, можно забирать."},
        )
    assert queued.status_code == 202
    [_, template] = await sent(graph, 2)

    assert template["type"] == "template"
    assert template["template"]["name"] == wa.TEMPLATE_NAME and template["template"]["language"] == {"code": "ru"}
    assert body_text(template) == "Ваш автомобиль готов, можно забирать."


async def test_a_customer_known_only_by_business_scoped_id_is_answered(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    bsuid = "AZ.13491208655302741918"
    await meta.post(
        wa.webhook(
            [wa.text_message("Hello", wa_id=None, user_id=bsuid)],
            contacts=[wa.contact("Rauf", wa_id=None, user_id=bsuid)],
        )
    )
    [reply] = await sent(graph, 1)
    assert reply.get("recipient") == bsuid and "to" not in reply


# -- hand-off to a technician ----------------------------------------------------------


async def test_a_technician_takes_over_on_whatsapp_and_the_rating_comes_back_as_a_list_reply(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    agent = await agent_client(gateway, "aysel", "Aysel", "az,ru")
    await meta.post(wa.webhook([wa.text_message("Operatorla danışmaq istəyirəm")]))
    [_, waiting] = await sent(graph, 2)  # the bot's answer, then when a technician comes
    assert waiting["type"] == "interactive"
    assert waiting["interactive"]["action"]["buttons"][0]["reply"]["id"] == "/handoff_cancel"

    [queued] = (await agent.get("/api/console/queue")).json()["conversations"]
    assert (
        queued["channel"] == "whatsapp"
        and queued["language"] == "az"
        and queued["customer"]["name"] == wa.CUSTOMER_NAME
    )
    assert (await agent.post(f"/api/console/conversations/{queued['id']}/claim")).status_code == 200
    await agent.post(f"/api/console/conversations/{queued['id']}/messages", json={"text": "Salam! Mən Ayselam."})
    [*_, joined, reply] = await sent(graph, 4)
    assert "Aysel" in body_text(joined) and body_text(reply) == "Salam! Mən Ayselam."

    # While the technician holds it, the bot stays silent but annotates.
    await meta.post(wa.webhook([wa.text_message("Zəmanət neçə ildir?")]))
    sql = "SELECT intent FROM messages WHERE direction='in' ORDER BY id DESC LIMIT 1"
    assert await eventually(lambda: scalar(gateway, sql), lambda intent: intent is not None) == "warranty_coverage"
    assert len(graph.sent) == 4

    await agent.post(f"/api/console/conversations/{queued['id']}/close")
    [*_, question] = await sent(graph, 5)
    assert question["interactive"]["type"] == "list"  # five choices: a list, not reply buttons
    rows_ = question["interactive"]["action"]["sections"][0]["rows"]
    assert [r["id"] for r in rows_] == [f"/csat_{n}" for n in range(1, 6)]
    await meta.post(wa.webhook([wa.list_reply("/csat_4", rows_[3]["title"])]))
    [*_, thanks] = await sent(graph, 6)
    assert body_text(thanks) != ""
    assert rows(gateway, "SELECT state, csat_score FROM conversations") == [("closed", 4)]
    await agent.aclose()


# -- the service desk over WhatsApp --------------------------------------------------


async def test_a_claim_with_a_photo_is_moved_by_a_technician_and_the_customer_is_told(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    # The customer's number is the registered owner's (vehicles.yml): Azerbaijani, in Azerbaijan.
    await meta.post(wa.webhook([wa.text_message("Zəmanət üzrə müraciət etmək istəyirəm, VIN LVVDB21B5RD123456")]))
    await sent(graph, 1)  # how many km?
    await meta.post(wa.webhook([wa.text_message("45000 km")]))
    await sent(graph, 2)
    await meta.post(wa.webhook([wa.text_message("kapotun boyası qabarıb, paslanma başlayıb")]))
    [*_, opened] = await sent(graph, 3)
    reference = re.search(r"WC-[2-9A-HJ-NP-Z]{6}", body_text(opened))
    assert reference is not None, body_text(opened)

    photo = b"\xff\xd8\xff\xe0" + random.randbytes(20_000)
    graph.add_media("media-claim-1", photo, "image/jpeg")
    await meta.post(wa.webhook([wa.image_message("media-claim-1")]))
    [*_, filed] = await sent(graph, 4)
    assert reference.group(0) in body_text(filed)
    assert await eventually(
        lambda: rows(gateway, "SELECT count(*) FROM claim_attachments"), lambda found: found == [(1,)]
    ) == [(1,)]

    agent = await agent_client(gateway, "aysel", "Aysel", "az,ru")
    conversation = scalar(gateway, "SELECT public_id FROM conversations")
    [claim] = (await agent.get(f"/api/console/conversations/{conversation}/claims")).json()["claims"]
    assert claim["reference"] == reference.group(0) and len(claim["attachment_ids"]) == 1
    image = await agent.get(f"/api/console/attachments/{claim['attachment_ids'][0]}")
    assert image.status_code == 200 and image.content == photo  # a technician sees the claim's photo
    moved = await agent.post(
        f"/api/console/claims/{reference.group(0)}/stage",
        json={"stage": "approved", "note": "Hissələr sifariş edildi."},
    )
    assert moved.status_code == 200, moved.text
    [*_, told] = await sent(graph, 5)
    await agent.aclose()
    assert reference.group(0) in body_text(told) and "Hissələr sifariş edildi." in body_text(told)
    assert scalar(gateway, "SELECT language FROM messages WHERE template = 'utter_claim_stage_approved'") == "az"


async def test_roadside_help_gives_the_numbers_of_the_customers_market_not_of_their_language(
    gateway: Gateway, meta: Meta, graph: wa.FakeWhatsApp
) -> None:
    georgian_number = "995555123456"  # a Russian speaker with a Georgian number
    await meta.post(
        wa.webhook(
            [wa.text_message("Машина сломалась на трассе, нужен эвакуатор", wa_id=georgian_number)],
            contacts=[wa.contact("Олег", wa_id=georgian_number)],
        )
    )
    [numbers, *_] = await sent(graph, 2)
    assert "+995" in body_text(numbers)  # Georgia's roadside line (roadside.yml), in Russian
    assert scalar(gateway, "SELECT template FROM messages WHERE direction='out' ORDER BY id LIMIT 1") == (
        "utter_roadside_numbers"
    )
    assert rows(gateway, "SELECT state, priority FROM conversations") == [("waiting_for_agent", 3)]
