"""The autopilot in Chromium, on SQLite and on the node (the `week` fixture: the real app under
`streamlit run` with a test clock): a recruiter schedules an interview on the Schedule page; a
worker pass (started by the test) sends each participant the invite, which the SMTP server on
loopback receives; the recruiter reschedules it on the interview page; the next pass sends the
update, same UID and a higher SEQUENCE; the Autopilot page lists both invites to each person."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
import test_browser_week
from support.autopilot_kit import recipients, worker
from support.browser_kit import open_as
from support.receivers import invite_of, smtp_server
from test_browser_schedule import (
    JOB,
    TUESDAY,
    at,
    browse,
    fill_booking,
    people,
    set_day,
    slot_bookings,
)
from test_browser_week import Week, settle

from interview_autopilot.core.clock import read_clock
from interview_autopilot.core.invites import uid_of

pytestmark = pytest.mark.browser
week = test_browser_week.week  # the fixture: the app over SQLite, then over the node
WEDNESDAY = date(2031, 3, 5)


def dataframe_cells(page) -> list[str]:
    cells = page.locator("[data-testid='stDataFrame'] table td")
    cells.first.wait_for(state="attached", timeout=60_000)
    return [c.strip() for c in cells.all_inner_texts()]


def test_schedule_then_reschedule_send_an_invite_and_its_update(week: Week) -> None:
    from playwright.sync_api import sync_playwright

    w = week
    with smtp_server() as (box, port), sync_playwright() as p:
        browser, page = browse(p)
        open_as(page, f"{w.url}/schedule")
        candidate, panel = w.store.list_candidates()[0], people(w.store, 2)
        fill_booking(page, w.store, candidate, panel)
        page.locator(".st-key-sch_submit button").click()
        page.locator(".st-key-sch_summary").wait_for(timeout=60_000)
        settle(page)
        [made] = slot_bookings(w.store, candidate.candidate_id, at(TUESDAY, time(10, 0)))

        sender = worker(w.store, port)
        assert sender.run_pass(read_clock(w.clock)).sent == len(panel)
        first = box.wait_for(len(panel))
        assert recipients(first) == sorted(u.email for u in panel)
        for mail in first:
            [event] = invite_of(mail).walk("VEVENT")  # type: ignore[union-attr]
            assert str(event["UID"]) == uid_of(made) and int(event["SEQUENCE"]) == 0
            assert event.decoded("DTSTART") == at(TUESDAY, time(10, 0))
            assert JOB in str(mail["Subject"])

        open_as(page, f"{w.url}/interview?interview={made}")
        page.get_by_role("button", name="Reschedule").click()
        settle(page)
        set_day(page, "rs_day", WEDNESDAY, leave=None)
        page.locator(".st-key-rs_day label").click()
        page.get_by_role("button", name="Save the new time").click()
        settle(page)
        page.get_by_text("Wed 05 Mar 2031, 10:00–11:00 (UTC)").first.wait_for(timeout=60_000)
        moved = w.store.get_interview(made)
        assert moved is not None and moved.scheduled_start == at(WEDNESDAY, time(10, 0))

        assert sender.run_pass(read_clock(w.clock)).sent == len(panel)
        update = box.wait_for(2 * len(panel))[len(panel) :]
        assert recipients(update) == sorted(u.email for u in panel)
        for mail in update:
            cal = invite_of(mail)
            assert cal is not None and str(cal["METHOD"]) == "REQUEST"
            [event] = cal.walk("VEVENT")
            assert str(event["UID"]) == uid_of(made) and int(event["SEQUENCE"]) == 1
            assert event.decoded("DTSTART") == at(WEDNESDAY, time(10, 0))
            assert event.decoded("DTEND") == at(WEDNESDAY, time(10, 0)) + timedelta(hours=1)

        open_as(page, f"{w.url}/autopilot")
        page.get_by_role("heading", name="Sent").wait_for(timeout=60_000)
        cells = dataframe_cells(page)
        for user in panel:
            shown = f"{user.name} <{user.email}>"
            assert cells.count(shown) >= 2, (shown, cells)  # the invite and its update
        assert cells.count("Invite") >= 2 * len(panel)
        assert cells.count("Sent") >= 2 * len(panel)
        browser.close()
