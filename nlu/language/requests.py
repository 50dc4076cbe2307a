"""A customer asking for a language ("please answer in English", "можно по-русски?", "ქართულად")."""

from __future__ import annotations

import re
import unicodedata

from nlu.language.words import _KEYBOARD_FOLD, _WORD

_EN_NAMES = {
    "en": "english",
    "ru": "russian",
    "az": r"azerbaijani|azerbaijanian|azeri",
    "kk": r"kazakh|kazak",
    "ka": "georgian",
    "ne": r"nepali|nepalese",
}
_ASKED_FOR = {
    "en": [
        r"\bingili[sz](?:ce|ca| dilinde| dilnde)\b",
        r"\bпо английски\b",
        r"\bна англ(?:ийск\w*)?\b",
        r"\bагылшын(?:ша| тилинде)\b",
        r"\b(?:po angliyski|na angliyskom|inglisurad|angre[jz]i ?ma)\b",
        "ინგლისურად|ინგლისურ ენაზე",
        "अंग्रेजीमा|अङ्ग्रेजीमा|अंग्रेज़ीमा|अङ्ग्रेजी भाषामा|अंग्रेजी भाषामा|इङ्लिसमा",
    ],
    "ru": [
        r"\bpo ?russki\b|\bna russkom\b|\bory(?:sha|ssha|sca|s tilinde)\b",
        r"\brus(?:ca| dilinde)\b|\brusulad\b",
        r"\bпо ?русски\b",
        r"\bна русск\w*",
        r"\bорыс(?:ша| тилинде)\b",
        "რუსულად|რუსულ ენაზე",
        "रुसीमा|रूसीमा|रसियनमा|रुसी भाषामा|रूसी भाषामा",
    ],
    "az": [
        r"\bazerbaycan(?:ca| dilinde| dilnde)\b",
        r"\bazeri(?:ce| dilinde)\b",
        r"\bпо азербайджански\b",
        r"\bна азербайджанск\w*",
        r"\b[аэ]зербайжан(?:ша| тилинде)\b|\b[аэ]зирбайжан(?:ша| тилинде)\b",
        "აზერბაიჯანულად|აზერბაიჯანულ ენაზე",
        "अजरबैजानीमा|अजरबैजानी भाषामा",
    ],
    "kk": [
        r"\b(?:kazaksha|qazaqsha|kazakhsha|qazaqca|qazaxca|kazakca)\b",
        r"\b(?:kazak|qazaq|kazakh|qazax) (?:tilinde|dilinde)\b",
        r"\bказак(?:ша| тилинде)\b",
        r"\bпо казахски\b",
        r"\bна казахск\w*",
        "ყაზახურად|ყაზახურ ენაზე",
        "काजाखमा|कजाखमा|कजाख भाषामा|काजाख भाषामा",
    ],
    "ka": [
        r"\b(?:kartulad|qartulad)\b",
        r"\bgurcu(?:ce| dilinde)\b",
        r"\bпо грузински\b",
        r"\bна грузинск\w*",
        r"\bгрузин(?:ше| тилинде)\b",
        "ქართულად|ქართულ ენაზე",
        "जर्जियनमा|जर्जियालीमा|जर्जियाली भाषामा",
    ],
    "ne": [
        r"\bnepali ?ma\b",
        r"\bnepal(?:ca| dilinde)\b",
        r"\bпо непальски\b",
        r"\bна непальск\w*",
        r"\bнепал(?:ша| тилинде)\b",
        "ნეპალურად|ნეპალურ ენაზე",
        "नेपालीमा|नेपाली भाषामा",
    ],
}
for _language, _names in _EN_NAMES.items():
    _ASKED_FOR[_language] += [
        rf"\b(?:in|into|to) (?:{_names})\b",
        rf"\b(?:{_names}) (?:please|pls|plz)\b",
        rf"\b(?:speak|talk|write|answer|reply)\w* (?:{_names})\b",
        rf"^\W*(?:{_names})\W*$",
    ]
_ASKED = {
    language: re.compile(unicodedata.normalize("NFC", "|".join(patterns))) for language, patterns in _ASKED_FOR.items()
}
# A language named in a message is a request when a request word stands near it or the
# message says little else ("kazaksha", "English?", "можно по-русски?").
_REQUEST_WORD = re.compile(
    r"\b(?:please|pls|plz|answer|reply|respond|write|speak|talk|continue|switch|chat|communicate"
    r"|yaz|cavab|danis|zehmet|xahis|xais|lutfen|davam|kecin|kecek|jaz|zhaz|jauap|soile|otinem"
    r"|пожалуйста|пожалуста|пжл|плиз|можно|ответ|отвеч|пиш|напиш|говор|общ|давай|переключ|перейд|перейт"
    r"|продолж|прошу|хочу|лучше|жаз|жауап|сойле|отинем|болама|бола ма|болады|мумкин|калаймын|ауыс|жалгас)\w*"
    r"|გთხოვ|მომწერ|დამწერ|მიპასუხ|პასუხ|ილაპარაკ|ლაპარაკ|წერ|შეიძლება|გადავიდ|გააგრძელ|მინდა"
    r"|कृपया|लेख्न|जवाफ|बोल्न|गर्नुहोस्|दिनुहोस्|सक्नुहुन्छ|चाहन्छु|गरौं|गरौँ"
)
_REQUEST_WINDOW = 40  # characters either side of the language's name
_REQUEST_OTHER_WORDS = 1  # the name and at most this many other words is a request ("можно по-русски?")
# "not in Russian", "я не понимаю по-английски"; a bare "no, in English please" negates nothing.
_NEGATED_BEFORE = re.compile(r"(?:\b(?:not|never|dont|не|без)|n't|არა)\W+(?:\w+\W+)?$|\b(?:no|нет) $")
_NEGATED_AFTER = re.compile(r"^\W*(?:\b(?:емес|жок|emes|jok|joq|yox|deyil)\b|არა|होइन|हैन)")
# Questions about the car's own screens ("how do I switch the display to English?") are
# not requests to the bot.
_ABOUT_THE_CAR = re.compile(
    r"\b(?:screen|display|menu|multimedia|head unit|navigation|navi|interface|settings|system language"
    r"|экран|дисплей|меню|мультимедиа|магнитол|интерфейс|навигац|настройк"
    r"|ekran|menyu|multimediya|naviqasiya|interfeys|parametrl)\w*"
    r"|ეკრან|მენიუ|მულტიმედია|स्क्रिन|मेनु"
)
_PLAIN_LETTERS = str.maketrans({**_KEYBOARD_FOLD["az"], **_KEYBOARD_FOLD["kk"], ord("ё"): "е", ord("-"): " "})


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text.lower()).replace("\u0307", "").replace("’", "'")
    return re.sub(r"\s+", " ", text.translate(_PLAIN_LETTERS)).strip()


def requested_language(text: str) -> str | None:
    """The language the customer asks to be answered in ("please answer in English"), if any."""
    plain = _plain(text)
    if not plain or _ABOUT_THE_CAR.search(plain):
        return None
    mentions = sorted(
        (match.start(), match.end(), language)
        for language, pattern in _ASKED.items()
        for match in pattern.finditer(plain)
    )
    wanted = []
    for start, end, language in mentions:
        if _NEGATED_BEFORE.search(plain[max(0, start - 25) : start]) or _NEGATED_AFTER.search(plain[end : end + 12]):
            continue
        wanted.append((start, end, language))
    contrast = len(wanted) < len(mentions)  # "не по-русски, а по-казахски"
    for start, end, language in wanted:
        nearby = plain[max(0, start - _REQUEST_WINDOW) : end + _REQUEST_WINDOW]
        alone = len(_WORD.findall(plain[:start] + " " + plain[end:])) <= _REQUEST_OTHER_WORDS
        if contrast or alone or _REQUEST_WORD.search(nearby):
            return language
    return None
