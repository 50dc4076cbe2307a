"""Gateway management commands: `./supportbot manage COMMAND` (or python -m api.cli)."""

from __future__ import annotations

import argparse
import asyncio
import sys

import httpx

from api.db import create_engine, migrate
from api.settings import Settings, get_settings
from channels.base import DeliveryError
from channels.telegram import ALLOWED_UPDATES, TelegramAdapter


def _migrate() -> None:
    engine = create_engine(get_settings().database_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


async def _telegram_webhook(settings: Settings, url: str | None, delete: bool) -> int:
    """Tell Telegram where to deliver updates (or to stop, for long polling)."""
    if not settings.telegram_token:
        print("SUPPORTBOT_TELEGRAM_TOKEN is not set", file=sys.stderr)
        return 2
    async with httpx.AsyncClient(timeout=30) as client:
        adapter = TelegramAdapter(client, base_url=settings.telegram_api_url, token=settings.telegram_token)
        try:
            me = await adapter.get_me()
            if delete:
                await adapter.delete_webhook()
                print(f"webhook of @{me.get('username')} deleted; long polling can be used")
                return 0
            if not settings.telegram_secret_token:
                print("SUPPORTBOT_TELEGRAM_SECRET_TOKEN is not set: the webhook would accept anyone", file=sys.stderr)
                return 2
            assert url is not None
            await adapter.set_webhook(url, settings.telegram_secret_token, ALLOWED_UPDATES)
        except DeliveryError as error:
            print(f"Telegram refused: {error.reason}", file=sys.stderr)
            return 1
    print(f"@{me.get('username')} now delivers updates to {url}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot manage")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring SUPPORTBOT_DATABASE_URL's schema to the newest revision")
    webhook = commands.add_parser(
        "telegram-webhook", help="register the gateway's Telegram webhook (setWebhook with the secret token)"
    )
    target = webhook.add_mutually_exclusive_group(required=True)
    target.add_argument("--url", help="public HTTPS address, e.g. https://support.example.com/webhooks/telegram")
    target.add_argument("--delete", action="store_true", help="remove the webhook (for long polling)")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        _migrate()
        print("database schema is up to date")
        return 0
    if args.command == "telegram-webhook":
        if args.url is not None and not args.url.startswith("https://"):
            parser.error("Telegram only delivers to https:// addresses")
        return asyncio.run(_telegram_webhook(get_settings(), args.url, args.delete))
    return 2


if __name__ == "__main__":
    sys.exit(main())
