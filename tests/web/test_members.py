"""Invitations open the team to the invited address only, never to an inspector or an
administrator; members see and remove members (logged); only the legal representative or a
member with a recorded delegation deposits (issue 13, item 7)."""

from __future__ import annotations

import sqlalchemy as sa

from models import Membership, OrganisationEvent, User, db
from services.passwords import hash_password
from tests.twofactor import pass_second_factor

from .factories import scalar, squash, text
from .test_deposit import complete
from .test_teams import invite


def _joined(actor, member, org_id, email="collegue@mairie.example.fr", name="Léa Martin"):
    link = invite(member, org_id, email)
    colleague = actor(email, name)
    colleague.signup()
    assert colleague.post(link).status_code == 302
    return colleague


def _membership_id(app, email: str) -> int:
    with app.app_context():
        return scalar(
            sa.select(Membership.id).join(User, Membership.user_id == User.id).where(User.email == email)
        )


def test_an_invitation_for_someone_else_opens_nothing(app, team, actor):
    member, org_id, dossier_id = team
    link = invite(member, org_id, "collegue@mairie.example.fr")
    other = actor("autre@mairie.example.fr", "Autre Personne")
    other.signup()
    page = squash(text(other.get(link)))
    assert "adressée à c…@mairie.example.fr" in page
    assert other.post(link).status_code == 422
    assert other.get(f"/dossiers/{dossier_id}/budget").status_code == 404


def test_the_invited_address_joins_whatever_its_case(app, team, actor):
    member, org_id, dossier_id = team
    colleague = _joined(actor, member, org_id, email="Collegue@Mairie.example.fr")
    assert colleague.get(f"/dossiers/{dossier_id}/budget").status_code == 200


def _inspector(app, email: str) -> None:
    with app.app_context():
        db.session.add(
            User(
                email=email,
                name="Inès Pecteur",
                password_hash=hash_password("motdepasse-solide"),
                inspector_level="ien",
            )
        )
        db.session.commit()


def test_an_inspector_cannot_join_a_team_even_with_his_own_invitation(app, team, actor):
    member, org_id, dossier_id = team
    link = invite(member, org_id, "ien@ac-dijon.fr")  # invited before the account was an inspector's
    _inspector(app, "ien@ac-dijon.fr")
    inspector = actor("ien@ac-dijon.fr")
    answer = inspector.post("/connexion", {"email": "ien@ac-dijon.fr", "password": "motdepasse-solide"})
    pass_second_factor(app, inspector.client, "ien@ac-dijon.fr", answer)  # inspectors have one
    assert "ne peut pas faire partie de l'équipe" in squash(text(inspector.get(link)))
    assert inspector.post(link).status_code == 422
    with app.app_context():
        assert scalar(sa.select(sa.func.count(Membership.id))) == 1


def test_inviting_an_inspectors_address_is_refused_with_a_message(app, team):
    member, org_id, _dossier = team
    _inspector(app, "ien@ac-dijon.fr")
    page = squash(
        text(
            member.post(
                f"/collectivites/{org_id}/invitations", {"email": "ien@ac-dijon.fr"}, follow_redirects=True
            )
        )
    )
    assert "ne peut pas faire partie de l'équipe" in page


def test_members_see_the_team_and_remove_a_member_with_a_log_entry(app, team, actor):
    member, org_id, dossier_id = team
    colleague = _joined(actor, member, org_id)
    page = squash(text(member.get(f"/collectivites/{org_id}/membres")))
    assert "Léa Martin" in page and "collegue@mairie.example.fr" in page
    gone = _membership_id(app, "collegue@mairie.example.fr")
    response = member.post(f"/collectivites/{org_id}/membres/{gone}/retirer", follow_redirects=True)
    assert "Léa Martin ne fait plus partie de l'équipe." in squash(text(response))
    assert colleague.get(f"/dossiers/{dossier_id}/budget").status_code == 404
    with app.app_context():
        actions = db.session.scalars(sa.select(OrganisationEvent.action).order_by(OrganisationEvent.id)).all()
    assert actions == ["joined", "removed"]
    assert "a retiré de l'équipe Léa Martin" in squash(text(member.get(f"/collectivites/{org_id}/membres")))


def test_the_last_member_cannot_be_removed(app, team):
    member, org_id, _dossier = team
    only = _membership_id(app, "agent@mairie.example.fr")
    page = squash(text(member.post(f"/collectivites/{org_id}/membres/{only}/retirer", follow_redirects=True)))
    assert "Le dernier membre d'une collectivité ne peut pas être retiré." in page


def test_a_member_of_another_collectivite_cannot_remove_anyone(app, team, actor):
    member, org_id, _dossier = team
    stranger = actor("autre@ville.example.fr")
    stranger.signup()
    only = _membership_id(app, "agent@mairie.example.fr")
    assert stranger.post(f"/collectivites/{org_id}/membres/{only}/retirer").status_code == 404
    assert stranger.get(f"/collectivites/{org_id}/membres").status_code == 404


def test_only_the_representative_or_a_delegate_deposits(app, team, actor, ctx):
    member, org_id, _dossier = team
    colleague = _joined(actor, member, org_id)
    dossier_id = complete(colleague, org_id)
    recap = squash(text(colleague.get(f"/dossiers/{dossier_id}/recap")))
    assert "Vous ne pouvez pas déposer ce dossier" in recap and "Karim Benali" in recap
    assert "Vous ne pouvez pas déposer" not in squash(text(member.get(f"/dossiers/{dossier_id}/recap")))
    response = colleague.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"})
    assert response.status_code == 403
    assert "Seul le représentant légal" in squash(text(response)) and "Karim Benali" in squash(text(response))
    right = (
        f"/collectivites/{org_id}/membres/{_membership_id(app, 'collegue@mairie.example.fr')}/droit-de-depot"
    )
    page = squash(text(member.post(right, {"right": "delegation", "delegation": ""}, follow_redirects=True)))
    assert "Indiquez l'acte de délégation" in page
    member.post(right, {"right": "delegation", "delegation": "Arrêté n° 2021-12 du 3 mars 2021"})
    assert colleague.post(f"/dossiers/{dossier_id}/deposer", {"certify": "1"}).status_code == 302
    assert "Arrêté n° 2021-12 du 3 mars 2021" in squash(text(member.get(f"/collectivites/{org_id}/membres")))


def test_a_member_without_the_right_cannot_give_it(app, team, actor):
    member, org_id, _dossier = team
    colleague = _joined(actor, member, org_id)
    own = _membership_id(app, "collegue@mairie.example.fr")
    response = colleague.post(
        f"/collectivites/{org_id}/membres/{own}/droit-de-depot",
        {"right": "representative"},
        follow_redirects=True,
    )
    assert "Seul le représentant légal ou un membre ayant une délégation" in squash(text(response))
    with app.app_context():
        assert db.session.get(Membership, own).deposit_right == ""


def test_the_last_holder_of_the_right_keeps_it(app, team):
    member, org_id, _dossier = team
    own = _membership_id(app, "agent@mairie.example.fr")
    response = member.post(
        f"/collectivites/{org_id}/membres/{own}/droit-de-depot", {"right": ""}, follow_redirects=True
    )
    assert "C'est le seul membre qui peut déposer" in squash(text(response))
