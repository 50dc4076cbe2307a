"""What extract() returns for a whole message (bot/entities/__init__.py), read as a specification.

VINs and one reading, sorted by position, with offsets into the original text.
"""

from __future__ import annotations

import dataclasses

import pytest

from bot.entities import Entity, extract


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


def test_entities_come_sorted_by_position_with_offsets_into_the_original_text() -> None:
    text = "ВИН ХТА21099043576182, пробег 45 тыс. км, нет, это было раньше"
    found = extract(text)
    assert [(e.entity, e.value) for e in found] == [("vin", "XTA21099043576182"), ("mileage", 45000)]
    for entity in found:
        assert text[entity.start : entity.end] == entity.text
    assert found[0].text == "ХТА21099043576182"  # as typed, Cyrillic and all
    assert found[1].text == "45 тыс. км"


@pytest.mark.parametrize(
    ("text", "km"),
    [
        ("45 000 km, then 52 000 km after the trip", 45000),  # equals: the first
        ("жолда 800 км жүрдік, жалпы пробег 96 000", 96000),  # a mileage word names the reading
        ("прошла 1500 км от Алматы, а пробег у нее 120 000 км", 120000),
    ],
)
def test_a_car_has_one_reading_per_message(text: str, km: int) -> None:
    assert mileages(text) == [km]


def test_a_full_stop_after_the_unit_is_not_part_of_the_entity() -> None:
    [entity] = extract("Пробег 150 000км. Что менять?")
    assert entity.text == "150 000км"


def test_offsets_stay_right_after_characters_that_change_length_in_lower_case() -> None:
    text = "İŞ 1HGCM82633A004352 İ 45000 km"  # İ lower-cases to two characters
    for entity in extract(text):
        assert text[entity.start : entity.end] == entity.text


def test_digits_inside_a_vin_are_never_a_mileage() -> None:
    assert [e.entity for e in extract("WVWZZZ1JZXW000001 km")] == ["vin"]
    assert [e.entity for e in extract("пробег LGXCE4CB8N0123457")] == ["vin"]


def test_a_message_without_entities_gives_an_empty_list() -> None:
    assert extract("") == []
    assert extract("my car won't start") == []


def test_an_entity_is_immutable() -> None:
    entity = Entity("vin", "1HGCM82633A004352", 0, 17, "1HGCM82633A004352")
    assert entity.confidence == 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        entity.value = "x"  # type: ignore[misc]
