"""What the words around a number say it is: patterns only, weighed in mileage_judge.py.

A distance unit, a mileage word ("пробег") or a verb of driving ("намотал") make a number a
reading; money, years, durations, speeds, intervals, warranty limits, distances to a place,
ranges, services and trips make it something else. Each idea's words in all six languages
stand together in one pattern, matched on text folded as text.py folds it.
"""

from __future__ import annotations

import re

from bot.entities.numerals import _MULTIPLIER, _MULTIPLIERS
from bot.entities.text import _LETTER

KM_PER_MILE = 1.609344

_KILOMETRES = (
    r"kms?"  # a dot after km or км ends the sentence more often than it abbreviates
    r"|klm|k\.\s?m\.?"
    rf"|kilomet(?:er|re|r){_LETTER}*"
    r"|км"
    rf"|километр{_LETTER}*"
    rf"|шақырым{_LETTER}*"
    rf"|კმ|კილომეტრ{_LETTER}*"
    r"|कि\.?\s?म[िी]\.?|किलो\s?म[िी]टर|के\.?\s?एम\.?"
)
_MILES = (
    # "ml" counts only after thousands: "54 400 ml" are miles, "500 ml" is oil
    rf"mi(?:les?|l|ls)?(?!{_LETTER})|mil(?:d[əe]|d[əe]dir|dir)(?!{_LETTER})|mls?(?!{_LETTER})"
    rf"|miels?(?!{_LETTER})"  # the e and the l swapped on a phone keyboard
    rf"|мил(?:ь|и|ях|ям|ями|ямен|ьмен)(?!{_LETTER})"  # also Kazakh "милямен" (in miles)
    rf"|მილ(?!იონ){_LETTER}*|მაილ{_LETTER}*|mili[ae]?(?!{_LETTER})"
    r"|माइल(?!ेज)"
)
_UNIT = re.compile(rf"[^\S\n]{{0,2}}(?:(?P<km>{_KILOMETRES})|(?P<miles>{_MILES}))")  # on the number's line

# Words that say the number next to them is the odometer reading: "пробег 45000".
_MILEAGE_WORDS = (
    rf"пробе[гк]{_LETTER}*|probe[gqk]{_LETTER}*|одометр{_LETTER}*|спидометр{_LETTER}*|жүріс{_LETTER}*|журис{_LETTER}*"
    rf"|y[üu]r[üu][şs]{_LETTER}*"
    # the (odometer's) counter: "sayğac 91 min", "счётчик 120 тыс"
    rf"|sa[yi][ğg]a[cç]{_LETTER}*|сч[её]тчик{_LETTER}*"
    rf"|mileage|milage|odomet(?:er|r){_LETTER}*|odo\b|spidomet(?:er|r){_LETTER}*|reading"  # also az "odometrdə"
    rf"|გარბენ{_LETTER}*|გარბნ{_LETTER}*|გარბ\.|ნარბენ{_LETTER}*|garben{_LETTER}*|narben{_LETTER}*|ოდომეტრ{_LETTER}*|სპიდომეტრ{_LETTER}*|პრობეგ{_LETTER}*"
    # "пробег" in Georgian letters as it is pronounced, and the speedometer for short: "პრაბეგი", "სპიდზე"
    rf"|პრაბეგ{_LETTER}*|prabeg{_LETTER}*|სპიდზე|სპიდზეა"
    # "пр" for "пробег", only right before its digits: "пр 39тыс" ("пр. Абая" is an avenue); $ is
    # the number's start when the words before a number are searched up to it
    r"|(?<![^\W\d_])пр\.?(?=\s?(?:\d|$))"
    r"|मा[इई]लेज|मायलेज|ओडोमिटर|ओडोमीटर|ओडो(?![\u0900-\u097f])|मिटरमा|meter\s?ma(?![^\W\d_])"
)
_MILEAGE_WORD = re.compile(_MILEAGE_WORDS)
# After the number, right away or one word later: "45 000 пробег", "23 ათასი აქვს ნარბენი".
_MILEAGE_WORD_AFTER = re.compile(rf"[ \t]?[-–—:]?[ \t]?(?:{_MILEAGE_WORDS})")  # on the same line
# ... one word later only after a number big enough to be a reading: "тигго 7 про пробег 15300".
_MILEAGE_WORD_AFTER_A_WORD = re.compile(
    rf"\s?[-–—:]?\s?(?:{_LETTER}|[\u0900-\u0963\u0971-\u097f])+\s+(?:{_MILEAGE_WORDS})"
)
# Between a mileage word and its number: up to three words ("mileage is about 45000",
# "пробег у машины сейчас 45000") and a colon or dash, but no sentence boundary or comma.
_WORD_TO_NUMBER_GAP = re.compile(r"[\s:=~≈–—-]*(?:(?:[^\W\d_]|[\u0900-\u0963\u0971-\u097f])+\.?[\s:=~≈–—-]+){0,3}")

# After a number, what makes it something other than a mileage: money, other units,
# years, durations, percentages.
_NOT_A_DISTANCE_AFTER = re.compile(
    r"[^\S\n]?(?:"
    r"[%₼₸₾₽$€£₹]"
    rf"|(?:azn|manat|man|тенге|теңге|тг|tg|руб{_LETTER}*|р\.|rub|usd|eur|euro|евро|долл{_LETTER}*|dollar{_LETTER}*"
    rf"|лари|lari|gel|rs|npr|рупи{_LETTER}*|сом|сум|sum)(?!{_LETTER})"
    r"|रु|रुपैयाँ|रुपियाँ|लारी"
    rf"|(?:kw|квт|hp|ps|cc|л\.\s?с|лс|kg|кг|mm|мм|см|cm|l|л|lt|litr{_LETTER}*|литр{_LETTER}*)(?!{_LETTER})"
    rf"|(?:год{_LETTER}*|лет|г\.|years?|yrs?|il|ildə|жыл{_LETTER}*|წ\.|წლ{_LETTER}*)(?!{_LETTER})"
    r"|साल|वर्ष"
    rf"|(?:months?|мес(?:яц{_LETTER}*|\.)?|ay{_LETTER}*|ай{_LETTER}*|თვ{_LETTER}*"
    rf"|weeks?|недел{_LETTER}*|həftə{_LETTER}*|апта{_LETTER}*|კვირ{_LETTER}*"
    # not "დღეს", today: "30 ათასი დღეს გადავიდა" (it passed 30 thousand today)
    rf"|days?|дн(?:я|ей)|день|сут{_LETTER}*|gün{_LETTER}*|күн{_LETTER}*|დღ(?!ეს(?!{_LETTER})){_LETTER}*)(?!{_LETTER})"
    r"|महिना|हप्ता|दिन"
    rf"|(?:час{_LETTER}*|ч\.|hours?|hrs?|h|saat{_LETTER}*|сағ{_LETTER}*|საათ{_LETTER}*|minutes?|mins?|мин{_LETTER}*"
    rf"|dəq{_LETTER}*|deq{_LETTER}*|წუთ{_LETTER}*)(?!{_LETTER})"
    r"|घण्टा|घन्टा|मिनेट|बजे"
    r")"
)
# Speeds, fuel economy and distances per day or year: km/h, км/ч, km/l, kmh, kmph,
# "км в час", "100 कि.मि. प्रति घण्टा", "15 000 km a year", "gündə 100 km".
_RATE_AFTER = re.compile(
    # km/h, km/saatda, kmh, kmph, kmpl; not a spaced slash between fields: "VIN / 12 400 km / zəmanət ..."
    rf"(?![^\S\n]/[^\S\n]+{_LETTER}{{6}})\s?/\s?\D|h(?!\w)|ph(?!\w)|pl(?!\w)"
    r"|\s(?:в|per|an|a|प्रति)\s?(?:час|hour|saat|घण्टा|घन्टा|घंटा|день|сутки|day|неделю|week|месяц|month|год|year|दिन)"
    r"(?![^\W\d_])(?!\s+ago)"
    r"|\s?प्रति\s?(?:घण्टा|घन्टा|घंटा|दिन)"  # with a case ending: "प्रति घण्टामा"
    rf"|\s(?:saatda|saatı|сағатына|საათში|gündə|күніне|დღეში|दिनमा|ayda|айына|თვეში|ildə|жылына|წელიწადში)(?!{_LETTER})"
)
# ... and the same written before the number: "gündə 100 km", "в день 300 км", "ildə 15 000 km".
_RATE_BEFORE = re.compile(
    r"(?<!\w)(?:(?:a|per|в|за)\s+(?:day|week|month|year|день|сутки|неделю|месяц|год)"
    r"|gündə|ayda|ildə|күніне|айына|жылына|დღეში|თვეში|წელიწადში)\s*$"
    r"|(?:दिनमा|महिनामा|वर्षमा|प्रति\s?(?:दिन|महिना|वर्ष))\s*$"
    # distance per litre (fuel economy): "लिटरमा १४ किमि", "per litre 14 km", "на литр 12 км"
    r"|(?<!\w)(?:per|a|на|за)\s+(?:litre|liter|литр)\s*$|(?:litrə|litre|литрге|ლიტრზე|लिटरमा|लिटरको|प्रति\s?लिटर)\s*$"
)
# Distances that are not a reading: intervals ("every 10 000 km", "каждые", "hər") and
# limits ("up to 100 000 km", "до 150 000 км"), e.g. in warranty and service-plan questions.
_INTERVAL_OR_LIMIT_BEFORE = re.compile(
    r"(?<!\w)(?:every|each|каждые|каждых|каждый|каждого|hər|her|әр|ყოველ|हरेक|प्रत्येक|har|harek|yovel"
    r"|дейін|шейін|qədər|qeder|через|ещ[её]|тағы|тагы|ta[gq]h?y|due\s+(?:in|at)|in\s+another"
    r"|(?:то|техобслуживание|сервис|service|servis)(?:-?\d)?\s+(?:на|at|в)"  # also numbered: "ТО-2 на"
    r"|up\s+to|within|до|не\s+более|максимум|(?<!pro\s)max(?:imum)?"  # not "Tiggo 8 Pro Max"
    r"|(?:impossible|possible|stop\w*|due|service)\s+in)[ \t:]*$"  # a countdown: "engine start impossible in 600 miles"
)
_INTERVAL_OR_LIMIT_AFTER = re.compile(
    rf"[\s-]?(?:{_LETTER}{{0,3}}\s)?(?:сайын|saiyn|sayin|q[əe]d[əe]r(?:d[iı]r?)?|дейін|шейін|deiin|dək|მდე|सम्म|samma|limit"
    rf"|მერე|შემდეგ|sonra|кейін"
    # an upper bound not reached yet: "5 мыңға жетпей жатыр" (short of 5 thousand), "5 minə çatmayıb"
    rf"|жетпей|жетпеді|жетпеген|zhetpei|çatmay{_LETTER}*|catmay{_LETTER}*|çatmır|catmir)(?!{_LETTER})"
    rf"|-?(?:{_LETTER}{{0,3}})?მდე"
)
# A warranty or service-plan limit: "5 years or 150 000 km", "100 000 км или 3 года",
# "8 il və ya 160 000 km", "5 жыл немесе", "5 წელი ან", "५ वर्ष वा", also "3 года/100 000 км".
_PERIOD = (
    rf"(?:years?|yrs?|months?|год{_LETTER}*|лет|мес{_LETTER}*|il|ay|жыл{_LETTER}*|ай{_LETTER}*"
    rf"|წელ{_LETTER}*|წლ{_LETTER}*|თვ{_LETTER}*|jyl{_LETTER}*|zhyl{_LETTER}*|wel{_LETTER}*|tsel{_LETTER}*|wl{_LETTER}*"
    rf"|barsa|barsha|bars|sal|god{_LETTER}*|let|mahina|mahena)(?!{_LETTER})|वर्ष|साल|महिना"
)
_OR = (
    r"(?:or|или|либо|v[əe]\s+ya|yaxud|ya\s+da|ya|немесе|nemese|не|ან|an|वा|wa|va|अथवा|athawa|athaba|या|ili"
    r"|ki|कि)(?!\w)|/"  # Nepali "ki": "10,000 km ki 6 mahina"
)
_WARRANTY_BEFORE = re.compile(rf"(?<![\w.,])\d+\s?-?\s?(?:{_PERIOD})\s*,?\s*(?:{_OR})\s*$")
_WARRANTY_AFTER = re.compile(rf"\s*,?\s*(?:{_OR})\s*\d+\s?-?\s?(?:{_PERIOD})")
# A distance to or from a place: "Bakıdan 30 km", "Алматыдан 40 км", "თბილისიდან 30 კმ",
# "काठमाडौंबाट ३० कि.मि." (the ablative case: "from Baku"), "в 40 км от Караганды",
# "40 km from Almaty", "30 km away" ("45,000 km from new" is still a reading).
_PLACE_BEFORE = re.compile(
    # not "sedan", "Казахстан"
    rf"(?:{_LETTER}{{2,}}(?:(?<!se)dan|dən|den|(?<!се)дан|ден|(?<!с)тан|тен|нан|нен|დან|მდე|mde)"
    r"|[\u0900-\u097f]+\s?(?:बाट|भन्दा)"
    rf"|{_LETTER}{{2,}}\s(?:bata|bhanda)"  # Nepali typed in Latin letters: "Mugling bata"
    rf"|{_LETTER}{{2,}}(?:ya|yə)(?:\s+h[əe]l[əe])?"  # to a place (az dative): "Bakıya hələ 380 km"
    rf"|(?<!\w)(?:from|от|из|до)\s+{_LETTER}+)"
    # (not across a VIN, which extract() blanks out: "amerikadan gelib <VIN>, 52k miles var")
    rf"(?:\s+{_LETTER}+){{0,2}}(?:[:?-]|\s(?!\s{{5}})){{0,8}}$"
    # a kilometre post on a road: "на трассе М-4, 312 км", "highway A1, km 45"
    rf"|(?<!{_LETTER})(?:трасс{_LETTER}*|шоссе|trass{_LETTER}*|highway|hwy|магистрал{_LETTER}*|avtoban{_LETTER}*)"
    r"(?:[\s,]+\S{1,8}){1,2}[\s,]*$"
)
_PLACE_AFTER = re.compile(
    rf"(?:-{_LETTER}{{1,4}})?\s+(?:from(?!\s+new)|away|outside|от|из|uzaqda|uzaqlıqda|aralıda|məsafədə|жерде"
    rf"|қашықтықта|მოშორებით|დაშორებით"
    # still to go: "Bakıya 25 km qalır", "осталось", "қалды"
    rf"|qal(?:ır|ir|ıb|ib|dı|di|dy)|kaldy|осталось|остается|қалды|калды|қалғанда|калганда|qalganda|დარჩა|darchen{_LETTER}*"
    rf"|maqvs\s+darchen{_LETTER}*|yol(?:du|dur)?|jol|жол|იქნება|iqneba|будет|olacaq|უნდა|unda"
    # a distance to a place, or one the car will go: "300 km to Ganja", "400 km gedəcək"
    rf"|(?:to(?!\s+date)|до)\s+{_LETTER}+|ged[əe]c[əe]k{_LETTER}*|one\s+way|round\s+trip|в\s+одну\s+сторону)(?!{_LETTER})"
    r"|\s+(?:टाढा|बाँकी|अगाडि|पछाडि|tadha|baki|agadi|pachadi)(?![^\W\d_])"
    rf"|(?:-{_LETTER}{{1,4}})?\s+{_LETTER}{{3,}}ამდე(?!{_LETTER})"
)
# A distance driven since something: "5 ათასი კმ-ის წინ", "2000 км назад", "500 km ago".
_AGO_AFTER = re.compile(
    rf"(?:-{_LETTER}{{1,4}})?\s+(?:ago|назад|тому|əvvəl|evvel|бұрын|бурын|წინ)(?!{_LETTER})|\s+(?:अघि|अगाडि)"
)
# Consumption: "8 л на 100 км", "per 100 km", "100 km-ə 7 litr", "100 კმ-ზე 12 ლიტრს წვავს",
# "расход 12 литр 100 км ге": 100 km with "per" before it, or with an amount of fuel or
# energy, or a word for consumption, in its sentence.
_PER_BEFORE = re.compile(r"(?<!\w)(?:на|per|a|hər|her|для)\s*$")
_CONSUMPTION = re.compile(
    rf"\d\s?(?:l|л|lt|litr{_LETTER}*|liter{_LETTER}*|litre{_LETTER}*|литр{_LETTER}*|ლიტრ{_LETTER}*|kwh|квт\W?ч)(?!{_LETTER})"
    r"|\d\s?(?:लिटर|लिटर)"
    rf"|(?<!{_LETTER})(?:расход{_LETTER}*|rasxod{_LETTER}*|s[əe]rfiyyat{_LETTER}*|шығын{_LETTER}*|consumption|mpg"
    rf"|წვავ{_LETTER}*|ხარჯავ{_LETTER}*|ხარჯ{_LETTER}*|ჭამ{_LETTER}*|ест(?!ь)|жр[её]т|жейді|yeyir|eats|burns)"
    r"|खपत|खान्छ"
)
# The distance a charge or a tank lasts: "350 km range", "запас хода 400 км" (az "zapas xodu"), "menzil
# 300 km", "tam şarjda 350 km gedir", "range अहिले २५० km", "ერთ დამუხტვაზე 300 კმ".
_RANGE = re.compile(
    rf"(?<!{_LETTER})(?:range|m[əe]nzil{_LETTER}*|запас\w*\s+хода|zapas\w*\s+xod\w*|батаре\w*\s+держит|на\s+(?:одном|полном)\s+заряд{_LETTER}*|ş?arjda|şarjla|sarjla|zaryad(?:la|da)"
    rf"|зарядта|зарядкада|зарядпен|დამუხტვ{_LETTER}*|მუხტზე|damuxtv{_LETTER}*"
    rf"|(?:on|per|in)\s+(?:a\s+|one\s+)?(?:full\s+)?charge|(?:full|ek)\s+charge(?:\s+ma)?)(?!{_LETTER})"
    r"|रेन्ज|रेञ्ज|चार्जमा"
)
# Anywhere in a message, what makes an unnamed distance under 1 000 km a distance to somewhere:
# "how far", "closer" (is there a nearer service?) and a tow truck, which is priced by the distance.
_HOW_FAR = re.compile(
    r"(?<!\w)(?:how\s+far|далеко|расстояни\w*|m[əe]saf[əe]\w*|қашық\w*|кашык\w*|მანძილ\w*|შორს"
    r"|closer|nearer|nearest|ближе|ближайш\w*|жақын\w*|жакын\w*|yax[ıi]n\w*|უფრო\s+ახლოს|უახლოეს\w*"
    r"|tow\s*truck|towing|эвакуатор\w*|evakuator\w*|ევაკუატორ\w*)(?!\w)"
    r"|कति\s?टाढा|दूरी|नजिक|kati\s+tadha|najik|टो\s?ट्रक"
)
# Anywhere in a message, what makes an unnamed distance under 1 000 km a range.
_CHARGE_OR_RANGE = re.compile(
    r"(?<!\w)(?:zaryad\w*|заряд\w*|zapas\w*\s+xod\w*|şarj\w*|sarj\w*|charg\w*|батаре\w*|batarey\w*|battery|аккумулятор\w*|range|m[əe]nzil\w*"
    r"|запас\w*\s+хода|каталог\w*|catalog\w*|კატალოგ\w*|описани\w*|wltp|nedc|cltc|ბატარე\w*|დამუხტ\w*"
    r"|ev|электромоб\w*|ელექტრო\w*|დატენ\w*|sait\w*|сайт\w*|საიტ\w*|website)(?!\w)|\d\s?%|रेन्ज|चार्ज|ब्याट्री"
)
_RANGE_WINDOW = 25  # characters either side of the distance
# A service named by its distance: "the 60 000 km service", "30 min km servisi", "60 тыс км ТО".
_SERVICE_WORDS = (
    rf"service|servis{_LETTER}*|сервис{_LETTER}*|то(?!{_LETTER})|техобслуживан{_LETTER}*"
    rf"|სერვის{_LETTER}*|ტექმომსახურ{_LETTER}*|सर्भिस{_LETTER}*|सर्विस{_LETTER}*"
)
# (also in the genitive: "३० हजार किमीको सर्भिस", the service of 30 000 km)
_SERVICE_AFTER = re.compile(rf"[ \t-]?(?:wala\s|वाला\s|იანი\s|को\s|ko\s)?(?:{_SERVICE_WORDS}|to-{_LETTER}+)")
# ... and named before a distance in its sentence: "first free service 1000 km ma".
_SERVICE_BEFORE = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_SERVICE_WORDS})(?![^\W\d_])")
# What the warranty covers, not the car's reading: "кепілдік 100 000 км ба", "warranty is
# 100k km?", "zəmanət 150 min km-dir" (at most two words between, no comma).
_WARRANTY_WORD_BEFORE = re.compile(
    rf"(?<!{_LETTER})(?:warranty|guarantee|гаранти{_LETTER}*|z[əe]man[əe]t{_LETTER}*|кепілдік{_LETTER}*|кепилдик{_LETTER}*"
    rf"|გარანტი{_LETTER}*)(?:\s+{_LETTER}+){{0,2}}[\s:-]*$"
    r"|(?:वारेन्टी|वारेंटी|ग्यारेन्टी)(?:\s+[\u0900-\u097f]+){0,2}\s*$"
)
# A number that names an order, a claim or a ticket, not a distance: "შეკვეთა 7734-ზე ნაწილი
# ჩამოვიდა?" (has the part for order 7734 come?), "заказ 5521", "sifariş 3310".
_ORDER_BEFORE = re.compile(
    rf"(?<!{_LETTER})(?:order|ticket|claim|заказ{_LETTER}*|заявк{_LETTER}*|sifari[şs]{_LETTER}*|тапсырыс{_LETTER}*"
    rf"|өтінім{_LETTER}*|შეკვეთ{_LETTER}*|განაცხად{_LETTER}*|orders?\s+no\.?)[\s:#№-]*$"
    r"|(?:अर्डर|टिकट)\s*$"
)
# A bare "45k" is usually a mileage in this chat, but not after a word about money.
_PRICE_BEFORE = re.compile(
    r"(?<!\w)(?:cost|price|paid|pay|for|spen[dt]|budget|бюджет|b[üu]dc[əe]|\$|€|стои|цен|за|заплат|плат|потрат|qiymət|qiymet|ödə|ode|xərc"
    r"|баға|төле|жұмса|ფას|გადავიხადე|დავხარჯე"
    r"|मूल्य|पैसा|तिर|खर्च|रु|salary|зарплат|maaş)\S*\s*(?:\S+\s*)?$"
)
# Anywhere in a message, a question about a price: a figure in bare digits that only "now" names is
# then the price quoted now ("ओइल चेन्जको कति पर्छ? पहिले ६५०० भनेको थियो, अहिले ८२००": what was
# 6 500 is now 8 200). A reading comes with its "thousand": "сколько стоит ТО на 60 тыс? у меня
# как раз 60 тыс сейчас".
_PRICE_QUESTION = re.compile(
    r"(?<![\w\u0900-\u097f])(?:how\s+much|сколько\s+стои\w*|qiym[əe]ti?|neç[əe]y[əe]|nece(?:y[əe])?\s+olar"
    r"|қанша\s+тұрады|канша\s+турады|რა\s+ღირს|რამდენი\s+ღირს|kati\s+parchha|kati\s+parcha)(?![\w\u0900-\u097f])"
    r"|कति\s?पर्छ"
    # or a price named with its currency before it: "was Rs 8,500, why now 12,000?"
    r"|(?<![\w\u0900-\u097f])(?:rs\.?|npr|रु\.?|usd|azn|gel|kzt)\s?\d|[$€£₹₼₸₾₽]\s?\d"
)
# A distance unit written before its number: "км 88 000", "km: 45000", "კმ 45000",
# "कि.मि. ४५०००", "किलोमिटर ५६००० पुग्यो". Only the whole words for miles: a bare
# "mi" or "mil" before a number is too often something else.
_UNIT_BEFORE = re.compile(
    rf"(?<![\w\u0900-\u097f])(?:(?P<km>{_KILOMETRES})|(?P<miles>miles|миль|მილ(?!იონ){_LETTER}*|माइल(?!ेज)"
    r"|(?:^|(?<=[,;:\n]\s)|(?<=[,;:\n]))mi))"  # "RAV4 hybrid, mi 45,300"
    r"(?:\s+is\s+|[\s:=–—-]*)$"  # also "km is 61 thousand 300"
)
# ... unless it is the unit of the number before it: "2 км 300 м", "на 100 км 8".
# (A number, not the digits that end a VIN or a code: "lvvdb11b5kd045678\nkm 38500".)
_NUMBER_OR_THOUSAND_BEFORE = re.compile(
    # \Z, not $: "$" would also match before a line break ("2021.\nKm: 112 000")
    r"(?<!\w)\d+(?:[ .,]\d+)*(?:\s?(?:" + "|".join(pattern for pattern, _ in _MULTIPLIERS) + r"))?[^\S\n]*\.?[^\S\n]*\Z"
)
# Verbs that say how far the car has gone: "намотал 60 тыс", "прошла 80 тысяч", "done 45k",
# "has 45k on it", "45 min (yol) gedib", "45 мың жүрді", "95 ათასი (აქვს) გავლილი",
# "४५ हजार कुदेको". The Azerbaijani ones are kept apart: only they may follow "45 min",
# which in English is 45 minutes.
_MILEAGE_VERBS_AZ = (
    rf"ged(?:ib|miş|mis){_LETTER}*|getib{_LETTER}*|getmi[şs]{_LETTER}*|sürül(?:üb|müş){_LETTER}*|surul(?:ub|mus){_LETTER}*"
    rf"|qaçıb{_LETTER}*|qacib{_LETTER}*|keçib{_LETTER}*|kecib{_LETTER}*|y[üu]r[üu](?:y[üu])?b{_LETTER}*"
    rf"|var(?!{_LETTER})|olub(?!{_LETTER})"  # "57 min var": it has 57 thousand
)
# What the odometer shows: "показывает 40 тыс", "göstərir 85 min", "dekhauchha" (Nepali in Latin letters).
_SHOWS = (
    rf"shows|showing|показыва{_LETTER}*|көрсет{_LETTER}*|göstər{_LETTER}*|gostər{_LETTER}*|gosterir|აჩვენ{_LETTER}*"
    r"|देखाउँ[\u0900-\u097f]*|देखाउ[\u0900-\u097f]*"
    rf"|dekha(?:u|un|ko|yo|eko){_LETTER}*"
)
_MILEAGE_VERBS = (
    _MILEAGE_VERBS_AZ
    + rf"|намота{_LETTER}*|набежа{_LETTER}*|наезди{_LETTER}*|наката{_LETTER}*|отката{_LETTER}*|отъезди{_LETTER}*"
    rf"|пробежал{_LETTER}*"
    rf"|прош(?:ла|[её]л|ли)(?!{_LETTER})"
    r"|done|clocked|covered|racked\s+up|on\s+(?:it|her|the\s+clock)(?!\w)"
    rf"|(?:i'?m|i\s+am|we'?re|it'?s|currently|now)\s+at(?!\w)|reached|hit|перевалил{_LETTER}*"
    r"|पुग्यो|पुगेको|पुगिसक|पुग्न"  # "पुग्न लाग्यो": it is about to reach
    + "|"
    + _SHOWS
    # also typed plainly: "журди"
    + rf"|ж[үу]р[іи]?д[іи](?!{_LETTER})|ж[үу]рген{_LETTER}*|ж[үу]р[іи]пт[іи](?!{_LETTER})"
    rf"|გავლილ{_LETTER}*|გაიარა{_LETTER}*|გაუვლია|გაირბინა|gavlil{_LETTER}*|gaiara|gauvlia|cross(?:ed)?"
    r"|(?:कुद|गुड|चल|नाघ)(?:ेको|्यो|िसक)[\u0900-\u097f]*"  # "नाघिसक्यो": it has crossed
    rf"|(?:chal|kud|gud|pug|nagh)(?:eko|yo|isak|isk){_LETTER}*"
    # Georgian "passed", "exceeded", "became", "is approaching": "150 ათასს გადასცდა", "60 000-ს უახლოვდება"
    rf"|გავიდა|გადავიდა|გადასცდა|გადააცილა|გახდა|უახლოვდება|მიუახლოვდა|gavida|gadavida|gadascda|gaxda|uaxlovdeba"
    r"|აქვს|aqvs"
    rf"|асты|асып|asty"  # Kazakh "exceeded": "250 мыңнан асты"
)
# Verbs of a journey, which with a big number and no unit say how far the car has gone:
# "15 ათასი გავიარე", "проехал уже 120 тыс", "drove 95k".
_DROVE = (
    rf"drove|driven|про[еъ]ха{_LETTER}*|getdi[mk]|sürdü[mk]|surdu[mk]|жүрді[мк]|журди[мк]"
    rf"|გავიარე{_LETTER}*|ვიარე{_LETTER}*"
    r"|(?:गुडाए|चलाए|कुदाए)ँ"
)
# Up to two words between such a verb and the number: "прошла уже почти 80 тысяч".
_VERB_GAP_WORDS = r"(?:(?:[^\W\d_]|[\u0900-\u0963\u0971-\u097f])+\s+){0,2}"
# "Now" just before a number: it is the current reading, whatever other distances the
# message names ("120 min km-də zəncir dəyişilir? indi 112 min km-dəyəm").
_NOW_BEFORE = re.compile(
    r"(?<![\w\u0900-\u097f])(?:now|currently|сейчас|щас|счас|теперь|indi|hal[\s-]?haz[ıi]rda|haz[ıi]rda|қазір|казир"
    r"|ახლა|अहिले|अब|qazir|kazir|ahile|ahle|aile|axla"
    # "exactly": the precise figure after a round one ("400 000 km-dən çoxdur, dəqiq 412 350")
    r"|d[əe]qiq|exactly|precisely|точнее|ровно|нақты|naqty|ზუსტად|zustad|ठ्याक्कै|thyakkai)"
    r"[\s:]+(?:(?:[^\W\d_]|[\u0900-\u0963\u0971-\u097f'’])+\s+){0,2}$"  # "now it shows 42 100"
)
_EXACT_AFTER = re.compile(
    r"\s*(?:km\s*|км\s*)?(?:to\s+be\s+(?:exact|precise)|exactly|precisely|если\s+точно"
    r"|сейчас|щас|now|right\s+now|currently|already|уже|artıq|artiq|indi|hal[\s-]?haz[ıi]rda|қазір|qazir|ახლა|axla"
    r"|ზუსტად|zustad|ровно|d[əe]qiq|нақты)(?!\w)"  # "ოცი ათას ოთხასია ზუსტად": exactly 20 400
)
# A round reading, then the exact one in parentheses: "2 lakh pugna lagyo (1,98,000)".
_CORRECTION_BEFORE = re.compile(rf"(?:\d\s?\S{{1,12}}|\d|{_MULTIPLIER.pattern})[^()\d]{{0,25}}\(\s*$")
_CLOSING_PARENTHESIS = re.compile(r"\s*(?:km|км)?\s*(?:छ|cha|chha)?\s*\)")
# A customer correcting the number just typed: "ой сорри не 45 а 54", "45 yox 54 min",
# "86 000 ой жоқ 68 000", "45 ათასია.. ბოდიში 45 კი არა 54", "73k km no wait 37k".
_CORRECTION_MARKER = re.compile(
    r"(?<![\w\u0900-\u097f])(?:sorry|sry|soz|pardon|oops|no\s+wait|wait\s+no|i\s+mean|my\s+bad|typo|misread"
    r"|пардон|сорри|сори|извин\w*|прошу\s+прощения|ой|упс|хотя\s+нет|вернее|ошиб\w*|опечат\w*"
    r"|yox|s[əe]hv|қателес\w*|кателес\w*|qateles\w*|qar[ıi]şd[ıi]rd[ıi]m|qarisdirdim|ba[ğg][ıi][şs]la\w*|кешір\w*|кешир\w*|қате|kate|qate|keshir\w*"
    r"|ბოდიში|ავურიე|შევცდი|კი\s+არა|bodishi|maaf|galti|galat|गलत|माफ"
    # "excuse me" and "the right one is": "87 ათასი, უკაცრავად 78", "44 000 деп жаздым, дұрысы 47 000"
    r"|უკაცრავად|ukacravad|дұрысы|дурысы|durysy|правильно|düzü|duzu"
    r"|жо[қк]\s+па|jo[qk]\s+pa|или\s+нет|or\s+not|емес|emes|არა|ara)(?![\w\u0900-\u097f])"
)
# "At" a distance: a locative ending after it ("80 min km-də", "90 мыңда", "60 ათასზე",
# "किमीमा", "1000 km ma") or "at", "на" before it.
_LOCATIVE_AFTER = re.compile(r"-?(?:d[əae]|t[əae]|да|де|та|те|ზე|मा)(?![^\W\d_])|\s(?:ma|maa|मा)(?![^\W\d_])")
# A unit alone after a correction: "67 min mil\nyox km-dir", "45k km, sorry, miles".
_UNIT_CORRECTED = re.compile(rf"[\s,:;.-]*(?:(?P<km>{_KILOMETRES})|(?P<miles>{_MILES}))(?![^\W\d_])")
_AT_BEFORE = re.compile(r"(?<!\w)(?:at|на|в)\s+$")
# A past verb of work on the car: "dəyişmişdim", "ауыстырғанмын", "შევცვალე", "फेरेको",
# "garisakeko", "меняли", "changed".
_PAST_WORK = re.compile(
    r"(?<![\w\u0900-\u097f])(?:d[əe]yi[şs]\w*(?:dim|dik|di|mi[şs]\w*|ildi)|deyis\w*(?:dim|dik|mis\w*)"
    r"|ауыстыр(?:ған\w*|ғам|дым|дық|ды|ылды)|auystyr(?:gan\w*|gam|dym|dyq|dyk)"  # "ауыстырғам" as spoken
    r"|შევცვალე\w*|შეიცვალა|გამოვცვალე\w*|შეცვალეს|შევაკეთე\w*|gamovcvale|shevcvale"
    r"|garisak\w*|gareko|fereko|ferisak\w*|pher\w*ko"
    r"|(?:по)?менял\w*|замен(?:ил|или|ял|яли)\w*"
    r"|changed|replaced|swapped|fixed|repaired|done"
    # "carried out (the service)" and the last visit: "65 ათასზე ჩამიტარეთ სერვისი", "last service was at 30,000"
    r"|ჩამიტარ\w*|ჩავიტარე\w*|ჩავატარე\w*|ჩაუტარ\w*|chamitar\w*"
    r"|(?:last|previous|prior)\s+(?:service|oil\s+change|\w+\s+change|time)"
    # ... in the other languages: "ბოლოს ტო ... 30 ათასზე", "последнее ТО на 30 тыс", "son TO 45 mində"
    r"|(?:ბოლოს|ბოლო|последн\w*|прошл\w*|son|соңғы|сонгы|pichhlo|पछिल्लो)\s+(?:то|to|ტო|сервис\w*|servis\w*|სერვის\w*|सर्भिस\w*))(?!\w)"
    r"|(?:फेरे|फेर्|गरेको|गरिसके|बदले|फेरिसके)"
)
# Work that is due, said in the same clause as "at N": "на 100 тыс пробега свечи менять надо" is the
# schedule, not the reading ("90 мыңда ауыстыру керек", "100 min-də dəyişmək lazımdır").
_DUE_WORK = re.compile(
    r"(?<![\w\u0900-\u097f])(?:надо|нужно|необходимо|следует|need\s+to|needs\s+to|should\s+be|must\s+be|керек|қажет"
    r"|lazım\w*|lazim\w*|g[əe]r[əe]k\w*|უნდა|unda)(?![\w\u0900-\u097f])|पर्छ|parchha"
)
# What the car's reading was then, not what it is: "onda 80 min km idi", "тогда было 80 тыс".
_WAS_AFTER = re.compile(r"[^\S\n]*-?(?:idi|ydi|еді|еди|болатын|было)(?![^\W\d_])")
# Georgian "at N" on a number: "71 500-ზეა" (it is at 71 500); Nepali "is at N": "गाडी ८४,२०० मा छ".
_AT_AFTER = re.compile(rf"-?ზე(?:ა|ც)?(?!{_LETTER})|[^\S\n]?(?:मा|ma)[^\S\n]+(?:छ|cha|chha|xa)(?![^\W\d_])")
# Two figures offered as alternatives in a question are neither the reading: "the belt at 90 000 km
# or 100 000?", "30 min km-dədi yoxsa 40?", "10,000 km हो कि 15,000?", "7 жыл ма әлде 150 мың км ба?",
# "5 წელი იყო თუ 100 000 კმ?". The number, at most 40 characters without a figure or a comma, "or"
# and (at most two words later) the other number; the sentence must end in "?" (mileage_judge.py).
# ("жүрісі 9 мың 800 км, ТО-ға қазір келейін бе әлде 10 мыңға толғанда ма?" asks when to come, after a reading.)
_OR_IN_QUESTION = (
    r"(?<![\w\u0900-\u097f])(?:or|или|либо|yoxsa|ya\s+da|v[əe]\s+ya|әлде|алде|немесе|ან|თუ|वा|अथवा|(?:हो|ho)\s+(?:कि|ki))"
    r"(?![\w\u0900-\u097f])"
)
_ALTERNATIVE_AFTER = re.compile(rf"[^\d,.!?\n]{{0,40}}?{_OR_IN_QUESTION}[^\S\n]+(?:\S+[^\S\n]+){{0,2}}\d")
_ALTERNATIVE_BEFORE = re.compile(rf"\d[^\d,.!?\n]{{0,40}}?{_OR_IN_QUESTION}[^\S\n]+(?:\S+[^\S\n]+){{0,2}}$")
# A second distance joined by "or" to an interval is one too: "каждые 10 000 или 15 000 км".
_OR_BETWEEN = re.compile(
    r"^[^\d.!?\n]{0,40}?(?<!\w)(?:or|или|либо|әлде|немесе|yoxsa|ya\s+da|v[əe]\s+ya|ან|वा|अथवा)\s*$"
)
# The locative of a "thousand" word: the car is at that reading ("140 ათასზეა", "80 mində",
# "90 мыңда", "८० हजारमा").
_AT_THOUSAND = re.compile(rf"(?:ათასზე{_LETTER}*|mind[əe](?!{_LETTER})|мыңда(?!{_LETTER})|हजारमा|हज़ारमा)$")
# "About" or "almost" before a "thousand" number: "шамамен 85 мыңдай", "az qala 300 min",
# "примерно 120 тысяч", "करिब ८० हजार"; and Kazakh "-дай" on the thousand ("85 мыңдай").
_ABOUT_AZ = r"t[əe]xmin[əe]n|t[əe]qrib[əe]n|az\s+qala"  # the only ones that make "90 min" a reading
_ABOUT_BEFORE = re.compile(
    r"(?<![\w\u0900-\u097f])(?:about|around|almost|nearly|approx\w*|roughly|почти|около|примерно|приблизительно"
    rf"|где-?то|порядка|{_ABOUT_AZ}|шамамен|shamamen|шамасы|жуық|жуык|дерлік"
    r"|დაახლოებით|თითქმის|daaxloebit|titqmis|करिब|झन्डै|लगभग|karib|jhandai|lagbhag|~|≈)[\s:]*$"
)
_ABOUT_THOUSAND = re.compile(r"(?:мың|мын)д[ае]й$")
_ABOUT_BEFORE_AZ = re.compile(rf"(?<!\w)(?:{_ABOUT_AZ})\s*$")
# "Total" before a number when the message speaks of distances: "due in 1 500 km, total 58 500".
_TOTAL_BEFORE = re.compile(
    r"(?<![\w\u0900-\u097f])(?:total|overall|reading|reads|всего|итого|общий|c[əe]mi|ümumi|umumi|барлығы|жалпы|სულ|जम्मा|कुल)[\s:=-]*$"
)
# An odometer's six-digit display copied with its leading zeros: "ოდომეტრზე 007215 ჩანს". Phone
# numbers, which also start with 0, have nine digits or more.
_ODOMETER_DISPLAY = re.compile(r"0\d{5}")
# A car's model alone opening a message, one word in Latin letters: "Elantra 165tis, ..." (a word in the
# customer's own language there is more often "Кредит 165 тыс" or "Qaldı 3 min").
_MODEL_ONLY = re.compile(r"[a-z][a-z-]{2,}\s+")
# Nothing but punctuation or emoji after the number until the end of its line.
_ENDS_LINE = re.compile(r"[^\w\n]*(?:\n|$)")
# Before "45 min", what makes it minutes: "waited 45 min", "for 45 min", "in 45 min".
_DURATION_BEFORE = re.compile(
    r"(?<!\w)(?:for|in|after|about|around|waited|wait|took|takes|over|than|every|each|last|past|only)\s*$"
)
_NOT_BEFORE = re.compile(r"(?<!\w)(?:не|not|no|yox|emes|емес|არა|ara|होइन|hoina)[\s,]*$")
# ... and after it, where Kazakh, Azerbaijani, Georgian and Nepali put it: "миль емес км" (not miles, km).
_NOT_AFTER = re.compile(r"[\s,]*(?:емес|emes|deyil|dey[iı]l|არა|ara|होइन|hoina)(?!\w)")
_MILES_WORD = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_MILES})")
# Miles, even as "mil", just before a verb of showing: the odometer counts them ("spidometr mil
# gosterir 62 min", "спидометр в милях показывает").
_MILES_SHOWN = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_MILES})(?:\s+\S+)?\s+(?:{_SHOWS})")
# Miles named in full: "mi" and "mil" alone are also Azerbaijani question particles ("var mi?").
_MILES_IN_FULL = re.compile(
    rf"(?<![\w\u0900-\u097f])(?:miles?|miels?|мил(?:ь|и|ях|ям|ями|ямен|ьмен)|მილ(?!იონ){_LETTER}*|მაილ{_LETTER}*|mili[ae]?|माइल(?!ेज))"
    rf"(?![^\W\d_])"
)
_KM_ANYWHERE = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_KILOMETRES})(?![^\W\d_])")
_MILEAGE_VERB_BEFORE = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_MILEAGE_VERBS}|{_DROVE})\s+{_VERB_GAP_WORDS}$")
_MILEAGE_VERB_AFTER = re.compile(rf"(?:-{_LETTER}{{1,4}})?\s+{_VERB_GAP_WORDS}(?:{_MILEAGE_VERBS}|{_DROVE})")
_AZ_MILEAGE_VERB_AFTER = re.compile(rf"\s+{_VERB_GAP_WORDS}(?:{_MILEAGE_VERBS_AZ})")
# A trip, not the odometer: "I drove 300 km yesterday", "вчера проехал 300 км", "bu gün
# 200 km getdim", "кеше 300 км жүрдім", "გუშინ 300 კმ გავიარე", "हिजो ३०० कि.मि. गुडाएँ":
# a driving verb next to the distance and "today" or "yesterday" in the same sentence.
_RECENT_DAY = re.compile(
    r"(?<!\w)(?:yesterday|today|tonight|tomorrow|last\s+night|this\s+morning|вчера|позавчера|сегодня|завтра"
    r"|dünən|bu\s?gün|srağagün|sabah|кеше|бүгін|ертең|გუშინ|დღეს|ხვალ)(?!\w)"
    r"|(?<![\u0900-\u097f])(?:हिजो|आज|अस्ति|भोलि)"
)
_TRIP_VERBS = (
    _MILEAGE_VERBS + "|" + _DROVE + rf"|drive|travel{_LETTER}*|went|did"
    rf"|проеду|ездил{_LETTER}*|съездил{_LETTER}*|поездил{_LETTER}*"
    rf"|gəzdi[mk]|бард[ыі][мк]|ვიმგზავრე{_LETTER}*"
    r"|(?:हाँके|गए)ँ|यात्रा"
)
_TRIP_VERB_BEFORE = re.compile(rf"(?<![\w\u0900-\u097f])(?:{_TRIP_VERBS})\s+{_VERB_GAP_WORDS}$")
_TRIP_VERB_AFTER = re.compile(rf"\s+{_VERB_GAP_WORDS}(?:{_TRIP_VERBS})")
_LONGEST_TRIP_KM = 2000  # more than a car drives in a day: "сегодня прошла 100 000 км" is a milestone
_YEARS = range(1950, 2036)
