"""The rules, one module per family; each check is a pure function of a Context."""

from __future__ import annotations

from ..findings import Check
from . import budget, eligibility, financing, identity, needs, project

CHECKS: tuple[Check, ...] = (
    *identity.CHECKS,
    *eligibility.CHECKS,
    *budget.CHECKS,
    *needs.CHECKS,
    *financing.CHECKS,
    *project.CHECKS,
)
