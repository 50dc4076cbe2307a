"""Security headers on every response, and a page policy on every HTML page, in one place.

A route can forget its headers (the web chat's page and widget did: the console had all
three, `/chat` could be framed and sniffed), so this middleware adds whatever a response
lacks instead of trusting each route; a route that sets its own (the console's and admin
pages' `page_headers`) keeps them. What each kind of response gets:

- every response: `X-Content-Type-Options: nosniff`, so a customer's upload or a JSON
  answer is never run as a script or rendered as a page;
- the web chat's page `/chat`: scripts only from the gateway, the socket only to it, and
  no framing (`frame-ancestors 'none'`, `X-Frame-Options` for old browsers). Its styles
  may be inline: the widget injects its own `<style>`, since on other sites it cannot
  count on a stylesheet of ours; styles cannot run code, and customer text is only ever
  set with `textContent`;
- the widget `/webchat/widget.js`: loaded by `<script src>` from customers' own sites, so
  it says it may be (`Cross-Origin-Resource-Policy: cross-origin`, which sites with
  cross-origin isolation require), with its type and `nosniff`; no CSP, which a script
  does not obey;
- FastAPI's API browser (`/docs`, `/redoc`): Swagger UI and ReDoc from their CDN with
  their inline start-up script; they show the static OpenAPI document, no customer data;
- any other page: the console's strict policy, nothing inline, no framing.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

NOSNIFF = {"X-Content-Type-Options": "nosniff"}
NO_FRAMING = {"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}

CHAT_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src https://cdn.jsdelivr.net https://fonts.googleapis.com 'unsafe-inline'; "
    "font-src https://fonts.gstatic.com; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; connect-src 'self'; worker-src blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
STRICT_PAGE_CSP = (
    "default-src 'self'; img-src 'self' data:; connect-src 'self'; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)

CHAT_PAGE_HEADERS = {"Content-Security-Policy": CHAT_PAGE_CSP, **NO_FRAMING, **NOSNIFF}
WIDGET_HEADERS = {"Cross-Origin-Resource-Policy": "cross-origin", **NOSNIFF}
DOCS_HEADERS = {"Content-Security-Policy": DOCS_CSP, **NO_FRAMING, **NOSNIFF}
PAGE_HEADERS = {"Content-Security-Policy": STRICT_PAGE_CSP, **NO_FRAMING, **NOSNIFF}

BY_PATH = {"/chat": CHAT_PAGE_HEADERS, "/webchat/widget.js": WIDGET_HEADERS}


def headers_for(path: str, content_type: str, docs_paths: frozenset[str]) -> dict[str, str]:
    """The headers a response to `path` with `content_type` must carry."""
    if path in BY_PATH:
        return BY_PATH[path]
    if content_type.startswith("text/html"):
        return DOCS_HEADERS if path in docs_paths else PAGE_HEADERS
    return NOSNIFF


class SecurityHeaders:
    """Adds the headers of `headers_for` that a response does not set itself (pure ASGI: streams pass through)."""

    def __init__(self, app: ASGIApp, docs_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.docs_paths = docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"").decode("latin-1")
                for name, value in headers_for(path, content_type.lower(), self.docs_paths).items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
