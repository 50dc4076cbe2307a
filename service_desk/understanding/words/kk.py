"""Kazakh: the words for days, as customers write them.

A trailing "*" marks a stem that takes any suffix ("сейсенбі*": "сейсенбіге",
"сейсенбіде"). Typed on a Russian keyboard ("дуйсенби") or romanized ("erteng",
"seisenbige", "jeksenbi") they match all the same. Kazakh customers often name the month
in Russian ("12 марта"): the Russian table is always read too.
"""

TODAY = ("бүгін*",)
TOMORROW = ("ертең*",)
AFTER_TOMORROW = ("бүрсігүні*", "бүрсүгүні*", "арғы күні")
WEEKDAYS = (  # Monday first
    ("дүйсенбі*",),
    ("сейсенбі*",),
    ("сәрсенбі*",),
    ("бейсенбі*",),
    ("жұма*",),
    ("сенбі*",),
    ("жексенбі*",),
)
WEEKDAY_ABBREVIATIONS: tuple[tuple[str, ...], ...] = ()
MONTHS = (
    ("қаңтар*",),
    ("ақпан*",),
    ("наурыз*",),
    ("сәуір*",),
    ("мамыр*",),
    ("маусым*",),
    ("шілде*",),
    ("тамыз*",),
    ("қыркүйек*",),
    ("қазан*",),
    ("қараша*",),
    ("желтоқсан*",),
)
NUMBERS = {
    "бір": 1,
    "екі": 2,
    "үш": 3,
    "төрт": 4,
    "бес": 5,
    "алты": 6,
    "жеті": 7,
    "сегіз": 8,
    "тоғыз": 9,
    "он": 10,
}
DAY_UNITS = ("күн*",)
WEEK_UNITS = ("апта*",)
BEFORE_COUNT: tuple[str, ...] = ()
AFTER_UNIT = ("кейін", "соң")  # "3 күннен кейін"
IN_UNITS: dict[str, int] = {}
ORDINALS = ("ші", "шы", "сі", "ы", "і")  # "12-сі"
