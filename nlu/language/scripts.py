"""Writing systems and romanization: which script a language is written in, and how its
customers type it in Latin letters."""

from __future__ import annotations

from collections.abc import Mapping

SCRIPTS = {"az": "LATIN", "en": "LATIN", "kk": "CYRILLIC", "ru": "CYRILLIC", "ka": "GEORGIAN", "ne": "DEVANAGARI"}
# Languages that customers also type in Latin letters ("manqana ar iqoqeba", "mashina ne
# zavoditsya", "jolda qaldym"): the model learns them from their training examples
# romanized the ways people do it (see `romanize`), as a class of the Latin script that
# answers for the language itself. "-" stands for a letter dropped (ь, ъ).
_GEORGIAN = "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ"
_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_KAZAKH = _RUSSIAN + "әғқңөұүһі"
_ROMANIZATIONS = {
    "ka": (
        _GEORGIAN,
        # the chat habit: ქ q, წ w, ხ x, ყ y, ც c ("manqana", "sworia", "xelshi")
        "a b g d e v z t i k l m n o p j r s t u p q gh y sh ch c dz w ch x j h",
        # the careful one: kh, ts, zh, f ("khelshi", "tsqali")
        "a b g d e v z t i k l m n o p zh r s t u f k gh k sh ch ts dz ts ch kh j h",
    ),
    "ru": (
        _RUSSIAN,
        # the chat habit: ж j, х h, ц c ("mashina ne zavoditsya", "jdu", "horosho")
        "a b v g d e e j z i y k l m n o p r s t u f h c ch sh sh - y - e yu ya",
        # the passport one: zh, kh, ts, shch, ia ("zhdu", "khorosho")
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e iu ia",
    ),
    "kk": (
        _KAZAKH,
        # the chat habit: қ k, ғ g, ң n, ж j ("kolik jurmeidi", "rakhmet")
        "a b v g d e e j z i i k l m n o p r s t u f h c ch sh sh - y - e yu ya a g k n o u u h i",
        # the q-and-zh one: қ q, ғ gh, ң ng, ж zh, х kh ("qaldym", "zhol", "rakhmet")
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh sh - y - e yu ya a gh q ng o u u h i",
        # the 2021 state alphabet: ä ğ q ñ ö ü ş ("jaqsy", "ötinişim", "kün")
        "a b v g d e io j z i i k l m n o p r s t u f h ts ch ş şş - y - e iu ia ä ğ q ñ ö u ü h i",
        # ... as typed on a Turkish keyboard: ı for ы, ç ("bolıñız", "qaçan")
        "a b v g d e io j z i i k l m n o p r s t u f h ts ç ş şş - ı - e iu ia ä ğ q ñ ö u ü h i",
    ),
}
_ROMANIZATION_TABLES = {
    language: [
        str.maketrans({letter: latin.replace("-", "") for letter, latin in zip(letters, table.split(" "), strict=True)})
        for table in tables
    ]
    for language, (letters, *tables) in _ROMANIZATIONS.items()
}
# Devanagari, read letter by letter: a consonant carries an "a" unless a vowel sign or a
# virama follows it. Nepali chat drops that "a" at the end of most words ("ghar", "garnus")
# but keeps it after a cluster, in "-aina" and in a one-letter word ("garna", "hudaina",
# "cha"); customers write long vowels short or doubled ("gadi", "gaadi") and छ as "ch",
# "chh" or "x" ("xa").
_DEVANAGARI_TABLES = (
    (
        "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह",
        "k kh g gh ng ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l b s s s h",
    ),
    ("ािीुूृेैोौॉ", "a i i u u ri e ai o au o"),  # vowel signs
    ("अआइईउऊऋएऐओऔ", "a a i i u u ri e ai o au"),  # vowels
)
_DEVANAGARI_CONSONANTS, _DEVANAGARI_SIGNS, _DEVANAGARI_VOWELS = (
    dict(zip(letters, latin.split(" "), strict=True)) for letters, latin in _DEVANAGARI_TABLES
)
_DEVANAGARI_STYLES = (
    # the chat habit: vowels short, "ch" for छ, final "a" dropped ("huncha", "gadi")
    ({"छ": "ch"}, False),
    # doubled long vowels, "chh" for छ ("hunchha", "gaadi")
    ({"ा": "aa", "आ": "aa", "ी": "ee", "ई": "ee", "ू": "oo"}, False),
    # "x" for छ, "w" for व, "sh" for श, final "a" kept ("hunxa", "garnus")
    ({"छ": "x", "व": "w", "श": "sh"}, True),
)
_VIRAMA, _NUKTA, _NASALS = "\u094d", "\u093c", "\u0901\u0902"


def _is_devanagari(ch: str) -> bool:
    return "\u0900" <= ch <= "\u097f"


def _romanize_devanagari(text: str, changes: Mapping[str, str], keep_final_a: bool) -> str:
    out: list[str] = []
    letters = [ch for ch in text if ch != _NUKTA]
    for i, ch in enumerate(letters):
        following = letters[i + 1] if i + 1 < len(letters) else ""
        if ch in _DEVANAGARI_CONSONANTS:
            out.append(changes.get(ch, _DEVANAGARI_CONSONANTS[ch]))
            if following in _DEVANAGARI_SIGNS or following == _VIRAMA:
                continue
            word_end = not _is_devanagari(following)
            one_letter = i == 0 or not _is_devanagari(letters[i - 1])
            after_cluster = i >= 1 and letters[i - 1] in (_VIRAMA, "ै")  # "garna", and "-aina": "hudaina"
            if not word_end or keep_final_a or one_letter or after_cluster:
                out.append("a")
        elif ch in _DEVANAGARI_SIGNS:
            out.append(changes.get(ch, _DEVANAGARI_SIGNS[ch]))
        elif ch in _DEVANAGARI_VOWELS:
            out.append(changes.get(ch, _DEVANAGARI_VOWELS[ch]))
        elif ch in _NASALS:
            out.append("n")
        elif ch == "\u0903":
            out.append("h")
        elif ch != _VIRAMA:
            out.append(ch)
    return "".join(out)


# Azerbaijani in the Cyrillic alphabet it was written in until 1991, as older customers still
# type it ("Салам, зәмәнәт нечә илдир?"), or on a Russian keyboard without its own letters
# ("земенет нече илдир"). Its letters ә ғ ө ү һ are Kazakh ones too: only ј ҹ ҝ tell it apart.
_AZERBAIJANI_LATIN = "abcçdeəfgğhxıijkqlmnoöprsştuüvyz"
_CYRILLIZATIONS = {
    "az": (
        _AZERBAIJANI_LATIN,
        # the alphabet itself: c ҹ, g ҝ, q г, y ј, h һ
        "а б ҹ ч д е ә ф ҝ ғ һ х ы и ж к г л м н о ө п р с ш т у ү в ј з",
        # a Russian keyboard: ә е, ғ and ҝ г, ҹ дж, ј й, ө о, ү у, һ х
        "а б дж ч д е е ф г г х х ы и ж к г л м н о о п р с ш т у у в й з",
        # ... with ә as а, ы as и
        "а б дж ч д е а ф г г х х и и ж к г л м н о о п р с ш т у у в й з",
        # ... with ә as э, ү as ю, ы as ы ("Хэлэлик", "Сюрюджю", "Мэни ТО-йа йазын")
        "а б дж ч д е э ф г г х х ы и ж к г л м н о о п р с ш т у ю в й з",
    ),
}
_CYRILLIZATION_TABLES = {
    language: [str.maketrans(dict(zip(letters, table.split(" "), strict=True))) for table in tables]
    for language, (letters, *tables) in _CYRILLIZATIONS.items()
}
_AZERBAIJANI_CYRILLIC = _RUSSIAN + "әғјҝөүһҹ"

# The languages customers also type in a script other than their own, and which one:
# the n-gram model gets a class "<lang>-Latn" or "<lang>-Cyrl" for each (ngram.py).
OTHER_SCRIPT = {"ka": "LATIN", "kk": "LATIN", "ne": "LATIN", "ru": "LATIN", "az": "CYRILLIC"}
ROMANIZED = frozenset(lang for lang, script in OTHER_SCRIPT.items() if script == "LATIN")
SCRIPT_SUFFIX = {"LATIN": "-Latn", "CYRILLIC": "-Cyrl"}
LATIN_SUFFIX = SCRIPT_SUFFIX["LATIN"]  # the model's class for a language typed in Latin letters: "ka-Latn"
_ROMANIZED_PRIOR = 0.1  # of a script's messages, the share expected to be of languages typed in it as a second one


def romanize(language: str, text: str) -> list[str]:
    """`text` in Latin letters the ways customers type `language` ("მანქანა" -> "manqana",
    "गाडी चल्दैन" -> "gadi chaldaina"), if they do."""
    if language == "ne":
        return [_romanize_devanagari(text, changes, keep) for changes, keep in _DEVANAGARI_STYLES]
    return [text.translate(table) for table in _ROMANIZATION_TABLES.get(language, ())]


def transliterate(language: str, text: str) -> list[str]:
    """`text` in the other script customers type `language` in (`OTHER_SCRIPT`), the ways
    they do: Latin letters for most, Cyrillic for Azerbaijani ("zəmanət" -> "зәманәт")."""
    if OTHER_SCRIPT.get(language) == "CYRILLIC":
        return [text.lower().translate(table) for table in _CYRILLIZATION_TABLES.get(language, ())]
    return romanize(language, text)


def other_script_class(language: str) -> str | None:
    """The model's class for `language` typed in its other script ("ka-Latn", "az-Cyrl"), if any."""
    script = OTHER_SCRIPT.get(language)
    return language + SCRIPT_SUFFIX[script] if script else None


def _base(language: str) -> str:
    """The language a model class stands for: "ka-Latn" -> "ka", "az-Cyrl" -> "az"."""
    for suffix in SCRIPT_SUFFIX.values():
        language = language.removesuffix(suffix)
    return language


def _class_script(language: str) -> str:
    for script, suffix in SCRIPT_SUFFIX.items():
        if language.endswith(suffix):
            return script
    return SCRIPTS[language]


def _is_other_script(language: str) -> bool:
    return _base(language) != language


# Letters that, of two languages sharing a script, only one uses; not those that a
# language typed in Latin letters uses too (Kazakh's state alphabet has ı, ğ and ş).
_ROMANIZED_LETTERS = frozenset("".join(table for _, *tables in _ROMANIZATIONS.values() for table in tables))
_LATIN_DISTINCT = {"az": frozenset("əığş") - _ROMANIZED_LETTERS}
_CYRILLIC_ALPHABETS = {"ru": frozenset(_RUSSIAN), "kk": frozenset(_KAZAKH), "az-Cyrl": frozenset(_AZERBAIJANI_CYRILLIC)}


def distinct_letters(language: str, classes: frozenset[str]) -> frozenset[str]:
    """The letters that, of the model's `classes`, only `language` (a class) uses: Kazakh's
    әғқңөұүһі against Russian alone, only қңұі once Azerbaijani in Cyrillic is a class too."""
    if language in _LATIN_DISTINCT:
        return _LATIN_DISTINCT[language]
    alphabet = _CYRILLIC_ALPHABETS.get(language)
    if alphabet is None:
        return frozenset()
    others = [letters for other, letters in _CYRILLIC_ALPHABETS.items() if other != language and other in classes]
    return alphabet.difference(*others)
