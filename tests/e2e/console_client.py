"""An agent, as the console's API sees one: created with the CLI, logged in over HTTP."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx

from tests.conftest import Gateway

PASSWORD = "a long agent password"


def create_agent(gateway: Gateway, username: str, name: str, languages: str, role: str = "agent") -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "api.cli",
            "create-user",
            username,
            "--password-stdin",
            "--name",
            name,
            "--languages",
            languages,
            "--role",
            role,
        ],
        input=PASSWORD + "\n",
        env={**os.environ, "SUPPORTBOT_DATABASE_URL": f"sqlite:///{gateway.database}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


async def agent_client(gateway: Gateway, username: str, name: str, languages: str) -> httpx.AsyncClient:
    """A logged-in agent's HTTP client (session cookie and CSRF header set)."""
    create_agent(gateway, username, name, languages)
    client = httpx.AsyncClient(base_url=gateway.url, timeout=30)
    answer = await client.post("/api/console/login", json={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
    return client
