"""Reading a VIN: repaired when typed loosely, refused with a reason when it is none, decoded offline."""

from __future__ import annotations

from datetime import date

import pytest

from service_desk.vins import VinError, decode, normalise, validate

TODAY = date(2026, 12, 7)


def test_spaces_dashes_lowercase_and_the_letter_o_are_repaired() -> None:
    assert normalise("lvv-db21b5 rd12345o") == "LVVDB21B5RD123450"
    assert validate(" LVVDB21B5RD123456 ") == "LVVDB21B5RD123456"


@pytest.mark.parametrize(
    ("text", "reason"),
    [("LVVDB21B5RD12345", "vin_length"), ("LVVDB21B5RD1234567", "vin_length"), ("LVVDB21B5RD12345#", "vin_characters")],
)
def test_what_is_no_vin_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(VinError) as refused:
        validate(text)
    assert refused.value.reason == reason


def test_the_maker_and_model_year_come_from_the_vin_itself() -> None:
    decoded = decode("LVVDB21B5RD123456", TODAY)
    assert decoded.manufacturer == "Chery"
    assert decoded.model_year == 2024


def test_an_unknown_maker_is_none_not_a_guess() -> None:
    assert decode("ZZZZZZZZZZZZZZZZZ", TODAY).manufacturer is None
