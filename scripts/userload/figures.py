"""The figures of one load step: rerun p95 per action, server CPU per rerun and per flow."""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass

from .flow import ACTIONS, Tally


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank); NaN when there is nothing to rank."""
    if not values:
        return math.nan
    ranked = sorted(values)
    return ranked[max(0, math.ceil(0.95 * len(ranked)) - 1)]


@dataclass
class Step:
    """One target under one load: what the users saw and what the server spent."""

    target: str
    users: int
    seconds: float
    flows: int
    reruns: int
    errors: int
    p95_by_action: dict[str, float]
    p95_rerun: float
    server_cpu_s: float
    client_cpu_s: float
    load_average: float
    mb_received: float
    error_kinds: dict[str, int]

    @classmethod
    def of(
        cls, target: str, users: int, seconds: float, tally: Tally, cpu: float, client: float
    ) -> Step:
        every = [t for times in tally.times.values() for t in times]
        return cls(
            target=target,
            users=users,
            seconds=round(seconds, 1),
            flows=tally.flows,
            reruns=tally.reruns,
            errors=sum(tally.errors.values()),
            p95_by_action={a: round(p95(tally.times[a]), 3) for a in ACTIONS},
            p95_rerun=round(p95(every), 3),
            server_cpu_s=round(cpu, 2),
            client_cpu_s=round(client, 2),
            load_average=round(os.getloadavg()[0], 2),
            mb_received=round(tally.received_bytes / 1e6, 1),
            error_kinds=dict(tally.errors),
        )

    @property
    def cpu_per_flow(self) -> float:
        return self.server_cpu_s / self.flows if self.flows else math.nan

    @property
    def cpu_per_rerun(self) -> float:
        return self.server_cpu_s / self.reruns if self.reruns else math.nan

    def row(self) -> str:
        actions = " ".join(f"{self.p95_by_action[a]:6.2f}" for a in ACTIONS)
        return (
            f"{self.target:<10} {self.users:>5} {self.flows:>5} {self.reruns:>6} "
            f"{self.errors:>4} {actions} {self.p95_rerun:7.2f} "
            f"{self.cpu_per_rerun:8.3f} {self.cpu_per_flow:8.3f} {self.cores:5.2f} "
            f"{self.client_cpu_s:6.1f} {self.load_average:5.1f}"
        )

    @property
    def cores(self) -> float:
        """How much CPU the app servers got: CPU seconds per second of the step."""
        return self.server_cpu_s / self.seconds if self.seconds else math.nan

    def as_json(self) -> dict[str, object]:
        return {
            **asdict(self),
            "cpu_per_flow_s": round(self.cpu_per_flow, 4),
            "cpu_per_rerun_s": round(self.cpu_per_rerun, 4),
        }


HEADER = (
    f"{'target':<10} {'users':>5} {'flows':>5} {'reruns':>6} {'err':>4} "
    + " ".join(f"{a.split()[-1][:6]:>6}" for a in ACTIONS)
    + f" {'p95 all':>7} {'CPU/rrn':>8} {'CPU/flow':>8} {'cores':>5} {'client':>6} {'load':>5}"
)
LEGEND = (
    "p95 in seconds per action (open list | switch status | open interview) and over every "
    "rerun; CPU/rrn, CPU/flow: server CPU seconds (all its replicas) per rerun and per user "
    "flow; cores: server CPU seconds per second of the step; client: CPU seconds of this "
    "load client in the step; load: the 1-minute load "
    "average after the step."
)
