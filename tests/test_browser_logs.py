"""The logs of a served app and of the command line, on SQLite and on the node, at DEBUG: they
hold no secret and no text a person typed, and they do hold what an operator needs.

The real app (`streamlit run`) runs with sign-in configured against the local provider (its
client secret and cookie secret), a Cassandra password (on the node: a role of its own with
that password, reached through a proxy), an Astra token, LOG_LEVEL=DEBUG and SLOW_READ_MS=0.
In Chromium an interviewer submits a feedback without a decision (refused), then with one; a
recruiter books a new candidate; on the node the proxy then stops and a page is read. The CLI
runs settings, schema status, load-sample, doctor and smoke-test with the same secrets. Every
line written (the server's stdout and stderr, the CLI's) is searched for the secrets and the
typed texts: none; and the refused write, the slow reads, the store opening and, on the node,
the failed requests are there.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.browser_kit import fill, journey_backends, need_chromium, node_env, pick, shots
from support.oidc_issuer import CLIENT_ID, CLIENT_SECRET, running_issuer
from support.tcp_proxy import DOWN, UP, TcpProxy

from interview_autopilot.core.models import InterviewStatus, UserRole
from interview_autopilot.features.sample import ensure_sample_data, read_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
ZONE = "Europe/Berlin"
USERS = read_sample_data().users
RECRUITER = next(u for u in USERS if u.role is UserRole.RECRUITER)
RUN = uuid.uuid4().hex[:10]  # every secret and text is unique to this run
PASSWORD = f"Pw-logs-{RUN}-secret"
TOKEN = f"AstraCS:logs{RUN}:0123456789abcdef"
COOKIE_SECRET = f"cookie-secret-{RUN}-that-is-long-enough-0123456789"
COMMENT = f"Feedback-text-{RUN}: calm under pressure, wrote the cache by hand."
CANDIDATE = f"Quillon Zephyrine {RUN}"
CANDIDATE_EMAIL = f"quillon.{RUN}@example.org"
RESUME = f"Resume-{RUN}: twelve years of storage engines."
SECRETS = {"password": PASSWORD, "token": TOKEN, "client secret": CLIENT_SECRET}
SECRETS |= {"cookie secret": COOKIE_SECRET}
TEXTS = {"comment": COMMENT, "candidate": CANDIDATE, "email": CANDIDATE_EMAIL, "resume": RESUME}


@dataclass
class Served:
    backend: str
    url: str
    log: Path  # the server's stdout and stderr
    store: Store  # the same database, read by the test
    cli_env: dict[str, str]  # the CLI's environment: the same settings and secrets
    proxy: TcpProxy | None  # the node's proxy (None on SQLite)


def _secrets_toml(port: int, issuer_url: str) -> str:
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{issuer_url}/.well-known/openid-configuration"
"""


@pytest.fixture
def login_role(request) -> Iterator[tuple[Store, dict[str, str]]]:
    """On the node: a role of this test's own, whose password is PASSWORD (the node's own
    cassandra/cassandra is no secret a search could tell apart), allowed on one keyspace."""
    node = request.getfixturevalue("cassandra_store_factory")()
    ensure_sample_data(node)
    role = f"autopilot_logs_{os.getpid()}"
    admin = node.session.session
    admin.execute(f"CREATE ROLE IF NOT EXISTS {role} WITH PASSWORD = '{PASSWORD}' AND LOGIN = true")
    admin.execute(f"GRANT ALL PERMISSIONS ON KEYSPACE {node.keyspace} TO {role}")
    try:
        yield (
            node,
            node_env(node.keyspace)
            | {
                "CASSANDRA_USERNAME": role,
                "CASSANDRA_PASSWORD": PASSWORD,
            },
        )
    finally:
        admin.execute(f"DROP ROLE IF EXISTS {role}")


@pytest.fixture(params=journey_backends("cassandra"))
def served(request, tmp_path) -> Iterator[Served]:
    need_chromium()
    db = tmp_path / "logs.db"
    env = {
        "LOG_LEVEL": "DEBUG",
        "SLOW_READ_MS": "0",
        "LIVE_REFRESH_SECONDS": "0",
        "LOAD_SAMPLE_DATA": "false",
        "ASTRA_DB_TOKEN": TOKEN,  # set on every backend: it must not show even unused
        "CASSANDRA_USERNAME": "logs_user",
        "CASSANDRA_PASSWORD": PASSWORD,
    }
    proxy: TcpProxy | None = None
    if request.param == "cassandra":
        store, login = request.getfixturevalue("login_role")
        env |= login
        if env.get("CASSANDRA_CONTACT_POINTS", "127.0.0.1") not in ("127.0.0.1", "localhost"):
            pytest.skip("the proxy fronts a single local node")
        proxy = TcpProxy(int(env.get("CASSANDRA_PORT", "9042")), lifetime=400)
        proxy.set_mode(UP)
    else:
        store = SqliteStore(db)
        ensure_sample_data(store)  # as the app would on its first start
    cli_env = {**os.environ, "DB_BACKEND": "sqlite", "SQLITE_PATH": str(db), **env}
    app_env = env | ({"CASSANDRA_PORT": str(proxy.port)} if proxy else {})
    names = {u.email: u.name for u in USERS}
    try:
        with running_issuer(names) as issuer:
            port = shots.free_port()
            secrets = tmp_path / "secrets.toml"
            secrets.write_text(_secrets_toml(port, issuer.url))
            args = ["--secrets.files", str(secrets)]
            with shots.serve(db, port=port, extra_args=args, extra_env=app_env, timeout=90) as url:
                yield Served(request.param, url, db.with_suffix(".log"), store, cli_env, proxy)
    finally:
        if proxy is not None:
            proxy.stop()
        if request.param == "sqlite":
            store.close()


def _sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in").click(timeout=90_000)
    page.get_by_label("Email").fill(email, timeout=30_000)  # the provider's own form
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    shots.settle(page)


def _owed_feedback(store: Store) -> tuple[uuid.UUID, uuid.UUID]:
    """A completed interview and a participant of it who has given no feedback yet."""
    for row in store.list_interviews_by_status(InterviewStatus.COMPLETED, 50).rows:
        for p in store.list_participants(row.interview_id):
            if not p.has_feedback and p.role is UserRole.INTERVIEWER:
                return row.interview_id, p.user_id
    raise AssertionError("the sample has no feedback owed")


def _feedback(browser, s: Served, interview_id: uuid.UUID, email: str) -> None:
    """Submit without a decision (refused: the comment typed must not reach a log), then with."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id=ZONE)
    page = context.new_page()
    _sign_in(page, s.url, email)
    page.goto(f"{s.url}/feedback?interview={interview_id}")
    page.locator(".st-key-fb_comment textarea").wait_for(timeout=60_000)
    fill(page, "fb_comment", COMMENT)
    page.locator(".st-key-fb_submit button").click()
    page.get_by_text("Choose a decision.").wait_for(timeout=30_000)
    page.locator(".st-key-fb_decision").get_by_text("Yes", exact=True).click()
    shots.settle(page)
    page.locator(".st-key-fb_submit button").click()
    page.get_by_text("Feedback saved.").wait_for(timeout=30_000)
    context.close()


def _book(browser, s: Served, interviewer: str) -> None:
    """A recruiter books a new candidate tomorrow at 10:00 (the form's slot)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id=ZONE)
    page = context.new_page()
    _sign_in(page, s.url, RECRUITER.email)
    page.goto(f"{s.url}/schedule")
    page.locator(".st-key-sch_mode").get_by_text("New", exact=True).click(timeout=60_000)
    shots.settle(page)
    fill(page, "sch_name", CANDIDATE)
    fill(page, "sch_email", CANDIDATE_EMAIL)
    fill(page, "sch_resume", RESUME)
    pick(page, "sch_job_pick", "Data Engineer")  # an open job of the sample
    pick(page, "sch_recruiter", RECRUITER.name)
    fill(page, "sch_video", f"https://meet.example.com/{RUN}")
    tomorrow = datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=1)
    day = page.locator(".st-key-sch_day input")
    day.fill(tomorrow.strftime("%Y/%m/%d"))
    day.press("Enter")
    shots.settle(page)
    pick(page, "sch_people", interviewer)
    page.keyboard.press("Escape")
    page.locator(".st-key-sch_submit button").click()
    page.get_by_text("Interview scheduled.").wait_for(timeout=60_000)
    context.close()


def _outage(browser, s: Served) -> None:
    """The node's proxy stops; a page read then fails and says so."""
    assert s.proxy is not None
    s.proxy.set_mode(DOWN)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id=ZONE)
    page = context.new_page()
    _sign_in(page, s.url, RECRUITER.email)
    page.get_by_text("not reachable").first.wait_for(timeout=60_000)
    context.close()


def _cli(s: Served, *args: str) -> str:
    """Run the command line as an operator would; its stdout and stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "interview_autopilot", *args],
        cwd=ROOT,
        env=s.cli_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_logs_hold_what_an_operator_needs_and_no_secret_or_typed_text(served: Served) -> None:
    from playwright.sync_api import sync_playwright

    s = served
    interview_id, author = _owed_feedback(s.store)
    email = next(u.email for u in USERS if u.user_id == author)
    name = next(u.name for u in USERS if u.user_id == author)
    cli = "".join(
        _cli(s, *args) for args in (["settings"], ["schema", "status"], ["load-sample"], ["doctor"])
    )
    cli += _cli(s, "smoke-test")
    with sync_playwright() as p:
        browser = shots.launch(p)
        _feedback(browser, s, interview_id, email)
        _book(browser, s, name)
        if s.backend == "cassandra":
            _outage(browser, s)
        browser.close()
    stored = s.store.get_feedback(interview_id, author)
    assert stored is not None and stored.comment == COMMENT  # the text did go through the app
    assert [r for r in s.store.search_candidates(CANDIDATE[:12], 5) if r.name == CANDIDATE]

    server = s.log.read_text()
    everything = server + cli
    leaks = {what: n for what, text in (SECRETS | TEXTS).items() if (n := everything.count(text))}
    assert not leaks, f"found in the logs: {leaks}"

    refused = (
        rf"INFO interview_autopilot\.ui\.queries\.writes: write refused: submit_feedback: "
        rf"invalid decision interview_id={interview_id} user_id={author} actor={author}"
    )
    assert re.search(refused, server), server[-3000:]
    landed = rf"DEBUG \S+\.writes: write: submit_feedback interview_id={interview_id}"
    assert re.search(landed, server)  # DEBUG is on: the most the app ever logs
    assert re.search(
        r"DEBUG interview_autopilot\.ui\.queries\.schedule: write: schedule_interview ", server
    )
    assert re.search(
        r"WARNING interview_autopilot\.ui\.queries\.\w+: slow read: \w+ took \d+ ms", server
    )
    assert "INFO interview_autopilot.store: opening the store: " in server
    assert re.search(r"INFO interview_autopilot\.store: store open in \d+ ms", server)
    assert "INFO interview_autopilot.cli: doctor: " in cli
    assert "INFO interview_autopilot.cli: smoke-test: smoke test passed" in cli
    if s.backend == "cassandra":
        assert s.proxy is not None
        failed = r"(WARNING|ERROR) interview_autopilot\.store\.cassandra\.request_log: "
        failed += r"cassandra request failed: \w+"
        assert re.search(failed, server), server[-3000:]
        assert re.search(r"ERROR \S+connection: store operation \w+ failed: ", server)
        assert f"port {s.proxy.port} keyspace" in server  # where the app connects
    else:
        assert f"opening the store: sqlite file {s.log.with_suffix('.db')}" in server
