"""Input that is refused says so: nothing cut, nothing accepted that is not what the field means."""

import pytest

from .factories import (
    cofunder_form,
    collectivite_form,
    error_of,
    inventory_form,
    line_form,
    lines,
    record,
    school_form,
    schools,
    summary_of,
    text,
)


def test_a_school_name_above_its_limit_is_refused_with_the_count_not_cut(filled, ctx):
    response = filled.member.post(filled.url("/ecoles/nouvelle"), school_form(name="A" * 5000))
    page = text(response)
    assert response.status_code == 422
    assert "Texte trop long : 5 000 caractères pour 200 au plus" in error_of(page, "name")
    assert "maxlength" not in page  # the browser would cut a paste silently
    assert len(schools(filled.dossier_id)) == 1


@pytest.mark.parametrize("phone", ["zéro deux", "02 99", "12345678901234567"])
def test_a_phone_number_that_does_not_exist_is_refused(team, ctx, phone):
    member, _org, dossier_id = team
    response = member.post(f"/dossiers/{dossier_id}/collectivite", collectivite_form(contact_phone=phone))
    assert response.status_code == 422
    assert "Numéro de téléphone invalide" in error_of(text(response), "contact_phone")


@pytest.mark.parametrize("phone", ["02 99 12 34 56", "+33 2 99 12 34 56", "0299123456", "+32 2 555 12 12"])
def test_real_phone_numbers_are_kept(team, ctx, phone):
    member, _org, dossier_id = team
    response = member.post(f"/dossiers/{dossier_id}/collectivite", collectivite_form(contact_phone=phone))
    assert response.status_code == 302, error_of(text(response), "contact_phone")
    assert record(dossier_id).contact_phone == phone


def test_the_vat_rate_error_gives_a_rate_as_example(filled, ctx):
    response = filled.member.post(filled.url("/budget/nouvelle"), line_form(vat_rate="vingt"))
    error = error_of(text(response), "vat_rate")
    assert "par exemple 20 ou 5,5" in error and "1 234,56" not in error


def test_a_vat_rate_above_100_is_refused(filled, ctx):
    response = filled.member.post(filled.url("/budget/nouvelle"), line_form(vat_rate="150"))
    assert response.status_code == 422
    assert "entre 0 et 100 %" in error_of(text(response), "vat_rate")


def test_the_preview_says_a_rate_of_150_is_not_counted(filled, ctx):
    form = cofunder_form(mode="rate", rate="150", amount="", _preview="cofunder", _target="")
    response = filled.member.post(filled.url("/apercu"), form)
    page = text(response)
    assert response.status_code == 200
    assert "L'aperçu n'a pas pris en compte la saisie en cours" in page
    assert "Taux (%) : Indiquez un taux entre 0 et 100 %." in page
    # The page's script puts the message beside the field it names.
    assert 'data-field="rate" data-message="Indiquez un taux entre 0 et 100 %."' in page


def test_the_rate_field_says_its_range_and_is_refused_without_script(filled, ctx):
    page = text(filled.member.get(filled.url("/cofinancements")))
    assert 'id="rate-help"' in page and "Entre 0 et 100" in page
    response = filled.member.post(
        filled.url("/cofinancements/nouveau"), cofunder_form(mode="rate", rate="150", amount="")
    )
    assert response.status_code == 422
    assert "entre 0 et 100 %" in error_of(text(response), "rate")
    assert 'aria-invalid="true"' in text(response)


def test_the_inventory_summary_names_the_school(filled, ctx):
    response = filled.member.post(
        filled.url(f"/etat/{filled.school_id}"), inventory_form(1, classe_affichage="deux")
    )
    summary = summary_of(text(response))
    assert "École élémentaire du Bourg" in summary
    assert "École élémentaire du Bourg, " in summary and "Saisissez un nombre entier" in summary


def test_a_failed_sign_in_says_nothing_about_saving(actor, ctx):
    member = actor("agent@mairie.example.fr")
    member.signup()
    member.post("/deconnexion")
    response = member.post("/connexion", {"email": "agent@mairie.example.fr", "password": ""})
    page = text(response)
    assert "Le formulaire contient des erreurs" in page
    assert "Rien n'a été enregistré" not in page


def test_row_actions_name_what_they_act_on(filled, ctx):
    page = text(filled.member.get(filled.url("/ecoles"))).replace("&#39;", "'")
    # The school's own « École » is not repeated after « l'école ».
    assert 'aria-label="Retirer l\'école élémentaire du Bourg"' in page
    assert "l'école École" not in page
    page = text(filled.member.get(filled.url("/budget")))
    line = "Vidéoprojecteur interactif"
    assert f'aria-label="Supprimer la ligne 1, {line} (École élémentaire du Bourg)"' in page


def test_two_lines_with_the_same_label_have_different_names(filled, ctx):
    import re

    response = filled.member.post(filled.url(f"/budget/{filled.line_id}/dupliquer"))
    assert response.status_code == 302
    page = text(filled.member.get(filled.url("/budget")))
    for verb in ("Modifier", "Dupliquer", "Supprimer"):
        names = re.findall(rf'aria-label="({verb} la ligne [^"]*)"', page)
        assert len(names) == 2 and len(set(names)) == 2, names
        assert f"{verb} la ligne 2, Vidéoprojecteur interactif (École élémentaire du Bourg)" in names
    filled.member.get("/langue/en")
    page = text(filled.member.get(filled.url("/ecoles")))
    assert "l&#39;école" not in page and "Remove the school École élémentaire du Bourg" in page


def test_english_errors_have_english_punctuation(filled, ctx):
    filled.member.get("/langue/en")
    response = filled.member.post(filled.url("/budget/nouvelle"), line_form(quantity="deux"))
    summary = summary_of(text(response))
    assert "Quantity: Enter" in summary and "Quantity :" not in summary


NEUTRAL = "Corrigez les champs signalés"


def test_sign_up_code_and_reset_errors_say_nothing_about_saving(actor, app, ctx):
    import sqlalchemy as sa

    from models import User, db
    from tests.twofactor import enrol

    member = actor("agent@mairie.example.fr")
    page = text(member.post("/inscription", {"email": "", "name": "", "password": ""}))
    assert "Le formulaire contient des erreurs" in page and NEUTRAL in page
    assert "conservé" not in page
    member.signup()
    member.post("/deconnexion")
    enrol(app, "agent@mairie.example.fr")
    with app.app_context():  # an administrator's account asks for its code after the password
        db.session.execute(sa.update(User).values(is_admin=True))
        db.session.commit()
    response = member.post(
        "/connexion", {"email": "agent@mairie.example.fr", "password": "motdepasse-solide"}
    )
    assert response.headers["Location"].endswith("/connexion/code")
    page = text(member.post("/connexion/code", {"code": "000000"}))
    assert "Le formulaire contient des erreurs" in page and NEUTRAL in page
    assert "Rien n'a été enregistré" not in page and "conservé" not in page
    page = text(member.client.post("/mot-de-passe-oublie", data={"email": ""}))
    assert "conservé" not in page


@pytest.mark.parametrize("quantity", ["1 234,56", "2,5", "deux"])
def test_a_quantity_is_a_whole_number_and_its_example_is_one(filled, ctx, quantity):
    response = filled.member.post(filled.url("/budget/nouvelle"), line_form(quantity=quantity))
    assert response.status_code == 422
    message = error_of(text(response), "quantity")
    assert "Saisissez un nombre entier, par exemple 3." in message and "1 234,56" not in message
    assert len(lines(filled.dossier_id)) == 1


def test_a_decimal_quantity_of_the_json_contract_is_still_imported():
    from decimal import Decimal

    from grants.loader import dossier_from_data, dossier_to_data
    from tests.grants import factories

    data = dossier_to_data(factories.dossier())
    data["lines"][0]["quantity"] = 1.5  # dossier-format.md: « quantities are positive numbers »
    assert dossier_from_data(data).lines[0].quantity == Decimal("1.5")
