"""The command line's `users` commands: add a person (the first administrator of an empty
store: `users add --name ... --email ... --role admin`), list the people, and import them from
a CSV file (`users import FILE`, see cli/imports.py)."""

from __future__ import annotations

import argparse
import uuid

from ..core.models import User, UserRole
from ..core.settings import Settings

ADMIN = "admin"
ROLE_CHOICES = [ADMIN, *(r.value for r in UserRole)]


def add_arguments(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    users = sub.add_parser("users", help="add a person (the first administrator) or list people")
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a person to the directory")
    add.add_argument("--name", required=True, help="full name")
    add.add_argument("--email", required=True, help="the email they sign in with")
    add.add_argument(
        "--role",
        action="append",
        choices=ROLE_CHOICES,
        required=True,
        help="repeat for several; 'admin' administers the app (alone: a recruiter who does)",
    )
    add.add_argument("--slack", default="", help="Slack handle")
    add.add_argument("--time-zone", default="", help="IANA name, such as Europe/Paris")
    add.add_argument("--working-hours", default="", help="such as 09:00-17:30")
    actions.add_parser("list", help="everyone in the directory, deactivated people included")
    from .imports import add_import_parser

    add_import_parser(actions, "people")


def person_from_args(args: argparse.Namespace) -> User:
    """The person `users add` describes (a new id). Roles in the order given, the first the
    main one; `admin` alone makes a recruiter who administers the app."""
    roles = [UserRole(r) for r in dict.fromkeys(args.role) if r != ADMIN]
    if not roles:
        roles = [UserRole.RECRUITER]
    return User(
        uuid.uuid4(),
        args.name.strip(),
        args.email.strip(),
        roles[0],
        args.slack.strip(),
        other_roles=tuple(roles[1:]),
        admin=ADMIN in args.role,
        time_zone=args.time_zone.strip(),
        working_hours=args.working_hours.strip(),
    )


def describe(user: User) -> str:
    roles = ", ".join(r.label for r in user.all_roles)
    extra = (" · Administrator" if user.admin else "") + ("" if user.active else " · deactivated")
    return f"{user.name} <{user.email}> ({roles}{extra})"


def run(settings: Settings, args: argparse.Namespace) -> int:
    from ..store import open_store

    if args.action == "import":
        from . import imports

        return imports.run(settings, "people", args)
    store = open_store(settings)
    try:
        if args.action == "add":
            made = store.add_person(person_from_args(args))
            print(f"added {describe(made)}: id {made.user_id}")
            return 0
        users = store.list_users()
        for user in users:
            print(describe(user))
        print(f"{len(users)} {'person' if len(users) == 1 else 'people'}")
        return 0
    finally:
        store.close()
