"""Two colleagues on one dossier (issue 12): every save is merged field by field with what the
others saved since the page was read. Marie is « Personne member_a », Paul is « Claire Colline »'s
session (the second member of collectivité A); each loads a page, changes it and sends it as a
browser would (tests/reliability/forms.py)."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from models import CofunderRecord, DossierRecord, LineRecord, SchoolRecord, db

from .forms import form_posting_to, forms_of


def _form(client, page: str, action: str) -> dict[str, str]:
    return form_posting_to(client.get(page).get_data(as_text=True), action).fields


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def _record(app, dossier_id: int) -> DossierRecord:
    with app.app_context():
        rec = db.session.get(DossierRecord, dossier_id)
        db.session.expunge(rec)
        return rec


def test_changes_of_different_fields_are_both_kept_and_the_history_shows_no_reversal(app, colleagues):
    d = colleagues.dossier_id
    page = action = f"/dossiers/{d}/collectivite"
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    assert colleagues.first.post(action, data={**marie, "population": "7100"}).status_code == 302
    answer = colleagues.second.post(
        action, data={**paul, "contact_phone": "01 23 45 67 89"}, follow_redirects=True
    )
    assert answer.status_code == 200
    rec = _record(app, d)
    assert (rec.population, rec.contact_phone) == (7100, "01 23 45 67 89")
    # Paul is told Marie's change was kept, in the page's own formatting
    assert "Personne member_a a modifié « population » entre-temps (7 100) : sa valeur est gardée" in (
        _text(answer).replace("\u202f", " ").replace("\xa0", " ")
    )
    history = _text(colleagues.first.get(f"/dossiers/{d}/historique"))
    assert "7 100 →" not in history.replace("\u202f", " ").replace("\xa0", " ")


def test_the_same_field_changed_by_both_is_shown_side_by_side_and_the_other_fields_are_saved(app, colleagues):
    d = colleagues.dossier_id
    page = action = f"/dossiers/{d}/collectivite"
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    assert colleagues.first.post(action, data={**marie, "rep_name": "Marie Maire"}).status_code == 302
    late = colleagues.second.post(
        action, data={**paul, "rep_name": "Paul Maire", "contact_name": "Paul Contact"}
    )
    assert late.status_code == 409
    body = _text(late)
    assert "Un collègue a modifié les mêmes champs que vous" in body
    assert "représentant légal" in body and "Personne member_a" in body
    assert "Marie Maire" in body and "Paul Maire" in body
    rec = _record(app, d)
    assert (rec.rep_name, rec.contact_name) == ("Marie Maire", "Paul Contact")  # the rest is saved
    # Paul keeps Marie's value for that field alone
    again = form_posting_to(late.get_data(as_text=True), action).fields
    assert again["rep_name"] == "Paul Maire" and again["contact_name"] == "Paul Contact"
    assert colleagues.second.post(action, data={**again, "choice-rep_name": "theirs"}).status_code == 302
    rec = _record(app, d)
    assert (rec.rep_name, rec.contact_name) == ("Marie Maire", "Paul Contact")


def test_a_line_deleted_by_a_colleague_is_named_and_re_created_with_the_typed_values(app, colleagues):
    d, line_id = colleagues.dossier_id, colleagues.world.values["A2"]["line_id"]
    page = action = f"/dossiers/{d}/budget/{line_id}"
    paul = _form(colleagues.second, page, action)
    with app.app_context():
        label = db.session.get(LineRecord, line_id).label
    removed = colleagues.first.post(f"/dossiers/{d}/budget/{line_id}/supprimer")
    assert removed.status_code == 302
    late = colleagues.second.post(action, data={**paul, "label": "Tableau revu par Paul", "quantity": "7"})
    assert late.status_code == 409
    body = _text(late)
    assert f"La ligne « {label} » a été supprimée par un collègue" in body
    assert "Personne member_a l'a supprimé(e)" in body and "Page introuvable" not in body
    again = form_posting_to(late.get_data(as_text=True), f"/dossiers/{d}/budget/nouvelle").fields
    assert again["label"] == "Tableau revu par Paul" and again["quantity"] == "7"
    assert colleagues.second.post(f"/dossiers/{d}/budget/nouvelle", data=again).status_code == 302
    with app.app_context():
        labels = [ln.label for ln in db.session.query(LineRecord).filter_by(dossier_id=d)]
    assert "Tableau revu par Paul" in labels


def test_lines_and_schools_added_by_each_are_all_kept(app, colleagues):
    from grants.identifiers import uai_check_letter

    d = colleagues.dossier_id
    page, action = f"/dossiers/{d}/budget", f"/dossiers/{d}/budget/nouvelle"
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    line = {"category": "reseau_wifi", "quantity": "1", "unit_price_ht": "412,50", "vat_rate": "20"}
    assert colleagues.first.post(action, data={**marie, **line, "label": "Wi-Fi de Marie"}).status_code == 302
    assert colleagues.second.post(action, data={**paul, **line, "label": "Wi-Fi de Paul"}).status_code == 302
    page, action = f"/dossiers/{d}/ecoles", f"/dossiers/{d}/ecoles/nouvelle"
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    for client, form, digits, name in (
        (colleagues.first, marie, "0710091", "École de Marie"),
        (colleagues.second, paul, "0710092", "École de Paul"),
    ):
        school = {"uai": digits + uai_check_letter(digits), "name": name, "kind": "elementaire"}
        assert client.post(action, data={**form, **school, "classes": "2", "pupils": "40"}).status_code == 302
    with app.app_context():
        labels = {ln.label for ln in db.session.query(LineRecord).filter_by(dossier_id=d)}
        names = {s.name for s in db.session.query(SchoolRecord).filter_by(dossier_id=d)}
        rec = db.session.get(DossierRecord, d)
        assert rec.school_count == len(names)
    assert {"Wi-Fi de Marie", "Wi-Fi de Paul"} <= labels
    assert {"École de Marie", "École de Paul"} <= names


def test_the_etat_des_lieux_merges_item_by_item(app, colleagues):
    d, school_id = colleagues.dossier_id, colleagues.world.values["A2"]["school_id"]
    page, action = f"/dossiers/{d}/etat", f"/dossiers/{d}/etat/{school_id}"
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    assert colleagues.first.post(action, data={**marie, "inv_reseau_wifi": "3"}).status_code == 302
    assert colleagues.second.post(action, data={**paul, "inv_classe_affichage": "4"}).status_code == 302
    with app.app_context():
        inventory = db.session.get(SchoolRecord, school_id).inventory
    assert inventory["reseau_wifi"] == 3 and inventory["classe_affichage"] == 4


def test_a_clash_on_one_item_of_the_etat_des_lieux_keeps_every_other_item_of_both(app, colleagues):
    """Marie: Wi-Fi 2, audio 3. Paul, on his stale page: Wi-Fi 5, tablets 16. Paul's tablets and
    Marie's audio are saved at once; only Wi-Fi is asked; keeping Paul's Wi-Fi keeps Marie's audio."""
    d, school_id = colleagues.dossier_id, colleagues.world.values["A2"]["school_id"]
    page, action = f"/dossiers/{d}/etat", f"/dossiers/{d}/etat/{school_id}"
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    sent = {**marie, "inv_reseau_wifi": "2", "inv_classe_audio": "3"}
    assert colleagues.first.post(action, data=sent).status_code == 302
    answer = colleagues.second.post(
        action, data={**paul, "inv_reseau_wifi": "5", "inv_mobile_tablettes": "16"}
    )
    assert answer.status_code == 409

    def stored():
        with app.app_context():
            return dict(db.session.get(SchoolRecord, school_id).inventory)

    assert (stored().get("classe_audio"), stored().get("reseau_wifi"), stored().get("mobile_tablettes")) == (
        3,
        2,
        16,
    )
    page = answer.get_data(as_text=True)
    again = form_posting_to(page, action).fields
    assert again["inv_classe_audio"] == "3" and again["inv_mobile_tablettes"] == "16"
    assert again["inv_reseau_wifi"] == "5"  # « mine » on the item both changed
    final = colleagues.second.post(action, data=again)
    assert final.status_code == 302, _text(final)[-2500:]
    assert (stored().get("classe_audio"), stored().get("reseau_wifi"), stored().get("mobile_tablettes")) == (
        3,
        5,
        16,
    )


def _autosave(client, d: int, form: dict) -> tuple[int, dict]:
    answer = client.post(f"/dossiers/{d}/projet/autosave", data=form)
    return answer.status_code, json.loads(answer.get_data(as_text=True))


def test_autosaved_texts_merge_and_both_versions_of_one_text_stay_visible(app, colleagues):
    d = colleagues.dossier_id
    page = action = f"/dossiers/{d}/projet"
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    assert "shown-summary" in marie  # the page says what it showed, for the merge of its autosaves
    status, _ = _autosave(colleagues.first, d, {**marie, "pedagogy": "Usages de Marie"})
    assert status == 200
    status, answer = _autosave(colleagues.second, d, {**paul, "ien": "IEN vu par Paul"})
    assert status == 200 and answer["saved"]
    assert answer["stored"]["pedagogy"] == "Usages de Marie"  # sent back for Paul's page to show
    rec = _record(app, d)
    assert (rec.pedagogy, rec.ien) == ("Usages de Marie", "IEN vu par Paul")

    # Both write the summary: Paul's autosave gets Marie's version back, nothing is overwritten
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    status, _ = _autosave(colleagues.first, d, {**marie, "summary": "Résumé de Marie"})
    assert status == 200
    status, answer = _autosave(
        colleagues.second, d, {**paul, "summary": "Résumé de Paul", "concertation": "C"}
    )
    assert status == 409 and answer["conflict"]
    (conflict,) = answer["conflicts"]
    assert conflict["field"] == "summary" and conflict["theirs"] == "Résumé de Marie"
    assert conflict["who"] == "Personne member_a"
    rec = _record(app, d)
    assert (rec.summary, rec.concertation) == ("Résumé de Marie", "C")  # the other text is saved
    # The page without its script shows both versions side by side
    button = colleagues.second.post(action, data={**paul, "summary": "Résumé de Paul"})
    assert button.status_code == 409
    assert "Résumé de Marie" in _text(button) and "Résumé de Paul" in _text(button)
    # Paul keeps his, having read Marie's (his page now shows what is stored)
    fields = form_posting_to(button.get_data(as_text=True), action).fields
    assert fields["shown-summary"] == "Résumé de Marie" and fields["summary"] == "Résumé de Paul"
    assert colleagues.second.post(action, data=fields).status_code == 302
    assert _record(app, d).summary == "Résumé de Paul"


def test_the_history_writes_values_as_the_pages_do_in_french_and_english(app, colleagues):
    d = colleagues.dossier_id
    page, action = f"/dossiers/{d}/budget", f"/dossiers/{d}/budget/nouvelle"
    form = _form(colleagues.first, page, action)
    line = {"category": "reseau_wifi", "label": "Bornes", "quantity": "1", "unit_price_ht": "412,50"}
    assert colleagues.first.post(action, data={**form, **line, "vat_rate": "10"}).status_code == 302
    with app.app_context():
        line_id = max(ln.id for ln in db.session.query(LineRecord).filter_by(dossier_id=d))
        funder_id = db.session.query(CofunderRecord).filter_by(dossier_id=d).first().id
    edit = f"/dossiers/{d}/budget/{line_id}"
    assert (
        colleagues.first.post(edit, data={**_form(colleagues.first, edit, edit), "quantity": "2"}).status_code
        == 302
    )
    funder = f"/dossiers/{d}/cofinancements/{funder_id}"
    assert (
        colleagues.first.post(
            funder, data={**_form(colleagues.first, funder, funder), "status": "granted"}
        ).status_code
        == 302
    )
    history = (
        _text(colleagues.first.get(f"/dossiers/{d}/historique")).replace("\u202f", " ").replace("\xa0", " ")
    )
    for shown in ("412,50 €", "Bornes Wi-Fi", "10 %", "quantité : 1 → 2", "statut : Demandé → Accordé"):
        assert shown in history, shown
    for internal in ("∅", "requested", "reseau_wifi", "412.50", "0.1", "1.00"):
        assert internal not in history, internal
    colleagues.first.get("/langue/en")
    english = (
        _text(colleagues.first.get(f"/dossiers/{d}/historique")).replace("\u202f", " ").replace("\xa0", " ")
    )
    assert "€412.50" in english or "412.50 €" in english
    assert "Wi-Fi access points" in english or "Wi-Fi" in english
    assert "Requested → Granted" in english


def test_the_conflict_banner_formats_values_as_the_pages_do(app, colleagues):
    d, funder_id = colleagues.dossier_id, colleagues.world.values["A2"]["funder_id"]
    page = action = f"/dossiers/{d}/cofinancements/{funder_id}"
    marie, paul = _form(colleagues.first, page, action), _form(colleagues.second, page, action)
    assert colleagues.first.post(action, data={**marie, "amount": "2 500"}).status_code == 302
    late = colleagues.second.post(action, data={**paul, "amount": "412,5"})
    assert late.status_code == 409
    body = _text(late).replace("\u202f", " ").replace("\xa0", " ")
    assert "2 500,00 €" in body and "412,50 €" in body and "2500.00" not in body


def test_every_form_of_a_page_still_posts_its_version(app, colleagues):
    """The merge needs the version each page was read at: every editing form of the steps sends it."""
    d = colleagues.dossier_id
    for step in ("collectivite", "ecoles", "budget", "cofinancements", "projet", "etat"):
        html = colleagues.first.get(f"/dossiers/{d}/{step}").get_data(as_text=True)
        editing = [f for f in forms_of(html) if "version" in f.fields]
        assert editing, step
        assert all(re.fullmatch(r"\d+", f.fields["version"]) for f in editing), step


def test_a_save_evaluates_once_and_the_page_after_it_reads_the_stored_evaluation(app, colleagues):
    from services.dossiers import COUNTER

    d = colleagues.dossier_id
    page = action = f"/dossiers/{d}/collectivite"
    form = _form(colleagues.first, page, action)
    before = COUNTER["evaluations"]
    assert colleagues.first.post(action, data={**form, "population": "7300"}).status_code == 302
    assert COUNTER["evaluations"] - before == 1
    for step in ("collectivite", "budget", "ecoles", "recap"):
        assert colleagues.second.get(f"/dossiers/{d}/{step}").status_code == 200
    assert COUNTER["evaluations"] - before == 1  # the pages read what the save stored
    with app.app_context():
        rec = db.session.get(DossierRecord, d)
        from services.dossiers import _compute

        stored = colleagues  # noqa: F841
        fresh = _compute(rec).evaluation.funding
        assert rec.project_cost_cents == int(fresh.project_cost * 100)
    assert Decimal(rec.project_cost_cents) >= 0
