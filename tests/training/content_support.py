"""A copy of the repository's training data and answers to edit in tests (never the real files)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("az", "kk", "ka", "ne", "ru", "en")


def copy_content(target: Path) -> Path:
    """nlu_data/ and bot/'s domain, rules, forms and answers under `target`, as in the repository."""
    shutil.copytree(ROOT / "nlu_data", target / "nlu_data")
    (target / "bot").mkdir(parents=True)
    shutil.copy2(ROOT / "bot" / "domain.yml", target / "bot" / "domain.yml")
    shutil.copytree(ROOT / "bot" / "data", target / "bot" / "data")
    shutil.copytree(ROOT / "bot" / "responses", target / "bot" / "responses")
    return target


@dataclass
class FakeAudit:
    entries: list[tuple[str, str, str, Any, Any]] = field(default_factory=list)

    async def record(self, actor: str, action: str, subject: str, before: Any = None, after: Any = None) -> None:
        self.entries.append((actor, action, subject, before, after))
