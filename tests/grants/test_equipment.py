"""Volet 1: the per-class cap, the per-school minimum, the dossier's ceiling and the bands."""

from decimal import Decimal

import pytest

from grants.dossier import Line

from .factories import SNEE, collectivite, dossier, equipment, evaluated, findings, money, school, service


def one_school(amount: str, classes: int = 2, **changes):
    """A dossier whose single school of `classes` classes buys `amount` of equipment."""
    s = school(classes=classes)
    return dossier(schools=[s], lines=[equipment(s.uai, amount), service()], **changes)


def spread(total: str, schools: int = 10, classes: int = 30):
    """A dossier whose `total` of equipment is spread over big schools (30 classes: 105,000 € each)."""
    many = [school(n, classes=classes, pupils=700) for n in range(1, schools + 1)]
    share = (money(total) / schools).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    amounts = [money(total) - share * (schools - 1)] + [share] * (schools - 1)
    return dossier(
        schools=many, lines=[equipment(s.uai, a) for s, a in zip(many, amounts, strict=True)] + [service()]
    )


@pytest.mark.parametrize(
    "amount, capped, eligible",
    [
        ("6999.99", False, "6999.99"),
        ("7000.00", False, "7000.00"),  # 3,500 € × 2 classes exactly
        ("7000.01", True, "7000.00"),  # one cent over: the cent is not subsidised
        ("9000.00", True, "7000.00"),
    ],
)
def test_a_school_equipment_is_capped_at_3500_euros_per_class(amount, capped, eligible):
    d = one_school(amount, classes=2)
    ev = evaluated(d)
    assert (("EQ-CAP-CLASS", "schools[0]") in findings(d)) is capped
    assert ev.funding.schools[0].equipment_cap == Decimal("7000.00")
    assert ev.funding.schools[0].equipment_eligible == Decimal(eligible)
    assert ev.funding.equipment.expense == Decimal(amount)


def test_the_cap_follows_the_classes_of_cycles_2_and_3():
    assert ("EQ-CAP-CLASS", "schools[0]") not in findings(one_school("10500.00", classes=3))
    assert ("EQ-CAP-CLASS", "schools[0]") in findings(one_school("10500.00", classes=2))


@pytest.mark.parametrize(
    "amount, warned",
    [
        ("0.01", True),
        ("3499.99", True),  # just under the minimum reported by some sources
        ("3500.00", False),
        ("3500.01", False),
    ],
)
def test_a_school_equipped_for_less_than_3500_euros_gets_a_warning(amount, warned):
    assert (("EQ-MIN-SCHOOL", "schools[0]") in findings(one_school(amount))) is warned


def test_a_school_without_equipment_is_not_warned_about_the_minimum():
    s = school()
    d = dossier(schools=[s, school(2)], lines=[equipment(s.uai, "5000.00"), service()])
    assert not any(rule == "EQ-MIN-SCHOOL" for rule, _ in findings(d))


@pytest.mark.parametrize(
    "eligible, subsidy",
    [
        ("10000.00", "7000.00"),
        ("199999.99", "139999.99"),  # 0.70 × 199,999.99 = 139,999.993
        ("200000.00", "140000.00"),  # the whole first band at 70 %
        ("200000.01", "140000.01"),  # 140,000 + 0.50 × 0.01 = 140,000.005, rounded half-up
        ("300000.00", "190000.00"),  # 140,000 + 0.50 × 100,000
        ("1000000.00", "540000.00"),  # the ceiling: 140,000 + 400,000
    ],
)
def test_the_equipment_subsidy_is_70_percent_up_to_200000_then_50_percent(eligible, subsidy):
    ev = evaluated(spread(eligible))
    assert ev.funding.equipment.eligible == Decimal(eligible)
    assert ev.funding.equipment.subsidy == Decimal(subsidy)


@pytest.mark.parametrize(
    "total, above", [("999999.99", False), ("1000000.00", False), ("1000000.01", True), ("1050000.00", True)]
)
def test_equipment_above_one_million_euros_is_not_subsidised(total, above):
    d = spread(total)
    ev = evaluated(d)
    assert (("EQ-CAP-DOSSIER", "funding.equipment") in findings(d)) is above
    assert ev.funding.equipment.eligible == min(Decimal(total), Decimal("1000000.00"))
    assert ev.funding.equipment.subsidy <= Decimal("540000.00")


@pytest.mark.parametrize(
    "quantity, unit_price, ht",
    [
        ("1", "0.125", "0.13"),  # half a cent goes up (banker's rounding would give 0.12)
        ("1", "0.1249", "0.12"),
        ("3", "0.0050", "0.02"),  # 0.015 goes up
        ("7", "689.9", "4829.30"),
    ],
)
def test_a_line_is_rounded_half_up_to_the_cent(quantity, unit_price, ht):
    s = school()
    line = Line(s.uai, "classe_affichage", "VPI", money(quantity), money(unit_price), money("0.20"))
    ev = evaluated(dossier(schools=[s], lines=[line]))
    assert ev.funding.lines[0].ht == Decimal(ht)


@pytest.mark.parametrize(
    "ht, vat, ttc",
    [
        ("3.00", "0.055", "3.17"),  # 3.165 goes up
        ("100.00", "0.20", "120.00"),
        ("0.13", "0.20", "0.16"),  # 0.156
        ("10.00", "0.00", "10.00"),
    ],
)
def test_ttc_is_rounded_half_up_from_the_rounded_ht(ht, vat, ttc):
    s = school()
    line = Line(s.uai, "classe_affichage", "VPI", money(1), money(ht), money(vat))
    ev = evaluated(dossier(schools=[s], lines=[line]))
    assert ev.funding.lines[0].ttc == Decimal(ttc)


def test_the_default_vat_rate_is_the_calls():
    s = school()
    line = Line(s.uai, "classe_affichage", "VPI", money(1), money("1000.00"), vat_rate=None)
    assert evaluated(dossier(schools=[s], lines=[line])).funding.lines[0].ttc == Decimal("1200.00")


def test_a_collectivite_that_does_not_recover_vat_is_subsidised_on_ttc():
    d = one_school("5000.00", collectivite=collectivite(vat_recovered=False))
    ev = evaluated(d)
    assert ev.funding.base == "ttc"
    assert ev.funding.equipment.eligible == Decimal("6000.00")
    assert ev.funding.equipment.subsidy == Decimal("4200.00")


def test_the_per_class_cap_applies_to_ttc_when_vat_is_not_recovered():
    # 6,000 € HT is under the 7,000 € cap of two classes, but 7,200 € TTC is over it.
    d = one_school("6000.00", collectivite=collectivite(vat_recovered=False))
    assert ("EQ-CAP-CLASS", "schools[0]") in findings(d)
    assert evaluated(d).funding.schools[0].equipment_eligible == Decimal("7000.00")


def test_the_bands_are_read_from_the_call():
    assert [band.rate for band in SNEE.equipment_bands] == [Decimal("0.70"), Decimal("0.50")]
    assert SNEE.equipment_bands[0].upper == Decimal("200000.00")
