"""Markets: which market a customer belongs to, and when its technicians are at work."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from api.settings import Settings
from conversations.markets import Markets, MarketsError


@pytest.fixture(scope="module")
def markets() -> Markets:
    return Markets.load(Settings().markets_file)


def test_a_whatsapp_number_decides_the_market_before_the_language(markets: Markets) -> None:
    assert markets.for_customer("whatsapp", "994501234567", "ru").code == "AZ"
    assert markets.for_customer("whatsapp", "77011234567", "ru").code == "KZ"
    assert markets.for_customer("whatsapp", "9779812345678", "en").code == "NP"


def test_otherwise_the_conversations_language_then_the_default(markets: Markets) -> None:
    assert markets.for_customer("telegram", "50912345", "ka").code == "GE"
    assert markets.for_customer("webchat", "session", "kk").code == "KZ"
    assert markets.for_customer("webchat", "session", None).code == markets.default.code


def test_hours_are_local_time(markets: Markets) -> None:
    baku = markets.for_customer("whatsapp", "994501234567", "az")  # UTC+4, Mon-Fri 09:00-18:00
    monday_noon_baku = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    monday_night_baku = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 19:00 in Baku
    assert baku.is_open(monday_noon_baku)
    assert not baku.is_open(monday_night_baku)
    opens = baku.next_opening(monday_night_baku)
    assert (opens.strftime("%a %H:%M"), opens.utcoffset().total_seconds()) == ("Tue 09:00", 4 * 3600)  # type: ignore[union-attr]


def test_nepals_day_off_is_saturday(markets: Markets) -> None:
    kathmandu = markets.for_customer("whatsapp", "9779812345678", "ne")
    saturday_noon = datetime(2026, 11, 28, 6, 15, tzinfo=UTC)  # 12:00 in Kathmandu
    assert not kathmandu.is_open(saturday_noon)
    assert kathmandu.next_opening(saturday_noon).strftime("%a %H:%M") == "Sun 10:00"


def test_a_broken_file_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "markets.yml"
    path.write_text("default: X\nmarkets:\n  X:\n    timezone: UTC\n    hours: {mon: '18:00-09:00'}\n")
    with pytest.raises(MarketsError, match="opening must be before closing"):
        Markets.load(path)
    path.write_text("default: Y\nmarkets:\n  X:\n    timezone: UTC\n    hours: {mon: '09:00-18:00'}\n")
    with pytest.raises(MarketsError, match="default market Y"):
        Markets.load(path)
