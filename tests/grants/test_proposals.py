"""Each need of a school is proposed at the catalogue's price, or has a reason it is not."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from grants.call import get_call
from grants.dossier import Collectivite, Dossier, Line, School
from grants.funding import compute_funding
from grants.proposals import (
    ALTERNATIVE,
    EQUIVALENT_HELD,
    EQUIVALENT_IN_BUDGET,
    IN_BUDGET,
    MET,
    NO_PRICE,
    OUTSIDE,
    OVER_CAP,
    PROPOSED,
    capped_spend,
    dossier_proposals,
    needs_and_proposal,
    school_cap,
)

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
        ({"mobile_portables": 1}, (), "mobile_tablettes", (1, EQUIVALENT_HELD)),
        ({}, ("mobile_portables",), "mobile_tablettes", (1, EQUIVALENT_IN_BUDGET)),
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
    s = school(classes=classes)
    # VAT recovered (the default): `spent` and the lines' base are HT.
    needs = needs_and_proposal(s, CALL, set(), Decimal(spent))
    proposed = sum((n.quantity * n.unit_price for n in needs if n.proposed), Decimal(0))
    cap = school_cap(s, CALL)
    assert Decimal(spent) + proposed <= cap
    # What did not fit says so, and whatever fits is still proposed.
    unfit = [n for n in needs if n.outcome == OVER_CAP]
    assert all(n.unit_price is None and n.quantity > 0 for n in unfit)
    without_cap = {n.code: n for n in needs_and_proposal(s, UNCAPPED, set()) if n.proposed}
    if sum(n.quantity * n.unit_price for n in without_cap.values()) + Decimal(spent) > cap:
        assert unfit or any(n.over_cap for n in needs if n.proposed)
    assert all(n.needed == without_cap[n.code].quantity for n in needs if n.proposed)


# --- The cap's room on the funding's base, and what a scaled-down need leaves out -------------

SNEE, LABEL = CALL, get_call("label-ecoles-numeriques-2020")
EQUIPPED = dict(
    classe_affichage=99,
    classe_poste_enseignant=99,
    classe_audio=99,
    classe_capture=1,
    direction_poste=1,
    direction_impression=1,
)


def dossier_of(call, vat_recovered: bool, classes: int, inventory: dict, lines) -> Dossier:
    s = School("0750655E", "École", "elementaire", "public", classes, 20 * classes, inventory)
    c = Collectivite("commune", "Commune", "21350238000010", "35238", vat_recovered=vat_recovered)
    budget = [Line("0750655E", cat, cat, Decimal(1), Decimal(ht), Decimal("0.20")) for cat, ht in lines]
    return Dossier(call.id, c, [s], budget)


# call, VAT recovered, classes, what is missing of the état des lieux, lines already there (HT),
# the need looked at: (units proposed, units left out beyond the cap, its outcome)
CAP_CASES = [
    # Label, cap 14 000 € on the base: 11 000 € HT + 6 × 150 € HT fits when VAT is recovered;
    # on the TTC base 13 200 € leaves room for 4 micros at 180 € TTC.
    (LABEL, True, 6, {"classe_audio": 0}, [("reseau_cablage", "11000")], "classe_audio", (6, 0, PROPOSED)),
    (LABEL, False, 6, {"classe_audio": 0}, [("reseau_cablage", "11000")], "classe_audio", (4, 2, PROPOSED)),
    (LABEL, True, 6, {"classe_audio": 0}, [("reseau_cablage", "13500")], "classe_audio", (3, 3, PROPOSED)),
    (LABEL, False, 6, {"classe_audio": 0}, [("reseau_cablage", "11650")], "classe_audio", (0, 6, OVER_CAP)),
    # 2021 call, 10 classes, cap 35 000 € of equipment: 28 950 € HT + a 4 000 € tablet class fits
    # on the HT base; its TTC (34 740 € + 4 800 €) does not.
    (SNEE, True, 10, {}, [("reseau_cablage", "28950")], "mobile_tablettes", (1, 0, PROPOSED)),
    (SNEE, False, 10, {}, [("reseau_cablage", "28950")], "mobile_tablettes", (0, 1, OVER_CAP)),
    # Lines outside the equipment cap (volet 0, volet 2) leave its room alone.
    (
        SNEE,
        True,
        10,
        {},
        [("reseau_cablage", "28950"), ("formation", "5000")],
        "mobile_tablettes",
        (1, 0, PROPOSED),
    ),
    (
        SNEE,
        False,
        2,
        {"classe_audio": 0},
        [("ressource_numerique", "9000")],
        "classe_audio",
        (2, 0, PROPOSED),
    ),
    # 3 classes, cap 10 500 €: 10 020 € TTC leaves room for 2 micros at 180 € TTC, not 3; on the
    # HT base, 10 200 € leaves exactly 2 × 150 €.
    (SNEE, False, 3, {"classe_audio": 0}, [("reseau_cablage", "8350")], "classe_audio", (2, 1, PROPOSED)),
    (SNEE, True, 3, {"classe_audio": 0}, [("reseau_cablage", "10200")], "classe_audio", (2, 1, PROPOSED)),
]


def _scaled(need) -> tuple[int, int, str]:
    if need.proposed:
        return need.quantity, need.over_cap, need.outcome
    return 0, need.quantity if need.outcome == OVER_CAP else 0, need.outcome


@pytest.mark.parametrize(
    ("call", "vat_recovered", "classes", "missing", "budget", "code", "expected"), CAP_CASES
)
def test_the_room_under_the_cap_is_on_the_subsidy_base(
    call, vat_recovered, classes, missing, budget, code, expected
):
    dossier = dossier_of(call, vat_recovered, classes, {**EQUIPPED, **missing}, budget)
    needs = {n.code: n for n in dossier_proposals(dossier, call)[0]}
    assert _scaled(needs[code]) == expected
    proposed, left_out, _outcome = expected
    assert needs[code].needed == proposed + left_out


@pytest.mark.parametrize(
    ("call", "vat_recovered", "classes", "missing", "budget", "code", "expected"), CAP_CASES
)
def test_after_proposing_the_funding_finds_the_school_within_its_cap_and_full(
    call, vat_recovered, classes, missing, budget, code, expected
):
    """What the proposal leaves out is what the funding computation would cut: with the proposed
    lines the school is within its cap, and one more unit of a left-out need would exceed it."""
    dossier = dossier_of(call, vat_recovered, classes, {**EQUIPPED, **missing}, budget)
    needs = dossier_proposals(dossier, call)[0]
    cap = school_cap(dossier.schools[0], call)

    def spend(extra) -> Decimal:
        d = dataclasses.replace(dossier, lines=[*dossier.lines, *extra])
        return capped_spend(compute_funding(d, call).schools[0], call)

    lines = [
        Line("0750655E", n.code, n.code, Decimal(n.quantity), n.unit_price, call.default_vat_rate)
        for n in needs
        if n.proposed
    ]
    assert spend(lines) <= cap
    price = call.indicative_prices[code]
    one_more = Line("0750655E", code, code, Decimal(1), price, call.default_vat_rate)
    if expected[1]:
        assert spend([*lines, one_more]) > cap


def test_a_scaled_down_need_says_what_it_leaves_out_and_why():
    dossier = dossier_of(LABEL, False, 6, {**EQUIPPED, "classe_audio": 0}, [("reseau_cablage", "11000")])
    audio = next(n for n in dossier_proposals(dossier, LABEL)[0] if n.code == "classe_audio")
    assert (audio.quantity, audio.needed, audio.left_out) == (4, 6, (OVER_CAP, 2))
    wifi = next(n for n in dossier_proposals(dossier, LABEL)[0] if n.code == "reseau_wifi")
    assert wifi.left_out == (NO_PRICE, 1)


@pytest.mark.parametrize(
    ("call", "vat_recovered", "classes", "missing", "budget", "code", "expected"), CAP_CASES
)
def test_after_proposing_what_the_cap_left_out_is_still_listed_with_its_reason(
    call, vat_recovered, classes, missing, budget, code, expected
):
    dossier = dossier_of(call, vat_recovered, classes, {**EQUIPPED, **missing}, budget)
    added = [
        Line("0750655E", n.code, n.code, Decimal(n.quantity), n.unit_price, call.default_vat_rate)
        for n in dossier_proposals(dossier, call)[0]
        if n.proposed
    ]
    after = dataclasses.replace(dossier, lines=[*dossier.lines, *added])
    need = next(n for n in dossier_proposals(after, call)[0] if n.code == code)
    proposed, left_out, _outcome = expected
    assert need.left_out == ((OVER_CAP, left_out) if left_out else (IN_BUDGET, proposed))
    assert not any(n.proposed for n in dossier_proposals(after, call)[0] if n.code == code)


def test_a_category_in_the_budget_with_room_left_stays_in_budget():
    # 2 of 6 micros in the budget, room for more: the rule that leaves them out is the budget's.
    dossier = dossier_of(LABEL, True, 6, {**EQUIPPED, "classe_audio": 0}, [("classe_audio", "150")])
    dossier.lines[0].quantity = Decimal(2)
    audio = next(n for n in dossier_proposals(dossier, LABEL)[0] if n.code == "classe_audio")
    assert audio.left_out == (IN_BUDGET, 6)


# --- Each rule that leaves a mobile pack out says which one it is ------------------------------


@pytest.mark.parametrize("call", [SNEE, LABEL], ids=["snee", "label"])
@pytest.mark.parametrize(
    ("inventory", "already", "code", "expected"),
    [
        # The reviewer's case: the tablets are in the budget, the état des lieux has no laptops.
        ({}, ("mobile_tablettes",), "mobile_portables", (1, EQUIVALENT_IN_BUDGET, "mobile_tablettes")),
        ({}, ("mobile_portables",), "mobile_tablettes", (1, EQUIVALENT_IN_BUDGET, "mobile_portables")),
        ({"mobile_portables": 1}, (), "mobile_tablettes", (1, EQUIVALENT_HELD, "mobile_portables")),
        ({"mobile_tablettes": 1}, (), "mobile_portables", (1, EQUIVALENT_HELD, "mobile_tablettes")),
        # What the état des lieux holds itself is covered by it.
        ({"mobile_tablettes": 1}, (), "mobile_tablettes", (0, MET, None)),
        ({"mobile_tablettes": 1}, ("mobile_portables",), "mobile_tablettes", (0, MET, None)),
        ({}, ("mobile_tablettes",), "mobile_tablettes", (1, IN_BUDGET, None)),
        ({}, (), "mobile_portables", (1, ALTERNATIVE, "mobile_tablettes")),
    ],
)
def test_a_mobile_pack_left_out_names_the_equivalent_that_excluded_it(
    call, inventory, already, code, expected
):
    uncapped = dataclasses.replace(call, equipment_cap_per_class=Decimal(0), school_cap=Decimal(0))
    need = next(n for n in needs_and_proposal(school(**inventory), uncapped, set(already)) if n.code == code)
    assert (need.quantity, need.outcome, need.equivalent) == expected


def test_every_outcome_has_its_own_reason():
    from grants.proposals import REASONS

    assert len(set(REASONS.values())) == len(REASONS)
    assert "lot" in REASONS[EQUIVALENT_IN_BUDGET] and "%(lot)s" in REASONS[EQUIVALENT_IN_BUDGET]
    assert "%(lot)s" in REASONS[EQUIVALENT_HELD]
    assert "état des lieux" not in REASONS[EQUIVALENT_IN_BUDGET]


def test_when_the_chosen_mobile_pack_is_beyond_the_cap_the_others_say_their_own_reason():
    """« un seul lot mobile est proposé » is false when none is: the tablets beyond the cap leave
    the laptops without a price (2021) or, priced and fitting, proposed instead."""
    s = school(classes=2)
    cap = CALL.equipment_cap_per_class * s.classes
    tablets = CALL.indicative_prices["mobile_tablettes"]
    assert "mobile_portables" not in CALL.indicative_prices
    spent = cap - tablets + Decimal("0.01")  # not one tablet pack fits
    # The other needs have their lines: only the packs are left to propose.
    others = {c for c, cat in CALL.categories.items() if cat.volet == 1} - set(CALL.socle_mobile_any)
    found = {n.code: n for n in needs_and_proposal(s, CALL, others, spent=spent)}
    assert found["mobile_tablettes"].outcome == OVER_CAP
    assert (found["mobile_portables"].quantity, found["mobile_portables"].outcome) == (1, NO_PRICE)
    # A call pricing the laptops under the room left proposes them in the tablets' place.
    cheap = tablets / 2
    priced = dataclasses.replace(
        CALL, indicative_prices={**CALL.indicative_prices, "mobile_portables": cheap}
    )
    other = {n.code: n for n in needs_and_proposal(s, priced, others, spent=spent)}
    assert other["mobile_tablettes"].outcome == OVER_CAP
    assert other["mobile_portables"].proposed and other["mobile_portables"].unit_price == cheap
    # Priced but beyond the room too: beyond the cap, not « alternative ».
    dear = dataclasses.replace(
        CALL, indicative_prices={**CALL.indicative_prices, "mobile_portables": tablets}
    )
    assert {n.code: n.outcome for n in needs_and_proposal(s, dear, others, spent=spent)}[
        "mobile_portables"
    ] == OVER_CAP
