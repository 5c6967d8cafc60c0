"""One status and one count per step on every page; a way forward when the call is closed:
its dates, a practice copy in one click, and new sessions of the call published as data."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from models import ChangeLog, DossierRecord, User

from .factories import collectivite_form, database, lines, record, scalar, squash, text
from .test_deposit import complete, listed
from .test_findings import statuses

WINDOW = "L'appel « Socle numérique dans les écoles élémentaires (AAP SNEE 2021) » reçoit les dossiers du 14 janvier 2021 au 31 mars 2021 à 23:59 (heure de Paris)."


def recap_count(page: str) -> int:
    found = re.search(r"(\d+) point\(s\) bloquant\(s\) empêchent le dépôt", squash(page))
    return int(found.group(1)) if found else 0


def dashboard_count(page: str, dossier_id: int) -> int:
    row = page[page.index(f'href="/dossiers/{dossier_id}/recap"') :]
    row = row[: row.index("</tr>")]
    return int(re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)[-1])


@pytest.fixture
def real(team, ctx):
    member, org_id, _dossier = team
    return member, complete(member, org_id, practice=False)


@pytest.fixture
def admin(app, actor):
    from tests.review.conftest import make_person

    person = make_person(app, actor, "admin@ecole-numerique.example.fr", "Ada Admin")  # second factor passed
    with app.app_context():
        from models import db

        db.session.scalar(sa.select(User).where(User.email == person.email)).is_admin = True
        db.session.commit()
    return person


def test_the_dashboard_the_tabs_and_the_recap_give_one_count(real):
    member, dossier_id = real
    wrong = collectivite_form(siret="12345678901234", version=str(record(dossier_id).version_collectivite))
    assert member.post(f"/dossiers/{dossier_id}/collectivite", wrong).status_code == 302
    recap = text(member.get(f"/dossiers/{dossier_id}/recap"))
    assert recap_count(recap) == 2  # the SIRET, and the call is closed
    assert dashboard_count(text(member.get("/")), dossier_id) == 2
    assert listed(dossier_id) == 2  # what the inspectors' lists show
    tabs = statuses(recap)
    assert tabs["collectivite"] == "blocking" and tabs["recap"] == "blocking"


def test_complete_never_sits_beside_a_blocking_point_of_its_step(real):
    member, dossier_id = real
    for step, status in statuses(text(member.get(f"/dossiers/{dossier_id}/recap"))).items():
        page = text(member.get(f"/dossiers/{dossier_id}/{step}"))
        blocking_here = (
            'class="badge badge-blocking"' in page[page.index("</nav>") : page.index('id="funding-panel"')]
        )
        if status == "complete":
            assert not blocking_here, step
    assert statuses(text(member.get(f"/dossiers/{dossier_id}/recap")))["recap"] == "blocking"


def test_a_practice_dossier_ready_to_go_is_complete_everywhere(team, ctx):
    member, org_id, _dossier = team
    dossier_id = complete(member, org_id, practice=True)
    recap = text(member.get(f"/dossiers/{dossier_id}/recap"))
    assert recap_count(recap) == 0 and "Aucun point bloquant" in squash(recap)
    assert statuses(recap)["recap"] == "complete"
    assert dashboard_count(text(member.get("/")), dossier_id) == 0


def test_the_recap_and_the_dashboard_say_when_the_call_opened_and_closed(real):
    member, dossier_id = real
    recap = squash(text(member.get(f"/dossiers/{dossier_id}/recap")))
    assert WINDOW in recap
    assert (
        "L'appel est clos depuis le 31 mars 2021 : ce dossier ne peut plus être déposé comme candidature."
        in recap
    )
    dashboard = squash(text(member.get("/")))
    assert WINDOW in dashboard and "L'appel est clos : seuls les dossiers d'entraînement" in dashboard


def test_the_closed_call_finding_leads_to_the_way_forward(real):
    member, dossier_id = real
    page = text(member.get(f"/dossiers/{dossier_id}/recap"))
    item = next(
        b
        for b in re.findall(r'<li class="finding finding-blocking">(.*?)</li>', page, re.S)
        if "période" in b
    )
    assert f'href="/dossiers/{dossier_id}/recap#way-forward"' in item
    way = page[page.index('id="way-forward"') : page.index("</section>", page.index('id="way-forward"'))]
    assert "Faire une copie d'entraînement" in way


def test_one_click_makes_a_practice_copy_that_can_be_deposited(real):
    member, dossier_id = real
    response = member.post(f"/dossiers/{dossier_id}/copie-entrainement")
    assert response.status_code == 302
    copy_id = int(re.search(r"/dossiers/(\d+)/recap", response.headers["Location"]).group(1))
    original, copy = record(dossier_id), record(copy_id)
    assert copy.practice and not original.practice and original.state == "brouillon"
    assert copy.title == original.title  # the practice mark is a badge, not in the title
    assert [(s.uai, s.name, s.classes) for s in copy.schools] == [
        (s.uai, s.name, s.classes) for s in original.schools
    ]
    assert len(lines(copy_id)) == len(lines(dossier_id)) and copy.summary == original.summary
    page = squash(text(member.get(f"/dossiers/{copy_id}/recap")))
    assert "Dossier d'entraînement" in page and "la période de l'appel ne s'applique pas" in page
    assert "Aucun point bloquant" in page
    assert 'badge-practice">Entraînement' in text(member.get("/"))
    assert member.post(f"/dossiers/{copy_id}/deposer", {"certify": "1"}).status_code == 302
    assert "ce dépôt n'a pas de valeur officielle" in squash(
        text(member.get(f"/dossiers/{copy_id}/depots/1"))
    )
    assert scalar(
        sa.select(ChangeLog.action).where(
            ChangeLog.dossier_id == copy_id, ChangeLog.action == "practice_copy"
        )
    )


def test_a_colleague_of_another_collectivite_cannot_copy(real, stranger):
    _member, dossier_id = real
    before = scalar(sa.select(sa.func.count(DossierRecord.id)))
    assert stranger.post(f"/dossiers/{dossier_id}/copie-entrainement").status_code == 404
    assert scalar(sa.select(sa.func.count(DossierRecord.id))) == before


def _publish(admin, **overrides):
    now = datetime.now()
    data = {
        "call_id": "snee-2021",
        "label": "Session 2027",
        "opens": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes": (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        **overrides,
    }
    return admin.post("/admin/appels", data)


def test_an_administrator_publishes_a_new_session_and_the_dossier_can_be_deposited(real, admin):
    member, dossier_id = real
    assert _publish(admin).status_code == 302
    recap = squash(text(member.get(f"/dossiers/{dossier_id}/recap")))
    assert "Session « Session 2027 » :" in recap and "L'appel est ouvert" in recap
    assert "est en dehors de cette période" not in recap and "Aucun point bloquant" in recap
    assert listed(dossier_id) == 0  # the lists' count followed the new window
    assert member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"}).status_code == 302
    assert record(dossier_id).state == "depose"


def test_a_withdrawn_session_gives_the_calls_own_dates_back(real, admin):
    member, dossier_id = real
    _publish(admin)
    page = text(admin.get("/admin/appels"))
    session_id = re.search(r"/admin/appels/sessions/(\d+)/retirer", page).group(1)
    assert admin.post(f"/admin/appels/sessions/{session_id}/retirer").status_code == 302
    assert "L'appel est clos depuis le 31 mars 2021" in squash(
        text(member.get(f"/dossiers/{dossier_id}/recap"))
    )


def test_a_session_that_closes_before_it_opens_is_refused_with_a_message(admin, ctx):
    response = _publish(admin, closes="2020-01-01T00:00")
    assert response.status_code == 422
    page = squash(text(response))
    # The error names both fields and the dates typed.
    assert "« Clôture des dépôts » (01/01/2020 00:00) doit venir après « Ouverture des dépôts »" in page
    bad = _publish(admin, opens="demain")
    assert (
        bad.status_code == 422
        and "Ouverture des dépôts : Une date et une heure, par exemple 2027-01-14 00:00" in squash(text(bad))
    )


def test_only_an_administrator_publishes_a_session(real):
    member, _dossier_id = real
    assert _publish(member).status_code == 403


def test_the_rules_stay_the_calls_file(real, admin, ctx):
    from services.sessions import current_call

    _publish(admin)
    with database():
        call = current_call("snee-2021")
    from grants.call import get_call

    original = get_call("snee-2021")
    assert call.opens != original.opens
    assert call.with_values(opens=original.opens, closes=original.closes) == original


def test_only_the_team_is_told_to_make_a_practice_copy(real, app, actor):
    from tests.review.conftest import make_inspector

    member, dossier_id = real
    sentence = "Pour continuer à vous préparer, faites-en une copie d'entraînement"
    assert sentence in squash(member.get(f"/dossiers/{dossier_id}/recap").get_data(as_text=True)).replace(
        "&#39;", "'"
    )
    assert member.post(f"/dossiers/{dossier_id}/partage", {"shared": "1"}).status_code == 302
    departement = record(dossier_id).departement or "71"
    inspector = make_inspector(app, actor, "ien@ac.example.fr", "Inès IEN", "dasen", [departement])
    response = inspector.get(f"/dossiers/{dossier_id}/recap")
    assert response.status_code == 200
    page = squash(response.get_data(as_text=True)).replace("&#39;", "'")
    assert "L'appel est clos" in page
    assert sentence not in page and "Faire une copie d'entraînement" not in page
