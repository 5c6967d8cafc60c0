"""Each need of a school is proposed at the catalogue's price, or has a reason it is not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from grants.call import get_call
from grants.dossier import School
from grants.proposals import ALTERNATIVE, IN_BUDGET, MET, NO_PRICE, OUTSIDE, PROPOSED, needs_and_proposal

CALL = get_call("snee-2021")


def school(kind="elementaire", sector="public", classes=2, **inventory) -> School:
    return School("0750655E", "École", kind, sector, classes, 40, inventory)


def outcomes(s: School, already=frozenset()) -> dict[str, tuple[int, str]]:
    return {n.code: (n.quantity, n.outcome) for n in needs_and_proposal(s, CALL, set(already))}


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
