"""Which of the configured languages a customer writes in.

The writing system settles most cases before any statistics: Georgian and Devanagari
each belong to one configured language (a word in either decides a message that mixes
in English: "hello दाइ"), Cyrillic to Kazakh or Russian, Latin to Azerbaijani or English,
or to Georgian, Nepali, Russian or Kazakh typed in Latin letters ("manqana ar iqoqeba",
"gadi start hudaina", "mashina ne zavoditsya", "jolda qaldym": learnt from the examples
customers typed that way and from the native-script examples romanized the ways people
type them). Within a script a small character n-gram model decides: a
multinomial naive Bayes over the letters and the 2–4-grams of each word padded with a
space at each end, plus the word itself, trained when the first detector is built (about
0.9 s, then cached for the process) on the bot's own training examples,
`nlu_data/<lang>/*.yml`.
Customers rarely type the special letters (Azerbaijani "zemanet nece ilidir", Kazakh on a
Russian keyboard "колигим оталмай тур"), so every Azerbaijani and Kazakh example is also
learnt with those letters folded to what a plain keyboard gives, and a message that does
carry one (ə, ı, ğ, ş; ә, қ, ң, ұ, ү, і, ...) is settled by it.

Tokens with digits (VINs, mileages, error codes), links and button payloads never count;
nor do words that the training examples written in another script use too (brand and
model names, dashboard messages: "BYD", "Tiggo", "check engine"), unless a message has
nothing else: they tell neither the script nor Azerbaijani from English.

A configured language without training examples is told apart by py3langid (langid.py's
model, shipped inside the package), as before. A py3langid vote next to the n-gram model
made no difference in cross-validation on the training examples, and lingua is less
accurate here (`python -m bench.language`); langdetect has no profiles for Azerbaijani,
Kazakh or Georgian.

A conversation keeps its language through short or ambiguous messages ("ok", "👍", a VIN);
it switches on a full sentence clearly in another language, on any message in a script
only one other configured language uses, and whenever the customer asks for a language
("please answer in English", "можно по-русски?", "қазақша жазыңызшы", "ქართულად").
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

NLU_DATA = Path(__file__).resolve().parent.parent / "nlu_data"

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


ROMANIZED = frozenset({"ka", "kk", "ne", "ru"})  # the languages customers also type in Latin letters
LATIN_SUFFIX = "-Latn"  # the model's class for a language typed in Latin letters: "ka-Latn"
_ROMANIZED_PRIOR = 0.1  # of the Latin-script messages, the share expected to be romanized ones


def romanize(language: str, text: str) -> list[str]:
    """`text` in Latin letters the ways customers type `language` ("მანქანა" -> "manqana",
    "गाडी चल्दैन" -> "gadi chaldaina"), if they do."""
    if language == "ne":
        return [_romanize_devanagari(text, changes, keep) for changes, keep in _DEVANAGARI_STYLES]
    return [text.translate(table) for table in _ROMANIZATION_TABLES.get(language, ())]


def _base(language: str) -> str:
    """The language a model class stands for: "ka-Latn" -> "ka"."""
    return language.removesuffix(LATIN_SUFFIX)


def _class_script(language: str) -> str:
    return "LATIN" if language.endswith(LATIN_SUFFIX) else SCRIPTS[language]


# Letters that, of two languages sharing a script, only one uses; not those that a
# language typed in Latin letters uses too (Kazakh's state alphabet has ı, ğ and ş).
_ROMANIZED_LETTERS = frozenset("".join(table for _, *tables in _ROMANIZATIONS.values() for table in tables))
_DISTINCT_LETTERS = {"kk": frozenset("әғқңөұүһі"), "az": frozenset("əığş") - _ROMANIZED_LETTERS}
# What the special letters become when typed on a plain (English or Russian) keyboard.
_KEYBOARD_FOLD = {
    "az": str.maketrans("əışçğöü", "eiscgou"),
    "kk": str.maketrans("әғқңөұүһі", "агкноуухи"),
}
_CODE_TOKEN = re.compile(r"\S*\d\S*|https?://\S+|/\w+")  # VINs, mileages, error codes, links, payloads
# Letters, with the combining marks that Devanagari vowels and accents are written with.
_LETTER = "(?:[^\\W\\d_]|[\u0300-\u036f\u0483-\u0489\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963])"
_WORD = re.compile(f"{_LETTER}+(?:['’]{_LETTER}+)*")
# Fewer words than this, or fewer letters, never switch a conversation's language within
# a script (brand names and the like not counted).
_SHORT_WORDS = 3
_SHORT_LETTERS = 12
_SWITCH_CONFIDENCE = 0.9

# The n-gram model, chosen by cross-validation on the training examples (random 5-fold
# and leave-one-intent-out), never on the held-out sets.
_NGRAM_MAX = 4  # letters, and 2- to 4-grams
_WORD_WEIGHT = 3  # the whole word counts as this many n-grams
_SMOOTHING = 0.3  # additive (Lidstone) smoothing of the counts
# Overlapping n-grams of one word are far from independent: the model's log-odds are
# divided by this before they become a confidence.
_CONFIDENCE_TEMPERATURE = 4.0


@dataclass(frozen=True, slots=True)
class Detection:
    language: str
    confidence: float


# The letters (and signs) of each script, as Unicode blocks.
_SCRIPT_LETTERS = {
    "LATIN": re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u1e00-\u1eff]"),
    "CYRILLIC": re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]"),
    "GEORGIAN": re.compile("[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]"),
    "DEVANAGARI": re.compile("[\u0900-\u097f\ua8e0-\ua8ff]"),
}


def _word_script(word: str) -> str | None:
    """The script of the first letter of `word` that belongs to one."""
    for ch in word:
        for script, letters in _SCRIPT_LETTERS.items():
            if letters.match(ch):
                return script
    return None


def _script_letters(words: Iterable[str]) -> dict[str, int]:
    """How many letters of `words` each script has (the scripts with any)."""
    text = "".join(words)
    counts = {script: len(letters.findall(text)) for script, letters in _SCRIPT_LETTERS.items()}
    return {script: n for script, n in counts.items() if n}


def _words(text: str) -> list[str]:
    """The lower-cased words of `text`, without tokens that carry digits, links or payloads."""
    text = unicodedata.normalize("NFC", _CODE_TOKEN.sub(" ", text).lower()).replace("\u0307", "")  # "İ" -> "i"
    return _WORD.findall(text)


_ENTITY_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")  # "[BYD](brand)" -> "BYD"


def read_examples(path: Path) -> list[str]:
    """The example texts of one Rasa NLU YAML file: the `- text` lines of its intent, synonym
    and lookup blocks (not of its regex blocks), entity annotations reduced to their text."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - a safe loader
    texts = []
    for block in data.get("nlu") or []:
        if not isinstance(block, dict) or "regex" in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- ") and line[2:].strip():
                texts.append(_ENTITY_ANNOTATION.sub(r"\1", line[2:].strip()))
    return texts


def training_examples(language: str, data_dir: Path = NLU_DATA) -> list[str]:
    """Every example text in `data_dir/<language>/*.yml` (none when there is no such file)."""
    folder = data_dir / language
    if not folder.is_dir():
        return []
    paths = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])
    return [text for path in paths for text in read_examples(path)]


def _word_features(word: str) -> list[str]:
    """The letters of `word`, its 2- to 4-grams padded with a space at each end, and the word itself."""
    padded = f" {word} "
    grams = [*word]
    for n in range(2, _NGRAM_MAX + 1):
        grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    grams += [f"<{word}>"] * _WORD_WEIGHT
    return grams


class NgramModel:
    """Multinomial naive Bayes over character n-grams of words, one class per language.

    `examples` maps languages to their example texts; `classes` (all of them when None)
    are the languages the model tells apart. A language learns only from its examples
    written mostly in its own script: "hello" among the Kazakh examples says nothing about
    Kazakh against Russian. The class prior is the language's share of its script's examples.

    `borrowed`, per script, holds the words that examples written mostly in another script
    use ("byd", "tiggo", "check", "engine" inside Russian or Georgian sentences).

    A language customers also type in Latin letters (`ROMANIZED`) gets a second class,
    "<lang>-Latn", learnt from its examples typed that way and from its native-script
    examples romanized (`romanize`); its prior is `_ROMANIZED_PRIOR`.
    """

    def __init__(self, examples: Mapping[str, Iterable[str]], classes: Iterable[str] | None = None) -> None:
        wanted = set(examples if classes is None else classes)
        words_of: dict[str, Counter[str]] = {}
        n_examples: Counter[str] = Counter()
        borrowed: dict[str, set[str]] = {}
        for language, texts in examples.items():
            fold = _KEYBOARD_FOLD.get(language)
            for text in texts:
                words = _words(text)
                scripts = _script_letters(words)
                script = max(scripts, key=scripts.__getitem__) if scripts else None
                if script == "LATIN" and language in ROMANIZED and language in wanted:
                    # A customer's own romanized message ("mero gadi start hudaina").
                    latin = [word for word in words if _word_script(word) == script]
                    words_of.setdefault(language + LATIN_SUFFIX, Counter()).update(latin)
                    continue
                if script is None or script != SCRIPTS.get(language):
                    continue
                if len(scripts) > 1:
                    for word in words:
                        other = _word_script(word)
                        if other is not None and other != script:
                            borrowed.setdefault(other, set()).add(word)
                if language not in wanted:
                    continue
                n_examples[language] += 1
                counter = words_of.setdefault(language, Counter())
                counter.update(words)
                if fold is not None:
                    folded = [word.translate(fold) for word in words]
                    if folded != words:
                        counter.update(folded)
                native = [word for word in words if _word_script(word) == script]
                for romanized in romanize(language, " ".join(native)):
                    words_of.setdefault(language + LATIN_SUFFIX, Counter()).update(romanized.split())
        self.borrowed = {script: frozenset(words) for script, words in borrowed.items()}

        counts = {
            language: Counter(chain.from_iterable([_word_features(word) * n for word, n in word_counts.items()]))
            for language, word_counts in words_of.items()
        }
        self._log_p: dict[str, dict[str, float]] = {}
        self._log_unseen: dict[str, float] = {}
        self._log_prior: dict[str, float] = {}
        for script in {_class_script(language) for language in counts}:
            languages = [language for language in counts if _class_script(language) == script]
            vocabulary = len(set().union(*(counts[language] for language in languages)))
            native = [language for language in languages if not language.endswith(LATIN_SUFFIX)]
            in_script = sum(n_examples[language] for language in native)
            for language in languages:
                grams = counts[language]
                log_total = math.log(grams.total() + _SMOOTHING * vocabulary)
                self._log_p[language] = {gram: math.log(n + _SMOOTHING) - log_total for gram, n in grams.items()}
                self._log_unseen[language] = math.log(_SMOOTHING) - log_total
                if language in native:
                    share = (
                        n_examples[language] / in_script * (1 - _ROMANIZED_PRIOR if len(native) < len(languages) else 1)
                    )
                else:
                    share = _ROMANIZED_PRIOR / (len(languages) - len(native))
                self._log_prior[language] = math.log(share)

    @property
    def languages(self) -> frozenset[str]:
        """The languages it learnt, those with training examples ("ka-Latn" counts as ka)."""
        return frozenset(map(_base, self._log_p))

    def classes(self, script: str, languages: Iterable[str]) -> list[str]:
        """The model's classes for `languages` written in `script`, romanized ones included."""
        return [c for c in self._log_p if _class_script(c) == script and _base(c) in set(languages)]

    def log_likelihoods(self, words: Iterable[str], languages: Iterable[str]) -> dict[str, float]:
        """log P(language) + log P(words | language) for each of `languages`."""
        grams = [gram for word in words for gram in _word_features(word)]
        scores = {}
        for language in languages:
            table = self._log_p[language]
            scores[language] = self._log_prior[language] + sum(
                map(table.get, grams, repeat(self._log_unseen[language]))
            )
        return scores


@lru_cache(maxsize=8)
def _trained_model(languages: frozenset[str], data_dir: Path) -> NgramModel:
    examples = {language: training_examples(language, data_dir) for language in SCRIPTS}
    return NgramModel(examples, classes=languages)


@lru_cache(maxsize=8)
def _py3langid(languages: tuple[str, ...]) -> LanguageIdentifier:
    """py3langid restricted to `languages` (loading its model takes about half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # only when needed

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


# -- asking for a language -----------------------------------------------------------
# Matched on lower-cased text with the Azerbaijani and Kazakh special letters folded to
# plain ones, hyphens as spaces: "по-русски" and "по русски", "қазақша" and "казакша".
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


class LanguageDetector:
    def __init__(self, languages: tuple[str, ...], default: str) -> None:
        if default not in languages:
            raise ValueError(f"default language {default} is not among {languages}")
        self.languages = languages
        self.default = default
        self._model = _trained_model(frozenset(languages), NLU_DATA)

    def detect(self, text: str) -> Detection | None:
        """The most likely configured language of `text`, or None when it has no letters."""
        found = self._detect(text)
        return found.detection if found else None

    def _detect(self, text: str) -> _Found | None:
        words = _words(text)
        borrowed = self._model.borrowed
        telling = [word for word in words if word not in borrowed.get(_word_script(word) or "", ())]
        script = self._script(telling or words)
        candidates = [lang for lang in self.languages if SCRIPTS[lang] == script]
        romanized = [c for c in self._model.classes(script or "", self.languages) if c.endswith(LATIN_SUFFIX)]
        if script is None or not (candidates or romanized):
            return None
        telling = [word for word in telling if _word_script(word) == script]
        if len(candidates) + len(romanized) == 1:
            return _Found(Detection(_base([*candidates, *romanized][0]), 1.0), script, telling)
        letters = {ch for word in words for ch in word}
        for lang in candidates:
            if letters & _DISTINCT_LETTERS.get(lang, frozenset()):
                return _Found(Detection(lang, 1.0), script, telling)
        sample = telling or [word for word in words if _word_script(word) == script]
        if not self._model.languages.issuperset(candidates):
            # A language without training examples: py3langid decides, as it used to.
            ranking = _py3langid(tuple(sorted(self.languages))).rank(" ".join(sample))
            probabilities = {lang: p for lang, p in ranking if lang in candidates}
            total = sum(probabilities.values()) or 1.0
            lang = max(probabilities, key=probabilities.__getitem__)
            return _Found(Detection(lang, probabilities[lang] / total), script, telling)
        scores = self._model.log_likelihoods(sample, [*candidates, *romanized])
        best = _best({lang: score / _CONFIDENCE_TEMPERATURE for lang, score in scores.items()})
        return _Found(Detection(_base(best.language), best.confidence), script, telling)

    def _script(self, words: list[str]) -> str | None:
        """The script `words` are written in: one that only one configured language uses
        wins over the majority ("hello दाइ", "Tiggo 7 pro को front bumper स्टकमा छ?"),
        since nobody writes a word of Georgian or Nepali into another language's message;
        and so does Cyrillic over Latin ("класс, thanks 👍"): Russian and Kazakh chat mixes
        in English words, English chat no Cyrillic ones. Azerbaijani chat does ("короче
        maşını axşam götürəcəm"), and its ə tells it."""
        letters = _script_letters(words)
        owned = [script for script in letters if sum(SCRIPTS[lang] == script for lang in self.languages) == 1]
        if owned:
            return max(owned, key=letters.__getitem__)
        azerbaijani = any(ch in _DISTINCT_LETTERS["az"] for word in words for ch in word)
        if (
            "CYRILLIC" in letters
            and not azerbaijani
            and any(len(w) > 1 and _word_script(w) == "CYRILLIC" for w in words)
        ):
            return "CYRILLIC"
        return max(letters, key=letters.__getitem__) if letters else None

    def requested_language(self, text: str) -> str | None:
        """A configured language the customer explicitly asks for in `text`, if any."""
        language = requested_language(text)
        return language if language in self.languages else None

    def choose(self, text: str, current: str | None, hint: str | None = None) -> str:
        """The language to answer `text` in, given the conversation's `current` one."""
        requested = self.requested_language(text)
        if requested is not None:
            return requested  # whatever language the request itself is written in
        fallback = current or (hint if hint in self.languages else None) or self.default
        found = self._detect(text)
        if found is None:
            return fallback
        detection, script = found.detection, found.script
        if current is None:
            uncertain = detection.confidence < _SWITCH_CONFIDENCE or not found.telling
            if uncertain and hint in self.languages and SCRIPTS[hint] == script:
                return hint  # type: ignore[return-value]
            return detection.language
        if detection.language == current:
            return current
        short = len(found.telling) < _SHORT_WORDS or sum(map(len, found.telling)) < _SHORT_LETTERS
        if script != SCRIPTS[current]:
            # "ok" or "спс" in another script is not a change of language; a script that
            # only one configured language uses (Georgian, Devanagari) is.
            unique_script = sum(SCRIPTS[lang] == script for lang in self.languages) == 1
            return detection.language if unique_script or not short else current
        if short:
            return current
        return detection.language if detection.confidence >= _SWITCH_CONFIDENCE else current


@dataclass(frozen=True, slots=True)
class _Found:
    detection: Detection
    script: str  # the script most of the message's letters are in, brand names aside
    telling: list[str]  # the message's words in that script that are not brand names and the like


def _best(scores: Mapping[str, float]) -> Detection:
    """The top language and its softmax probability over `scores` (log-odds)."""
    top = max(scores, key=scores.__getitem__)
    total = math.fsum(math.exp(score - scores[top]) for score in scores.values())
    return Detection(top, 1.0 / total)
