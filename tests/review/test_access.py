"""Who is refused on every review route: an anonymous visitor, a member of another collectivité,
an inspector of another département, the team on the inspectors' actions, an IEN on a DASEN's
decision. Refused means a sign-in redirect, 403 or 404, and never the dossier's data."""

from __future__ import annotations

import io
import zipfile

import pytest
import sqlalchemy as sa

from models import CommentThread, Notification, db

from .conftest import import_dossier

MARKER = "QZREVIEWMARK"
# (method, path under /inspection/dossiers/<id>, form data)
DOSSIER_ROUTES = [
    ("GET", "", None),
    ("GET", "/commentaires", None),
    ("GET", "/commentaires/nouveau?kind=section&ref=budget", None),
    ("POST", "/commentaires", {"kind": "section", "ref": "budget", "body": "Intrusion"}),
    ("POST", "/commentaires/{thread}/reponses", {"body": "Intrusion"}),
    ("POST", "/commentaires/{thread}/statut", {"status": "resolved"}),
    ("POST", "/etat", {"action": "instruct"}),
    ("POST", "/etat", {"action": "request_correction", "reason": "Intrusion"}),
    ("POST", "/avis", {"value": "defavorable", "motivation": "Intrusion"}),
    ("POST", "/decision", {"action": "close", "reason": "Intrusion"}),
    ("GET", "/comparaison", None),
    ("GET", "/comparaison/1/2", None),
]
INSPECTOR_ONLY = {"/commentaires/nouveau?kind=section&ref=budget", "/etat", "/avis", "/decision"}
LISTS = ["/inspection/", "/inspection/export.csv", "/inspection/export.xlsx"]


@pytest.fixture
def reviewed(app, cast):
    """A dossier deposited twice, with a comment thread; its title carries the marker."""
    cast.dossier_id = import_dossier(app, cast.org_id, f"Dossier {MARKER}")
    cast.deposit()
    cast.ien.post(cast.url("/etat"), {"action": "request_correction", "reason": "Précisez."})
    cast.deposit()
    cast.ien.post(cast.url("/commentaires"), {"kind": "section", "ref": "budget", "body": "Une question."})
    with app.app_context():
        cast.thread_id = db.session.scalar(sa.select(CommentThread.id))
    return cast


def _ask(person, cast, method: str, tail: str, data):
    url = cast.url(tail.replace("{thread}", str(cast.thread_id)))
    return person.get(url) if method == "GET" else person.post(url, data)


def _unchanged(cast):
    with cast.app.app_context():
        thread = db.session.get(CommentThread, cast.thread_id)
        return (
            cast.state(),
            len(thread.comments),
            thread.status,
            db.session.scalar(sa.select(sa.func.count(CommentThread.id))),
        )


def text_of(response) -> str:
    """A page's text; for an Excel file, the text of its XML parts."""
    raw = response.get_data()
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    return raw.decode("utf-8")


def _refused(response) -> str | None:
    body = text_of(response)
    if MARKER in body or "SNEE-2021" in body:
        return f"{response.status_code} shows the dossier"
    if response.status_code in (403, 404):
        return None
    if response.status_code == 302 and "/connexion" in response.headers["Location"]:
        return None
    return f"answered {response.status_code}"


@pytest.mark.parametrize("method, tail, data", DOSSIER_ROUTES, ids=[f"{m} {t}" for m, t, _ in DOSSIER_ROUTES])
def test_strangers_are_refused_on_every_dossier_route(reviewed, actor, method, tail, data):
    before = _unchanged(reviewed)
    for who, person in (
        ("anonymous", actor("nobody@example.fr")),
        ("neighbour", reviewed.neighbour),
        ("inspector of 92", reviewed.far),
    ):
        problem = _refused(_ask(person, reviewed, method, tail, data))
        assert problem is None, f"{who}: {problem}"
    assert _unchanged(reviewed) == before


@pytest.mark.parametrize("tail", sorted(INSPECTOR_ONLY))
def test_the_team_cannot_act_as_the_inspection(reviewed, tail):
    before = _unchanged(reviewed)
    for method, route_tail, data in DOSSIER_ROUTES:
        if route_tail.split("?")[0] == tail.split("?")[0] and (method == "POST" or "?" in tail):
            response = _ask(reviewed.team, reviewed, method, route_tail, data)
            assert response.status_code == 403, (method, route_tail, response.status_code)
    assert _unchanged(reviewed) == before


def test_an_ien_cannot_take_a_dasen_decision(reviewed):
    reviewed.dasen.post(reviewed.url("/etat"), {"action": "instruct"})
    response = reviewed.ien.post(reviewed.url("/decision"), {"action": "accept", "reason": "Je décide."})
    assert response.status_code == 403
    assert reviewed.state() == "en_instruction"


@pytest.mark.parametrize("url", LISTS)
def test_the_lists_are_for_inspectors_and_only_show_their_departements(reviewed, actor, url):
    assert _refused(actor("nobody@example.fr").get(url)) is None
    assert reviewed.team.get(url).status_code == 403
    assert reviewed.neighbour.get(url).status_code == 403
    far = reviewed.far.get(url)
    assert far.status_code == 200 and MARKER not in text_of(far)
    assert MARKER in text_of(reviewed.ien.get(url))


def test_the_team_and_inspectors_of_the_departement_see_the_review_pages(reviewed):
    for person in (reviewed.team, reviewed.ien, reviewed.dasen):
        for method, tail, _data in DOSSIER_ROUTES:
            if method == "GET" and tail.split("?")[0] not in INSPECTOR_ONLY | {"/commentaires/nouveau"}:
                response = _ask(person, reviewed, method, tail, None)
                assert response.status_code == 200, (person.email, tail)
                assert MARKER in response.get_data(as_text=True)


def test_a_draft_not_shared_stays_hidden_from_the_inspection(app, cast):
    hidden = import_dossier(app, cast.org_id, f"Brouillon {MARKER}")
    for url in (f"/inspection/dossiers/{hidden}", f"/dossiers/{hidden}/budget"):
        assert cast.ien.get(url).status_code == 404
    assert MARKER not in cast.ien.get("/inspection/").get_data(as_text=True)


def test_a_shared_draft_opens_read_only_to_the_inspection(cast):
    cast.share()
    for step in ("collectivite", "ecoles", "etat", "budget", "cofinancements", "projet", "recap"):
        response = cast.ien.get(cast.wizard(f"/{step}"))
        assert response.status_code == 200, step
        assert "Ce dossier est en lecture seule" in response.get_data(as_text=True), step
    for tail, data in (
        ("/budget/nouvelle", {"label": "x"}),
        ("/collectivite", {"name": "Piraté"}),
        ("/projet", {"summary": "Piraté"}),
        ("/deposer", {"certify": "1"}),
        ("/partage", {"shared": "0"}),
    ):
        assert cast.ien.post(cast.wizard(tail), data).status_code == 403, tail
    assert cast.state() == "brouillon"


def test_a_notification_belongs_to_its_person(app, reviewed, actor):
    team_id = reviewed.user_id(reviewed.team)
    with app.app_context():
        mine = db.session.scalar(sa.select(Notification.id).where(Notification.user_id == team_id).limit(1))
    assert mine is not None
    for person in (reviewed.far, reviewed.neighbour):
        assert person.post(f"/notifications/{mine}/ouvrir").status_code == 404
    assert _refused(actor("nobody@example.fr").post(f"/notifications/{mine}/ouvrir")) is None
    assert _refused(actor("nobody@example.fr").get("/notifications/")) is None


@pytest.mark.parametrize("url", ["/admin/inspecteurs"])
def test_administration_is_for_administrators(reviewed, actor, url):
    assert _refused(actor("nobody@example.fr").get(url)) is None
    for person in (reviewed.team, reviewed.ien, reviewed.dasen):
        assert person.get(url).status_code == 403
        assert (
            person.post(
                url, {"email": "x@example.fr", "name": "X", "level": "dan", "departements": "71"}
            ).status_code
            == 403
        )
