"""What the pages may use: one function per screen question, and the few names of the rest of the
app that pages draw with. The only module pages import (`from interview_autopilot.ui import
queries as q`; an import contract in pyproject.toml checks it).

This file is the allowlist: a name is public when it is imported here, and nothing else of the
package reaches a page. A new screen is one new module in this folder plus one import line below.

One store per process (`st.cache_resource`), built on first use, never at import. Repeated reads
are cached with `st.cache_data` under string keys (`_cache.cached_read`, one registry for every
read), and every write clears those caches. Failures are not cached, so when the database comes
back the next rerun simply works again.
"""

from __future__ import annotations

# Names of the rest of the app that pages draw with.
from datetime import tzinfo

from ...core.access import Viewer
from ...core.errors import Forbidden, ValidationError
from ...core.feedback_times import REMINDER_GROUPS
from ...core.formatting import (
    ATS_COLORS,
    INVALID_VIDEO_LINK,
    MISSING,
    STATUS_COLORS,
    SUBMITTED,
    feedback_author,
    inert,
    interview_choice_label,
    key_description,
    local_span,
    local_time,
    plural,
    scan_method,
    time_label,
    video_url,
    zone_name,
)
from ...core.jobs import Job, JobStatus
from ...core.kits import NOT_ASSESSED, score_label
from ...core.lifecycle import AWAITING, CLOSED, PAST_DUE, ListView
from ...core.models import (
    Decision,
    DoctorReport,
    Feedback,
    HiringCall,
    InterviewDetail,
    InterviewPage,
    InterviewStatus,
    PageCursor,
    Participant,
    TablePage,
    User,
    UserRole,
)
from ...core.people import EmailTaken
from ...features.directory_import import Preview as ImportPreview
from ...features.frames import participants_table, table_frame
from ...features.home import Week as HomeWeek
from ...features.insights import (
    COUNT_COLOUR,
    COUNT_SCHEME,
    DECISION_COLOURS,
    RECOMMENDATION_COLOURS,
    STATUS_COLOURS,
)
from ...features.job_plans import STATUS_CHOICES as JOB_STATUSES
from ...features.job_plans import JobForm, StageForm
from ...features.kit_fields import (
    RATING_CHOICES,
    attribute_from_fields,
    questions_text,
    scorecard,
    stored_choices,
)
from ...features.profiles import CandidateInterview, PersonWeek
from ...features.scorecards import PersonDue
from ...store import PAGE_SIZE

# the debrief page (one application for the hiring committee) and the decision form
from ..decision_form import decided_note, decision_form, decision_shown
from ..frame import (
    AUTOPILOT_PAGE,
    CANDIDATE_FORM_PAGE,
    CANDIDATE_PAGE,
    DEBRIEF_PAGE,
    FEEDBACK_PAGE,
    HOME_PAGE,
    IMPORT_PAGE,
    INTERVIEW_PAGE,
    INTERVIEWS_PAGE,
    JOBS_PAGE,
    PAGE_ICON,
    PEOPLE_PAGE,
    PERSON_PAGE,
    SCHEDULE_PAGE,
    SCORECARDS_PAGE,
    TABLES_PAGE,
    link_problem,
    open_interview,
    shown_errors,
)
from ..recommendation_box import recommendation_box

# Not for pages: the one cached-read registry and the store's cache_resource (tests check them).
from ._cache import _CACHED_READS as _CACHED_READS

# applications: the candidate page's and the job page's, and the decision form
from .applications import (
    against_line,
    candidate_applications,
    decide_application,
    interview_application,
    job_pipeline,
)

# the Autopilot page
from .autopilot import autopilot_overview, autopilot_policy, may_run_autopilot, pause_autopilot

# a person's availability (busy blocks, limits) and the interviewer pools
from .availability import (
    add_busy_block,
    import_calendar,
    interviewer_pools,
    may_edit_blocks,
    may_edit_pools,
    person_availability,
    pool_members_text,
    remove_busy_block,
    save_pool,
    set_person_limits,
)
from .backend import _backend as _backend

# settings and the one store (loading the sample data on a first start)
from .backend import backend_name, clock_note, load_settings, outage_notice, prepare

# "Add to calendar" on the interview page
from .calendar import calendar_file

# interviewer calibration: a person's figures (their page), the team's table (Insights)
from .calibration import person_calibration, team_calibration

# the messages a candidate was sent (their page)
from .candidate_messages import SentRow, candidate_emails_on, messages_to_candidate

# the Insights page
from .charts import (
    INSIGHTS_PAGE,
    chart_empty_note,
    feedback_time_note,
    insights,
    insights_method,
    insights_note,
    load_note,
    pass_through,
)
from .debrief import OVERALL, Debrief, debrief, debrief_file
from .debrief import PLAN_COLUMNS as DEBRIEF_PLAN_COLUMNS

# the hiring decision on the Interview page
from .decision import (
    decider_name,
    decision_refusal,
    disagreement,
    may_decide,
    reason_parts,
    record_decision,
)

# the People page and the candidate form: adding and editing profiles
from .directory import (
    PersonForm,
    add_candidate,
    add_person,
    candidate_form_values,
    link_target,
    may_edit_candidates,
    may_edit_people,
    panel_users,
    people_directory,
    people_table,
    person_form,
    person_label,
    profile_history,
    set_person_active,
    update_candidate,
    update_person,
)

# scorecards due
from .due import (
    last_reminders,
    reminder_text,
    scorecard_due_hours,
    scorecards_count,
    scorecards_due,
    scorecards_title,
)

# CSV downloads, built page by page
from .exports import search_csv, table_csv, view_csv

# the Schedule page's "Find times": the slots for a job stage, and booking one
from .find_times import FoundTimes, book_slot, find_slots

# the Import page: a CSV file of people or candidates, its preview, the import
from .imports import (
    import_columns,
    import_fates_table,
    import_kind_label,
    import_kinds,
    import_limits,
    preview_import,
    run_import,
)

# tables, doctor, settings (administrators), "How this was read"
from .inspection import (
    TABLE_PAGE_SIZE,
    doctor,
    settings_description,
    settings_in_use,
    show_reading,
    start_reading,
    table_names,
    table_page,
)

# one interview and the status lists: detail, feedback, history, stage
from .interviews import (
    existing_feedback,
    feedback_authors,
    feedback_interview_choices,
    feedback_refusal,
    history,
    interview_detail,
    interview_key,
    interview_stage,
    interviews_page,
    linked_detail,
    participants,
    status_counts,
)

# the Jobs page and the Schedule form's job and stage
from .jobs import (
    job,
    job_form,
    jobs_in,
    jobs_table,
    may_edit_jobs,
    open_jobs,
    save_job,
    stage_choices,
    stage_prefill,
)

# interview kits: an interview's kit, its stage link, the recommendation's reasons
from .kits import interview_kit, link_interview_stage, recommendation_reasons

# the list views split at now, their counts and filters
from .lists import (
    ListFilter,
    filtered,
    filters_from_url,
    job_title_choices,
    recruiter_choices,
    view_counts,
    view_page,
)

# live updates
from .live import live_every, live_refresh_detail, live_refresh_list, live_refresh_scorecards

# the app's clock and the viewer's time zone
from .moment import now, viewer_zone

# the interview page's reminders: the last per person, and "Send a reminder now"
from .nudges import interview_reminders, send_reminders_now

# candidate and interviewer pages, the candidate search
from .people import candidate, candidate_interviews, search_candidates, search_result_caption, user

# the Schedule page: directory, schedule, reschedule, overlaps
from .schedule import (
    Booked,
    booked,
    busy_warnings,
    directory_users,
    duplicate_of,
    overlap_warnings,
    reschedule_interview,
    schedule_interview,
    weekend_hint,
    working_hours_warnings,
    zoned,
)

# candidate self-scheduling: the recruiter's link, the candidate's page (pages/book.py)
from .self_scheduling import (
    BOOK_PAGE,
    SentLink,
    book_from_link,
    booking_link_view,
    booking_link_visit,
    booking_token,
    browser_zone,
    create_booking_link,
    link_booking,
    link_refusal,
    zone_choices,
)

# the Autopilot page's candidate email templates
from .templates import (
    TEMPLATE_FIELDS,
    TemplateView,
    candidate_emails_note,
    candidate_templates,
    save_template_draft,
    use_default_template,
    use_template_draft,
)

# who is looking: the viewer and what their role lets them see
from .viewing import (
    feedback_hidden,
    identify,
    interviews_table,
    is_admin,
    may_change_status,
    may_reschedule,
    may_schedule,
    sees_history,
    sees_verdict_counts,
    verdicts_note,
    viewer,
)

# before any store read: sign-in first, and whether the open demo may run
from .visitor import awaiting_sign_in, demo_banner, demo_refusal, sign_in_screen

# the viewer's week (Home) and an interviewer's week
from .week import feedback_horizon_days, home_week, person_week

# a status change, a feedback
from .writes import (
    COMMENT_LIMIT,
    REASON_LIMIT,
    change_status,
    over_limit,
    status_choices,
    status_confirmation,
    submit_feedback,
)
