"""Private until submitted, in Chromium, on SQLite and on the local Cassandra node: an interviewer
who has not given their feedback visits every place the app shows interviews (the interview, the
candidate, their own page, home, scorecards due, insights, the interviews list, and the "How this
was read" panel of each) and finds none of the panel's verdicts, the ATS recommendation, or the
hiring decision and its reason; once they submit through the form, they see them.

The store is seeded before the app starts (the sample, plus one interview of a candidate of
our own whose panel is two feedbacks in and whose decision is recorded), so the app's cached
reads never miss a write made behind its back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support.browser_kit import (
    browser_page,
    chromium,
    empty_node,
    journey_backends,
    need_chromium,
    node_env,
    shots,
    view_as,
)

from interview_autopilot.core.clock import CLOCK_FILE, set_clock
from interview_autopilot.core.models import (
    Candidate,
    Interview,
    InterviewStatus,
    User,
    UserRole,
    make_id,
)
from interview_autopilot.features.sample import ensure_sample_data, read_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore
from interview_autopilot.ui.identity import demo_order

pytestmark = pytest.mark.browser
ZONE = "Europe/Berlin"
USERS = demo_order(read_sample_data().users)
RECRUITER = USERS[0]
INTERVIEWERS = [u for u in USERS if u.role is UserRole.INTERVIEWER]
BLIND, FIRST, SECOND = INTERVIEWERS[0], INTERVIEWERS[1], INTERVIEWERS[2]
CANDIDATE = Candidate(
    make_id("candidate", "privacy-quentin"),
    "Quentin Privacy",
    "quentin.privacy@example.org",
    "Ten years of storage engines.",
)
JOB = "Privacy Engineer"
FIRST_COMMENT = "Zebra note: weak on consistency models."
SECOND_COMMENT = "Yak note: could not explain the write path."
REASON = "Okapi reason: the panel found gaps in the fundamentals."
# What the viewer must not see before their own feedback is in.
SECRETS = (
    FIRST_COMMENT,
    SECOND_COMMENT,
    REASON,
    "Strong no hire",  # the ATS recommendation of strong no + no
    "1 strong no",  # the ATS summary's tally
    "Decision Reject",  # the candidate page's decision line
    "Reject ·",  # the interview page's decision line
)
VERDICT_CHARTS = ("ATS recommendations by job title", "Hiring decisions by job title")


@dataclass
class Scene:
    url: str
    store: Store
    interview_id: str


def seed(store: Store, now: datetime) -> Interview:
    """The sample, and one completed interview (ended yesterday) with BLIND, FIRST and SECOND
    on its panel: FIRST and SECOND have given their feedback, BLIND has not; the recruiter has
    recorded the decision."""
    ensure_sample_data(store, now=now)
    store.upsert_candidates([CANDIDATE])
    start = now - timedelta(days=1)
    interview = Interview(
        make_id("interview", "privacy-quentin"),
        CANDIDATE.candidate_id,
        RECRUITER.user_id,
        JOB,
        start,
        start + timedelta(hours=1),
        InterviewStatus.SCHEDULED,
        "https://meet.example.com/quentin",
    )
    panel = [(u.user_id, UserRole.INTERVIEWER) for u in (BLIND, FIRST, SECOND)]
    store.create_interview(interview, panel)
    store.change_status(interview.interview_id, InterviewStatus.COMPLETED)
    given = start + timedelta(hours=2)
    store.submit_feedback(interview.interview_id, FIRST.user_id, "strong_no", FIRST_COMMENT, given)
    store.submit_feedback(interview.interview_id, SECOND.user_id, "no", SECOND_COMMENT, given)
    store.record_decision(interview.interview_id, RECRUITER.user_id, "reject", REASON, given)
    return interview


class Scenes:
    """The module's scenes, one per backend, built on first use: the cases that only read share
    one; a case that writes takes a fresh one and closes it after, so no case sees another's
    write. Module-scoped, so no other module's test empties the node's keyspace under it."""

    def __init__(self, request: pytest.FixtureRequest, folder: Path) -> None:
        self.request = request
        self.folder = folder
        self.open: dict[str, tuple[ExitStack, Scene]] = {}

    def get(self, backend: str) -> Scene:
        if backend not in self.open:
            stack = ExitStack()
            try:
                self.open[backend] = (stack, self._build(stack, backend))
            except BaseException:
                stack.close()
                raise
        return self.open[backend][1]

    def _build(self, stack: ExitStack, backend: str) -> Scene:
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        folder = self.folder / f"{backend}-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        clock = folder / "clock.txt"
        set_clock(clock, now)
        env = {CLOCK_FILE: str(clock), "LIVE_REFRESH_SECONDS": "0"}
        db = folder / "privacy.db"
        if backend == "cassandra":
            store: Store = self.request.getfixturevalue("cassandra_session_store")
            empty_node(store)
            env |= node_env(store.keyspace)  # type: ignore[attr-defined]
        else:
            store = SqliteStore(db)
            stack.callback(store.close)
        interview = seed(store, now)
        url = stack.enter_context(shots.serve(db, extra_env=env, timeout=90))
        return Scene(url, store, str(interview.interview_id))

    def close(self, backend: str) -> None:
        if backend in self.open:
            self.open.pop(backend)[0].close()


@pytest.fixture(scope="module")
def scenes(request, tmp_path_factory) -> Iterator[Scenes]:
    need_chromium()
    built = Scenes(request, tmp_path_factory.mktemp("privacy"))
    yield built
    for backend in list(built.open):
        built.close(backend)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium for the module's cases, each in a new context."""
    with chromium() as shared:
        yield shared


@pytest.fixture(params=journey_backends("sqlite"))
def scene(request, scenes: Scenes) -> Scene:
    """The seeded app of each backend, shared by the cases that only read."""
    return scenes.get(request.param)


@pytest.fixture(params=journey_backends("sqlite"))
def fresh_scene(request, scenes: Scenes) -> Iterator[Scene]:
    """A seeded app of its own, for a case that writes; closed after it."""
    scenes.close(request.param)
    yield scenes.get(request.param)
    scenes.close(request.param)


def open_as(page, url: str, who: User) -> None:
    """A new session at `url`, viewing as `who` (the demo's "Viewing as")."""
    page.goto(url)
    page.get_by_role("combobox", name="Viewing as").wait_for(timeout=90_000)
    shots.settle(page)
    view_as(page, who.name)
    shots.settle(page)
    chosen = page.locator(".st-key-viewer_pick").text_content() or ""
    chosen += page.locator(".st-key-viewer_pick input").first.input_value()
    assert who.name in chosen, f"viewing as {chosen!r}, not {who.name}"


def main_text(page) -> str:
    """The main area's text with every folded group opened (e.g. Home's "Just ended")."""
    for summary in page.locator("[data-testid='stMain'] [data-testid='stExpander'] summary").all():
        summary.click()
    shots.settle(page)
    return page.locator("[data-testid='stMain']").inner_text()


def no_reading_panel(page, where: str) -> None:
    """ "How this was read" (statements and their bound values) is for administrators only:
    an interviewer is not shown it at all."""
    panel = page.locator("[data-testid='stExpander']").filter(has_text="How this was read")
    assert panel.count() == 0, f'"How this was read" is shown to an interviewer on {where}'


def grid_text(page) -> str:
    cells = page.locator("[data-testid='stDataFrame'] table td")
    cells.first.wait_for(state="attached", timeout=30_000)
    return "\n".join(cells.all_inner_texts())


def nothing_hidden_in(text: str, where: str) -> None:
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, f"{where} shows {leaked} to an interviewer who has not submitted"


def places(s: Scene) -> dict[str, str]:
    """Every place that shows the interview, as a path."""
    iid, cid = s.interview_id, str(CANDIDATE.candidate_id)
    return {
        "the interview page": f"/interview?interview={iid}",
        "the candidate page": f"/candidate?candidate={cid}",
        "their interviewer page": f"/person?user={BLIND.user_id}",
        "home": "/",
        "scorecards due": "/scorecards",
        "insights": "/insights",
        "the feedback form": f"/feedback?interview={iid}",
    }


PLACES = tuple(places(Scene("", None, "")))  # type: ignore[arg-type]


def what_the_place_says(where: str, text: str) -> None:
    """What a place must say to the interviewer who has not submitted, beyond hiding."""
    if where == "the interview page":
        assert "once you have submitted yours" in text
        assert "No ATS record yet" not in text
        assert "No decision yet" not in text
        assert "Hidden until you have submitted your feedback" in text
    if where == "the candidate page":
        assert "Hidden until you have submitted your feedback" in text
        assert "No ATS record yet" not in text
    if where == "home":
        assert CANDIDATE.name in text  # ended, waiting for their feedback
    if where == "their interviewer page":
        assert "Feedback to give" in text
    if where == "insights":
        for chart in VERDICT_CHARTS:
            assert chart not in text


def test_the_recruiter_sees_what_is_hidden(scene: Scene, browser) -> None:
    """The recruiter sees it all (the scene is what the test thinks it is)."""
    cid = str(CANDIDATE.candidate_id)
    with browser_page(browser, ZONE) as page:
        open_as(page, f"{scene.url}/candidate?candidate={cid}", RECRUITER)
        page.get_by_text(REASON).wait_for(timeout=60_000)
        assert "Strong no hire" in main_text(page)
        open_as(page, f"{scene.url}/insights", RECRUITER)
        page.get_by_text(VERDICT_CHARTS[0]).wait_for(timeout=60_000)


@pytest.mark.parametrize("where", PLACES)
def test_private_until_submitted_on_every_page(scene: Scene, browser, where: str) -> None:
    """The interviewer who has not submitted finds nothing (one case per place)."""
    with browser_page(browser, ZONE) as page:
        open_as(page, scene.url + places(scene)[where], BLIND)
        text = main_text(page)
        nothing_hidden_in(text, where)
        no_reading_panel(page, where)
    what_the_place_says(where, text)


def test_private_until_submitted_in_the_interviews_list(scene: Scene, browser) -> None:
    with browser_page(browser, ZONE) as page:
        open_as(page, f"{scene.url}/interviews?job={JOB}", BLIND)
        page.locator(".st-key-status").get_by_text("Completed", exact=False).first.click()
        shots.settle(page)
        listed = grid_text(page)
        assert CANDIDATE.name in listed and "Hidden" in listed
        nothing_hidden_in(listed, "the interviews list")
        nothing_hidden_in(main_text(page), "the interviews page")
        no_reading_panel(page, "the interviews page")


def test_once_submitted_they_see_the_panels_verdicts_and_the_decision(
    fresh_scene: Scene, browser
) -> None:
    """They submit their feedback through the form, and now see the panel's and the decision."""
    s = fresh_scene
    iid = s.interview_id
    cid = str(CANDIDATE.candidate_id)
    with browser_page(browser, ZONE) as page:
        open_as(page, f"{s.url}/feedback?interview={iid}", BLIND)
        comment = page.get_by_label("Comment")
        comment.wait_for(timeout=60_000)
        page.get_by_text("Yes", exact=True).first.click()
        comment.fill("Solid on indexing, shaky elsewhere.")
        page.get_by_role("button", name="Submit feedback").click()
        page.get_by_text("Feedback saved.").wait_for(timeout=60_000)

        open_as(page, f"{s.url}/interview?interview={iid}", BLIND)
        page.get_by_text(FIRST_COMMENT).wait_for(timeout=60_000)
        text = main_text(page)
        assert SECOND_COMMENT in text and REASON in text and "No hire" in text
        open_as(page, f"{s.url}/candidate?candidate={cid}", BLIND)
        page.get_by_text(REASON).wait_for(timeout=60_000)
        assert "Decision Reject" in main_text(page)

    ats = s.store.get_ats(uuid.UUID(iid))
    assert ats is not None and ats.summary.startswith("3 of 3")
