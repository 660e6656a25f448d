"""Feedback: one interviewer's verdict on one interview, with a scorecard when the interview's
stage has an interview kit (a rating of 1 to 4, or not assessed, and a note per focus
attribute). Submitting again edits it.

What is typed is kept per (interview, interviewer) while switching to another interview or,
in the demo, to another person in "Viewing as", and is back when switching back. The fields are
plain widgets, not an `st.form`: a form sends nothing before its submit button, so what was
typed could never be kept."""

import streamlit as st

from interview_autopilot.ui import queries as q

LAST = "fb_last_interview"  # the interview chosen last; the sidebar's link carries no query


def linked_interview() -> str | None:
    """The interview the URL names (?interview=…), canonical; a bad or unknown link is
    explained as on the Interview page, and the picker then starts empty. Reached without one
    (the sidebar), the interview chosen last in this session, put back in the URL."""
    link_text = st.query_params.get("interview", "").strip()
    if not link_text and st.session_state.get(LAST):
        link_text = st.session_state[LAST]
        st.query_params["interview"] = link_text
    if not link_text:
        return None
    try:
        linked = str(q.linked_detail(link_text).interview.interview_id)
    except q.ValidationError as exc:
        q.link_problem(exc.message, link_text)
        return None
    if linked != link_text:
        st.query_params["interview"] = linked  # 'ABC…', '{abc…}', 'urn:uuid:abc…': one link
    return linked


def choose_interview() -> str | None:
    """The interview picker (outside the form, so a choice refreshes the interviewers)."""
    linked = linked_interview()
    choices = q.feedback_interview_choices(linked)
    ids = list(choices)
    chosen = st.selectbox(
        "Interview",
        ids,
        index=ids.index(linked) if linked in choices else None,
        format_func=choices.get,
        key="fb_interview",
        placeholder="Choose an interview",
    )
    if chosen and chosen != linked:
        st.query_params["interview"] = chosen  # the URL stays a shareable link to this form
    st.session_state[LAST] = chosen
    return chosen


def choose_interviewer(interview_id: str) -> str | None:
    """You give your own feedback only, on an interview you sit on."""
    people = {str(p.user_id): p for p in q.feedback_authors(interview_id)}
    if not people:
        st.warning("You are not on this interview's panel: only its participants give feedback.")
        return None

    def label(user_id: str) -> str:
        p = people[user_id]
        return f"{p.name} ({p.role.label})" + (" · feedback submitted" if p.has_feedback else "")

    return st.selectbox(
        "Interviewer",
        list(people),
        index=0,
        disabled=True,  # always you: nobody writes feedback under another's name
        format_func=label,
        key="fb_interviewer",
        placeholder="Who is giving the feedback?",
    )


DRAFTS = "fb_drafts"  # (interview, interviewer) -> (decision, comment, ratings) not submitted


def stored(existing: q.Feedback | None, kit) -> tuple[str | None, str, tuple]:
    """The form's values as stored: decision, comment, and (choice, note) per kit attribute."""
    ratings = tuple(q.stored_choices(kit, existing))
    return (existing.decision.value, existing.comment, ratings) if existing else (None, "", ratings)


def prefill(interview_id: str, user_id: str, just_saved: bool, kit) -> q.Feedback | None:
    """Fill the form once per (interview, interviewer) choice: with what was typed for it
    before switching away, else with the stored feedback. What the user types afterwards
    (including after a validation error) is never overwritten. Returns the stored feedback."""
    existing = q.existing_feedback(interview_id, user_id)
    if existing and not just_saved:
        st.info(
            f"Feedback submitted {q.local_time(existing.submitted_at, q.viewer_zone())}"
            f" ({q.zone_name(q.viewer_zone())}). "
            "It is loaded below: submitting again edits it.",
            icon=":material/edit:",
        )
    pair = (interview_id, user_id)
    if st.session_state.get("fb_prefilled_for") == pair and "fb_comment" in st.session_state:
        return existing
    drafts = st.session_state.setdefault(DRAFTS, {})
    if just_saved:
        drafts.pop(pair, None)
    decision, comment, ratings = drafts.get(pair, stored(existing, kit))
    st.session_state.fb_decision = decision
    st.session_state.fb_comment = comment
    for j, (choice, note) in enumerate(ratings):
        st.session_state[f"fb_rate_{j}"] = choice
        st.session_state[f"fb_note_{j}"] = note
    st.session_state.fb_prefilled_for = pair
    return existing


def scorecard_fields(kit) -> tuple:
    """One rating (1-4 or not assessed) and a short note per focus attribute of the kit, each
    beside what its scores mean and the questions suggested for it."""
    if kit is None:
        return ()
    st.markdown(f"**Scorecard** · {q.inert(kit.stage)}")
    given = []
    for j, attribute in enumerate(kit.attributes):
        with st.container(border=True, key=f"fb_kit_{j}"):
            st.markdown(f"**{q.inert(attribute.name)}**")
            st.caption(
                q.inert(
                    " · ".join(f"{n}: {line or '—'}" for n, line in enumerate(attribute.rubric, 1))
                )
            )
            if attribute.questions:
                with st.expander("Suggested questions"):
                    st.markdown("\n".join(f"- {q.inert(x)}" for x in attribute.questions))
            choice = st.radio(
                f"Your rating: {attribute.name}",
                q.RATING_CHOICES,
                horizontal=True,
                key=f"fb_rate_{j}",
            )
            note = st.text_input(
                f"Note on {attribute.name}",
                key=f"fb_note_{j}",
                placeholder="A line of evidence (optional)",
            )
            given.append((choice, note))
    return tuple(given)


def form(interview_id: str, user_id: str, existing: q.Feedback | None, kit) -> None:
    """The scorecard (when the interview's stage has a kit), the decision and comment; errors
    appear under them. What differs from the stored feedback is kept as this pair's draft."""
    with st.container(border=True):
        ratings = scorecard_fields(kit)
        decision = st.radio(
            "Decision",
            [d.value for d in q.Decision],
            index=None,
            format_func=lambda v: q.Decision(v).label,
            horizontal=True,
            key="fb_decision",
        )
        comment = st.text_area(  # no max_chars: the browser would drop a longer paste whole
            "Comment",
            height=180,
            key="fb_comment",
            placeholder="What went well, what did not, and why.",
        )
        too_long = q.over_limit(comment, q.COMMENT_LIMIT, "comment")
        if too_long:
            st.warning(too_long, icon=":material/content_cut:")
        else:
            st.caption(f"{len(comment.strip()):,} of {q.COMMENT_LIMIT:,} characters.")
        drafts = st.session_state.setdefault(DRAFTS, {})
        pair = (interview_id, user_id)
        if (decision, comment, ratings) != stored(existing, kit):
            drafts[pair] = (decision, comment, ratings)
        else:
            drafts.pop(pair, None)
        message = st.empty()
        submitted = st.button(
            "Submit feedback", type="primary", key="fb_submit", disabled=bool(too_long)
        )
    if submitted:
        try:
            scorecard = q.scorecard(kit, [c for c, _ in ratings], [n for _, n in ratings])
            q.submit_feedback(interview_id, user_id, decision, comment, scorecard)
        except q.ValidationError as exc:
            message.error(q.inert(exc.message))
            return
        except q.Forbidden as exc:  # off the panel since the page drew: what was typed stays
            message.error(q.inert(exc), icon=":material/lock:")
            return
        drafts.pop(pair, None)
        st.session_state.fb_saved = pair
        st.rerun()  # redraw from the store: the interviewer now shows "feedback submitted"


def saved_notice(interview_id: str, user_id: str) -> bool:
    """The confirmation after a successful submit, with the way back to the interview."""
    if st.session_state.pop("fb_saved", None) != (interview_id, user_id):
        return False
    st.success("Feedback saved. Submitting again edits it.", icon=":material/check_circle:")
    st.page_link(
        q.INTERVIEW_PAGE,
        label="Back to the interview",
        icon=":material/search:",
        query_params={"interview": interview_id},
    )
    return True


st.title("Feedback")
with q.shown_errors():
    interview_id = choose_interview()
    user_id = choose_interviewer(interview_id) if interview_id else None
    refusal = q.feedback_refusal(interview_id) if interview_id else None
    if refusal:
        st.warning(refusal, icon=":material/block:")  # the write's rule: no form to refuse
    elif interview_id and user_id:
        kit = q.interview_kit(interview_id)
        just_saved = saved_notice(interview_id, user_id)
        existing = prefill(interview_id, user_id, just_saved, kit)
        form(interview_id, user_id, existing, kit)
