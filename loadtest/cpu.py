"""Where the CPU went while the load ran: the server (gunicorn's master and workers), the load
generator (this process), the PostgreSQL backends of the scratch database, and everything else
on the machine, read from /proc (Linux). The load generator runs on the same CPUs as what it
measures: this says how much of the machine each one took."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Snapshot:
    busy: float  # seconds of CPU the whole machine spent (every CPU, not idle)
    server: float
    generator: float
    database: float


def _stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a process, None when it is gone."""
    try:
        text = (PROC / pid / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rfind(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _busy() -> float:
    values = [int(v) for v in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / TICK


def snapshot(server_pid: int, database: str) -> Snapshot | None:
    """The CPU seconds so far of each part (None where /proc cannot be read)."""
    if not (PROC / "stat").exists():
        return None
    server = db = 0.0
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        found = _stat(entry.name)
        if found is None:
            continue
        parent, seconds = found
        if int(entry.name) == server_pid or parent == server_pid:
            server += seconds
        elif parent != os.getpid():
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            # a backend's title: "postgres: <user> <database> 127.0.0.1(port) idle"
            if title.startswith("postgres:") and f" {database} " in title:
                db += seconds
    times = os.times()
    return Snapshot(_busy(), server, times.user + times.system, db)


def split(before: Snapshot | None, after: Snapshot | None, seconds: float) -> str:
    """The line of the report: each part's share of the machine's CPUs during the load."""
    if before is None or after is None or seconds <= 0:
        return "CPU           (not measured: no /proc)"
    capacity = (os.cpu_count() or 1) * seconds
    parts = {
        "server": after.server - before.server,
        "load generator": after.generator - before.generator,
        "PostgreSQL": after.database - before.database,
    }
    busy = after.busy - before.busy
    parts["other processes"] = max(0.0, busy - sum(parts.values()))
    shown = ", ".join(f"{name} {value:.1f} s ({value / capacity:.0%})" for name, value in parts.items())
    return (
        f"CPU           {capacity:.0f} CPU-seconds available: {shown}; idle {max(0.0, capacity - busy):.1f} s"
    )
