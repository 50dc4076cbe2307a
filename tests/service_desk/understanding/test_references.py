"""Booking and claim references typed back by customers (service_desk/understanding: find_reference)."""

from __future__ import annotations

import pytest

from service_desk.understanding import find_reference


@pytest.mark.parametrize(
    "text",
    [
        "WC-7K3Q9M",
        "my claim is WC-7K3Q9M, any news?",
        "wc-7k3q9m",  # lower case
        "WC7K3Q9M",  # no dash
        "WC 7K3Q9M",  # a space for the dash
        "WC - 7K3Q9M",
        "WC–7K3Q9M",  # an en dash from a phone's autocorrect
        "WC-7К3Q9М",  # Cyrillic К and М in the code
        "заявка WC-7К3Q9М",
        "(WC-7K3Q9M)",
    ],
)
def test_a_claim_reference_however_it_is_typed(text: str) -> None:
    assert find_reference(text, "WC") == "WC-7K3Q9M"


@pytest.mark.parametrize(
    "text",
    [
        "BK-4FZ2QA",
        "ВК-4FZ2QА",  # Cyrillic В, К and А: a keyboard left in Russian layout
        "вк-4fz2qа",  # ... and in lower case
        "bronlama nömrəm bk4fz2qa",
    ],
)
def test_a_booking_reference_with_cyrillic_look_alikes(text: str) -> None:
    assert find_reference(text, "BK") == "BK-4FZ2QA"


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("WC-7K3Q9M", "BK"),  # another kind of reference
        ("WC-7K3Q9", "WC"),  # too short
        ("WC-7K3Q9MX", "WC"),  # too long
        ("WC-7K3Q0M", "WC"),  # 0 is not in the alphabet (nor are 1, I and O)
        ("WC-7K3QIM", "WC"),
        ("AWC-7K3Q9M", "WC"),  # another prefix that ends the same
        ("no reference here", "WC"),
        ("", "WC"),
    ],
)
def test_not_a_reference(text: str, prefix: str) -> None:
    assert find_reference(text, prefix) is None


def test_the_first_of_two_references() -> None:
    assert find_reference("BK-4FZ2QA or BK-7K3Q9M", "BK") == "BK-4FZ2QA"
