"""`./supportbot eval`: how well the trained model understands each language, on held-out data.

Starts Rasa with the current model on a private port and parses every held-out example
(scripts/heldout.py says which files, and who wrote them) through /model/parse, so what
is measured is the shipped model with its whole pipeline. Per language:

* intent accuracy, macro-F1 and the share of messages that fell back (nlu_fallback
  counts as wrong), on the intent files;
* the language detector on each message alone, as if it opened a conversation, on the
  intent files and on each later round's chat messages: messages with no language of their own
  ("ok 👍") are not scored there, only in the next figure;
* the share of all those messages that, sent in an ongoing conversation in their
  file's language, keep it there;
* entity precision and recall for `vin` and `mileage`, on the first entity set and on
  each later round separately;
* for Georgian and Nepali typed in Latin letters, intent accuracy and language ID on
  their own held-out files, reported apart: the targets are the native script's;
* out-of-scope recall, in-scope accuracy and false rejection, and the calibration (ECE) of
  the classifier's confidence, per language and round (scripts/eval_scope.py).

Writes var/eval/report.md and var/eval/confusion.png and prints the summary tables.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from api.settings import SUPPORTED_LANGUAGES
from nlu.language import LanguageDetector
from scripts import stack
from scripts.eval_scope import (
    ScopeReport,
    scope_misses,
    scope_result,
    scope_table,
    scope_targets_missed,
    script_table,
)
from scripts.heldout import (
    ENTITY_TYPES,
    SOURCES,
    entity_examples,
    language_examples,
    romanized_intent_examples,
    scope_examples,
)

TARGETS = {"intent accuracy": 0.93, "language ID": 0.995, "vin recall": 1.0, "mileage recall": 0.95}


@dataclass
class LanguageReport:
    language: str
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    # detect() on each message alone (a conversation's first message), per source: [hits, scored]
    language_id: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    language_misses: list[tuple[str, str, str | None]] = field(default_factory=list)  # text, expected, detected
    # choose() mid-conversation, every message: the message does not switch away
    kept: list[int] = field(default_factory=lambda: [0, 0])
    neutral: int = 0  # messages with no language of their own (scored only in `kept`)
    # per source and entity: expected / found / correct
    entity_counts: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    latencies_ms: list[float] = field(default_factory=list)
    # typed in Latin letters ("manqana ar iqoqeba"): intents expected / predicted, language ID hits
    romanized_gold: list[str] = field(default_factory=list)
    romanized_predicted: list[str] = field(default_factory=list)
    romanized_language_hits: int = 0
    scope: ScopeReport = field(init=False)

    def __post_init__(self) -> None:
        self.scope = ScopeReport(self.language)

    @property
    def accuracy(self) -> float:
        return sum(g == p for g, p in zip(self.gold, self.predicted, strict=True)) / len(self.gold)

    @property
    def fallback_rate(self) -> float:
        return self.predicted.count("nlu_fallback") / len(self.predicted)

    @property
    def macro_f1(self) -> float:
        scores = []
        for intent in sorted(set(self.gold)):
            tp = sum(g == p == intent for g, p in zip(self.gold, self.predicted, strict=True))
            fp = sum(p == intent != g for g, p in zip(self.gold, self.predicted, strict=True))
            fn = sum(g == intent != p for g, p in zip(self.gold, self.predicted, strict=True))
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        return sum(scores) / len(scores)

    def language_accuracy(self, source: str | None = None) -> float:
        """detect() alone on the messages that have a language, of one source or of all."""
        counts = [self.language_id[source]] if source else list(self.language_id.values())
        hits, scored = sum(c[0] for c in counts), sum(c[1] for c in counts)
        return hits / scored if scored else 1.0

    def language_scored(self, source: str | None = None) -> int:
        return self.language_id[source][1] if source else sum(c[1] for c in self.language_id.values())

    @property
    def language_kept(self) -> float:
        return self.kept[0] / self.kept[1] if self.kept[1] else 1.0

    def entity_score(self, entity: str, source: str | None = None) -> tuple[float, float, int]:
        """(precision, recall, expected) of exact values; 1.0 where there was nothing to find or found."""
        counts: Counter[str] = Counter()
        for (counted_source, counted_entity), c in self.entity_counts.items():
            if counted_entity == entity and source in (None, counted_source):
                counts.update(c)
        precision = counts["correct"] / counts["found"] if counts["found"] else 1.0
        recall = counts["correct"] / counts["expected"] if counts["expected"] else 1.0
        return precision, recall, counts["expected"]


class Parser:
    def __init__(self, url: str, token: str) -> None:
        self._client = httpx.Client(base_url=url, timeout=30, params={"token": token})

    def parse(self, text: str) -> tuple[dict[str, Any], float]:
        started = time.perf_counter()
        answer = self._client.post("/model/parse", json={"text": text})
        answer.raise_for_status()
        return answer.json(), (time.perf_counter() - started) * 1000


def score_languages(detector: LanguageDetector, report: LanguageReport) -> None:
    """Language identification alone and mid-conversation, on every held-out message of `report`'s language."""
    for example in language_examples(report.language):
        report.kept[0] += detector.choose(example.text, current=example.written_in) == example.written_in
        report.kept[1] += 1
        if example.language is None:
            report.neutral += 1
            continue
        detected = detector.detect(example.text)
        hit = detected is not None and detected.language == example.language
        counts = report.language_id[example.source]
        counts[0] += hit
        counts[1] += 1
        if not hit:
            report.language_misses.append((example.text, example.language, detected.language if detected else None))


def evaluate(parser: Parser, languages: tuple[str, ...]) -> dict[str, LanguageReport]:
    detector = LanguageDetector(languages, languages[-1] if "en" not in languages else "en")
    reports = {language: LanguageReport(language) for language in languages}
    for language in languages:
        report = reports[language]
        for example in scope_examples(language):
            parsed, elapsed = parser.parse(example.text)
            result = scope_result(example, parsed)
            report.scope.results.append(result)
            if example.source == "held-out":
                report.gold.append(example.intent)
                report.predicted.append(result.predicted)
                report.latencies_ms.append(elapsed)
        score_languages(detector, report)
        for text, intent in romanized_intent_examples(language):
            parsed, _ = parser.parse(text)
            report.romanized_gold.append(intent)
            report.romanized_predicted.append((parsed.get("intent") or {}).get("name") or "none")
            detected = detector.detect(text)
            report.romanized_language_hits += detected is not None and detected.language == language
    for example in entity_examples():
        if example.language not in reports:
            continue
        parsed, _ = parser.parse(example.text)
        found = {e["entity"]: e["value"] for e in parsed.get("entities", []) if e["entity"] in ENTITY_TYPES}
        counts = reports[example.language].entity_counts
        for entity in ENTITY_TYPES:
            counted = counts[(example.source, entity)]
            counted["expected"] += entity in example.expected
            counted["found"] += entity in found
            counted["correct"] += entity in example.expected and found.get(entity) == example.expected[entity]
    return reports


def confusion_png(reports: dict[str, LanguageReport], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = 3
    rows = (len(reports) + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(8 * columns, 7.5 * rows), squeeze=False)
    for axis, report in zip(axes.flat, reports.values(), strict=False):
        labels = sorted(set(report.gold))
        predicted_labels = labels + sorted(set(report.predicted) - set(labels))
        matrix = [[0] * len(predicted_labels) for _ in labels]
        for g, p in zip(report.gold, report.predicted, strict=True):
            matrix[labels.index(g)][predicted_labels.index(p)] += 1
        axis.imshow(matrix, cmap="Blues")
        axis.set_xticks(range(len(predicted_labels)), predicted_labels, rotation=90, fontsize=7)
        axis.set_yticks(range(len(labels)), labels, fontsize=7)
        axis.set_xlabel("predicted")
        axis.set_ylabel("expected")
        axis.set_title(f"{report.language}: intent accuracy {report.accuracy:.1%}")
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                if value:
                    axis.text(j, i, value, ha="center", va="center", fontsize=6, color="white" if i == j else "black")
    for axis in list(axes.flat)[len(reports) :]:
        axis.axis("off")
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)


def summary_table(reports: dict[str, LanguageReport]) -> str:
    """Intents and language identification, one row per language."""
    lines = [
        "| language | intent examples | intent accuracy | macro-F1 | fallback | "
        + " | ".join(f"language ID, {source}" for source in SOURCES)
        + " | neutral | kept mid-conversation | parse p50 |",
        "|---|---|---|---|---|" + "---|" * len(SOURCES) + "---|---|---|",
    ]
    for r in reports.values():
        language_id = " | ".join(f"{r.language_accuracy(s):.1%} of {r.language_scored(s)}" for s in SOURCES)
        lines.append(
            f"| {r.language} | {len(r.gold)} | {r.accuracy:.1%} | {r.macro_f1:.3f} | {r.fallback_rate:.1%} "
            f"| {language_id} | {r.neutral} | {r.language_kept:.1%} of {r.kept[1]} "
            f"| {statistics.median(r.latencies_ms):.1f} ms |"
        )
    return "\n".join(lines)


def entity_table(reports: dict[str, LanguageReport]) -> str:
    """VIN and mileage precision / recall (expected), per language and per entity set."""
    header = " | ".join(f"{entity} P / R, {source}" for source in SOURCES for entity in ENTITY_TYPES)
    lines = [f"| language | {header} |", "|---|" + "---|" * (len(SOURCES) * len(ENTITY_TYPES))]
    for r in reports.values():
        cells = []
        for source in SOURCES:
            for entity in ENTITY_TYPES:
                precision, recall, expected = r.entity_score(entity, source)
                cells.append(f"{precision:.0%} / {recall:.0%} ({expected})")
        lines.append(f"| {r.language} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def romanized_table(reports: dict[str, LanguageReport]) -> str:
    """Intent accuracy and language ID on the languages' held-out messages typed in Latin letters."""
    lines = ["| language | examples | intent accuracy | language ID |", "|---|---|---|---|"]
    for r in reports.values():
        if r.romanized_gold:
            n = len(r.romanized_gold)
            hits = sum(g == p for g, p in zip(r.romanized_gold, r.romanized_predicted, strict=True))
            lines.append(f"| {r.language} | {n} | {hits / n:.1%} | {r.romanized_language_hits / n:.1%} |")
    return "\n".join(lines)


def targets_met(reports: dict[str, LanguageReport]) -> list[str]:
    """The targets missed, one line each (none when every target is met)."""
    missed = []
    for r in reports.values():
        figures = {
            "intent accuracy": r.accuracy,
            "language ID": r.language_accuracy(),
            "vin recall": r.entity_score("vin")[1],
            "mileage recall": r.entity_score("mileage")[1],
        }
        missed += [
            f"{r.language}: {name} {value:.1%} < {TARGETS[name]:.1%}"
            for name, value in figures.items()
            if value < TARGETS[name]
        ]
    return missed


def language_misses(reports: dict[str, LanguageReport]) -> str:
    lines = [
        f"- **{r.language}**: " + ", ".join(f"`{text}` ({wanted} → {got})" for text, wanted, got in r.language_misses)
        for r in reports.values()
        if r.language_misses
    ]
    return "\n".join(lines) or "none"


def mistakes(reports: dict[str, LanguageReport], limit: int = 12) -> str:
    parts = []
    for report in reports.values():
        pairs = Counter((g, p) for g, p in zip(report.gold, report.predicted, strict=True) if g != p)
        if pairs:
            common = ", ".join(f"{g} → {p} ×{n}" for (g, p), n in pairs.most_common(limit))
            parts.append(f"- **{report.language}**: {common}")
    return "\n".join(parts) or "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./supportbot eval", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=stack.VAR_DIR / "eval", help="where the report and PNG go")
    parser.add_argument("--model", type=Path, help="a trained model file (default: the active one)")
    args = parser.parse_args(argv)

    model = args.model.resolve() if args.model else stack.ensure_model()
    with tempfile.TemporaryDirectory(prefix="supportbot-eval-") as home:
        config = stack.StackConfig(
            ports=stack.Ports(gateway=0, rasa=stack.free_port(), actions=stack.free_port()),
            tracker_db=Path(home) / "tracker.db",
            log_dir=Path(home) / "log",
        )
        rasa = stack.start_rasa(config, model)
        try:
            stack.wait_rasa_model(config, timeout=240, process=rasa)
            reports = evaluate(Parser(f"http://127.0.0.1:{config.ports.rasa}", config.rasa_token), SUPPORTED_LANGUAGES)
        finally:
            stack.stop(rasa)

    args.out.mkdir(parents=True, exist_ok=True)
    confusion_png(reports, args.out / "confusion.png")
    tables = summary_table(reports) + "\n\n" + entity_table(reports) + "\n\n" + romanized_table(reports)
    scopes = {language: report.scope for language, report in reports.items()}
    missed = targets_met(reports) + scope_targets_missed(scopes)
    tables += "\n\n" + scope_table(scopes) + "\n\n" + script_table(scopes)
    verdict = "Every target is met." if not missed else "Targets missed:\n\n" + "\n".join(f"- {m}" for m in missed)
    report = "\n\n".join(
        [
            f"# NLU evaluation on held-out data\n\nModel `{model.name}`; held-out files in `tests/nlu_heldout/` "
            "(never trained on; scripts/heldout.py says who wrote what). Targets, in every language: intent "
            "accuracy ≥ 93%, language ID ≥ 99.5% (all rounds together, neutral messages aside), "
            "VIN recall 100%, mileage recall ≥ 95% (all entity sets together). Each later round was measured "
            "once blind before its misses were studied: see the README for those figures.",
            verdict,
            "## Intents and languages\n\n" + summary_table(reports),
            "## Entities: precision / recall (messages expecting one)\n\n" + entity_table(reports),
            "## Typed in Latin letters (held-out, not in the targets)\n\n" + romanized_table(reports),
            "## Is it ours? Out-of-scope recall, in-scope accuracy and false rejection, calibration\n\n"
            "Targets: out-of-scope recall ≥ 90% in every language (all sets together); in-scope accuracy "
            "on the first held-out set ≥ 93% in every language and ≥ 95% over all. The rounds' in-scope "
            "messages are borderline by design and reported without a target. ECE: expected calibration "
            "error of the classifier's confidence (0 is perfect).\n\n" + scope_table(scopes),
            "## Typed in another script than the language's usual one (rounds)\n\n" + script_table(scopes),
            "## Scope and intent misses (expected → answered)\n\n" + scope_misses(scopes),
            "## Most frequent confusions (expected → predicted)\n\n" + mistakes(reports),
            "## Language ID misses (written in → detected)\n\n" + language_misses(reports),
            "![confusion matrices](confusion.png)",
        ]
    )
    (args.out / "report.md").write_text(report + "\n", encoding="utf-8")
    print(tables)
    print("\n" + verdict)
    print(f"\nreport: {args.out / 'report.md'}, confusion matrices: {args.out / 'confusion.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
