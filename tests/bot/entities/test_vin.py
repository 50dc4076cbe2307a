"""VIN recognition (bot/entities/vin.py), read as a specification.

Each table is a list of chat messages as customers write them, in the six languages: the
VIN found in each, or none. A VIN's shape decides, not the words around it.
"""

from __future__ import annotations

import pytest

from bot.entities import extract, normalize_vin, vin_check_digit_valid


def vins(text: str) -> list[str]:
    return [entity.value for entity in extract(text) if entity.entity == "vin"]  # type: ignore[misc]


def mileages(text: str) -> list[int]:
    return [entity.value for entity in extract(text) if entity.entity == "mileage"]  # type: ignore[misc]


# -- what is found ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("добрый день, вин LGXCE4CB8N0123457, горит чек", "LGXCE4CB8N0123457"),
        ("VIN: LFV2A21K7G3052914", "LFV2A21K7G3052914"),
        ("Salam, vin kodu LSGHD52H7KD012345, maşın işə düşmür", "LSGHD52H7KD012345"),
        ("Сәлеметсіз бе, VIN коды Z94CB41AAGR323020", "Z94CB41AAGR323020"),
        ("გამარჯობა, ვინ კოდი WVWZZZ1JZXW000001", "WVWZZZ1JZXW000001"),
        ("मेरो गाडीको भिन 1HGCM82633A004352 हो", "1HGCM82633A004352"),
        ("JTDKN3DU0A0123456", "JTDKN3DU0A0123456"),
        ("лада XTA21099043576182, не заводится", "XTA21099043576182"),
        ("my vin is 1HGCM82633A004352.", "1HGCM82633A004352"),
        ("(VIN 1HGCM82633A004352)", "1HGCM82633A004352"),
    ],
)
def test_a_vin_in_one_piece_is_found_in_any_language(text: str, vin: str) -> None:
    assert vins(text) == [vin]


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("vin lgxce4cb8n0123457", "LGXCE4CB8N0123457"),
        ("вин: xta21099043576182", "XTA21099043576182"),
        ("Wvwzzz1jzxw000001", "WVWZZZ1JZXW000001"),
    ],
)
def test_a_vin_typed_in_lower_case_is_returned_in_upper_case(text: str, vin: str) -> None:
    assert vins(text) == [vin]


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("VIN: LGX CE4CB8 N0123457", "LGXCE4CB8N0123457"),
        ("вин LGX-CE4CB8-N0123457", "LGXCE4CB8N0123457"),
        ("WVW ZZZ 1JZ XW 000001 это мой гольф", "WVWZZZ1JZXW000001"),
        ("vin lgx ce4cb8 n0123457", "LGXCE4CB8N0123457"),  # lower-case groups, vouched for by "vin"
        ("1hgcm8 2633a0 04352", "1HGCM82633A004352"),  # lower-case groups, vouched for by the check digit
    ],
)
def test_a_vin_typed_in_groups_is_joined(text: str, vin: str) -> None:
    assert vins(text) == [vin]


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("ХТА21099043576182", "XTA21099043576182"),  # all letters Cyrillic: Russian layout
        ("вин ХТА219010К0654321", "XTA219010K0654321"),
        ("LGХСЕ4СВ8N0123457", "LGXCE4CB8N0123457"),  # Х, С, Е, В Cyrillic among Latin
        ("Z94СВ41ААGR323020", "Z94CB41AAGR323020"),
        ("wvwzzz1jzxw00000о1", None),  # 18 characters: not a VIN, whatever the letters
    ],
)
def test_cyrillic_look_alike_letters_in_a_vin_are_read_as_latin(text: str, vin: str | None) -> None:
    assert vins(text) == ([vin] if vin else [])


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("1HGCM82633AOO4352", "1HGCM82633A004352"),  # O typed for 0
        ("WVWZZZ1JZXWOOOOO1", "WVWZZZ1JZXW000001"),
        ("LGXCE4CB8N0I23457", "LGXCE4CB8N0123457"),  # I typed for 1
        ("JTDKN3DU0A0Q23456", "JTDKN3DU0A0023456"),  # Q typed for 0
        ("XTA21099О43576182", "XTA21099043576182"),  # Cyrillic О typed for 0
    ],
)
def test_i_o_and_q_in_a_vin_shaped_token_are_read_as_digits(text: str, vin: str) -> None:
    assert vins(text) == [vin]


def test_the_check_digit_is_computed_as_in_iso_3779() -> None:
    assert vin_check_digit_valid("1HGCM82633A004352")
    assert vin_check_digit_valid("1hgcm82633a004352")
    assert not vin_check_digit_valid("1HGCM82643A004352")
    assert vin_check_digit_valid("3VW2B7AJXHM301822")  # remainder 10 is written X
    assert not vin_check_digit_valid("1HGCM82633A00435")  # 16 characters


@pytest.mark.parametrize("vin", ["WVWZZZ1JZXW000001", "XTA21099043576182", "Z94CB41AAGR323020", "LGXCE4CB8N0123457"])
def test_a_wrong_check_digit_never_rejects_a_vin_it_lowers_the_confidence(vin: str) -> None:
    assert not vin_check_digit_valid(vin)  # European, Russian, Kazakh and Chinese VINs need none
    [entity] = extract(f"VIN {vin}")
    assert (entity.value, entity.confidence) == (vin, 0.9)


def test_a_valid_check_digit_gives_full_confidence() -> None:
    [entity] = extract("vin 1HGCM82633A004352")
    assert entity.confidence == 1.0


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("винKMHLS41DBNU318472 гарантиясы бітті ме?", "KMHLS41DBNU318472"),
        ("changan cs55 plus vinkodiLS5A3DKR8PA108264", "LS5A3DKR8PA108264"),
        ("вин-кодZ94G2815DMR276401 крета", "Z94G2815DMR276401"),
        ("ban nömrəsi XTA219070K0583316dı, Lada Granta", "XTA219070K0583316"),
        ("WagonR ko MA3ZFE81S00H27530ko side mirror", "MA3ZFE81S00H27530"),
        ("vin 1C4RJFAG1HC648203thx", "1C4RJFAG1HC648203"),
    ],
)
def test_a_vin_glued_to_the_word_before_it_or_to_a_case_ending_is_found(text: str, vin: str) -> None:
    assert vins(text) == [vin]


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("Tiggo 7 pro\nlvv db21b8 nd348215\nkondisioner soyutmur", "LVVDB21B8ND348215"),
        ("lvv db2 1b7 nd387 412 вот вин", "LVVDB21B7ND387412"),
    ],
)
def test_a_vin_in_groups_may_start_with_its_maker_code_in_lower_case(text: str, vin: str) -> None:
    assert vins(text) == [vin]


def test_a_vin_named_twice_is_one_vin() -> None:
    text = "Идентификационный номер (VIN) XTA219010M0712345\nКузов № XTA219010M0712345\nпробег 33т.км"
    assert vins(text) == ["XTA219010M0712345"]
    assert mileages(text) == [33000]


@pytest.mark.parametrize(
    ("text", "vin"),
    [
        ("Z94CT41DBJR523917дің тежегіш дискилері қанша?", "Z94CT41DBJR523917"),  # Kazakh genitive
        ("XTAGFL110LY398512ზე რა ზეთის ფილტრი მიდის?", "XTAGFL110LY398512"),  # Georgian "on"
        ("WVWZZZ6RZHY148203को पोलो हो।", "WVWZZZ6RZHY148203"),  # Devanagari "of"
        ("KMHD841-CBLU-067392 elantra 2020, ac warm", "KMHD841CBLU067392"),  # the model's name is no group
    ],
)
def test_vins_the_seventh_rounds_misses_taught(text: str, vin: str) -> None:
    assert vins(text) == [vin]


# -- what is not a VIN -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "12345678901234567",  # a long number: no letter
        "заявка 20231105123456789",
        "позвоните +99450123456789",
        "Telecommunication",  # a 17-letter word
        "ABCDEFGHJKLMNPRST",  # 17 letters
        "LGXCE4CB8N012345A",  # a VIN's last four characters are digits
        "LGXCE4CB8N01234",  # 15 characters
        "LGXCE4CB8N01234578",  # 18 characters
        "LGXCE4CB8N0123457X",
        "the brake pads 12345",  # words that happen to add up to 17 characters
        "send to service 12345",
        "кот 12345678901234",
        "P0420 P0171 ошибки",
        "https://example.com/LGXCE4CB8N0123457abc",
        "LGXCE4CB8N0123457км",  # glued to a word
        "my roadside assistance number 0800 123 4567 isnt working",  # a word and a phone number
        "and the kms are 45000",  # short words and a number
    ],
)
def test_words_numbers_and_codes_are_not_vins(text: str) -> None:
    assert vins(text) == []


def test_groups_that_can_be_joined_two_ways_are_not_guessed() -> None:
    # "A" + the 16 in the middle, or the 16 + "2": both are VIN-shaped, so neither is taken.
    assert vins("A 1HGCM82633A00435 2") == []


# -- normalize_vin ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "vin"),
    [
        ("lgx-ce4cb8-n0123457", "LGXCE4CB8N0123457"),
        (" ХТА 21099 043576182 ", "XTA21099043576182"),
        ("1HGCM82633AOO4352", "1HGCM82633A004352"),
        ("12345678901234567", None),
        ("LGXCE4CB8N012345", None),
    ],
)
def test_normalize_vin(raw: str, vin: str | None) -> None:
    assert normalize_vin(raw) == vin


def test_normalize_vin_can_refuse_mistyped_letters() -> None:
    assert normalize_vin("1HGCM82633AOO4352", allow_mistyped=False) is None
