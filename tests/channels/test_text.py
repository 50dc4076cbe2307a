"""The text rules every channel shares: what a customer wrote, normalised alike on every channel."""

from __future__ import annotations

import pytest

from channels.base import ProtocolError
from channels.text import clean_provider_text, clean_text, is_button_payload


def test_text_is_normalised_and_control_characters_dropped() -> None:
    decomposed = "Ko\u0308lik\u0131m\u0000 is\u0327lemir\u202e"
    assert clean_text(decomposed, 100) == "Kölikım işlemir\u202e"  # NFC; NUL dropped; bidi marks kept as text
    assert clean_text("line one\nline two\t!", 100) == "line one\nline two\t!"


@pytest.mark.parametrize(("text", "reason"), [(" \u0000\u0007 ", "text is empty"), ("x" * 11, "longer than 10")])
def test_our_own_clients_are_told_why_their_text_is_refused(text: str, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        clean_text(text, 10)


def test_provider_text_is_cut_and_marked_never_refused() -> None:
    # A refused webhook comes back for days; a cut one is stored once, marked.
    assert clean_provider_text("Ko\u0308mu\u0308r " + "ə" * 20, 10) == ("Kömür əəəə", True)
    assert clean_provider_text("  fits  ", 10) == ("fits", False)


@pytest.mark.parametrize("missing", [None, 42, "", "\u0000\u0001"])
def test_provider_text_that_is_absent_or_only_control_characters_is_empty(missing: object) -> None:
    assert clean_provider_text(missing, 10) == ("", False)


def test_a_button_payload_with_a_lone_surrogate_is_refused_not_an_encoding_error() -> None:
    # JSON's "\ud800" escape decodes to a lone surrogate (found by tests/channels/frame_fuzzer.py)
    assert not is_button_payload("\udcb3/affirm")
    assert not is_button_payload("/affirm\ud800")
    assert is_button_payload("/affirm")
