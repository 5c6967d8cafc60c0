"""One function gives each step's status and blocking points: its invariants over every example."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from grants.call import get_call
from grants.dossier import Collectivite, Dossier
from grants.evaluation import evaluate
from grants.loader import dossier_from_data
from services.steps import STEP_KEYS, blocking_total, step_of, step_report

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.json"))
EXAMPLES = [p for p in EXAMPLES if not p.name.endswith(".expected.json")]
CLOSED = datetime(2026, 12, 1, 12, 0)


def _dossier(path: Path) -> Dossier:
    return dossier_from_data(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("at", [None, CLOSED])
def test_complete_never_sits_beside_a_blocking_point_and_the_counts_add_up(path, at):
    dossier = _dossier(path)
    ev = evaluate(dossier, get_call(dossier.call), at)
    report = step_report(dossier, ev)
    assert set(report) == set(STEP_KEYS)
    assert blocking_total(report) == len(ev.blocking())
    for key, state in report.items():
        assert state.blocking == sum(step_of(f) == key for f in ev.blocking())
        if state.status == "complete":
            assert state.blocking == 0, key
    assert (report["recap"].status == "complete") == (not ev.blocking())


def test_an_untouched_step_is_not_started_even_when_the_rules_say_it_is_missing():
    empty = Dossier("snee-2021", Collectivite("commune", "", "", ""))
    report = step_report(empty, evaluate(empty, get_call("snee-2021"), CLOSED))
    assert {k: s.status for k, s in report.items() if k != "recap"} == dict.fromkeys(STEP_KEYS[:-1], "empty")
    assert report["ecoles"].blocking >= 1 and report["projet"].blocking == 1  # still counted, on the recap
    assert report["recap"].status == "blocking"
    assert report["recap"].blocking == 1  # the closed call
