"""Where intents are used outside the NLU data: bot/domain.yml and the rules, stories and forms
under bot/data/.

Rasa refuses to train when a rule names an intent the domain lacks, so an intent that
a rule, story or form uses cannot be deleted, and renaming one renames every use. The
walk is generic: any `intent:` or `not_intent:` value (a name or a list of names) inside
rules, stories and the domain's slots and forms counts.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from training.yaml_files import Document, appended, removed

INTENT_KEYS = ("intent", "not_intent")
DIALOGUE_SECTIONS = ("rules", "stories")


def answer_rule_name(intent: str) -> str:
    return f"answer {intent}"


def mentions(node: Any, intent: str) -> bool:
    """Whether `intent` appears as an `intent:`/`not_intent:` value anywhere under `node`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in INTENT_KEYS and (value == intent or (isinstance(value, list) and intent in value)):
                return True
            if mentions(value, intent):
                return True
    elif isinstance(node, list):
        return any(mentions(item, intent) for item in node)
    return False


def dialogue_items(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """(section, item) for every rule and story of one bot/data file."""
    found = []
    for section in DIALOGUE_SECTIONS:
        for item in (data or {}).get(section) or [] if isinstance(data, dict) else []:
            if isinstance(item, dict):
                found.append((section, item))
    return found


def item_name(section: str, item: dict[str, Any]) -> str:
    return str(item.get("rule" if section == "rules" else "story", "?"))


def answer_of(items: list[tuple[str, dict[str, Any]]], intent: str) -> str | None:
    """The response a rule sends straight after the intent alone: `intent: x` then `action: utter_*`."""
    for section, item in items:
        steps = item.get("steps") or []
        if section == "rules" and len(steps) == 2 and steps[0] == {"intent": intent}:
            action = steps[1].get("action") if isinstance(steps[1], dict) else None
            if isinstance(action, str) and action.startswith("utter_"):
                return action
    return None


def rename_mentions(node: Any, old: str, new: str) -> bool:
    """Rename `old` in every `intent:`/`not_intent:` value under a round-trip node."""
    changed = False
    if isinstance(node, CommentedMap):
        for key in list(node):
            value = node[key]
            if key in INTENT_KEYS and value == old:
                node[key] = new
                changed = True
            elif key in INTENT_KEYS and isinstance(value, CommentedSeq) and old in value:
                value[value.index(old)] = new
                changed = True
            else:
                changed = rename_mentions(value, old, new) or changed
    elif isinstance(node, CommentedSeq):
        for item in node:
            changed = rename_mentions(item, old, new) or changed
    return changed


def rename_answer_rule(document: Document, old: str, new: str) -> bool:
    for item in document.data.get("rules") or []:
        if isinstance(item, CommentedMap) and item.get("rule") == answer_rule_name(old):
            item["rule"] = answer_rule_name(new)
            return True
    return False


def add_answer_rule(document: Document, intent: str, response: str) -> None:
    rules = document.data.get("rules")
    if rules is None:
        document.data["rules"] = rules = CommentedSeq()
    steps = CommentedSeq([CommentedMap([("intent", intent)]), CommentedMap([("action", response)])])
    appended(rules, None, CommentedMap([("rule", answer_rule_name(intent)), ("steps", steps)]))


def remove_answer_rule(document: Document, intent: str) -> str | None:
    """Remove rule "answer <intent>"; the response it sent, if it was one."""
    rules = document.data.get("rules") or []
    for index, item in enumerate(rules):
        if isinstance(item, CommentedMap) and item.get("rule") == answer_rule_name(intent):
            steps = item.get("steps") or []
            action = steps[-1].get("action") if steps and isinstance(steps[-1], dict) else None
            removed(rules, index)
            return action if isinstance(action, str) else None
    return None


# -- the domain -------------------------------------------------------------------------------


def add_intent(domain: Document, intent: str) -> None:
    appended(domain.data["intents"], None, intent)


def _intent_index(intents: list[Any], intent: str) -> int | None:
    """Where the domain lists `intent`: `- name`, or `- name: {use_entities: ...}` (Rasa's other form)."""
    for index, item in enumerate(intents):
        if item == intent or (isinstance(item, dict) and len(item) == 1 and intent in item):
            return index
    return None


def remove_intent(domain: Document, intent: str) -> None:
    intents = domain.data["intents"]
    index = _intent_index(intents, intent)
    if index is not None:
        removed(intents, index)


def rename_intent(domain: Document, old: str, new: str) -> None:
    intents = domain.data["intents"]
    index = _intent_index(intents, old)
    assert index is not None  # the snapshot lists it (training.content checks)
    item = intents[index]
    if isinstance(item, CommentedMap):
        item.insert(0, new, item.pop(old))  # its options stay
    else:
        intents[index] = new
    for section in ("slots", "forms"):
        rename_mentions(domain.data.get(section), old, new)


def add_response(domain: Document, name: str) -> None:
    """Declared the way every domain response is: a custom payload naming the template (the gateway renders it)."""
    template = CommentedMap([("custom", CommentedMap([("template", name)]))])
    appended(domain.data["responses"], name, CommentedSeq([template]))


def remove_response(domain: Document, name: str) -> None:
    responses = domain.data.get("responses") or {}
    if name in responses:
        removed(responses, name)
