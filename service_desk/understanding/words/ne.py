"""Nepali: the words for days, as customers write them.

Dates are Gregorian: the product books in the Gregorian calendar in Nepal too, so the
Bikram Sambat months (Baisakh, Jestha, ...) are not read. A trailing "*" marks a stem that
takes any suffix ("सोमबार*": "सोमबारमा"). Romanized Nepali is written as it is
pronounced, dropping vowels the generated romanization would keep ("sombar", not
"somabar"), so its Latin forms are listed here.
"""


def _days(*stems: str) -> tuple[str, ...]:
    """A weekday typed in Latin letters: the stem, then "bar" in its spellings ("sombar", "somvaar")."""
    return tuple(f"{stem}{bar}*" for stem in stems for bar in ("bar", "baar", "var", "vaar", "war"))


TODAY = ("आज", "आजै", "आजको", "आजलाई", "aaja", "aajai", "aajako", "aaj", "aja", "ajai")  # not "आजकल", nowadays
TOMORROW = ("भोलि*", "भोली*", "bholi*", "bholli")
AFTER_TOMORROW = ("पर्सि*", "पर्सी*", "parsi*", "parshi*")
WEEKDAYS = (  # Monday first
    ("सोमबार*", "सोमवार*", *_days("som", "soma")),
    ("मङ्गलबार*", "मंगलबार*", "मंगलवार*", *_days("mangal", "mangala")),
    ("बुधबार*", "बुधवार*", *_days("budh", "budha")),
    ("बिहीबार*", "बिहिबार*", "बिहीवार*", *_days("bihi", "bihee")),
    ("शुक्रबार*", "शुक्रवार*", *_days("sukra", "shukra", "sukr", "shukr")),
    ("शनिबार*", "शनिवार*", *_days("sani", "shani", "sanee", "shanee")),
    ("आइतबार*", "आइतवार*", *_days("aaita", "aita", "aait", "ait")),
)
WEEKDAY_ABBREVIATIONS: tuple[tuple[str, ...], ...] = ()
MONTHS = (  # the English months, in Devanagari; typed in Latin letters they are English
    ("जनवरी*", "जनवरि*", "जनअरी*"),
    ("फेब्रुअरी*", "फेब्रुवरी*", "फेब्रुअरि*"),
    ("मार्च*",),
    ("अप्रिल*", "एप्रिल*"),
    ("मे", "मेमा"),
    ("जुन*", "जून*"),
    ("जुलाई*", "जुलाइ*"),
    ("अगस्ट*", "अगस्त*"),
    ("सेप्टेम्बर*", "सेप्टेम्वर*", "सेप्टेंबर*"),
    ("अक्टोबर*", "अक्टुबर*"),
    ("नोभेम्बर*", "नोवेम्बर*"),
    ("डिसेम्बर*", "दिसम्बर*"),
)
NUMBERS = {
    "एक": 1,
    "ek": 1,
    "दुई": 2,
    "dui": 2,
    "तीन": 3,
    "तिन": 3,
    "tin": 3,
    "teen": 3,
    "चार": 4,
    "char": 4,
    "पाँच": 5,
    "पाच": 5,
    "panch": 5,
    "paanch": 5,
    "छ": 6,
    "chha": 6,
    "सात": 7,
    "saat": 7,
    "आठ": 8,
    "aath": 8,
    "नौ": 9,
    "nau": 9,
    "दस": 10,
    "दश": 10,
    "das": 10,
}
DAY_UNITS = ("दिन", "din")
WEEK_UNITS = ("हप्ता", "hapta", "haptaa")
BEFORE_COUNT: tuple[str, ...] = ()
AFTER_UNIT = ("पछि", "पछी", "पछाडि", "pachi", "pachhi", "paxi")  # "३ दिन पछि"
IN_UNITS = {  # one word: "३ दिनमा" (in 3 days), "३ दिनपछि" (3 days later)
    "दिनमा": 1,
    "दिनपछि": 1,
    "दिनपछी": 1,
    "dinma": 1,
    "dinpachi": 1,
    "dinpachhi": 1,
    "हप्तामा": 7,
    "हप्तापछि": 7,
    "haptama": 7,
}
ORDINALS: tuple[str, ...] = ()
