"""`./supportbot eval desk`: how many after-sales requests the bot finishes without a human.

Every held-out message (tests/nlu_heldout/<lang>.yml, never trained on) labelled
warranty_claim, claim_status, maintenance_schedule or book_service opens a new web chat
conversation with the real stack (gateway, Rasa, action server, default hand-off rules).
A scripted customer then answers whatever the bot asks, the way a customer would (the
VIN, the mileage, a defect in the message's language, a city, the first free slot,
"yes"), for at most MAX_TURNS turns. Each conversation ends one of three ways:

* finished: the bot reached its result (a claim reference, the claim's status, the next
  service, a confirmed booking) and no technician was involved;
* handed off: the conversation went to the technicians' queue (asked for, a claim that
  needs judgement, or two turns the bot did not understand);
* not taken up: the bot answered something else (another FAQ, "please rephrase") and the
  request never started.

Prints the shares per intent and language. Nothing here is asserted: it is a measure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import tempfile
import uuid
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import websockets

from api.settings import SUPPORTED_LANGUAGES
from scripts import stack
from scripts.heldout import intent_examples

INTENTS = ("warranty_claim", "claim_status", "maintenance_schedule", "book_service")
MAX_TURNS = 10
VIN = "LVVDB21B5RD123456"  # registered (config/service_desk/vehicles.yml); has a claim for claim_status
RESULTS = {
    "warranty_claim": {"utter_claim_opened", "utter_claim_already_open"},
    "claim_status": {"utter_claim_status_result"},
    "maintenance_schedule": {"utter_maintenance_result"},
    "book_service": {"utter_booking_confirmed"},
}
DEFECT = {
    "en": "the air conditioning stopped cooling",
    "ru": "кондиционер перестал охлаждать",
    "az": "kondisioner soyutmur",
    "kk": "кондиционер салқындатпайды",
    "ka": "კონდიციონერი აღარ აგრილებს",
    "ne": "एसीले चिसो गर्दैन",
}


def answer_for(
    template: str, language: str, buttons: list[dict[str, str]], reference: str
) -> dict[str, str] | str | None:
    """What the scripted customer sends after the bot's question `template`.

    Asked which claim, the customer quotes the reference they were given: a VIN alone
    finds no claim the customer did not open (it proves no ownership).
    """
    day = (date.today() + timedelta(days=9)).strftime("%d.%m.%Y")
    typed = {
        "utter_ask_vin": VIN,
        "utter_ask_vehicle": VIN,
        "utter_ask_coverage_form_vehicle": VIN,
        "utter_ask_vehicle_model": "Chery Tiggo 7",
        "utter_ask_purchase_date": "03.2024",
        "utter_ask_mileage": "45000",
        "utter_ask_symptom": DEFECT[language],
        "utter_ask_claim_query": reference,
        "utter_ask_centre_city": "Baku",
        "utter_ask_booking_form_centre_city": "Baku",
        "utter_ask_booking_day": day,
    }
    if template in typed:
        return typed[template]
    if template in ("utter_ask_booking_centre", "utter_ask_booking_slot", "utter_ask_booking_confirm") and buttons:
        return buttons[0]
    return None


class Conversation:
    def __init__(self, ws_url: str, database: Path) -> None:
        self.ws_url = ws_url
        self.database = database
        self.reference = ""  # the claim opened first, which status questions ask about
        self.misses: list[tuple[str, str, str, str]] = []  # (language, intent, message, how it ended)

    def _rows(self, sql: str, *args: object) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute(sql, args).fetchall()

    async def run(self, opening: str, intent: str, language: str) -> str:
        outcome, last = await self._run(opening, intent, language)
        if outcome != "finished":
            self.misses.append((language, intent, opening, f"{outcome} after {last or 'no answer'}"))
        return outcome

    async def _run(self, opening: str, intent: str, language: str) -> tuple[str, str | None]:
        last: str | None = None
        async with websockets.connect(f"{self.ws_url}/webchat/ws?lang=en") as connection:
            await connection.recv()
            await connection.recv()
            message: dict[str, str] | str = opening
            for _ in range(MAX_TURNS):
                replies = await self._turn(connection, message)
                state = self._rows(
                    "SELECT c.state FROM conversations c JOIN messages m ON m.conversation_id = c.id "
                    "ORDER BY m.id DESC LIMIT 1"
                )[0][0]
                templates = [template for template, _ in replies]
                last = templates[-1] if templates else None
                if state != "bot":
                    return "handed off", last
                if RESULTS[intent] & set(templates):
                    return "finished", last
                buttons = replies[-1][1] if replies else []
                following = answer_for(last or "", language, buttons, self.reference)
                if following is None:
                    return "not taken up", last
                message = following
        return "not taken up", last

    async def _turn(self, connection: Any, message: dict[str, str] | str) -> list[tuple[str, list[dict[str, str]]]]:
        client_id = uuid.uuid4().hex
        if isinstance(message, dict):
            frame = {"type": "button", "client_id": client_id, "title": message["title"], "payload": message["payload"]}
        else:
            frame = {"type": "message", "client_id": client_id, "text": message}
        await connection.send(json.dumps(frame))
        message_id = None
        pushed: dict[int, dict[str, Any]] = {}
        while message_id is None:
            reply = json.loads(await asyncio.wait_for(connection.recv(), 60))
            if reply["type"] == "ack" and reply["client_id"] == client_id:
                message_id = reply["message"]["id"]
            elif reply["type"] == "message":
                pushed[reply["message"]["id"]] = reply["message"]
        for _ in range(1200):
            if self._rows("SELECT status FROM messages WHERE id = ?", message_id)[0][0] == "processed":
                break
            await asyncio.sleep(0.05)
        stored = self._rows(
            "SELECT id, template FROM messages WHERE reply_to_id = ? AND direction = 'out' ORDER BY id", message_id
        )
        while not {row[0] for row in stored} <= set(pushed):
            reply = json.loads(await asyncio.wait_for(connection.recv(), 60))
            if reply["type"] == "message":
                pushed[reply["message"]["id"]] = reply["message"]
        return [(template or "", pushed[row_id].get("buttons") or []) for row_id, template in stored]


async def evaluate(
    config: stack.StackConfig, limit: int | None
) -> tuple[dict[tuple[str, str], Counter[str]], list[tuple[str, str, str, str]]]:
    ws_url = f"ws://127.0.0.1:{config.ports.gateway}"
    database = Path(config.database_url.removeprefix("sqlite:///"))
    conversation = Conversation(ws_url, database)
    # A claim on the VIN, so that "where is my claim" has something to find by its reference.
    await conversation.run(f"I want to file a warranty claim, VIN {VIN}, 45000 km", "warranty_claim", "en")
    found = conversation._rows("SELECT reference FROM claims ORDER BY id LIMIT 1")
    conversation.reference = str(found[0][0]) if found else ""
    outcomes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for language in SUPPORTED_LANGUAGES:
        per_intent: Counter[str] = Counter()
        for text, intent in intent_examples(language):
            if intent not in INTENTS or (limit is not None and per_intent[intent] >= limit):
                continue
            per_intent[intent] += 1
            outcomes[(language, intent)][await conversation.run(text, intent, language)] += 1
    return outcomes, conversation.misses


def report(outcomes: dict[tuple[str, str], Counter[str]]) -> list[str]:
    lines = [f"{'':22}" + "".join(f"{language:>8}" for language in SUPPORTED_LANGUAGES) + f"{'all':>8}"]
    total: Counter[str] = Counter()
    for intent in INTENTS:
        cells, row = [], Counter[str]()
        for language in SUPPORTED_LANGUAGES:
            found = outcomes.get((language, intent), Counter())
            row.update(found)
            n = sum(found.values())
            cells.append(f"{found['finished'] / n * 100:7.0f}%" if n else f"{'-':>8}")
        total.update(row)
        n = sum(row.values())
        lines.append(f"{intent:22}" + "".join(cells) + f"{row['finished'] / max(n, 1) * 100:7.0f}%")
    n = sum(total.values())
    lines.append(
        f"finished without a human: {total['finished']}/{n} ({total['finished'] / max(n, 1) * 100:.0f}%); "
        f"handed off {total['handed off']}; not taken up {total['not taken up']}"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot eval desk", description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="held-out messages per intent and language")
    parser.add_argument("--misses", action="store_true", help="list the conversations the bot did not finish")
    args = parser.parse_args(argv)
    model = stack.ensure_model()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="supportbot-eval-desk-") as home,
            stack.scratch_stack(Path(home), model, {}) as config,
        ):
            outcomes, misses = asyncio.run(evaluate(config, args.limit))
    except httpx.HTTPError as error:
        print(f"the stack did not answer: {error}")
        return 1
    print(f"model {model.name}; share of held-out requests the bot finished without a human")
    for line in report(outcomes):
        print(line)
    if args.misses:
        for language, intent, text, how in misses:
            print(f"  {language} {intent:20} {how:45} {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
