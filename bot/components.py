"""Custom Rasa NLU components.

Runs inside Rasa 3.6 (Python 3.10); the rules themselves live in bot/entities/, which has
no Rasa dependency so that they can be tested and used without a Rasa environment.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.entities import extract


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class VehicleEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Adds the `vin` and `mileage` entities that bot.entities finds in each message.

    Rule-based, so there is nothing to train: a VIN's structure and "45 тыс. км" = 45000
    are known, not learned. The entity's value is already normalised (the VIN in upper
    case, the mileage in whole kilometres); start and end point into the original text.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No options."""
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VehicleEntityExtractor:
        """Creates the component (see GraphComponent.create)."""
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples carry their annotated entities already; leave them as they are."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Appends the entities found in each message's text to the entities already there."""
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = [
                {
                    ENTITY_ATTRIBUTE_TYPE: entity.entity,
                    ENTITY_ATTRIBUTE_VALUE: entity.value,
                    ENTITY_ATTRIBUTE_START: entity.start,
                    ENTITY_ATTRIBUTE_END: entity.end,
                    ENTITY_ATTRIBUTE_CONFIDENCE: entity.confidence,
                }
                for entity in extract(text)
            ]
            if found:
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True)
        return messages
