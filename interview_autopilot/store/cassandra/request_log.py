"""Driver errors and timeouts in the logs: an errback on every request of the session names
the statement that failed (its name in `statements.CQL`, the same names "How this was read"
lists), the host it went to, and what the driver said, in words that carry no bound value.

A request that the driver's retry policy (or the store) retries is logged each time it fails;
the store operation that finally fails is logged once more by `connection.driver_errors`.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Mapping
from typing import Any

from cassandra import (
    ConsistencyLevel,
    OperationTimedOut,
    ReadTimeout,
    Unavailable,
    WriteTimeout,
)
from cassandra.cluster import NoHostAvailable, ResponseFuture, Session
from cassandra.policies import WriteType
from cassandra.query import BatchStatement, BoundStatement, PreparedStatement, SimpleStatement

log = logging.getLogger(__name__)
_LISTENING = "_autopilot_request_log"  # set on a session once its listener is added
_NAMES: dict[bytes, str] = {}  # a prepared statement's id -> its name in statements.CQL
# The verb and the table of a plain CQL text (the doctor's scans, the schema), nothing else.
_VERB_TABLE = re.compile(r"^\s*(\w+)(?:.*?\b(?:FROM|INTO|UPDATE|TABLE|INDEX)\s+([\w.\"]+))?", re.S)


def name_statements(prepared: Mapping[str, PreparedStatement]) -> None:
    """Remember each prepared statement's name, so a failed request can be named."""
    for name, statement in prepared.items():
        _NAMES[statement.query_id] = name


def listen(session: Session) -> None:
    """Log every failed request of `session` (the listener is added once per session)."""
    if not getattr(session, _LISTENING, False):
        session.add_request_init_listener(_on_request)
        setattr(session, _LISTENING, True)


def statement_name(query: Any) -> str:
    """The statement's name: a prepared one's CQL name, a batch's size and first statement,
    a plain text's verb and table; never a value."""
    if isinstance(query, BoundStatement):
        return _NAMES.get(query.prepared_statement.query_id, "a prepared statement")
    if isinstance(query, BatchStatement):  # the driver keeps no public list of its statements
        entries = query._statements_and_parameters
        first = next((_NAMES.get(e[1], "?") for e in entries if e[0]), "plain statements")
        return f"batch of {len(entries)} ({first}, ...)"
    if isinstance(query, SimpleStatement | str):
        text = query.query_string if isinstance(query, SimpleStatement) else query
        found = _VERB_TABLE.match(text)
        if found:
            return " ".join(p for p in found.groups() if p).upper()
    return type(query).__name__


def _level_name(level: object) -> str:
    return str(ConsistencyLevel.value_to_name.get(level, level))


def summary(exc: BaseException) -> str:
    """What the driver said, in words that carry no bound value: the error's class and, for
    outages and timeouts, the hosts, the consistency level and the replicas that answered."""
    name = type(exc).__name__
    if isinstance(exc, NoHostAvailable):
        errors = exc.errors
        if isinstance(errors, dict) and errors:
            hosts = ", ".join(f"{h}: {type(e).__name__}" for h, e in errors.items())
        elif errors:
            hosts = ", ".join(map(str, errors))
        else:
            hosts = "every known host is marked down"
        return f"{name} ({hosts})"
    if isinstance(exc, OperationTimedOut):
        return f"{name} (no answer within the request timeout; last host {exc.last_host})"
    if isinstance(exc, Unavailable):
        return (
            f"{name} (consistency {_level_name(exc.consistency)}: "
            f"{exc.alive_replicas} of {exc.required_replicas} replicas alive)"
        )
    if isinstance(exc, ReadTimeout | WriteTimeout):
        kind = ""
        if isinstance(exc, WriteTimeout):
            kind = f", write type {WriteType.value_to_name.get(exc.write_type, exc.write_type)}"
        return (
            f"{name} (consistency {_level_name(exc.consistency)}: "
            f"{exc.received_responses} of {exc.required_responses} replicas answered{kind})"
        )
    return name


def _on_request(future: ResponseFuture) -> None:
    with contextlib.suppress(Exception):  # a log line never fails the request
        future.add_errback(_failed, future)


def _failed(exc: BaseException, future: ResponseFuture) -> None:
    hosts = future.attempted_hosts or []
    host = hosts[-1] if hosts else "no host"
    level = logging.ERROR if isinstance(exc, NoHostAvailable) else logging.WARNING
    log.log(
        level,
        "cassandra request failed: %s on %s: %s",
        statement_name(future.query),
        host,
        summary(exc),
    )
