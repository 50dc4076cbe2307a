"""The bot's own training examples (`nlu_data/<lang>/*.yml`), read as plain text for the language model."""

from __future__ import annotations

from pathlib import Path

import yaml

from nlu.language.words import _ENTITY_ANNOTATION

NLU_DATA = Path(__file__).resolve().parents[2] / "nlu_data"


def read_examples(path: Path) -> list[str]:
    """The example texts of one Rasa NLU YAML file: the `- text` lines of its intent, synonym
    and lookup blocks (not of its regex blocks), entity annotations reduced to their text."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}  # noqa: S506 - a safe loader
    texts = []
    for block in data.get("nlu") or []:
        if not isinstance(block, dict) or "regex" in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- ") and line[2:].strip():
                texts.append(_ENTITY_ANNOTATION.sub(r"\1", line[2:].strip()))
    return texts


def training_examples(language: str, data_dir: Path = NLU_DATA) -> list[str]:
    """Every example text in `data_dir/<language>/*.yml` (none when there is no such file)."""
    folder = data_dir / language
    if not folder.is_dir():
        return []
    paths = sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])
    return [text for path in paths for text in read_examples(path)]
