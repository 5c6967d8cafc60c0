"""The wizard's steps, where each finding belongs, and each step's status."""

from __future__ import annotations

import re

from grants.dossier import Dossier
from grants.evaluation import Evaluation
from grants.findings import BLOCKING, Finding
from grants.i18n import N_

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
STATUS_LABELS = {
    "empty": N_("Non commencée"),
    "progress": N_("En cours"),
    "complete": N_("Complète"),
    "blocking": N_("À corriger"),
}

_BY_RULE = {
    "SCHOOL-AT-SOCLE": "etat",
    "NEED-MET": "budget",
    "EQ-CAP-CLASS": "budget",
    "EQ-MIN-SCHOOL": "budget",
    "CALL-CLOSED": "recap",
}
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
        # No other funder is a complete answer, once there is a budget to fund.
        "cofinancements": (bool(d.cofunding), bool(d.lines)),
        "projet": (any(t.strip() for t in texts), all(t.strip() for t in texts)),
        "recap": (False, False),
    }


def step_statuses(d: Dossier, ev: Evaluation) -> dict[str, str]:
    """Each step's status: empty, progress, complete, or blocking."""
    blocked = {step_of(f) for f in ev.findings if f.severity == BLOCKING}
    statuses = {}
    for key, (started, complete) in _filled(d).items():
        if key in blocked and (started or key in ("ecoles", "projet")):
            statuses[key] = "blocking"
        elif complete:
            statuses[key] = "complete"
        else:
            statuses[key] = "progress" if started else "empty"
    statuses["recap"] = "blocking" if ev.blocking() else "complete"
    return statuses
