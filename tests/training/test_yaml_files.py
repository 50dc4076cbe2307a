"""The content files survive a read and a write unchanged, and one edit is one hunk of diff."""

from __future__ import annotations

import difflib
import threading
from pathlib import Path

import pytest

from tests.training.content_support import ROOT
from training.nlu_files import add_example, remove_example
from training.yaml_files import ContentLock, Document, write_atomic

FILES = sorted(
    [
        *ROOT.glob("nlu_data/*/*.yml"),
        *ROOT.glob("bot/responses/*.yml"),
        ROOT / "bot/domain.yml",
        *ROOT.glob("bot/data/*.yml"),
    ]
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_writing_an_unchanged_file_back_gives_the_same_bytes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert Document(path, text).dump() == text


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_an_added_example_is_one_added_line() -> None:
    path = ROOT / "nlu_data/en/nlu.yml"
    document = Document(path, path.read_text(encoding="utf-8"))
    add_example(document, "greet", "hello from the admin page")
    assert _changed_lines(document.original, document.dump()) == ["+    - hello from the admin page"]


def test_a_removed_example_is_one_removed_line() -> None:
    path = ROOT / "nlu_data/ru/nlu.yml"
    document = Document(path, path.read_text(encoding="utf-8"))
    first = document.data["nlu"][0]["examples"].splitlines()[0][2:]
    assert remove_example(document, "greet", first)
    assert _changed_lines(document.original, document.dump()) == [f"-    - {first}"]


def test_a_new_intent_block_goes_to_the_end_keeping_the_file_s_spacing() -> None:
    path = ROOT / "nlu_data/en/nlu.yml"
    document = Document(path, path.read_text(encoding="utf-8"))
    add_example(document, "opening_hours", "when are you open")
    added = _changed_lines(document.original, document.dump())
    assert added == ["+", "+- intent: opening_hours", "+  examples: |", "+    - when are you open"]


def test_an_atomic_write_leaves_no_temporary_file_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("a: 1\n")
    path.chmod(0o640)
    write_atomic(path, "a: 2\n")
    assert path.read_text() == "a: 2\n" and path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["x.yml"]


def test_the_lock_lets_one_writer_in_at_a_time(tmp_path: Path) -> None:
    lock, inside, most = ContentLock(tmp_path), [0], [0]
    assert not str(lock.path).startswith(str(tmp_path)), "the lock file is not in the content (git would see it)"

    def work() -> None:
        for _ in range(20):
            with lock.held():
                inside[0] += 1
                most[0] = max(most[0], inside[0])
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1
