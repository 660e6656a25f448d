"""The channels the autopilot sends through: email over SMTP (STARTTLS and login when
configured) and Slack through an incoming webhook (the Slack SDK's WebhookClient).

A channel either sends or raises ChannelError saying why and whether trying again may help
(a refusal for good, 5xx on SMTP or 4xx on the webhook, is not retried).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

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


@dataclass(frozen=True)
class Channels:
    email: SmtpChannel | None
    slack: SlackChannel | None

    @classmethod
    def from_settings(cls, settings: Settings) -> Channels:
        return cls(SmtpChannel.from_settings(settings), SlackChannel.from_settings(settings))
