"""The financing plan: aid within the cost, and the collectivité's 20 % of the public financing.

The default dossier costs 12,000 € (10,000 € of equipment, 2,000 € of ENT) and the State gives
8,000 € (7,000 + 1,000): the commune's 20 % of 12,000 € is 2,400 €, so other public funders may
bring 1,600 € at most.
"""

from decimal import Decimal

import pytest

from .factories import SNEE, cofunder, collectivite, dossier, evaluated, findings, school

OWN = "funding.own_contribution"


def cofunded(*funders, **changes):
    return dossier(cofunding=list(funders), **changes)


def test_the_default_plan_adds_up():
    f = evaluated(dossier()).funding
    assert (f.project_cost, f.state_subsidy, f.own_contribution) == (
        Decimal("12000.00"),
        Decimal("8000.00"),
        Decimal("4000.00"),
    )


@pytest.mark.parametrize(
    "department_aid, blocked",
    [
        ("1599.99", False),
        ("1600.00", False),  # own 2,400.00 = 20 % of 12,000.00 exactly
        ("1600.01", True),  # own 2,399.99: one cent short
        ("4000.00", True),  # own 0
    ],
)
def test_the_collectivite_funds_at_least_20_percent_of_the_public_financing(department_aid, blocked):
    d = cofunded(cofunder(department_aid))
    assert (("FIN-MIN-OWN", OWN) in findings(d)) is blocked
    assert evaluated(d).funding.own_contribution == Decimal("4000.00") - Decimal(department_aid)


def test_the_minimum_own_share_is_read_from_the_call():
    d = cofunded(cofunder("1600.01"))
    assert ("FIN-MIN-OWN", OWN) not in findings(d, SNEE.with_values(min_own_share=Decimal("0.15")))


def test_a_private_funder_does_not_count_as_public_financing():
    # Own 2,100 €: 20.8 % of 10,100 € (own + State) but only 17.5 % of 12,000 € with a public funder.
    assert ("FIN-MIN-OWN", OWN) not in findings(cofunded(cofunder("1900.00", kind="prive")))
    assert ("FIN-MIN-OWN", OWN) in findings(cofunded(cofunder("1900.00", kind="detr")))


@pytest.mark.parametrize("aid, overfunded", [("4000.00", False), ("4000.01", True), ("9000.00", True)])
def test_aid_above_the_project_cost_is_refused(aid, overfunded):
    d = cofunded(cofunder(aid, kind="prive"))
    assert (("FIN-OVERFUNDED", OWN) in findings(d)) is overfunded
    assert evaluated(d).funding.own_contribution == Decimal("4000.00") - Decimal(aid)


def test_an_overfunded_plan_is_not_also_blamed_for_the_20_percent():
    rules = {rule for rule, _ in findings(cofunded(cofunder("5000.00")))}
    assert "FIN-OVERFUNDED" in rules and "FIN-MIN-OWN" not in rules


@pytest.mark.parametrize(
    "dept, insee",
    [
        ("971", "97101"),
        ("972", "97209"),
        ("973", "97302"),
        ("974", "97411"),
        ("975", "97502"),
        ("976", "97611"),
        ("977", "97701"),
        ("978", "97801"),
    ],
)
def test_overseas_collectivites_are_exempt_from_the_20_percent(dept, insee):
    d = cofunded(
        cofunder("3000.00"),
        collectivite=collectivite(departement=dept, insee=insee),
        schools=[school(prefix=dept)],
    )
    assert ("FIN-MIN-OWN", OWN) not in findings(d)


@pytest.mark.parametrize(
    "dept, insee, prefix",
    [
        ("92", "92023", "092"),
        ("2A", "2A004", "620"),
        ("987", "98714", "987"),
        ("01", "01001", "001"),
    ],
)
def test_other_collectivites_owe_the_20_percent(dept, insee, prefix):
    d = cofunded(
        cofunder("3000.00"),
        collectivite=collectivite(departement=dept, insee=insee),
        schools=[school(prefix=prefix)],
    )
    assert ("FIN-MIN-OWN", OWN) in findings(d)


def test_the_exemption_reads_the_departement_from_the_code_insee_when_it_is_not_given():
    d = cofunded(
        cofunder("3000.00"),
        collectivite=collectivite(departement="", insee="97411"),
        schools=[school(prefix="974")],
    )
    assert ("FIN-MIN-OWN", OWN) not in findings(d)


def test_the_min_own_message_says_how_much_to_give_up():
    [finding] = [f for f in evaluated(cofunded(cofunder("1600.01"))).findings if f.rule == "FIN-MIN-OWN"]
    assert finding.params["gap"].value == Decimal("0.01")
    assert finding.params["needed"].value == Decimal("2400.00")
