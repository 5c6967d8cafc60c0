"""The wizard's steps, where each finding belongs, and each step's status."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from grants.dossier import Dossier
from grants.evaluation import Evaluation
from grants.findings import BLOCKING, RULES, Finding
from grants.i18n import N_

# The wizard's pages, in order, with their own titles: what a call that names no steps shows. A
# call names them in its `[[steps]]` (title and help, grants.call.StepText): see `steps_of`.
STEPS = (
    ("collectivite", N_("Collectivité")),
    ("ecoles", N_("Écoles")),
    ("etat", N_("État des lieux et besoins")),
    ("budget", N_("Budget")),
    ("cofinancements", N_("Cofinancements")),
    ("projet", N_("Projet pédagogique")),
    ("recap", N_("Récapitulatif et dépôt")),
)
STEP_KEYS = tuple(key for key, _ in STEPS)


def steps_of(call) -> tuple[tuple[str, str], ...]:
    """(key, French title) of each step as the call names them, in the wizard's order; a step
    the call does not name keeps the wizard's title (a call names pages, it does not add any)."""
    named = {st.key: st.title for st in getattr(call, "steps", ()) or ()}
    return tuple((key, named.get(key, title)) for key, title in STEPS)


def step_help(call, key: str) -> str:
    """The call's French help under a step's title ("" when it gives none)."""
    return next((st.help for st in getattr(call, "steps", ()) or () if st.key == key), "")


STATUS_LABELS = {
    "empty": N_("Non commencée"),
    "progress": N_("En cours"),
    "complete": N_("Complète"),
    "blocking": N_("À corriger"),
    # An untouched step the rules find missing: its blocking points are counted beside it.
    "todo": N_("À compléter"),
    # An untouched step nothing requires (no co-funder is a complete answer).
    "optional": N_("Facultative"),
}
# Steps the team may leave empty.
OPTIONAL_STEPS = ("cofinancements",)

# Where a rule's findings are fixed, when not where their path points: the rules' own metadata
# (grants.findings.RULES, `place`), so that a call's rules bring their places with them.
_BY_RULE = {code: rule.place for code, rule in RULES.items() if rule.place}
_BY_PATH = (
    ("collectivite", "collectivite"),
    ("schools", "ecoles"),
    ("lines", "budget"),
    ("funding.own_contribution", "cofinancements"),
    ("funding", "budget"),
    ("project", "projet"),
    ("call", "recap"),
)


def step_of(finding: Finding) -> str:
    """The step where a finding is shown and fixed."""
    if finding.rule in _BY_RULE:
        return _BY_RULE[finding.rule]
    return next((step for prefix, step in _BY_PATH if finding.path.startswith(prefix)), "recap")


REPRESENTATIVE = "collectivite.representative"


def representative_fields(f: Finding) -> list[str]:
    """The Collectivité form's fields a finding about the representative as a whole concerns:
    those its `parts` name as missing (ID-REPRESENTATIVE), else the name."""
    return [f"rep_{part}" for part in f.params.get("parts", "name").split()] or ["rep_name"]


def index_of(path: str, kind: str) -> int | None:
    """The index in `schools[3].uai` or `lines[7]`."""
    match = re.match(rf"{kind}\[(\d+)\]", path)
    return int(match.group(1)) if match else None


def _filled(d: Dossier) -> dict[str, tuple[bool, bool]]:
    """(started, complete) of each step from the data alone."""
    c = d.collectivite
    fields = [c.name, c.siret, c.insee, c.representative.name]
    inventory = any(s.inventory for s in d.schools)
    texts = [d.project.summary, d.project.pedagogy, d.project.ien, d.project.concertation]
    return {
        "collectivite": (any(fields), all(fields)),
        "ecoles": (bool(d.schools), bool(d.schools)),
        "etat": (inventory, inventory),
        "budget": (bool(d.lines), bool(d.lines)),
        # Started by a co-funder; without one the step is optional, not complete.
        "cofinancements": (bool(d.cofunding), bool(d.cofunding)),
        "projet": (any(t.strip() for t in texts), all(t.strip() for t in texts)),
    }


@dataclass(frozen=True)
class StepState:
    """A step's status and how many blocking points it holds."""

    status: str  # empty, progress, complete, blocking
    blocking: int


def step_report(d: Dossier, ev: Evaluation) -> dict[str, StepState]:
    """Each step's status and blocking points, from one evaluation (the one the page shows).

    A step with a blocking point is « À corriger » (started) or « À compléter » (untouched),
    never « Non commencée » nor « Complète »; an untouched step without one is « Non commencée »,
    or « Facultative » when nothing requires it; the recap holds the points of no other step
    and is complete when none block."""
    counts = Counter(step_of(f) for f in ev.findings if f.severity == BLOCKING)
    report = {}
    for key, (started, complete) in _filled(d).items():
        if counts[key]:
            status = "blocking" if started else "todo"
        elif not started:
            status = "optional" if key in OPTIONAL_STEPS else "empty"
        else:
            status = "complete" if complete else "progress"
        report[key] = StepState(status, counts[key])
    report["recap"] = StepState("blocking" if sum(counts.values()) else "complete", counts["recap"])
    return report


def on_its_step(f: Finding) -> Finding:
    """A finding as its own step's page shows it: a message that sends the reader to that step
    (« Indiquez-la à l'étape Collectivité ») has a wording for that page (grants.rules.band)."""
    from grants.rules.band import ON_ITS_STEP

    here = ON_ITS_STEP.get(f.message)
    return replace(f, message=here) if here else f


def blocking_total(report: dict[str, StepState]) -> int:
    """The blocking points of the whole dossier: the sum over its steps."""
    return sum(state.blocking for state in report.values())


def step_statuses(d: Dossier, ev: Evaluation) -> dict[str, str]:
    """Each step's status alone (see `step_report`)."""
    return {key: state.status for key, state in step_report(d, ev).items()}
