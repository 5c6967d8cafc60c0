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


def test_an_untouched_step_the_rules_find_missing_is_to_complete_never_not_started():
    empty = Dossier("snee-2021", Collectivite("commune", "", "", ""))
    report = step_report(empty, evaluate(empty, get_call("snee-2021"), CLOSED))
    for key, state in report.items():
        if key == "recap":
            continue
        # One status, one count: a step holding a blocking point says so, touched or not.
        expected = "todo" if state.blocking else ("optional" if key == "cofinancements" else "empty")
        assert state.status == expected, key
    assert report["ecoles"].blocking >= 1 and report["projet"].blocking == 1  # still counted, on the recap
    assert report["recap"].status == "blocking"
    assert report["recap"].blocking == 1  # the closed call


def test_the_tabs_of_a_new_dossier_say_which_steps_hold_a_blocking_point(team):
    import re as _re

    from .factories import line_form, school_form

    member, _org, dossier_id = team
    base = f"/dossiers/{dossier_id}"
    assert member.post(f"{base}/ecoles/nouvelle", school_form()).status_code == 302
    assert member.post(f"{base}/budget/nouvelle", line_form()).status_code == 302
    page = member.get(f"{base}/projet").get_data(as_text=True)
    tabs = {
        step: status
        for status, step in _re.findall(r'class="step step-(\w+)[^"]*">\s*<a href="[^"]*/(\w+)"', page)
    }
    assert "Bloquant" in page  # the page lists the step's blocking points
    assert tabs["projet"] == "todo" and "À compléter" in page
    # No co-funder was entered: the step is optional, not complete.
    assert tabs["cofinancements"] == "optional" and "Facultative" in page
