"""Writing a plan through the dossier's own services: every row or, on any failure, none (the
caller commits once, or rolls back)."""

from __future__ import annotations

from models import DossierRecord, User
from services.budget import add_line
from services.dossiers import Evaluated, log, refresh
from services.schools import SCHOOL_FIELDS, add_school, update_inventory, update_school

from .columns import LINES
from .plan import ADD, CHANGE, Plan


class NotApplicable(ValueError):
    """A plan with problems, or with nothing to do, is never applied."""


def apply_plan(rec: DossierRecord, user: User | None, plan: Plan, filename: str) -> Evaluated:
    """Add and change what the plan says, log the import, re-evaluate; flushes, never commits.

    A colleague's save of the same school in between raises services.editing.Conflict."""
    if not plan.applicable:
        raise NotApplicable(plan.kind)
    if plan.kind == LINES:
        for change in plan.changes:
            add_line(rec, user, change.values)
    else:
        _apply_schools(rec, user, plan)
    log(
        rec,
        user,
        "dossier",
        rec.id,
        "import",
        filename,
        {"kind": plan.kind, "added": plan.count(ADD), "changed": plan.count(CHANGE)},
    )
    return refresh(rec, user)


def _apply_schools(rec: DossierRecord, user: User | None, plan: Plan) -> None:
    schools = {s.id: s for s in rec.schools}
    for change in plan.changes:
        if change.action == ADD:
            school = add_school(rec, user, {k: change.values[k] for k in SCHOOL_FIELDS if k in change.values})
            if change.values["inventory"]:
                update_inventory(rec, user, school.id, school.version, change.values["inventory"])
        elif change.action == CHANGE:
            school = schools[change.school_id]
            update_school(rec, user, school.id, school.version, change.values)
