"""uvicorn's WebSocket protocol, with text that is not UTF-8 closed (1007) in one log line.

`uvicorn --ws api.ws_protocol:WebSocketProtocol` (scripts/stack.py, scripts/docker-entrypoint.sh).

uvicorn's "auto" choice with `websockets` installed is its sans-I/O implementation. The
`websockets` protocol object it drives does not check that a text message is UTF-8
(websockets decodes late, in its own connections); uvicorn decodes in
`send_receive_event_to_app` and on failure closes with 1007, as RFC 6455 asks, but logs
the client's bytes as a server ERROR with a traceback: anyone could fill the log.

Why here and not elsewhere:
- `--ws wsproto` validates UTF-8 in its parser, but uvicorn then drops the TCP connection
  without a close frame (the client sees 1006, not 1007);
- `--ws websockets` is the implementation on websockets' legacy API, deprecated upstream;
- a logging filter on "uvicorn.error" would have to recognise a message text and would
  hide the same message from a real fault.
So the check runs first, in the one method that decodes, and the 1007 close is done
exactly as uvicorn does it. tests/e2e/test_socket_fuzz.py (a real uvicorn) fails if an
upgrade of uvicorn changes the method and attributes this relies on.
"""

from __future__ import annotations

import logging

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import CloseCode

logger = logging.getLogger("api.sockets")


def is_utf8(data: bytes | bytearray | memoryview) -> bool:
    try:
        bytes(data).decode()
    except UnicodeDecodeError:
        return False
    return True


class WebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's default WebSocket protocol; invalid UTF-8 is a client's fault, logged in one line."""

    def send_receive_event_to_app(self) -> None:
        if self.curr_msg_data_type == "text" and not self.close_sent and not is_utf8(b"".join(self.frames)):
            self.frames = []
            logger.info("a WebSocket client sent text that is not UTF-8: closed with 1007")
            self.conn.send_close(CloseCode.INVALID_DATA, "text is not UTF-8")
            self.handle_parser_exception()
            return
        super().send_receive_event_to_app()
