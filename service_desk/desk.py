"""The service desk as the action server sees it: one method per question a form asks.

Each method takes the conversation's public id (Rasa's sender id) and its language,
reads and writes through `storage.repositories.desk`, and returns values ready for an
answer template: dates, distances and item names already in the customer's language,
lines rendered from the answer catalogue's `desk_*` templates. A question it cannot
answer raises DeskError with a stable `reason` the bot turns into an answer.
"""

from __future__ import annotations

from service_desk.desk_base import DeskError, VehicleInfo, month_and_year
from service_desk.desk_claims import ClaimQuestions
from service_desk.desk_places import PlaceQuestions
from service_desk.desk_vehicles import VehicleQuestions


class DeskService(VehicleQuestions, ClaimQuestions, PlaceQuestions):
    """Every desk question, one object for the router (api/routers/desk.py)."""


__all__ = ["DeskError", "DeskService", "VehicleInfo", "month_and_year"]
