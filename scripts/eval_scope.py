"""What `./supportbot eval` reports on scope and confidence: is a message the bot's business, and
does the confidence the model gives mean what it says.

Per language, on the intent files and each round's `out_of_scope` / `in_scope` sections
(scripts/heldout.py):

* out-of-scope recall: of the messages that are not ours, the share answered `out_of_scope`
  (the polite scope answer, no hand-off). A clarifying question (`nlu_fallback`) does not
  count: it is the answer for "ours but unclear" and leads to a hand-off;
* in-scope false rejection: of the messages that are ours, the share answered `out_of_scope`;
* in-scope accuracy: of the messages that are ours, the share given their intent;
* expected calibration error (ECE) of the classifier's own top confidence, before the
  fallback decision, on every message: the gap between how sure it says it is and how often
  it is right, averaged over 10 equal-width bins weighted by their size. A threshold on a
  confidence with a low ECE is a threshold on a probability of being right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scripts.heldout import OUT_OF_SCOPE, ScopeExample

FALLBACK = "nlu_fallback"
EVERYDAY = "held-out"  # the first held-out set: the source whose in-scope accuracy is a target
ECE_BINS = 10
SCOPE_TARGETS = {"out-of-scope recall": 0.90, "in-scope accuracy": 0.93}
OVERALL_IN_SCOPE_TARGET = 0.95


@dataclass(frozen=True, slots=True)
class ScopeResult:
    example: ScopeExample
    predicted: str  # the intent the pipeline answered with (nlu_fallback included)
    classified: str  # the classifier's own top intent, before the fallback decision
    confidence: float  # the classifier's confidence in `classified`


def scope_result(example: ScopeExample, parsed: dict[str, Any]) -> ScopeResult:
    """The parse of one message, with the classifier's own top intent taken from the ranking."""
    predicted = (parsed.get("intent") or {}).get("name") or "none"
    ranking = [r for r in parsed.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    top = ranking[0] if ranking else {"name": predicted, "confidence": 0.0}
    return ScopeResult(example, predicted, str(top["name"]), float(top.get("confidence") or 0.0))


@dataclass
class ScopeReport:
    language: str
    results: list[ScopeResult] = field(default_factory=list)

    def _pick(self, source: str | None, ours: bool) -> list[ScopeResult]:
        return [
            r
            for r in self.results
            if (source is None or r.example.source == source) and (r.example.intent != OUT_OF_SCOPE) == ours
        ]

    def out_of_scope_recall(self, source: str | None = None) -> tuple[float, int]:
        picked = self._pick(source, ours=False)
        return _share(picked, lambda r: r.predicted == OUT_OF_SCOPE), len(picked)

    def false_rejection(self, source: str | None = None) -> tuple[float, int]:
        picked = self._pick(source, ours=True)
        return _share(picked, lambda r: r.predicted == OUT_OF_SCOPE), len(picked)

    def in_scope_accuracy(self, source: str | None = None) -> tuple[float, int]:
        picked = self._pick(source, ours=True)
        return _share(picked, lambda r: r.predicted == r.example.intent), len(picked)

    def clarified(self, source: str | None = None, ours: bool = True) -> float:
        return _share(self._pick(source, ours), lambda r: r.predicted == FALLBACK)

    def by_script(self, script: str) -> tuple[float, int]:
        """Accuracy (out_of_scope counted as an intent) on the messages typed in `script`."""
        picked = [r for r in self.results if r.example.script == script]
        return _share(picked, lambda r: r.predicted == r.example.intent), len(picked)

    def ece(self) -> float:
        return expected_calibration_error([(r.confidence, r.classified == r.example.intent) for r in self.results])

    def misses(self, limit: int = 15) -> list[str]:
        return [
            f"`{r.example.text}` ({r.example.intent} → {r.predicted})"
            for r in self.results
            if r.predicted != r.example.intent
        ][:limit]


def _share(results: list[ScopeResult], hit: Any) -> float:
    return sum(1 for r in results if hit(r)) / len(results) if results else 1.0


def expected_calibration_error(scored: list[tuple[float, bool]], bins: int = ECE_BINS) -> float:
    """Σ over equal-width confidence bins of (bin size / n) · |accuracy − mean confidence|."""
    if not scored:
        return 0.0
    grouped: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for confidence, correct in scored:
        grouped[min(int(confidence * bins), bins - 1)].append((confidence, correct))
    total = 0.0
    for group in grouped:
        if group:
            accuracy = sum(correct for _, correct in group) / len(group)
            mean_confidence = sum(confidence for confidence, _ in group) / len(group)
            total += len(group) / len(scored) * abs(accuracy - mean_confidence)
    return total


def scope_sources(reports: dict[str, ScopeReport]) -> list[str]:
    seen = {r.example.source for report in reports.values() for r in report.results}
    return sorted(seen, key=lambda s: (s != "held-out", len(s), s))  # round9 before round10


def scope_table(reports: dict[str, ScopeReport]) -> str:
    """Per language and source: out-of-scope recall, in-scope accuracy and false rejection, ECE."""
    sources = scope_sources(reports)
    header = " | ".join(
        f"{name}, {source}" for source in sources for name in ("OOS recall", "in-scope acc.", "false rej.")
    )
    lines = [f"| language | {header} | clarified (ours) | ECE |", "|---|" + "---|" * (3 * len(sources) + 2)]
    for report in reports.values():
        cells = []
        for source in sources:
            recall, n_out = report.out_of_scope_recall(source)
            accuracy, n_in = report.in_scope_accuracy(source)
            rejected, _ = report.false_rejection(source)
            cells += [f"{recall:.1%} of {n_out}", f"{accuracy:.1%} of {n_in}", f"{rejected:.1%}"]
        lines.append(
            f"| {report.language} | " + " | ".join(cells) + f" | {report.clarified():.1%} | {report.ece():.3f} |"
        )
    return "\n".join(lines)


def script_table(reports: dict[str, ScopeReport]) -> str:
    """Messages typed in another script than the language's usual one, per language and script."""
    lines = ["| language | script | messages | intent accuracy (out_of_scope included) |", "|---|---|---|---|"]
    for report in reports.values():
        for script in sorted({r.example.script for r in report.results if r.example.script}):
            accuracy, n = report.by_script(script)
            lines.append(f"| {report.language} | {script} | {n} | {accuracy:.1%} |")
    return "\n".join(lines)


def scope_targets_missed(reports: dict[str, ScopeReport]) -> list[str]:
    """The scope targets missed: out-of-scope recall on every set; in-scope accuracy on the first
    held-out set, the everyday in-scope messages whose accuracy must hold ("still" >= 93%). The
    rounds' borderline in-scope messages are written to be hard: reported, not a target."""
    missed = []
    for report in reports.values():
        figures = {
            "out-of-scope recall": report.out_of_scope_recall()[0],
            "in-scope accuracy": report.in_scope_accuracy(EVERYDAY)[0],
        }
        missed += [
            f"{report.language}: {name} {value:.1%} < {SCOPE_TARGETS[name]:.1%}"
            for name, value in figures.items()
            if value < SCOPE_TARGETS[name]
        ]
    ours = [r for report in reports.values() for r in report._pick(EVERYDAY, ours=True)]
    overall = _share(ours, lambda r: r.predicted == r.example.intent)
    if overall < OVERALL_IN_SCOPE_TARGET:
        missed.append(f"all languages: in-scope accuracy {overall:.1%} < {OVERALL_IN_SCOPE_TARGET:.1%}")
    return missed


def scope_misses(reports: dict[str, ScopeReport]) -> str:
    lines = [f"- **{r.language}**: " + ", ".join(r.misses()) for r in reports.values() if r.misses()]
    return "\n".join(lines) or "none"
