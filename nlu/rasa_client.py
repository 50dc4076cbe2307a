"""The gateway's client for the Rasa server (HTTP only: the gateway never imports rasa).

One bot turn is one POST to our own Rasa input channel (bot/gateway_channel.py), which
returns the replies and the NLU result together and is idempotent on the message id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx


class BotUnavailable(Exception):
    """Rasa could not answer now (down, loading, timed out, failed); retry later."""


@dataclass(frozen=True, slots=True)
class BotTurn:
    messages: list[dict[str, Any]]
    intent: str | None
    confidence: float | None
    entities: list[dict[str, Any]] = field(default_factory=list)
    intent_ranking: list[dict[str, Any]] = field(default_factory=list)
    replayed: bool = False
    actions: list[str] = field(default_factory=list)  # custom actions the turn ran
    answered: bool = False  # a form took the message as the answer to its question


class RasaClient:
    def __init__(self, base_url: str, token: str = "", timeout: float = 20.0) -> None:
        self._token = token
        self._http = httpx.AsyncClient(
            base_url=base_url,
            timeout=httpx.Timeout(timeout, connect=2.0),
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        # Health checks get their own connection: a pool busy with a backlog of turns (or
        # stuck on a paused Rasa) must not make /readyz wait, nor lie.
        self._probe = httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(1.0, connect=0.5))

    @property
    def base_url(self) -> str:
        return str(self._http.base_url).rstrip("/")

    async def load_model(self, model_file: str, load_seconds: float = 600.0) -> None:
        """Rasa's `PUT /model`: load another model, then swap it in for the one serving.

        Rasa builds the new agent before it replaces the old one, so a file it cannot load
        leaves the old model serving (and this raises BotUnavailable with Rasa's reason).
        Loading blocks Rasa's event loop for the load time; the dispatcher holds turns
        back meanwhile (conversations/bot_gate.py).
        """
        try:
            answer = await self._http.put(
                "/model", json={"model_file": model_file}, params={"token": self._token}, timeout=load_seconds
            )
        except httpx.HTTPError as error:
            raise BotUnavailable(f"{type(error).__name__}: {error}") from error
        if answer.status_code not in (200, 204):
            raise BotUnavailable(f"Rasa refused the model (HTTP {answer.status_code}): {answer.text[:300]}")

    async def aclose(self) -> None:
        await self._http.aclose()
        await self._probe.aclose()

    async def send(
        self,
        *,
        sender_id: str,
        text: str,
        message_id: str,
        metadata: dict[str, Any],
        retry: bool = False,
        attempt: int = 0,
    ) -> BotTurn:
        """Hand one customer message to the bot and return its turn.

        `retry` asks Rasa to return its recorded answer if it already handled this
        message id (the earlier attempt timed out or the gateway restarted). `attempt`
        counts the earlier tries: after a few, Rasa answers even if a custom action fails
        (bot/gateway_channel.py), so one message that breaks an action cannot wait forever.
        """
        body = {
            "sender": sender_id,
            "message": text,
            "message_id": message_id,
            "metadata": metadata,
            "retry": retry,
            "attempt": attempt,
        }
        data = await self._post("/webhooks/gateway/webhook", body)
        nlu = data.get("nlu") or {}
        return BotTurn(
            messages=list(data.get("messages") or []),
            intent=nlu.get("intent"),
            confidence=nlu.get("confidence"),
            entities=list(nlu.get("entities") or []),
            intent_ranking=list(nlu.get("intent_ranking") or []),
            replayed=bool(data.get("replayed")),
            actions=[str(name) for name in data.get("actions") or [] if isinstance(name, str)],
            answered=data.get("answered") is True,
        )

    async def parse(self, text: str) -> BotTurn:
        """NLU only (Rasa's /model/parse): intent, confidence, entities; no dialogue."""
        data = await self._post("/model/parse", {"text": text}, params={"token": self._token})
        intent = data.get("intent") or {}
        return BotTurn(
            messages=[],
            intent=intent.get("name"),
            confidence=intent.get("confidence"),
            entities=[{"entity": e.get("entity"), "value": e.get("value")} for e in data.get("entities") or []],
            intent_ranking=[
                {"name": r.get("name"), "confidence": r.get("confidence")}
                for r in (data.get("intent_ranking") or [])[:5]
            ],
        )

    async def append_events(self, sender_id: str, events: list[dict[str, Any]]) -> None:
        """Add events to a conversation's tracker (e.g. end a form when a technician hands back)."""
        try:
            answer = await self._http.post(
                f"/conversations/{sender_id}/tracker/events",
                json=events,
                params={"token": self._token, "include_events": "NONE"},
            )
        except httpx.HTTPError as error:
            raise BotUnavailable(f"{type(error).__name__}: {error}") from error
        if answer.status_code != 200:
            raise BotUnavailable(f"Rasa answered HTTP {answer.status_code}: {answer.text[:200]}")

    async def _post(self, path: str, body: dict[str, Any], params: dict[str, str] | None = None) -> dict[str, Any]:
        """POST to Rasa; any failure to get a 200 with JSON is BotUnavailable (retry later)."""
        try:
            answer = await self._http.post(path, json=body, params=params)
            if answer.status_code != 200:
                raise BotUnavailable(f"Rasa answered HTTP {answer.status_code}: {answer.text[:200]}")
            data = answer.json()
        except (httpx.HTTPError, ValueError) as error:
            raise BotUnavailable(f"{type(error).__name__}: {error}") from error
        if not isinstance(data, dict):
            raise BotUnavailable("Rasa answered something other than a JSON object")
        return data

    async def status(self) -> dict[str, Any] | None:
        """Rasa's /status (the loaded model), or None when Rasa is not reachable."""
        try:
            answer = await self._probe.get("/status", params={"token": self._token})
            data = answer.json() if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return None
        return data if isinstance(data, dict) else None
