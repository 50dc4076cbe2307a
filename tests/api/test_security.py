"""Web chat session tokens: only ones the gateway issued are accepted."""

from __future__ import annotations

import stat
from pathlib import Path

from api.security import issue_session_token, load_secret_key, verify_session_token


def test_issued_tokens_verify_and_tampered_ones_do_not() -> None:
    key = b"k" * 32
    token = issue_session_token(key)

    assert verify_session_token(key, token)
    assert not verify_session_token(b"other key", token)
    assert not verify_session_token(key, token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert not verify_session_token(key, "no-dot-here")
    assert not verify_session_token(key, None)
    assert not verify_session_token(key, "a." * 40)


def test_tokens_are_unique() -> None:
    assert len({issue_session_token(b"k") for _ in range(1000)}) == 1000


def test_the_generated_key_is_kept_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret.key"
    first = load_secret_key("", path)

    assert load_secret_key("", path) == first and len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret_key("configured", path) == b"configured"
