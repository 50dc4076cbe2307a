"""Running a snippet in the Rasa environment (Python 3.10, rasa 3.6), where bot/ components live."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_in_rasa_env(code: str, *args: str) -> Any:
    """The JSON the snippet prints on its last line; skips without the environment (./supportbot test sets it)."""
    rasa_env = os.environ.get("SUPPORTBOT_RASA_ENV")
    if not rasa_env:
        pytest.skip("SUPPORTBOT_RASA_ENV is not set: run the suite with ./supportbot test")
    result = subprocess.run(
        [str(Path(rasa_env) / "bin" / "python"), "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
