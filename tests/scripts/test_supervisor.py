"""Which model `./supportbot run` starts Rasa with (scripts/supervisor.py): the one an admin made
live, named by models/active.json, so an activation or a rollback survives a restart; without
it, the model of the training data as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scripts import stack, supervisor


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(stack, "MODELS_DIR", tmp_path)
    monkeypatch.delenv("SUPPORTBOT_MODELS_DIR", raising=False)
    return tmp_path


def test_the_model_an_admin_activated_is_started_after_a_restart(
    models: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = models / "0123456789abcdef.tar.gz"
    chosen.write_bytes(b"a model")
    (models / "active.json").write_text(json.dumps({"model": str(chosen), "id": 7}))
    monkeypatch.setattr(stack, "ensure_model", lambda: pytest.fail("nothing is trained when a model was chosen"))
    assert supervisor._live_model() == chosen
    err = capsys.readouterr().err
    assert "starting with the model an admin activated: 0123456789abcdef.tar.gz" in err
    assert "the training data has changed since" in err  # the data's own fingerprint is another


def test_without_a_choice_the_model_of_the_training_data_is_started(
    models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trained = models / "data.tar.gz"
    monkeypatch.setattr(stack, "ensure_model", lambda: trained)
    assert supervisor._live_model() == trained
    (models / "active.json").write_text(json.dumps({"model": str(models / "deleted.tar.gz")}))
    assert supervisor._live_model() == trained  # a pointer to a file that is gone is no choice


def test_the_activated_model_is_found_in_the_models_folder_the_gateway_was_given(
    models: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SUPPORTBOT_MODELS_DIR moves the registry's folder, and active.json with it
    elsewhere = tmp_path / "volume"
    elsewhere.mkdir()
    chosen = elsewhere / "0123456789abcdef.tar.gz"
    chosen.write_bytes(b"a model")
    (elsewhere / "active.json").write_text(json.dumps({"model": str(chosen), "id": 7}))
    monkeypatch.setenv("SUPPORTBOT_MODELS_DIR", str(elsewhere))
    monkeypatch.setattr(stack, "ensure_model", lambda: pytest.fail("nothing is trained when a model was chosen"))
    assert supervisor._live_model() == chosen
