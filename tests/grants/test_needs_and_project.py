"""The état des lieux against the référentiel, the pedagogical project and the call's window."""

from datetime import datetime

import pytest

from grants.dossier import Project

from .factories import (
    SNEE,
    dossier,
    equipment,
    evaluated,
    findings,
    full_socle,
    project,
    rules,
    school,
    service,
)


@pytest.mark.parametrize(
    "category, inventory, met",
    [
        ("classe_affichage", {"classe_affichage": 4}, True),  # all 4 classes equipped
        ("classe_affichage", {"classe_affichage": 5}, True),
        ("classe_affichage", {"classe_affichage": 3}, False),  # one class still to equip
        ("classe_affichage", {"classe_audio": 4}, False),
        ("direction_poste", {"direction_poste": 1}, True),  # a per-school item already there
        ("direction_poste", {}, False),
        ("reseau_wifi", {"reseau_wifi": 2}, True),
    ],
)
def test_a_line_for_an_item_the_school_already_has_gets_a_warning(category, inventory, met):
    s = school(classes=4, inventory=inventory)
    d = dossier(schools=[s], lines=[equipment(s.uai, "5000.00", category), service()])
    assert (("NEED-MET", "lines[0]") in findings(d)) is met


def test_a_service_line_is_never_a_met_need():
    s = school(inventory=full_socle(4))
    d = dossier(schools=[s], lines=[service(school_uai=s.uai)])
    assert "NEED-MET" not in rules(d)


def test_a_school_that_already_meets_the_socle_gets_a_warning():
    s = school(classes=4, inventory=full_socle(4))
    d = dossier(schools=[s], lines=[equipment(s.uai, "5000.00", "reseau_wifi"), service()])
    assert ("SCHOOL-AT-SOCLE", "schools[0]") in findings(d)
    assert evaluated(d).eligible


@pytest.mark.parametrize(
    "missing",
    [
        "classe_affichage",
        "classe_poste_enseignant",
        "classe_audio",
        "classe_capture",
        "direction_poste",
        "direction_impression",
    ],
)
def test_a_school_missing_one_item_of_the_socle_is_a_target(missing):
    inventory = full_socle(4)
    inventory[missing] -= 1
    s = school(classes=4, inventory=inventory)
    assert "SCHOOL-AT-SOCLE" not in rules(dossier(schools=[s]))


def test_either_mobile_pack_completes_the_socle_and_the_visualiseur_is_optional():
    with_laptops = {**full_socle(4), "mobile_tablettes": 0, "mobile_portables": 1}
    without_mobile = {**full_socle(4), "mobile_tablettes": 0}
    assert "SCHOOL-AT-SOCLE" in rules(dossier(schools=[school(inventory=with_laptops)]))
    assert "SCHOOL-AT-SOCLE" not in rules(dossier(schools=[school(inventory=without_mobile)]))


def test_a_maternelle_at_socle_is_not_warned_twice():
    s, nursery = school(), school(2, kind="maternelle", inventory=full_socle(4))
    assert "SCHOOL-AT-SOCLE" not in rules(dossier(schools=[s, nursery]))


@pytest.mark.parametrize(
    "length, found",
    [
        (0, "PROJECT-MISSING"),
        (1, "PROJECT-SHORT"),
        (499, "PROJECT-SHORT"),
        (500, None),
        (501, None),
    ],
)
def test_the_pedagogical_project_is_written_and_500_characters_long(length, found):
    d = dossier(project=project(length) if length else Project())
    project_rules = {rule for rule, path in findings(d) if path == "project"}
    assert project_rules == ({found} if found else set())


def test_a_project_of_blanks_is_missing():
    assert "PROJECT-MISSING" in rules(dossier(project=Project(summary="   ", pedagogy="\n\t")))


def test_the_project_counts_all_its_texts_together():
    texts = Project(summary="a" * 200, pedagogy="b" * 200, ien="c" * 50, concertation="d" * 50)
    assert "PROJECT-SHORT" not in rules(dossier(project=texts))
    assert "PROJECT-SHORT" in rules(dossier(project=Project(summary="a" * 200, pedagogy="b" * 299)))


@pytest.mark.parametrize(
    "instant, closed",
    [
        ("2021-01-13T23:59:59", True),  # naive instants are Paris time
        ("2021-01-14T00:00:00", False),  # opening
        ("2021-02-15T10:00:00", False),
        ("2021-03-31T23:59:59", False),  # the last second
        ("2021-03-31T23:59:59.900000", False),  # still within the last second
        ("2021-04-01T00:00:00", True),
        ("2022-01-20T10:00:00", True),
        ("2021-01-13T22:59:59+00:00", True),  # 23:59:59 in Paris (winter time, UTC+1)
        ("2021-01-13T23:00:00+00:00", False),  # midnight in Paris
        ("2021-03-31T21:59:59+00:00", False),  # 23:59:59 in Paris (summer time since 28 March)
        ("2021-03-31T22:30:00+00:00", True),  # 00:30 on 1 April in Paris
        ("2021-04-01T00:59:59+03:00", False),  # already April in Moscow, still 31 March in Paris
    ],
)
def test_a_dossier_is_deposited_only_while_the_call_is_open(instant, closed):
    at = datetime.fromisoformat(instant)
    assert (("CALL-CLOSED", "call") in findings(dossier(), at=at)) is closed


def test_the_window_is_not_checked_without_an_instant():
    assert "CALL-CLOSED" not in rules(dossier(), at=None)


def test_the_closed_call_message_gives_the_instant_in_paris_time():
    [finding] = evaluated(dossier(), at=datetime.fromisoformat("2021-03-31T22:30:00+00:00")).findings
    assert "01/04/2021 00:30" in finding.render("fr")


def test_the_window_is_read_from_the_call():
    extended = SNEE.with_values(closes=datetime(2021, 4, 30, 23, 59, 59))
    assert "CALL-CLOSED" not in rules(dossier(), extended, at=datetime(2021, 4, 15, 12, 0))
