"""The sweep: every page, as each role, in Chromium, on SQLite and on the local Cassandra node.

One server per backend (the sample data, loaded by the test before the server starts), shared
by one case per role, each a browser session of its own. Each role visits every page of the
navigation once (an interview, a candidate and an interviewer given by id where the page needs
one), then once each kind of link those pages offer (a page with the same query keys). On every
page: no exception box, no traceback text, no popover left open, every link leading to a page of
the app; and the words each role is shown (inspection for administrators only, plain captions
for the rest).

Pages are changed inside the session (the browser's history, as a link click does), so the
viewer chosen in "Viewing as" stays for every page of the role.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

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

from interview_autopilot.core.models import InterviewDetail, InterviewStatus, UserRole
from interview_autopilot.features.sample import ensure_sample_data
from interview_autopilot.store.base import Store
from interview_autopilot.store.sqlite import SqliteStore

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

# url_path of every page of app.py ("" is the default page, This week). The debrief, hidden from
# the menu, is swept without an application (the sample has none): its plain message.
PAGES = (
    "",
    "interviews",
    "interview",
    "schedule",
    "feedback",
    "scorecards",
    "candidate",
    "person",
    "debrief",
    "insights",
    "candidate_form",
    "jobs",
    "autopilot",
    "people",
    "import",
    "tables",
)
# Words for engineers: shown on administrators' screens only.
ENGINEER_WORDS = ("GROUP BY", "keyset", "OFFSET", "insight_counts_by_chart", "partition")
INSPECTION = "How this was read"


@dataclass(frozen=True)
class Role:
    name: str  # what the report calls it
    viewer: str  # the "Viewing as" option's text
    admin: bool = False


@dataclass
class Sweep:
    url: str
    backend: str
    interview: InterviewDetail  # completed; one interviewer submitted, another did not
    roles: list[Role]
    problems: list[str] = field(default_factory=list)

    def page_urls(self) -> dict[str, str]:
        """Each page of the navigation, with the ids it needs."""
        i = self.interview
        ids = {
            "interview": f"?interview={i.interview.interview_id}",
            "feedback": f"?interview={i.interview.interview_id}",
            "candidate": f"?candidate={i.candidate.candidate_id}",
            "person": f"?user={i.participants[0].user_id}",
        }
        return {p: f"/{p}{ids.get(p, '')}" for p in PAGES}


def pick_interview(store: Store) -> InterviewDetail:
    """A completed interview where one interviewer has submitted and another has not."""
    rows = store.list_interviews_by_status(InterviewStatus.COMPLETED, 200).rows
    for row in rows:
        detail = store.get_interview_detail(row.interview_id)
        assert detail is not None
        panel = [p for p in detail.participants if p.role is UserRole.INTERVIEWER]
        if any(p.has_feedback for p in panel) and not all(p.has_feedback for p in panel):
            return detail
    raise AssertionError("the sample has no completed interview with partial feedback")


def roles_for(store: Store, detail: InterviewDetail) -> list[Role]:
    panel = [p for p in detail.participants if p.role is UserRole.INTERVIEWER]
    done = next(p for p in panel if p.has_feedback)
    owed = next(p for p in panel if not p.has_feedback)
    managers = [u for u in store.list_users() if u.role is UserRole.HIRING_MANAGER]
    manager = next(
        (p.name for p in detail.participants if p.role is UserRole.HIRING_MANAGER),
        managers[0].name,
    )
    recruiter = detail.recruiter.name
    return [
        Role("recruiter", recruiter),
        Role("interviewer who submitted", done.name),
        Role("interviewer who has not submitted", owed.name),
        Role("hiring manager", manager),
        Role("administrator", recruiter, admin=True),
    ]


ROLES = (
    "recruiter",
    "interviewer who submitted",
    "interviewer who has not submitted",
    "hiring manager",
    "administrator",
)


@pytest.fixture(scope="module", params=journey_backends("cassandra"))
def sweep(request, tmp_path_factory) -> Iterator[Sweep]:
    """The app over the sample data on each backend; the test reads the same store. One server
    per backend and test process, shared by the roles' cases: the sweep only reads."""
    need_chromium()
    env = {"LIVE_REFRESH_SECONDS": "0"}
    db = tmp_path_factory.mktemp(f"sweep-{request.param}") / "sweep.db"
    if request.param == "cassandra":
        store: Store = request.getfixturevalue("cassandra_session_store")
        empty_node(store)
        env |= node_env(store.keyspace)  # type: ignore[attr-defined]
    else:
        store = SqliteStore(db)
    try:
        ensure_sample_data(store)
        detail = pick_interview(store)
        roles = roles_for(store, detail)
        assert [r.name for r in roles] == list(ROLES)
        with shots.serve(db, extra_env=env, timeout=90) as url:
            yield Sweep(url, request.param, detail, roles)
    finally:
        if request.param == "sqlite":
            store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """One Chromium for the module's cases, each role in a new context."""
    with chromium() as shared:
        yield shared


def go(page, url: str) -> None:
    """Open `url` in this session (the history API, as Streamlit's own links do)."""
    page.evaluate(
        "u => { history.pushState({}, '', u);"
        " window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }",
        url,
    )
    page.wait_for_timeout(300)
    shots.settle(page)


def start(page, s: Sweep, role: Role) -> None:
    """A new session viewing as `role` (and an administrator if it is one)."""
    page.goto(s.url)
    page.get_by_role("combobox", name="Viewing as").wait_for(timeout=90_000)
    shots.settle(page)
    view_as(page, role.viewer)
    shots.settle(page)
    if role.admin:
        page.locator(".st-key-viewer_admin_pick label").click()
        shots.settle(page)


def links(page, base: str) -> list[str]:
    """The app's own links on the page (main block and sidebar), as paths with queries."""
    hrefs = page.eval_on_selector_all(
        "[data-testid='stMain'] a[href], [data-testid='stSidebar'] a[href]",
        "els => els.map(e => e.href)",
    )
    return [h[len(base) :] for h in hrefs if h.startswith(base) and "#" not in h]


def link_kind(path: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(path)
    return parts.path.strip("/"), tuple(sorted(parse_qs(parts.query)))


def check(page, s: Sweep, role: Role, where: str) -> None:
    """What every page must be, for this role; problems are collected, not raised."""
    say = s.problems.append
    label = f"[{s.backend}] {role.name} on {where or '/'}"
    main = page.locator("[data-testid='stMain']")
    boxes = page.locator('[data-testid="stException"]')
    if boxes.count() > 0:
        say(f"{label}: {boxes.count()} exception box(es): {boxes.first.inner_text()[:300]}")
    body = page.locator("body").inner_text()
    if "Traceback" in body:
        at = body.index("Traceback")
        say(f"{label}: traceback text on the page: {body[at : at + 300]!r}")
    if page.locator('[data-testid="stPopoverBody"]').count() > 0:
        say(f"{label}: a popover is open")
    text = main.inner_text()
    shown = page.get_by_text(INSPECTION, exact=True).count() > 0
    if shown != role.admin:
        say(f"{label}: '{INSPECTION}' {'shown' if shown else 'missing'}")
    if not role.admin:
        words = [w for w in ENGINEER_WORDS if w in text]
        if words:
            say(f"{label}: engineers' words {words}")


@pytest.mark.parametrize("role_name", ROLES)
def test_every_page_as_every_role(sweep: Sweep, browser, role_name: str) -> None:
    """One role's sweep (one case per role, so test processes share the roles out)."""
    s = sweep
    s.problems.clear()
    role = next(r for r in s.roles if r.name == role_name)
    pages = s.page_urls()
    known = set(PAGES)
    with browser_page(browser) as page:
        start(page, s, role)
        seen: set[tuple[str, tuple[str, ...]]] = set()
        offered: dict[tuple[str, tuple[str, ...]], str] = {}
        for name, url in pages.items():
            go(page, s.url + url)
            seen.add(link_kind(url))
            check(page, s, role, url)
            for link in links(page, s.url):
                kind = link_kind(link)
                if kind[0] not in known:
                    s.problems.append(f"[{s.backend}] {role.name} on /{name}: link to {link}")
                offered.setdefault(kind, link)
        for kind, link in offered.items():
            if kind in seen or kind[0] not in known:
                continue
            go(page, s.url + link)
            check(page, s, role, link)
        if role.admin:
            settings_words(page, s, role)
    assert not s.problems, "\n".join(s.problems)


def settings_words(page, s: Sweep, role: Role) -> None:
    """The administrator's Settings panel: readable, only the settings of the backend in use."""
    panel = page.locator("[data-testid='stSidebar'] [data-testid='stExpander']").filter(
        has_text="Settings"
    )
    if panel.count() == 0:
        s.problems.append(f"[{s.backend}] {role.name}: no Settings panel")
        return
    panel.first.locator("summary").click()
    shots.settle(page)
    text = panel.first.inner_text()
    other = "ASTRA_" if s.backend == "cassandra" else "CASSANDRA_"
    unwanted = [w for w in (other, "ASTRA_", "{", '"') if w in text]
    if s.backend == "sqlite":
        unwanted += [w for w in ("CASSANDRA", "Cassandra") if w in text]
    if unwanted:
        s.problems.append(f"[{s.backend}] {role.name}: Settings shows {sorted(set(unwanted))}")
    if "password" in text.lower() and "set (hidden)" not in text and "not set" not in text:
        s.problems.append(f"[{s.backend}] {role.name}: Settings password not redacted")
