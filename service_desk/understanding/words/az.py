"""Azerbaijani: the words for days, as customers write them.

A trailing "*" marks a stem that takes any suffix ("sabah*": "sabaha", "sabahkı"). Typed
without the Azerbaijani letters ("cume gunu", "cersenbe axsami") they match all the same.
Several weekdays are two words, and the longer name wins: "çərşənbə axşamı" is Tuesday,
"çərşənbə" Wednesday; "cümə axşamı" Thursday, "cümə" Friday; "bazar ertəsi" Monday,
"bazar" Sunday.
"""

TODAY = ("bu gün", "bu günə", "bu günkü", "bugün*")
TOMORROW = ("sabah*",)
AFTER_TOMORROW = ("birigün*", "biri gün*")  # also "o biri gün"
WEEKDAYS = (  # Monday first
    ("bazar ertəsi*",),
    ("çərşənbə axşamı*",),
    ("çərşənbə*",),
    ("cümə axşamı*",),
    ("cümə*",),
    ("şənbə*",),
    ("bazar*",),
)
WEEKDAY_ABBREVIATIONS: tuple[tuple[str, ...], ...] = ()
MONTHS = (
    ("yanvar*",),
    ("fevral*",),
    ("mart*",),
    ("aprel*",),
    ("may*",),
    ("iyun*",),
    ("iyul*",),
    ("avqust*",),
    ("sentyabr*",),
    ("oktyabr*",),
    ("noyabr*",),
    ("dekabr*",),
)
NUMBERS = {
    "bir": 1,
    "iki": 2,
    "üç": 3,
    "dörd": 4,
    "beş": 5,
    "altı": 6,
    "yeddi": 7,
    "səkkiz": 8,
    "doqquz": 9,
    "on": 10,
}
DAY_UNITS = ("gün*",)
WEEK_UNITS = ("həftə*",)
BEFORE_COUNT: tuple[str, ...] = ()
AFTER_UNIT = ("sonra",)  # "3 gündən sonra", "3 gün sonra"
IN_UNITS: dict[str, int] = {}
ORDINALS = ("ci", "cı", "cu", "cü")  # "12-ci mart"
