"""The autopilot's channels against real receivers on loopback: SMTP (aiosmtpd) with a login,
a server without STARTTLS refused when STARTTLS is required (nothing sent in clear), and Slack
through the SDK's WebhookClient to an HTTP server standing in for the webhook; refusals say
whether a retry may help. The secrets are shown as "set (hidden)"."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from support.receivers import Mailbox, free_port, slack_api_server, smtp_server, webhook_server

from interview_autopilot.core.messages import Outgoing
from interview_autopilot.core.settings import Settings
from interview_autopilot.features.autopilot.channels import (
    ChannelError,
    Channels,
    SlackBotChannel,
    SlackChannel,
    SmtpChannel,
)

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


def test_slack_bot_token_posts_to_its_channel_through_the_sdk() -> None:
    """chat.postMessage through the SDK's WebClient to a stand-in for Slack's Web API: the token
    in the Authorization header, the channel and the text; a rate limit is tried again, a bad
    token or channel is not (nothing a retry could fix)."""
    with slack_api_server("xoxb-test") as (api, url):
        channel = SlackBotChannel("xoxb-test", "C0123456789", url, timeout=5)
        channel.send(MESSAGE)
        [post] = api.posts
        assert post["path"] == "/api/chat.postMessage"
        assert (post["channel"], post["text"]) == ("C0123456789", "*Hello*\nBody text.\n")
        api.answers.append((429, "ratelimited"))
        with pytest.raises(ChannelError, match="ratelimited") as limited:
            channel.send(MESSAGE)
        assert limited.value.retry
        api.answers.append((200, "channel_not_found"))
        with pytest.raises(ChannelError, match="channel_not_found") as lost:
            channel.send(MESSAGE)
        assert not lost.value.retry
        with pytest.raises(ChannelError, match="invalid_auth") as bad:
            SlackBotChannel("xoxb-wrong", "C0123456789", url, timeout=5).send(MESSAGE)
        assert not bad.value.retry
        with pytest.raises(ChannelError, match="SLACK_CHANNEL") as unset:
            SlackBotChannel("xoxb-test", "", url, timeout=5).send(MESSAGE)
        assert not unset.value.retry
        assert len(api.posts) == 1  # only the first went through
    with pytest.raises(ChannelError, match="could not be reached") as down:
        SlackBotChannel("xoxb-test", "C0123456789", url, timeout=2).send(MESSAGE)
    assert down.value.retry


def test_the_bot_token_is_used_instead_of_the_webhook() -> None:
    both = {"SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/X", "SLACK_CHANNEL": "C1"}
    settings = Settings.load(env=both, dotenv_path=Path("/nonexistent"))
    assert isinstance(Channels.from_settings(settings).slack, SlackChannel)
    settings = Settings.load(env={**both, "SLACK_BOT_TOKEN": "xoxb-1"}, dotenv_path=Path("/x"))
    assert Channels.from_settings(settings).slack == SlackBotChannel(
        "xoxb-1", "C1", "https://slack.com/api/", 10
    )
    assert settings.describe()["SLACK_BOT_TOKEN"] == "set (hidden)"


def test_channel_secrets_are_hidden() -> None:
    settings = Settings.load(
        env={"SMTP_PASSWORD": "pw", "SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/X"},
        dotenv_path=Path("/nonexistent"),
    )
    shown = settings.describe()
    assert shown["SMTP_PASSWORD"] == "set (hidden)"
    assert shown["SLACK_WEBHOOK_URL"] == "set (hidden)"
    assert SmtpChannel.from_settings(settings) is None  # no SMTP_HOST: no email channel
