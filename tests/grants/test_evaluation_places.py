"""`Evaluation.at` gives the findings of a place and of what it contains, as the plain
definition would, from an index built once (the pages ask it for every school)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from grants.evaluation import Evaluation
from grants.findings import Finding

from .factories import SNEE, dossier, evaluated

SEGMENTS = st.sampled_from(
    ["schools[0]", "schools[1]", "schools[10]", "uai", "budget", "lines[2]", "call", "x"]
)
PATHS = st.lists(SEGMENTS, min_size=1, max_size=4).map(".".join)


def _plain(ev: Evaluation, prefix: str) -> list[Finding]:
    return [f for f in ev.findings if f.path == prefix or f.path.startswith(prefix + ".")]


@given(st.lists(PATHS, max_size=30), PATHS)
def test_at_gives_what_the_plain_definition_gives(paths, prefix):
    base = evaluated(dossier())
    findings = [Finding("R", "warning", path, "m") for path in paths]
    ev = Evaluation(SNEE, findings, base.funding)
    assert ev.at(prefix) == _plain(ev, prefix)


def test_a_school_does_not_take_the_findings_of_a_school_whose_number_begins_like_its_own():
    base = evaluated(dossier())
    one, ten = Finding("R", "warning", "schools[1].uai", "a"), Finding("R", "warning", "schools[10].uai", "b")
    ev = Evaluation(SNEE, [one, ten], base.funding)
    assert ev.at("schools[1]") == [one]
    assert ev.at("schools[10]") == [ten]
    assert ev.at("schools") == []


def test_the_list_returned_is_the_callers():
    base = evaluated(dossier())
    ev = Evaluation(SNEE, [Finding("R", "warning", "call", "a")], base.funding)
    ev.at("call").clear()
    assert len(ev.at("call")) == 1
