"""Which city, or which vehicle model, a free-text answer names (service_desk/understanding:
match_place, match_name)."""

from __future__ import annotations

import pytest

from service_desk.understanding import Place, match_name, match_place

CITIES = (
    Place("baku", ("Baku", "Bakı", "Баку", "ბაქო", "बाकु")),
    Place("ganja", ("Ganja", "Gəncə", "Гянджа")),
    Place("sumgait", ("Sumgait", "Sumqayıt", "Сумгаит")),
    Place("sheki", ("Sheki", "Şəki", "Шеки")),
    Place("almaty", ("Almaty", "Алматы")),
    Place("astana", ("Astana", "Астана")),
    Place("shymkent", ("Shymkent", "Шымкент")),
    Place("karaganda", ("Karaganda", "Қарағанды", "Караганда")),
    Place("oskemen", ("Oskemen", "Өскемен", "Усть-Каменогорск")),
    Place("tbilisi", ("Tbilisi", "თბილისი", "Тбилиси")),
    Place("batumi", ("Batumi", "ბათუმი", "Батуми")),
    Place("kutaisi", ("Kutaisi",)),  # only in Latin letters
    Place("bakuriani", ("Bakuriani", "ბაკურიანი")),
    Place("kathmandu", ("Kathmandu", "काठमाडौं", "Катманду")),
    Place("pokhara", ("Pokhara", "पोखरा")),
    Place("moscow", ("Moscow", "Москва")),
)


def city(text: str) -> str | None:
    place = match_place(text, CITIES)
    return None if place is None else place.code


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Baku", "baku"),
        ("Баку", "baku"),
        ("ბაქო", "baku"),
        ("बाकु", "baku"),
        ("Şəki", "sheki"),
        ("я в Тбилиси", "tbilisi"),
        ("ALMATY", "almaty"),
    ],
)
def test_a_city_as_the_catalogue_writes_it(text: str, expected: str) -> None:
    assert city(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bakıda", "baku"),  # Azerbaijani: in Baku
        ("Gəncədə", "ganja"),
        ("Gəncəyə", "ganja"),  # to Ganja
        ("Sumqayıtda", "sumgait"),
        ("Şəkiyə", "sheki"),
        ("Алматыда", "almaty"),  # Kazakh: in Almaty
        ("Астанаға", "astana"),  # to Astana
        ("Шымкентте", "shymkent"),
        ("Қарағандыда", "karaganda"),
        ("Өскеменде", "oskemen"),
        ("в Баку", "baku"),  # Russian: Baku does not decline
        ("в Алматы", "almaty"),
        ("в Астане", "astana"),  # the final vowel changes
        ("в Москве", "moscow"),
        ("в Караганде", "karaganda"),
        ("в Шымкенте", "shymkent"),
        ("в Усть-Каменогорске", "oskemen"),
        ("თბილისში", "tbilisi"),  # Georgian: the nominative "ი" drops before "-ში"
        ("ბათუმში", "batumi"),
        ("ბათუმიდან", "batumi"),  # from Batumi
        ("काठमाडौंमा", "kathmandu"),  # Nepali: in Kathmandu
        ("पोखरामा", "pokhara"),
    ],
)
def test_a_city_with_its_case_ending(text: str, expected: str) -> None:
    assert city(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bakida", "baku"),
        ("Gencede", "ganja"),
        ("Sumqayitda", "sumgait"),
        ("sekiye", "sheki"),
        ("Карагандыда", "karaganda"),  # Kazakh on a Russian keyboard
        ("Оскеменде", "oskemen"),
        ("काठमाडौँ", "kathmandu"),  # candrabindu for anusvara
    ],
)
def test_a_city_without_its_special_letters(text: str, expected: str) -> None:
    assert city(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("almatyda", "almaty"),
        ("Astanaga", "astana"),
        ("Qaragandyda", "karaganda"),
        ("v moskve", "moscow"),
        ("tbilisshi", "tbilisi"),
        ("batumshi", "batumi"),
        ("ქუთაისში", "kutaisi"),  # written in Georgian, catalogued only in Latin letters
        ("pokharama", "pokhara"),
    ],
)
def test_a_city_romanized_either_side(text: str, expected: str) -> None:
    assert city(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tbilsi", "tbilisi"),
        ("Kathmadu", "kathmandu"),
        ("Katmandu", "kathmandu"),
        ("Shymkemt", "shymkent"),
        ("Almatida", "almaty"),  # a typo and an ending
    ],
)
def test_a_city_with_a_typo(text: str, expected: str) -> None:
    assert city(text) == expected


def test_a_short_name_is_never_guessed_from_a_typo() -> None:
    """Four letters are too few: "Boku" is not "Baku" (but "Bako" is: "ბაქო" romanized)."""
    assert city("Boku") is None
    assert city("Bako") == "baku"


def test_the_longest_name_wins() -> None:
    """Bakuriani begins with Baku; "Ust-Kamenogorsk" is one name, not two."""
    assert city("Бакуриани") == "bakuriani"
    assert city("ბაკურიანში") == "bakuriani"
    assert city("Bakuriani") == "bakuriani"
    assert match_place("Bakuriani", [p for p in CITIES if p.code == "baku"]) is None


def test_of_two_cities_the_longer_name_then_the_first() -> None:
    assert city("я живу в Астане, а машина в Баку") == "astana"
    assert city("Bakı və ya Gəncə") == "ganja"  # "Gəncə" is the longer name
    assert city("Gəncə or Bakı") == "ganja"


@pytest.mark.parametrize("text", ["ba", "ok", "нет", "да", "ба", "я из бакинского района", "Paris", ""])
def test_no_city_no_fragment(text: str) -> None:
    assert city(text) is None


def test_an_empty_catalogue_names_nothing() -> None:
    assert match_place("Baku", []) is None


def test_accents_decide_between_two_names_that_fold_alike() -> None:
    catalogue = [Place("seki", ("Seki",)), Place("sheki", ("Şəki",))]
    assert match_place("Şəki", catalogue) == catalogue[1]
    assert match_place("Seki", catalogue) == catalogue[0]


MODELS = {
    "chery-tiggo-7": ["Tiggo 7", "Тигго 7", "Chery Tiggo7"],
    "chery-tiggo-7-pro": ["Tiggo 7 Pro", "Тигго 7 Про"],
    "chery-tiggo-8": ["Tiggo 8", "Тигго 8"],
    "haval-jolion": ["Jolion", "Джолион"],
    "byd-song-plus": ["Song Plus", "Сонг Плюс"],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiggo 7", "chery-tiggo-7"),
        ("у меня тигго 7", "chery-tiggo-7"),
        ("tiggo7", "chery-tiggo-7"),  # digits glued to the name
        ("Chery Tiggo7 2023", "chery-tiggo-7"),
        ("тигго 7 про", "chery-tiggo-7-pro"),  # the longest alias first
        ("Tiggo 7 Pro Max", "chery-tiggo-7-pro"),
        ("Tiggo 8", "chery-tiggo-8"),  # digits must be equal
        ("jolionim var", "haval-jolion"),
        ("Джолионом", "haval-jolion"),
        ("Jollion", "haval-jolion"),  # a typo
        ("tigo 7", "chery-tiggo-7"),  # a typo in the name; the number is right
        ("Song Plus DM-i", "byd-song-plus"),
        ("songplus", "byd-song-plus"),  # a two-word name run together
    ],
)
def test_a_vehicle_model(text: str, expected: str) -> None:
    assert match_name(text, MODELS) == expected


@pytest.mark.parametrize("text", ["Tiggo", "Tiggo 9", "Tiggo 77", "Chery", "Camry", "7"])
def test_no_model(text: str) -> None:
    assert match_name(text, MODELS) is None


def test_the_keys_are_not_aliases() -> None:
    assert match_name("model-42", {"model-42": ["Jolion"]}) is None
