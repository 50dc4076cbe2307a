"""BotContent on a copy of the repository's data: what an admin's edit writes, refuses and audits."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
import yaml

from tests.training.content_support import LANGUAGES, FakeAudit, copy_content
from training.answer_files import AnswerText, Button
from training.content import BotContent, Conflict, ExampleExists, NotFound
from training.edits import Stale
from training.validation import Invalid

pytestmark = pytest.mark.anyio


@pytest.fixture
def audit() -> FakeAudit:
    return FakeAudit()


@pytest.fixture
def content(tmp_path: Path, audit: FakeAudit) -> BotContent:
    return BotContent(copy_content(tmp_path / "repo"), LANGUAGES, audit, frozenset({"human_agent", "stop"}))


def _load(content: BotContent, name: str) -> object:
    return yaml.safe_load((content.training_dir / name).read_text(encoding="utf-8"))


def _answer(text: str = "We are open 9-18.", buttons: tuple[Button, ...] = ()) -> dict[str, AnswerText]:
    return {lang: AnswerText(f"{text} ({lang})", buttons) for lang in LANGUAGES}


async def test_an_added_example_is_written_under_its_intent_audited_and_listed(
    content: BotContent, audit: FakeAudit
) -> None:
    example = await content.add_example("greet", "ka", "გამარჯობა, ადმინო <script>", "aysel")

    assert example.file == "nlu_data/ka/nlu.yml" and example.text == "გამარჯობა, ადმინო <script>"
    assert example in content.examples("greet", "ka")
    assert audit.entries == [("aysel", "example.add", "greet/ka", None, example.text)]


async def test_entity_markup_is_kept_and_parsed(content: BotContent) -> None:
    example = await content.add_example("warranty_coverage", "en", "is [45000](mileage) km covered", "a")
    other = await content.add_example(
        "warranty_coverage", "en", 'my vin is [LGXCE4CB8N0123457]{"entity": "vin", "value": "X"}', "a"
    )
    assert example.plain == "is 45000 km covered"
    assert [(e.start, e.end, e.entity, e.value) for e in example.entities] == [(3, 8, "mileage", "45000")]
    assert other.entities[0].value == "X" and other.plain == "my vin is LGXCE4CB8N0123457"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("   ", "empty"),
        ("x" * 401, "at most 400"),
        ("two\nlines", "control character"),
        ("bell\x07", "control character"),
        ("[x](colour)", "unknown entity 'colour'"),
        ('[x]{"entity": }', "not valid JSON"),
        # forms Rasa reads too, and refuses at `rasa train`
        ("[x][{oops}]", "not valid JSON"),
        ('[x][{"entity": "colour"}]', "unknown entity 'colour'"),
        ('[x]{"entity": "vin", "role": 5}', "role must be a string"),
        ('[x]{"entity": "vin", "value": [1]}', "value must be a string or a number"),
        ("HELLO", "already an example of greet"),  # case-insensitive, another intent
    ],
)
async def test_a_bad_example_is_refused_with_the_reason_and_nothing_written(
    content: BotContent, text: str, reason: str
) -> None:
    before = content.snapshot().version
    with pytest.raises(Invalid, match=reason):
        await content.add_example("thank", "en", text, "a")
    assert content.snapshot().version == before


async def test_an_example_of_a_language_without_an_nlu_yml_starts_that_file(content: BotContent) -> None:
    # a checkout whose language keeps its examples in other files (chat.yml ...): the new one goes to nlu.yml
    (content.training_dir / "nlu_data" / "en" / "nlu.yml").unlink()
    example = await content.add_example("thank", "en", "cheers, mate", "a")
    assert example.file == "nlu_data/en/nlu.yml"
    written = _load(content, "nlu_data/en/nlu.yml")
    assert written == {"version": "3.1", "nlu": [{"intent": "thank", "examples": "- cheers, mate\n"}]}


async def test_an_example_already_under_the_intent_is_reported_as_such(content: BotContent) -> None:
    with pytest.raises(ExampleExists) as raised:
        await content.add_example("greet", "en", "  Hello  ", "a")
    assert raised.value.existing_intent == "greet" and isinstance(raised.value, ValueError)


async def test_the_last_example_of_a_language_cannot_go(content: BotContent) -> None:
    await content.create_intent("opening_hours", {lang: [f"open? {lang}"] for lang in LANGUAGES}, None, "a")
    only = content.examples("opening_hours", "kk")[0]
    with pytest.raises(Invalid, match="no examples in kk"):
        await content.delete_example(only.id, "a")
    second = await content.add_example("opening_hours", "kk", "when open", "a")
    assert (await content.delete_example(only.id, "a")).id == only.id
    assert content.examples("opening_hours", "kk") == [second]


async def test_an_example_is_edited_in_place_or_moved(content: BotContent) -> None:
    example = await content.add_example("thank", "ru", "спасибо админу", "a")
    edited = await content.edit_example(example.id, "a", text="спасибо большое админу")
    moved = await content.edit_example(edited.id, "a", intent="greet")
    assert moved.intent == "greet" and moved.text == "спасибо большое админу"
    assert [e.text for e in content.search("большое админу")] == ["спасибо большое админу"]
    with pytest.raises(NotFound):
        await content.delete_example(example.id, "a")


async def test_a_new_intent_with_its_answer_lands_in_domain_nlu_rules_and_every_answers_file(
    content: BotContent,
) -> None:
    info = await content.create_intent(
        "opening_hours",
        {lang: [f"when are you open ({lang})", "<b>hours</b>"] for lang in LANGUAGES},
        _answer(buttons=(Button("Person", "/human_agent"),)),
        "a",
    )
    domain = _load(content, "bot/domain.yml")
    assert info.answer == "utter_opening_hours" and info.examples == dict.fromkeys(LANGUAGES, 2)
    assert "opening_hours" in domain["intents"]  # type: ignore[index]
    assert domain["responses"]["utter_opening_hours"] == [{"custom": {"template": "utter_opening_hours"}}]  # type: ignore[index]
    rules = _load(content, "bot/data/rules.yml")["rules"]  # type: ignore[index]
    assert {
        "rule": "answer opening_hours",
        "steps": [{"intent": "opening_hours"}, {"action": "utter_opening_hours"}],
    } in rules
    for lang in LANGUAGES:
        assert content.answer("utter_opening_hours").texts[lang].text == f"We are open 9-18. ({lang})"


@pytest.mark.parametrize(
    ("name", "examples", "answer", "error", "reason"),
    [
        ("x", None, None, Invalid, "2-48 characters"),
        ("Opening", None, None, Invalid, "lowercase"),
        ("greet", None, None, Conflict, "already an intent greet"),
        ("hours", {"en": ["open?"]}, None, Invalid, "none in az"),
        ("hours", None, {"en": AnswerText("x")}, Invalid, "missing az"),
        ("hours", None, _answer(buttons=(Button("a", "/greet"),) * 4), Invalid, "4 buttons; at most 3"),
        ("hours", None, _answer(buttons=(Button("x" * 21, "/greet"),)), Invalid, "button title"),
        ("hours", None, _answer(buttons=(Button("x", "/nope"),)), Invalid, "known intent"),
        ("hours", None, _answer(buttons=(Button("x", "/greet{bad"),)), Invalid, "JSON object"),
        ("hours", None, _answer("x" * 4097), Invalid, "at most 4096"),
        ("hours", None, _answer("   ", ()) | {"en": AnswerText("  ")}, Invalid, "text is empty"),
    ],
)
async def test_a_bad_new_intent_is_refused_and_nothing_written(
    content: BotContent, name: str, examples: dict | None, answer: dict | None, error: type, reason: str
) -> None:
    before = content.snapshot().version
    examples = examples or {lang: [f"are you open today {lang}"] for lang in LANGUAGES}
    with pytest.raises(error, match=reason):
        await content.create_intent(name, examples, answer, "a")
    assert content.snapshot().version == before


async def test_a_rename_reaches_domain_nlu_rules_and_buttons(content: BotContent) -> None:
    await content.create_intent("opening_hours", {lang: ["open?"] for lang in LANGUAGES}, _answer(), "a")
    await content.put_answer("utter_thank", _answer(buttons=(Button("Hours", "/opening_hours"),)), "a")

    info = await content.rename_intent("opening_hours", "business_hours", "a")

    text = "\n".join(p.read_text() for p in content.training_dir.rglob("*.yml"))
    assert "opening_hours" not in text.replace("utter_opening_hours", "")
    assert info.answer == "utter_opening_hours" and "buttons of utter_thank" in info.used_by
    assert content.answer("utter_thank").texts["kk"].buttons == (Button("Hours", "/business_hours"),)


async def test_an_intent_written_with_its_options_is_renamed_and_deleted(content: BotContent) -> None:
    # `- name: {use_entities: ...}` is Rasa's other way to list an intent (a hand edit, a pull request)
    await content.create_intent("opening_hours", {lang: ["open?"] for lang in LANGUAGES}, _answer(), "a")
    domain = content.training_dir / "bot" / "domain.yml"
    text = domain.read_text(encoding="utf-8")
    domain.write_text(text.replace("  - opening_hours\n", "  - opening_hours:\n      use_entities: true\n"))

    await content.rename_intent("opening_hours", "business_hours", "a")
    intents = _load(content, "bot/domain.yml")["intents"]  # type: ignore[index]
    assert {"business_hours": {"use_entities": True}} in intents and "opening_hours" not in str(intents)

    await content.delete_intent("business_hours", "a")
    assert "business_hours" not in str(_load(content, "bot/domain.yml")["intents"])  # type: ignore[index]
    assert "business_hours" not in content.intent_names()


async def test_protected_used_and_taken_names_are_conflicts(content: BotContent) -> None:
    with pytest.raises(Conflict, match="named by the gateway"):
        await content.rename_intent("human_agent", "person", "a")
    with pytest.raises(Conflict, match="named by the gateway"):
        await content.delete_intent("stop", "a")
    with pytest.raises(Conflict, match="already an intent greet"):
        await content.rename_intent("goodbye", "greet", "a")
    with pytest.raises(Conflict, match="rule 'warranty_coverage starts coverage_form'"):
        await content.delete_intent("warranty_coverage", "a")


async def test_deleting_an_intent_removes_its_examples_rule_and_answer(content: BotContent, audit: FakeAudit) -> None:
    original = {p: p.read_bytes() for p in content.training_dir.rglob("*.yml")}
    await content.create_intent("opening_hours", {lang: ["open?"] for lang in LANGUAGES}, _answer(), "a")
    await content.delete_intent("opening_hours", "a")
    assert {p: p.read_bytes() for p in content.training_dir.rglob("*.yml")} == original
    assert [entry[1] for entry in audit.entries] == ["intent.create", "intent.delete"]


async def test_an_answer_is_replaced_in_every_language_keeping_the_file_s_style(content: BotContent) -> None:
    info = await content.put_answer("utter_goodbye", _answer("Bye <script>alert(1)</script>"), "a")
    assert info.texts["ne"].text == "Bye <script>alert(1)</script> (ne)" and info.kind == "bot"
    assert (
        "  utter_goodbye:\n    text: |-\n      Bye <script>"
        in (content.training_dir / "bot/responses/en.yml").read_text()
    )
    with pytest.raises(Invalid, match="missing az, kk"):
        await content.put_answer("utter_goodbye", {"en": AnswerText("x")}, "a")
    with pytest.raises(NotFound):
        await content.put_answer("utter_nothing", _answer(), "a")
    assert content.answer("utter_delay").kind == "notice"


async def test_if_match_refuses_a_write_on_changed_files(content: BotContent) -> None:
    version = content.snapshot().version
    await content.add_example("greet", "en", "hello admin one", "a")
    with pytest.raises(Stale):
        await content.add_example("greet", "en", "hello admin two", "a", if_match=version)
    assert await content.add_example("greet", "en", "hello admin two", "a", if_match=content.snapshot().version)


async def test_a_file_changed_on_disk_shows_on_the_next_read(content: BotContent) -> None:
    before = content.snapshot().version
    path = content.training_dir / "nlu_data/az/chat.yml"
    path.write_text(path.read_text() + "- intent: greet\n  examples: |\n    - salam git pull\n")
    assert content.snapshot().version != before
    assert "salam git pull" in [e.text for e in content.examples("greet", "az")]


async def test_concurrent_edits_of_one_file_from_threads_all_land(content: BotContent) -> None:
    def add(i: int) -> None:
        asyncio.run(content.add_example("thank", "en", f"thanks from thread {i}", "a"))

    threads = [threading.Thread(target=add, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    texts = [e.text for e in content.examples("thank", "en")]
    assert all(f"thanks from thread {i}" in texts for i in range(8))
