"""A collectivité made by `demo load` or `dossier import` has someone who may deposit, and two
dossiers created at the same moment both get a reference (found by an attacker's review: two
of eight parallel creations answered 500)."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from models import DossierRecord, Membership, db


def test_the_demo_member_may_deposit(app):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with app.app_context():
        memberships = db.session.scalars(sa.select(Membership)).all()
        assert [m.deposit_right for m in memberships] == ["delegation"]
        from services import members

        assert members.may_deposit(memberships[0].user, memberships[0].organisation_id)


def test_two_dossiers_created_with_the_same_next_reference_both_get_one(app, team):
    member, org_id, _dossier_id = team
    with app.app_context():
        from models import Organisation
        from services import dossiers

        org = db.session.get(Organisation, org_id)
        taken = dossiers.next_reference("snee-2021")
        real, answers = dossiers.next_reference, [taken, taken]  # what two racing requests compute

        def racing(call_id: str) -> str:
            return answers.pop(0) if answers else real(call_id)

        dossiers.next_reference = racing
        try:
            first = dossiers.create(org, None, "Premier", practice=True)
            second = dossiers.create(org, None, "Second", practice=True)
        finally:
            dossiers.next_reference = real
        db.session.commit()
        assert first.reference == taken and second.reference != taken


def test_parallel_creations_on_a_real_server_all_succeed(app, team):
    member, org_id, _dossier_id = team
    statuses: list[int] = []

    def create(i: int) -> None:
        client = app.test_client()
        client.post("/connexion", data={"email": member.email, "password": "motdepasse-solide"})
        statuses.append(
            client.post(f"/collectivites/{org_id}/dossiers", data={"title": f"Course {i}"}).status_code
        )

    threads = [threading.Thread(target=create, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [302] * 6
    with app.app_context():
        refs = db.session.scalars(sa.select(DossierRecord.reference)).all()
        assert len(refs) == len(set(refs)) == 7
