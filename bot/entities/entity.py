"""The entity the extractor returns.

A module of its own so that vin.py and mileage.py, which build entities, need not import
the package's __init__, which imports them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entity:
    """One entity found in a message.

    `value` is normalised (a VIN as 17 upper-case characters, a mileage as whole
    kilometres); `start`, `end` and `text` locate what the customer actually typed.
    """

    entity: str
    value: object
    start: int
    end: int
    text: str
    confidence: float = 1.0
