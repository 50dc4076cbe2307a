"""The message flow's fixture for every test in this folder (defined in support.py)."""

from tests.conversations.support import db

__all__ = ["db"]
