"""The console's session: log in (sets the HttpOnly session cookie), log out, who am I.

The CSRF token is handed out here, in the answer's body only: a page on another site can
make the browser send the cookie, but it cannot read this answer to learn the token.
"""

from __future__ import annotations

import math

from fastapi import APIRouter, HTTPException, Request, Response, status

from api.deps import AccountsDep, AgentDep, LoginThrottleDep, SettingsDep
from api.schemas.common import refusals
from api.schemas.console import AGENT, AGENT_WRITES, Credentials, SessionInfo
from staff.accounts import COOKIE, SESSION_LIFETIME
from staff.views import user_view

router = APIRouter(prefix="/api/console", tags=["agent console"])


@router.post(
    "/login",
    summary="Log in; sets the session cookie",
    responses=refusals({401: "wrong username or password", 429: "too many failed logins; wait `Retry-After` seconds"}),
)
async def login(
    body: Credentials,
    request: Request,
    response: Response,
    accounts: AccountsDep,
    throttle: LoginThrottleDep,
    settings: SettingsDep,
) -> SessionInfo:
    # The attempt counts before the (slow, by design) password check, so parallel guesses count too.
    # The source is the peer uvicorn reports: forwarding headers count only from the proxies it trusts.
    source = request.client.host if request.client else "unknown"
    wait = await throttle.attempt(body.username, source)
    if wait > 0:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            "too many failed logins; try again later",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
    logged_in = await accounts.login(body.username, body.password)
    if logged_in is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password")
    await throttle.succeeded(body.username, source)
    secure = settings.console_cookie_secure
    response.set_cookie(
        COOKIE,
        logged_in.token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https" if secure is None else secure,
        path="/",
    )
    return SessionInfo(user=user_view(logged_in.account), csrf_token=logged_in.csrf_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, summary="Log out", responses=AGENT_WRITES)
async def logout(request: Request, account: AgentDep, accounts: AccountsDep) -> Response:
    await accounts.logout(request.cookies.get(COOKIE, ""))
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/me", summary="Who is logged in, and the session's CSRF token", responses=AGENT)
async def me(request: Request, account: AgentDep) -> SessionInfo:
    return SessionInfo(user=user_view(account), csrf_token=request.state.csrf_token)
