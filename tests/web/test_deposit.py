"""The deposit: refused while something blocks, then frozen, read-only, with a proof and its digest."""

import hashlib
import json
import re

import pytest
import sqlalchemy as sa

from models import Deposit, DossierRecord, User

from .factories import (
    cofunder_form,
    collectivite_form,
    database,
    inventory_form,
    lines,
    project_form,
    record,
    scalar,
    school_form,
    schools,
    squash,
    text,
)
from .test_isolation import POSTS


def listed(dossier_id: int) -> int:
    """The dossier's blocking points as the inspectors' lists count them."""
    from services.sessions import listed_blocking

    with database() as session:
        return listed_blocking(session.get(DossierRecord, dossier_id))


def complete(member, org_id: int, practice: bool = True) -> int:
    """A dossier with nothing blocking, filled through the wizard's forms."""
    response = member.post(
        f"/collectivites/{org_id}/dossiers",
        {"title": "Entraînement", **({"practice": "y"} if practice else {})},
    )
    dossier_id = int(re.search(r"/dossiers/(\d+)/", response.headers["Location"]).group(1))
    base = f"/dossiers/{dossier_id}"
    member.post(f"{base}/collectivite", collectivite_form())
    member.post(f"{base}/ecoles/nouvelle", school_form(classes="3"))
    school = schools(dossier_id)[0]
    member.post(f"{base}/etat/{school.id}", inventory_form(school.version, reseau_wifi=1))
    member.post(f"{base}/budget/proposer/{school.id}")
    member.post(f"{base}/projet", project_form())
    # A real dossier has one point: the call is closed (its window is checked now, as on the recap).
    assert listed(dossier_id) == (0 if practice else 1)
    return dossier_id


@pytest.fixture
def ready(team, ctx):
    member, org_id, _dossier = team
    return member, complete(member, org_id)


def test_the_deposit_needs_the_certification_box(ready):
    member, dossier_id = ready
    response = member.post(f"/dossiers/{dossier_id}/deposer", {})
    assert response.status_code == 422
    assert "Cochez la case de certification" in squash(text(response))
    assert record(dossier_id).state == "brouillon"
    assert scalar(sa.select(sa.func.count(Deposit.id))) == 0


def test_the_deposit_is_refused_while_a_finding_blocks(ready):
    member, dossier_id = ready
    member.post(
        f"/dossiers/{dossier_id}/projet",
        project_form(summary="", pedagogy="", ien="", concertation="", version="2"),
    )
    recap = squash(text(member.get(f"/dossiers/{dossier_id}/recap")))
    assert "1 point(s) bloquant(s) empêchent le dépôt." in recap
    response = member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    page = squash(text(response))
    assert response.status_code == 422
    assert "Le dépôt n'est pas possible" in page and "Le projet pédagogique n'est pas rédigé" in page
    assert record(dossier_id).state == "brouillon"
    assert scalar(sa.select(sa.func.count(Deposit.id))) == 0


def test_an_overfunded_dossier_cannot_be_deposited_until_the_funder_is_reduced(ready):
    member, dossier_id = ready
    cost = record(dossier_id).project_cost_cents // 100
    member.post(f"/dossiers/{dossier_id}/cofinancements/nouveau", cofunder_form(amount=str(cost)))
    page = squash(text(member.get(f"/dossiers/{dossier_id}/cofinancements")))
    assert "dépassent le coût du projet" in page
    assert member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"}).status_code == 422
    funder_id = scalar(sa.text("select id from cofunders"))
    member.post(f"/dossiers/{dossier_id}/cofinancements/{funder_id}/supprimer")
    assert member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"}).status_code == 302


def test_a_real_dossier_cannot_be_deposited_once_the_call_is_closed(team, ctx):
    member, org_id, _dossier = team
    dossier_id = complete(member, org_id, practice=False)
    response = member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    assert response.status_code == 422
    assert "Le dépôt n'est pas possible" in squash(text(response))
    assert record(dossier_id).state == "brouillon"


def test_a_deposit_freezes_the_dossier_and_gives_a_proof(ready):
    member, dossier_id = ready
    response = member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/dossiers/{dossier_id}/depots/1")
    rec = record(dossier_id)
    assert rec.state == "depose" and not rec.editable
    frozen = scalar(sa.select(Deposit))
    assert frozen.number == 1
    assert scalar(sa.select(User.name).where(User.id == frozen.deposited_by_id)) == "Karim Benali"
    assert frozen.digest == hashlib.sha256(frozen.content.encode("utf-8")).hexdigest()
    content = json.loads(frozen.content)
    assert content["format"] == "dossier-snee/1" and len(content["lines"]) == len(lines(dossier_id))
    proof = squash(text(member.get(response.headers["Location"])))
    assert "Dossier déposé. Conservez la preuve de dépôt." in proof
    assert rec.reference in proof and frozen.digest in proof and "Karim Benali" in proof
    assert "Dossier d'entraînement : ce dépôt n'a pas de valeur officielle." in proof


def test_the_downloaded_content_matches_the_digest_of_the_proof(ready):
    member, dossier_id = ready
    member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    frozen = scalar(sa.select(Deposit))
    served = member.get(f"/dossiers/{dossier_id}/depots/1/contenu.json")
    assert served.status_code == 200 and served.mimetype == "application/json"
    assert "attachment" in served.headers["Content-Disposition"]
    assert hashlib.sha256(served.data).hexdigest() == frozen.digest


def test_the_proof_is_downloadable_as_text(ready):
    member, dossier_id = ready
    member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    rec, frozen = record(dossier_id), scalar(sa.select(Deposit))
    proof = member.get(f"/dossiers/{dossier_id}/depots/1/preuve.txt")
    assert proof.status_code == 200 and proof.mimetype == "text/plain"
    assert (
        proof.headers["Content-Disposition"] == f'attachment; filename="preuve-depot-{rec.reference}-1.txt"'
    )
    body = proof.get_data(as_text=True)
    assert "PREUVE DE DÉPÔT" in body and rec.reference in body and frozen.digest in body
    assert "<" not in body


def test_a_deposited_dossier_is_read_only_for_the_team(ready):
    member, dossier_id = ready
    member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    page = text(member.get(f"/dossiers/{dossier_id}/budget"))
    assert "Ce dossier est en lecture seule (état : Déposé)." in squash(page)
    assert "Ajouter une ligne" not in page and "Dupliquer" not in page
    collectivite = text(member.get(f"/dossiers/{dossier_id}/collectivite"))
    assert "<fieldset disabled>" in collectivite and "Enregistrer</button>" not in collectivite


def test_every_change_to_a_deposited_dossier_is_forbidden(ready):
    member, dossier_id = ready
    rec = record(dossier_id)
    school_id, line_id = rec.schools[0].id, rec.lines[0].id
    member.post(f"/dossiers/{dossier_id}/cofinancements/nouveau", cofunder_form(amount="10"))
    funder_id = scalar(sa.text("select id from cofunders"))
    member.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    before = json.loads(scalar(sa.select(Deposit.content)))
    for tail, form in POSTS.items():
        if tail in ("/apercu", "/partage", "/copie-entrainement"):  # they leave the dossier as it is
            continue
        url = f"/dossiers/{dossier_id}" + tail.format(school=school_id, line=line_id, funder=funder_id)
        assert member.post(url, form).status_code == 403, tail
    from grants.loader import dossier_to_data
    from services.convert import to_domain

    assert before.pop("attachments") == []  # the deposit's JSON lists its pieces (none here)
    assert dossier_to_data(to_domain(record(dossier_id))) == before
    assert scalar(sa.select(sa.func.count(Deposit.id))) == 1
