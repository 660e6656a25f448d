"""The people directory on every store (the `store` fixture): administrators add, edit and
deactivate people, recruiters add and edit candidates; one owner per email in any case; every
change validated and audited; profiles stored before the directory still read."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from support.world import ALICE, CANDIDATE, PANEL, RECRUITER, add, seed_people

from interview_autopilot.core.errors import ValidationError
from interview_autopilot.core.models import Candidate, User, UserRole, make_id
from interview_autopilot.core.people import EmailTaken, UnknownPerson
from interview_autopilot.features import scheduling
from interview_autopilot.store.base import Store

ADMIN = RECRUITER.user_id  # who acts in these tests


def person(key: str, **changes: object) -> User:
    base = User(
        make_id("directory-user", key),
        f"{key.title()} Person",
        f"{key}@team.example.com",
        UserRole.INTERVIEWER,
        f"@{key}",
        other_roles=(UserRole.HIRING_MANAGER,),
        time_zone="Europe/Paris",
        working_hours="09:00-17:30",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def candidate(key: str, **changes: object) -> Candidate:
    base = Candidate(
        make_id("directory-candidate", key),
        f"{key.title()} Applicant",
        f"{key}@mail.example.org",
        "Five years of Python.",
        ("https://github.com/" + key, "https://example.org/cv"),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def directory(store: Store) -> tuple[list[User], list[Candidate]]:
    return store.list_users(), store.list_candidates()


def test_add_person_round_trip_lookup_and_audit(store: Store) -> None:
    seed_people(store)
    ines = person("ines", admin=True)
    assert store.add_person(ines, actor=ADMIN) == ines
    assert store.get_user(ines.user_id) == ines
    assert ines in store.list_users()
    assert store.find_user_by_email("  INES@Team.Example.com ") == ines
    assert store.find_user_by_email("nobody@team.example.com") is None
    (entry,) = store.list_profile_audit(ines.user_id)
    assert (entry.actor_id, entry.action, entry.before) == (ADMIN, "added", None)
    assert entry.after is not None and "Ines Person <ines@team.example.com>" in entry.after
    assert "Hiring manager" in entry.after and "administrator" in entry.after


def test_an_email_belongs_to_one_person_in_any_case(store: Store) -> None:
    seed_people(store)  # written by the tools' upsert: their emails are taken too
    before = directory(store)
    twin = person("twin", email=ALICE.email.upper())
    with pytest.raises(EmailTaken) as refused:
        store.add_person(twin, actor=ADMIN)
    assert refused.value.existing == ALICE.user_id
    assert "already exists" in refused.value.message
    assert directory(store) == before
    assert store.get_user(twin.user_id) is None
    assert store.list_profile_audit(twin.user_id) == []


def test_edit_and_deactivate_keep_history_and_audit(store: Store) -> None:
    seed_people(store)
    interview = add(store, "directory history", panel=PANEL)
    renamed = dataclasses.replace(ALICE, name="Alice Renamed", other_roles=(UserRole.RECRUITER,))
    store.update_person(renamed, actor=ADMIN)
    gone = dataclasses.replace(renamed, active=False)
    store.update_person(gone, actor=ADMIN)
    assert store.get_user(ALICE.user_id) == gone
    detail = store.get_interview_detail(interview.interview_id)
    assert detail is not None
    names = {p.user_id: p.name for p in detail.participants}
    assert names[ALICE.user_id] == "Alice Renamed"  # history kept, under the current name
    assert [r.interview_id for r in store.list_interviews_by_user(ALICE.user_id)] == [
        interview.interview_id
    ]
    actions = [e.action for e in store.list_profile_audit(ALICE.user_id)]
    assert actions == ["edited", "deactivated"]
    store.update_person(gone, actor=ADMIN)  # unchanged: nothing recorded
    assert len(store.list_profile_audit(ALICE.user_id)) == 2
    store.update_person(dataclasses.replace(gone, active=True), actor=ADMIN)
    assert store.list_profile_audit(ALICE.user_id)[-1].action == "reactivated"


def test_email_change_frees_the_old_email_and_refuses_a_taken_one(store: Store) -> None:
    seed_people(store)
    ines = store.add_person(person("ines"), actor=ADMIN)
    with pytest.raises(EmailTaken) as refused:
        store.update_person(dataclasses.replace(ines, email="Alice@Example.com"), actor=ADMIN)
    assert refused.value.existing == ALICE.user_id
    assert store.get_user(ines.user_id) == ines
    moved = dataclasses.replace(ines, email="ines.new@team.example.com")
    store.update_person(moved, actor=ADMIN)
    assert store.find_user_by_email(ines.email) is None
    assert store.find_user_by_email(moved.email) == moved
    other = store.add_person(person("other", email=ines.email), actor=ADMIN)
    assert store.find_user_by_email(ines.email) == other


def test_update_of_an_unknown_person_or_candidate(store: Store) -> None:
    with pytest.raises(UnknownPerson):
        store.update_person(person("ghost"), actor=ADMIN)
    with pytest.raises(UnknownPerson):
        store.update_candidate(candidate("ghost"), actor=ADMIN)
    assert directory(store) == ([], [])


def test_adding_an_existing_id_is_refused(store: Store) -> None:
    ines = store.add_person(person("ines"))
    with pytest.raises(ValidationError):
        store.add_person(dataclasses.replace(ines, email="else@team.example.com"))
    assert store.get_user(ines.user_id) == ines


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "   "}, "name"),
        ({"email": "not an email"}, "email"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"working_hours": "17:00-09:00"}, "working_hours"),
        ({"working_hours": "9 to 5"}, "working_hours"),
        ({"other_roles": ("boss",)}, "role"),
        ({"slack_handle": "a\nb"}, "slack_handle"),
    ],
)
def test_bad_people_are_refused_with_nothing_written(
    store: Store, changes: dict[str, object], field: str
) -> None:
    seed_people(store)
    before = directory(store)
    bad = person("bad", **changes)
    with pytest.raises(ValidationError) as refused:
        store.add_person(bad, actor=ADMIN)
    assert refused.value.field == field
    with pytest.raises(ValidationError):
        store.update_person(dataclasses.replace(ALICE, **changes), actor=ADMIN)  # type: ignore[arg-type]
    assert directory(store) == before
    assert store.list_profile_audit(bad.user_id) == []
    assert store.list_profile_audit(ALICE.user_id) == []


def test_other_roles_are_normalised(store: Store) -> None:
    given = person(
        "roles", other_roles=(UserRole.INTERVIEWER, UserRole.RECRUITER, UserRole.RECRUITER)
    )
    stored = store.add_person(given)
    assert stored.other_roles == (UserRole.RECRUITER,)
    assert store.get_user(given.user_id) == stored
    assert stored.all_roles == (UserRole.INTERVIEWER, UserRole.RECRUITER)


# --- candidates -------------------------------------------------------------------------------
def test_add_and_edit_candidates(store: Store) -> None:
    seed_people(store)
    zed = store.add_candidate(candidate("zed"), actor=ADMIN)
    assert store.get_candidate(zed.candidate_id) == zed
    assert store.find_candidate_by_email("ZED@mail.example.org") == zed
    assert [c.candidate_id for c in store.search_candidates("zed")] == [zed.candidate_id]
    edited = dataclasses.replace(zed, name="Zedd Quill", links=(), resume_text="")
    store.update_candidate(edited, actor=ADMIN)
    assert store.get_candidate(zed.candidate_id) == edited
    assert [c.candidate_id for c in store.search_candidates("quill")] == [zed.candidate_id]
    assert store.search_candidates("zed applicant") == []
    assert [e.action for e in store.list_profile_audit(zed.candidate_id)] == ["added", "edited"]


def test_a_candidate_email_points_to_the_existing_candidate(store: Store) -> None:
    seed_people(store)
    before = directory(store)
    again = candidate("again", email=CANDIDATE.email.title())
    with pytest.raises(EmailTaken) as refused:
        store.add_candidate(again, actor=ADMIN)
    assert refused.value.existing == CANDIDATE.candidate_id
    assert refused.value.kind == "candidate"
    assert directory(store) == before
    # a candidate may be on the staff too: the two directories are apart
    store.add_person(person("both", email=CANDIDATE.email))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"links": ("javascript:alert(1)",)}, "links"),
        ({"links": ("https://ok.example.com/a b",)}, "links"),
        ({"links": tuple(f"https://x.example.com/{i}" for i in range(11))}, "links"),
        ({"email": "zed@"}, "email"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_candidates_are_refused_with_nothing_written(
    store: Store, changes: dict[str, object], field: str
) -> None:
    seed_people(store)
    before = directory(store)
    with pytest.raises(ValidationError) as refused:
        store.add_candidate(candidate("bad", **changes), actor=ADMIN)
    assert refused.value.field == field
    assert directory(store) == before


def test_a_fresh_id_each_time(store: Store) -> None:
    """Two people with different ids and emails: both kept (the directory is not a set of
    names: namesakes are fine)."""
    one = store.add_person(person("same", user_id=uuid.uuid4(), email="one@team.example.com"))
    two = store.add_person(person("same", user_id=uuid.uuid4(), email="two@team.example.com"))
    assert {u.user_id for u in store.list_users()} == {one.user_id, two.user_id}


def test_a_deactivated_person_joins_no_new_panel_and_nothing_is_written(store: Store) -> None:
    seed_people(store)
    store.update_person(dataclasses.replace(ALICE, active=False), actor=ADMIN)
    start = datetime(2026, 12, 14, 10, tzinfo=UTC)
    before = store.list_interviews_by_candidate(CANDIDATE.candidate_id)
    with pytest.raises(ValidationError, match="deactivated and cannot join"):
        scheduling.schedule(
            store, CANDIDATE.candidate_id, "Engineer", RECRUITER.user_id, start,
            start + timedelta(hours=1), "", [(ALICE.user_id, UserRole.INTERVIEWER)],
        )  # fmt: skip
    assert store.list_interviews_by_candidate(CANDIDATE.candidate_id) == before
    store.update_person(dataclasses.replace(ALICE, active=True), actor=ADMIN)
    made = scheduling.schedule(
        store, CANDIDATE.candidate_id, "Engineer", RECRUITER.user_id, start,
        start + timedelta(hours=1), "", [(ALICE.user_id, UserRole.INTERVIEWER)],
    )  # fmt: skip
    assert store.get_interview(made.interview_id) == made
