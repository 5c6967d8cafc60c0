"""Who may apply, which schools count, and whether the dossier's places fit together."""

from decimal import Decimal

import pytest

from grants.findings import BLOCKING, RULES, WARNING

from .factories import (
    collectivite,
    dossier,
    equipment,
    evaluated,
    findings,
    outside,
    rules,
    school,
    service,
    siret,
)


@pytest.mark.parametrize(
    "kind, eligible",
    [
        ("commune", True),
        ("epci", True),
        ("syndicat", True),
        ("departement", False),
        ("association", False),
        ("", False),
    ],
)
def test_only_a_commune_an_epci_or_a_syndicat_may_apply(kind, eligible):
    d = dossier(
        collectivite=collectivite(kind=kind, siret=siret("217101120" if kind == "commune" else "247100019"))
    )
    assert (("ELIG-APPLICANT", "collectivite.kind") not in findings(d)) is eligible
    assert evaluated(d).eligible is eligible


@pytest.mark.parametrize(
    "kind, siren, warned",
    [
        ("commune", "217101120", False),
        ("commune", "200054781", True),  # the SIREN of a métropole filed as a commune
        ("epci", "243300316", False),  # Bordeaux Métropole
        ("epci", "217101120", False),  # grouping prefix "2" covers the communes' "21" too
        ("syndicat", "257101234", False),
        ("syndicat", "732829320", True),  # a company's SIREN
    ],
)
def test_a_siren_unusual_for_the_kind_of_collectivite_gets_a_warning(kind, siren, warned):
    d = dossier(collectivite=collectivite(kind=kind, siret=siret(siren)))
    assert (("ID-SIRET-KIND", "collectivite.siret") in findings(d)) is warned


@pytest.mark.parametrize(
    "kind, sector, found",
    [
        ("elementaire", "public", None),
        ("primaire", "public", None),  # its cycle 2-3 classes count
        ("primaire", "prive_sous_contrat", "ELIG-PRIVATE"),
        ("elementaire", "prive_sous_contrat", "ELIG-PRIVATE"),
        ("maternelle", "public", "ELIG-SCHOOL-KIND"),
        ("elementaire", "prive_hors_contrat", "ELIG-SCHOOL-KIND"),
        ("college", "public", "ELIG-SCHOOL-KIND"),
    ],
)
def test_elementary_and_primary_schools_public_or_under_contract_are_eligible(kind, sector, found):
    first, other = school(), school(2, kind=kind, sector=sector)
    d = dossier(schools=[first, other], lines=[equipment(first.uai), equipment(other.uai), service()])
    school_findings = {rule for rule, path in findings(d) if path == "schools[1]"}
    assert school_findings == ({found} if found else set())
    assert evaluated(d).funding.schools[1].eligible is (found != "ELIG-SCHOOL-KIND")


def test_a_private_school_under_contract_is_eligible_with_a_warning():
    s = school(sector="prive_sous_contrat")
    ev = evaluated(dossier(schools=[s]))
    assert ev.eligible
    assert [(f.rule, f.severity) for f in ev.findings] == [("ELIG-PRIVATE", WARNING)]
    assert ev.funding.equipment.subsidy == Decimal("7000.00")


def test_the_lines_of_a_maternelle_cost_but_are_not_subsidised():
    elementary, nursery = school(), school(2, kind="maternelle")
    d = dossier(
        schools=[elementary, nursery],
        lines=[equipment(elementary.uai), equipment(nursery.uai, "4000.00"), service()],
    )
    f = evaluated(d).funding
    assert f.project_cost == Decimal("16000.00")
    assert f.equipment.eligible == Decimal("10000.00")
    assert f.state_subsidy == Decimal("8000.00")


def test_a_dossier_of_nursery_schools_only_has_no_eligible_school():
    nursery = school(kind="maternelle")
    d = dossier(schools=[nursery])
    assert {("ELIG-NO-SCHOOL", "schools"), ("ELIG-SCHOOL-KIND", "schools[0]")} <= findings(d)
    assert evaluated(d).funding.state_subsidy == Decimal("0.00")


def test_a_dossier_without_any_school_has_no_eligible_school():
    assert ("ELIG-NO-SCHOOL", "schools") in findings(dossier(schools=[], lines=[service()]))


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(lambda uai: [], id="no line"),
        pytest.param(lambda uai: [outside(uai), outside(None, category="maintenance")], id="outside only"),
    ],
)
def test_a_dossier_asking_nothing_in_volet_1_nor_2_is_refused(lines):
    s = school()
    d = dossier(schools=[s], lines=lines(s.uai))
    assert ("ELIG-NO-EXPENSE", "lines") in findings(d)
    assert not evaluated(d).eligible


def test_a_dossier_of_services_only_asks_something():
    assert "ELIG-NO-EXPENSE" not in rules(dossier(lines=[service()]))


@pytest.mark.parametrize(
    "dept, insee, prefix, warned",
    [
        ("71", "71412", "071", False),
        ("71", "71412", "021", True),
        ("2A", "2A004", "620", False),  # Ajaccio and a school of Corse-du-Sud
        ("2A", "2A004", "720", True),  # Ajaccio and a school of Haute-Corse
        ("2B", "2B033", "720", False),
        ("971", "97101", "971", False),
        ("971", "97101", "972", True),
        ("", "2B033", "720", False),  # the département read from the code INSEE
        ("", "2B033", "620", True),
    ],
)
def test_a_school_of_another_departement_gets_a_warning(dept, insee, prefix, warned):
    s = school(prefix=prefix)
    d = dossier(schools=[s], collectivite=collectivite(departement=dept, insee=insee))
    assert (("ID-UAI-DEPT", "schools[0].uai") in findings(d)) is warned


def test_two_bad_uais_give_two_findings():
    d = dossier(schools=[school(), school(2, uai="0710002A"), school(3, uai="071003")])
    assert {p for r, p in findings(d) if r == "ID-UAI"} == {"schools[1].uai", "schools[2].uai"}


def test_the_same_school_twice_is_refused_on_the_second():
    d = dossier(schools=[school(), school(), school(2)])
    assert {p for r, p in findings(d) if r == "DUP-UAI"} == {"schools[1].uai"}


def test_a_line_of_a_school_outside_the_dossier_is_refused():
    d = dossier(lines=[equipment(school(9).uai), service()])
    assert ("LINE-SCHOOL", "lines[0].school") in findings(d)


def test_equipment_must_name_its_school():
    d = dossier(lines=[equipment(None), service()])
    assert ("LINE-SCHOOL", "lines[0].school") in findings(d)
    assert evaluated(d).funding.equipment.eligible == Decimal("0.00")


def test_a_line_of_an_unknown_category_is_refused():
    s = school()
    d = dossier(schools=[s], lines=[equipment(s.uai, category="drone"), service()])
    assert ("LINE-CATEGORY", "lines[0].category") in findings(d)


@pytest.mark.parametrize(
    "category", ["formation", "maintenance", "mobilier", "abonnement_internet", "consommables", "autre"]
)
def test_a_line_outside_the_subsidy_is_in_the_cost_and_says_so(category):
    s = school()
    d = dossier(schools=[s], lines=[equipment(s.uai), service(), outside(s.uai, "500.00", category)])
    f = evaluated(d).funding
    assert ("LINE-OUTSIDE", "lines[2]") in findings(d)
    assert f.project_cost == Decimal("12500.00") and f.outside == Decimal("500.00")
    assert f.state_subsidy == Decimal("8000.00")


def test_every_rule_of_the_contract_keeps_its_severity():
    blocking = {
        "ID-SIRET",
        "ID-INSEE",
        "ID-REPRESENTATIVE",
        "ID-UAI",
        "ELIG-APPLICANT",
        "ELIG-POPULATION",
        "ELIG-SCHOOL-KIND",
        "ELIG-NO-SCHOOL",
        "ELIG-NO-EXPENSE",
        "DUP-UAI",
        "LINE-SCHOOL",
        "LINE-CATEGORY",
        "FIN-OVERFUNDED",
        "FIN-MIN-OWN",
        "PROJECT-MISSING",
        "CALL-CLOSED",
    }
    assert {code for code, rule in RULES.items() if rule.severity == BLOCKING} == blocking
