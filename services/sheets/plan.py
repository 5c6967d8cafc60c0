"""What checked rows would do to a dossier: schools added or changed (old → new), lines added,
and the problems only the dossier reveals. The preview shows a plan; the import applies it."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from grants.call import CallDefinition
from grants.dossier import Line, School
from grants.evaluation import Evaluation, evaluate
from grants.i18n import N_
from models import DossierRecord
from services.convert import to_domain

from .columns import INVENTORY, LINES
from .rows import CellError, Parsed

ADD, CHANGE, SAME = "add", "change", "same"
SCHOOL_VALUES = ("name", "kind", "sector", "classes", "pupils")


@dataclass
class Change:
    """One row's effect: a school or a line added, a school changed (its old → new values)."""

    row: int
    action: str
    values: dict[str, Any]
    diff: list[dict] = field(default_factory=list)
    school_id: int | None = None


@dataclass
class Plan:
    """Every row's effect and every problem; applicable only when there is no problem."""

    kind: str
    changes: list[Change]
    errors: list[CellError]

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)

    @property
    def applicable(self) -> bool:
        return not self.errors and any(c.action != SAME for c in self.changes)

    def digest(self) -> str:
        """A fingerprint of what the preview showed, to notice the dossier changed before confirming."""
        shown = [(c.row, c.action, c.values, c.diff) for c in self.changes]
        return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def make_plan(parsed: Parsed, rec: DossierRecord, call: CallDefinition) -> Plan:
    """The plan of an import of schools or of lines into the dossier as it is now."""
    changes = _lines(parsed, rec, call) if parsed.kind == LINES else _schools(parsed, rec)
    return Plan(parsed.kind, changes, parsed.errors)


def _schools(parsed: Parsed, rec: DossierRecord) -> list[Change]:
    by_uai: dict[str, Any] = {}
    for school in rec.schools:
        by_uai.setdefault(school.uai, school)
    return [_school_change(row, by_uai.get(row["uai"])) for row in parsed.rows if row.get("uai")]


def _inventory(row: dict) -> dict[str, int]:
    return {k.removeprefix(INVENTORY): n for k, n in row.items() if k.startswith(INVENTORY) and n is not None}


def _school_change(row: dict, school) -> Change:
    if school is None:
        values = {"uai": row["uai"], **{k: row.get(k) for k in SCHOOL_VALUES}}
        values["sector"] = values["sector"] or "public"
        values["inventory"] = {code: n for code, n in _inventory(row).items() if n}
        return Change(row["_row"], ADD, values)
    values: dict[str, Any] = {}
    diff = []
    for key in SCHOOL_VALUES:
        new = row.get(key)
        if new is not None and new != getattr(school, key):
            values[key] = new
            diff.append({"field": key, "old": getattr(school, key), "new": new})
    old_inventory = dict(school.inventory or {})
    inventory = {**old_inventory, **_inventory(row)}
    inventory = {code: n for code, n in inventory.items() if n}
    if inventory != old_inventory:
        values["inventory"] = inventory
        diff += [
            {"field": INVENTORY + code, "old": old_inventory.get(code, 0), "new": inventory.get(code, 0)}
            for code in sorted(set(old_inventory) | set(inventory))
            if old_inventory.get(code, 0) != inventory.get(code, 0)
        ]
    values.setdefault("name", school.name)
    return Change(row["_row"], CHANGE if diff else SAME, values, diff, school.id)


def _lines(parsed: Parsed, rec: DossierRecord, call: CallDefinition) -> list[Change]:
    uais = {s.uai for s in rec.schools}
    changes = []
    for row in parsed.rows:
        school, category = row.get("school"), row.get("category")
        if school and school not in uais:
            parsed.error(
                row["_row"],
                "school",
                N_(
                    "l'école %(uai)s n'est pas dans le dossier : ajoutez-la "
                    "(ou importez les écoles) avant ses lignes"
                ),
                uai=school,
            )
        cat = call.category(category) if category else None
        # Only the call's dossier-wide volets may hold a line without a school.
        if (
            not school
            and (row["_row"], "school") not in parsed.wrong
            and cat is not None
            and cat.volet not in call.dossier_wide_volets
        ):
            parsed.error(
                row["_row"],
                "school",
                N_("une dépense d'équipement (volet 1) est celle d'une école : indiquez son UAI")
                if call.dossier_wide_volets
                else N_("dans cet appel, chaque dépense est celle d'une école : indiquez son UAI"),
            )
        changes.append(Change(row["_row"], ADD, _line_values(row)))
    return changes


def _line_values(row: dict) -> dict[str, Any]:
    number = lambda key: Decimal(row[key]) if row.get(key) is not None else None  # noqa: E731
    return {
        "school_uai": row.get("school"),
        "category": row.get("category"),
        "label": row.get("label"),
        "quantity": number("quantity"),
        "unit_price_ht": number("unit_price_ht"),
        "vat_rate": number("vat_rate"),
        "duration_months": row.get("duration_months"),
    }


def simulate(rec: DossierRecord, plan: Plan, call: CallDefinition) -> tuple[Evaluation, Evaluation]:
    """The dossier's evaluation now, and as it would be once the plan is applied."""
    before = to_domain(rec)
    after = copy.deepcopy(before)
    by_uai = {s.uai: s for s in reversed(after.schools)}
    for change in plan.changes:
        if plan.kind == LINES:
            v = change.values
            after.lines.append(
                Line(
                    v["school_uai"],
                    v["category"] or "",
                    v["label"] or "",
                    v["quantity"] or Decimal(0),
                    v["unit_price_ht"] or Decimal(0),
                    v["vat_rate"],
                    v["duration_months"],
                )
            )
        elif change.action == ADD:
            after.schools.append(School(**change.values))
        elif change.action == CHANGE:
            school = by_uai[change.values.get("uai") or _uai_of(rec, change.school_id)]
            for key, value in change.values.items():
                setattr(school, key, value)
    return evaluate(before, call), evaluate(after, call)


def _uai_of(rec: DossierRecord, school_id: int | None) -> str:
    return next(s.uai for s in rec.schools if s.id == school_id)
