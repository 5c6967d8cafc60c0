"""Identifiers checked at their field as soon as the step is saved, the seat's code INSEE against
INSEE's list of communes, and the schools typed by hand against the school directory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from models import ChangeLog

from .factories import collectivite_form, record, scalars, school_form, schools, squash, text

FILES = Path(__file__).parent.parent / "directory" / "files"
COG = FILES / "v_commune_2024.csv"
ACIGNE = FILES / "annuaire-35-acigne.csv"  # 0352358Y, private under contract, primaire, Acigné


@pytest.fixture
def cli(app):
    def run(*args):
        result = app.test_cli_runner().invoke(args=[str(a) for a in args])
        return result

    return run


@pytest.fixture
def communes(cli):
    result = cli("directory", "communes", COG)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def acigne(cli):
    result = cli("directory", "load", ACIGNE)
    assert result.exit_code == 0, result.output


def row_of(page: str, field_id: str) -> str:
    """The form row holding that input: from its label to the next row."""
    start = page.index(f'<label for="{field_id}"')
    end = page.find('<div class="form-row', start)
    return page[start : end if end > 0 else len(page)]


def input_of(page: str, field_id: str) -> str:
    return re.search(rf'<input[^>]*id="{field_id}"[^>]*>', page).group(0)


def save_collectivite(member, dossier_id, **values):
    return member.post(
        f"/dossiers/{dossier_id}/collectivite", collectivite_form(**values), follow_redirects=True
    )


def test_a_wrong_siret_is_said_at_the_siret_field_as_soon_as_the_step_is_saved(team):
    member, _org, dossier_id = team
    page = text(save_collectivite(member, dossier_id, siret="12345678901234"))
    row = row_of(page, "siret")
    assert "Le SIRET « 12345678901234 » n'est pas valide" in squash(row)
    field = input_of(page, "siret")
    assert 'aria-invalid="true"' in field and "siret-findings" in field
    assert 'id="siret-findings"' in row
    assert "Enregistré, avec 1 point(s) à vérifier dont 1 bloquant(s)" in squash(page)


def test_a_clean_save_only_says_saved(team):
    member, _org, dossier_id = team
    page = squash(text(save_collectivite(member, dossier_id)))
    assert "Enregistré." in page and "à vérifier" not in page


def test_without_a_list_of_communes_a_well_formed_code_is_not_questioned(team):
    member, _org, dossier_id = team
    page = text(save_collectivite(member, dossier_id, insee="35690"))
    assert "ne figure pas dans le code officiel géographique" not in squash(page)
    assert "insee-findings" not in input_of(page, "insee")


def test_the_postal_code_typed_as_code_insee_is_named_at_the_field(team, communes, acigne):
    member, _org, dossier_id = team
    page = text(save_collectivite(member, dossier_id, insee="35690", departement="35"))
    row = squash(row_of(page, "insee"))
    assert "Le code « 35690 » n'est pas un code INSEE du code officiel géographique" in row
    assert "c'est le code postal d'Acigné." in row
    assert "insee-findings" in input_of(page, "insee")
    assert "aria-invalid" not in input_of(page, "insee")  # a warning: the dossier may still go


def test_a_code_that_is_in_no_list_gets_a_warning_naming_it(team, communes):
    member, _org, dossier_id = team
    page = squash(row_of(text(save_collectivite(member, dossier_id, insee="35999")), "insee"))
    assert (
        "Le code « 35999 » a la forme d'un code INSEE mais ne figure pas dans le code officiel géographique"
        in page
    )


@pytest.mark.parametrize(
    ("insee", "commune"),
    [("35238", "Rennes"), ("69123", "Lyon"), ("2A004", "Ajaccio"), ("97411", "Saint-Denis")],
)
def test_the_seat_commune_is_named_from_its_code(team, communes, insee, commune):
    member, _org, dossier_id = team
    page = text(
        save_collectivite(
            member, dossier_id, insee=insee, departement=insee[:3] if insee[0] == "9" else insee[:2]
        )
    )
    assert f"Commune siège : {commune} (code officiel géographique de l'INSEE)" in squash(page)
    assert "insee-findings" not in input_of(page, "insee")


def seat_input(page: str) -> str:
    return re.search(r'value="([^"]*)"', input_of(page, "seat_commune")).group(1)


def test_the_seat_commune_follows_a_new_code_insee(team, communes):
    member, _org, dossier_id = team
    page = text(save_collectivite(member, dossier_id, insee="2A004", departement="2A"))
    assert seat_input(page) == "Ajaccio"  # proposed from the code
    # The browser sends the proposed name back; then the code changes: the seat follows it.
    version = str(record(dossier_id).version_collectivite)
    save_collectivite(
        member, dossier_id, insee="2A004", departement="2A", seat_commune="Ajaccio", version=version
    )
    assert record(dossier_id).seat_commune == "Ajaccio"
    version = str(record(dossier_id).version_collectivite)
    page = text(
        save_collectivite(
            member, dossier_id, insee="35238", departement="35", seat_commune="Ajaccio", version=version
        )
    )
    assert record(dossier_id).seat_commune == "Rennes" and seat_input(page) == "Rennes"
    assert "n'est pas celle du code INSEE" not in squash(page)


def test_a_seat_typed_otherwise_than_the_codes_commune_is_kept_with_a_warning_naming_both(team, communes):
    member, _org, dossier_id = team
    page = text(
        save_collectivite(member, dossier_id, insee="35238", departement="35", seat_commune="Ajaccio")
    )
    assert record(dossier_id).seat_commune == "Ajaccio"
    assert "La commune siège « Ajaccio » n'est pas celle du code INSEE 35238, « Rennes »" in squash(
        row_of(page, "seat_commune")
    )
    version = str(record(dossier_id).version_collectivite)
    page = text(
        save_collectivite(
            member, dossier_id, insee="35238", departement="35", seat_commune="RENNES", version=version
        )
    )
    assert "n'est pas celle du code INSEE" not in squash(page)  # the same commune, spelt otherwise


def test_an_arrondissement_is_not_a_seat_commune(team, communes):
    member, _org, dossier_id = team
    page = squash(
        row_of(text(save_collectivite(member, dossier_id, insee="69381", departement="69")), "insee")
    )
    assert (
        "« 69381 » désigne un arrondissement municipal, Lyon 1er Arrondissement, et non une commune" in page
    )
    assert "indiquez le code de la commune Lyon (69123)" in page


def test_the_recap_and_the_field_show_the_same_finding(team, communes):
    member, _org, dossier_id = team
    save_collectivite(member, dossier_id, insee="35999")
    recap = squash(text(member.get(f"/dossiers/{dossier_id}/recap")))
    assert "Le code « 35999 » a la forme d'un code INSEE" in recap
    assert f'href="/dossiers/{dossier_id}/collectivite#insee"' in text(
        member.get(f"/dossiers/{dossier_id}/recap")
    )


def test_the_representatives_findings_go_to_his_field_whatever_their_rule(app):
    from grants.findings import Finding
    from web.wizard.collectivite import field_findings

    class Result:
        class evaluation:  # noqa: N801
            findings = [
                Finding("ANY-RULE", "blocking", "collectivite.representative", "x"),
                Finding(
                    "ID-REPRESENTATIVE", "blocking", "collectivite.representative", "v", {"parts": "title"}
                ),
                Finding("OTHER", "warning", "collectivite.representative.title", "y"),
                Finding("NAME", "warning", "collectivite.representative.name", "w"),
                Finding("ID-SIRET", "blocking", "collectivite.siret", "z"),
            ]

            @classmethod
            def at(cls, prefix):
                return [f for f in cls.findings if f.path == prefix or f.path.startswith(prefix + ".")]

    found = field_findings(Result)
    # The representative as a whole goes to the fields it names as missing (the name when it
    # names none); a part, its own field only.
    assert [f.rule for f in found["rep_name"]] == ["ANY-RULE", "NAME"]
    assert [f.rule for f in found["rep_title"]] == ["ID-REPRESENTATIVE", "OTHER"]
    assert [f.rule for f in found["siret"]] == ["ID-SIRET"]


def test_the_communes_file_is_loaded_and_a_wrong_file_refused(cli, communes, ctx):
    assert (
        "v_commune_2024.csv : Code officiel géographique, 48 code(s) de commune chargé(s), 0 ligne(s) illisible(s)"
        in communes
    )
    refused = cli("directory", "communes", ACIGNE)
    assert refused.exit_code == 2
    assert "colonnes manquantes : TYPECOM, COM, REG, DEP, LIBELLE, COMPARENT" in refused.output
    assert "Rien n'a été chargé." in refused.output
    with ctx.app_context():
        from services.communes import name_of

        assert name_of("35238") == "Rennes"  # the refused file changed nothing


# The directory cross-check of a school typed by hand


def test_a_hand_typed_school_the_directory_describes_otherwise_gets_a_warning_per_difference(team, acigne):
    member, _org, dossier_id = team
    typed = school_form(uai="0352358Y", name="École Sainte-Jeanne d'Arc", kind="elementaire", sector="public")
    page = text(member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", typed, follow_redirects=True))
    school = schools(dossier_id)[0]
    row = squash(
        page[
            page.index(f'id="school-{school.id}"') : page.index(
                "</tr>", page.index("findings-row", page.index(f'id="school-{school.id}"'))
            )
        ]
    )
    assert "type d'école « Élémentaire » dans le dossier, « Primaire » dans l'annuaire de l'éducation" in row
    assert "secteur « Public » dans le dossier, « Privé sous contrat » dans l'annuaire de l'éducation" in row
    assert "nom « " not in row  # « Ste » and « Sainte », « École » or not: the same name
    assert "Reprendre les données de l'annuaire" in row
    assert "Joignez ce calcul de parité" not in squash(page)
    assert school.commune == "Acigné"  # not typed: filled from the directory at once


def test_the_team_confirms_and_the_school_takes_the_directorys_values_then_the_parity_warning(team, acigne):
    member, _org, dossier_id = team
    member.post(
        f"/dossiers/{dossier_id}/ecoles/nouvelle",
        school_form(uai="0352358Y", name="Jeanne d'Arc", kind="elementaire", sector="public"),
    )
    school = schools(dossier_id)[0]
    response = member.post(
        f"/dossiers/{dossier_id}/ecoles/{school.id}/annuaire", {"version": str(school.version)}
    )
    assert response.status_code == 302
    school = schools(dossier_id)[0]
    assert (school.name, school.kind, school.sector, school.commune) == (
        "Ecole primaire privée Ste Jeanne d'Arc",
        "primaire",
        "prive_sous_contrat",
        "Acigné",
    )
    assert (school.classes, school.pupils) == (3, 61)  # the team's figures stay
    page = squash(text(member.get(f"/dossiers/{dossier_id}/ecoles")))
    assert "dans le dossier, «" not in page
    assert "est privée sous contrat : elle est éligible" in page and "Joignez ce calcul de parité" in page
    history = scalars(
        ChangeLog.__table__.select().where(ChangeLog.part == "school", ChangeLog.action == "adopt_directory")
    )
    assert history, "the confirmation is in the dossier's history"


def test_a_stale_confirmation_changes_nothing(team, acigne):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", school_form(uai="0352358Y", sector="public"))
    school = schools(dossier_id)[0]
    member.post(
        f"/dossiers/{dossier_id}/ecoles/{school.id}",
        school_form(uai="0352358Y", name="Renommée", version=str(school.version)),
    )
    response = member.post(
        f"/dossiers/{dossier_id}/ecoles/{school.id}/annuaire",
        {"version": str(school.version)},
        follow_redirects=True,
    )
    assert "Un collègue vient de modifier cette école" in squash(text(response))
    assert schools(dossier_id)[0].sector == "public"


def test_a_school_typed_in_another_commune_than_the_directorys_gets_a_warning_and_takes_it(team, acigne):
    member, _org, dossier_id = team
    typed = school_form(
        uai="0352358Y",
        name="Ecole primaire privée Ste Jeanne d'Arc",
        kind="primaire",
        sector="prive_sous_contrat",
        commune="Rennes",
    )
    page = squash(text(member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", typed, follow_redirects=True)))
    assert "commune « Rennes » dans le dossier, « Acigné » dans l'annuaire de l'éducation" in page
    assert "Reprendre les données de l'annuaire" in page
    school = schools(dossier_id)[0]
    assert school.commune == "Rennes"  # typed: kept until the team confirms
    member.post(f"/dossiers/{dossier_id}/ecoles/{school.id}/annuaire", {"version": str(school.version)})
    assert schools(dossier_id)[0].commune == "Acigné"
    assert "dans le dossier, «" not in squash(text(member.get(f"/dossiers/{dossier_id}/ecoles")))


def test_a_commune_spelt_otherwise_is_the_same_commune(team, acigne):
    member, _org, dossier_id = team
    typed = school_form(
        uai="0352358Y",
        name="Ecole primaire privée Ste Jeanne d'Arc",
        kind="primaire",
        sector="prive_sous_contrat",
        commune="ACIGNE",
    )
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", typed)
    assert "dans le dossier, «" not in squash(text(member.get(f"/dossiers/{dossier_id}/ecoles")))


def test_a_school_the_directory_agrees_with_gets_no_warning(team, acigne):
    member, _org, dossier_id = team
    member.post(
        f"/dossiers/{dossier_id}/ecoles/nouvelle",
        school_form(
            uai="0352358Y",
            name="ÉCOLE PRIMAIRE PRIVÉE SAINTE JEANNE D'ARC",
            kind="primaire",
            sector="prive_sous_contrat",
        ),
    )
    page = squash(text(member.get(f"/dossiers/{dossier_id}/ecoles")))
    assert "dans le dossier, «" not in page
    assert record(dossier_id).schools[0].commune == "Acigné"


def test_editing_the_school_shows_each_difference_at_its_field(team, acigne):
    member, _org, dossier_id = team
    member.post(
        f"/dossiers/{dossier_id}/ecoles/nouvelle",
        school_form(uai="0352358Y", kind="elementaire", sector="public"),
    )
    school = schools(dossier_id)[0]
    page = text(member.get(f"/dossiers/{dossier_id}/ecoles/{school.id}"))
    assert "« Primaire » dans l'annuaire" in squash(row_of(page, "kind"))
    assert "« Privé sous contrat » dans l'annuaire" in squash(row_of(page, "sector"))


def test_editing_the_school_shows_the_commune_difference_at_its_field(team, acigne):
    member, _org, dossier_id = team
    typed = school_form(
        uai="0352358Y",
        name="Ecole primaire privée Ste Jeanne d'Arc",
        kind="primaire",
        sector="prive_sous_contrat",
        commune="Rennes",
    )
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", typed)
    school = schools(dossier_id)[0]
    page = text(member.get(f"/dossiers/{dossier_id}/ecoles/{school.id}"))
    said = "commune « Rennes » dans le dossier, « Acigné » dans l'annuaire de l'éducation"
    findings = re.search(r'<ul class="findings" id="commune-findings">(.*?)</ul>', page, re.S)
    assert findings and said in squash(findings.group(1))
    described = input_of(page, "commune").split("aria-describedby=")[1].split('"')[1].split()
    assert "commune-findings" in described and "commune-help" in described


def test_the_seat_proposed_from_the_name_follows_a_new_code_insee(team, communes):
    """Nothing stored: the form proposes the seat from the collectivité's name (« Ville de X »
    gives X); sent back as it was proposed, it is not the team's typing and follows the code."""
    member, _org, dossier_id = team
    assert not (record(dossier_id).seat_commune or "").strip()
    proposed = seat_input(text(member.get(f"/dossiers/{dossier_id}/collectivite")))
    assert proposed  # the name less « Ville de »
    page = text(save_collectivite(member, dossier_id, insee="35238", departement="35", seat_commune=proposed))
    assert record(dossier_id).seat_commune == "Rennes" and seat_input(page) == "Rennes"


def test_a_seat_proposed_from_the_name_says_so_when_the_code_names_no_commune(team, communes):
    """The code changes to one no list knows and the team empties the seat: nothing is stored,
    and what the form proposes from the collectivité's name is said to come from it."""
    member, _org, dossier_id = team
    save_collectivite(member, dossier_id, insee="35238", departement="35", seat_commune="Rennes")
    assert record(dossier_id).seat_commune == "Rennes"
    version = str(record(dossier_id).version_collectivite)
    page = text(
        save_collectivite(
            member, dossier_id, insee="35690", departement="35", seat_commune="", version=version
        )
    )
    assert (record(dossier_id).seat_commune or "") == ""  # not the previous code's Rennes
    proposed = seat_input(page)
    assert proposed and proposed != "Rennes"  # the name's commune, less « Commune de »
    assert "Commune siège proposée d'après le nom de la collectivité" in squash(page)
    assert "(code officiel géographique de l'INSEE)" not in squash(page)
    # A code the list knows: its commune is proposed, and said to come from INSEE's list.
    version = str(record(dossier_id).version_collectivite)
    page = text(
        save_collectivite(
            member, dossier_id, insee="35238", departement="35", seat_commune="", version=version
        )
    )
    assert seat_input(page) == "Rennes"
    assert "proposée d'après le nom" not in squash(page)


def test_a_schools_new_uai_takes_the_directorys_circonscription_or_none(team, acigne):
    """The circonscription says which IEN reviews the school: an edited UAI takes its own from the
    directory, and one the directory does not know keeps none of the previous school's."""
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", school_form(uai="0352358Y"))
    school = schools(dossier_id)[0]
    assert "Châteaugiron" in school.circonscription
    member.post(
        f"/dossiers/{dossier_id}/ecoles/{school.id}",
        school_form(uai="0710001R", name=school.name, version=str(school.version)),
    )
    school = schools(dossier_id)[0]
    assert school.uai == "0710001R" and school.circonscription == ""
    member.post(
        f"/dossiers/{dossier_id}/ecoles/{school.id}",
        school_form(uai="0352358Y", name=school.name, version=str(school.version)),
    )
    assert "Châteaugiron" in schools(dossier_id)[0].circonscription


def test_an_empty_code_insee_is_asked_for_not_quoted(team):
    member, _org, dossier_id = team
    page = squash(row_of(text(save_collectivite(member, dossier_id, insee="")), "insee"))
    assert "Le code INSEE de la commune siège n'est pas indiqué : saisissez-le" in page
    assert "« »" not in page


def test_the_notes_of_the_seat_and_of_the_uai_are_read_with_their_fields(team, communes):
    member, _org, dossier_id = team
    page = text(save_collectivite(member, dossier_id, insee="35238", departement="35"))
    assert (
        "seat-commune" in input_of(page, "seat_commune").split("aria-describedby=")[1].split('"')[1].split()
    )
    ecoles = text(member.get(f"/dossiers/{dossier_id}/ecoles"))
    assert "uai-live" in input_of(ecoles, "uai").split("aria-describedby=")[1].split('"')[1].split()
