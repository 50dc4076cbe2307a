"""Georgian: the words for days, as customers write them.

A trailing "*" marks a stem that takes any case ending ("ორშაბათ*": "ორშაბათი",
"ორშაბათს"). Romanized forms ("xval", "khval", "orshabats") are generated.
Sunday is listed whole, not as a stem: "კვირ-" is also the week ("ერთ კვირაში", in a
week), and a count before it is read as weeks. "მომავალ კვირას" (next week, or next
Sunday) is read as Sunday.
"""

TODAY = ("დღეს", "dges")
TOMORROW = ("ხვალ*",)
AFTER_TOMORROW = ("ზეგ*",)
WEEKDAYS = (  # Monday first
    ("ორშაბათ*",),
    ("სამშაბათ*",),
    ("ოთხშაბათ*",),
    ("ხუთშაბათ*",),
    ("პარასკევ*",),
    ("შაბათ*",),
    ("კვირა", "კვირას", "კვირა დღეს"),
)
WEEKDAY_ABBREVIATIONS: tuple[tuple[str, ...], ...] = ()
MONTHS = (
    ("იანვარ*",),
    ("თებერვალ*",),
    ("მარტ*",),
    ("აპრილ*",),
    ("მაის*",),
    ("ივნის*",),
    ("ივლის*",),
    ("აგვისტო*",),
    ("სექტემბერ*",),
    ("ოქტომბერ*",),
    ("ნოემბერ*",),
    ("დეკემბერ*",),
)
# Before a noun Georgian drops a number's final "ი": "ორი" but "ორ დღეში".
NUMBERS = {
    "ერთ": 1,
    "ერთი": 1,
    "ორ": 2,
    "ორი": 2,
    "სამ": 3,
    "სამი": 3,
    "ოთხ": 4,
    "ოთხი": 4,
    "ხუთ": 5,
    "ხუთი": 5,
    "ექვს": 6,
    "ექვსი": 6,
    "შვიდ": 7,
    "შვიდი": 7,
    "რვა": 8,
    "ცხრა": 9,
    "ათ": 10,
    "ათი": 10,
}
DAY_UNITS = ("დღე", "დღის")
WEEK_UNITS = ("კვირა", "კვირის")
BEFORE_COUNT: tuple[str, ...] = ()
AFTER_UNIT = ("შემდეგ", "მერე", "შემდგომ")  # "3 დღის შემდეგ"
IN_UNITS = {"დღეში": 1, "dgeshi": 1, "კვირაში": 7}  # the case ending says "in": "3 დღეში"
ORDINALS: tuple[str, ...] = ()
