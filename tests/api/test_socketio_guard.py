"""The socket.io endpoint's guards: what is refused, and that a refusal is one log line.

Through a real gateway, with close codes, in tests/e2e/test_socket_fuzz.py.
"""

from __future__ import annotations

import logging

import pytest

from api.socketio_guard import CheckedPacket, MalformedPacket, OneLineLogger, engineio_problem


@pytest.mark.parametrize(
    ("frame", "problem"),
    [
        ("", "empty packet"),
        ("zz", "unknown packet type"),
        ("9", "unknown packet type"),
        ("b!!", "not base64"),
        ("2", None),  # ping
        ('42["user_uttered",{"message":"hi"}]', None),
        ("bAAEC", None),  # a base64 binary message
    ],
)
def test_a_text_frame_must_be_an_engine_io_packet(frame: str, problem: str | None) -> None:
    found = engineio_problem(frame)
    assert found == problem if problem is None else problem in (found or "")


@pytest.mark.parametrize(
    "packet", ["zz{", b"\x00\x01", '2["user_uttered",' + "[" * 5000 + "]" * 5000 + "]", '2["user_uttered", {"mess']
)
def test_a_socket_io_packet_that_does_not_decode_raises_only_malformed_packet(packet: str | bytes) -> None:
    with pytest.raises(MalformedPacket):
        CheckedPacket(encoded_packet=packet)


def test_a_good_socket_io_packet_decodes() -> None:
    packet = CheckedPacket(encoded_packet='2["user_uttered",{"message":"hi"}]')
    assert packet.data == ["user_uttered", {"message": "hi"}]


def test_the_libraries_exceptions_are_logged_in_one_line(caplog: pytest.LogCaptureFixture) -> None:
    one_line = OneLineLogger(logging.getLogger("engineio.server"))
    try:
        [][1]
    except IndexError:
        one_line.exception("Unknown receive error")

    [record] = caplog.records
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert record.getMessage() == "Unknown receive error (IndexError: list index out of range)"
