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


def checks_of(names: tuple[str, ...]) -> tuple[Check, ...]:
    """The checks a call lists, in its order; an unknown name is a mistake of the call's file."""
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise KeyError(f"unknown rules {unknown}; known: {sorted(REGISTRY)}")
    return tuple(REGISTRY[n] for n in names)
