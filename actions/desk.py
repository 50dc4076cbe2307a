"""The gateway's desk API as the actions call it, and what every action needs from the tracker.

Where the gateway is: the `desk_url` of the message's metadata (the gateway that sent
the message names itself, so several gateways, or one per test, can share one action
server), else SUPPORTBOT_GATEWAY_URL. The bearer token is SUPPORTBOT_DESK_TOKEN.
A connection failure raises: the action fails, Rasa answers the gateway with an error,
and the gateway retries the customer's message later, so nothing is half-done.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Dict, List, Optional, Tuple

import aiohttp
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=10)
_session: Optional[aiohttp.ClientSession] = None


class DeskUnavailable(RuntimeError):
    """The gateway did not answer, or answered 5xx: the turn fails and is retried."""


def _http() -> aiohttp.ClientSession:
    global _session
    if _session is None or _session.closed:
        _session = aiohttp.ClientSession(timeout=TIMEOUT)
    return _session


def metadata(tracker: Tracker) -> Dict[str, Any]:
    return (tracker.latest_message or {}).get("metadata") or {}


def language(tracker: Tracker) -> str:
    return str(metadata(tracker).get("language") or "en")


class Desk:
    """One action's view of the desk API: its conversation, language and gateway."""

    def __init__(self, tracker: Tracker) -> None:
        meta = metadata(tracker)
        self.url = str(meta.get("desk_url") or os.environ.get("SUPPORTBOT_GATEWAY_URL", "http://127.0.0.1:8000"))
        self.language = language(tracker)
        self.conversation = tracker.sender_id
        self._token = os.environ.get("SUPPORTBOT_DESK_TOKEN", "")
        self._message_id = str(meta.get("message_id") or "")

    def request_key(self, action: str) -> Optional[str]:
        """The key of a write this turn asks for: the customer's message and the action.

        A turn retried whole (the action server or the gateway failed half-way) asks again
        under the same key, and the desk answers what it did the first time.
        """
        message_id = self._message_id
        return f"{message_id}:{action}" if message_id else None

    async def post(self, path: str, *, bare: bool = False, **body: Any) -> Tuple[int, Dict[str, Any]]:
        """(status, JSON answer) of POST /api/desk{path}; a 4xx answer's `reason` is in ["detail"]["reason"].

        `bare`: a question about words alone (a model name, a symptom), asked without the conversation.
        """
        payload = dict(body) if bare else {"conversation": self.conversation, "language": self.language, **body}
        try:
            async with _http().post(
                f"{self.url}/api/desk{path}",
                json={k: v for k, v in payload.items() if v is not None},
                headers={"Authorization": f"Bearer {self._token}"},
            ) as answer:
                status = answer.status
                data = await answer.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise DeskUnavailable(f"desk API {path}: {type(error).__name__}: {error}") from error
        if status >= 500 or status in (401, 403):
            raise DeskUnavailable(f"desk API {path} answered {status}: {data}")
        return status, data if isinstance(data, dict) else {}


def reason(answer: Dict[str, Any]) -> str:
    detail = answer.get("detail")
    if isinstance(detail, dict):
        return str(detail.get("reason") or "invalid")
    return "invalid"


def say(
    dispatcher: CollectingDispatcher, template: str, buttons: Optional[List[Dict[str, str]]] = None, **params: Any
) -> None:
    """Send the answer `template` with its values; the gateway renders it in the customer's language."""
    message: Dict[str, Any] = {"template": template}
    message.update({key: "" if value is None else value for key, value in params.items()})
    if buttons:
        message["buttons"] = buttons
    dispatcher.utter_message(json_message=message)


def hand_off(dispatcher: CollectingDispatcher, priority: int, why: str) -> None:
    """Ask the gateway to hand the conversation to a technician after this turn (conversations/turns.py)."""
    dispatcher.utter_message(json_message={"handoff": {"priority": priority, "reason": why}})


def choice(title: str, intent: str, **entities: str) -> Dict[str, str]:
    """A button that sends `/intent{"entity": "value"}`.

    The choice reaches the form as an entity, whatever the language of the title.
    """
    if not entities:
        return {"title": title, "payload": f"/{intent}"}
    values = ", ".join(f'"{key}": "{value}"' for key, value in entities.items())
    return {"title": title, "payload": f"/{intent}{{{values}}}"}


def entity(tracker: Tracker, name: str) -> Optional[str]:
    for item in (tracker.latest_message or {}).get("entities") or []:
        if item.get("entity") == name and item.get("value") not in (None, ""):
            return str(item["value"])
    return None
