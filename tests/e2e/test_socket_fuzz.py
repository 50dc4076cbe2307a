"""Every socket answers any frame with an error frame or a documented close code, never a traceback.

The probe that found 17 tracebacks in the log, through a real gateway process: nested,
binary, cut-off, huge, non-UTF-8 and random frames on the web chat socket, the console's
live socket and /socket.io/. Afterwards the gateway's log holds no traceback and it still
answers a customer. (The parsers alone are fuzzed, coverage-guided, by tests/channels/test_frame_fuzz.py.)
"""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from tests.conftest import Gateway
from tests.e2e.console_client import agent_client
from tests.e2e.webchat_client import WebChatClient

pytestmark = [pytest.mark.anyio, pytest.mark.e2e]

_random = random.Random(19)
BAD_FRAMES: dict[str, str | bytes] = {
    "deep JSON array": "[" * 1000 + "]" * 1000,
    "deep JSON object": '{"a":' * 1000 + "1" + "}" * 1000,
    "cut-off JSON": '{"type": "message", "client_id": "abcdefgh-1234", "text": "cut o',
    "binary": b"\x00\x01\xff",
    "binary JSON": json.dumps({"type": "message", "client_id": "abcdefgh-1234", "text": "hi"}).encode(),
    "lone surrogate in a button": json.dumps(
        {"type": "button", "client_id": "abcdefgh-1234", "title": "x", "payload": "\ud800/x"}
    ),
    "random bytes": _random.randbytes(512),
    "random text": "".join(chr(_random.randrange(32, 0x2FFF)) for _ in range(512)),
    "empty": "",
}
INVALID_UTF8 = b'{"type": "message", "text": "\xff\xfe"}'
HUGE = "x" * (70 * 1024)  # over --ws-max-size (64 KiB)


def tracebacks(tmp_path: Path) -> int:
    """The gateway fixture logs to tmp_path/log (tests/conftest.py)."""
    return (tmp_path / "log" / "gateway.log").read_text(errors="replace").count("Traceback")


async def closed_with(connection: websockets.ClientConnection, timeout: float = 10) -> int | None:
    """The close code the server sent (None: no close frame), reading past anything before it."""
    try:
        while True:
            await asyncio.wait_for(connection.recv(), timeout)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


async def test_no_frame_on_any_socket_leaves_a_traceback_and_the_gateway_keeps_serving(
    gateway: Gateway, tmp_path: Path
) -> None:
    # One gateway for the three sockets: starting one takes longer than the whole probe.
    await web_chat_answers_every_bad_frame_with_an_error_and_stays_open(gateway)
    await console_refuses_with_close_codes_and_answers_every_frame(gateway)
    await socket_io_closes_a_connection_on_a_bad_packet(gateway)

    assert tracebacks(tmp_path) == 0
    chat = await WebChatClient.connect(gateway.ws_url)
    await chat.send("Hello!")
    assert await chat.replies(1)
    await chat.close()
    assert tracebacks(tmp_path) == 0


async def web_chat_answers_every_bad_frame_with_an_error_and_stays_open(gateway: Gateway) -> None:
    chat = await WebChatClient.connect(gateway.ws_url)
    for name, frame in BAD_FRAMES.items():
        await chat.connection.send(frame)
        answer = await chat.frame(timeout=10)
        assert answer["type"] == "error" and answer["reason"], name
    assert (await chat.send("Hello!"))["text"] == "Hello!"  # the same socket still takes a good frame
    await chat.close()

    for frame, code in ((INVALID_UTF8, 1007), (HUGE, 1009)):
        chat = await WebChatClient.connect(gateway.ws_url)
        await chat.connection.send(frame, text=True)
        assert await closed_with(chat.connection) == code


async def console_refuses_with_close_codes_and_answers_every_frame(gateway: Gateway) -> None:
    url = f"{gateway.ws_url}/api/console/ws"
    agent = await agent_client(gateway, "fuzz", "Fuzz", "en")
    cookie = {"Cookie": "; ".join(f"{name}={value}" for name, value in agent.cookies.items())}
    await agent.aclose()

    async with websockets.connect(url) as anonymous:
        assert await closed_with(anonymous) == 4401  # docs/console-api.md: not an HTTP 403
    async with websockets.connect(url, additional_headers={**cookie, "Origin": "https://elsewhere.example"}) as foreign:
        assert await closed_with(foreign) == 4403

    async with websockets.connect(url, additional_headers=cookie) as console:
        for name, frame in BAD_FRAMES.items():
            await console.send(frame)
            assert json.loads(await asyncio.wait_for(console.recv(), 10))["type"] == "error", name
    for frame, code in ((INVALID_UTF8, 1007), (HUGE, 1009)):
        async with websockets.connect(url, additional_headers=cookie) as console:
            await console.send(frame, text=True)
            assert await closed_with(console) == code


SOCKETIO_BAD_PACKETS: dict[str, str | bytes] = {
    "deep JSON": '42["user_uttered",' + "[" * 1000 + "]" * 1000 + "]",
    "bad socket.io packet type": "4zz{",
    "event without a name": "42[]",
    "cut-off JSON": '42["user_uttered", {"mess',
    "stray binary": b"\x00\x01\xff",
    "unknown Engine.IO type": "9",
    "empty": "",
    "not base64": "b!!",
    "random text": BAD_FRAMES["random text"],
}


async def socket_io_closes_a_connection_on_a_bad_packet(gateway: Gateway) -> None:
    url = f"{gateway.ws_url}/socket.io/?EIO=4&transport=websocket"

    async def opened() -> websockets.ClientConnection:
        connection = await websockets.connect(url)
        assert (await connection.recv()).startswith("0")  # Engine.IO open
        await connection.send("40")
        assert (await connection.recv()).startswith("40")  # socket.io connected
        return connection

    for name, packet in SOCKETIO_BAD_PACKETS.items():
        connection = await opened()
        await connection.send(packet)
        assert await closed_with(connection) == 1003, name  # unsupported data
    for frame, code in ((INVALID_UTF8, 1007), (HUGE, 1009)):
        connection = await opened()
        await connection.send(frame, text=True)
        assert await closed_with(connection) == code

    connection = await opened()  # well-formed packets with nonsense in them: refused, the connection stays
    for event in (["user_uttered", 5], ["user_uttered", {"message": ["x"]}], ["session_request", [1, 2]]):
        await connection.send("42" + json.dumps(event))
    lone_surrogate = '42["user_uttered", {"message": "hi\\ud800", "customData": {"language": "\\ud800"}}]'
    await connection.send(lone_surrogate)
    refusals, confirmed = 0, False  # user_uttered 5 and {"message": ["x"]} get an error event
    while refusals < 2 or not confirmed:  # the event handlers run concurrently: any order
        answer = await asyncio.wait_for(connection.recv(), 10)
        refusals += answer.startswith('42["error"')
        confirmed = confirmed or answer.startswith('42["session_confirm"')
    await connection.close()
