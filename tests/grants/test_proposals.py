"""Each need of a school is proposed at the catalogue's price, or has a reason it is not."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from grants.call import get_call
from grants.dossier import School
from grants.proposals import ALTERNATIVE, IN_BUDGET, MET, NO_PRICE, OUTSIDE, PROPOSED, needs_and_proposal

CALL = get_call("snee-2021")


def school(kind="elementaire", sector="public", classes=2, **inventory) -> School:
    return School("0750655E", "École", kind, sector, classes, 40, inventory)


# The outcomes other than the cap's, on the call without its per-class cap (tested below).
UNCAPPED = dataclasses.replace(CALL, equipment_cap_per_class=Decimal(0))


def outcomes(s: School, already=frozenset()) -> dict[str, tuple[int, str]]:
    return {n.code: (n.quantity, n.outcome) for n in needs_and_proposal(s, UNCAPPED, set(already))}


def test_every_volet_1_item_gets_an_outcome():
    found = outcomes(school())
    assert set(found) == {c for c, cat in CALL.categories.items() if cat.volet == 1}
    assert found["classe_affichage"] == (2, PROPOSED)
    assert found["reseau_wifi"] == (1, NO_PRICE)
    assert found["mobile_tablettes"] == (1, PROPOSED)
    assert found["mobile_portables"] == (1, ALTERNATIVE)


def test_a_proposed_need_carries_the_catalogues_price():
    need = next(n for n in needs_and_proposal(school(), CALL, set()) if n.code == "classe_affichage")
    assert need.unit_price == Decimal("1890.00") and need.proposed


@pytest.mark.parametrize(
    ("inventory", "already", "code", "expected"),
    [
        ({"classe_affichage": 2}, (), "classe_affichage", (0, MET)),
        ({"classe_affichage": 1}, (), "classe_affichage", (1, PROPOSED)),
        ({}, ("classe_affichage",), "classe_affichage", (2, IN_BUDGET)),
        ({"mobile_portables": 1}, (), "mobile_tablettes", (1, MET)),
        ({}, ("mobile_portables",), "mobile_tablettes", (1, MET)),
    ],
)
def test_boundaries_of_each_reason(inventory, already, code, expected):
    assert outcomes(school(**inventory), already)[code] == expected


@pytest.mark.parametrize(
    ("kind", "sector"), [("maternelle", "public"), ("elementaire", "prive_hors_contrat")]
)
def test_a_school_outside_the_call_has_every_need_outside(kind, sector):
    assert {o for _q, o in outcomes(school(kind, sector)).values()} == {OUTSIDE}


@pytest.mark.parametrize("classes, spent", [(5, "0"), (1, "0"), (5, "10000"), (2, "5000")])
def test_the_proposed_lines_keep_the_school_within_its_cap(classes, spent):
    from grants.proposals import OVER_CAP, school_cap

    s = school(classes=classes)
    needs = needs_and_proposal(s, CALL, set(), Decimal(spent))
    vat = 1 + CALL.default_vat_rate
    proposed = sum((n.quantity * n.unit_price * vat for n in needs if n.proposed), Decimal(0))
    cap = school_cap(s, CALL)
    assert Decimal(spent) * vat + proposed <= cap
    # What did not fit says so, and whatever fits is still proposed.
    unfit = [n for n in needs if n.outcome == OVER_CAP]
    assert all(n.unit_price is None and n.quantity > 0 for n in unfit)
    without_cap = {n.code: n for n in needs_and_proposal(s, CALL, set()) if n.proposed}
    if sum(n.quantity * n.unit_price * vat for n in without_cap.values()) + Decimal(spent) * vat > cap:
        assert unfit or any(n.quantity < without_cap[n.code].quantity for n in needs if n.proposed)
