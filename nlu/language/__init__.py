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

The package: `scripts` (writing systems, romanization), `words` (what counts as a word),
`training` (the examples it learns from), `ngram` (the model), `requests` (asking for a
language), `detector` (putting it together). Standard library, PyYAML and py3langid only.
"""

from nlu.language.detector import Detection, LanguageDetector
from nlu.language.requests import requested_language
from nlu.language.scripts import romanize
from nlu.language.training import NLU_DATA, read_examples, training_examples

__all__ = [
    "NLU_DATA",
    "Detection",
    "LanguageDetector",
    "read_examples",
    "requested_language",
    "romanize",
    "training_examples",
]
