"""Secrets the gateway signs with, and the web chat's session tokens.

A web chat session token is the customer's only credential for their history, so the
gateway only accepts tokens it issued: 16 random bytes plus an HMAC of them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path


def load_secret_key(configured: str, path: Path) -> bytes:
    """SUPPORTBOT_SECRET_KEY, else a key generated once and kept in `path` (mode 0600)."""
    if configured:
        return configured.encode()
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key)
    return key


def load_admin_token(configured: str, path: Path) -> str:
    """SUPPORTBOT_ADMIN_TOKEN, else a token generated once and kept in `path` (mode 0600)."""
    if configured:
        return configured
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _mac(key: bytes, nonce: str) -> str:
    return _b64(hmac.new(key, b"webchat-session:" + nonce.encode(), hashlib.sha256).digest()[:16])


def issue_session_token(key: bytes) -> str:
    nonce = _b64(secrets.token_bytes(16))
    return f"{nonce}.{_mac(key, nonce)}"


def verify_session_token(key: bytes, token: str | None) -> bool:
    if not token or len(token) > 64 or token.count(".") != 1:
        return False
    nonce, mac = token.split(".")
    return hmac.compare_digest(mac, _mac(key, nonce))
