"""The Label Écoles numériques 2020, the second call: its band per school, its population
criterion, its schools and lines, table by table at the boundaries (label-2020.md)."""

from decimal import Decimal

import pytest

from grants.dossier import Line

from .factories import (
    LABEL,
    collectivite,
    equipment,
    evaluated,
    findings,
    label_dossier,
    money,
    school,
    service,
    siret,
)


def one_school_spending(amount: str, **changes):
    s = school(**changes)
    return label_dossier(schools=[s], lines=[equipment(s.uai, amount)])


@pytest.mark.parametrize(
    "spend, eligible, subsidy, finding",
    [
        ("2999.99", "0.00", "0.00", "SCHOOL-FLOOR"),
        ("3000.00", "3000.00", "1500.00", None),
        ("14000.00", "14000.00", "7000.00", None),
        ("14000.01", "14000.00", "7000.00", "SCHOOL-CAP"),
        ("5000.01", "5000.01", "2500.01", None),  # a half cent rounded half-up
        ("3000.03", "3000.03", "1500.02", None),  # 1500.015 → 1500.02
    ],
)
def test_each_school_is_funded_within_its_band(spend, eligible, subsidy, finding):
    d = one_school_spending(spend)
    ev = evaluated(d, LABEL)
    s = ev.funding.schools[0]
    assert (s.expense, s.eligible_expense, s.subsidy) == (money(spend), money(eligible), money(subsidy))
    assert ev.funding.state_subsidy == money(subsidy)
    band_findings = {r for r, _ in findings(d, LABEL)} & {"SCHOOL-FLOOR", "SCHOOL-CAP"}
    assert band_findings == ({finding} if finding else set())


def test_below_the_floor_everywhere_nothing_can_be_asked():
    d = one_school_spending("2999.99")
    assert ("ELIG-NO-EXPENSE", "lines") in findings(d, LABEL)
    assert not evaluated(d, LABEL).eligible
    assert ("ELIG-NO-EXPENSE", "lines") not in findings(one_school_spending("3000.00"), LABEL)


def test_the_message_shows_the_calls_arithmetic():
    ev = evaluated(one_school_spending("15400.00"), LABEL)
    (cap,) = [f for f in ev.findings if f.rule == "SCHOOL-CAP"]
    text = cap.render("fr").replace("\u202f", " ").replace("\xa0", " ")
    assert "50 % × 14 000,00 € = 7 000,00 €" in text and "1 400,00 €" in text


@pytest.mark.parametrize(
    "population, blocked",
    [(3500, False), (3501, True), (None, True), (0, False)],
)
def test_a_commune_of_at_most_3500_inhabitants(population, blocked):
    d = label_dossier(collectivite=collectivite(population=population))
    assert (("ELIG-POPULATION", "collectivite.population") in findings(d, LABEL)) is blocked
    assert evaluated(d, LABEL).eligible is not blocked


@pytest.mark.parametrize(
    "kind, siren, expected",
    [
        ("commune", "217101120", set()),
        ("epci", "200054781", {("ELIG-GROUPING", "collectivite.kind")}),
        ("syndicat", "257104448", {("ELIG-GROUPING", "collectivite.kind")}),
        ("association", "217101120", {("ELIG-APPLICANT", "collectivite.kind")}),
    ],
)
def test_each_kind_of_applicant(kind, siren, expected):
    # A grouping's population is its members' (checked by the team): no population criterion.
    population = 820 if kind == "commune" else 50000
    d = label_dossier(collectivite=collectivite(kind=kind, siret=siret(siren), population=population))
    got = {(r, p) for r, p in findings(d, LABEL) if p == "collectivite.kind" or r == "ELIG-POPULATION"}
    assert got == expected


def test_a_line_without_a_school_is_blocking_and_counts_in_no_school():
    s = school()
    d = label_dossier(schools=[s], lines=[equipment(s.uai, "5000.00"), service("900.00", school_uai=None)])
    assert ("LINE-SCHOOL", "lines[1].school") in findings(d, LABEL)
    f = evaluated(d, LABEL).funding
    assert f.schools[0].expense == money("5000.00") and f.state_subsidy == money("2500.00")


def test_maternelles_are_eligible_and_private_outside_contract_is_not():
    kinds = [
        school(1, kind="maternelle"),
        school(2, kind="primaire"),
        school(3, sector="prive_sous_contrat"),
        school(4, sector="prive_hors_contrat"),
    ]
    d = label_dossier(schools=kinds, lines=[equipment(s.uai, "4000.00") for s in kinds])
    ev = evaluated(d, LABEL)
    assert [s.eligible for s in ev.funding.schools] == [True, True, True, False]
    assert ev.funding.state_subsidy == money("6000.00")
    got = findings(d, LABEL)
    assert ("ELIG-PRIVATE", "schools[2]") in got and ("ELIG-SCHOOL-KIND", "schools[3]") in got
    assert ("ELIG-SCHOOL-KIND", "schools[0]") not in got


def test_services_count_in_a_schools_spend_without_any_duration_cap():
    s = school()
    d = label_dossier(
        schools=[s], lines=[equipment(s.uai, "2000.00"), service("1500.00", 48, school_uai=s.uai)]
    )
    ev = evaluated(d, LABEL)
    assert ev.funding.schools[0].expense == money("3500.00")
    assert ev.funding.state_subsidy == money("1750.00")
    assert not {r for r, _ in findings(d, LABEL)} & {
        "SRV-DURATION",
        "SRV-NONE",
        "EQ-MIN-SCHOOL",
        "EQ-CAP-CLASS",
    }


def test_the_2021_rules_do_not_exist_in_this_call():
    from grants.rules import REGISTRY

    assert "school_caps" in REGISTRY and "school_caps" not in LABEL.rules
    assert {"durations", "services", "socle", "dossier_cap", "some_expense"}.isdisjoint(LABEL.rules)


def test_a_line_outside_the_referentiel_is_in_the_cost_and_no_schools_spend():
    s = school()
    extra = Line(s.uai, "formation", "Prise en main", Decimal(1), money("350.00"), money("0.20"))
    d = label_dossier(schools=[s], lines=[equipment(s.uai, "4000.00"), extra])
    f = evaluated(d, LABEL).funding
    assert (f.project_cost, f.schools[0].expense) == (money("4350.00"), money("4000.00"))
    assert ("LINE-OUTSIDE", "lines[1]") in findings(d, LABEL)


def test_a_line_without_a_school_is_worded_by_its_kind():
    s = school()
    d = label_dossier(schools=[s], lines=[service("900.00", school_uai=None), equipment(None, "5000.00")])
    messages = {f.path: f.render("fr") for f in evaluated(d, LABEL).findings if f.rule == "LINE-SCHOOL"}
    assert "équipement" not in messages["lines[0].school"] and "matériel" not in messages["lines[0].school"]
    assert "chaque dépense est celle d'une école" in messages["lines[0].school"]
    assert "La ligne d'équipement" in messages["lines[1].school"]
