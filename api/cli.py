"""Gateway management commands: `./supportbot manage COMMAND` (or python -m api.cli)."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from pathlib import Path

import httpx

from api.settings import get_settings
from channels.base import DeliveryError
from channels.telegram import ALLOWED_UPDATES, TelegramAdapter, TelegramSettings
from conversations.answers import AnswerCatalogue
from conversations.handoff import Handoff, HandoffPolicy
from conversations.markets import Markets
from service_desk.catalogue import SeedError, load_seed
from staff.accounts import AccountError, Accounts
from staff.console import ConsoleService
from storage.engine import create_engine, migrate, session_factory

# Who the audit log names for accounts made or changed at the server's shell (no user is logged in there).
CLI_ACTOR = "command line"


def _migrate() -> None:
    engine = create_engine(get_settings().database_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


async def _telegram_webhook(bot: TelegramSettings, url: str | None, delete: bool) -> int:
    """Tell Telegram where to deliver updates (or to stop, for long polling).

    It needs only the Telegram settings group: registering a webhook touches no database.
    """
    if not bot.token:
        print("SUPPORTBOT_TELEGRAM_TOKEN is not set", file=sys.stderr)
        return 2
    async with httpx.AsyncClient(timeout=30) as client:
        adapter = TelegramAdapter(client, base_url=bot.api_url, token=bot.token)
        try:
            me = await adapter.get_me()
            if delete:
                await adapter.delete_webhook()
                print(f"webhook of @{me.get('username')} deleted; long polling can be used")
                return 0
            if not bot.secret_token:
                print("SUPPORTBOT_TELEGRAM_SECRET_TOKEN is not set: the webhook would accept anyone", file=sys.stderr)
                return 2
            assert url is not None
            await adapter.set_webhook(url, bot.secret_token, ALLOWED_UPDATES)
        except DeliveryError as error:
            print(f"Telegram refused: {error.reason}", file=sys.stderr)
            return 1
    print(f"@{me.get('username')} now delivers updates to {url}")
    return 0


def _create_user(args: argparse.Namespace) -> int:
    """An agent or admin account; the password comes from stdin or a prompt, never the command line."""
    settings = get_settings()
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
    languages = [part.strip() for part in args.languages.split(",") if part.strip()]
    unknown = set(languages) - set(settings.languages)
    if unknown:
        print(f"unknown languages: {sorted(unknown)} (configured: {','.join(settings.languages)})", file=sys.stderr)
        return 2
    engine = create_engine(settings.database_url)
    try:
        migrate(engine)
        accounts = Accounts(session_factory(engine))
        if args.command == "set-password":
            accounts.set_password(args.username, password, actor=CLI_ACTOR)
            print(f"password of {args.username} changed; their sessions are closed")
            return 0
        account = accounts.create(
            args.username,
            password,
            display_name=args.name or args.username,
            role=args.role,
            languages=languages,
            actor=CLI_ACTOR,
        )
    except AccountError as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"{account.role} {account.username} created (languages: {','.join(account.languages) or 'all'})")
    return 0


def _desk_load(directory: str | None) -> int:
    """Load the service desk's seed files again: rows they name are updated, new ones added, none deleted."""
    settings = get_settings()
    folder = Path(directory) if directory else settings.desk_seed_dir
    if not (folder / "models.yml").is_file():
        print(f"no seed files in {folder} (models.yml is missing)", file=sys.stderr)
        return 2
    engine = create_engine(settings.database_url)
    try:
        migrate(engine)
        with session_factory(engine).begin() as session:
            counts = load_seed(session, folder, Markets.load(settings.markets_file))
    except SeedError as error:
        print(f"nothing loaded: {error}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(", ".join(f"{count} {name}" for name, count in counts.items()) + " loaded")
    return 0


def _deactivate_user(username: str) -> int:
    settings = get_settings()
    engine = create_engine(settings.database_url)
    try:
        migrate(engine)
        catalogue = AnswerCatalogue.load(settings.responses_dir, settings.languages, settings.default_language)
        handoff = Handoff(HandoffPolicy({}, 0.0, 1, 1), catalogue, Markets.load(settings.markets_file))
        released = ConsoleService(session_factory(engine), handoff).deactivate_now(
            username, "the command line", CLI_ACTOR
        )
    finally:
        engine.dispose()
    if released is None:
        print(f"no user {username!r}", file=sys.stderr)
        return 1
    print(f"{username} deactivated; {len(released)} conversation(s) back in the queue")
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
    for name, text in (
        ("create-user", "create an agent or admin for the console"),
        ("set-password", "change a password"),
    ):
        user = commands.add_parser(name, help=text)
        user.add_argument("username")
        user.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
        if name == "create-user":
            user.add_argument("--role", choices=["agent", "admin"], default="agent")
            user.add_argument("--name", default="", help="display name shown to colleagues and customers")
            user.add_argument("--languages", default="", help="languages the agent answers, e.g. ru,kk")
        else:
            user.set_defaults(languages="")
    deactivate = commands.add_parser(
        "deactivate-user", help="lock an account out; the conversations it held go back to the queue"
    )
    deactivate.add_argument("username")
    desk = commands.add_parser(
        "desk-load", help="load the service desk's seed files (config/service_desk/) again, updating by key"
    )
    desk.add_argument("--dir", default=None, help="another folder of seed files")
    args = parser.parse_args(argv)
    if args.command == "desk-load":
        return _desk_load(args.dir)
    if args.command == "deactivate-user":
        return _deactivate_user(args.username)
    if args.command in ("create-user", "set-password"):
        return _create_user(args)
    if args.command == "migrate":
        _migrate()
        print("database schema is up to date")
        return 0
    if args.command == "telegram-webhook":
        if args.url is not None and not args.url.startswith("https://"):
            parser.error("Telegram only delivers to https:// addresses")
        return asyncio.run(_telegram_webhook(get_settings().telegram, args.url, args.delete))
    return 2


if __name__ == "__main__":
    sys.exit(main())
