"""Gateway management commands: `./supportbot manage COMMAND` (or python -m api.cli)."""

from __future__ import annotations

import argparse
import sys

from api.db import create_engine, migrate
from api.settings import get_settings


def _migrate() -> None:
    engine = create_engine(get_settings().database_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot manage")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="bring SUPPORTBOT_DATABASE_URL's schema to the newest revision")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        _migrate()
        print("database schema is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
