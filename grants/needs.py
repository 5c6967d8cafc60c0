"""The état des lieux against the référentiel: what each school still needs."""

from __future__ import annotations

from .call import CallDefinition
from .dossier import School


def item_need(school: School, code: str, call: CallDefinition) -> int | None:
    """Units still needed: classes not yet equipped, or one when the school has none; None
    for an item the référentiel does not count per class or per school."""
    category = call.category(code)
    if category is None or category.volet != 1:
        return None
    have = school.inventory.get(code, 0)
    if category.scope == "class":
        return max(0, school.classes - have)
    return 0 if have > 0 else 1


def school_needs(school: School, call: CallDefinition) -> dict[str, int]:
    """Every volet 1 item of the référentiel with the units the school still needs."""
    return {code: need for code in call.categories if (need := item_need(school, code, call)) is not None}


def meets_socle(school: School, call: CallDefinition) -> bool:
    """Every class has display, teacher laptop and audio; the school has the shared items."""
    inv = school.inventory
    if school.classes <= 0:
        return False
    per_class = all(inv.get(code, 0) >= school.classes for code in call.socle_per_class)
    per_school = all(inv.get(code, 0) >= 1 for code in call.socle_per_school)
    mobile = any(inv.get(code, 0) >= 1 for code in call.socle_mobile_any)
    return per_class and per_school and mobile


def proposed_items(school: School, call: CallDefinition, already: set[str]) -> list[tuple[str, int]]:
    """(category, quantity) to propose for the socle items a school still needs, skipping
    categories it already has a line for; one mobile pack when it has none."""
    needs = school_needs(school, call)
    wanted = [*call.socle_per_class, *call.socle_per_school]
    if not any(school.inventory.get(c, 0) for c in call.socle_mobile_any) and not (
        already & set(call.socle_mobile_any)
    ):
        wanted.append(call.socle_mobile_any[0])
    return [(code, needs[code]) for code in wanted if needs.get(code) and code not in already]
