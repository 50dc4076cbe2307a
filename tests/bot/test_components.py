"""The Rasa component that wraps bot/entities/ (bot/components.py), run in the Rasa environment.

Skipped without it: run the suite with ./supportbot test.
"""

from __future__ import annotations

from tests.bot.rasa_env import run_in_rasa_env

COMPONENT_CHECK = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from bot.components import VehicleEntityExtractor

component = VehicleEntityExtractor.create({}, None, None, None)
earlier = {"entity": "city", "value": "Baku", "start": 0, "end": 4, "extractor": "Other"}
message = Message.build(text=sys.argv[1])
message.set("entities", [earlier])
empty = Message.build(text="salam")
component.process([message, empty])
training = TrainingData([Message.build(text="x")])
assert component.process_training_data(training) is training
print(json.dumps({"entities": message.get("entities"), "empty": empty.get("entities", [])}))
"""


def test_the_rasa_component_appends_the_entities_in_rasas_format() -> None:
    output = run_in_rasa_env(COMPONENT_CHECK, "Baku, вин LGXCE4CB8N0123457, пробег 45 тыс. км")
    assert output["empty"] == []
    assert output["entities"] == [
        {"entity": "city", "value": "Baku", "start": 0, "end": 4, "extractor": "Other"},
        {
            "entity": "vin",
            "value": "LGXCE4CB8N0123457",
            "start": 10,
            "end": 27,
            "confidence": 0.9,
            "extractor": "VehicleEntityExtractor",
        },
        {
            "entity": "mileage",
            "value": 45000,
            "start": 36,
            "end": 46,
            "confidence": 1.0,
            "extractor": "VehicleEntityExtractor",
        },
    ]
