"""The words a defect is recognised by, per category and language (read by `service_desk.symptoms`).

How an entry reads:

* A phrase is one or more words separated by spaces. Each word matches a word of the
  message that *begins* with it, because customers inflect and agglutinate ("тормоз"
  matches тормоза, тормозов, тормозит; "ძრავ" matches ძრავი, ძრავის, ძრავიდან; "ब्रेक"
  matches ब्रेकले). A word ending in "$" matches only itself: short or ambiguous words
  ("ac$", "abs$", "rul$") would otherwise match inside longer ones (account, absolutely,
  rule).
* Entries are normalised exactly as messages are (case, ё, Azerbaijani and Kazakh
  letters, accents, Devanagari long and short vowels and nasal signs), so an entry is
  written once as customers write it with their letters ("mühərrik") and also matches the
  same word typed without them ("muherrik"). Romanised spellings that change more than a
  letter ("sh" for ş, "dzravi" for ძრავი, "chalauda" for चलाउँदा) are listed as entries of
  their own, under the language they romanise.
* Where several entries match at one place in a message the one covering more words wins,
  then the longer one; its words are used up. That is how a longer phrase overrides a
  shorter one: "brake light" is a lamp and not the brakes, "12v battery" is the
  electrical system and not the traction battery, "подушка двигателя" is an engine mount
  and not an airbag. A phrase listed under several labels counts for all of them
  ("check engine" is a warning light and the engine).
* Labels starting with "_" are not categories. `_power_loss` (the car lost power), and
  `_stopped` together with `_moving` (it died while driving), make a defect
  safety-critical; `_hv_hazard` (swelling, overheating) does so together with the
  traction battery; `_colour` only marks a lamp word after it as a warning light;
  `_ignore` only uses words up so that a shorter entry does not match them ("range
  rover", "моторчик", "breakdown").

The language keys only keep the table readable; every entry is tried on every message,
because customers mix languages (Kazakh with Russian, Nepali with English).
"""

from __future__ import annotations

# The tables are packed several words to a line, as a word list reads best; the formatter
# would put every word on a line of its own.
# fmt: off
KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "engine": {
        "en": (
            "engine", "motor", "misfir", "stall", "won't start", "doesn't start", "does not start", "will not start",
            "won't crank", "hard to start", "rough idle", "idling", "rpm$", "revs$", "engine oil", "oil pressure",
            "oil light", "oil level", "oil consumption", "burning oil", "uses oil", "eats oil", "oil change", "coolant",
            "radiator", "exhaust", "turbo", "injector", "spark plug", "glow plug", "timing belt", "timing chain",
            "fuel", "petrol", "diesel", "head gasket", "cylinder", "piston", "oxygen sensor", "o2 sensor",
            "engine mount", "check engine", "engine light", "engine lamp", "engine warning", "service engine soon",
            "temperature light", "temperature warning", "dpf$", "epc$",
        ),
        "ru": (
            "двигател", "движок", "движк", "двигло", "мотор", "двс$", "троит", "заглох", "глох", "не завод", "заводит",
            "масл", "антифриз", "тосол", "охлаждающ жидкост", "радиатор", "выхлоп", "глушител", "турбин", "турбо",
            "форсунк", "свеч", "оборот", "холост ход", "топлив", "бензин", "дизел", "катализатор", "гбц$", "поршн",
            "цилиндр", "грм$", "камер сгорани", "подушк двигател", "подушк мотор", "чек$", "чекушк", "чек энджин",
            "чек енджин", "чек инжин",
            # romanised
            "dvigatel", "dvizhok", "dvijok", "dvizhk", "dvigl", "troit", "zaglo", "glohn", "glokhn", "ne zavod",
            "zavodit", "masl", "antifriz", "vyhlop", "vykhlop", "turbin", "forsunk", "svech", "oborot", "benzin",
            "dizel", "chek$", "chekushk",
        ),
        "az": (
            "mühərrik", "muherik", "mator", "dviqatel", "temperatur lampa", "yağ$", "yağı$", "yağını$", "yağın$",
            "tosol", "forsunka", "yanacaq", "işə düşmür", "ishe dushmur", "zavod olmur", "mühərrik işığ", "motor lampa",
        ),
        "kk": (
            "қозғалтқыш", "qozgaltq", "kozgaltk", "от алмай", "оталмай", "ot almai", "ot almay", "otalmai", "otalmay",
            "otpai", "otpay", "zavodtalmai", "жанармай", "janarmai", "zhanarmai", "айналым",
        ),
        "ka": (
            "ძრავ", "dzrav", "zrav", "მოტორ", "ზეთ", "zeti$", "zetis$", "ანტიფრიზ", "რადიატორ", "ტურბო", "ტურბინ",
            "ფორსუნკ", "ინჟექტორ", "სანთლ", "სანთელ", "ბრუნები", "ბრუნებ", "იქოქებ", "დაიქოქ", "დაქოქ", "ქოქავ",
            "iqoqeb", "ikokeb", "daiqoq", "ბენზინ", "დიზელ", "საწვავ", "ჩეკი", "ჩეკ$", "cheki", "ძრავ ნათურ",
            "ძრავ შუქ", "ძრავ ლამპ", "dzrav shuq", "dzrav natur", "ძრავ ბალიშ", "ამძრავ ღვედ", "ძრავ ღვედ",
        ),
        "ne": (
            "इन्जिन", "इञ्जिन", "injin", "मोबिल", "mobil$", "तेल", "tel$", "कुलेन्ट", "रेडिएटर", "साइलेन्सर",
            "silencer", "टर्बो", "स्टार्ट हुंद", "स्टार्ट हुद", "स्टार्ट भएन", "स्टार्ट नहुने", "start hud",
            "start hund", "start bhayena", "start bhaena", "start vayena", "पेट्रोल", "डिजेल", "चेक इन्जिन",
            "इन्जिन बत्ति", "इन्जिन लाइट", "engine ko batti", "engine ko light",
        ),
    },
    "transmission": {
        "en": (
            "transmission", "gearbox", "gear$", "gears$", "gear shift", "gear lever", "gear selector", "shifting",
            "shifts$", "clutch", "cvt$", "dsg$", "dct$", "differential", "driveshaft", "drive shaft", "propshaft",
            "cv joint", "axle",
        ),
        "ru": (
            "коробк", "кпп$", "акпп$", "мкпп$", "дсг$", "трансмисси", "сцеплени", "передач", "вариатор", "робот$",
            "пинает", "пинки$", "пинается", "рычаг кпп", "селектор", "гранат", "шрус", "полуос", "дифференциал",
            "карданн", "кардан$ вал", "подушк кпп", "подушк коробк",
            # romanised
            "korobk", "kpp$", "akpp$", "transmissi", "sceplen", "stseplen", "peredach", "variator", "shrus",
        ),
        "az": ("qutu", "karobk", "ötürmə", "sseplen", "seplen", "mufta", "peredaç", "qranat"),
        "kk": ("беріліс", "berilis", "корап", "кораб", "qorap", "qorab", "korap", "ілініс", "ilinis"),
        "ka": (
            "გადაცემათა", "gadacemat", "gadatsemat", "კოლოფ", "kolof", "kolop", "ტრანსმისი", "transmisi", "გადაბმულობ",
            "gadabmulob", "სცეპლენ", "ვარიატორ", "გრანატ", "კარობკ", "კორობკ",
        ),
        "ne": ("गियर", "गेयर", "giyar", "ट्रान्समि", "क्लच"),
    },
    "hv_battery": {
        "en": (
            "battery", "batteries", "batt$", "high voltage", "traction battery", "battery pack", "range$",
            "state of health", "soh$", "bms$", "battery light", "battery warning", "insulation fault",
        ),
        "ru": (
            "батаре", "тягов батаре", "тягов аккумулятор", "высоковольтн", "ввб$", "запас ход", "ячейк", "изоляци",
            # romanised
            "batare", "vysokovoltn", "zapas hod", "zapas khod",
        ),
        "az": ("yüksək gərginlik", "izolyasiya"),
        "kk": ("жоғары вольт", "изоляция", "joghary volt", "zhogary volt"),
        "ka": ("ბატარე", "მაღალი ძაბვ", "მაღალძაბვ", "maghali dzabv"),
        "ne": (
            "ब्याट्र", "ब्याटर", "बैट्र", "बेट्र", "betri", "batri", "baitri", "battr", "bettr", "हाइ भोल्टेज",
            "हाई भोल्टेज",
        ),
    },
    "charging": {
        "en": (
            "charg", "recharg", "supercharg", "wallbox", "wall box", "evse$", "ccs$", "chademo", "type 2", "type2",
            "obc$", "gb t$", "gbt$",
        ),
        "ru": (
            "заряд", "заряжа", "подзаряд",
            # romanised
            "zaryad", "zaryaj", "zaryazh", "zariad", "podzaryad",
        ),
        "az": ("şarj", "sharj"),
        "kk": ("қуаттау", "қуаттал", "қуаттанд", "quattau", "kuattau", "quattal", "kuattal"),
        "ka": (
            "დამუხტ", "იმუხტ", "მუხტავ", "დატენვ", "დამტენ", "იტენებ", "damukht", "damuxt", "imukht", "imuxt", "damten",
            "iteneb", "datenv", "ზარიად",
        ),
        "ne": ("चार्ज", "chaarj", "charj"),
    },
    "drive_motor": {
        "en": (
            "regenerative braking", "regen braking", "regen$", "regenerative", "drive motor", "electric motor",
            "e motor", "emotor", "traction motor", "drive unit", "inverter", "reduction gear", "rear motor",
            "front motor", "motor controller", "edu$",
        ),
        "ru": (
            "рекуперац", "электродвигател", "электромотор", "эл двигател", "тягов двигател", "тягов мотор", "инвертор",
            "редуктор", "задн мотор", "передн мотор", "задн электромотор",
            # romanised
            "elektrodvigatel", "elektromotor", "invertor", "reduktor", "rekuperac",
        ),
        "az": (
            "regenerativ", "regenerativ əyləc", "elektrik mühərrik", "elektromühərrik", "elektrik motor",
            "dartı mühərrik",
        ),
        "kk": ("рекуперац", "электр қозғалтқыш", "электрқозғалтқыш", "elektr qozgaltq", "elektr kozgaltk"),
        "ka": (
            "რეგენერაცი", "რეკუპერაცი", "ელექტროძრავ", "ელექტრო ძრავ", "ელექტრომოტორ", "ინვერტორ", "რედუქტორ",
            "eleqtrodzrav", "elektrodzrav", "eleqtro dzrav", "elektro dzrav", "reduqtor",
        ),
        "ne": ("रिजेनेरेटिभ", "रिजेनेरेटिभ ब्रेक", "regen", "मोटर", "इन्भर्टर", "इन्वर्टर", "ड्राइभ$ मोटर"),
    },
    "electrical": {
        "en": (
            "electrical", "electrics$", "electronic", "wiring", "wire$", "wires$", "fuse", "short circuit", "12v",
            "12$ v$", "12 volt", "12v battery", "12$ v$ battery", "12 volt battery", "aux battery", "auxiliary battery",
            "starter battery", "jump start", "jumpstart", "alternator", "starter", "startyor", "relay", "ecu$",
            "power outlet", "power socket", "cigarette lighter", "horn$", "horns$", "steering wheel buttons",
            "steering wheel controls",
        ),
        "ru": (
            "электрик", "электрон", "проводк", "провод$", "провода$", "проводов$", "предохранител", "замыкани",
            "аккумулятор", "акум", "акб$", "генератор", "стартер", "реле$", "эбу$", "блок управлени", "прикуриват",
            "розетк", "12в", "12$ в$", "12 вольт", "клаксон", "гудок", "сигнал не работ", "кнопк на$ рул", "рул кнопк",
            # romanised
            "elektrik", "elektron", "provodk", "predohranitel", "predokhranitel", "akkum", "akum", "akb$", "generator",
            "rele$",
        ),
        "az": ("naqil", "qoruyucu", "predoxranitel", "qısa qapanma", "akumlyator"),
        "kk": ("сым$", "сымы$", "сымдар", "сақтандырғыш", "saqtandyrgysh", "тұйықтал", "туйыктал", "рул батырма"),
        "ka": (
            "ელექტროობ", "ელექტრიკ", "ელექტრონ", "გაყვანილობ", "სადენ", "მცველ", "დამცველ", "აკუმ", "გენერატორ",
            "სტარტერ", "მოკლე ჩართვ", "eleqtrob", "elektrob", "eleqtrik", "eleqtron", "gayvanilob", "gaqvanilob",
            "sadeni", "mcvel", "საჭის ღილაკ",
        ),
        "ne": (
            "वायरिङ", "तार$", "तारहरु", "फ्युज", "सर्ट सर्किट", "इलेक्ट्रिकल", "इलेक्ट्रोनिक", "बिजुलि", "bijuli",
            "12 भोल्ट", "12 भि", "हर्न", "सेल्फ लाग", "सेल्फ नै लाग", "self$ lag", "self$ nai$ lag", "जम्प स्टार्ट",
        ),
    },
    "climate": {
        "en": (
            "ac$", "a$ c$", "air con", "aircon", "air conditioning", "air conditioner", "climate", "heater", "heating",
            "heat pump", "no heat", "hvac", "blower", "fan$", "fans$", "defrost", "demist", "defog", "cabin filter",
            "pollen filter", "cold air", "hot air", "warm air", "refrigerant", "freon", "heated seat", "seat heat",
            "heated steering", "heated steering wheel", "steering wheel heat", "vent$", "vents$", "ventilat",
            "compressor", "cooling$", "blower motor",
        ),
        "ru": (
            "кондиц", "кондей", "кондер", "климат", "печк", "отопител", "обогрев", "подогрев", "вентилятор", "вентиляц",
            "фреон", "не дует", "не грее", "не холод", "холодн воздух", "тепл воздух", "горяч воздух", "обдув",
            "салонн фильтр", "дефлектор", "подогрев рул", "обогрев рул",
            # romanised
            "kondic", "konditsion", "kondey", "kondei", "konder", "klimat", "pechk", "otopitel", "obogrev", "podogrev",
            "ventilyator", "freon", "ne duet", "ne xolod", "ne holod",
        ),
        "az": (
            "kondision", "kondisaner", "isitmə", "isidici", "qızdırıcı", "qızdırmır", "qizdirici", "soba$", "sobası",
            "peçka", "soyutmur", "soyutma", "soyuq hava", "isti hava", "isti vurur", "sükan isid", "sükan qızd",
            "sukan qizd",
        ),
        "kk": (
            "жылыт", "пеш$", "пеші$", "желдеткіш", "салқындат", "суық ауа", "жылы ауа", "ыстық ауа", "салқын бермей",
            "рул жылыт", "jylyt", "zhylyt", "salqyndat", "salkyndat", "suyq aua", "suyk aua",
        ),
        "ka": (
            "კონდიც", "გათბობ", "გამათბობ", "ღუმელ", "ვენტილატორ", "ვენტილაცი", "კლიმატ", "ფრეონ", "აგრილებ",
            "გაგრილებ", "ცივ ჰაერ", "თბილ ჰაერ", "ცხელ ჰაერ", "ცივს არ", "საჭის გათბობ", "kondicion", "konditsion",
            "gatbob", "gamatbob", "agrileb", "gagrileb", "civi haer", "tsivi haer", "civs ar", "sachis gatbob",
        ),
        "ne": (
            "एसि$", "एसिले", "एसिमा", "एसिको", "एसिबाट", "एयर कन्डि", "एयरकन्डि", "हिटर", "ब्लोअर", "फ्यान",
            "चिसो हावा", "तातो हावा", "चिसो हुं", "चिसो हुद", "चिसो नै हुं", "chiso hawa", "chiso hudaina",
            "chiso hundaina", "chiso nai hudaina", "tato hawa", "क्लाइमेट",
        ),
    },
    "brakes": {
        "en": (
            "brake", "braking", "abs$", "handbrake", "parking brake", "caliper", "rotor$", "rotors$",
            "pedal goes to the floor", "pedal to the floor", "pedal sinks", "spongy pedal", "soft pedal", "abs light",
            "abs warning", "brake warning", "emergency braking", "phantom braking", "aeb$", "lock$ up$", "esp$", "esc$",
            "vsc$", "traction control", "epb$",
        ),
        "ru": (
            "тормоз", "тормаз", "абс$", "колодк", "суппорт", "супорт", "ручник", "педал провалива", "педал в$ пол$",
            "педал уход", "педал мягк", "тормоз диск", "горит абс", "экстренн торможени", "автоматическ торможени",
            "фантомн торможени",
            # romanised
            "tormoz", "tormaz", "kolodk", "suport", "ruchnik", "pedal v$ pol$", "pedal uhod", "pedal ukhod",
            "tormoz disk",
        ),
        "az": ("əyləc", "eylech", "eylej", "nakladka", "pedal yerə", "təcili əyləc"),
        "kk": (
            "тежегіш", "тежеу", "тежелмей", "тежемей", "tejegi", "tezhegi", "tejegis", "tezhegis", "tejeu", "tezheu",
        ),
        "ka": (
            "მუხრუჭ", "დამუხრუჭ", "ამუხრუჭ", "სამუხრუჭ", "ხუნდ", "სუპორტ", "ტორმუზ", "ტორმოზ", "აბს$", "mukhruch",
            "muxruch", "mukhruj", "muxruj", "mukhruc", "muxruc", "mukhrutch", "muxruw", "mukhruw", "damukhruch",
            "damuxruch", "xundeb", "khundeb", "tormuz", "ავარიულ დამუხრუჭ",
        ),
        "ne": (
            "ब्रेक", "ह्यान्डब्रेक", "brek", "break lag", "breakle", "breakma", "breakko", "एबिएस",
        ),
    },
    "steering": {
        "en": (
            "steer", "steering wheel", "pulls to the left", "pulls to the right", "pulls left", "pulls right",
            "pulling to the", "tie rod", "eps$", "eps light",
        ),
        "ru": (
            "рул", "гур$", "эур$", "рейк", "уводит", "тянет влево", "тянет вправо", "тянет в$ сторон", "рулев колонк",
            # romanised
            "rul$", "rulya$", "rulem$", "rulev", "ruldan", "reyk", "uvodit", "tyanet vlevo", "tyanet vpravo", "gur$",
        ),
        "az": ("sükan", "rulu$", "rulda$", "rulun$", "sağa çəkir", "sola çəkir"),
        "kk": ("рөл$", "рөлі$", "рөлді$", "рөлге$", "рөлде$", "rol$", "roli$", "rolge$", "rolde$", "ruli$"),
        "ka": (
            "საჭე", "საჭის$", "საჭით$", "რეიკ", "ჰიდროსაჭ", "ელექტროსაჭ", "sache", "satche", "sachis$", "sawis$",
            "sawe$",
        ),
        "ne": ("स्टेयर", "स्टेर", "स्टियर", "stear", "stering", "स्टेरिङ"),
    },
    "suspension": {
        "en": (
            "suspension", "shock absorber", "shocks$", "shocker", "strut", "spring$", "springs$", "coil spring",
            "control arm", "ball joint", "bushing", "bushes$", "wishbone", "stabilizer", "stabiliser", "sway bar",
            "anti roll bar", "wheel bearing", "alignment", "over bumps", "speed bump", "bouncy",
        ),
        "ru": (
            "подвеск", "аморт", "стойка$", "стойки$", "стойку$", "стоек$", "пружин", "рычаг", "шаров", "сайлент",
            "подшипник", "ступиц", "стабилизатор", "развал", "кочк", "ямах$", "ямам$", "ходовая", "ходовой", "ходовку",
            "ходовую",
            # romanised
            "podvesk", "amort", "stoyk", "pruzhin", "prujin", "rychag", "sharov", "saylent", "sailent", "podshipnik",
            "stupic", "razval", "kochk", "hodova", "khodova",
        ),
        "az": ("asqı", "amartiz", "şarov", "podşipnik", "stupits", "xodov", "çuxur"),
        "kk": ("аспа$", "аспас", "аспад", "серіппе", "шұңқыр", "aspa$", "aspas", "aspad", "serippe", "пневмоподвеск"),
        "ka": (
            "სავალ ნაწილ", "ხოდოვ", "ხადავ", "ამორტ", "საკიდ", "ზამბარ", "რესორ", "შარავ", "შაროვ", "საკისარ", "ორმო",
            "xodov", "khodov", "xadav", "khadav", "savali nawil", "savali natsil", "zambar", "sakid", "sakisar", "ormo",
        ),
        "ne": ("सस्पेन्स", "सक अब्ज", "शक अब्ज", "स्प्रिङ", "खाल्डो", "बियरिङ", "khaldo"),
    },
    "airbag": {
        # The whole restraint system (SRS): airbags, seat belts and their pretensioners.
        "en": (
            "airbag", "air bag", "srs$", "seat belt", "seat belt lock", "seatbelt", "belt buckle", "buckle",
            "pretension", "airbag light", "srs light",
        ),
        "ru": (
            "подушк", "эйрбег", "айрбег", "ремен безопасн", "ремн безопасн", "пристег", "натяжител ремн",
            "горит подушк",
            # romanised
            "podushk", "remen bezopasn", "remn bezopasn", "pristeg",
        ),
        "az": ("hava yastığ", "yastıq", "yastığ", "eyrbeq", "kəmər"),
        "kk": (
            "жастық", "жастығ", "белдік", "белдіг", "jastyq", "jastyg", "zhastyq", "zhastyg", "beldik", "beldig",
        ),
        "ka": ("აირბეგ", "აირბაგ", "ეირბეგ", "ბალიშ", "ღვედ", "ქამარ", "airbeg", "balish", "ghved", "qamar"),
        "ne": (
            "एयरब्याग", "एअरब्याग", "एयर ब्याग", "एयरबेग", "सिट बेल्ट", "सिटबेल्ट", "बेल्ट लाग", "sit belt", "sitbelt",
            "belt lag",
        ),
    },
    "infotainment": {
        "en": (
            "infotainment", "screen", "touchscreen", "display", "radio", "navigation", "nav$", "sat nav", "satnav",
            "gps$", "bluetooth", "carplay", "car play", "android auto", "multimedia", "head unit", "speaker", "audio",
            "sound system", "music system", "no sound", "app$", "apps$", "mobile app", "usb$", "software", "firmware",
            "ota$", "reboot",
        ),
        "ru": (
            "мультимеди", "магнитол", "экран", "дисплей", "монитор", "навигац", "навигатор", "блютуз", "карплей",
            "андроид авто", "динамик", "нет звука", "звука нет", "приложени", "обновлени", "прошивк", "перезагруж",
            "радио", "музык", "колонк", "мультимеди тормоз", "экран тормоз", "магнитол тормоз", "тормоз мультимеди",
            "тормоз экран", "тормоз магнитол", "зависа",
            # romanised
            "multimedi", "magnitol", "ekran", "displey", "navigaci", "navigats", "blyutuz", "blutuz", "dinamik",
            "net zvuka", "prilozheni", "obnovleni", "proshivk", "perezagruzh", "perezagruj", "muzyk", "zavisa",
        ),
        "az": (
            "maqnitol", "naviqas", "proqram", "yeniləmə", "proşivk", "tətbiq", "səs yoxdur", "səsi yoxdur", "musiqi",
            "kalonk", "planşet", "zvuk vermir",
        ),
        "kk": ("жаңарту", "дыбыс жоқ", "бағдарлама", "janartu", "zhanartu", "dybys joq", "dybys zhoq"),
        "ka": (
            "ეკრან", "დისპლე", "მონიტორ", "მულტიმედი", "მაგნიტოლ", "ნავიგაცი", "ნავიგატორ", "ბლუთუზ", "ბლუტუზ",
            "დინამიკ", "რადიო", "აპლიკაცი", "განახლებ", "პროგრამ", "ხმა$ არ$", "მუსიკ", "ეკრან სენსორ", "ganakhleb",
            "ganaxleb", "navigaci",
        ),
        "ne": (
            "स्क्रिन", "डिस्प्ले", "म्युजिक", "रेडियो", "नेभिगेस", "ब्लुटुथ", "स्पिकर", "सफ्टवेयर", "अपडेटपछि", "एप$",
            "एप्प", "एपले", "एपमा", "इन्फोटेनमेन्ट", "आवाज आउंदैन", "आवाज आउदैन",
        ),
    },
    "body_paint": {
        "en": (
            "paint", "scratch", "dent", "chip$", "chips$", "chipped", "bumper", "panel gap", "bodywork", "body panel",
            "body$", "clear coat", "clearcoat", "peel", "fading", "faded", "blister", "trim$",
        ),
        "ru": (
            "краск", "лкп$", "покраск", "окрас", "царапин", "поцарап", "вмятин", "скол$", "сколы$", "сколов$",
            "сколами$", "кузов", "бампер", "облез", "отслаива", "зазор", "молдинг", "лак$", "лака$",
            # romanised
            "krask", "pokrask", "carapin", "tsarapin", "vmyatin", "kuzov", "bamper", "oblez", "otslaiva", "skol$",
            "skoly$", "lkp$",
        ),
        "az": ("boya", "rəng", "cızıq", "cızıl", "cızıb", "əzik", "əzil", "qabıq", "lak$", "laki$", "çökük"),
        "kk": ("бояу", "boiau", "сызат", "сызыл", "майыс", "syzat", "syzyl"),
        "ka": (
            "საღებავ", "შეღებ", "ნაკაწრ", "გაკაწრ", "ჩაჭყლეტ", "ჩაზნექ", "ძარა", "ძარის", "ძარაზე", "ლაქ", "აქერცლ",
            "ბამპერ", "saghebav", "sagebav", "nakacr", "nakatsr", "nakawr", "gakawr", "gakacr", "dzara$", "dzaris$",
            "aqercl",
        ),
        "ne": (
            "रङ$", "रङ्ग", "रङको", "रंग", "पेन्ट", "कोरिए", "कोरियो", "स्क्र्याच", "डेन्ट", "खुम्चि", "बम्पर", "बडि$",
            "बडिमा", "उप्कि", "बुलबुला", "rang$", "korieko", "koriyo", "khumchi", "badi$", "badima",
        ),
    },
    "corrosion": {
        "en": ("rust$", "rusty", "rusted", "rusting", "rustproof", "corro", "oxidi", "oxidati", "perforat"),
        "ru": (
            "ржав", "рыжик", "коррози", "гниет", "сгни", "гнил", "окисл",
            # romanised
            "rzhav", "rjav", "korrozi", "gniet", "gnil",
        ),
        "az": ("pas$", "pası$", "paslan", "paslı", "çürüy", "oksid"),
        "kk": ("тот бас", "тоттан", "тоттал", "tot bas", "tottan", "tottal"),
        "ka": ("ჟანგ", "დაჟანგ", "კოროზი", "zhang", "jang", "dazhang", "dajang", "korozi"),
        "ne": ("खिया", "khiya", "रस्ट"),
    },
    "lights": {
        "en": (
            "headlight", "headlamp", "tail light", "taillight", "tail lamp", "brake light", "brake lights", "light$",
            "lights$", "lighting", "bulb", "lamp", "fog light", "indicator", "turn signal", "blinker", "drl$",
            "daytime running", "high beam", "low beam", "reverse light",
        ),
        "ru": (
            "фар$", "фара$", "фары$", "фару$", "фаре$", "фарой$", "фарам$", "фарами$", "фарах$", "фонар", "лампочк",
            "ламп", "габарит", "поворотник", "стоп сигнал", "ближн свет", "дальн свет", "свет$", "света$", "светом$",
            "ходов огн", "дхо$", "птф$", "противотуман", "подсветк",
            # romanised
            "fary$", "fara$", "faru$", "fonar", "gabarit", "povorotnik", "svet$", "podsvetk",
        ),
        "az": (
            "fara", "farin$", "fari$", "farlar", "far$ ici", "far$ icin", "fənər", "işıq", "işığ", "ishiq", "qabarit",
            "povorot",
        ),
        "kk": ("шам$", "шамы$", "шамдар", "sham$", "shamy$", "shamdar"),
        "ka": (
            "ფარი", "ფარები", "ფარებ", "ფარის", "ფარში", "ფარზე", "ფარნ", "ნათურ", "განათებ", "შუქ", "ლამპ", "გაბარიტ",
            "ფანარ", "სტოპ სიგნალ", "პავაროტნიკ", "პოვოროტნიკ", "fari$", "farebi", "faris$", "natura$", "naturebi",
            "naturis$", "shuq", "shuki$",
        ),
        "ne": ("लाइट", "बत्ति", "हेडलाइट", "इन्डिकेटर", "बल्ब", "ल्याम्प", "टेलल्याम्प", "batti"),
    },
    "leak": {
        "en": (
            "leak", "drip", "puddle", "seep", "water inside", "water in the cabin", "water ingress", "water gets in",
            "water coming in", "wet carpet", "carpet is wet", "damp$", "wet floor", "losing coolant", "water in$",
        ),
        "ru": (
            "течь$", "течет", "текут", "текет", "протек", "подтек", "потек", "утечк", "течи$", "течью$", "луж",
            "капает", "капл", "вода в$ салон", "воды в$ салон", "скаплива вод", "попада вод", "мокр коврик", "сырост",
            "подмок",
            # romanised
            "techet", "protek", "podtek", "utechk", "luzh", "luja$", "luji$", "kapaet", "voda v$ salon",
        ),
        "az": (
            "axır$", "axıb$", "axırdı", "axınt", "sızır", "sızıb", "sızma", "damcı", "damır$", "su$ girir", "su$ dolur",
            "su$ yığıl", "gölməçə",
        ),
        "kk": (
            "ағып", "ағад", "тамшы", "тамып", "тамад", "су$ кір", "су$ жинал", "agyp", "aghyp", "agady", "tamshy",
            "tamyp", "su$ kir", "su$ jinal", "su$ zhinal",
        ),
        "ka": (
            "ჟონავ", "ჟონვ", "გაჟონ", "წვეთ", "წყალ შედ", "წყალ შემოდ", "წყალ ჩად", "წყალ დგა", "გუბე", "სველ ხალიჩ",
            "zhonav", "jonav", "gazhon", "gajon", "wvet", "tsvetav", "cvetav", "wyal shed", "wyal chad", "tsqal shed",
            "tskal shed", "wyal shemod",
        ),
        "ne": (
            "चुह", "लिक", "पानि पस", "पानि छिर", "तेल झर", "पानि झर", "chuh", "pani pas", "pani chhir", "pani chir",
            "tel jhar",
        ),
    },
    "noise": {
        "en": (
            "nois", "sound$", "sounds$", "rattl", "squeak", "squeal", "knock", "clunk", "click", "grind", "hum$",
            "humm", "whine", "whining", "buzz", "hiss$", "hissing", "hisses", "thud", "creak", "vibrat", "rumble",
            "whistl", "roar", "droning", "shak", "shudder",
        ),
        "ru": (
            "шум", "стук", "стуч", "скрип", "скреж", "гул$", "гула$", "гулом$", "гудит", "гудени", "гудят", "треск",
            "трещ", "дребезж", "хруст", "визг", "свист", "щелк", "щелч", "вибрац", "вибрир", "звук", "воет", "вой$",
            "тряс", "хрип",
            # romanised
            "shum", "stuk", "stuch", "skrip", "skrezhet", "skrejet", "gul$", "gudit", "tresk", "hrust", "khrust",
            "xrust", "vizg", "svist", "shchelk", "vibrac", "vibrats", "vibrir", "zvuk", "tryas",
        ),
        "az": (
            "səs$", "səsi$", "səslər", "səs küy", "taqqıl", "cırıl", "gurult", "vızılt", "şaqqıl", "shaqqil", "xışılt",
            "xırılt", "titrə", "vibras", "uğult", "döyür$", "sıqır",
        ),
        "kk": (
            "шу$", "шуы$", "шулы", "дыбыс", "тықыл", "тақыл", "сықыр", "шықыр", "гуіл", "діріл", "тарсыл", "шиқыл",
            "ысқыр", "ызыл", "dybys", "tyqyl", "tykyl", "taqyl", "syqyr", "shyqyr", "diril", "ysqyr", "shu$", "shuy$",
        ),
        "ka": (
            "ხმა$", "ხმას$", "ხმები", "ხმაურ", "ხმის$", "კაკუნ", "აკაკუნ", "უკაკუნ", "რაკუნ", "ჭრიალ", "ღრჭიალ",
            "ზუზუნ", "რახრახ", "ვიბრაცი", "ვიბრირ", "კანკალ", "სტვენ", "უსტვენ", "ხრიალ", "შრიალ", "ტკაცუნ", "წრიპინ",
            "xma$", "khma$", "xmas$", "khmas$", "xmaur", "khmaur", "kakun", "akakun", "chrial", "wrial", "zuzun",
            "raxrax", "rakhrakh", "vibraci", "vibratsi", "kankal", "shrial", "xrial",
        ),
        "ne": (
            "आवाज", "हल्ला", "खटखट", "खट्खट्", "ठकठक", "कट्कट", "किच किच", "सिठि", "कम्पन$", "कम्पनले", "भाइब्रे",
            "घ्यां", "खर्र", "awaj", "aawaj", "awaz", "aawaz", "halla$", "khatkhat", "kampan$",
        ),
    },
    "warning_light": {
        "en": (
            "warning", "check engine", "engine light", "engine lamp", "engine warning", "service engine soon",
            "on the dashboard", "on the dash", "dashboard light", "dashboard warning", "dash light", "dash lights",
            "error", "fault code", "dtc$", "indicator light", "telltale", "tell tale", "light came on",
            "light comes on", "light is on", "light on the dash", "lit up", "abs light", "abs warning", "brake warning",
            "airbag light", "srs light", "tpms light", "tyre pressure light", "tire pressure light", "battery light",
            "battery warning", "oil light", "eps light", "temperature light", "temperature warning", "icon", "symbol",
            "exclamation", "triangle", "turtle", "light$ aay", "light$ balyo", "light$ baleko", "light$ bali",
            "sign dekh", "dashboard ma", "dashboardma", "dashboardze", "message$ appear", "message$ came",
            "message$ pop", "message$ on$", "message$ says", "message$ keeps", "shows a$ message", "message aay",
            "message aau", "on screen", "on the screen", "screen says", "screen shows", "on the display",
            "display says", "screen$ ma$",
        ),
        "ru": (
            "чек$", "чек энджин", "чек енджин", "чек инжин", "ошибк", "индикатор", "значок", "сигнализатор", "приборк",
            "приборн панел", "панел прибор", "контрольн ламп", "загорел лампочк", "горит лампочк", "лампочк горит",
            "лампочк загорел", "загорел значок", "горит значок", "лампочк на$ панел", "предупрежд", "горит абс",
            "горит подушк", "черепах",
            # romanised
            "символ", "восклицательн", "иконк", "надпис", "сообщени", "на$ экране$", "на$ дисплее$", "na$ ekrane$",
            "высвети", "знак$", "треугольник", "чекушк", "chekushk", "chek$", "oshibk", "indikator", "znachok",
            "pribork", "gorit lampochk", "zagorel lampochk",
        ),
        "az": (
            "xəta", "çek$", "xəbərdarlıq", "paneldə$", "cihazlar panel", "işıq yandı", "işığı yandı", "işıq yanır",
            "işığı yanır", "lampa yan", "lampası yan", "işarə", "ikon", "yanıb sön", "mühərrik işığ", "motor lampa",
            "nida", "üçbucaq", "mesaj çıx", "mesaj gəl", "ekranda$", "ekranında$", "tısbağa", "temperatur lampa",
        ),
        "kk": (
            "қатесі", "қателер", "қате шық", "қате код", "ескерт", "белгі", "панельде$", "панелде$", "панельдегі$",
            "панелдегі$", "жанып тұр", "жанды$", "шам жан", "лампа жан", "лампасы жан", "qatesi", "qateligi",
            "qate shyq", "eskert", "belgi", "janyp tur", "zhanyp tur", "ikonka", "lampa jan", "lampa zhan",
            "lampasy jan", "lampasy zhan", "тасбақа", "үшбұрыш", "хабарлама шық", "жазуы", "жазу шық", "экранда$",
            "экранында$", "экранға$", "ekranynda$", "jazuy", "jazu shyq", "zhazuy",
        ),
        "ka": (
            "შეცდომა", "შეცდომის", "შეცდომებ", "შეცდომას$", "ჩეკი", "ჩეკ$", "გამაფრთხილებ", "ინდიკატორ", "პანელზე",
            "ტაბლო", "ნიშან", "ანთია", "ამენთო", "აინთო", "ინთებ", "ანთებულ", "არ ქრება", "ძრავ ნათურ", "ძრავ შუქ",
            "ძრავ ლამპ", "shecdoma", "shecdomis", "shetsdoma", "shetsdomis", "cheki", "panelze", "tablo", "nishan",
            "antia", "amento", "ainto", "aento", "antebul", "ar qreba", "ar kreba", "dzrav shuq", "dzrav natur",
            "სიმბოლო", "ძახილის", "ხატულა", "სამკუთხედ", "შეტყობინებ", "ეკრანზე$", "ekranze$", "კუ$", "კუს$",
            "dzaxilis", "dzakhilis",
        ),
        "ne": (
            "चेक इन्जिन", "चेतावनि", "एरर", "त्रुटि", "ड्यासबोर्डमा", "ड्यासमा", "बत्ति बल्यो", "बत्ति बले",
            "बत्ति बलिर", "बत्ति बल्छ", "लाइट बल्यो", "लाइट बले", "लाइट बलिर", "लाइट बल्छ", "लाइट अन", "बत्ति निभ्दैन",
            "चिन्ह", "आइकन", "वार्निङ", "इन्जिन बत्ति", "इन्जिन लाइट", "chetawani", "chetavani", "batti balyo",
            "batti baleko", "batti bali", "engine ko batti", "engine ko light", "warning aay", "त्रिकोण", "सिम्बोल",
            "सन्देश आय", "म्यासेज आय", "सन्देश देख", "म्यासेज देख", "स्क्रिनमा$", "डिस्प्लेमा$", "विस्मयादिबोधक",
            "कछुवा", "टर्टल",
        ),
    },
    "smoke_fire": {
        "en": (
            "smok", "fire$", "fires$", "caught fire", "on fire", "burning", "burnt", "burned$", "burn mark", "flame",
            "melt", "spark$", "sparks$", "sparking", "fumes", "thermal runaway", "scorch",
        ),
        "ru": (
            "дым", "задым", "пожар", "огон", "огня$", "огнем$", "плам", "возгоран", "воспламен", "гарь$", "гари$",
            "гарью$", "горелым$", "горелого$", "горелой$", "горелый$", "пален", "запах гар", "оплав", "плавит",
            "искрит", "искры$", "искра$", "искрени", "вспыхн", "машин загорел", "загорел машин",
            # romanised
            "dym$", "dyma$", "dymit", "dymok", "zadym", "pozhar", "ogon", "gari$", "garyu$", "gorelym", "gorelogo",
            "palenym", "oplav", "iskrit",
        ),
        "az": (
            "tüstü", "tüsdü", "yanğın", "alov", "yanıq", "yanik", "yanmış iy", "od$ tut", "qığılcım", "əriyib", "əridi",
            "alışdı", "alishdi",
        ),
        "kk": (
            "түтін", "өрт$", "өрт шық", "өртен", "күйік иіс", "күйген иіс", "жалын", "ұшқын", "балқып", "tutin", "ort$",
            "orten", "kuyik", "kuiik", "kuigen iis", "kuygen iis", "jalyn", "zhalyn", "ushqyn",
        ),
        "ka": (
            "კვამლ", "ბოლავ", "ბოლი$", "ბოლს$", "ცეცხლ", "ხანძარ", "იწვის", "დამწვრ", "დნებ", "გადნ", "ნაპერწკალ",
            "აალდა", "kvaml", "qvaml", "kvami$", "bolav", "boli$", "cecxl", "tsetskhl", "xandzar", "khandzar", "iwvis",
            "itsvis", "damwvr", "damtsvr", "dneba",
        ),
        "ne": (
            "धुवा", "धुंवा", "आगो", "जले", "जल्यो", "जलिर", "स्पार्क", "पग्ल", "dhuwa", "dhuan", "dhuva", "aago",
            "ago$ lag", "jaleko", "jalyo",
        ),
    },
    "tyres": {
        "en": (
            "tyre", "tire$", "tires$", "puncture", "tpms", "tread", "sidewall", "rim$", "rims$", "wheel$", "wheels$",
            "hubcap", "alloy", "wheel nut", "lug nut", "pressure sensor", "tpms light", "tyre pressure light",
            "tire pressure light",
        ),
        "ru": (
            "шин", "колес", "покрышк", "резин", "прокол", "диск$", "диски$", "дисков$", "дисках$", "спустил",
            "спускает", "грыж", "протектор", "датчик давлени",
            # romanised
            "shina$", "shiny$", "shinu$", "shin$", "koles", "pokryshk", "prokol", "disk$", "diski$", "gryzh",
        ),
        "az": (
            "təkər", "şin$", "şini$", "şinlər", "deşil", "deshil", "partla", "hava qaçır", "təkər təzyiq",
        ),
        "kk": ("дөңгеле", "доңғалақ", "тесіл", "dongele", "tesil"),
        "ka": (
            "საბურავ", "ბორბალ", "ბორბლ", "დისკ", "გაიხვრიტ", "გახვრეტ", "გამეხვრიტ", "saburav", "borbal", "borbl",
            "gaixvrit", "gaikhvrit",
        ),
        "ne": (
            "टायर", "चक्का", "पङ्चर", "पंचर", "पन्चर", "पञ्चर", "पंक्चर", "chakka", "panchar", "pankchar", "punchar",
            "प्रेसर सेन्सर",
        ),
    },
    "doors_windows": {
        "en": (
            "door", "window", "windshield", "windscreen", "sunroof", "moonroof", "trunk", "tailgate", "boot$",
            "boot lid", "hatch", "liftgate", "lock$", "locks$", "locking", "unlock", "key fob", "keyfob", "fob$",
            "keyless", "smart key", "key not detected", "key card", "keycard", "keys$", "locked$", "glass", "wiper",
            "latch", "hinge", "weatherstrip", "panoramic roof", "wiper motor", "window motor",
        ),
        "ru": (
            "двер", "окн", "стекл", "люк", "багажник", "замок$", "замка$", "замки$", "замков$", "ключ$", "ключа$",
            "ключом$", "брелок", "брелка", "уплотнител", "резинк", "дворник", "бесключ", "лобов", "электростекл",
            "дворник мотор",
            # romanised
            "dver", "okn", "stekl", "lyuk", "bagazhnik", "bagajnik", "zamok", "klyuch", "klyuc", "brelok", "dvornik",
            "rezin uplotnitel", "lobov", "elektrostekl",
        ),
        "az": ("qapı", "şüşə", "sushe", "pəncərə", "baqaj", "bagaj", "kilid", "açar"),
        "kk": (
            "есік", "есіг", "терезе", "әйнек", "шыны$", "шыны көтер", "жүк салғыш", "жүксалғыш", "құлып", "құлп",
            "кілт", "esik", "esig", "eshik", "tereze", "ainek", "aynek", "qulyp", "qulp", "kulyp", "kilt$", "kilti$",
        ),
        "ka": (
            "კარი$", "კარები", "კარებ", "კარის$", "კარს$", "კარმა$", "ფანჯარ", "ფანჯრ", "მინა", "მინის$", "მინებ",
            "საბარგულ", "ლუქ", "ლიუკ", "საკეტ", "გასაღებ", "იკეტებ", "ჩაკეტ", "სახელურ", "kari$", "karebi", "karis$",
            "fanjar", "panjar", "fanjr", "mina$", "minebi", "minis$", "sabargul", "luqi", "luki$", "saket", "gasagheb",
            "gasageb", "iketeb", "iqeteb", "chaket", "საწმენდის მოტორ",
        ),
        "ne": (
            "ढोका", "झ्याल", "सिसा", "शिशा", "विन्डो", "विन्डशिल्ड", "डिक्कि", "लक$", "चाबि", "सांचो", "वाइपर", "सनरुफ",
            "किलेस", "डोर", "ग्लास", "वाइपर मोटर", "विन्डो मोटर", "dhoka", "jhyal", "sisa$", "dikki", "dicky", "chabi",
            "sancho", "saancho",
        ),
    },
    "adas": {
        "en": (
            "adas", "lane assist", "lane keep", "lane departure", "adaptive cruise", "cruise", "autopilot",
            "parking sensor", "park sensor", "park assist", "parking assist", "blind spot", "collision warning",
            "forward collision", "emergency braking", "phantom braking", "aeb$", "camera", "radar", "lidar",
            "self driving", "fsd$", "traffic sign", "surround view",
        ),
        "ru": (
            "круиз", "удержани полос", "контрол полос", "из$ полос", "слеп зон", "мертв зон", "парктроник",
            "датчик парковк", "камер", "радар", "автопилот", "ассистент", "экстренн торможени",
            "автоматическ торможени", "фантомн торможени", "адас", "кругов обзор",
            # romanised
            "kruiz", "parktronik", "kamer", "avtopilot", "assistent",
        ),
        "az": ("sensor", "park datç", "zolaq", "kor nöqtə", "təcili əyləc"),
        "kk": ("жолақ", "соқыр аймақ", "jolaq", "zholaq"),
        "ka": (
            "კრუიზ", "პარკტრონიკ", "კამერ", "რადარ", "სენსორ", "ზოლ შენარჩუნ", "ბრმა ზონ", "მკვდარი ზონ", "ავტოპილოტ",
            "ავარიულ დამუხრუჭ", "brma zon",
        ),
        "ne": ("क्रुज", "क्यामेरा", "पार्किङ सेन्सर", "सेन्सर", "रडार", "लेन असिस्ट", "लेन किप"),
    },
    "_power_loss": {
        "en": (
            "lost power", "loses power", "losing power", "loss of power", "power loss", "lost all power", "limp mode",
            "limp home", "reduced power", "power limited", "turtle", "lost acceleration", "won't accelerate",
            "doesn't accelerate", "no acceleration",
        ),
        "ru": (
            "потер мощност", "теря мощност", "потерял мощност", "пропал тяг", "пропада тяг", "нет тяги",
            "аварийн режим", "черепах", "не$ разгоня", "ограничени мощност",
            # romanised
            "poter moshnost", "propal tyag", "propada tyag", "net tyagi", "avariyn rezhim", "avariin rejim", "cherepax",
            "cherepakh",
        ),
        "az": (
            "güc itir", "gücü it", "güc itki", "qəza rejim", "avariya rejim", "dartmır", "sürət yığmır", "məhdud güc",
            "tısbağa", "cerepax",
        ),
        "kk": (
            "қуат жоғал", "қуаты жоғал", "қуат төмендед", "қуат азай", "тасбақа", "тартпай", "quat jogal",
            "quat zhogal", "kuat zhogal", "quaty jogal", "quaty zhogal", "tasbaqa", "tartpai", "tartpay",
        ),
        "ka": (
            "სიმძლავრ დაკარგ", "სიმძლავრ დაეც", "სიმძლავრ შეზღუდ", "ძალა დაკარგ", "ავარიულ რეჟიმ", "კუ$", "კუს$",
            "simdzlavr dakarg", "dzala dakarg", "avariul rejim", "avariul rezhim",
        ),
        "ne": (
            "पावर गयो", "पावर कम", "पावर पनि कम", "पावर छैन", "पावर लिमिटेड", "पिकअप छैन", "पिकअप हुंदैन", "कछुवा",
            "टर्टल", "power gayo", "power kam", "power chaina", "pickup chaina", "pickup chhaina", "pickup hudaina",
        ),
    },
    "_stopped": {
        "en": (
            "stall", "shut off", "shuts off", "shut down", "shuts down", "shutting down", "cut out", "cuts out",
            "cutting out", "died$", "dies$", "turned off by itself", "switched off by itself", "turned itself off",
            "switched itself off",
        ),
        "ru": (
            "заглох", "глох", "выключил", "выключает", "отключил", "отключает", "вырубил", "вырубает", "погасл",
            # romanised
            "zaglo", "glohn", "glokhn", "vyklyuchil", "otklyuchil", "vyrubil", "vyrubaet",
        ),
        "az": ("söndü", "sönür", "sönüb", "dayandı$"),
        "kk": (
            "сөніп", "сөнді", "сөнеді", "өшіп", "өшті", "тоқтап қал", "sonip", "sondi", "oship", "oshti", "toqtap qal",
            "toktap kal",
        ),
        "ka": (
            "ჩაქრ", "ჩაუქრ", "გაითიშ", "გამეთიშ", "გამითიშ", "გაეთიშ", "გაჩერდ", "გავჩერდ", "გამიჩერდ", "ჩაკვდ",
            "chaqr", "chakr", "gaitish", "gamitish", "gametish", "gacherd", "gavcherd", "gachrd",
        ),
        "ne": (
            "बन्द भय", "बन्द हुन्छ", "बन्द भइ", "अफ भय", "रोकियो", "banda bhay", "band bhay", "bandh bhay",
            "banda hunchha", "banda huncha", "band huncha", "off bhay", "off hunchha", "off huncha", "rokiyo",
        ),
    },
    "_moving": {
        "en": (
            "while driving", "when driving", "driving$", "highway", "motorway", "freeway", "at speed", "in traffic",
            "on the road", "mid drive", "while moving", "overtak", "on the move",
        ),
        "ru": (
            "на$ ходу$", "движени", "трасс", "на$ дорог", "на$ скорост", "обгон", "ехал", "еду$",
            # romanised
            "na$ hodu$", "na$ khodu$", "dvizheni", "trass", "ehal", "ekhal", "na$ doroge$",
        ),
        "az": (
            "yolda$", "sürərkən", "sürəndə", "hərəkətdə", "hərəkət zaman", "gedərkən", "gedəndə", "sürətdə", "sürətlə",
        ),
        "kk": (
            "жүріп келе", "жүріп бара", "жолда", "жолдың", "жүріс кез", "қозғалыс кез", "келе жатқан", "zholda",
            "jolda", "zhurip kele", "jurip kele", "kele jatqan", "kele zhatqan", "juris kez", "zhuris kez",
        ),
        "ka": (
            "მოძრაობ", "ვმოძრაობ", "სვლა", "სვლის", "გზაზე", "ტრასა", "მგზავრობ", "მივდიოდ", "მაგისტრალ", "modzraob",
            "vmodzraob", "svlaze", "svlisas", "gzaze", "trasa", "mivdiod", "magistral",
        ),
        "ne": (
            "चलाउंद", "चलाउद", "चलिरहे", "चल्दा", "बाटोम", "सडकम", "हाइवे", "राजमार्ग", "गुडिरहे", "गुड्दा",
            "ड्राइभ गर्दा", "chalauda", "chalaunda", "chalaudai", "chalaundai", "chaliraheko", "bato ma", "bato mai",
            "batoma", "bich bato", "traffic ma", "drive garda",
        ),
    },
    "_hv_hazard": {
        "en": (
            "swell", "swollen", "bulg", "puff", "overheat", "too hot", "very hot", "hot$", "getting hot", "venting",
            "thermal runaway",
        ),
        "ru": (
            "вздул", "раздул", "вспух", "опух", "перегре", "греется$", "нагрева", "горяч", "раскал",
            # romanised
            "vzdul", "razdul", "peregre", "greetsya", "nagreva", "goryach",
        ),
        "az": (
            "şişib", "şişir", "şişdi", "şişmə", "şişkin", "şişmiş", "şişən", "shishib", "shishir", "shishdi", "qızır$",
            "qızıb$", "qızdı$", "qızma$", "qızmış$", "istilən", "isti$",
        ),
        "kk": (
            "ісін", "ісіп", "ісік", "қызып", "қызад", "қызған", "ыстық", "isindi", "isinip", "isingen", "isip", "qyzyp",
            "kyzyp", "qyzad", "ystyq", "ystyk",
        ),
        "ka": (
            "გაიბერ", "გაბერილ", "გაბერ", "გაბუშტ", "ხურდებ", "გადახურ", "ცხელდებ", "გაცხელ", "gaiber", "gaberil",
            "xurdeb", "khurdeb", "gadaxur", "gadakhur", "cxeldeb", "tskheldeb", "gacxel", "gatskhel",
        ),
        "ne": (
            "फुल्यो", "फुले", "फुलि", "तात", "ओभरहिट", "fulyo", "phulyo", "fuleko", "phuleko", "tato$", "tatyo",
            "tatcha", "tatchha",
        ),
    },
    "_colour": {
        # A lamp word right after a colour is a warning light ("red light on the dash").
        "en": ("yellow$", "red$", "orange$", "amber$"),
        "ru": ("желт", "красн", "оранжев", "zholt", "zhelt", "krasn"),
        "az": ("sarı$", "qırmızı", "narıncı"),
        "kk": ("сары$", "қызыл", "sary$", "qyzyl", "kyzyl"),
        "ka": ("ყვითელ", "წითელ", "ნარინჯისფერ", "yvitel", "witel", "tsitel"),
        "ne": ("पहेंलो", "रातो", "pahelo", "rato$"),
    },
    "_ignore": {
        "en": (
            "range rover", "hatchback", "burnt out", "burned out", "breakdown", "so far", "engineer", "sounds good",
            "sounds great", "sounds fine", "scratch that", "seat motor", "mirror motor", "folding motor",
            "steering wheel leather", "leather on the steering wheel",
        ),
        "ru": ("моторчик", "подушк сиден", "люкс", "кож на$ рул", "оплетк рул"),
        "az": ("elektrik avtomobil", "elektrik maşın"),
        "kk": ("рул тері",),
        "ka": ("სავარძლის ძრავ", "საჭის ტყავ", "საჭესთან ვარ", "შუქნიშან"),
        "ne": ("मोटरगाडि", "मोटर गाडि", "मोटरसाइकल", "ब्रेकडाउन", "इन्जिनियर", "सिट मोटर"),
    },
}

# Words for a lamp. Right after a warning-light entry, a colour, or any other category's
# entry, or right before another category's entry, they are the warning light itself
# ("check engine light", "red light", "oil pressure light", "ABS lampası",
# "akumulatoris lampochka", "лампочка масла"), not a lamp of the car's; real lamps
# ("brake light", "fog light", "лампа фары") are entries of their own or of `lights`.
LAMP_WORDS: tuple[str, ...] = (
    "light$", "lights$", "lamp", "лампочк", "ламп", "işıq", "işığ", "шам$", "шамы$", "ნათურ", "შუქ", "ლამპ", "बत्ति",
    "लाइट", "batti", "lampochk", "lampoc",
)
# Possessive particles that may stand between the part and its lamp ("oil ko light").
LAMP_PARTICLES: tuple[str, ...] = ("ko$", "को$")
# fmt: on
