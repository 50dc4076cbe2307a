"""Markets and their business hours: is a technician at work for this customer, and if not, when?

Each market (config/markets.yml) has a time zone and opening hours per weekday. A
customer belongs to the market of their phone number's country code (WhatsApp), else of
the conversation's language, else the default market.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class MarketsError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Market:
    code: str
    timezone: ZoneInfo
    languages: tuple[str, ...]
    phone_prefixes: tuple[str, ...]
    hours: dict[int, tuple[time, time]]  # weekday (0 = Monday) -> open, close

    def is_open(self, at: datetime) -> bool:
        local = at.astimezone(self.timezone)
        span = self.hours.get(local.weekday())
        return span is not None and span[0] <= local.time() < span[1]

    def next_opening(self, at: datetime) -> datetime:
        """When a technician is next at work (local time); `at` itself if open now."""
        local = at.astimezone(self.timezone)
        if self.is_open(at):
            return local
        for days in range(8):
            day = (local + timedelta(days=days)).date()
            span = self.hours.get(day.weekday())
            if span is None:
                continue
            opening = datetime.combine(day, span[0], tzinfo=self.timezone)
            if opening > local:
                return opening
        raise MarketsError(f"market {self.code} has no opening hours")


def _span(value: str, where: str) -> tuple[time, time]:
    try:
        start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError as error:
        raise MarketsError(f"{where}: hours must look like 09:00-18:00, got {value!r}") from error
    if not start < end:
        raise MarketsError(f"{where}: opening must be before closing")
    return start, end


class Markets:
    def __init__(self, markets: dict[str, Market], default: str) -> None:
        if default not in markets:
            raise MarketsError(f"default market {default} is not defined")
        self._markets = markets
        self.default = markets[default]

    @classmethod
    def load(cls, path: Path) -> Markets:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        markets: dict[str, Market] = {}
        for code, entry in (data.get("markets") or {}).items():
            hours = {}
            for day, span in (entry.get("hours") or {}).items():
                if day not in WEEKDAYS:
                    raise MarketsError(f"{path}: {code}: unknown weekday {day!r}")
                hours[WEEKDAYS.index(day)] = _span(str(span), f"{path}: {code}.{day}")
            markets[code] = Market(
                code=code,
                timezone=ZoneInfo(entry["timezone"]),
                languages=tuple(entry.get("languages") or ()),
                phone_prefixes=tuple(str(p) for p in entry.get("phone_prefixes") or ()),
                hours=hours,
            )
        return cls(markets, str(data.get("default")))

    def get(self, code: str) -> Market:
        """The market `code`, or the default one for a code no longer configured."""
        return self._markets.get(code, self.default)

    def by_phone(self, channel: str, external_id: str) -> Market | None:
        """The market of a WhatsApp number's country code (the longest prefix that matches)."""
        if channel != "whatsapp" or not external_id.isdigit():
            return None
        matches = [
            (len(prefix), market)
            for market in self._markets.values()
            for prefix in market.phone_prefixes
            if external_id.startswith(prefix)
        ]
        return max(matches, key=lambda match: match[0])[1] if matches else None

    def for_customer(self, channel: str, external_id: str, language: str | None) -> Market:
        by_phone = self.by_phone(channel, external_id)
        if by_phone is not None:
            return by_phone
        for market in self._markets.values():
            if language in market.languages:
                return market
        return self.default
