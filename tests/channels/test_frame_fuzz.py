"""The frame parsers never fail with anything but a refusal, whatever the bytes (coverage-guided, atheris).

tests/channels/frame_fuzzer.py runs under libFuzzer in a child process (atheris ends its
process when done) for a bounded number of inputs from a fixed seed, starting from a
corpus of well-formed and known-bad frames. A crash prints the input that caused it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUNS = 30_000  # a few seconds; run the module by hand for a long session

SEEDS = {
    "webchat_message": b'{"type": "message", "client_id": "abcdefgh-1234", "text": "Salam!"}',
    "webchat_button": b'{"type": "button", "client_id": "abcdefgh-1234", "title": "Yes", "payload": "/affirm"}',
    "webchat_deep": b"[" * 1200 + b"]" * 1200,
    "webchat_cut": b'{"type": "message", "client_id": "abcdefgh-1234", "te',
    "socketio_event": b'42["user_uttered",{"message":"hi","session_id":"abcdefghijklmnop","customData":{"a":"b"}}]',
    "socketio_binary_event": b'451-/chat,7["user_uttered",{"_placeholder":true,"num":0}]',
    "socketio_connect": b'40{"token":"x"}',
    "socketio_bad": b"4zz{",
    "socketio_deep": b'42["user_uttered",' + b'{"a":' * 1200 + b"1" + b"}" * 1200 + b"]",
    "engineio_b64": b"bAAEC",
    "not_utf8": b"\xff\xfe\x00{",
}


def test_no_input_makes_a_frame_parser_fail_with_anything_but_a_refusal(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, seed in SEEDS.items():
        (corpus / name).write_bytes(seed)

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.channels.frame_fuzzer",
            f"-runs={RUNS}",
            "-max_len=4096",
            "-seed=19",
            "-timeout=10",
            f"-artifact_prefix={tmp_path}/",
            str(corpus),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    report = done.stderr[-4000:]
    assert done.returncode == 0, report
    assert f"Done {RUNS} runs" in done.stderr, report
