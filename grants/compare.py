"""What changed between two frozen deposits of a dossier, by school, line and amount.

A pure function of two dossiers in the interchange format and their evaluations: schools are
matched by UAI (then by name, so a corrected UAI reads as a change, not as a new school), lines
within a school by category and label (then by their order within the category), and every
amount is compared with its delta. Field names and statuses are codes; the caller names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .dossier import Dossier, Line, School
from .loader import dossier_from_data
from .money import ZERO, cents, parse_decimal

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"
SCHOOL_FIELDS = ("uai", "name", "kind", "sector", "classes", "pupils", "inventory")
LINE_FIELDS = ("school", "category", "label", "quantity", "unit_price_ht", "vat_rate", "duration_months")
COLLECTIVITE_FIELDS = ("kind", "name", "siret", "insee", "departement", "population", "vat_recovered")
PROJECT_FIELDS = ("summary", "pedagogy", "ien", "concertation")
# Every call's figures; a comparison lists those its evaluations carry (volets, or the schools').
TOTALS = (
    "project_cost",
    "expense",
    "eligible",
    "equipment.eligible",
    "equipment.subsidy",
    "services.eligible",
    "services.subsidy",
    "state_subsidy",
    "cofunding",
    "own_contribution",
)


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs: its code, the old and the new value."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Amount:
    """An amount before and after, with its difference."""

    key: str
    old: Decimal
    new: Decimal

    @property
    def delta(self) -> Decimal:
        """How much it changed (new − old)."""
        return self.new - self.old


@dataclass
class LineChange:
    """A budget line: added, removed, changed or the same, with its HT amount before and after."""

    status: str
    old: Line | None
    new: Line | None
    changes: list[FieldChange]
    amount: Amount

    @property
    def line(self) -> Line:
        """The line as it is now (as it was, when removed)."""
        return self.new or self.old  # type: ignore[return-value]


@dataclass
class SchoolChange:
    """A school (or the dossier-wide group when `uai` is None) and the changes of its lines."""

    status: str
    uai: str | None
    name: str
    changes: list[FieldChange]
    lines: list[LineChange]
    total: Amount
    eligible_equipment: Amount

    @property
    def touched(self) -> bool:
        """Whether the school or one of its lines changed."""
        return self.status != SAME or any(ln.status != SAME for ln in self.lines)


@dataclass
class Comparison:
    """Everything that differs between two deposits, in reading order."""

    schools: list[SchoolChange]
    collectivite: list[FieldChange]
    project: list[str]
    cofunding: list[FieldChange]
    totals: list[Amount]
    findings_added: list[tuple[str, str, str]] = field(default_factory=list)
    findings_removed: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def subsidy(self) -> Amount:
        """The State subsidy asked, before and after."""
        return next(a for a in self.totals if a.key == "state_subsidy")

    @property
    def changed(self) -> bool:
        """Whether anything at all differs."""
        return bool(
            any(s.touched for s in self.schools)
            or self.collectivite
            or self.project
            or self.cofunding
            or any(a.delta for a in self.totals)
        )

    def count(self, status: str) -> int:
        """How many lines have that status."""
        return sum(1 for s in self.schools for ln in s.lines if ln.status == status)


def compare_deposits(
    old: Mapping, old_evaluation: Mapping, new: Mapping, new_evaluation: Mapping
) -> Comparison:
    """Compare two deposits given as interchange-format data with their evaluation data."""
    before, after = dossier_from_data(old), dossier_from_data(new)
    return Comparison(
        schools=_schools(before, after, old_evaluation, new_evaluation),
        collectivite=_collectivite(before, after),
        project=[k for k in PROJECT_FIELDS if getattr(before.project, k) != getattr(after.project, k)],
        cofunding=_cofunding(before, after),
        totals=[
            Amount(k, _figure(old_evaluation, k), _figure(new_evaluation, k))
            for k in TOTALS
            if _carries(old_evaluation, k) or _carries(new_evaluation, k)
        ],
        findings_added=sorted(_findings(new_evaluation) - _findings(old_evaluation)),
        findings_removed=sorted(_findings(old_evaluation) - _findings(new_evaluation)),
    )


def line_amount(line: Line | None) -> Decimal:
    """A line's HT amount: quantity × unit price, rounded to the cent (0 when absent)."""
    return cents(line.quantity * line.unit_price_ht) if line else ZERO


def _diff(old: Any, new: Any, fields: tuple[str, ...]) -> list[FieldChange]:
    return [
        FieldChange(f, getattr(old, f), getattr(new, f)) for f in fields if getattr(old, f) != getattr(new, f)
    ]


def _collectivite(before: Dossier, after: Dossier) -> list[FieldChange]:
    changes = _diff(before.collectivite, after.collectivite, COLLECTIVITE_FIELDS)
    for role in ("representative", "contact"):
        old, new = getattr(before.collectivite, role), getattr(after.collectivite, role)
        if old != new:
            changes.append(FieldChange(role, old, new))
    return changes


def _cofunding(before: Dossier, after: Dossier) -> list[FieldChange]:
    """Funders by name: their contribution before and after (None when absent)."""
    old = {f.funder: f.amount for f in before.cofunding}
    new = {f.funder: f.amount for f in after.cofunding}
    names = list(dict.fromkeys([*old, *new]))
    return [FieldChange(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n)]


def _pair_schools(before: list[School], after: list[School]) -> list[tuple[School | None, School | None]]:
    """Schools matched by UAI, then the rest by name; what remains was added or removed."""
    new_by_uai = {s.uai: s for s in after}
    pairs: list[tuple[School | None, School | None]] = []
    taken: set[int] = set()
    left: list[School] = []
    for school in before:
        match = new_by_uai.get(school.uai)
        if match is not None and id(match) not in taken:
            pairs.append((school, match))
            taken.add(id(match))
        else:
            left.append(school)
    for school in left:
        match = next((s for s in after if id(s) not in taken and s.name == school.name), None)
        if match is not None:
            taken.add(id(match))
        pairs.append((school, match))
    pairs.extend((None, s) for s in after if id(s) not in taken)
    return pairs


def _schools(before: Dossier, after: Dossier, old_ev: Mapping, new_ev: Mapping) -> list[SchoolChange]:
    pairs = _pair_schools(before.schools, after.schools)
    group_of_old = {o.uai: i for i, (o, _n) in enumerate(pairs) if o}
    group_of_new = {n.uai: i for i, (_o, n) in enumerate(pairs) if n}
    groups: dict[Any, tuple[list[Line], list[Line]]] = {}
    for line in before.lines:
        groups.setdefault(_group(line.school, group_of_old), ([], []))[0].append(line)
    for line in after.lines:
        groups.setdefault(_group(line.school, group_of_new), ([], []))[1].append(line)
    changes = [
        _school_change(o, n, groups.get(i, ([], [])), old_ev, new_ev) for i, (o, n) in enumerate(pairs)
    ]
    for key, (old_lines, new_lines) in groups.items():
        if not isinstance(key, int):
            changes.append(_group_change(key, old_lines, new_lines))
    return changes


def _group(uai: str | None, index: dict[str, int]) -> Any:
    """A line's group: its school's pair, or ('uai', code) for a school absent from the dossier."""
    if uai is None:
        return ("dossier", None)
    return index.get(uai, ("uai", uai))


def _school_change(
    old: School | None,
    new: School | None,
    lines: tuple[list[Line], list[Line]],
    old_ev: Mapping,
    new_ev: Mapping,
) -> SchoolChange:
    line_changes = _lines(*lines)
    if old is None or new is None:
        status, changes = (ADDED if old is None else REMOVED), []
    else:
        changes = _diff(old, new, SCHOOL_FIELDS)
        status = CHANGED if changes else SAME
    current = new or old
    assert current is not None
    return SchoolChange(
        status,
        current.uai,
        current.name,
        changes,
        line_changes,
        _total(line_changes),
        Amount("equipment_eligible", _school_figure(old_ev, old), _school_figure(new_ev, new)),
    )


def _group_change(key: tuple, old_lines: list[Line], new_lines: list[Line]) -> SchoolChange:
    """Dossier-wide lines, or lines naming a school that is in neither deposit."""
    line_changes = _lines(old_lines, new_lines)
    status = SAME if all(ln.status == SAME for ln in line_changes) else CHANGED
    return SchoolChange(
        status,
        key[1],
        key[1] or "",
        [],
        line_changes,
        _total(line_changes),
        Amount("equipment_eligible", ZERO, ZERO),
    )


def _total(lines: list[LineChange]) -> Amount:
    return Amount(
        "total_ht", sum((ln.amount.old for ln in lines), ZERO), sum((ln.amount.new for ln in lines), ZERO)
    )


def _lines(before: list[Line], after: list[Line]) -> list[LineChange]:
    """Lines matched by (category, label), then by order within their category."""
    pairs: list[tuple[Line | None, Line | None]] = []
    remaining = list(after)
    unmatched: list[Line] = []
    for line in before:
        match = next((n for n in remaining if (n.category, n.label) == (line.category, line.label)), None)
        if match is None:
            unmatched.append(line)
        else:
            remaining.remove(match)
            pairs.append((line, match))
    for line in unmatched:
        match = next((n for n in remaining if n.category == line.category), None)
        if match is not None:
            remaining.remove(match)
        pairs.append((line, match))
    pairs.extend((None, n) for n in remaining)
    order = {id(n): i for i, n in enumerate(after)}
    pairs.sort(key=lambda p: (p[1] is None, order.get(id(p[1]), 0)))
    return [_line_change(o, n) for o, n in pairs]


def _line_change(old: Line | None, new: Line | None) -> LineChange:
    amount = Amount("ht", line_amount(old), line_amount(new))
    if old is None or new is None:
        return LineChange(ADDED if old is None else REMOVED, old, new, [], amount)
    changes = _diff(old, new, LINE_FIELDS)
    return LineChange(CHANGED if changes else SAME, old, new, changes, amount)


def _carries(evaluation: Mapping, key: str) -> bool:
    """Whether the evaluation gives that figure (a call without volets has no `equipment`)."""
    value: Any = evaluation.get("funding", {})
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return False
        value = value[part]
    return True


def _figure(evaluation: Mapping, key: str) -> Decimal:
    value: Any = evaluation.get("funding", {})
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return parse_decimal(value) or ZERO


def _school_figure(evaluation: Mapping, school: School | None) -> Decimal:
    if school is None:
        return ZERO
    found = next((s for s in evaluation.get("schools", []) if s.get("uai") == school.uai), {})
    # A volets call retains each school's equipment; a band call, its spend within the band.
    return parse_decimal(found.get("equipment_eligible", found.get("eligible_expense", "0"))) or ZERO


def _findings(evaluation: Mapping) -> set[tuple[str, str, str]]:
    """(severity, rule, message): paths hold indices, which shift when a school is removed."""
    return {(f["severity"], f["rule"], f.get("message") or f["path"]) for f in evaluation.get("findings", [])}
