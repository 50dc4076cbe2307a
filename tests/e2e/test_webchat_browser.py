"""The web chat page in a real browser (Debian's Chromium, driven by Playwright).

A customer types, sees the bot's answer and its buttons, presses one, reloads and finds
the conversation again; hostile text stays text; the widget speaks the customer's language.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from api.settings import SUPPORTED_LANGUAGES, Settings
from conversations.answers import AnswerCatalogue
from tests.conftest import Gateway

pytestmark = pytest.mark.e2e

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("SUPPORTBOT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        message = f"no Chromium at {executable}: ./supportbot test installs Debian's chromium when run as root"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def labels() -> dict[str, dict[str, str]]:
    return AnswerCatalogue.load(Settings().responses_dir, SUPPORTED_LANGUAGES, "en").widget_labels()


@pytest.fixture
def page(browser: Browser, gateway: Gateway) -> Iterator[Page]:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{gateway.url}/chat")
    expect(page.locator(".sb-status")).to_have_text("online", timeout=15_000)
    yield page
    context.close()


def send(page: Page, text: str) -> None:
    page.locator(".sb-form textarea").fill(text)
    page.keyboard.press("Enter")


def test_a_customer_chats_presses_a_button_and_finds_the_history_after_a_reload(page: Page, gateway: Gateway) -> None:
    send(page, "Hello!")
    greeting = page.locator('.sb-msg[data-sender="bot"]').first
    expect(greeting).to_contain_text("after-sales assistant", timeout=20_000)
    buttons = page.locator(".sb-buttons button")
    expect(buttons).to_have_text(["Warranty", "Maintenance", "Talk to a person"])

    buttons.first.click()  # the coverage check: which vehicle, how many km
    bot = page.locator('.sb-msg[data-sender="bot"]')
    expect(bot.nth(1)).to_contain_text("what is still covered on your vehicle", timeout=20_000)
    send(page, "LVVDB21B5RD123456")
    expect(bot.nth(2)).to_contain_text("odometer", timeout=20_000)
    send(page, "45000")
    expect(bot.nth(3)).to_contain_text("Warranty of your Chery Tiggo 7", timeout=20_000)
    page.screenshot(path=str(gateway.database.parent / "webchat.png"))

    page.reload()
    expect(page.locator(".sb-status")).to_have_text("online", timeout=15_000)
    expect(page.locator(".sb-msg")).to_have_count(8, timeout=10_000)
    expect(page.locator(".sb-msg.sb-in")).to_have_text(["Hello!", "Warranty", "LVVDB21B5RD123456", "45000"])


def test_hostile_text_is_shown_as_text_and_never_runs(page: Page) -> None:
    hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold?</b>'
    send(page, hostile)

    mine = page.locator(".sb-msg.sb-in").first
    expect(mine).to_have_text(hostile, timeout=10_000)
    expect(page.locator('.sb-msg[data-sender="bot"]').first).to_be_visible(timeout=20_000)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".sb-log img, .sb-log script, .sb-log b").count() == 0


def test_the_widget_speaks_the_browsers_language_then_the_one_the_bot_answers_in(
    browser: Browser, gateway: Gateway, labels: dict[str, dict[str, str]]
) -> None:
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    page.goto(f"{gateway.url}/chat")
    russian, kazakh = labels["ru"], labels["kk"]
    expect(page.locator(".sb-status")).to_have_text(russian["online"], timeout=15_000)
    expect(page.locator(".sb-head span").first).to_have_text(russian["title"])
    expect(page.locator(".sb-form button")).to_have_text(russian["send"])
    assert page.locator(".sb-form textarea").get_attribute("placeholder") == russian["placeholder"]
    assert page.title() == russian["title"]

    send(page, "Сәлеметсіз бе! Көлігім жолда оталмай қалды, не істеймін?")

    expect(page.locator('.sb-msg[data-sender="bot"]').first).to_be_visible(timeout=20_000)
    expect(page.locator(".sb-form button")).to_have_text(kazakh["send"])
    expect(page.locator(".sb-status")).to_have_text(kazakh["online"])
    assert page.evaluate("document.documentElement.lang") == "kk"
    context.close()


def test_messages_refused_for_their_address_are_sent_again_when_the_gateway_says(
    browser: Browser, gateway_factory: object
) -> None:
    # An address may send 2 messages at once, then one every 2 s: of 4 typed quickly, 2 are refused.
    limited = gateway_factory(SUPPORTBOT_IP_FLOOD_BURST="2", SUPPORTBOT_IP_FLOOD_RATE="0.5")  # type: ignore[operator]
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{limited.url}/chat")
    expect(page.locator(".sb-status")).to_have_text("online", timeout=15_000)
    texts = ["Hello!", "Is my warranty valid?", "When is my next service?", "Thank you"]
    for text in texts:
        send(page, text)

    refusals = page.locator(".sb-system", has_text="Too many messages")
    expect(refusals.first).to_be_visible(timeout=10_000)
    expect(page.locator(".sb-unsent")).to_have_count(0, timeout=30_000)  # all acknowledged in the end
    expect(refusals).to_have_count(1)  # one notice for the burst, not one per refused message
    context.close()

    with sqlite3.connect(limited.database) as db:
        stored = [row[0] for row in db.execute("SELECT text FROM messages WHERE direction = 'in' ORDER BY id")]
    assert sorted(stored) == sorted(texts)  # each once
