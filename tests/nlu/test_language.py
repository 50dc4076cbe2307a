"""Which language a conversation is answered in.

The messages below are written for these tests (none comes from the training or the
held-out examples): customers write informally, Azerbaijani often without its special
letters, Kazakh on a Russian keyboard, both mixed with Russian or English car words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from api.settings import SUPPORTED_LANGUAGES
from nlu import language as language_module
from nlu.language import Detection, LanguageDetector, requested_language, romanize


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector(SUPPORTED_LANGUAGES, "en")


# -- the first message sets the language ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hello, my car does not start since this morning", "en"),
        ("Здравствуйте, что покрывает гарантия на батарею?", "ru"),
        ("Salam, zəmanət neçə ildir?", "az"),
        ("Сәлеметсіз бе, көлігім оталмай тұр", "kk"),
        ("გამარჯობა, მანქანა არ იქოქება", "ka"),
        ("नमस्ते, मेरो गाडी स्टार्ट हुँदैन", "ne"),
        ("४५,००० कि.मि. मा सर्भिस कहिले?", "ne"),
    ],
)
def test_a_first_message_sets_the_language(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.choose(text, current=None) == language


@pytest.mark.parametrize(
    "text",
    [
        "zemanet nece ilidir",
        "masinim islemir",
        "cox sag ol",
        "salam, masinim seher ise dusmur, akkumulyator bosdur",
        "yaxin servis merkezi haradadir?",
        "muherrik yagini ne vaxt deyismek lazimdir",
        "kondisioner soyutmur, zemanete dusur?",
        "tekeri deshilib, yolda qalmisam, komek edin",
        "qeydiyyatdan kecmek isteyirem sabaha",
        "ehtiyat hisseleri var sizde?",
        "tesekkurler, her sey aydin oldu",
    ],
)
def test_azerbaijani_without_its_special_letters_is_azerbaijani(detector: LanguageDetector, text: str) -> None:
    assert detector.choose(text, current=None) == "az"


@pytest.mark.parametrize(
    "text",
    [
        "колигим оталмай тур",
        "рахмет",
        "кепилдик канша жылга берилед",
        "салеметсиз бе, коликтин аккумуляторы отырып калды",
        "ен жакын сервис орталыгы кайда",
        "майды кашан ауыстыру керек",
        "жолда калып койдым, комектесиниздерши",
        "запчасть бар ма сиздерде",
        "рахмет, коп комектестиниз",
    ],
)
def test_kazakh_typed_on_a_russian_keyboard_is_kazakh(detector: LanguageDetector, text: str) -> None:
    assert detector.choose(text, current=None) == "kk"


@pytest.mark.parametrize(
    "text",
    [
        "Салам, зәмәнәт нечә илдир?",  # the Cyrillic alphabet of 1958-1991, ә shared with Kazakh
        "машыным ишә дүшмүр, ҝәлин көмәк един",  # ҝ: only Azerbaijani
        "Салам, земанет нече илдир",  # a Russian keyboard: no letter of its own at all
        "сабах сервисе йазылмаг истейирем",
        "мэнэ зэнг элэсинлэр, йазмаг чэтиндир",  # э for ә, as many type it on a Russian keyboard
    ],
)
def test_azerbaijani_typed_in_cyrillic_is_azerbaijani_not_kazakh(detector: LanguageDetector, text: str) -> None:
    assert detector.choose(text, current=None) == "az"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Сәлеметсіз бе, кепілдік неше жыл?", "kk"),
        ("салеметсиз бе кепилдик канша жылга берилед", "kk"),
        ("көлігім бұзылды, көмектесіңізші", "kk"),
        ("Здравствуйте, сколько лет гарантия?", "ru"),
    ],
)
def test_kazakh_and_russian_stay_themselves_beside_azerbaijani_in_cyrillic(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.choose(text, current=None) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("masinim islemir, check engine yanir", "az"),
        ("BYD Song Plus-in batareyasina zemanet nece ilidir?", "az"),
        ("VIN LGXCE4CB8N0123457, zemanetdedir?", "az"),
        ("check engine горит, что делать?", "ru"),
        ("Chery Tiggo 7 Pro, пробег 45000 км, когда ТО?", "ru"),
        ("check engine жанып тур, не истеймин", "kk"),
        ("Haval Jolion-нын тормоз колодкасы тозды", "kk"),
        ("my Zeekr 001 shows a battery warning", "en"),
        ("BYD Atto 3 warranty how many years", "en"),
    ],
)
def test_car_words_and_brand_names_do_not_decide_the_language(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.choose(text, current=None) == language


def test_detect_ignores_codes_and_reports_no_letters(detector: LanguageDetector) -> None:
    assert detector.detect("👍") is None
    assert detector.detect("45000 / 12.03.2025 / +994501234567") is None
    detection = detector.detect("zemanet nece ilidir")
    assert isinstance(detection, Detection)
    assert detection.language == "az"
    assert 0.5 < detection.confidence <= 1.0


# -- a conversation keeps its language ------------------------------------------------


@pytest.mark.parametrize("text", ["ok", "👍", "LGXCE4CB8N0123457", "45000 km", "P0420", "спс", "da"])
@pytest.mark.parametrize("current", SUPPORTED_LANGUAGES)
def test_short_or_ambiguous_messages_keep_the_language(detector: LanguageDetector, text: str, current: str) -> None:
    assert detector.choose(text, current=current) == current


def test_a_full_sentence_in_another_language_switches(detector: LanguageDetector) -> None:
    assert detector.choose("Please answer in English, I do not read Russian well", current="ru") == "en"
    assert detector.choose("Нет, давайте лучше по-русски, так удобнее", current="en") == "ru"
    assert detector.choose("masinim islemir, servise yazilmaq isteyirem", current="en") == "az"
    assert detector.choose("колигим оталмай тур, не истеу керек", current="ru") == "kk"


def test_mixed_messages_keep_the_conversation_language(detector: LanguageDetector) -> None:
    # A Russian-speaking customer naming the warning light in English stays in Russian.
    assert detector.choose("check engine горит", current="ru") == "ru"
    assert detector.choose("ok, рахмет", current="kk") == "kk"
    assert detector.choose("masinim islemir, check engine yanir", current="az") == "az"


@pytest.mark.parametrize("current", SUPPORTED_LANGUAGES)
def test_brand_and_model_names_alone_keep_the_language(detector: LanguageDetector, current: str) -> None:
    assert detector.choose("Chery Tiggo 8 Pro", current=current) == current
    assert detector.choose("BYD Song Plus, check engine", current=current) == current


def test_a_script_only_one_language_uses_switches_even_when_short(detector: LanguageDetector) -> None:
    assert detector.choose("დიახ", current="ru") == "ka"
    assert detector.choose("हो", current="en") == "ne"


def test_with_no_letters_a_new_conversation_takes_the_hint_or_the_default(detector: LanguageDetector) -> None:
    assert detector.choose("👍", current=None, hint="kk") == "kk"
    assert detector.choose("👍", current=None, hint="fr") == "en"
    assert detector.choose("👍", current=None) == "en"


@pytest.mark.parametrize(
    "text",
    [
        "chemi manqanis dzravi cudad mushaobs",
        "sad aris tqveni servis centri tbilisshi?",
        "garantia ramdeni welia eleqtromobilze?",
        "tsqali gamodis dzravidan, ra vqna?",  # the careful romanization: ts, kh
        "didi madloba, dzalian damekhmaret",
    ],
)
def test_georgian_typed_in_latin_letters_is_georgian(detector: LanguageDetector, text: str) -> None:
    assert detector.choose(text, current=None) == "ka"
    assert detector.choose(text, current="ka") == "ka"
    assert detector.choose(text, current="en") == "ka"


def test_romanized_georgian_does_not_take_azerbaijani_or_english(detector: LanguageDetector) -> None:
    assert detector.choose("salam, masinim seher ise dusmur", current=None) == "az"
    assert detector.choose("sabah servise gele bilerem?", current=None) == "az"
    assert detector.choose("where is the nearest service centre", current=None) == "en"
    assert detector.choose("ok thanks", current="ka") == "ka"


@pytest.mark.parametrize(
    "text",
    [
        "mero gadi ko brake ma awaj aaucha",
        "dai service center kaha cha?",
        "warranty kati barsa ko hunchha hajur?",
        "gaadi start hudaina, k garne hola",
        "dhanyabad hajur, dherai sahayog garnubhayo",
    ],
)
def test_nepali_typed_in_latin_letters_is_nepali(detector: LanguageDetector, text: str) -> None:
    assert detector.choose(text, current=None) == "ne"
    assert detector.choose(text, current="ne") == "ne"
    assert detector.choose(text, current="en") == "ne"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("mashina ne zavoditsya, chto delat?", "ru"),
        ("zdravstvuyte, skolko stoit zamena masla?", "ru"),
        ("kogda budet gotova moya mashina", "ru"),
        ("mashinam jolda toqtap qaldy, komek kerek", "kk"),
        ("servistin mekenjaiy qaida?", "kk"),
        ("kepildik qansha jylga beriledi?", "kk"),
    ],
)
def test_russian_and_kazakh_typed_in_latin_letters(detector: LanguageDetector, text: str, language: str) -> None:
    assert detector.choose(text, current=None) == language
    assert detector.choose(text, current="en") == language


def test_romanized_nepali_does_not_take_english_or_azerbaijani(detector: LanguageDetector) -> None:
    assert detector.choose("my car makes a noise when I brake", current=None) == "en"
    assert detector.choose("can I book a service for tomorrow morning?", current=None) == "en"
    assert detector.choose("maşın səhər işə düşmür, nə etməliyəm?", current=None) == "az"
    assert detector.choose("ok thanks", current="ne") == "ne"


def test_devanagari_is_romanized_the_ways_nepali_customers_type_it() -> None:
    chat, doubled, careful = romanize("ne", "गाडी चल्दैन, के गर्ने हो? हुन्छ")

    assert chat == "gadi chaldaina, ke garne ho? huncha"  # short vowels, no final "a"
    assert doubled == "gaadee chaldaina, ke garne ho? hunchha"
    assert careful == "gadi chaldaina, ke garne ho? hunxa"  # "x" for छ
    assert romanize("ne", "गर्न")[0] == "garna"  # the "a" after a cluster stays


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hello दाइ, service कहिले गर्ने?", "ne"),
        ("Tiggo 8 pro को brake pad कति पर्छ?", "ne"),
        ("ok, დიდი მადლობა", "ka"),
        ("check engine ანთია", "ka"),
    ],
)
def test_a_word_in_a_script_only_one_language_uses_decides_a_mixed_message(
    detector: LanguageDetector, text: str, language: str
) -> None:
    assert detector.choose(text, current=None) == language
    assert detector.choose(text, current="en") == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("класс, thanks 👍", "ru"),  # English words in Russian chat, not the other way round
        ("окей, thanks", "ru"),
        ("рахмет, good job", "kk"),
        ("короче maşını axşam götürəcəm", "az"),  # Azerbaijani chat mixes in Russian, and has its ə
    ],
)
def test_cyrillic_words_decide_a_message_mixed_with_latin_ones(
    detector: LanguageDetector, text: str, language: str
) -> None:
    found = detector.detect(text)
    assert found is not None and found.language == language


def test_the_configured_languages_are_the_only_answers() -> None:
    detector = LanguageDetector(("ru", "en"), "ru")
    assert detector.choose("Сәлеметсіз бе, көлігім оталмай тұр", current=None) == "ru"
    assert detector.choose("გამარჯობა", current=None) == "ru"  # no configured language writes Georgian


# -- asking for a language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("please answer in English", "en"),
        ("can you write in english pls", "en"),
        ("ingilisce yazin zehmet olmasa", "en"),
        ("можно по-русски?", "ru"),
        ("ответьте на русском", "ru"),
        ("po russki pishite", "ru"),
        ("орысша жазыңызшы", "ru"),
        ("azərbaycanca yazın", "az"),
        ("azerbaycan dilinde cavab verin", "az"),
        ("in Azerbaijani please", "az"),
        ("қазақша жазыңызшы", "kk"),
        ("казакша жазыныз", "kk"),
        ("kazaksha", "kk"),
        ("ответьте на казахском, пожалуйста", "kk"),
        ("ქართულად მომწერეთ", "ka"),
        ("in Georgian please", "ka"),
        ("नेपालीमा लेख्नुहोस्", "ne"),
        ("in Nepali please", "ne"),
    ],
)
@pytest.mark.parametrize("current", [None, "en", "ru", "az", "kk", "ka", "ne"])
def test_asking_for_a_language_switches_to_it(
    detector: LanguageDetector, text: str, language: str, current: str | None
) -> None:
    assert detector.choose(text, current=current) == language


def test_a_request_wins_over_the_language_it_is_written_in(detector: LanguageDetector) -> None:
    assert detector.choose("Please, can we continue in Russian? My English is bad", current="en") == "ru"
    assert detector.choose("Не на английском, а на русском, пожалуйста", current="en") == "ru"
    assert detector.choose("rusca yox, azerbaycanca yazin", current="ru") == "az"
    assert detector.choose("орысша емес, қазақша", current="ru") == "kk"
    assert detector.choose("я не понимаю по-английски, пишите по-русски", current="en") == "ru"
    assert detector.choose("no, in English please", current="az") == "en"


@pytest.mark.parametrize(
    ("text", "current"),
    [
        ("I do not read Russian well", "en"),  # names a language, asks for none
        ("я не понимаю по-английски", "ru"),
        ("the manual is only in English", "en"),
        ("у меня экран магнитолы на английском, как поменять?", "ru"),  # about the car's screen
        ("how do I switch the display to Russian", "en"),
        ("инструкция к машине только на английском, неудобно конечно", "ru"),
    ],
)
def test_naming_a_language_is_not_always_a_request(detector: LanguageDetector, text: str, current: str) -> None:
    assert detector.requested_language(text) is None
    assert detector.choose(text, current=current) == current


def test_only_configured_languages_can_be_requested() -> None:
    detector = LanguageDetector(("ru", "en"), "ru")
    assert requested_language("қазақша жазыңызшы") == "kk"
    assert detector.requested_language("қазақша жазыңызшы") is None
    assert detector.choose("in Georgian please", current="en") == "en"


# -- the model ------------------------------------------------------------------------


def test_a_language_without_training_examples_falls_back_to_py3langid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello there\n    - good morning\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(language_module.detector, "NLU_DATA", tmp_path)
    detector = LanguageDetector(("az", "en"), "en")  # no Azerbaijani examples in tmp_path
    detection = detector.detect("My car does not start and the battery warning is on")
    assert detection is not None and detection.language == "en" and detection.confidence > 0.9
    assert detector.choose("Salam, zəmanət neçə ildir?", current=None) == "az"  # ə settles it
    assert detector.choose("Mənim maşınım işləmir, kömək edin", current=None) == "az"
