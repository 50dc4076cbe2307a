"""The WhatsApp settings group: what an operator configures for the Cloud API.

It lives with the adapter so that adding or changing a WhatsApp setting touches this
package only; `api.settings.Settings` composes it as `settings.whatsapp`. The environment
variables keep their flat names (SUPPORTBOT_WHATSAPP_APP_SECRET, ...): README,
deployments and test fixtures set them. README, "Connecting WhatsApp", explains each.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from coordination.ratelimit import Limits


class WhatsAppSettings(BaseModel):
    """One business number on the Cloud API; WhatsApp is off until the three credentials are set."""

    app_secret: str = Field(default="", description="Meta app secret: checks X-Hub-Signature-256", repr=False)
    verify_token: str = Field(default="", description="your choice; Meta sends it back when subscribing", repr=False)
    access_token: str = Field(default="", description="system-user access token for the Graph API", repr=False)
    phone_number_id: str = Field(default="", description="the business number's id in the Graph API")
    api_url: str = "https://graph.facebook.com"
    api_version: str = "v23.0"
    template_name: str = Field(
        default="support_reply", description="approved template with one body variable, used outside the 24 h window"
    )
    template_languages: dict[str, str] = Field(
        default={"az": "az", "kk": "kk", "ka": "ka", "ne": "ne", "ru": "ru", "en": "en"},
        description="our language -> the template's language code at Meta (JSON)",
    )
    rate_per_second: float = Field(default=80.0, description="messages per second for the whole number")
    chat_rate_per_second: float = Field(
        default=1 / 6, description="sustained messages per second to one user (Meta's pair limit: one per 6 s)"
    )
    chat_burst: int = Field(default=10, description="messages to one user before the per-user rate applies")

    @property
    def enabled(self) -> bool:
        """All three are needed to both verify webhooks and answer; with any missing the channel stays off."""
        return bool(self.app_secret and self.access_token and self.phone_number_id)

    def limits(self) -> Limits:
        """The sending budget the outbox waits for, so Meta never answers 429 or lowers our quality rating."""
        return Limits(self.rate_per_second, self.chat_rate_per_second, self.chat_burst)
