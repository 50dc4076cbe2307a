"""The agent console's fixture for every test in this folder (defined in console_support.py)."""

from tests.api.routers.console_support import console

__all__ = ["console"]
