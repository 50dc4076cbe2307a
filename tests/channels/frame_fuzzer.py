"""Coverage-guided fuzzing (atheris, libFuzzer) of the parsers every socket frame goes through.

Run by tests/channels/test_frame_fuzz.py for a bounded number of inputs, or by hand for longer:

    python -m tests.channels.frame_fuzzer -runs=1000000 -max_len=4096

Each input is tried as a web chat frame (text and binary), as a socket.io packet (the
gateway's CheckedPacket), as an Engine.IO frame and, when it decodes as JSON, as the data
of a socket.io `user_uttered`. The only exceptions allowed are the parsers' refusals
(ProtocolError, MalformedPacket); anything else is a crash that libFuzzer reports with
the input that caused it.
"""

from __future__ import annotations

import contextlib
import json
import sys

import atheris

# Only the parsers are instrumented (coverage feedback); instrumenting every library they import takes a minute.
with atheris.instrument_imports(include=["channels", "api.socketio_guard", "socketio.packet"]):
    from api.socketio_guard import CheckedPacket, MalformedPacket, engineio_problem
    from channels import socketio as socketio_channel
    from channels import webchat
    from channels.base import ProtocolError


def one_input(data: bytes) -> None:
    text = data.decode("utf-8", errors="surrogateescape")
    for raw in (text, data):
        with contextlib.suppress(ProtocolError):
            webchat.parse_frame(raw, "fuzz-session", 4096, "en")
        with contextlib.suppress(MalformedPacket):
            CheckedPacket(encoded_packet=raw)
    engineio_problem(text)
    try:
        decoded = json.loads(text)
    except (ValueError, RecursionError):
        return
    socketio_channel.session_id_from(decoded)
    with contextlib.suppress(ProtocolError):
        socketio_channel.parse_user_uttered(decoded, "fuzz-session", 4096)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
