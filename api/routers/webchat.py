"""Web chat: the chat page, the embeddable widget and their WebSocket.

Frames are described in channels/webchat.py. On connect the browser gets its session
id (new, or the one it kept, if the gateway issued it), the widget's labels in every
language and the history, then every
message it sends is stored before it is acknowledged, unless its client address is over
its budget (api/address_flood.py): then an error frame says why and nothing is stored.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Query, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse

from api.address_flood import note_refused
from api.deps import AddressFloodDep, AnswersDep, DeliveriesDep, InboxDep, SecretKeyDep, SettingsDep, WebChatDep
from api.security import issue_session_token, verify_session_token
from api.socket_frames import receive_frame, refused
from channels.base import ProtocolError
from channels.webchat import CHANNEL, message_view, parse_frame

STATIC = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(tags=["web chat"])


@router.get("/chat", response_class=FileResponse, summary="The full-page web chat")
async def chat_page() -> FileResponse:
    return FileResponse(STATIC / "chat.html", media_type="text/html")


@router.get("/webchat/widget.js", response_class=FileResponse, summary="The embeddable chat widget")
async def widget_script() -> FileResponse:
    return FileResponse(STATIC / "widget.js", media_type="text/javascript")


@router.websocket("/webchat/ws")
async def webchat_socket(
    socket: WebSocket,
    settings: SettingsDep,
    secret_key: SecretKeyDep,
    answers: AnswersDep,
    deliveries: DeliveriesDep,
    inbox: InboxDep,
    live: WebChatDep,
    address_flood: AddressFloodDep,
    session_id: str | None = Query(default=None, max_length=64),
    lang: str | None = Query(default=None, max_length=16),
) -> None:
    await socket.accept()
    if not verify_session_token(secret_key, session_id):
        session_id = issue_session_token(secret_key)
    assert session_id is not None
    language_hint = (lang or "").split("-")[0].lower() or None
    # The client's address as uvicorn resolved it (X-Forwarded-For only from a trusted proxy).
    host = socket.client.host if socket.client else None
    noted = False

    await live.connect(session_id, socket)
    try:
        await socket.send_json({"type": "session", "session_id": session_id, "labels": answers.widget_labels()})
        history = await deliveries.history(CHANNEL, session_id, settings.history_limit)
        await socket.send_json(
            {
                "type": "history",
                "messages": [
                    message_view(
                        message_id=m.id,
                        direction=m.direction,
                        sender=m.sender_kind,
                        text=m.text,
                        buttons=m.buttons,
                        created_at=m.created_at,
                        client_id=m.dedupe_key.split(":", 1)[1] if m.dedupe_key else None,
                        language=m.language,
                    )
                    for m in history
                ],
            }
        )
        await deliveries.claim_for_push([m.id for m in history if m.direction == "out" and m.status == "queued"])
        while True:
            raw = await receive_frame(socket)
            try:
                inbound = parse_frame(raw, session_id, settings.max_message_chars, language_hint)
            except ProtocolError as error:
                refused("web chat", str(error))
                await socket.send_json({"type": "error", "reason": str(error)})
                continue
            refusal = await address_flood.refusal(host, inbound.text, language_hint)
            if refusal is not None:
                if not noted and host:
                    note_refused("web chat", host)
                    noted = True
                await socket.send_json(
                    {
                        "type": "error",
                        "reason": refusal.reason,
                        "client_id": inbound.provider_message_id,
                        "retry_after": refusal.retry_after,
                    }
                )
                continue
            received = await inbox.receive(inbound)
            await socket.send_json(
                {
                    "type": "ack",
                    "client_id": inbound.provider_message_id,
                    "message": message_view(
                        message_id=received.message_id,
                        direction="in",
                        sender="customer",
                        text=inbound.text,
                        buttons=None,
                        created_at=received.created_at,
                        client_id=inbound.provider_message_id,
                    ),
                }
            )
    except WebSocketDisconnect:
        pass
    finally:
        await live.disconnect(session_id, socket)
