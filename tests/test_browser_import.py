"""Importing people from a CSV file in Chromium, on SQLite and on the node: the administrator
opens Import from the People page, uploads a file with two bad rows, sees the preview name them
with their reasons, imports, and finds the new people on the People page; uploading the same
file again shows every row unchanged, with nothing to import. A file that is not CSV text is
refused with a plain message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from support.browser_kit import chromium_page, journey_backends, open_as
from test_browser_people import App, _serve, cli, settle, table_text

pytestmark = pytest.mark.browser

ROWS = [
    ("Iris Interviewer", "iris@team.example.com", "interviewer", "Europe/Berlin"),
    ("Hal Manager", "hal@team.example.com", "interviewer; hiring manager", "America/New_York"),
    ("Bad Email", "not-an-email", "interviewer", ""),
    ("Rita Recruiter", "rita@team.example.com", "recruiter", "Europe/Paris"),
    ("Zed Wizard", "zed@team.example.com", "wizard", ""),
    ("Omar Onsite", "omar@team.example.com", "Interviewer", "UTC"),
]
NEW = [r for r in ROWS if r[0] not in ("Bad Email", "Zed Wizard")]


@pytest.fixture(params=journey_backends("sqlite"))
def empty_app(request, tmp_path: Path) -> Iterator[App]:
    yield from _serve(request, tmp_path)


def people_file(tmp_path: Path) -> Path:
    path = tmp_path / "team.csv"
    lines = ["Name,Email,Roles,Time zone"]
    lines += [f'{name},{email},"{roles}",{zone}' for name, email, roles, zone in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def upload(page, path: Path) -> None:
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    settle(page)


def test_an_administrator_imports_people_from_csv(
    empty_app: App, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = empty_app
    args = ["users", "add", "--name", "Ada Admin", "--email", "ada@team.example.com"]
    assert cli(app, monkeypatch, *args, "--role", "admin") == 0
    csv_file = people_file(tmp_path)
    with chromium_page("Europe/Berlin") as page:
        open_as(page, f"{app.url}/people")
        page.get_by_role("heading", name="People").wait_for(timeout=60_000)
        page.get_by_role("link", name="Import people from a CSV file").click()
        page.get_by_role("heading", name="Import").wait_for(timeout=60_000)
        assert page.get_by_role("radio", name="People (the team)").is_checked()

        upload(page, csv_file)
        page.get_by_text("4 new, 0 updated, 0 unchanged, 2 refused").wait_for(timeout=90_000)
        refused = page.locator("[data-testid='stAlert']").filter(has_text="Refused rows")
        text = refused.inner_text().replace("\u2060", "")  # the word joiner after an @
        assert "Row 4 (not-an-email): The user's email is not a plausible address" in text
        assert "Row 6 (zed@team.example.com): 'wizard' is not a role" in text
        assert "Columns not imported" not in page.locator("body").inner_text()
        assert app.store.list_users() != [] and len(app.store.list_users()) == 1  # not yet

        page.get_by_role("button", name="Import 4 rows").click()
        page.get_by_text("Imported: 4 added, 0 updated, 0 unchanged, 2 refused.").wait_for(
            timeout=120_000
        )
        assert sorted(u.name for u in app.store.list_users()) == sorted(
            ["Ada Admin", *(r[0] for r in NEW)]
        )
        hal = app.store.find_user_by_email("hal@team.example.com")
        assert hal is not None and [r.value for r in hal.all_roles] == [
            "interviewer",
            "hiring_manager",
        ]
        ada = app.store.find_user_by_email("ada@team.example.com")
        assert ada is not None
        (entry,) = app.store.list_profile_audit(hal.user_id)
        assert (entry.action, entry.actor_id) == ("added", ada.user_id)  # who imported

        page.goto(f"{app.url}/people")
        page.get_by_role("heading", name="People").wait_for(timeout=60_000)
        shown = table_text(page)
        for name, email, _roles, _zone in NEW:
            assert name in shown and email in shown
        assert "America/New_York" in shown and "not-an-email" not in shown

        # the same file again: every row unchanged, nothing to import
        page.goto(f"{app.url}/import?kind=people")
        page.get_by_role("heading", name="Import").wait_for(timeout=60_000)
        upload(page, csv_file)
        page.get_by_text("0 new, 0 updated, 4 unchanged, 2 refused").wait_for(timeout=90_000)
        assert page.get_by_role("button", name="Nothing to import").is_disabled()
        assert len(app.store.list_users()) == 5

        # a file that is not CSV text
        binary = tmp_path / "photo.csv"
        binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        upload(page, binary)
        page.get_by_text("This is not a CSV file: it holds binary data.").wait_for(timeout=60_000)
        assert len(app.store.list_users()) == 5
