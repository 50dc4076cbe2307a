"""Understanding a customer's free-text answers during a booking: which day, what time,
which city (or vehicle model), which reference.

Customers answer in Azerbaijani, Kazakh (Cyrillic, sometimes Latin), Georgian, Nepali
(Devanagari, often romanized), Russian and English, inflected as people write ("Bakıda",
"сейсенбіге", "ორშაბათს", "во вторник") and on whatever keyboard is at hand. The answers
are short and the forms few, so rules read them: a statistical parser trained on our
examples would need far more of them, and would still not tell us why it read "10.12" as
a date.

The modules, each importing only those before it: `text` (folding an answer for
matching), `words` (each language's words for days), `times` (`parse_time`), `dates`
(`parse_when`), `places` (`match_place`, `match_name`), `references` (`find_reference`).
Imports the standard library and `nlu.language.scripts` (the romanization tables the
language detector uses) only.
"""

from service_desk.understanding.dates import When, parse_when
from service_desk.understanding.places import Place, match_name, match_place
from service_desk.understanding.references import find_reference
from service_desk.understanding.times import parse_time

__all__ = ["Place", "When", "find_reference", "match_name", "match_place", "parse_time", "parse_when"]
