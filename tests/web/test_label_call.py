"""The second call (Label Écoles numériques 2020) on the web: a team chooses it when creating a
dossier, the wizard speaks its words and shows its arithmetic; its examples import, and every
wizard step, the spreadsheets and the inspectors' pages work for them."""

from __future__ import annotations

import html
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from grants.call import get_call, known_calls
from grants.numbers import fmt_money
from services.steps import STEP_KEYS
from tests.review.conftest import make_inspector

from .factories import line_form, lines, school_form

EXAMPLES = Path(__file__).parent.parent / "examples"
LABEL = "label-ecoles-numeriques-2020"
LABEL_EXAMPLES = ["label-village", "label-rpi"]


def text_of(response) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def money(amount: str) -> str:
    return " ".join(fmt_money(Decimal(amount), "fr").split())


def expected(example: str) -> dict:
    return json.loads((EXAMPLES / f"{example}.expected.json").read_text(encoding="utf-8"))


def upload(member, org_id: int, example: str) -> int:
    response = member.post(
        f"/collectivites/{org_id}/dossiers/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO((EXAMPLES / f"{example}.json").read_bytes()), "d.json"), "title": "Label"},
    )
    assert response.status_code == 302, text_of(response)[:3000]
    return int(response.headers["Location"].split("/dossiers/")[1].split("/")[0])


def test_the_new_dossier_form_offers_every_call(team):
    member, _org, _dossier = team
    page = text_of(member.get("/"))
    for call_id in known_calls():
        assert f'value="{call_id}"' in page
        assert get_call(call_id).title in page


def test_a_team_creates_a_label_dossier_fills_a_school_and_a_line_and_sees_the_label_arithmetic(team):
    member, org_id, _dossier = team
    response = member.post(
        f"/collectivites/{org_id}/dossiers", data={"title": "Label de l'école", "call_id": LABEL}
    )
    assert response.status_code == 302
    dossier_id = int(re.search(r"/dossiers/(\d+)/", response.headers["Location"]).group(1))
    base = f"/dossiers/{dossier_id}"
    assert "LABEL-ECOLES-NUMERIQUES-2020-" in text_of(member.get(f"{base}/recap"))

    # The school form speaks this call's words: maternelles are included, every class counts.
    schools_page = text_of(member.get(f"{base}/ecoles"))
    assert get_call(LABEL).text("school.kind.description") in schools_page
    assert "Les écoles maternelles ne sont pas éligibles." not in schools_page
    maternelle = school_form(kind="maternelle", name="École maternelle du Bourg", classes="2", pupils="40")
    assert member.post(f"{base}/ecoles/nouvelle", maternelle).status_code == 302

    # Every line is a school's: no « tout le dossier » choice, and a line without one is refused.
    budget_page = member.get(f"{base}/budget").get_data(as_text=True)
    assert 'value="__dossier__"' not in budget_page
    orphan = member.post(f"{base}/budget/nouvelle", line_form(school="__dossier__"))
    assert orphan.status_code == 422 and lines(dossier_id) == []
    # 8 × 1 890,00 € = 15 120,00 €: above the cap, the school's subsidy is 50 % of 14 000,00 €.
    assert member.post(f"{base}/budget/nouvelle", line_form(quantity="8")).status_code == 302

    recap = text_of(member.get(f"{base}/recap"))
    assert f"50 % × {money('14000')} = {money('7000')}" in recap
    assert f"min({money('15120')} ; {money('14000')}) = {money('14000')}" in recap
    assert "Subvention par école" in recap
    assert "Volet 1" not in recap and "volet 2" not in recap
    assert "ELIG-SCHOOL-KIND" not in recap  # the maternelle is eligible here


def test_without_a_choice_a_new_dossier_is_under_the_call_that_closed_last(team):
    member, org_id, _dossier = team
    dossier_id = member.create_dossier(org_id, "Sans choix")
    latest = max((get_call(c) for c in known_calls()), key=lambda c: c.closes)
    assert latest.id.upper() in text_of(member.get(f"/dossiers/{dossier_id}/recap"))


def test_a_call_the_installation_does_not_know_is_refused(team):
    member, org_id, _dossier = team
    response = member.post(f"/collectivites/{org_id}/dossiers", data={"title": "X", "call_id": "snee-2099"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/")


@pytest.mark.parametrize("example", LABEL_EXAMPLES)
@pytest.mark.parametrize("step", STEP_KEYS)
def test_every_step_of_an_imported_label_dossier_renders(team, example, step):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, example)
    response = member.get(f"/dossiers/{dossier_id}/{step}")
    assert response.status_code == 200, text_of(response)[:3000]
    page = text_of(response)
    assert "Traceback" not in page
    # The funding panel of every step shows the call's subsidy, the one the rules compute.
    assert money(expected(example)["funding"]["state_subsidy"]) in page
    assert "Volet 2 : services" not in page


@pytest.mark.parametrize("example", LABEL_EXAMPLES)
def test_the_recap_lists_each_school_s_band_computation(team, example):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, example)
    recap = text_of(member.get(f"/dossiers/{dossier_id}/recap"))
    for school in expected(example)["schools"]:
        if school["eligible"] and Decimal(school["subsidy"]):
            assert f"50 % × {money(school['eligible_expense'])} = {money(school['subsidy'])}" in recap


@pytest.mark.parametrize("example", LABEL_EXAMPLES)
def test_the_json_comes_back_as_it_went_and_the_spreadsheets_open(team, example):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, example)
    download = member.get(f"/dossiers/{dossier_id}/fichiers/dossier.json")
    assert download.status_code == 200
    from grants.loader import dossier_from_json, dossier_to_data

    original = (EXAMPLES / f"{example}.json").read_bytes()
    assert json.loads(download.data) == dossier_to_data(dossier_from_json(original))
    assert json.loads(download.data)["call"] == LABEL
    xlsx = member.get(f"/dossiers/{dossier_id}/fichiers/budget.xlsx")
    assert xlsx.status_code == 200, text_of(xlsx)[:2000]


def test_lines_imported_from_a_spreadsheet_join_a_label_dossier(team):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, "label-village")
    before = len(lines(dossier_id))
    csv = (
        "UAI de l'école;Catégorie;Libellé;Quantité;Prix unitaire HT (€);Taux de TVA;Durée (mois)\n"
        "0350202E;classe_audio;Micros;2;150,00;20 %;\n"
    ).encode()
    preview = member.post(
        f"/dossiers/{dossier_id}/import/lignes",
        data={"file": (io.BytesIO(csv), "lignes.csv")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200, text_of(preview)[:2000]
    token = html.unescape(re.search(r'name="token" value="([^"]+)"', preview.get_data(as_text=True)).group(1))
    assert (
        member.post(f"/dossiers/{dossier_id}/import/lignes/confirmer", data={"token": token}).status_code
        == 302
    )
    assert len(lines(dossier_id)) == before + 1
    # The maternelle's 3 000,00 € becomes 3 300,00 €: its subsidy, 50 % of it.
    recap = text_of(member.get(f"/dossiers/{dossier_id}/recap"))
    assert f"50 % × {money('3300')} = {money('1650')}" in recap


@pytest.mark.parametrize("example", LABEL_EXAMPLES)
def test_the_inspectors_inbox_and_review_show_a_shared_label_dossier(app, actor, team, example):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, example)
    assert member.post(f"/dossiers/{dossier_id}/partage", {"shared": "1"}).status_code == 302
    departement = json.loads((EXAMPLES / f"{example}.json").read_text())["collectivite"]["departement"]
    dasen = make_inspector(
        app, actor, "dasen@ac.example.fr", "Denis DASEN", "dasen", sorted({departement, "35"})
    )
    inbox = dasen.get("/inspection/")
    assert inbox.status_code == 200, text_of(inbox)[:2000]
    assert "LABEL-ECOLES-NUMERIQUES-2020-" in text_of(inbox)
    review = dasen.get(f"/inspection/dossiers/{dossier_id}")
    assert review.status_code == 200, text_of(review)[:3000]
    page = text_of(review)
    assert "Traceback" not in page
    assert money(expected(example)["funding"]["state_subsidy"]) in page
    for url in ("/inspection/tableau-de-bord", f"/inspection/dossiers/{dossier_id}/comparaison"):
        assert dasen.get(url).status_code == 200, url


def test_the_call_s_words_are_translated_in_english(team):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, "label-village")
    member.get("/langue/en")
    schools = text_of(member.get(f"/dossiers/{dossier_id}/ecoles"))
    assert "Nursery schools included" in schools and "Maternelles comprises" not in schools
    budget = text_of(member.get(f"/dossiers/{dossier_id}/budget"))
    assert "Référentiel equipment and networks" in budget
    assert "Label Écoles numériques 2020 (digital schools label)" in text_of(member.get("/"))


def test_a_spreadsheet_line_without_a_school_is_refused_in_a_label_dossier(team):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, "label-village")
    before = len(lines(dossier_id))
    csv = (
        "UAI de l'école;Catégorie;Libellé;Quantité;Prix unitaire HT (€);Taux de TVA;Durée (mois)\n"
        ";service_ent;ENT;1;800,00;20 %;12\n"
    ).encode()
    preview = member.post(
        f"/dossiers/{dossier_id}/import/lignes",
        data={"file": (io.BytesIO(csv), "lignes.csv")},
        content_type="multipart/form-data",
    )
    assert "dans cet appel, chaque dépense est celle d'une école" in text_of(preview)
    assert len(lines(dossier_id)) == before


def test_a_session_open_now_makes_its_call_the_one_proposed(app, team):
    """An administrator publishes a new session of the label call, open today: the new-dossier
    form proposes it first, as open, and a dossier created without a choice is under it."""
    from datetime import datetime, timedelta

    from models import db
    from services.sessions import publish

    member, org_id, _empty = team
    today = datetime.now().replace(microsecond=0)
    with app.app_context():
        publish(LABEL, "Session 2027", today - timedelta(days=1), today + timedelta(days=30), None)
        db.session.commit()
    page = member.get("/").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="call_id".*?</select>', page, re.S).group(0)
    first = re.search(r"<option([^>]*)>([^<]*)</option>", select)
    assert f'value="{LABEL}"' in first.group(1) and "selected" in first.group(1)
    assert "ouvert jusqu" in html.unescape(first.group(2))
    dossier_id = member.create_dossier(org_id, "Sans choix")
    assert "LABEL-ECOLES-NUMERIQUES-2020-" in text_of(member.get(f"/dossiers/{dossier_id}/recap"))
