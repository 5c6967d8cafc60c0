"""What a city team and an académie read in the Word dossier: the same figures as the evaluation,
every school, line, funder, finding and commitment."""

from datetime import date
from decimal import Decimal

import pytest
from docx.text.paragraph import Paragraph

from grants.evaluation import evaluation_to_data
from grants.numbers import fmt_money, fmt_percent
from grants.rules import codes_of
from tests.grants import factories as f

from .reading import EXAMPLE_NAMES, example, export, plain, report


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_state_subsidy_printed_is_the_evaluations_for_every_example(name):
    exported = export(example(name))
    expected = fmt_money(Decimal(evaluation_to_data(exported.evaluation)["funding"]["state_subsidy"]), "fr")
    rows = exported.rows_of("Subvention de l'État demandée")  # the cover and the summary
    assert len(rows) == 2 and all(row == ["Subvention de l'État demandée", expected] for row in rows)
    # The last step of the call's arithmetic, under its own label (French: the message itself).
    state = next(s for s in exported.evaluation.funding.steps if s.key == "state")
    state_step = exported.rows_of(state.label)
    assert len(state_step) == 1 and state_step[0][1].endswith(f"= {expected}")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_financing_plan_balances_to_the_project_cost(name):
    exported = export(example(name))
    funding = exported.evaluation.funding
    total = exported.rows_of("")  # the total row's first cell is the colour column, empty
    assert any(
        row[1] == "Total : coût du projet" and row[4] == fmt_money(funding.project_cost, "fr")
        for row in total
    )
    own = exported.rows_of("")
    assert any(
        row[1] == "Collectivité (autofinancement)" and row[4] == fmt_money(funding.own_contribution, "fr")
        for row in own
    )


def test_the_cover_names_the_call_the_collectivite_the_reference_state_date_and_rules_version():
    text = export(example("petite-commune"), state="déposé").text()
    for expected in (
        "Socle numérique dans les écoles élémentaires (AAP SNEE 2021)",
        "Commune de Saint-Exemple-en-Bresse",
        "SNEE-2021-000042",
        "déposé",
        "1er mars 2021 à 10:05",
        "snee-2021/1",
    ):
        assert expected in text


def test_every_school_is_listed_with_its_uai_counts_and_eligibility():
    exported = export(example("ville-14-ecoles"))
    for school in example("ville-14-ecoles").schools:
        rows = exported.rows_of(school.uai)
        assert rows, school.uai
        assert rows[0][1] == school.name and rows[0][4] == str(school.classes)
    nursery = exported.rows_of("0921014C")[0]
    assert nursery[-1] == "Non éligible"


def test_a_school_with_a_wrong_uai_is_not_eligible_and_the_reason_is_given():
    wrong = f.school(uai="0710001A")
    exported = export(f.dossier(schools=[wrong], lines=[f.equipment(wrong.uai)]))
    assert exported.rows_of("0710001A")[0][-1] == "Non éligible"
    # The reason is for the team and the inspectors: in the verification report, not the candidature.
    assert not any(t.startswith("Bloquant : ") for t in exported.texts())
    checked = report(f.dossier(schools=[wrong], lines=[f.equipment(wrong.uai)]))
    assert any(t.startswith("Bloquant : ") and "0710001A" in t for t in checked.texts())


def test_the_inventory_gives_each_items_need_and_what_the_budget_plans():
    school = f.school(classes=4, inventory={"classe_affichage": 1})
    d = f.dossier(schools=[school], lines=[f.equipment(school.uai, "1000.00", quantity=3)])
    row = export(d).rows_of("Vidéoprojecteur, TBI/TNI ou écran interactif")[0]
    assert row[1:] == ["par classe", "1", "3", "3"]


def test_budget_lines_are_priced_with_subtotals_and_lines_outside_the_subsidy_are_marked():
    exported = export(example("petite-commune"))
    row = exported.rows_of("Formation\nhors subvention")[0]
    assert row[1:] == [
        "Demi-journée de prise en main",
        "1",
        "350,00\xa0€",
        "350,00\xa0€",
        fmt_percent(Decimal("0.20"), "fr"),
        "420,00\xa0€",
    ]
    assert ["Sous-total"] * 4 + ["10\u202f889,70\xa0€", "", "13\u202f067,64\xa0€"] in exported.rows_of(
        "Sous-total"
    )
    assert exported.rows_of("Volet 1 : équipement et réseaux")


def test_each_funder_is_shown_with_its_kind_and_status():
    d = f.dossier(cofunding=[f.cofunder("1000.00", kind="region", status="granted")])
    rows = [r for r in export(d).rows_of("") if r[1] == "Financeur (region)"]
    assert rows == [
        ["", "Financeur (region)", "Région (public)", "Accordé", "1\u202f000,00\xa0€", rows[0][5]]
    ]


def test_the_financing_chart_is_drawn_into_the_document():
    exported = export(example("petite-commune"))
    assert len(exported.doc.inline_shapes) == 1
    assert any(name.startswith("word/media/") and name.endswith(".png") for name in _names(exported))


def _names(exported):
    import zipfile
    from io import BytesIO

    return zipfile.ZipFile(BytesIO(exported.data)).namelist()


def test_the_pedagogical_project_is_printed_line_by_line():
    d = f.dossier(project=f.Project(summary="Première ligne.\nDeuxième ligne.", pedagogy="", ien="M. X"))
    texts = export(d).texts()
    assert "Première ligne." in texts and "Deuxième ligne." in texts and "M. X" in texts
    assert texts.count("Non renseigné.") == 2


def test_every_finding_is_listed_and_the_rules_passed_are_the_others_in_the_report():
    exported = report(example("dossier-a-corriger"))
    messages = {row[3] for row in _table_after(exported, "Points relevés")}
    assert {x.render("fr") for x in exported.evaluation.findings} <= messages
    passed = {row[0] for row in _table_after(exported, "Règles respectées")}
    own = set(codes_of(exported.evaluation.call.rules))
    assert passed == own - {x.rule for x in exported.evaluation.findings}


def _table_after(exported, heading: str) -> list[list[str]]:
    for table in exported.tables():
        previous = table._element.getprevious()
        if previous is not None and Paragraph(previous, None).text == heading:
            return [[plain(c.text) for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table after {heading!r}")


def test_the_commitments_name_the_signatory_the_place_and_date_with_room_to_sign():
    text = export(example("petite-commune")).text()
    assert "Je soussigné(e), Claire Moreau, Maire, représentant légal" in text
    assert "Fait à Saint-Exemple-en-Bresse, le …………………………." in text  # the date, by hand
    assert "Signature du représentant légal" in text and "Cachet de la collectivité" in text


def test_the_place_and_date_of_signature_can_be_given():
    text = export(example("petite-commune"), place="Mâcon", signed_on=date(2021, 3, 1)).text()
    assert "Fait à Mâcon, le 1er mars 2021." in text


def test_private_schools_under_contract_bring_the_parity_commitment():
    private = f.school(sector="prive_sous_contrat")
    text = export(f.dossier(schools=[private], lines=[f.equipment(private.uai)])).text()
    assert "art. L442-16" in text


def test_data_sources_are_credited_when_given():
    source = "Source : ministère de l'Éducation nationale, Annuaire de l'éducation, Licence Ouverte"
    assert source in export(example("petite-commune"), sources=[source]).texts()
    assert "Sources des données" not in export(example("petite-commune")).texts()
