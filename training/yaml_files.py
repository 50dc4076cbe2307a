"""Reading and writing the bot's YAML files so that an edit changes only the edited lines.

The files under nlu_data/ and bot/ are the source of truth git tracks, and a team also
edits them by pull request, so an admin's edit must not reformat them: ruamel's
round-trip mode keeps comments, key order, quoting and blank lines. Two indentation
styles are in use (NLU files start sequences at the key's column, the rest indent them
by two), so each file is dumped in the style it was written in. Nulls stay `null`
(Rasa's `active_loop: null`), lines are never folded.

Writes are atomic per file (a temporary file beside it, then `os.replace`) and every
writer takes one lock (`ContentLock`), shared by threads and by gateway processes on
the same checkout.
"""

from __future__ import annotations

import copy
import fcntl
import hashlib
import io
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # reading is 25x faster with libyaml


def _style(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation: `- intent:` at column 0 is the NLU files' style."""
    for line in text.splitlines():
        if line.startswith("- "):
            return (2, 2, 0)
        if line.startswith("  - "):
            return (2, 4, 2)
    return (2, 4, 2)


def _yaml(style: tuple[int, int, int]) -> YAML:
    handler = YAML()
    handler.preserve_quotes = True
    handler.width = 1 << 16  # never fold a long answer onto two lines
    mapping, sequence, offset = style
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    handler.representer.add_representer(
        type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return handler


class Document:
    """One file's round-trip tree, and how to write it back the way it was written."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.original = text
        self.style = _style(text)
        self.data: Any = _yaml(self.style).load(text)

    def dump(self) -> str:
        out = io.StringIO()
        _yaml(self.style).dump(self.data, out)
        return out.getvalue()


def load_plain(text: str) -> Any:
    return yaml.load(text, Loader=Loader)  # noqa: S506 - a safe loader (CSafeLoader or SafeLoader)


# -- keeping the blank lines and comments between items when items come and go ------------------------


def _slot(container: CommentedMap | CommentedSeq, key: Any) -> tuple[dict[Any, list[Any]], Any, int]:
    """Where ruamel keeps the comment after the last line of `container[key]`: (ca.items, key, position)."""
    value = container[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and value:
        return _slot(value, next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1)
    return (container.ca.items, key, 2 if isinstance(container, CommentedMap) else 0)


def _trailer(container: CommentedMap | CommentedSeq, key: Any) -> Any:
    items, at, position = _slot(container, key)
    return items.get(at, [None] * 4)[position]


def _set_trailer(container: CommentedMap | CommentedSeq, key: Any, token: Any) -> None:
    items, at, position = _slot(container, key)
    items.setdefault(at, [None] * 4)[position] = token


def _keys(container: CommentedMap | CommentedSeq) -> list[Any]:
    return list(container) if isinstance(container, CommentedMap) else list(range(len(container)))


def appended(container: CommentedMap | CommentedSeq, key: Any, value: Any) -> None:
    """Add `value` at the end (under `key` for a mapping): the old last item gets the separator the
    items before it have (a blank line, or none), the new one what followed the old last (the next
    section's comment)."""
    before = _keys(container)
    if isinstance(container, CommentedMap):
        container[key] = value
    else:
        container.append(value)
        key = len(container) - 1
    if not before:
        return
    separator = copy.deepcopy(_trailer(container, before[-2])) if len(before) > 1 else None
    _set_trailer(container, key, _trailer(container, before[-1]))
    _set_trailer(container, before[-1], separator)


def removed(container: CommentedMap | CommentedSeq, key: Any) -> None:
    """Remove an item (a key or an index); what followed it (the next item's comment, or the next
    section's) now follows the item before it."""
    keys = _keys(container)
    position = keys.index(key)
    token = _trailer(container, key)
    if isinstance(container, CommentedMap):
        container.ca.items.pop(key, None)
    del container[key]
    if position > 0:
        _set_trailer(container, keys[position - 1], token)


# -- the files on disk --------------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` in one step: readers (Rasa training, the answer catalogue, git) see the old file
    or the new one, never half of one."""
    data = text.encode("utf-8")
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    path.parent.mkdir(parents=True, exist_ok=True)  # a new language's folder
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


VERSION_CHARS = 16
VERSION = rf"[0-9a-f]{{{VERSION_CHARS}}}"  # what `digest` makes: If-Match carries it back


def digest(files: list[tuple[str, bytes]]) -> str:
    """The content's version: a short hash of each file's name and bytes."""
    hashed = hashlib.sha256()
    for name, data in files:
        hashed.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return hashed.hexdigest()[:VERSION_CHARS]


class ContentLock:
    """One writer at a time, across threads (a `threading.Lock`) and processes (`flock`).

    The lock file is NOT kept in the content directory (git would see it) but in the
    system's temporary directory, named after the content directory's path: every
    gateway process editing one checkout takes the same lock, tests on copies do not
    wait for each other.
    """

    def __init__(self, content_dir: Path) -> None:
        key = hashlib.sha256(str(content_dir.resolve()).encode()).hexdigest()[:16]
        self.path = Path(tempfile.gettempdir()) / f"supportbot-content-{key}.lock"
        self._thread_lock = threading.Lock()

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._thread_lock, open(self.path, "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
