"""What a catalogue row may hold (service_desk/catalogue/rows.py) and how a key is read from
a URL (resources.py): every refusal has a reason a person can act on."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from service_desk.catalogue import RESOURCES, RowInvalid
from service_desk.catalogue.rows import CentreRow, ItemRow, ModelRow, PolicyRow, RoadsideRow, VehicleRow

NAMES = {"en": "oil", "ru": "масло", "az": "yağ", "kk": "май", "ka": "ზეთი", "ne": "तेल"}
CENTRE = {
    "code": "c",
    "name": "C",
    "city_code": "baku",
    "address": "1 St",
    "phone": "+994 12 555 0101",
    "latitude": 40.4,
    "longitude": 49.8,
}
VEHICLE = {"vin": "LVVDB21B5RD123456", "model_code": "m", "sale_date": "2024-03-15", "market": "AZ"}


def _reason(model: type[BaseModel], data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(data)
    return str(refused.value)


def test_a_vin_is_uppercased_and_must_be_17_allowed_characters() -> None:
    assert VehicleRow.model_validate(VEHICLE | {"vin": " lvvdb21b5rd123456 "}).vin == "LVVDB21B5RD123456"
    for bad in (
        "LVVDB21B5RD12345",
        "LVVDB21B5RD1234567",
        "LVVDB21B5RD12345O",
        "LVVDB21B5RD12345I",
        "LVVDB21B5RD1234-6",
    ):
        assert "a VIN is 17 characters of 0-9 and A-Z without I, O and Q" in _reason(VehicleRow, VEHICLE | {"vin": bad})


def test_an_owner_phone_is_kept_as_digits() -> None:
    assert VehicleRow.model_validate(VEHICLE | {"owner_phone": "+994 (50) 123-45-67"}).owner_phone == "994501234567"
    assert "6-15 digits" in _reason(VehicleRow, VEHICLE | {"owner_phone": "call me"})


@pytest.mark.parametrize(
    ("hours", "reason"),
    [
        ({"monday": "09:00-18:00"}, "'monday' is not a weekday"),
        ({"mon": "9-18"}, "mon: hours look like 09:00-18:00"),
        ({"mon": "09:00-25:00"}, "mon: hours look like 09:00-18:00"),
        ({"sun": "18:00-09:00"}, "sun: opening 18:00 must be before closing 09:00"),
    ],
)
def test_hours_are_hh_mm_spans_on_weekdays(hours: dict[str, str], reason: str) -> None:
    assert reason in _reason(CentreRow, CENTRE | {"hours": hours})


def test_hours_are_kept_in_weekday_order() -> None:
    row = CentreRow.model_validate(CENTRE | {"hours": {"sat": "10:00-15:00", "mon": " 09:00-18:00"}})
    assert list(row.hours or {}) == ["mon", "sat"] and row.hours == {"mon": "09:00-18:00", "sat": "10:00-15:00"}


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"timezone": "Asia/Nowhere"}, "'Asia/Nowhere' is not a time zone name"),
        ({"timezone": "../../etc/passwd"}, "is not a time zone name"),
        ({"latitude": 90.5}, "latitude"),
        ({"longitude": -181}, "longitude"),
        ({"latitude": "nan"}, "latitude"),
        ({"bays": 0}, "bays"),
        ({"bays": 51}, "bays"),
        ({"slot_minutes": 10}, "slot_minutes"),
        ({"slot_minutes": 241}, "slot_minutes"),
        ({"languages": ["az", "fr"]}, "unknown languages 'fr'"),
        ({"phone": "call us"}, "a phone number has digits"),
        ({"city": "baku"}, "Extra inputs are not permitted"),
    ],
)
def test_a_centre_is_refused_with_the_reason(change: dict[str, Any], reason: str) -> None:
    assert reason in _reason(CentreRow, CENTRE | change)


def test_an_item_is_named_in_all_six_languages() -> None:
    assert list(ItemRow.model_validate({"code": "oil", "names": NAMES}).names) == ["en", "ru", "az", "kk", "ka", "ne"]
    assert "names missing in ne" in _reason(
        ItemRow, {"code": "oil", "names": {k: v for k, v in NAMES.items() if k != "ne"}}
    )
    assert "unknown languages 'de'" in _reason(ItemRow, {"code": "oil", "names": NAMES | {"de": "Öl"}})
    assert "must not be empty" in _reason(ItemRow, {"code": "oil", "names": NAMES | {"ka": "  "}})


def test_models_policies_and_contacts_check_their_numbers_and_words() -> None:
    model = {"code": "m", "make": "Chery", "name": "Tiggo", "powertrain": "ice"}
    assert "powertrain" in _reason(ModelRow, model | {"powertrain": "diesel"})
    assert "Input should be 'ice', 'hev', 'phev', 'erev' or 'ev'" in _reason(ModelRow, model | {"powertrain": "gas"})
    policy = {"model_code": "m", "general_years": 5}
    assert "general_years" in _reason(PolicyRow, policy | {"general_years": -1})
    assert "general_km" in _reason(PolicyRow, policy | {"general_km": 0})
    assert "battery_km given without battery_years" in _reason(PolicyRow, policy | {"battery_km": 1000})
    assert PolicyRow.model_validate(policy | {"market": "az"}).market == "AZ"
    assert "a market is a code of 2-8 letters" in _reason(PolicyRow, policy | {"market": "A*"})
    assert (
        RoadsideRow.model_validate({"market": "GE", "emergency": 112, "roadside": "+995 32 2 00 00 00"}).emergency
        == "112"
    )


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"])
def test_free_text_may_not_start_like_a_spreadsheet_formula(text: str) -> None:
    reason = _reason(ModelRow, {"code": "m", "make": text, "name": "n", "powertrain": "ev"})
    assert "may not start with = + - or @" in reason


def test_free_text_refuses_control_characters_but_keeps_markup_as_text() -> None:
    assert "control characters" in _reason(ModelRow, {"code": "m", "make": "a\nb", "name": "n", "powertrain": "ev"})
    row = ModelRow.model_validate(
        {"code": "m", "make": "<b>Chery</b>", "name": "<script>x</script>", "powertrain": "ev"}
    )
    assert row.name == "<script>x</script>"


def test_a_key_in_a_url_is_read_like_the_row_s_own_fields() -> None:
    assert RESOURCES["vehicles"].parse_key("lvvdb21b5rd123456") == ("LVVDB21B5RD123456",)
    assert RESOURCES["policies"].parse_key("test-ice:*") == ("test-ice", "*")
    assert RESOURCES["policies"].parse_key("test-ice:az") == ("test-ice", "AZ")
    assert RESOURCES["roadside"].parse_key("ge") == ("GE",)
    with pytest.raises(RowInvalid, match="a warranty policy key looks like model_code:market"):
        RESOURCES["policies"].parse_key("test-ice")
    with pytest.raises(RowInvalid, match="vin: a VIN is 17 characters"):
        RESOURCES["vehicles"].parse_key("123")
