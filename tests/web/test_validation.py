"""Bad input: a message next to the field and in the summary, status 422, nothing already saved lost."""

from decimal import Decimal

import pytest

from .factories import (
    BOURG,
    cofunder_form,
    cofunders,
    collectivite_form,
    error_of,
    inventory_form,
    line_form,
    lines,
    project_form,
    record,
    school_form,
    schools,
    summary_of,
    text,
)


def assert_refused(response, field: str, message: str) -> str:
    """422, the message beside the field and in the summary, which links to the field."""
    page = text(response)
    assert response.status_code == 422, page[:500]
    assert message in error_of(page, field), error_of(page, field)
    summary = summary_of(page)
    assert message in summary and "Le formulaire contient des erreurs" in summary
    assert f'href="#{field}"' in page
    assert 'aria-describedby="' in page and 'aria-invalid="true"' in page
    return page


def test_a_wrong_check_letter_names_the_expected_one(filled, ctx):
    response = filled.member.post(filled.url("/ecoles/nouvelle"), school_form(uai="0710002A", name="Autre"))
    assert_refused(response, "uai", "avec ces 7 chiffres, la lettre de contrôle est « S »")
    assert len(schools(filled.dossier_id)) == 1


def test_a_uai_of_the_wrong_shape_gives_an_example(filled):
    response = filled.member.post(filled.url("/ecoles/nouvelle"), school_form(uai="12AB"))
    assert_refused(response, "uai", "7 chiffres puis une lettre, par exemple 0750655E")


def test_a_bad_uai_on_edit_leaves_the_stored_school_unchanged(filled, ctx):
    response = filled.member.post(
        filled.url(f"/ecoles/{filled.school_id}"),
        school_form(uai="0710001A", name="Nom changé", classes="9", version="1"),
    )
    page = assert_refused(response, "uai", "la lettre de contrôle est « R »")
    assert 'value="Nom changé"' in page  # what was typed is given back to fix
    school = schools(filled.dossier_id)[0]
    assert (school.uai, school.name, school.classes, school.version) == (
        BOURG,
        "École élémentaire du Bourg",
        3,
        1,
    )
    assert lines(filled.dossier_id)[0].school_uai == BOURG


@pytest.mark.parametrize("classes", ["trois", "3,5", "-1", "", "10001"])
def test_classes_must_be_a_whole_number(filled, ctx, classes):
    response = filled.member.post(filled.url(f"/ecoles/{filled.school_id}"), school_form(classes=classes))
    assert response.status_code == 422
    assert error_of(text(response), "classes")
    assert "Classes de cycles 2 et 3" in summary_of(text(response))
    assert schools(filled.dossier_id)[0].classes == 3


def test_a_negative_quantity_is_refused_and_the_line_kept(filled, ctx):
    response = filled.member.post(
        filled.url(f"/budget/{filled.line_id}"), line_form(quantity="-2", version="1")
    )
    assert_refused(response, "quantity", "Saisissez un nombre supérieur à zéro.")
    assert lines(filled.dossier_id)[0].quantity == Decimal(3)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("quantity", "trois", "Saisissez un nombre entier, par exemple 3."),
        ("quantity", "0", "Saisissez un nombre supérieur à zéro."),
        ("quantity", "", "Indiquez une quantité supérieure à zéro."),
        ("unit_price_ht", "12,345678", "4 décimales au plus."),
        ("unit_price_ht", "-5", "Saisissez un nombre positif."),
        ("unit_price_ht", "1e9", "Saisissez un nombre"),
        ("unit_price_ht", "99999999999999999999", "Saisissez un nombre d'au plus"),
        ("vat_rate", "20,001", "2 décimales au plus."),
        ("duration_months", "200", "Une durée entre 1 et 120 mois."),
        ("label", "", "Décrivez la dépense."),
    ],
)
def test_a_bad_line_field_is_named_and_nothing_is_added(filled, ctx, field, value, message):
    response = filled.member.post(filled.url("/budget/nouvelle"), line_form(**{field: value}))
    assert_refused(response, field, message)
    assert len(lines(filled.dossier_id)) == 1


def test_a_line_of_more_than_a_billion_euros_is_refused(filled, ctx):
    response = filled.member.post(
        filled.url("/budget/nouvelle"), line_form(quantity="1 000 000 000", unit_price_ht="1 000 000 000")
    )
    assert_refused(response, "unit_price_ht", "Le total de la ligne dépasse 1 000 000 000 €")
    assert len(lines(filled.dossier_id)) == 1


@pytest.mark.parametrize(
    "rate, message",
    [
        ("100 000 000", "Indiquez un taux entre 0 et 100 %."),
        (
            "19,6",
            "Le taux de TVA 19,6 % n'existe pas : choisissez l'un de ces taux : 0 %, 2,1 %, 5,5 %, 10 %, 20 %.",
        ),
        (
            "7",
            "Le taux de TVA 7 % n'existe pas : choisissez l'un de ces taux : 0 %, 2,1 %, 5,5 %, 10 %, 20 %.",
        ),
    ],
)
def test_a_vat_rate_that_does_not_exist_is_refused_naming_the_field(filled, ctx, rate, message):
    response = filled.member.post(filled.url("/budget/nouvelle"), line_form(vat_rate=rate))
    page = assert_refused(response, "vat_rate", message)
    assert "TVA (%)" in summary_of(page)
    assert len(lines(filled.dossier_id)) == 1


@pytest.mark.parametrize("rate", ["0", "2,1", "5,5", "10", "20"])
def test_each_french_vat_rate_is_accepted(filled, ctx, rate):
    response = filled.member.post(filled.url("/budget/nouvelle"), line_form(vat_rate=rate))
    assert response.status_code in (302, 303), text(response)[:300]
    assert len(lines(filled.dossier_id)) == 2


def test_a_line_for_a_school_not_in_the_dossier_is_refused(filled, ctx):
    response = filled.member.post(filled.url("/budget/nouvelle"), line_form(school="0750655E"))
    assert_refused(response, "school", "Choisissez une école du dossier.")


def test_a_cofunder_without_an_amount_or_with_a_rate_above_100_is_refused(filled, ctx):
    response = filled.member.post(filled.url("/cofinancements/nouveau"), cofunder_form(amount=""))
    assert_refused(response, "amount", "Indiquez le montant de la contribution.")
    response = filled.member.post(
        filled.url("/cofinancements/nouveau"), cofunder_form(mode="rate", rate="150")
    )
    assert_refused(response, "rate", "Indiquez un taux entre 0 et 100 %.")
    assert len(cofunders(filled.dossier_id)) == 1


def test_a_bad_collectivite_keeps_what_was_saved(team, ctx):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/collectivite", collectivite_form())
    response = member.post(
        f"/dossiers/{dossier_id}/collectivite",
        collectivite_form(siret="1234", contact_email="pas-un-courriel", rep_name="Autre maire", version="2"),
    )
    assert_refused(response, "siret", "Le SIRET compte 14 chiffres.")
    assert "nom@mairie.fr" in error_of(text(response), "contact_email")
    rec = record(dossier_id)
    assert (rec.siret, rec.rep_name, rec.contact_email) == (
        "21710112000012",
        "Claire Moreau",
        "numerique@mairie.example.fr",
    )


def test_a_bad_inventory_number_is_shown_next_to_its_item(filled, ctx):
    response = filled.member.post(
        filled.url(f"/etat/{filled.school_id}"), inventory_form(1, classe_affichage="deux")
    )
    page = text(response)
    assert response.status_code == 422
    assert "Le formulaire contient des erreurs" in summary_of(page)
    row = page.split(f'for="inv-{filled.school_id}-classe_affichage"')[1].split("</tr>")[0]
    assert 'aria-invalid="true"' in row and 'class="field-error"' in row
    assert schools(filled.dossier_id)[0].inventory == {}


def test_an_overlong_project_text_is_refused_and_the_saved_text_kept(team, ctx):
    member, _org, dossier_id = team
    member.post(f"/dossiers/{dossier_id}/projet", project_form())
    response = member.post(f"/dossiers/{dossier_id}/projet", project_form(summary="x" * 20001, version="2"))
    assert response.status_code == 422 and error_of(text(response), "summary")
    assert record(dossier_id).summary == "Équiper les classes du socle numérique."
    auto = member.post(
        f"/dossiers/{dossier_id}/projet/autosave", project_form(summary="x" * 20001, version="2")
    )
    assert auto.status_code == 422 and auto.get_json()["errors"]["summary"]


GARBAGE = [
    "",
    " ",
    "-1",
    "0",
    "1e400",
    "NaN",
    "Infinity",
    "١٢٣",
    "12,5,3",
    "1.234,56",
    "9" * 400,
    "<script>",
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
    "é" * 3000,
    "  3  ",
    "0x10",
    "+5",
    "--5",
    "3 %",
    "€",
    ".5",
    "5.",
    "\U0001f600",
]


def _posts(filled) -> dict[str, dict]:
    return {
        "/collectivite": collectivite_form(),
        "/ecoles/nouvelle": school_form(name="Autre", uai="0710003T"),
        f"/ecoles/{filled.school_id}": school_form(version="1"),
        f"/etat/{filled.school_id}": inventory_form(1),
        "/budget/nouvelle": line_form(),
        f"/budget/{filled.line_id}": line_form(version="1"),
        "/cofinancements/nouveau": cofunder_form(),
        f"/cofinancements/{filled.funder_id}": cofunder_form(version="1"),
        "/projet": project_form(),
        "/projet/autosave": project_form(),
        "/apercu": {"_preview": "line", "_target": str(filled.line_id), **line_form()},
    }


@pytest.mark.parametrize("junk", GARBAGE)
def test_no_input_in_any_field_gives_a_server_error(filled, junk):
    for tail, form in _posts(filled).items():
        for name in form:
            response = filled.member.post(filled.url(tail), {**form, name: junk})
            assert response.status_code < 500, (tail, name, junk, text(response)[:300])
        cofunder_preview = {"_preview": "cofunder", **cofunder_form(mode="rate", rate="10")}
        for name in cofunder_preview:
            response = filled.member.post(filled.url("/apercu"), {**cofunder_preview, name: junk})
            assert response.status_code < 500, ("apercu cofunder", name, junk)


def test_a_nul_character_is_a_bad_request_and_changes_nothing(filled, ctx):
    response = filled.member.post(
        filled.url(f"/ecoles/{filled.school_id}"), school_form(name="Bourg\x00", version="1")
    )
    assert response.status_code == 400
    assert "Requête invalide" in text(response)
    assert schools(filled.dossier_id)[0].name == "École élémentaire du Bourg"
    assert filled.member.get("/dossiers/verifier-uai?uai=0710001R%00").status_code == 400


@pytest.mark.parametrize("version", ["abc", "", "-1", "99999999999999999999999"])
def test_a_tampered_version_is_a_bad_request_not_a_crash(filled, ctx, version):
    response = filled.member.post(
        filled.url(f"/budget/{filled.line_id}"), line_form(label="X", version=version)
    )
    assert response.status_code in (400, 409)
    assert lines(filled.dossier_id)[0].label == "Vidéoprojecteur interactif"


def test_a_missing_or_repeated_field_gives_no_server_error(filled):
    for tail in _posts(filled):
        assert filled.member.post(filled.url(tail), {}).status_code < 500, tail
        repeated = filled.member.client.post(
            filled.url(tail), data={"quantity": ["1", "2"], "mode": ["x", "y"]}
        )
        assert repeated.status_code < 500, tail


ACCOUNT_FORMS = {
    "/inscription": {"name": "A", "email": "a@b.fr", "password": "x" * 12, "confirm": "x" * 12},
    "/connexion": {"email": "a@b.fr", "password": "x" * 12},
    "/mot-de-passe-oublie": {"email": "a@b.fr"},
    "/collectivites/nouvelle": {
        "name": "C",
        "kind": "commune",
        "siret": "21710112000012",
        "insee": "71412",
        "departement": "71",
    },
}


@pytest.mark.parametrize("junk", ["", "\x00", "9" * 400, "<script>", "é" * 3000, "' OR 1=1 --", "\U0001f600"])
def test_no_input_in_the_account_forms_gives_a_server_error(team, junk):
    member, org_id, _dossier = team
    forms = {
        **ACCOUNT_FORMS,
        f"/collectivites/{org_id}/invitations": {"email": "x@y.fr"},
        f"/collectivites/{org_id}/dossiers": {"title": "T", "practice": "y"},
    }
    for url, form in forms.items():
        for name in form:
            response = member.post(url, {**form, name: junk})
            assert response.status_code < 500, (url, name, junk)
