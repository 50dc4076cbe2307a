"""The Telegram settings group: what an operator configures for the Bot API.

It lives with the adapter so that adding or changing a Telegram setting touches this
package only; `api.settings.Settings` composes it as `settings.telegram`. The environment
variables keep their flat names (SUPPORTBOT_TELEGRAM_TOKEN, ...): README, deployments and
test fixtures set them. README, "Connecting Telegram", explains each.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from coordination.ratelimit import Limits


class TelegramSettings(BaseModel):
    """One bot; Telegram is off until its token is set."""

    token: str = Field(default="", description="the bot's token from @BotFather", repr=False)
    mode: str = Field(default="webhook", pattern="^(webhook|polling)$", description="webhook or polling")
    secret_token: str = Field(
        default="", description="checked on every webhook call (X-Telegram-Bot-Api-Secret-Token)", repr=False
    )
    api_url: str = "https://api.telegram.org"
    poll_timeout: int = Field(default=25, description="seconds one getUpdates call waits for news")
    rate_per_second: float = Field(default=30.0, description="messages per second for the whole bot")
    chat_rate_per_second: float = Field(default=1.0, description="sustained messages per second to one chat")
    chat_burst: int = Field(default=3, description="messages to one chat before the per-chat rate applies")

    @property
    def enabled(self) -> bool:
        """The token is all a bot needs to send; without it there is no bot to speak for."""
        return bool(self.token)

    def limits(self) -> Limits:
        """The sending budget the outbox waits for, so Telegram's flood control never answers 429."""
        return Limits(self.rate_per_second, self.chat_rate_per_second, self.chat_burst)
