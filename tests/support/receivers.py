"""Real receivers on loopback for the autopilot's tests: an SMTP server (aiosmtpd) that keeps
what it receives, and an HTTP server standing in for a Slack incoming webhook.

Both can refuse for a while (`refuse`: the next N deliveries get a temporary refusal), and the
SMTP server can hold a delivery at RCPT or after DATA (a test kills the sending worker there).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller
from icalendar import Calendar


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Mailbox:
    """The aiosmtpd handler: every accepted message, parsed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.arrived: list[float] = []  # when each stored message had come whole (monotonic)
        self.refuse = 0  # the next N messages get 451 (try again later)
        self.refuse_until = 0.0  # every message gets 451 until then (time.monotonic())
        self.hold_rcpt = False  # hold every delivery at RCPT until released
        self.hold_after_data = False  # store the message, then hold before answering 250
        self.at_rcpt = threading.Event()
        self.stored_and_holding = threading.Event()
        self.attempts = 0
        self.delay = 0.0  # seconds each message takes to be accepted

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.at_rcpt.set()
        while self.hold_rcpt:
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        came = time.monotonic()  # the client has sent the whole message
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.attempts += 1
            if self.refuse > 0 or time.monotonic() < self.refuse_until:
                self.refuse = max(0, self.refuse - 1)
                return "451 4.3.0 Try again later"
            parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(parsed)  # type: ignore[arg-type]
            self.arrived.append(came)
        if self.hold_after_data:
            self.stored_and_holding.set()
            while self.hold_after_data:
                await asyncio.sleep(0.05)
        return "250 Message accepted"

    def received(self) -> list[EmailMessage]:
        with self.lock:
            return list(self.messages)

    def arrivals(self) -> list[tuple[float, EmailMessage]]:
        """Every message stored, with when its sender had sent it whole (time.monotonic())."""
        with self.lock:
            return list(zip(self.arrived, self.messages, strict=True))

    def wait_for(self, count: int, timeout: float = 20.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.received()
            if len(got) >= count:
                return got
            time.sleep(0.05)
        return self.received()


@contextmanager
def smtp_server() -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server on 127.0.0.1 (no TLS, no login): its mailbox and port."""
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        box.hold_rcpt = box.hold_after_data = False
        controller.stop()


def invite_of(message: EmailMessage) -> Calendar | None:
    """The .ics attached to an email, parsed back with icalendar."""
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    return None


class Webhook:
    """What the stand-in for Slack's incoming webhook received (JSON bodies)."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.refuse = 0  # the next N posts get 503
        self.lock = threading.Lock()


@contextmanager
def webhook_server() -> Iterator[tuple[Webhook, str]]:
    """An HTTP server on 127.0.0.1 answering POST /services/T/B/X as Slack does ('ok')."""
    hook = Webhook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with hook.lock:
                if hook.refuse > 0:
                    hook.refuse -= 1
                    status, text = 503, b"service_unavailable"
                else:
                    hook.posts.append(json.loads(body))
                    status, text = 200, b"ok"
            answer(self, status, "text/plain", text)

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as port:
        yield hook, f"http://127.0.0.1:{port}/services/T000/B000/XXXX"


def answer(handler: BaseHTTPRequestHandler, status: int, kind: str, body: bytes) -> None:
    """Send one HTTP answer: its status, content type and body."""
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """An HTTP server on 127.0.0.1 (a free port, yielded) answering with `handler`, in a thread,
    until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


class SlackApi:
    """What the stand-in for Slack's Web API received: each chat.postMessage call's token and
    form fields. `answers` sets the next calls' answers: (HTTP status, `error`) pairs."""

    def __init__(self) -> None:
        self.posts: list[dict] = []
        self.answers: list[tuple[int, str]] = []
        self.lock = threading.Lock()


@contextmanager
def slack_api_server(token: str) -> Iterator[tuple[SlackApi, str]]:
    """An HTTP server on 127.0.0.1 answering POST /api/chat.postMessage as Slack's Web API does:
    `{"ok": true, ...}`, or `{"ok": false, "error": "invalid_auth"}` for another token, or the
    answers queued in `SlackApi.answers`. Yields the API's base address (SLACK_API_URL)."""
    api = SlackApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            if self.headers.get("Content-Type", "").startswith("application/json"):
                fields = json.loads(raw)
            else:
                fields = {k: v[0] for k, v in parse_qs(raw).items()}
            with api.lock:
                status, error = api.answers.pop(0) if api.answers else (200, "")
                if self.headers.get("Authorization") != f"Bearer {token}":
                    status, error = 200, "invalid_auth"
                if not self.path.endswith("/chat.postMessage"):
                    status, error = 404, "unknown_method"
                if not error:
                    api.posts.append({"path": self.path, **fields})
            said = {"ok": True, "channel": fields.get("channel"), "ts": "1.0"}
            if error:
                said = {"ok": False, "error": error}
            answer(self, status, "application/json", json.dumps(said).encode())

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as port:
        yield api, f"http://127.0.0.1:{port}/api/"
