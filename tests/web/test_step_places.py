"""Where each finding is fixed comes from the rules' own metadata, not from a list of one call's
rule codes in the web layer; and no code of the application names a call."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grants.call import get_call, known_calls
from grants.evaluation import evaluate
from grants.findings import RULES, Finding
from grants.loader import dossier_from_json
from services import steps
from services.steps import STEP_KEYS, step_of

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "tests" / "examples"
RULE_CODE = re.compile(r"[\"'][A-Z]{2,}(?:-[A-Z0-9]+)+[\"']")


def test_the_rule_to_step_map_names_no_rule_code():
    source = Path(steps.__file__).read_text(encoding="utf-8")
    assert RULE_CODE.findall(source) == []


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items() if r.place))
def test_a_rule_with_a_place_is_shown_on_that_step_whatever_its_path(code):
    assert RULES[code].place in STEP_KEYS
    for path in ("schools[0]", "lines[2].school", "collectivite.name", "call"):
        assert step_of(Finding(code, RULES[code].severity, path, "")) == RULES[code].place


def test_without_a_place_the_path_decides():
    assert step_of(Finding("ID-SIRET", "blocking", "collectivite.siret", "")) == "collectivite"
    assert step_of(Finding("LINE-SCHOOL", "blocking", "lines[1].school", "")) == "budget"


@pytest.mark.parametrize(
    "example", sorted(p.name for p in EXAMPLES.glob("*.json") if ".expected" not in p.name)
)
def test_every_finding_of_every_example_lands_on_a_step(example):
    dossier = dossier_from_json((EXAMPLES / example).read_bytes())
    call = get_call(dossier.call)
    for finding in evaluate(dossier, call).findings:
        assert step_of(finding) in STEP_KEYS
        assert finding.rule in RULES


def test_a_school_s_band_findings_are_fixed_in_the_budget():
    for code in ("SCHOOL-FLOOR", "SCHOOL-CAP", "EQ-CAP-CLASS", "EQ-MIN-SCHOOL"):
        assert step_of(Finding(code, RULES[code].severity, "schools[0]", "")) == "budget"


@pytest.mark.parametrize("folder", ["web", "forms", "services", "models", "templates"])
def test_no_application_code_names_a_call(folder):
    """A call is a file of grants/calls/: the pages, forms, services and models take it from the
    dossier (or the call chosen), never by name."""
    names = [re.escape(c) for c in known_calls()]
    pattern = re.compile("|".join(names))
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in (".py", ".html", ".txt")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
