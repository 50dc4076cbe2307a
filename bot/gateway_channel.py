"""Rasa input channel through which the gateway talks to the bot.

Runs inside the Rasa server (Python 3.10, rasa 3.6); the gateway never imports it.
Rasa's stock REST channel is not enough for a channel that must never lose a message:
it answers 200 with an empty list when handling fails, returns no NLU result, and
handles a re-sent message twice. This channel

* answers 5xx when the bot could not handle the message, so the gateway retries;
* returns the NLU result (intent, confidence, entities) with the replies in one round
  trip, parsing the message once (``UserMessage.parse_data``);
* is idempotent on the gateway's message id: a message the tracker already holds (the
  gateway crashed or timed out after Rasa answered) is not handled again, its recorded
  replies are returned instead;
* fails the whole turn when a custom action fails (the action server is down or
  answers 5xx): Rasa itself logs such a failure and goes on with the action's events
  lost, which would store a half-done turn (a form that asked nothing, a claim never
  opened) and leave the customer without an answer. Here the tracker is not saved and
  the gateway gets a 503 and retries the message later, whole. From the
  STRICT_ATTEMPTS-th try of one message on, Rasa's own behaviour applies, so a message
  that breaks an action every time cannot hold its conversation forever.

Request:  POST /webhooks/gateway/webhook
          {"sender": str, "message": str, "message_id": str, "metadata": {}, "retry": bool, "attempt": int}
Response: {"messages": [Rasa bot messages], "nlu": {"intent", "confidence",
          "entities", "intent_ranking"}, "replayed": bool, "actions": [custom actions run],
          "answered": bool}

`actions` lists the custom actions the turn ran, and `answered` says that a form took the
message as the answer to its question (a VIN, a city, "05.2025", a defect described in
words that sound like a complaint): a form's validation ran and no action left the form.
The gateway then neither counts the turn as not understood nor hands off on its intent.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Type

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


def _memoize_event_type_lookup() -> None:
    """Make Rasa's event deserialisation stop walking the class tree for every event.

    Each turn Rasa rebuilds the tracker from its stored events, and for every event
    `Event.resolve_by_type` scans `all_subclasses(Event)` (recursive, with
    `inspect.isabstract` on each class): 18% of Rasa's CPU time per turn, measured
    with py-spy under load (README, "Performance"). The name -> class mapping is fixed
    once the classes are imported, so the first answer for a name is kept; unknown
    names still go to Rasa's own lookup (and its error).
    """
    resolve = Event.resolve_by_type
    known: Dict[Text, Type[Event]] = {}

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        cls = known.get(type_name)
        if cls is None:
            cls = resolve(type_name, default)
            if cls is not None and cls is not default:
                known[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign]


_memoize_event_type_lookup()

# Tries of one message after which a failing custom action no longer fails the turn.
STRICT_ATTEMPTS = 3
# The custom actions that failed while the current message was handled; None: not strict.
_failed_actions: ContextVar[Optional[List[Text]]] = ContextVar("failed_actions", default=None)
# The custom actions that ran while the current message was handled (a form read it).
_ran_actions: ContextVar[Optional[List[Text]]] = ContextVar("ran_actions", default=None)
# The actions that end a form because the customer left it (bot/data/forms.yml).
LEAVING_ACTIONS = {"action_leave_form", "action_switch_form"}


class ActionServerFailed(Exception):
    """A custom action failed during the turn: the tracker must not be saved."""


def _fail_turns_on_action_failures() -> None:
    """Note every failed custom action, and refuse to save a tracker after one (see the module docstring)."""
    remote_run = RemoteAction.run
    save_tracker = MessageProcessor.save_tracker

    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        try:
            events = await remote_run(self, *args, **kwargs)
        except ActionExecutionRejection:
            raise
        except Exception:
            failed = _failed_actions.get()
            if failed is not None:
                failed.append(self.name())
            raise
        ran = _ran_actions.get()
        if ran is not None:
            ran.append(self.name())
        return events

    async def save(self: MessageProcessor, tracker: Any) -> None:
        failed = _failed_actions.get()
        if failed:
            raise ActionServerFailed(", ".join(failed))
        await save_tracker(self, tracker)

    RemoteAction.run = run  # type: ignore[method-assign]
    MessageProcessor.save_tracker = save  # type: ignore[method-assign]


_fail_turns_on_action_failures()

MAX_MESSAGE_CHARS = 8192
RANKING_SIZE = 5


def _error(status: int, reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


def _nlu_summary(parse_data: Dict[Text, Any]) -> Dict[Text, Any]:
    intent = parse_data.get("intent") or {}
    return {
        "intent": intent.get("name"),
        "confidence": float(intent.get("confidence") or 0.0),
        "entities": [
            {key: entity.get(key) for key in ("entity", "value", "start", "end", "extractor") if key in entity}
            for entity in parse_data.get("entities") or []
        ],
        "intent_ranking": [
            {"name": item.get("name"), "confidence": float(item.get("confidence") or 0.0)}
            for item in (parse_data.get("intent_ranking") or [])[:RANKING_SIZE]
        ],
    }


def _bot_message(sender: Text, event: BotUttered) -> Dict[Text, Any]:
    """The dict CollectingOutputChannel would have produced for this utterance."""
    message: Dict[Text, Any] = {"recipient_id": sender}
    if event.text:
        message["text"] = event.text
    for key, value in (event.data or {}).items():
        if value:
            message[key] = value
    return message


async def _recorded_turn(agent: Any, sender: Text, message_id: Text) -> Optional[Dict[Text, Any]]:
    """The replies already produced for `message_id`, or None if Rasa never saw it."""
    tracker = await agent.tracker_store.retrieve(sender)
    if tracker is None:
        return None
    messages: List[Dict[Text, Any]] = []
    found: Optional[UserUttered] = None
    for event in tracker.events:
        if isinstance(event, UserUttered):
            if found is not None:
                break
            if event.message_id == message_id:
                found = event
        elif found is not None and isinstance(event, BotUttered):
            messages.append(_bot_message(sender, event))
    if found is None:
        return None
    return {"messages": messages, "nlu": _nlu_summary(found.parse_data or {}), "replayed": True}


class GatewayInput(InputChannel):
    """The gateway's channel: one small translation, like Rasa's own channels."""

    @classmethod
    def name(cls) -> Text:
        return "gateway"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("gateway_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # sanic raises InvalidUsage on malformed JSON
                return _error(400, "body is not JSON")
            if not isinstance(body, dict):
                return _error(400, "body must be a JSON object")
            sender, text, message_id = body.get("sender"), body.get("message"), body.get("message_id")
            metadata = body.get("metadata") or {}
            if not (isinstance(sender, str) and sender):
                return _error(400, "sender must be a non-empty string")
            if not isinstance(text, str) or len(text) > MAX_MESSAGE_CHARS:
                return _error(400, f"message must be a string of at most {MAX_MESSAGE_CHARS} characters")
            if not (isinstance(message_id, str) and message_id):
                return _error(400, "message_id must be a non-empty string")
            if not isinstance(metadata, dict):
                return _error(400, "metadata must be an object")

            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return _error(503, "no model loaded")

            if body.get("retry"):
                recorded = await _recorded_turn(agent, sender, message_id)
                if recorded is not None:
                    return response.json(recorded)

            attempt = body.get("attempt") if isinstance(body.get("attempt"), int) else 0
            strict = _failed_actions.set([] if attempt < STRICT_ATTEMPTS else None)
            ran = _ran_actions.set([])
            try:
                parse_data = await agent.parse_message(text)
                collector = CollectingOutputChannel()
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=metadata,
                        message_id=message_id,
                        parse_data=parse_data,
                    )
                )
                actions = list(_ran_actions.get() or [])
            except ActionServerFailed as error:
                logger.warning("gateway channel: message %s not handled, custom actions failed: %s", message_id, error)
                return _error(503, f"the action server failed ({error}); try again later")
            except Exception:
                logger.exception("gateway channel: handling message %s failed", message_id)
                return _error(500, "the bot failed to handle the message")
            finally:
                _failed_actions.reset(strict)
                _ran_actions.reset(ran)
            return response.json(
                {
                    "messages": collector.messages,
                    "nlu": _nlu_summary(parse_data),
                    "replayed": False,
                    "actions": actions,
                    "answered": any(name.startswith("validate_") for name in actions)
                    and not LEAVING_ACTIONS & set(actions),
                }
            )

        return webhook
