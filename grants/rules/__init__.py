"""The rules, one module per family; each check is a pure function of a Context, registered by
name (`check_siret` is "siret") so that a call's TOML file lists the rules that apply to it."""

from __future__ import annotations

from ..findings import Check
from . import band, budget, eligibility, financing, identity, needs, project

REGISTRY: dict[str, Check] = {
    check.__name__.removeprefix("check_"): check
    for module in (identity, eligibility, budget, band, needs, financing, project)
    for check in module.CHECKS
}


# The rule codes each check may report: a call's report lists only its own rules.
CODES: dict[str, tuple[str, ...]] = {
    "siret": ("ID-SIRET", "ID-SIRET-KIND"),
    "insee": ("ID-INSEE",),
    "representative": ("ID-REPRESENTATIVE",),
    "uais": ("ID-UAI", "ID-UAI-DEPT"),
    "duplicates": ("DUP-UAI",),
    "applicant": ("ELIG-APPLICANT",),
    "school_kinds": ("ELIG-SCHOOL-KIND", "ELIG-PRIVATE"),
    "some_school": ("ELIG-NO-SCHOOL",),
    "some_expense": ("ELIG-NO-EXPENSE",),
    "lines": ("LINE-CATEGORY", "LINE-SCHOOL", "LINE-OUTSIDE"),
    "school_caps": ("EQ-CAP-CLASS", "EQ-MIN-SCHOOL"),
    "dossier_cap": ("EQ-CAP-DOSSIER",),
    "durations": ("SRV-DURATION",),
    "services": ("SRV-NONE", "SRV-CAP-PUPIL"),
    "population": ("ELIG-POPULATION", "ELIG-GROUPING"),
    "school_band": ("SCHOOL-FLOOR", "SCHOOL-CAP"),
    "band_expense": ("ELIG-NO-EXPENSE",),
    "needs": ("NEED-MET",),
    "socle": ("SCHOOL-AT-SOCLE",),
    "financing": ("FIN-OVERFUNDED", "FIN-MIN-OWN"),
    "project": ("PROJECT-MISSING", "PROJECT-SHORT"),
    "window": ("CALL-CLOSED",),
}


def codes_of(names: tuple[str, ...]) -> tuple[str, ...]:
    """The rule codes of the checks a call lists, each once, in the call's order."""
    return tuple(dict.fromkeys(code for name in names for code in CODES.get(name, ())))


def checks_of(names: tuple[str, ...]) -> tuple[Check, ...]:
    """The checks a call lists, in its order; an unknown name is a mistake of the call's file."""
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown rules {unknown}; known: {sorted(REGISTRY)}")
    return tuple(REGISTRY[n] for n in names)
