"""Volet 2: subscriptions counted for 24 months at most, 20 € per pupil, and both volets expected."""

from decimal import Decimal

import pytest

from .factories import dossier, equipment, evaluated, findings, outside, school, service


def subscription(amount: str = "1000.00", months: int | None = 24, pupils: int = 1000):
    """A dossier with one dossier-wide subscription and pupils enough not to reach their cap."""
    s = school(pupils=pupils)
    return dossier(schools=[s], lines=[equipment(s.uai), service(amount, months)])


@pytest.mark.parametrize(
    "months, counted, warned",
    [
        (None, "1000.00", False),  # 12 months by default
        (12, "1000.00", False),
        (24, "1000.00", False),
        (25, "960.00", True),  # 1,000 × 24 / 25
        (35, "685.71", True),  # 685.714…
        (36, "666.67", True),  # 666.666… rounded half-up
    ],
)
def test_a_subscription_counts_for_24_months_at_most(months, counted, warned):
    d = subscription("1000.00", months)
    ev = evaluated(d)
    assert ev.funding.lines[1].eligible_base == Decimal(counted)
    assert ev.funding.services.expense == Decimal("1000.00")
    assert ev.funding.services.eligible == Decimal(counted)
    assert (("SRV-DURATION", "lines[1].duration_months") in findings(d)) is warned


@pytest.mark.parametrize("amount, capped", [("1999.99", False), ("2000.00", False), ("2000.01", True)])
def test_services_are_capped_at_20_euros_per_pupil(amount, capped):
    d = subscription(amount, pupils=100)
    ev = evaluated(d)
    assert ev.funding.services.cap == Decimal("2000.00")
    assert ev.funding.services.eligible == min(Decimal(amount), Decimal("2000.00"))
    assert ev.funding.services.subsidy == (ev.funding.services.eligible / 2).quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    )
    assert (("SRV-CAP-PUPIL", "funding.services") in findings(d)) is capped


def test_pupils_of_an_ineligible_school_do_not_raise_the_cap():
    s = school(pupils=100)
    nursery = school(2, kind="maternelle", pupils=300)
    ev = evaluated(dossier(schools=[s, nursery], lines=[equipment(s.uai), service("5000.00")]))
    assert ev.funding.services.cap == Decimal("2000.00")


def test_the_services_subsidy_is_half_of_the_eligible_base_rounded_half_up():
    ev = evaluated(subscription("1000.01"))
    assert ev.funding.services.subsidy == Decimal("500.01")  # 500.005


def test_equipment_without_any_service_gets_a_warning():
    s = school()
    d = dossier(schools=[s], lines=[equipment(s.uai)])
    assert ("SRV-NONE", "funding.services") in findings(d)


def test_training_is_not_a_service_of_volet_2():
    s = school()
    d = dossier(schools=[s], lines=[equipment(s.uai), outside(s.uai)])
    assert {"SRV-NONE", "LINE-OUTSIDE"} <= {rule for rule, _ in findings(d)}


def test_a_dossier_of_services_only_is_not_asked_for_equipment():
    assert "SRV-NONE" not in {rule for rule, _ in findings(dossier(lines=[service()]))}


def test_a_school_subscription_counts_like_a_dossier_one():
    s = school()
    d = dossier(schools=[s], lines=[equipment(s.uai), service("1500.00", 24, school_uai=s.uai)])
    assert evaluated(d).funding.services.eligible == Decimal("1500.00")
    assert findings(d) == set()


def test_the_duration_message_shows_true_arithmetic_even_for_an_ineligible_school():
    s, nursery = school(), school(2, kind="maternelle")
    d = dossier(
        schools=[s, nursery], lines=[equipment(s.uai), service("1800.00", 36, school_uai=nursery.uai)]
    )
    [finding] = [x for x in evaluated(d).findings if x.rule == "SRV-DURATION"]
    assert finding.params["eligible"].value == Decimal("1200.00")  # 1,800 × 24 / 36
    assert evaluated(d).funding.services.eligible == Decimal("0.00")  # yet nothing is counted
