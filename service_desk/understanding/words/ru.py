"""Russian: the words for days, as customers write them.

A trailing "*" marks a stem that takes any case ending ("пятниц*": "пятница", "в пятницу");
a word without it must be written whole. Every entry is also found romanized ("zavtra",
"vo vtornik", "v pyatnitsu"): the romanization is generated, not listed.
"""

TODAY = ("сегодня*", "седня", "сёдня", "sevodnya", "sevodnia", "sivodnya")
TOMORROW = ("завтра*", "завтро")
AFTER_TOMORROW = ("послезавтра*", "после завтра", "послезавтро")
WEEKDAYS = (  # Monday first
    ("понедельник*", "понедельнек*"),
    ("вторник*",),
    ("среда", "среду", "среды", "среде"),  # not "сред*": "среди", "средний"
    ("четверг*",),
    ("пятниц*",),
    ("суббот*", "субот*"),
    ("воскресен*", "воскресень*"),
)
# Abbreviations are found only as written: romanized, "vs" or "pt" would mean anything.
WEEKDAY_ABBREVIATIONS = (("пн",), ("вт",), ("ср",), ("чт",), ("пт",), ("сб",), ("вс",))
MONTHS = (  # January first; "мая", "мае" but never a bare "ма*"
    ("январ*", "янв"),
    ("феврал*", "фев", "февр"),
    ("март*", "мар"),
    ("апрел*", "апр"),
    ("май", "мая", "мае", "маю"),
    ("июн*",),
    ("июл*",),
    ("август*", "авг"),
    ("сентябр*", "сент"),
    ("октябр*", "окт"),
    ("ноябр*", "нояб"),
    ("декабр*", "дек"),
)
NUMBERS = {
    "один": 1,
    "одну": 1,
    "одна": 1,
    "два": 2,
    "две": 2,
    "пару": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
}
DAY_UNITS = ("день", "дня", "дней", "сутки", "суток")
WEEK_UNITS = ("неделю", "недели", "недель", "неделя")
BEFORE_COUNT = ("через", "спустя")  # "через 3 дня"
AFTER_UNIT = ("спустя",)  # "3 дня спустя"
IN_UNITS: dict[str, int] = {}  # no case ending of its own says "in N days"
ORDINALS = ("го", "ое", "е")  # "12-го марта"
