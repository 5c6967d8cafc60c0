"""The collectivité's identity: the creation form says of its identifiers what the Collectivité
step says (saved all the same), and a correction made in a dossier's step becomes the
collectivité's, so the next dossier starts from it; other dossiers keep their copy (issue 15)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from models import Organisation

from .factories import collectivite_form, record, scalar, squash, text
from .test_references import COG, input_of, row_of  # noqa: F401  (the list of communes' file)


def test_the_creation_form_says_what_the_collectivite_step_says_at_the_fields(app, actor):
    member = actor("agent@mairie.example.fr", "Karim Benali")
    member.signup()
    assert app.test_cli_runner().invoke(args=["directory", "communes", str(COG)]).exit_code == 0
    response = member.create_organisation(siret="12345678901234", insee="35690", departement="35")
    assert response.status_code == 302  # created: the step does not refuse these either
    org_id = scalar(sa.select(Organisation.id))
    assert response.headers["Location"].endswith(f"/collectivites/{org_id}/identite")
    page = text(member.client.get(response.headers["Location"]))
    assert "Le SIRET « 12345678901234 » n'est pas valide" in squash(row_of(page, "siret"))
    assert "Le code « 35690 » a la forme d'un code INSEE mais ne figure pas" in squash(row_of(page, "insee"))
    # Corrected on that page: nothing more is said.
    fixed = member.client.post(
        f"/collectivites/{org_id}/identite",
        data={
            "name": "Commune d'Acigné",
            "kind": "commune",
            "siret": "21350001000011",
            "insee": "35001",
            "departement": "35",
        },
        follow_redirects=True,
    )
    assert "n'est pas valide" not in squash(text(fixed)) and "n'est pas un code INSEE" not in squash(
        text(fixed)
    )
    assert scalar(sa.select(Organisation.siret)) == "21350001000011"


def test_a_clean_creation_goes_to_the_dashboard(app, actor):
    member = actor("agent@mairie.example.fr", "Karim Benali")
    member.signup()
    response = member.create_organisation()
    assert response.status_code == 302 and not response.headers["Location"].endswith("/identite")


def test_identifiers_not_typed_yet_do_not_stop_the_creation(app, actor):
    """A team that does not have its SIRET and code INSEE at hand creates its collectivité and
    goes on; the identity page and the Collectivité step ask for them later."""
    member = actor("agent@mairie.example.fr", "Karim Benali")
    member.signup()
    response = member.create_organisation(siret="", insee="")
    assert response.status_code == 302 and not response.headers["Location"].endswith("/identite")
    org_id = scalar(sa.select(Organisation.id))
    page = text(member.client.get(f"/collectivites/{org_id}/identite"))
    assert "n'est pas indiqué" in squash(row_of(page, "siret"))
    assert "n'est pas indiqué" in squash(row_of(page, "insee"))
    # A refused creation form (no name) does not ask for them either.
    refused = member.client.post(
        "/collectivites/nouvelle",
        data={"name": "", "kind": "commune", "siret": "", "insee": "", "departement": "71"},
    )
    assert refused.status_code == 422 and "n'est pas indiqué" not in squash(text(refused))


def test_the_identity_corrected_in_a_dossier_is_the_next_dossiers(app, actor):
    member = actor("agent@mairie.example.fr", "Karim Benali")
    member.signup()
    member.create_organisation(siret="12345678901234", insee="35690", departement="35")
    org_id = scalar(sa.select(Organisation.id))
    first = member.create_dossier(org_id, "Premier")
    second = member.create_dossier(org_id, "Second")
    corrected = collectivite_form(
        siret="21350001000011",
        insee="35001",
        departement="35",
        rep_name="Claire Moreau",
        rep_title="Maire",
        version=str(record(second).version_collectivite),
    )
    assert member.client.post(f"/dossiers/{second}/collectivite", data=corrected).status_code == 302
    third = member.create_dossier(org_id, "Troisième")
    new = record(third)
    assert (new.siret, new.insee, new.rep_name, new.rep_title) == (
        "21350001000011",
        "35001",
        "Claire Moreau",
        "Maire",
    )
    old = record(first)  # another dossier's copy is its own
    assert (old.siret, old.insee, old.rep_name) == ("12345678901234", "35690", "")


def test_a_mistake_in_a_dossier_does_not_replace_the_collectivites_valid_identifiers(team):
    member, org_id, dossier_id = team
    wrong = collectivite_form(siret="12345678901234", version=str(record(dossier_id).version_collectivite))
    member.post(f"/dossiers/{dossier_id}/collectivite", wrong)
    assert record(dossier_id).siret == "12345678901234"
    assert scalar(sa.select(Organisation.siret).where(Organisation.id == org_id)) == "21710112000012"


def test_a_refused_creation_form_still_says_what_the_rules_say_of_the_other_identifiers(app, actor):
    member = actor("agent@mairie.example.fr", "Karim Benali")
    member.signup()
    assert app.test_cli_runner().invoke(args=["directory", "communes", str(COG)]).exit_code == 0
    response = member.create_organisation(siret="2171011200001", insee="35690", departement="35")
    assert response.status_code == 422  # the SIRET's 13 digits are refused at its field
    page = text(response)
    assert "Le SIRET compte 14 chiffres." in squash(row_of(page, "siret"))
    assert "n'est pas valide" not in squash(row_of(page, "siret"))  # its own error alone
    assert "Le code « 35690 » a la forme d'un code INSEE mais ne figure pas" in squash(row_of(page, "insee"))
    assert scalar(sa.select(sa.func.count()).select_from(Organisation)) == 0
    # The form keeps what was typed, and once the SIRET has its 14 digits it is created.
    assert 'value="35690"' in response.get_data(as_text=True)
    assert member.create_organisation(siret="21710112000012", insee="71412").status_code == 302


def _findings_of(page: str, field_id: str) -> str:
    match = re.search(rf'<ul class="findings" id="{field_id}-findings">(.*?)</ul>', page, re.S)
    return squash(match.group(1)).strip() if match else ""


def test_an_emptied_code_insee_is_asked_for_at_its_field_as_the_collectivite_step_asks(team):
    """Cleared on the identity page: the Collectivité step's finding for the same empty code,
    at the field and read with it, and the confirmation says a point was found there."""
    member, org_id, dossier_id = team
    step = text(
        member.post(
            f"/dossiers/{dossier_id}/collectivite",
            collectivite_form(insee="", version=str(record(dossier_id).version_collectivite)),
            follow_redirects=True,
        )
    )
    step_says = _findings_of(step, "insee")
    assert "Le code INSEE de la commune siège n'est pas indiqué" in step_says
    saved = member.client.post(
        f"/collectivites/{org_id}/identite",
        data={
            "name": "Commune de Saint-Exemple",
            "kind": "commune",
            "siret": "21710112000012",
            "insee": "",
            "departement": "71",
        },
        follow_redirects=True,
    )
    page = text(saved)
    assert "Enregistré, avec 1 point(s) à vérifier dont 1 bloquant(s)" in squash(page)
    assert _findings_of(page, "insee") == step_says
    field = input_of(page, "insee")
    assert 'aria-invalid="true"' in field and "insee-findings" in field
