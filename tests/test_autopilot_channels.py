"""The autopilot's channels against real receivers on loopback: SMTP (aiosmtpd) with a login,
a server without STARTTLS refused when STARTTLS is required (nothing sent in clear), and Slack
through the SDK's WebhookClient to an HTTP server standing in for the webhook; refusals say
whether a retry may help. The secrets are shown as "set (hidden)"."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from support.receivers import Mailbox, free_port, smtp_server, webhook_server

from interview_autopilot.core.messages import Outgoing
from interview_autopilot.core.settings import Settings
from interview_autopilot.features.autopilot.channels import ChannelError, SlackChannel, SmtpChannel

MESSAGE = Outgoing("ann@example.com", "Hello", "Body text.\n", b"BEGIN:VCALENDAR\r\n", "REQUEST")


def test_smtp_logs_in_when_a_user_is_set() -> None:
    box, port = Mailbox(), free_port()
    logins: list[tuple[bytes, bytes]] = []

    def check(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret")

    controller = Controller(
        box, hostname="127.0.0.1", port=port, authenticator=check, auth_require_tls=False
    )
    controller.start()
    try:
        SmtpChannel("127.0.0.1", port, "ap@example.com", "robot", "s3cret", starttls=False).send(
            MESSAGE
        )
    finally:
        controller.stop()
    assert logins == [(b"robot", b"s3cret")]
    [mail] = box.received()
    assert mail["To"] == "ann@example.com" and mail["From"] == "ap@example.com"
    [part] = list(mail.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST"


def test_smtp_requires_starttls_unless_told_otherwise() -> None:
    with smtp_server() as (box, port):
        with pytest.raises(ChannelError, match="STARTTLS"):
            SmtpChannel("127.0.0.1", port, "ap@example.com", "robot", "pw", True).send(MESSAGE)
        assert box.received() == []  # nothing in clear, not even the login


def test_slack_webhook_posts_through_the_sdk() -> None:
    with webhook_server() as (hook, url):
        channel = SlackChannel(url, timeout=5)
        channel.send(MESSAGE)
        assert hook.posts == [{"text": "*Hello*\nBody text.\n"}]
        hook.refuse = 1
        with pytest.raises(ChannelError, match="503") as refused:
            channel.send(MESSAGE)
        assert refused.value.retry
        channel.send(MESSAGE)
        assert len(hook.posts) == 2
    with pytest.raises(ChannelError, match="could not be reached") as down:
        SlackChannel(url, timeout=2).send(MESSAGE)
    assert down.value.retry


def test_channel_secrets_are_hidden() -> None:
    settings = Settings.load(
        env={"SMTP_PASSWORD": "pw", "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/X"},
        dotenv_path=Path("/nonexistent"),
    )
    shown = settings.describe()
    assert shown["SMTP_PASSWORD"] == "set (hidden)"
    assert shown["SLACK_WEBHOOK_URL"] == "set (hidden)"
    assert SmtpChannel.from_settings(settings) is None  # no SMTP_HOST: no email channel
