"""A team's first minutes without sample data, in Chromium on SQLite and on the node.

- An empty store (LOAD_SAMPLE_DATA=false) says nobody is registered and names the command; the
  command line adds the first administrator (`users add ... --role admin`), and the app then
  opens as them.
- People (administrators): a person added is listed and offered in the Schedule panel;
  deactivated, they are listed as such and no longer offered; bad input and a taken email get a
  plain message and store nothing.
- Candidates (recruiters): a candidate added opens on their page with their links; a second one
  with the same email (another case) points to the existing one; bad input stores nothing.
- Sign-in (the local OpenID Connect issuer): an ADMIN_EMAILS address signing in first becomes
  the administrator; a person the administrator adds signs in, and once deactivated cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.browser_kit import (
    chromium_page,
    journey_backends,
    need_chromium,
    node_env,
    open_as,
    shots,
)
from support.oidc_issuer import running_issuer
from test_browser_signin import secrets_toml, sign_in

from interview_autopilot.__main__ import main
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = pytest.mark.browser

ADMIN_NAME, ADMIN_EMAIL = "Ada Admin", "ada@team.example.com"


@dataclass
class App:
    url: str
    store: Store
    env: dict[str, str]  # the command line's settings for the same store


def _serve(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    extra_args: Callable[[int], list[str]] | None = None,
    **env: str,
) -> Iterator[App]:
    need_chromium()
    db = tmp_path / "people.db"
    app_env = {"LOAD_SAMPLE_DATA": "false", "LIVE_REFRESH_SECONDS": "0", **env}
    cli_env = {"DB_BACKEND": "sqlite", "SQLITE_PATH": str(db)}
    store: Store
    if request.param == "cassandra":
        node = request.getfixturevalue("cassandra_store_factory")()
        app_env |= node_env(node.keyspace)
        cli_env = node_env(node.keyspace) | {"CASSANDRA_KEYSPACE": node.keyspace}
        store = node
    port = shots.free_port()
    args = extra_args(port) if extra_args else []
    with shots.serve(db, port=port, extra_env=app_env, extra_args=args, timeout=90) as url:
        if request.param == "sqlite":
            store = SqliteStore(db)
        yield App(url, store, cli_env)
        if request.param == "sqlite":
            store.close()


@pytest.fixture(params=journey_backends("sqlite"))
def empty_app(request, tmp_path: Path) -> Iterator[App]:
    """The app in demo mode over an empty store of each backend, no sample data."""
    yield from _serve(request, tmp_path)


def cli(app: App, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    for name, value in app.env.items():
        monkeypatch.setenv(name, value)
    return main(list(args))


def settle(page) -> None:
    shots.settle(page)


def fill(page, key: str, text: str) -> None:
    box = page.locator(f".st-key-{key}").locator("input, textarea").first
    box.fill(text)
    box.press("Tab")


def choose(page, key: str, text: str, close: bool = True) -> None:
    """Pick an option of a multiselect (then close its list) or of a selectbox."""
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.keyboard.type(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    if close:
        page.keyboard.press("Escape")
    settle(page)


def table_text(page) -> str:
    cells = page.locator("[data-testid='stDataFrame'] table td")
    cells.first.wait_for(state="attached", timeout=60_000)
    return " | ".join(cells.all_inner_texts())


def offered_in_schedule(page, url: str, name: str) -> bool:
    """Whether the Schedule form's participant picker offers `name`."""
    page.goto(f"{url}/schedule")
    box = page.locator(".st-key-sch_people").get_by_role("combobox")
    box.wait_for(timeout=60_000)
    settle(page)
    box.click()
    page.keyboard.type(name.split()[0])
    settle(page)
    found = page.get_by_role("option").filter(has_text=name).count() > 0
    page.keyboard.press("Escape")
    return found


def add_person(page, name: str, email: str, role: str) -> None:
    fill(page, "ppl_add_name", name)
    fill(page, "ppl_add_email", email)
    if role != "Interviewer":  # the form starts with Interviewer chosen
        choose(page, "ppl_add_roles", role)
    fill(page, "ppl_add_zone", "Europe/Berlin")
    fill(page, "ppl_add_hours", "09:00-17:00")
    page.get_by_role("button", name="Add person").click()
    settle(page)


def test_first_administrator_people_and_the_schedule_panel(
    empty_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = empty_app
    with chromium_page("Europe/Berlin") as page:
        page.goto(app.url)
        page.get_by_text("Nobody is registered yet").wait_for(timeout=90_000)
        assert "users add" in page.locator("body").inner_text()

        assert (
            cli(
                app,
                monkeypatch,
                "users",
                "add",
                "--name",
                ADMIN_NAME,
                "--email",
                ADMIN_EMAIL,
                "--role",
                "admin",
            )
            == 0
        )
        open_as(page, app.url)  # a new session: the demo views as the only person
        assert ADMIN_NAME in page.locator(".st-key-viewer_pick input").input_value()

        page.goto(f"{app.url}/people")
        page.get_by_role("heading", name="People").wait_for(timeout=60_000)
        assert ADMIN_EMAIL in table_text(page)
        add_person(page, "Iris Interviewer", "iris@team.example.com", "Interviewer")
        page.get_by_text("Iris Interviewer was added.").wait_for(timeout=60_000)
        shown = table_text(page)
        assert "iris@team.example.com" in shown and "Europe/Berlin" in shown
        assert offered_in_schedule(page, app.url, "Iris Interviewer")

        # bad input, and a taken email (another case): a plain message, nothing stored
        page.goto(f"{app.url}/people")
        page.get_by_role("heading", name="People").wait_for(timeout=60_000)
        add_person(page, "Ivo Bad", "not-an-email", "Interviewer")
        page.get_by_text("not a plausible address").wait_for(timeout=60_000)
        add_person(page, "Iris Twin", "IRIS@team.example.com", "Interviewer")
        page.get_by_text("A person with this email already exists.").wait_for(timeout=60_000)
        assert sorted(u.name for u in app.store.list_users()) == [ADMIN_NAME, "Iris Interviewer"]

        # deactivated: listed as such, no longer offered for a panel
        page.goto(f"{app.url}/people")
        page.get_by_role("heading", name="People").wait_for(timeout=60_000)
        choose(page, "ppl_pick", "Iris Interviewer", close=False)
        page.locator(".st-key-ppl_active button").click()
        page.get_by_text("Iris Interviewer was deactivated.").wait_for(timeout=60_000)
        assert "Deactivated" in table_text(page)
        assert not offered_in_schedule(page, app.url, "Iris Interviewer")
        iris = app.store.find_user_by_email("iris@team.example.com")
        assert iris is not None and not iris.active
        actions = [e.action for e in app.store.list_profile_audit(iris.user_id)]
        assert actions == ["added", "deactivated"]


def test_a_recruiter_adds_a_candidate_and_a_duplicate_points_to_them(
    empty_app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = empty_app
    assert (
        cli(
            app,
            monkeypatch,
            "users",
            "add",
            "--name",
            "Rita Recruiter",
            "--email",
            "rita@team.example.com",
            "--role",
            "recruiter",
        )
        == 0
    )
    with chromium_page("Europe/Berlin") as page:
        open_as(page, f"{app.url}/candidate_form")
        page.get_by_role("heading", name="Add a candidate").wait_for(timeout=60_000)

        fill(page, "cnd_name", "Nora Bad")
        fill(page, "cnd_email", "nora@mail.example.org")
        fill(page, "cnd_links", "javascript:alert(1)")
        page.get_by_role("button", name="Add candidate").click()
        page.get_by_text("is not a web address").wait_for(timeout=60_000)
        assert app.store.list_candidates() == []

        fill(page, "cnd_name", "Nora Applicant")
        fill(page, "cnd_links", "https://github.com/nora")
        fill(page, "cnd_resume", "Seven years of data engineering.")
        page.get_by_role("button", name="Add candidate").click()
        page.get_by_text("Nora Applicant was saved.").wait_for(timeout=60_000)
        page.get_by_role("link", name="Open the candidate").click()
        page.get_by_role("heading", name="Nora Applicant").wait_for(timeout=60_000)
        page.locator('a[href="https://github.com/nora"]').wait_for(timeout=30_000)  # the link

        page.goto(f"{app.url}/candidate_form")
        page.get_by_role("heading", name="Add a candidate").wait_for(timeout=60_000)
        fill(page, "cnd_name", "Nora Again")
        fill(page, "cnd_email", "NORA@mail.example.org")
        page.get_by_role("button", name="Add candidate").click()
        page.get_by_text("A candidate with this email already exists").wait_for(timeout=60_000)
        assert [c.name for c in app.store.list_candidates()] == ["Nora Applicant"]
        page.get_by_role("link", name="Open the existing candidate").click()
        page.get_by_role("heading", name="Nora Applicant").wait_for(timeout=60_000)

        page.get_by_role("link", name="Edit this candidate").click()
        page.get_by_role("heading", name="Edit Nora Applicant").wait_for(timeout=60_000)
        fill(page, "cnd_name", "Nora Edited")
        page.get_by_role("button", name="Save changes").click()
        page.get_by_text("Nora Edited was saved.").wait_for(timeout=60_000)
        assert [c.name for c in app.store.list_candidates()] == ["Nora Edited"]


# --- sign-in ---------------------------------------------------------------------------------
@pytest.fixture(params=journey_backends("sqlite"))
def signed_app(request, tmp_path: Path) -> Iterator[App]:
    """The app with sign-in against the local issuer, ADMIN_EMAILS naming Ada, empty store."""
    need_chromium()
    with running_issuer({ADMIN_EMAIL: ADMIN_NAME}) as issuer:
        secrets = tmp_path / "secrets.toml"

        def args(port: int) -> list[str]:
            secrets.write_text(secrets_toml(port, issuer.url))
            return ["--secrets.files", str(secrets)]

        yield from _serve(request, tmp_path, args, ADMIN_EMAILS=ADMIN_EMAIL)


def sign_out(page) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    page.get_by_text("Sign in with your work account").wait_for(timeout=60_000)


def test_admin_emails_bootstrap_and_a_deactivated_person_cannot_sign_in(
    signed_app: App,
) -> None:
    app = signed_app
    with chromium_page("Europe/Berlin") as page:
        sign_in(page, app.url, ADMIN_EMAIL)
        sidebar = page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text(ADMIN_NAME).wait_for(timeout=60_000)
        assert "Administrator" in sidebar.inner_text()
        page.goto(f"{app.url}/people")
        page.get_by_role("heading", name="People").wait_for(timeout=60_000)
        add_person(page, "Iris Interviewer", "iris@team.example.com", "Interviewer")
        page.get_by_text("Iris Interviewer was added.").wait_for(timeout=60_000)
        sign_out(page)

        sign_in(page, app.url, "iris@team.example.com")
        page.get_by_role("heading", name="This week").wait_for(timeout=60_000)
        sign_out(page)

        sign_in(page, app.url, ADMIN_EMAIL)
        page.goto(f"{app.url}/people")
        page.get_by_role("heading", name="People").wait_for(timeout=60_000)
        choose(page, "ppl_pick", "Iris Interviewer", close=False)
        page.locator(".st-key-ppl_active button").click()
        page.get_by_text("Iris Interviewer was deactivated.").wait_for(timeout=60_000)
        sign_out(page)

        sign_in(page, app.url, "iris@team.example.com")
        page.get_by_role("heading", name="Account deactivated").wait_for(timeout=60_000)
        assert page.get_by_role("heading", name="This week").count() == 0
        admins = [(u.name, u.email) for u in app.store.list_users() if u.admin]
        assert admins == [(ADMIN_NAME, ADMIN_EMAIL)]  # created once, at the first sign-in
