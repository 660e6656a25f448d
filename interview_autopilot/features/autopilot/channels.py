"""The channels the autopilot sends through: email over SMTP (STARTTLS and login when
configured) and Slack through an incoming webhook (the Slack SDK's WebhookClient) or a bot
token (the SDK's WebClient, chat.postMessage to one channel).

A channel either sends or raises ChannelError saying why and whether trying again may help
(a refusal for good, 5xx on SMTP or 4xx on the webhook, is not retried).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient

from ...core.messages import Outgoing
from ...core.settings import Settings


class ChannelError(Exception):
    def __init__(self, reason: str, retry: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True)
class SmtpChannel:
    host: str
    port: int
    sender: str
    user: str = ""
    password: str = ""
    starttls: bool = True
    timeout: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpChannel | None:
        """The SMTP channel the settings describe, or None when SMTP_HOST is empty."""
        if not settings["SMTP_HOST"]:
            return None
        return cls(
            settings["SMTP_HOST"],
            int(settings.number("SMTP_PORT")),
            settings["SMTP_FROM"],
            settings["SMTP_USER"],
            settings["SMTP_PASSWORD"],
            settings.flag("SMTP_STARTTLS"),
            settings.number("SMTP_TIMEOUT_SECONDS"),
        )

    def compose(self, message: Outgoing) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(domain="interview-autopilot")
        email.set_content(message.body)
        if message.ics is not None:
            email.add_attachment(
                message.ics,
                maintype="text",
                subtype="calendar",
                filename="invite.ics",
                params={"method": message.ics_method or "REQUEST"},
            )
        return email

    def send(self, message: Outgoing) -> None:
        email = self.compose(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.ehlo()
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                    smtp.ehlo()
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise ChannelError(
                f"the SMTP server refused the recipient ({codes})",
                retry=all(c < 500 for c in codes),
            ) from None
        except smtplib.SMTPResponseException as exc:
            raise ChannelError(
                f"the SMTP server answered {exc.smtp_code}: {_text(exc.smtp_error)}",
                retry=exc.smtp_code < 500,
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise ChannelError("the SMTP server offers no STARTTLS (SMTP_STARTTLS)") from None
        except (OSError, smtplib.SMTPException) as exc:  # refused, timed out, TLS, cut off
            raise ChannelError(f"the SMTP server could not be reached: {exc}") from None


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class SlackChannel:
    url: str
    timeout: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackChannel | None:
        url = settings["SLACK_WEBHOOK_URL"]
        return cls(url, int(settings.number("SMTP_TIMEOUT_SECONDS"))) if url else None

    def send(self, message: Outgoing) -> None:
        client = WebhookClient(self.url, timeout=self.timeout)
        try:
            response = client.send(text=f"*{message.subject}*\n{message.body}")
        except (TimeoutError, OSError) as exc:
            raise ChannelError(f"the Slack webhook could not be reached: {exc}") from None
        if response.status_code != 200:
            raise ChannelError(
                f"the Slack webhook answered {response.status_code}: {response.body[:200]}",
                retry=response.status_code >= 500 or response.status_code == 429,
            )


# Web API errors that trying again cannot fix (a token, a channel or a scope to set right).
_FOR_GOOD = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "missing_scope",
        "msg_too_long",
    }
)


@dataclass(frozen=True)
class SlackBotChannel:
    token: str
    channel: str
    api_url: str = "https://slack.com/api/"
    timeout: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> SlackBotChannel | None:
        token = settings["SLACK_BOT_TOKEN"]
        if not token:
            return None
        return cls(
            token,
            settings["SLACK_CHANNEL"],
            settings["SLACK_API_URL"],
            int(settings.number("SMTP_TIMEOUT_SECONDS")),
        )

    def send(self, message: Outgoing) -> None:
        if not self.channel:
            raise ChannelError("SLACK_CHANNEL is not set (the bot token needs it)", retry=False)
        base = self.api_url if self.api_url.endswith("/") else self.api_url + "/"
        client = WebClient(token=self.token, base_url=base, timeout=self.timeout)
        try:
            client.chat_postMessage(
                channel=self.channel, text=f"*{message.subject}*\n{message.body}", mrkdwn=True
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error", "")) or f"HTTP {exc.response.status_code}"
            raise ChannelError(
                f"Slack refused the message: {error}", retry=error not in _FOR_GOOD
            ) from None
        except (SlackClientError, TimeoutError, OSError) as exc:
            raise ChannelError(f"Slack's API could not be reached: {exc}") from None


@dataclass(frozen=True)
class Channels:
    email: SmtpChannel | None
    slack: SlackChannel | SlackBotChannel | None

    @classmethod
    def from_settings(cls, settings: Settings) -> Channels:
        """Email when SMTP_HOST is set; Slack by the bot token when one is set, else by the
        webhook when one is set."""
        slack = SlackBotChannel.from_settings(settings) or SlackChannel.from_settings(settings)
        return cls(SmtpChannel.from_settings(settings), slack)
