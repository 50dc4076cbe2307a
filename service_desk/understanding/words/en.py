"""English: the words for days, as customers write them (a trailing "*" marks a stem)."""

TODAY = ("today", "tonight", "tdy")
TOMORROW = ("tomorrow", "tomorow", "tommorow", "tommorrow", "tmrw", "tmr", "tmrow")
AFTER_TOMORROW = (
    *("day after tomorrow", "day after tomorow", "day after tommorow", "day after tmrw"),
    *("after tomorrow", "overmorrow"),  # as customers translate "послезавтра", "birigün"
)
WEEKDAYS = (  # Monday first
    ("monday*", "mon"),
    ("tuesday*", "tue", "tues", "tuseday"),
    ("wednesday*", "wed", "weds", "wensday", "wednsday", "wendesday"),
    ("thursday*", "thu", "thur", "thurs", "thrusday"),
    ("friday*", "fri"),
    ("saturday*", "sat"),
    ("sunday*", "sun"),
)
WEEKDAY_ABBREVIATIONS: tuple[tuple[str, ...], ...] = ()
MONTHS = (
    ("january", "jan"),
    ("february", "feb", "febuary"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep", "sept"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
DAY_UNITS = ("day", "days")
WEEK_UNITS = ("week", "weeks")
BEFORE_COUNT = ("in", "after")  # "in 3 days"
AFTER_UNIT = ("later", "from now", "from today")  # "3 days later"
IN_UNITS: dict[str, int] = {}
ORDINALS = ("st", "nd", "rd", "th", "of", "the")  # "12th of March", "March the 12th"
