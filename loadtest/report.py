"""What the load test found: the acknowledged writes looked for in the database, and the figures."""

from __future__ import annotations

import os
from argparse import Namespace
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from .users import Record


def check_writes(
    engine: sa.Engine, people: list[tuple[str, int]], records: list[Record]
) -> tuple[list, list]:
    """(lost writes, dossiers whose cached school count is wrong): every school and line the
    application acknowledged must be there, and each part must hold its last acknowledged save."""
    lost, stale = [], []
    with engine.connect() as conn:
        for (_email, dossier), record in zip(people, records, strict=True):
            if dossier is None:
                continue
            if (
                record.deposited
                and not conn.execute(
                    sa.text("select count(*) from deposits where dossier_id = :d"), {"d": dossier}
                ).scalar()
            ):
                lost.append(f"dossier {dossier}: acknowledged deposit missing")
            if record.role != "builder":
                continue
            uais = set(
                conn.execute(
                    sa.text("select uai from schools where dossier_id = :d"), {"d": dossier}
                ).scalars()
            )
            labels = set(
                conn.execute(
                    sa.text("select label from lines where dossier_id = :d"), {"d": dossier}
                ).scalars()
            )
            row = conn.execute(
                sa.text("select summary, rep_name, school_count from dossiers where id = :d"), {"d": dossier}
            ).one()
            lost += [f"dossier {dossier}: school {u}" for u in record.schools if u not in uais]
            lost += [f"dossier {dossier}: line {label}" for label in record.lines if label not in labels]
            if record.summary is not None and row.summary != record.summary:
                lost.append(f"dossier {dossier}: project {record.summary!r}, found {row.summary!r}")
            if record.rep_name is not None and row.rep_name != record.rep_name:
                lost.append(f"dossier {dossier}: representative {record.rep_name!r}, found {row.rep_name!r}")
            if row.school_count != len(uais):
                stale.append(dossier)
    return lost, stale


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of the values fall (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass
class Outcome:
    started: datetime
    args: Namespace
    elapsed: float
    records: list[Record]
    lost: list[str]
    stale: list[int]
    database: str
    bare_rate: float = 0.0
    cpu: str = ""  # where the CPU went during the load (loadtest/cpu.py)

    @property
    def timings(self) -> list[tuple[str, int, float]]:
        return [t for r in self.records for t in r.timings]

    @property
    def errors(self) -> int:
        return sum(len(r.failures) for r in self.records)


def _latency(timings, kind: str | None = None) -> str:
    values = [s * 1000 for k, _status, s in timings if kind is None or k == kind]
    return (
        f"p50 {percentile(values, 0.5):.0f} ms, p95 {percentile(values, 0.95):.0f} ms, "
        f"p99 {percentile(values, 0.99):.0f} ms ({len(values)} requests)"
    )


def render(o: Outcome) -> str:
    """The report, as printed and as copied into loadtest/README.md."""
    t, a = o.timings, o.args
    acknowledged = (
        sum(len(r.schools) for r in o.records),
        sum(len(r.lines) for r in o.records),
        sum(r.summary is not None for r in o.records),
        sum(r.rep_name is not None for r in o.records),
    )
    failures = [f for r in o.records for f in r.failures]
    rate = len(t) / o.elapsed
    roles = {r.role for r in o.records}
    mix = ", ".join(f"{sum(r.role == role for r in o.records)} {role}s" for role in sorted(roles))
    lines = [
        f"load test of {o.started:%Y-%m-%d %H:%M} UTC: {a.users} people ({mix}) for {a.seconds} s, "
        f"think time {a.think:g} s, arrivals over {getattr(a, 'arrive', 0):g} s, gunicorn {a.workers} workers x {a.threads} threads, {o.database}, "
        f"{os.cpu_count()} CPUs, all on loopback",
        f"requests      {len(t)} ({rate:.1f}/s)"
        + (
            f"; bare page {o.bare_rate:.1f}/s on the same server, ratio {rate / o.bare_rate:.1%}"
            if o.bare_rate
            else ""
        ),
        f"errors        {o.errors}" + (f"  e.g. {failures[:3]}" if failures else ""),
        f"lost writes   {len(o.lost)}"
        + (f"  e.g. {o.lost[:3]}" if o.lost else "")
        + f"  (acknowledged: {acknowledged[0]} schools, {acknowledged[1]} lines, "
        f"last project save of {acknowledged[2]} dossiers, last collectivité save of {acknowledged[3]})",
        f"stale figures {len(o.stale)} dossiers",
        f"latency       all: {_latency(t)}",
        f"              pages: {_latency(t, 'page')}",
        f"              saves: {_latency(t, 'save')}",
        f"              sign-in: {_latency(t, 'sign-in')}",
    ]
    if o.cpu:
        lines.append(o.cpu)
    if any(r.role == "depositor" for r in o.records):
        deposited = sum(r.deposited for r in o.records)
        lines.append(f"              deposits: {_latency(t, 'deposit')}; {deposited} acknowledged")
    by_role = sorted(roles)
    if len(by_role) > 1:
        for role in by_role:
            mine = [x for r in o.records if r.role == role for x in r.timings]
            lines.append(f"  {role + 's':<12} {_latency(mine)}")
    return "\n".join(lines)
