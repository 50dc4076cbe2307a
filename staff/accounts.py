"""Agents and admins: accounts, password hashes, browser sessions, CSRF.

Passwords are hashed with argon2id (argon2-cffi). A login creates a session: the cookie
carries a random token, the database only its SHA-256, so a leaked database opens no
session. Each session has its own CSRF token, which every state-changing request must
echo in `X-CSRF-Token`; the cookie is also SameSite=Strict. Repeated wrong passwords
are slowed down by exponential back-off per username, per address and per both (429 with
Retry-After; `coordination/throttle.py`), never locked.

Logins, failed ones included, and accounts created by an admin are written to the audit
log in the same transaction as the change (staff/audit.py). A failed login's entry names
the username tried, never the password.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from staff.audit import AuditLog
from storage.engine import run_in_thread
from storage.models import User, UserRole, UserSession, utcnow
from storage.repositories import accounts as queries

COOKIE = "supportbot_console"
SESSION_LIFETIME = timedelta(hours=12)
_hasher = PasswordHasher()
# A hash to verify against when the username is unknown, so both cases take as long.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    languages: tuple[str, ...]

    @property
    def is_admin(self) -> bool:
        return self.role == UserRole.ADMIN


@dataclass(frozen=True, slots=True)
class LoggedIn:
    account: Account
    token: str  # goes into the cookie, never stored
    csrf_token: str


def _account(user: User) -> Account:
    return Account(user.id, user.username, user.display_name, user.role, tuple(user.languages or ()))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Accounts:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- accounts (CLI and admin) -----------------------------------------------------

    def create(
        self,
        username: str,
        password: str,
        *,
        display_name: str,
        role: str,
        languages: list[str],
        actor: str | None = None,
    ) -> Account:
        """A new active account; `actor`, the admin creating it, is recorded in the audit log (action user.create)."""
        if role not in (UserRole.AGENT, UserRole.ADMIN):
            raise AccountError(f"role must be agent or admin, not {role!r}")
        if len(password) < 10:
            raise AccountError("the password must have at least 10 characters")
        if (
            not username
            or len(username) > 64
            or not username.replace(".", "").replace("-", "").replace("_", "").isalnum()
        ):
            raise AccountError("the username must be 1-64 letters, digits, '.', '-' or '_'")
        user = User(
            username=username,
            display_name=display_name or username,
            password_hash=_hasher.hash(password),
            role=role,
            languages=languages,
            active=True,
        )
        try:
            with self._sessions.begin() as session:
                session.add(user)
                session.flush()
                account = _account(user)
                if actor is not None:
                    after = {"role": role, "display_name": user.display_name, "languages": list(languages)}
                    AuditLog.add(session, actor, "user.create", username, None, after)
                return account
        except IntegrityError as error:
            raise AccountError(f"the username {username!r} is taken") from error

    def set_password(self, username: str, password: str, actor: str | None = None) -> None:
        """A new password; every session of the account ends. `actor` is recorded in the audit log
        (action user.password; never the password itself)."""
        if len(password) < 10:
            raise AccountError("the password must have at least 10 characters")
        with self._sessions.begin() as session:
            user = queries.user(session, username)
            if user is None:
                raise AccountError(f"no user {username!r}")
            user.password_hash = _hasher.hash(password)
            queries.end_sessions_of(session, user.id)  # log out everywhere
            if actor is not None:
                AuditLog.add(session, actor, "user.password", username)

    # -- sessions ------------------------------------------------------------------

    async def login(self, username: str, password: str) -> LoggedIn | None:
        return await run_in_thread(self._login, username, password)

    def _login(self, username: str, password: str) -> LoggedIn | None:
        with self._sessions.begin() as session:
            user = queries.user(session, username, active_only=True)
            try:
                _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
            except (VerificationError, InvalidHashError):
                user = None
            if user is None:
                # Who tried, as typed (an unknown name too: guesses show); never what they typed as the password.
                AuditLog.add(session, username[:64], "login.failed", "console", None, None)
                return None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            token = secrets.token_urlsafe(32)
            csrf = secrets.token_urlsafe(24)
            now = utcnow()
            session.add(
                UserSession(
                    id=_digest(token),
                    user_id=user.id,
                    csrf_token=csrf,
                    created_at=now,
                    expires_at=now + SESSION_LIFETIME,
                )
            )
            queries.end_expired_sessions(session, now)
            AuditLog.add(session, user.username, "login", "console", None, {"role": user.role})
            return LoggedIn(_account(user), token, csrf)

    async def session(self, token: str | None) -> tuple[Account, str] | None:
        """The account and CSRF token of a live session, or None."""
        if not token or len(token) > 128:
            return None
        return await run_in_thread(self._session, token)

    def _session(self, token: str) -> tuple[Account, str] | None:
        with self._sessions() as session:
            row = queries.live_session(session, _digest(token), utcnow())
            if row is None:
                return None
            user_session, user = row
            return _account(user), user_session.csrf_token

    async def logout(self, token: str) -> None:
        await run_in_thread(self._logout, token)

    def _logout(self, token: str) -> None:
        with self._sessions.begin() as session:
            queries.end_session(session, _digest(token))


def csrf_matches(expected: str, given: str | None) -> bool:
    return given is not None and secrets.compare_digest(expected.encode(), given.encode())
