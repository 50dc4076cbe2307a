"""An admin teaches the bot in the admin pages: a real browser, a real gateway, the real bot.

Debian's Chromium (Playwright) drives /admin on a gateway process whose content
directory is a copy of the repository's nlu_data/ and bot/ in tmp_path (never the
repository itself): what the pages write is read back from those files. Accounts are
made with the CLI, as an operator would. The train, activate and roll back cycle is in
its own test; this one is the pages themselves.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.conftest import Gateway
from tests.e2e.console_client import PASSWORD, create_agent
from tests.e2e.test_webchat_browser import browser, send  # noqa: F401 - the shared browser fixture

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2;alert(2)</script>'
EMPTIED = ("ka", "spare_parts")  # a hand edit left this intent without Georgian examples
SECTIONS = ("intents", "search", "answers", "try", "models", "unsure", "audit", "canned")


def copy_content(target: Path) -> Path:
    """The repository's training data and bot, copied; Georgian spare_parts examples removed as by hand."""
    shutil.copytree(ROOT / "nlu_data", target / "nlu_data")
    shutil.copytree(ROOT / "bot", target / "bot")
    language, intent = EMPTIED
    for path in (target / "nlu_data" / language).glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        block = re.compile(rf"^- intent: {intent}\n(?:(?!- intent:).*\n?)*", re.MULTILINE)
        path.write_text(block.sub("", text), encoding="utf-8")
    return target


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(tmp_path / "content")


@pytest.fixture
def admin_gateway(gateway_factory: object, content: Path, tmp_path: Path) -> Gateway:
    return gateway_factory(  # type: ignore[operator]
        SUPPORTBOT_CONTENT_DIR=str(content), SUPPORTBOT_MODELS_DIR=str(tmp_path / "models")
    )


def open_pages(browser: Browser, gateway: Gateway, username: str) -> Page:  # noqa: F811
    context = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{gateway.url}/admin")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


@pytest.fixture
def admin(browser: Browser, admin_gateway: Gateway) -> Iterator[Page]:  # noqa: F811
    create_agent(admin_gateway, "nino", "Nino", "ka,en", role="admin")
    page = open_pages(browser, admin_gateway, "nino")
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: _refuse(dialog, dialogs))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    expect(page.locator('[data-testid="admin-name"]')).to_have_text("Nino", timeout=10_000)
    yield page
    assert dialogs == [], f"a dialog opened: {dialogs}"
    assert errors == [], f"the page's scripts failed: {errors}"
    page.context.close()


def _refuse(dialog: Dialog, seen: list[str]) -> None:
    seen.append(dialog.message)
    dialog.dismiss()


def section(page: Page, name: str) -> None:
    page.locator(f'[data-testid="nav-{name}"]').click()
    expect(page.locator(f'[data-testid="section-{name}"]')).to_be_visible()


def open_intent(page: Page, intent: str) -> None:
    page.locator(f'[data-testid="coverage-row"][data-intent="{intent}"]').click()
    expect(page.locator('[data-testid="intent-detail"]')).to_have_attribute("data-intent", intent, timeout=10_000)


def cell(page: Page, intent: str, language: str) -> object:
    return page.locator(f'[data-testid="coverage-cell"][data-intent="{intent}"][data-language="{language}"]')


def test_an_agent_is_told_the_pages_are_for_admins_only(browser: Browser, admin_gateway: Gateway) -> None:  # noqa: F811
    create_agent(admin_gateway, "aysel", "Aysel", "az,en")
    page = open_pages(browser, admin_gateway, "aysel")
    expect(page.locator('[data-testid="admins-only"]')).to_be_visible(timeout=10_000)
    expect(page.locator('[data-testid="forbidden-user"]')).to_have_text("Aysel")
    expect(page.locator("#app")).to_be_hidden()
    # Not the page's doing only: the API refuses the agent's session too.
    assert page.request.get(f"{admin_gateway.url}/api/admin/intents").status == 403
    page.locator('[data-testid="forbidden-logout"]').click()
    expect(page.locator("#login")).to_be_visible()
    page.context.close()


def test_the_coverage_grid_shows_every_intent_and_language_with_empty_cells_highlighted(admin: Page) -> None:
    rows = admin.locator('[data-testid="coverage-row"]')
    expect(rows.first).to_be_visible(timeout=10_000)
    assert rows.count() >= 20
    header = admin.locator('[data-testid="coverage"] thead th')
    expect(header).to_contain_text(["Intent", "az", "kk", "ka", "ne", "ru", "en"])
    language, intent = EMPTIED
    expect(cell(admin, intent, language)).to_have_attribute("data-empty", "true")
    expect(cell(admin, intent, language)).to_have_text("0")
    expect(cell(admin, intent, "en")).not_to_have_attribute("data-empty", "true")
    background = cell(admin, intent, language).evaluate("node => getComputedStyle(node).backgroundColor")
    assert background != cell(admin, intent, "en").evaluate("node => getComputedStyle(node).backgroundColor")


def test_an_admin_adds_a_georgian_example_and_it_is_written_to_the_georgian_file(admin: Page, content: Path) -> None:
    before = int(cell(admin, "warranty_coverage", "ka").get_attribute("data-count", timeout=10_000) or 0)
    open_intent(admin, "warranty_coverage")
    column = admin.locator('[data-testid="examples-ka"]')
    expect(column.locator('[data-testid="example"]')).to_have_count(before)

    text = "რამდენი წელია გარანტია ახალ მანქანაზე?"
    admin.locator('[data-testid="add-example-ka"]').fill(text)
    admin.locator('[data-testid="add-example-ka-submit"]').click()

    expect(column.locator('[data-testid="example-text"]', has_text=text)).to_have_count(1, timeout=10_000)
    expect(cell(admin, "warranty_coverage", "ka")).to_have_attribute("data-count", str(before + 1))
    georgian = (content / "nlu_data" / "ka" / "nlu.yml").read_text(encoding="utf-8")
    block = georgian.split("- intent: warranty_coverage\n", 1)[1].split("- intent:", 1)[0]
    assert f"    - {text}\n" in block
    assert text not in (ROOT / "nlu_data" / "ka" / "nlu.yml").read_text(encoding="utf-8")


def test_an_admin_edits_an_answer_in_one_language_and_the_file_changes_there_only(admin: Page, content: Path) -> None:
    others = {path.name: path.read_text(encoding="utf-8") for path in (content / "bot" / "responses").glob("*.yml")}
    section(admin, "answers")
    admin.locator('[data-testid="answer-item"][data-answer="utter_goodbye"]').click()
    english = admin.locator('[data-testid="answer-text-en"]')
    expect(english).to_have_value(re.compile("drive safely"), timeout=10_000)
    expect(admin.locator('[data-testid="answer-text-ka"]')).not_to_have_value("")

    english.fill("Goodbye! Drive safely; we are here whenever you need us.")
    admin.locator('[data-testid="answer-save"]').click()
    expect(admin.locator('[data-testid="toast"]')).to_contain_text("utter_goodbye saved", timeout=10_000)

    written = (content / "bot" / "responses" / "en.yml").read_text(encoding="utf-8")
    assert "Goodbye! Drive safely; we are here whenever you need us." in written
    for name, text in others.items():
        if name != "en.yml":
            assert (content / "bot" / "responses" / name).read_text(encoding="utf-8") == text, name

    admin.reload()  # what the files say now, not what the page remembers
    section(admin, "answers")
    admin.locator('[data-testid="answer-item"][data-answer="utter_goodbye"]').click()
    expect(admin.locator('[data-testid="answer-text-en"]')).to_have_value(
        "Goodbye! Drive safely; we are here whenever you need us.", timeout=10_000
    )


def test_try_it_shows_the_language_and_the_intent_ranking(admin: Page) -> None:
    section(admin, "try")
    admin.locator('[data-testid="try-input"]').fill("Здравствуйте! Сколько лет гарантия на машину?")
    admin.locator('[data-testid="try-submit"]').click()
    expect(admin.locator('[data-testid="try-language-result"]')).to_contain_text("ru", timeout=20_000)
    expect(admin.locator('[data-testid="try-intent"]')).to_have_text("warranty_coverage")
    ranking = admin.locator('[data-testid="try-rank"]')
    expect(ranking.first).to_have_attribute("data-intent", "warranty_coverage")
    assert ranking.count() >= 3


def test_script_tags_in_an_example_and_a_customers_message_are_shown_as_text(
    admin: Page,
    admin_gateway: Gateway,
    browser: Browser,  # noqa: F811
) -> None:
    # An example typed with markup in it is stored as typed and shown as text.
    open_intent(admin, "complaint")
    admin.locator('[data-testid="add-example-en"]').fill(f"your service is bad {HOSTILE}")
    admin.locator('[data-testid="add-example-en-submit"]').click()
    column = admin.locator('[data-testid="examples-en"]')
    expect(column.locator('[data-testid="example-text"]', has_text=HOSTILE)).to_have_count(1, timeout=10_000)

    # A customer's message the bot did not understand, in the unsure inbox.
    customer = browser.new_page()
    customer.goto(f"{admin_gateway.url}/chat")
    expect(customer.locator(".sb-status")).to_have_text("online", timeout=15_000)
    send(customer, HOSTILE)
    expect(customer.locator('.sb-msg[data-sender="bot"], .sb-msg[data-sender="system"]').last).to_be_visible(
        timeout=20_000
    )
    customer.close()
    section(admin, "unsure")
    row = admin.locator('[data-testid="unsure-row"]', has_text=HOSTILE)
    expect(row).to_have_count(1, timeout=10_000)
    expect(row.locator('[data-testid="unsure-text"]')).to_have_text(HOSTILE)

    assert admin.evaluate("window.__xss") is None
    assert admin.locator('.pane img[src="x"], .pane script').count() == 0
    assert admin.dialogs == []  # type: ignore[attr-defined]


def test_every_section_opens_without_an_error_and_is_photographed(
    admin: Page,
    admin_gateway: Gateway,
    browser: Browser,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Screenshots for the README: SUPPORTBOT_SCREENSHOTS=docs/images keeps them there (admin-<section>.png)."""
    keep = os.environ.get("SUPPORTBOT_SCREENSHOTS")
    target = Path(keep) if keep else tmp_path / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    chat(browser, admin_gateway, CUSTOMERS)  # something for the unsure inbox
    open_intent(admin, "warranty_coverage")  # and for the audit log
    admin.locator('[data-testid="add-example-ka"]').fill("გარანტია ძრავზე რამდენ კილომეტრს მოიცავს?")
    admin.locator('[data-testid="add-example-ka-submit"]').click()
    expect(admin.locator('[data-testid="toast"]')).to_contain_text("Example added", timeout=10_000)
    expect(admin.locator('[data-testid="toast"]')).to_be_hidden(timeout=10_000)
    admin.locator('[data-testid="intent-close"]').click()
    for name in SECTIONS:
        section(admin, name)
        PREPARE[name](admin)
        expect(admin.locator('[data-testid="error"]')).to_be_hidden()
        admin.screenshot(path=str(target / f"admin-{name}.png"))
    section(admin, "intents")
    open_intent(admin, "warranty_coverage")
    admin.locator(".pane").evaluate("node => node.scrollTo(0, 0)")
    admin.screenshot(path=str(target / "admin-examples.png"))
    shots = sorted(p.name for p in target.glob("admin-*.png"))
    assert shots == sorted(f"admin-{n}.png" for n in (*SECTIONS, "examples"))


# Messages the shipped model is unsure about (fallback or under 0.6), each from a new customer.
CUSTOMERS = (
    "Mənə pişik lazımdır",
    "ჩემი ძაღლი ავად არის",
    "машина иногда странно себя ведёт",
    "მანქანა უცნაურად იქცევა",
    "maşın bir az qəribədir",
    "is it though",
)


def chat(browser: Browser, gateway: Gateway, texts: tuple[str, ...]) -> None:  # noqa: F811
    """Each text from a customer of its own (a fresh browser context), waiting for the bot's answer."""
    for text in texts:
        page = browser.new_page()
        page.goto(f"{gateway.url}/chat")
        expect(page.locator(".sb-status")).to_have_text("online", timeout=15_000)
        send(page, text)
        expect(page.locator('.sb-msg[data-sender="bot"], .sb-msg[data-sender="system"]').first).to_be_visible(
            timeout=30_000
        )
        page.context.close()


def _intents(page: Page) -> None:
    language, intent = EMPTIED
    expect(cell(page, intent, language)).to_have_attribute("data-empty", "true", timeout=10_000)


def _search(page: Page) -> None:
    page.locator('[data-testid="search-input"]').fill("garant")
    page.locator('[data-testid="search-input"]').press("Enter")
    expect(page.locator('[data-testid="search-row"]').first).to_be_visible(timeout=10_000)


def _answers(page: Page) -> None:
    page.locator('[data-testid="answer-item"][data-answer="utter_greet"]').click()
    expect(page.locator('[data-testid="answer-text-en"]')).not_to_have_value("", timeout=10_000)


def _try(page: Page) -> None:
    page.locator('[data-testid="try-input"]').fill("Salam, zəmanət neçə ildir?")
    page.locator('[data-testid="try-submit"]').click()
    expect(page.locator('[data-testid="try-rank"]').first).to_be_visible(timeout=20_000)


def _models(page: Page) -> None:
    expect(page.locator('[data-testid="model-row"]').first).to_be_visible(timeout=10_000)
    expect(page.locator('[data-testid="training-log"]')).not_to_be_empty()


def _unsure(page: Page) -> None:
    expect(page.locator('[data-testid="unsure-row"]').first).to_be_visible(timeout=10_000)


def _audit(page: Page) -> None:
    expect(page.locator('[data-testid="audit-row"][data-action="example.add"]').first).to_be_visible(timeout=10_000)


def _canned(page: Page) -> None:
    expect(page.locator('[data-testid="canned-row"]').first).to_be_visible(timeout=10_000)


PREPARE = {
    "intents": _intents,
    "search": _search,
    "answers": _answers,
    "try": _try,
    "models": _models,
    "unsure": _unsure,
    "audit": _audit,
    "canned": _canned,
}
