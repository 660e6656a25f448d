"""Sign-in in Chromium against a real OpenID Connect provider on loopback (support/oidc_issuer.py,
built on Authlib): no mock of st.user. The app gets a temporary secrets.toml with an `[auth]`
section through `--secrets.files` (the repository's own .streamlit/ is never written).

Signed in with a registered email, the sidebar shows the person's name and role, and sign-out
returns to the sign-in screen; an email nobody registered gets the "not registered here" page.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.browser_kit import need_chromium, shots
from support.oidc_issuer import CLIENT_ID, CLIENT_SECRET, running_issuer

from interview_autopilot.core.models import UserRole
from interview_autopilot.features.sample import read_sample_data

pytestmark = pytest.mark.browser

USERS = read_sample_data().users
RECRUITER = next(u for u in USERS if u.role == UserRole.RECRUITER)


def secrets_toml(app_port: int, issuer_url: str) -> str:
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
server_metadata_url = "{issuer_url}/.well-known/openid-configuration"
"""


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory) -> Iterator[str]:
    """The app with sign-in configured against the test provider; yields its URL."""
    need_chromium()
    folder = tmp_path_factory.mktemp("signin")
    names = {u.email: u.name for u in USERS}
    with running_issuer(names) as issuer:
        port = shots.free_port()
        secrets = folder / "secrets.toml"
        secrets.write_text(secrets_toml(port, issuer.url))
        args = ["--secrets.files", str(secrets)]
        with shots.serve(folder / "a.db", port=port, extra_args=args) as url:
            yield url


@pytest.fixture(scope="module")
def browser(signed_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = shots.launch(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in").click(timeout=60_000)
    page.get_by_label("Email").fill(email, timeout=30_000)  # the provider's own form
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)


def test_sign_in_shows_who_you_are_and_sign_out_ends_it(signed_app, page):
    url = signed_app
    page.goto(url)
    page.get_by_text("Sign in with your work account").wait_for(timeout=60_000)
    assert (
        page.locator('[data-testid="stSidebarNav"]').count() == 0
        or not page.get_by_text("Viewing as").count()
    )
    assert page.get_by_text("Demo without sign-in").count() == 0

    sign_in(page, url, RECRUITER.email.upper())  # emails match whatever their case
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(RECRUITER.name).wait_for(timeout=60_000)
    assert "Recruiter" in sidebar.inner_text()
    page.get_by_role("heading", name="This week").wait_for(timeout=30_000)  # the home page
    assert page.get_by_text("Viewing as").count() == 0

    sidebar.get_by_role("button", name="Sign out").click()
    page.get_by_text("Sign in with your work account").wait_for(timeout=60_000)
    assert sidebar.get_by_text(RECRUITER.name).count() == 0
    page.goto(f"{url}/interview?interview={read_sample_data().interviews[0].interview_id}")
    page.get_by_text("Sign in with your work account").wait_for(timeout=60_000)
    assert page.get_by_text("Participants (").count() == 0  # signed out: no page runs


def test_an_unregistered_email_gets_a_plain_page_and_can_sign_out(signed_app, page):
    url = signed_app
    sign_in(page, url, "stranger@elsewhere.example")
    page.get_by_role("heading", name="Not registered here").wait_for(timeout=60_000)
    page.get_by_text("nobody with that email is registered").wait_for(timeout=60_000)
    shown = page.locator("body").inner_text().replace("\u2060", "")  # inert's word joiner
    assert "signed in as stranger@elsewhere.example" in shown
    assert page.get_by_role("heading", name="This week").count() == 0
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("Sign in with your work account").wait_for(timeout=60_000)
