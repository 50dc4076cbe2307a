"""A technician takes over a web chat in the agent console: two real browsers, the real bot.

The customer's chat page and the agent's console run in Debian's Chromium (Playwright);
the gateway is a real process and the bot a real `rasa run`. The agent account is made
with the CLI, as an admin would.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import Gateway
from tests.e2e.console_client import PASSWORD, create_agent
from tests.e2e.database import rows
from tests.e2e.test_webchat_browser import browser, send  # noqa: F401 - the shared browser fixture

pytestmark = pytest.mark.e2e


@pytest.fixture
def customer(browser: Browser, gateway: Gateway) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.goto(f"{gateway.url}/chat")
    expect(page.locator(".sb-status")).to_have_text("online", timeout=15_000)
    yield page
    context.close()


@pytest.fixture
def agent(browser: Browser, gateway: Gateway) -> Iterator[Page]:  # noqa: F811
    create_agent(gateway, "aysel", "Aysel", "en,ru,az")
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{gateway.url}/console")
    page.locator("#username").fill("aysel")
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator('[data-testid="agent-name"]')).to_have_text("Aysel", timeout=10_000)
    expect(page.locator('[data-testid="ws-status"]')).to_have_attribute("data-state", "live", timeout=10_000)
    yield page
    context.close()


def bot_messages(page: Page) -> object:
    return page.locator('.sb-msg[data-sender="bot"], .sb-msg[data-sender="system"], .sb-msg[data-sender="agent"]')


def test_an_agent_takes_over_replies_hands_back_and_the_rating_is_stored(
    customer: Page, agent: Page, gateway: Gateway
) -> None:
    # The customer asks for a person: the bot says so, the gateway says how long.
    send(customer, "I want to talk to a person")
    expect(customer.locator('.sb-msg[data-sender="system"]').last).to_contain_text("technician", timeout=20_000)

    # It appears in the console's queue, live; the agent claims it.
    item = agent.locator('[data-testid="queue-item"]')
    expect(item).to_have_count(1, timeout=10_000)
    expect(item).to_contain_text("asked for a person")
    item.click()
    agent.locator('[data-testid="claim"]').click()
    expect(agent.locator('[data-testid="mine-item"]')).to_have_count(1, timeout=10_000)
    expect(customer.locator('.sb-msg[data-sender="system"]').last).to_contain_text("Aysel", timeout=10_000)

    # The agent replies; the customer's chat shows it.
    agent.locator('[data-testid="reply-input"]').fill("Hello, I'm Aysel. Which car is it?")
    agent.locator('[data-testid="send"]').click()
    expect(customer.locator('.sb-msg[data-sender="agent"]').last).to_have_text(
        "Hello, I'm Aysel. Which car is it?", timeout=10_000
    )

    # Hostile customer text is text in the console; an internal note never reaches the customer.
    hostile = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
    send(customer, hostile)
    customer_lines = agent.locator('[data-testid="message"][data-sender="customer"]')
    expect(customer_lines.last).to_contain_text(hostile, timeout=10_000)
    assert agent.evaluate("window.__xss") is None
    assert agent.locator('[data-testid="transcript"] img[src="x"], [data-testid="transcript"] script').count() == 0
    agent.locator('[data-testid="note-toggle"]').click()
    agent.locator('[data-testid="reply-input"]').fill("Customer sounds worried; check the recall list.")
    agent.locator('[data-testid="send"]').click()
    expect(agent.locator('[data-testid="message"][data-internal="true"]')).to_have_count(1, timeout=10_000)
    agent.screenshot(path=str(gateway.database.parent / "console.png"))
    assert customer.locator(".sb-msg", has_text="recall list").count() == 0

    # Back to the bot: the next message is the bot's again.
    agent.locator('[data-testid="handback"]').click()
    expect(agent.locator('[data-testid="mine-item"]')).to_have_count(0, timeout=10_000)
    send(customer, "Hello!")
    expect(customer.locator('.sb-msg[data-sender="bot"]').last).to_contain_text("after-sales assistant", timeout=20_000)

    # Once more to a person, then closed: the customer rates the help.
    send(customer, "I need to speak with a human please")
    expect(agent.locator('[data-testid="queue-item"]')).to_have_count(1, timeout=20_000)
    agent.locator('[data-testid="queue-item"]').click()
    agent.locator('[data-testid="claim"]').click()
    expect(agent.locator('[data-testid="close"]')).to_be_visible(timeout=10_000)
    agent.locator('[data-testid="close"]').click()
    agent.locator('[data-testid="close-confirm"]').click()
    rating = customer.locator(".sb-buttons button", has_text="5")
    expect(rating.last).to_be_visible(timeout=10_000)
    rating.last.click()
    expect(customer.locator('.sb-msg[data-sender="system"]').last).to_contain_text("rating", timeout=20_000)

    assert rows(gateway, "SELECT state, csat_score FROM conversations") == [("closed", 5)]
    states = rows(gateway, "SELECT from_state, to_state FROM conversation_events ORDER BY id")
    assert states == [
        ("bot", "waiting_for_agent"),
        ("waiting_for_agent", "agent"),
        ("agent", "bot"),
        ("bot", "waiting_for_agent"),
        ("waiting_for_agent", "agent"),
        ("agent", "closed"),
    ]


def test_a_technician_approves_a_safety_claim_in_the_console_and_the_customer_is_told(
    customer: Page, agent: Page, gateway: Gateway
) -> None:
    # A safety-critical defect: the bot opens the claim and hands the conversation over.
    send(customer, "I want to file a warranty claim, VIN LVVDB21B5RD123456, 45000 km")
    expect(bot_messages(customer).last).to_contain_text("What is wrong", timeout=20_000)
    send(customer, "the brake pedal sinks to the floor <script>window.__xss=3</script>")
    expect(bot_messages(customer).last).to_contain_text("technician", timeout=20_000)
    [(reference,)] = rows(gateway, "SELECT reference FROM claims")

    item = agent.locator('[data-testid="queue-item"]')
    expect(item).to_contain_text(str(reference), timeout=10_000)  # the hand-off reason names the claim
    item.click()
    expect(agent.locator('[data-testid="claims-item"]')).to_contain_text(str(reference), timeout=10_000)
    claim = agent.locator(f'[data-claim="{reference}"]')
    expect(claim).to_contain_text("safety-critical", timeout=10_000)
    expect(claim.locator('[data-testid="claim-stage"]')).to_have_text("Submitted")
    expect(claim).to_contain_text("<script>window.__xss=3</script>")  # the customer's words, as text
    assert agent.evaluate("window.__xss") is None

    claim.locator('[data-testid="claim-note"]').fill("Please do not drive; we tow it tomorrow.")
    claim.locator('[data-testid="claim-move-approved"]').click()
    expect(agent.locator(f'[data-claim="{reference}"] [data-testid="claim-stage"]')).to_have_text(
        "Approved", timeout=10_000
    )
    told = customer.locator('.sb-msg[data-sender="system"]').last
    expect(told).to_contain_text(str(reference), timeout=15_000)
    expect(told).to_contain_text("Please do not drive; we tow it tomorrow.")
    agent.screenshot(path=str(gateway.database.parent / "console-claims.png"))
