"""What the pages ask, one function per screen question; the only module pages import.

One store per process (`st.cache_resource`), built on first use, never at import. Repeated reads
are cached with `st.cache_data` under string keys, and every write clears those caches. Failures
are not cached, so when the database comes back the next rerun simply works again.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from time import monotonic
from typing import Any, TypeVar, cast

import streamlit as st

from . import (
    access,
    clock,
    domain,
    export,
    filters,
    home,
    identity,
    profiles,
    reading,
    scheduling,
    scorecards,
    search,
    st_cassandra,
)
from . import insights as _insights
from .access import Viewer
from .errors import ConfigError, Forbidden, StoreError, ValidationError
from .formatting import (
    ATS_COLORS,
    BAD_LINK,
    INVALID_VIDEO_LINK,
    MISSING,
    STATUS_COLORS,
    SUBMITTED,
    UNKNOWN_LINK,
    detail_choice_label,
    feedback_author,
    inert,
    interview_choice_label,
    key_description,
    local_span,
    local_time,
    participants_table,
    scan_method,
    table_frame,
    video_url,
    zone_name,
)
from .formatting import interviews_table as _interviews_table
from .formatting import viewer_zone as _zone_by_name
from .frame import (
    CANDIDATE_PAGE,
    FEEDBACK_PAGE,
    HOME_PAGE,
    INTERVIEW_PAGE,
    INTERVIEWS_PAGE,
    PAGE_ICON,
    PERSON_PAGE,
    SCHEDULE_PAGE,
    SCORECARDS_PAGE,
    TABLES_PAGE,
    link_problem,
    mark_framed,
    open_interview,
    require_frame,
    shown_errors,
)
from .history import history_table
from .home import Week as HomeWeek
from .lifecycle import AWAITING, CLOSED, PAST_DUE, ListView, stage
from .models import (
    AuditEntry,
    Candidate,
    Decision,
    DoctorReport,
    Feedback,
    HiringCall,
    InterviewDetail,
    InterviewPage,
    InterviewStatus,
    InterviewSummary,
    PageCursor,
    Participant,
    TablePage,
    User,
    UserRole,
)
from .per_run import forget, per_run
from .profiles import CandidateInterview, PersonWeek
from .scorecards import PersonDue
from .settings import SETTINGS, Settings
from .store import PAGE_SIZE, Store, open_store, recorder
from .store.aggregates import JOB_RECOMMENDATION

# What pages may use; re-exports included so pages import nothing else.
__all__ = [
    "ATS_COLORS",
    "AWAITING",
    "CANDIDATE_PAGE",
    "CLOSED",
    "FEEDBACK_PAGE",
    "HOME_PAGE",
    "INSIGHTS_PAGE",
    "INTERVIEWS_PAGE",
    "INTERVIEW_PAGE",
    "INVALID_VIDEO_LINK",
    "MISSING",
    "PAGE_ICON",
    "PAGE_SIZE",
    "PAST_DUE",
    "PERSON_PAGE",
    "SCHEDULE_PAGE",
    "SCORECARDS_PAGE",
    "STATUS_COLORS",
    "SUBMITTED",
    "TABLES_PAGE",
    "TABLE_PAGE_SIZE",
    "CandidateInterview",
    "Decision",
    "DoctorReport",
    "Feedback",
    "Forbidden",
    "HiringCall",
    "HomeWeek",
    "InterviewDetail",
    "InterviewPage",
    "InterviewStatus",
    "ListFilter",
    "ListView",
    "PageCursor",
    "Participant",
    "PersonDue",
    "PersonWeek",
    "TablePage",
    "UserRole",
    "ValidationError",
    "Viewer",
    "backend_name",
    "candidate",
    "candidate_interviews",
    "change_status",
    "clock_note",
    "decider_name",
    "directory_candidates",
    "directory_users",
    "disagreement",
    "doctor",
    "existing_feedback",
    "feedback_author",
    "feedback_authors",
    "feedback_hidden",
    "feedback_interview_choices",
    "feedback_refusal",
    "filtered",
    "filters_from_url",
    "history",
    "home_week",
    "identify",
    "inert",
    "insights",
    "insights_note",
    "interview_choice_label",
    "interview_detail",
    "interview_key",
    "interview_stage",
    "interviews_page",
    "interviews_table",
    "is_admin",
    "job_title_choices",
    "key_description",
    "link_problem",
    "linked_detail",
    "live_every",
    "live_refresh_detail",
    "live_refresh_list",
    "live_refresh_scorecards",
    "load_note",
    "load_settings",
    "local_span",
    "local_time",
    "mark_framed",
    "may_change_status",
    "may_decide",
    "now",
    "open_interview",
    "overlap_warnings",
    "participants",
    "participants_table",
    "person_week",
    "prepare",
    "record_decision",
    "recruiter_choices",
    "reminder_text",
    "require_frame",
    "reschedule_interview",
    "scan_method",
    "schedule_interview",
    "scorecard_due_hours",
    "scorecards_count",
    "scorecards_due",
    "scorecards_title",
    "search_candidates",
    "search_csv",
    "sees_history",
    "settings_description",
    "show_reading",
    "shown_errors",
    "start_reading",
    "status_counts",
    "status_csv",
    "submit_feedback",
    "table_csv",
    "table_frame",
    "table_names",
    "table_page",
    "tzinfo",
    "user",
    "video_url",
    "view_counts",
    "view_page",
    "viewer",
    "viewer_zone",
    "zone_name",
    "zoned",
]

_STORE_READY = threading.Event()  # set once a store has answered: the navigation may count
TABLE_PAGE_SIZE = 100  # rows per page of the inspection page's table scan
TTL_SECONDS = 60  # other processes (the CLI) may write too: let reads go stale for a minute
CHOICES_PER_STATUS = 100  # the feedback picker offers the newest completed + scheduled ones


# --- the cached reads: one registry, so a write can never forget one ----------------------
F = TypeVar("F", bound=Callable[..., Any])
_CACHED_READS: list[Any] = []


class RecordedRead:
    """A cached read that tells "How this was read" whether it ran statements or was served
    from the cache (`recorder.cached_call`); `clear` clears its cache."""

    def __init__(self, cached: Any, name: str) -> None:
        self._cached, self.__name__ = cached, name
        self.__wrapped__ = cached

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with recorder.cached_call(self.__name__):
            return self._cached(*args, **kwargs)

    def clear(self, *args: Any, **kwargs: Any) -> None:
        self._cached.clear(*args, **kwargs)


def cached_read(fn: F) -> F:
    """`st.cache_data` for a store read, registered so `clear_caches` clears it after writes.
    Every cached function of this module goes through here (a test checks it)."""
    cached = RecordedRead(st.cache_data(ttl=TTL_SECONDS, show_spinner=False)(fn), fn.__name__)
    _CACHED_READS.append(cached)
    return cast(F, cached)


# --- settings and the one store -------------------------------------------------------------
def _secrets() -> dict[str, object]:
    """st.secrets as a plain dict; a missing secrets.toml is normal, an unreadable one is not.
    Read once per script run (Streamlit looks for the files again on every read without one)."""
    return per_run("secrets", _read_secrets)


def _read_secrets() -> dict[str, object]:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError as exc:  # StreamlitSecretNotFoundError subclasses it
        if "pars" in str(exc).lower():
            raise ConfigError(
                "The Streamlit secrets file could not be parsed; check its TOML syntax."
            ) from None
        return {}


def load_settings() -> Settings:
    """Settings from environment > .env > st.secrets > defaults (read once per script run)."""
    return per_run("settings", lambda: Settings.load(secrets=_secrets()))


@dataclass
class _Backend:
    """The cached resource: the store plus whether its sample data has been checked."""

    store: Store
    settings: Settings
    sample_checked: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def _close(backend: _Backend) -> None:
    backend.store.close()


@st.cache_resource(show_spinner="Connecting to the database…", on_release=_close)
def _backend() -> _Backend:
    """Built once per process; an exception is not cached, so the next call tries again."""
    settings = load_settings()
    if settings.backend in ("cassandra", "astra") and st_cassandra.has_section():
        # [connections.cassandra] in secrets.toml: the store runs on st.connection's session.
        return _Backend(st_cassandra.shared_store(settings), settings)
    return _Backend(open_store(settings), settings)


def _this_backend() -> _Backend:
    """The cached resource, looked up once per script run (each lookup hashes its key)."""
    return per_run("backend", _backend)


def _store() -> Store:
    """For cached reads: the public caller has already run get_store() (sample loaded), so
    no progress element is created inside a cached function (it would be replayed)."""
    return _this_backend().store


def get_store() -> Store:
    """The store, with the sample data loaded on first start of an empty one.

    Every public query calls it, not only app.py: on a fresh server the very first request
    may run a page script alone (Streamlit's legacy `pages/` handling), and AppTest does so
    on every rerun."""
    backend = _this_backend()
    if not backend.sample_checked:
        with backend.lock:  # two sessions starting together load once
            if not backend.sample_checked:
                _load_sample(backend)
                backend.sample_checked = True
    _STORE_READY.set()
    return backend.store


def _load_sample(backend: _Backend) -> None:
    if not backend.settings.flag("LOAD_SAMPLE_DATA") or not backend.store.is_empty():
        return
    from .sample import ensure_sample_data  # only needed on a first start

    bar = st.progress(0.0, text="First start: loading the sample data…")

    def progress(done: int, total: int) -> None:
        bar.progress(
            min(done / total, 1.0) if total else 1.0,
            text=f"First start: loading the sample data… {done} of {total}",
        )

    ensure_sample_data(backend.store, progress, now=now())  # anchored to the app's clock
    bar.empty()
    clear_caches()


def prepare() -> bool:
    """Connect and load the sample data if needed; on failure show why and return False."""
    with shown_errors():
        _check_clock()
        get_store()
        return True
    st.button("Retry", key="retry_connect")  # a rerun tries to connect again
    return False


def backend_name() -> str:
    """The configured backend for the sidebar (works even when the database is down)."""
    try:
        return load_settings().backend
    except ConfigError:
        return "unknown"


def settings_description() -> dict[str, str]:
    """Every setting, secrets redacted (administrators only)."""
    access.require_admin(viewer(), "see the settings")
    return load_settings().describe()


# --- reads ----------------------------------------------------------------------------------
def viewer_zone() -> tzinfo:
    """The viewer's time zone from the browser; UTC when it is not known."""
    return _zone_by_name(st.context.timezone)


def status_counts() -> dict[InterviewStatus, int]:
    """Number of interviews per status."""
    get_store()
    return _status_counts()


@cached_read
def _status_counts() -> dict[InterviewStatus, int]:
    return _store().count_by_status()


def interviews_page(status: str, cursor: PageCursor | None = None) -> InterviewPage:
    """One page (PAGE_SIZE rows) of a status, newest first, after `cursor` (keyset paging)."""
    get_store()
    if cursor is None:
        return _interviews_page(str(status), "", "")
    return _interviews_page(
        str(status), cursor.scheduled_start.isoformat(), str(cursor.interview_id)
    )


@cached_read
def _interviews_page(status: str, after_start: str, after_id: str) -> InterviewPage:
    after = None
    if after_start:
        after = PageCursor(datetime.fromisoformat(after_start), uuid.UUID(after_id))
    return _store().list_interviews_by_status(InterviewStatus(status), PAGE_SIZE, after)


def interview_key(interview_id: str) -> str:
    """An interview id from a URL or a widget in its one canonical text (lower case, hyphens):
    '8C1F…', '{8c1f…}' and 'urn:uuid:8c1f…' name one interview. ValidationError if malformed.
    Every public function taking an interview id goes through here (or parses it the same way),
    so cache keys, picker options and links all use the canonical text."""
    return str(domain.parse_uuid(interview_id, "interview"))


def interview_detail(interview_id: str) -> InterviewDetail | None:
    """Everything about one interview; None when unknown, ValidationError when malformed."""
    key = interview_key(interview_id)
    get_store()
    detail = _interview_detail(key)
    return access.visible(viewer(), detail) if detail else None


def linked_detail(link_text: str) -> InterviewDetail:
    """The interview a deep link (?interview=…) names. ValidationError, with the words both the
    Interview and the Feedback page show, when it holds no id or names no stored interview."""
    try:
        detail = interview_detail(link_text)
    except ValidationError:
        raise ValidationError("interview", BAD_LINK) from None
    if detail is None:
        raise ValidationError("interview", UNKNOWN_LINK)
    return detail


@cached_read
def _interview_detail(interview_id: str) -> InterviewDetail | None:
    return _store().get_interview_detail(uuid.UUID(interview_id))


def participants(interview_id: str) -> list[Participant]:
    """The people who take part in an interview (the only valid feedback authors)."""
    key = interview_key(interview_id)
    get_store()
    return _participants(key)


@cached_read
def _participants(interview_id: str) -> list[Participant]:
    return _store().list_participants(uuid.UUID(interview_id))


def existing_feedback(interview_id: str, user_id: str) -> Feedback | None:
    """What this interviewer already said about this interview, to prefill the form."""
    iid = domain.parse_uuid(interview_id, "interview")
    uid = domain.parse_uuid(user_id, "interviewer")
    get_store()
    access.require_own(viewer(), uid)
    return _existing_feedback(str(iid), str(uid))


@cached_read
def _existing_feedback(interview_id: str, user_id: str) -> Feedback | None:
    return _store().get_feedback(uuid.UUID(interview_id), uuid.UUID(user_id))


@cached_read
def _choice_rows(user_id: str, minute: str) -> list[InterviewSummary]:
    """The interviews this person sits on that have taken place: completed ones, and scheduled
    ones that have already started (their status not yet updated), newest first, at most
    CHOICES_PER_STATUS of each (only a panel member gives feedback, see `access`)."""
    now = datetime.fromisoformat(minute)
    rows = _store().list_interviews_by_user(uuid.UUID(user_id))
    started = [r for r in rows if r.scheduled_start <= now]
    chosen = []
    for status in (InterviewStatus.COMPLETED, InterviewStatus.SCHEDULED):
        chosen += [r for r in started if r.status == status][:CHOICES_PER_STATUS]
    return sorted(chosen, key=lambda r: (r.scheduled_start, r.interview_id), reverse=True)


def feedback_interview_choices(preselected: str | None = None) -> dict[str, str]:
    """Interview id → label for the feedback picker: the newest interviews the viewer sits on
    that have taken place, plus `preselected` (from a deep link) wherever it is. Bounded: never
    a full scan. Ids are canonical, so a link spelling an id differently never lists it twice."""
    get_store()
    zone = viewer_zone()
    mine = _choice_rows(str(viewer().user_id), _minute())
    choices = {str(r.interview_id): interview_choice_label(r, zone) for r in mine}
    try:
        key = interview_key(preselected) if preselected else None
        detail = interview_detail(key) if key and key not in choices else None
    except ValidationError:
        detail = None
    if detail is not None:
        choices = {str(detail.interview.interview_id): detail_choice_label(detail, zone), **choices}
    return choices


# --- data inspection: live, so never cached ----------------------------------------------
def table_names() -> list[str]:
    """The tables of the store behind the app, in schema order (administrators only)."""
    access.require_admin(viewer(), "inspect the tables")
    return get_store().list_tables()


def table_page(
    table: str, page_state: str | None = None, partition: dict[str, str] | None = None
) -> TablePage:
    """One page (TABLE_PAGE_SIZE rows) of a full scan of `table` (or of one partition), after
    `page_state`. Not cached: an engineer inspecting a table wants what is stored now."""
    access.require_admin(viewer(), "inspect the tables")
    return get_store().scan_table(table, TABLE_PAGE_SIZE, page_state, partition)


def doctor(repair: bool = False) -> DoctorReport:
    """Run the consistency doctor (never cached); a repair clears the cached reads."""
    access.require_admin(viewer(), "run the doctor")
    report = get_store().doctor(repair)
    if repair:
        clear_caches()
    return report


# --- writes ---------------------------------------------------------------------------------
def clear_caches() -> None:
    """Forget every cached read: called after each write so the next screen is current."""
    for cached in _CACHED_READS:
        cached.clear()
    forget("viewer")


def change_status(interview_id: str, status: InterviewStatus) -> None:
    """Move an interview to another status (every list copy, and its ATS record), recorded in
    its history. Only its recruiter may (Forbidden otherwise, nothing written)."""
    iid = domain.parse_uuid(interview_id, "interview")
    who = viewer()
    store = get_store()
    interview = store.get_interview(iid)  # fresh, not cached: whose interview it is now
    if interview is None:
        raise ValidationError("interview", "That interview does not exist.")
    access.require_status_change(who, interview)
    store.change_status(iid, InterviewStatus(status), actor=who.user_id)
    clear_caches()  # only after a write: a failed one changed nothing the screens show


def submit_feedback(
    interview_id: str, user_id: str | None, decision: str | None, comment: str
) -> Feedback:
    """Store (or edit) one interviewer's feedback; ValidationError with `.field` if refused."""
    iid = domain.parse_uuid(interview_id, "interview")
    if not user_id:
        raise ValidationError("interviewer", "Choose who is giving the feedback.")
    if not decision:
        raise ValidationError("decision", "Choose a decision.")
    uid = domain.parse_uuid(user_id, "interviewer")
    who = viewer()
    store = get_store()
    access.require_author(who, store.list_participants(iid), uid)  # fresh, not cached
    saved = store.submit_feedback(iid, uid, decision, comment, now(), actor=who.user_id)
    # Cleared only after a write that landed: clearing after a failed one (the database down)
    # made the next rerun fail before the form was drawn, and Streamlit then dropped what was
    # typed. A refused or failed write changed nothing the cached screens show.
    clear_caches()
    return saved


# --- who is looking (see access.py for the roles) -------------------------------------------
@cached_read
def _users() -> list[User]:
    return _store().list_users()


def _current_viewer() -> Viewer | None:
    """Worked out once per script run: every filtered read and write asks for it."""
    return per_run("viewer", _find_viewer)


def _find_viewer() -> Viewer | None:
    get_store()
    admins = access.admin_emails(load_settings()["ADMIN_EMAILS"])
    return identity.current_viewer(_users(), admins, _secrets())


def viewer() -> Viewer:
    """The person this session acts for; Forbidden when sign-in is required and nobody
    registered is signed in. Every write and every filtered read asks here, never a page."""
    found = _current_viewer()
    if found is None:
        raise Forbidden("Sign in with a registered account to continue.")
    return found


def identify() -> Viewer | None:
    """app.py, before any page: the viewer, with their name and role (and sign-out) or the
    demo's "Viewing as" in the sidebar; None after drawing the sign-in or "not registered"
    screen (the page then does not run)."""
    with shown_errors():
        secrets = _secrets()
        found = _current_viewer()
        if identity.sign_in_configured(secrets):
            email = identity.signed_in_email()
            if email is None:
                identity.sign_in_screen(secrets)
            elif found is None:
                identity.not_registered_screen(email)
            else:
                with st.sidebar:
                    identity.signed_in_sidebar(found)
            return found
        if found is None:
            st.info("Nobody is registered yet: load the sample data or add users first.")
            return None
        with st.sidebar:
            identity.demo_sidebar(_users(), found)
        return found
    return None


def is_admin() -> bool:
    return viewer().admin


def may_change_status(detail: InterviewDetail) -> bool:
    """Whether the status control may save (the write checks again)."""
    return access.may_change_status(viewer(), detail.interview)


def feedback_hidden(detail: InterviewDetail) -> str | None:
    """Why the viewer sees none of this interview's feedback yet (None: they see it all)."""
    return access.feedback_hidden(viewer(), detail)


def interviews_table(
    rows: list[InterviewSummary], zone: tzinfo, now: datetime | None = None
) -> Any:  # a DataFrame
    """The interview list, display-ready. The ATS recommendation sums up the panel's decisions,
    so only those who see every feedback (recruiters, administrators) see it in the list; a
    closed interview says Closed to everyone."""
    table = _interviews_table(rows, zone, now)
    if not access.sees_every_recommendation(viewer()):
        shown = table["ATS recommendation"]
        table["ATS recommendation"] = shown.where(shown == CLOSED, access.HIDDEN)
    return table


def feedback_authors(interview_id: str) -> list[Participant]:
    """Whom the Feedback form offers as the author: the viewer, when on the panel."""
    me = viewer().user_id
    return [p for p in participants(interview_id) if p.user_id == me]


def sees_history() -> bool:
    return access.sees_history(viewer())


def history(interview_id: str) -> Any:  # a pandas DataFrame
    """The interview's audit trail as a table, newest first (recruiters and administrators)."""
    key = interview_key(interview_id)
    access.require_history(viewer())
    get_store()
    return history_table(_audit(key), _users(), viewer_zone())


@cached_read
def _audit(interview_id: str) -> list[AuditEntry]:
    return _store().list_audit(uuid.UUID(interview_id))


# --- the recruiter's week: list views split at now, lifecycle ------------------------------
def now() -> datetime:
    """The current time (UTC, milliseconds); the one clock the screens read (a test clock
    when AUTOPILOT_CLOCK_FILE is set, see clock.py)."""
    return clock.now()


def _check_clock() -> None:
    """A test clock is for tests and demos: refused where people sign in for real."""
    if clock.clock_file() is not None and identity.sign_in_configured(_secrets()):
        raise ConfigError(
            f"{clock.CLOCK_FILE} (a test clock) is set, but sign-in is configured ([auth]): "
            "unset it, real use runs on the real time."
        )


def clock_note() -> str | None:
    """The sidebar's warning while a test clock runs the app, None on the real time."""
    path = clock.clock_file()
    if path is None:
        return None
    zone = viewer_zone()
    return f"Test clock ({clock.CLOCK_FILE}): now is {local_time(now(), zone)} ({zone_name(zone)})."


# --- home: the viewer's week ----------------------------------------------------------------
def home_week() -> HomeWeek:
    """The viewer's upcoming interviews, those waiting for feedback and the decisions pending
    (bounded reads, see home.py; cached for a minute, cleared by every write)."""
    me = viewer().user_id
    get_store()
    return _home_week(str(me), _minute())


@cached_read
def _home_week(user_id: str, minute: str) -> HomeWeek:
    me = _store().get_user(uuid.UUID(user_id))
    if me is None:
        raise ValidationError("viewer", "The person you view as is no longer registered.")
    return home.week(_store(), me, datetime.fromisoformat(minute))


def _minute() -> str:
    """Now to the minute: the cache key of reads that depend on the time (a minute's reuse)."""
    return now().replace(second=0, microsecond=0).isoformat()


def view_counts(list_filter: filters.ListFilter | None = None) -> dict[ListView, int | None]:
    """How many interviews each list view holds (under `list_filter`, if any); None for the two
    scheduled views (the store counts scheduled interviews as one number)."""
    if list_filter is None:
        counts = status_counts()
    else:
        get_store()
        counts = _filtered_counts(list_filter.kind, list_filter.value)
    return {
        v: None if v.status is InterviewStatus.SCHEDULED else counts.get(v.status, 0)
        for v in ListView
    }


def view_page(
    view: ListView, cursor: PageCursor | None = None, list_filter: filters.ListFilter | None = None
) -> InterviewPage:
    """One page of a list view: upcoming soonest first from now, past due (scheduled, already
    started) newest first from now, the other statuses newest first; after `cursor`; only the
    interviews of one recruiter or one job title with `list_filter`."""
    view = ListView(view)
    get_store()
    after = (
        ("", "")
        if cursor is None
        else (cursor.scheduled_start.isoformat(), str(cursor.interview_id))
    )
    kind, value = (list_filter.kind, list_filter.value) if list_filter else ("", "")
    return _view_page(str(view), _minute(), *after, kind, value)


@cached_read
def _view_page(
    view: str, minute: str, after_start: str, after_id: str, kind: str = "", value: str = ""
) -> InterviewPage:
    moment = datetime.fromisoformat(minute)
    after = (
        PageCursor(datetime.fromisoformat(after_start), uuid.UUID(after_id))
        if after_start
        else None
    )
    v = ListView(view)
    if kind:
        return _filtered_page(v, filters.ListFilter.of(kind, value), after, moment)
    if v is ListView.UPCOMING:
        return _store().list_upcoming(PAGE_SIZE, after, now=moment)
    if v is ListView.PAST_DUE:
        return _store().list_past_due(PAGE_SIZE, after, now=moment)
    return _store().list_interviews_by_status(v.status, PAGE_SIZE, after)


def _filtered_page(
    v: ListView, f: filters.ListFilter, after: PageCursor | None, moment: datetime
) -> InterviewPage:
    if v is ListView.UPCOMING:
        return _store().list_upcoming_filtered(f, PAGE_SIZE, after, now=moment)
    if v is ListView.PAST_DUE:
        after = after or PageCursor.until(moment)
    return _store().list_filtered(f, v.status, PAGE_SIZE, after)


@cached_read
def _filtered_counts(kind: str, value: str) -> dict[InterviewStatus, int]:
    return _store().count_filtered(filters.ListFilter.of(kind, value))


def recruiter_choices() -> dict[str, str]:
    """The list's recruiter picker: '' for everyone, then each recruiter's id -> name."""
    return filters.recruiter_options(directory_users())


def job_title_choices() -> dict[str, str]:
    """The list's job title picker: '' for any, then each title seen (folded -> as shown),
    from the Insights counts of interviews per title (no scan on Cassandra)."""
    get_store()
    return _job_titles(_minute()[:10])


@cached_read
def _job_titles(day: str) -> dict[str, str]:
    today = date.fromisoformat(day)
    monday = (today - timedelta(days=today.weekday())).isoformat()
    counts = _store().insight_counts(monday, monday).chart(JOB_RECOMMENDATION)
    return filters.title_options((title, n) for (title, _), n in counts.items())


ListFilter = filters.ListFilter
filters_from_url = filters.from_url


def filtered(recruiter: str, job: str) -> filters.ListFilter | None:
    """The filter the list's pickers chose (None: the whole list)."""
    return filters.chosen(recruiter, job)


def interview_stage(detail: InterviewDetail) -> str:
    """The stage an interview's page shows (e.g. 'Awaiting feedback' once its end passed)."""
    return stage(detail, now())


def feedback_refusal(interview_id: str) -> str | None:
    """Why the interview takes no feedback now (not started, cancelled, no-show), or None."""
    detail = interview_detail(interview_id)
    return domain.feedback_refusal(detail.interview, now()) if detail else None


# --- scheduling: the Schedule page, reschedule from the interview page ---------------------
@cached_read
def directory_users() -> list[User]:
    """Everyone who may recruit or take part (the staff directory), by name."""
    return get_store().list_users()


@cached_read
def directory_candidates() -> list[Candidate]:
    """The candidates the Schedule form offers, by name."""
    return get_store().list_candidates()


def zoned(day: date, clock: time, zone: tzinfo) -> datetime:
    """A date and time picked in the viewer's zone, as an aware datetime."""
    return datetime.combine(day, clock).replace(tzinfo=zone)


def _ids(values: list[str], field: str) -> list[uuid.UUID]:
    return [domain.parse_uuid(v, field) for v in values]


def schedule_interview(
    candidate_id: str | None,
    new_candidate: tuple[str, str, str] | None,
    job_title: str,
    recruiter_id: str | None,
    start: datetime,
    end: datetime,
    video_link: str,
    panel: list[tuple[str, str]],
) -> str:
    """Create a scheduled interview (and the new candidate, when given); its id."""
    if not recruiter_id:
        raise ValidationError("recruiter", "Choose the recruiter.")
    if new_candidate is not None:
        candidate: Candidate | uuid.UUID = scheduling.new_candidate(*new_candidate)
    elif candidate_id:
        candidate = domain.parse_uuid(candidate_id, "candidate")
    else:
        raise ValidationError("candidate", "Choose a candidate, or enter a new one.")
    people = [(domain.parse_uuid(u, "participant"), UserRole(r)) for u, r in panel]
    made = scheduling.schedule(
        get_store(),
        candidate,
        job_title,
        domain.parse_uuid(recruiter_id, "recruiter"),
        start,
        end,
        video_link,
        people,
    )
    clear_caches()
    return str(made.interview_id)


def reschedule_interview(interview_id: str, start: datetime, end: datetime) -> None:
    """Move a scheduled interview to a new time."""
    scheduling.reschedule(get_store(), domain.parse_uuid(interview_id, "interview"), start, end)
    clear_caches()


def overlap_warnings(
    user_ids: list[str], start: datetime, end: datetime, exclude: str | None = None
) -> list[str]:
    """One line per participant's other scheduled interview overlapping [start, end)."""
    if end <= start or not user_ids:
        return []
    names = {str(u.user_id): u.name for u in directory_users()}
    skip = domain.parse_uuid(exclude, "interview") if exclude else None
    zone = viewer_zone()
    found = scheduling.overlaps(get_store(), _ids(user_ids, "participant"), start, end, skip)
    return [
        f"{names.get(str(o.user_id), 'A participant')} already has an interview "
        f"{local_span(o.other.scheduled_start, o.other_end, zone)} "
        f"({o.other.candidate_name} · {o.other.job_title})."
        for o in found
    ]


# --- the hiring decision on the interview page ---------------------------------------------
def decider_name(detail: InterviewDetail, user_id: uuid.UUID) -> str:
    if user_id == detail.recruiter.user_id:
        return detail.recruiter.name
    return next((p.name for p in detail.participants if p.user_id == user_id), "A former member")


def disagreement(detail: InterviewDetail) -> str | None:
    """A sentence when the recorded decision goes against the ATS recommendation."""
    ats = detail.ats
    if ats is None or ats.decision is None:
        return None
    if not domain.decision_disagrees(ats.decision.call, ats.recommendation):
        return None
    return (
        f"The decision ({ats.decision.call.label}) disagrees with the ATS recommendation "
        f"({ats.recommendation.label})."
    )


def may_decide(detail: InterviewDetail) -> bool:
    """Whether the viewer may record this interview's hiring decision (the write checks again)."""
    return access.may_decide(viewer(), detail.interview, detail.participants)


def record_decision(interview_id: str, call: str | None, reason: str) -> None:
    """Record the viewer's hiring decision, at the app's clock. Forbidden unless the viewer
    is the interview's recruiter or a hiring manager on its panel (nothing written);
    ValidationError with `.field` if refused."""
    iid = domain.parse_uuid(interview_id, "interview")
    if not call:
        raise ValidationError("call", "Choose advance, reject or hold.")
    who = viewer()
    store = get_store()
    interview = store.get_interview(iid)  # fresh, not cached: who may decide now
    if interview is None:
        raise ValidationError("interview", "That interview does not exist.")
    access.require_decider(who, interview, store.list_participants(iid))
    store.record_decision(iid, who.user_id, call, reason, now())
    clear_caches()


# --- scorecards due ------------------------------------------------------------------------
def scorecard_due_hours() -> float:
    """SCORECARD_DUE_HOURS, validated (ConfigError naming it when not a positive number)."""
    return load_settings().number("SCORECARD_DUE_HOURS")


def scorecards_due() -> list[PersonDue]:
    """Who owes feedback, grouped by person, most overdue first (reads cached for a minute)."""
    get_store()
    return _scorecards_due(_minute(), scorecard_due_hours())


@cached_read
def _scorecards_due(minute: str, hours: float) -> list[PersonDue]:
    return scorecards.scorecards_due(_store(), datetime.fromisoformat(minute), hours)


def scorecards_count() -> int | None:
    """How many scorecards are due, for the navigation; None when it cannot be known now.
    Every full rerun asks (the navigation's title), so the number itself is cached: a cached
    list of every person due would be copied (unpickled) on each rerun only to be counted."""
    try:
        get_store()
        return _scorecards_count(_minute(), scorecard_due_hours())
    except (ConfigError, StoreError, ValidationError):
        return None


@cached_read
def _scorecards_count(minute: str, hours: float) -> int:
    return sum(len(p.items) for p in _scorecards_due(minute, hours))


def reminder_text(person: PersonDue) -> str:
    """The reminder to paste in Slack, times in the viewer's zone."""
    zone = viewer_zone()
    local = {i.interview_id: local_time(i.ended_at, zone) for i in person.items}
    return scorecards.reminder(person, zone_name(zone), local)


# --- candidate and interviewer pages (deep links ?candidate=<id>, ?user=<id>) ---------------
def candidate(candidate_id: str) -> Candidate | None:
    """A candidate's profile; None when unknown, ValidationError when malformed."""
    key = domain.parse_uuid(candidate_id, "candidate")
    get_store()
    return _candidate(str(key))


@cached_read
def _candidate(candidate_id: str) -> Candidate | None:
    return _store().get_candidate(uuid.UUID(candidate_id))


def candidate_interviews(candidate_id: str) -> list[CandidateInterview]:
    """Every interview of the candidate, newest first, with its ATS record and decision."""
    key = domain.parse_uuid(candidate_id, "candidate")
    get_store()
    return _candidate_interviews(str(key))


@cached_read
def _candidate_interviews(candidate_id: str) -> list[CandidateInterview]:
    return profiles.candidate_interviews(_store(), uuid.UUID(candidate_id))


def user(user_id: str) -> User | None:
    """A user's profile; None when unknown, ValidationError when malformed."""
    key = domain.parse_uuid(user_id, "user")
    get_store()
    return _user(str(key))


@cached_read
def _user(user_id: str) -> User | None:
    return _store().get_user(uuid.UUID(user_id))


def person_week(user_id: str) -> PersonWeek:
    """The interviewer's this week, next week (viewer's weeks), pending feedback, history."""
    key = domain.parse_uuid(user_id, "user")
    get_store()
    zone = viewer_zone()
    return _person_week(str(key), _minute(), zone_name(zone))


@cached_read
def _person_week(user_id: str, minute: str, zone: str) -> PersonWeek:
    moment = datetime.fromisoformat(minute)
    local = moment.astimezone(_zone_by_name(zone))
    return profiles.person_week(_store(), uuid.UUID(user_id), moment, local)


def scorecards_title() -> str:
    """The navigation entry, with the number of scorecards due once the store has answered in
    this process (before that, and when the count fails, the plain title: app.py shows why)."""
    n = scorecards_count() if _STORE_READY.is_set() else None
    return "Scorecards due" if not n else f"Scorecards due ({n})"


# --- candidate search ----------------------------------------------------------------------
def search_candidates(query: str) -> list[Candidate]:
    """Candidates by name or email prefix (case- and accent-insensitive), by name; a bounded
    read of the store's prefix index. ValidationError for a query under two characters."""
    key = search.query_key(query)
    get_store()
    return _search_candidates(key)


@cached_read
def _search_candidates(folded: str) -> list[Candidate]:
    return _store().search_candidates(folded)


# --- "How this was read" (issue 9) -----------------------------------------------------------
def start_reading() -> None:
    """app.py, first thing in a rerun: record the statements the stores run from now on."""
    reading.start()


def show_reading() -> None:
    """app.py, after the page: the expander listing what this rerun read (secrets redacted)."""
    settings = load_settings()
    secret = {s.name for s in SETTINGS if s.secret}
    values = [v for name, v in settings.values.items() if name in secret and v]
    reading.show(settings.backend, values)


# --- exports (issue 9): whole lists and tables as CSV, built page by page on download ----------
def table_csv(table: str, partition: dict[str, str] | None = None) -> Callable[[], Any]:
    """For `st.download_button(data=...)`: a callable that builds the CSV of the whole table
    (or one partition) page by page when clicked (administrators only, checked now: Streamlit
    runs the callable on another thread, without the session)."""
    access.require_admin(viewer(), "export the tables")
    store = get_store()
    return lambda: export.spool(export.csv_chunks(export.table_pages(store, table, partition)))


def search_csv(query: str) -> Callable[[], Any]:
    """For `st.download_button(data=...)`: a callable building the CSV of every candidate the
    search finds (not only the first SEARCH_LIMIT shown), page by page when clicked. A query
    the search refuses raises ValidationError now."""
    search.query_key(query)
    store = get_store()
    return lambda: export.spool(export.csv_chunks(export.search_pages(store, query)))


def status_csv(status: str, list_filter: filters.ListFilter | None = None) -> Callable[[], Any]:
    """For `st.download_button(data=...)`: a callable building the CSV of every interview of
    `status` (under `list_filter`, if any), newest first, in the viewer's time zone; the ATS
    recommendation hidden as on the screen for those who may not see it."""
    store = get_store()
    hidden = None if access.sees_every_recommendation(viewer()) else access.HIDDEN
    frame = export.status_frame(viewer_zone(), hidden)
    wanted = InterviewStatus(status)
    return lambda: export.spool(
        export.csv_chunks(export.status_pages(store, wanted, frame, list_filter=list_filter))
    )


# --- live updates (issue 9) -----------------------------------------------------------------
def live_every() -> float | None:
    """`st.fragment(run_every=...)` of the live parts: LIVE_REFRESH_SECONDS, None when 0 (off).
    A write through this server clears the cached reads, so the next refresh shows it; one
    through another process shows once the cached read expires (TTL_SECONDS)."""
    text = load_settings()["LIVE_REFRESH_SECONDS"]
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise ConfigError(
            f"LIVE_REFRESH_SECONDS must be 0 (off) or a number of seconds, not '{text}'."
        )
    return seconds or None


def _live_due(key: str) -> bool:
    """Whether this session's live view `key` last re-read the store at least a refresh period
    ago (so only the timer's reruns, not every click, go to the store)."""
    try:
        every = live_every()
    except ConfigError:  # the page has said so once; the view works, not live
        return False
    if every is None:
        return False
    now = monotonic()
    stamps: dict[str, float] = st.session_state.setdefault("_live_read_at", {})
    if now - stamps.get(key, float("-inf")) < every * 0.8:
        return False
    stamps[key] = now
    return True


def _forget(cached: Callable[..., Any], *args: str) -> None:
    """Clear one entry of a `cached_read` function (all of them without `args`)."""
    cast(Any, cached).clear(*args)


def live_refresh_detail(interview_id: str) -> None:
    """Forget this interview's cached reads when its live refresh is due: changes made through
    another process then show within LIVE_REFRESH_SECONDS too, not only after TTL_SECONDS."""
    try:
        key = interview_key(interview_id)
    except ValidationError:
        return  # the page says what is wrong with the link
    if _live_due(f"detail:{key}"):
        _forget(_interview_detail, key)
        _forget(_participants, key)
        _forget(_audit, key)


def live_refresh_list(view: str) -> None:
    """The same for the list: its counts and pages are read again once per period."""
    if not _live_due(f"list:{view}"):
        return
    _forget(_status_counts)
    _forget(_view_page)
    _forget(_filtered_counts)


def live_refresh_scorecards() -> None:
    """The same for the Scorecards due board: read again once per period (a colleague's
    feedback takes its line off the board)."""
    if _live_due("scorecards"):
        _forget(_scorecards_due)


# --- insights (issue 9): the aggregates (store/aggregates.py), labelled -----------------------
INSIGHTS_PAGE = "pages/insights.py"


def insights() -> _insights.Insights:
    """The Insights page's numbers (cached like the other reads, cleared by every write)."""
    get_store()
    return _insights_data(_minute()[:10])


@cached_read
def _insights_data(day: str) -> _insights.Insights:
    return _insights.gather(_store(), date.fromisoformat(day))


def insights_note(data: _insights.Insights) -> str:
    """What the charts are made of, plainly."""
    how = (
        "one GROUP BY query per chart over the tables"
        if _store().backend == "sqlite"
        else "the counters of insight_counts_by_chart, kept by every write (a slice of one "
        "partition per chart and period, no table scan; `doctor` checks them)"
    )
    return (
        f"{data.interviews} interviews, counted by {how}. Weeks (UTC, from Monday) "
        f"{data.first_week} to {data.last_week}; the other charts cover every interview."
    )


def load_note(data: _insights.Insights) -> str:
    """What the interviewer load chart shows."""
    shown = min(data.interviewers, _insights.TOP_INTERVIEWERS)
    return (
        f"Scheduled and completed interviews each person sits on, per week: the {shown} "
        f"busiest of the {data.interviewers} with interviews in these weeks."
    )
