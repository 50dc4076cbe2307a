"""The catalogue's fixtures for every test in this folder (defined in support.py)."""

from tests.service_desk.catalogue.support import engine, sessions

__all__ = ["engine", "sessions"]
