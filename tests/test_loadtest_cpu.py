"""The load test says how the machine's CPUs were shared during the load."""

import os

from loadtest.cpu import Snapshot, snapshot, split


def test_each_part_s_share_of_the_cpus_and_the_rest_as_other_processes(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    before = Snapshot(busy=100.0, server=10.0, generator=1.0, database=2.0)
    after = Snapshot(busy=118.0, server=22.0, generator=3.0, database=3.0)
    line = split(before, after, 10.0)  # 20 CPU-seconds available, 18 used
    assert "20 CPU-seconds available" in line
    assert "server 12.0 s (60%)" in line and "load generator 2.0 s (10%)" in line
    assert "PostgreSQL 1.0 s (5%)" in line and "other processes 3.0 s (15%)" in line
    assert line.endswith("idle 2.0 s")
    assert "not measured" in split(None, after, 10.0)


def test_a_snapshot_counts_this_process_as_the_load_generator():
    if not os.path.exists("/proc/stat"):
        assert snapshot(os.getpid(), "x") is None
        return
    first = snapshot(-1, "no-such-database")
    sum(i * i for i in range(200_000))
    second = snapshot(-1, "no-such-database")
    assert first is not None and second is not None
    assert second.generator >= first.generator and second.busy >= first.busy
    assert first.server == 0 and first.database == 0
