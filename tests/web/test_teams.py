"""A collectivité, its team joined by invitation (revocable), and its several dossiers."""

import re

import sqlalchemy as sa

from models import DossierRecord, Invitation, Membership, Organisation

from .factories import record, scalar, scalars, squash, text


def invite(member, org_id: int, email: str) -> str:
    """Invite a colleague; the link as the flash message gives it."""
    page = squash(
        text(member.post(f"/collectivites/{org_id}/invitations", {"email": email}, follow_redirects=True))
    )
    match = re.search(r"(http://localhost/invitation/\S+)", page)
    assert match, page
    return match.group(1).removeprefix("http://localhost")


def test_an_agent_creates_the_collectivite_and_becomes_its_first_member(actor, ctx):
    agent = actor("agent@mairie.example.fr")
    agent.signup()
    response = agent.create_organisation(name="Commune de Saint-Exemple")
    assert response.status_code == 302
    org = scalar(sa.select(Organisation))
    assert (org.name, org.departement, org.siret) == ("Commune de Saint-Exemple", "71", "21710112000012")
    assert scalar(sa.select(Membership.role)) == "admin"
    assert "La collectivité Commune de Saint-Exemple est créée." in squash(text(agent.get("/")))


def test_a_collectivite_needs_a_name_and_a_real_departement(actor, ctx):
    agent = actor("agent@mairie.example.fr")
    agent.signup()
    response = agent.create_organisation(name="", departement="99")
    page = text(response)
    assert response.status_code == 422  # refused, as every refused form is
    assert "Indiquez le nom de la collectivité." in page and "Un numéro de département" in page
    assert scalar(sa.select(sa.func.count(Organisation.id))) == 0


def test_a_colleague_joins_through_the_invitation_link(team, actor, ctx):
    member, org_id, dossier_id = team
    link = invite(member, org_id, "collegue@mairie.example.fr")
    colleague = actor("collegue@mairie.example.fr", "Léa Martin")
    assert colleague.get(link).status_code == 200  # signed out: asked to sign up or in
    colleague.signup()
    assert colleague.get(f"/dossiers/{dossier_id}/budget").status_code == 404
    assert "Rejoindre" in text(colleague.get(link))
    joined = colleague.post(link, follow_redirects=True)
    assert "Vous avez rejoint Commune de Saint-Exemple." in squash(text(joined))
    assert colleague.get(f"/dossiers/{dossier_id}/budget").status_code == 200
    assert "Léa Martin" in text(member.get("/"))
    assert colleague.post(link).status_code == 404  # a link is used once


def test_a_colleague_without_an_account_signs_up_from_the_link_and_comes_back_to_it(team, actor):
    member, org_id, dossier_id = team
    link = invite(member, org_id, "nouveau@mairie.example.fr")
    newcomer = actor("nouveau@mairie.example.fr", "Nina Roux")
    page = text(newcomer.get(link))
    signup_url = re.search(r'href="(/inscription\?next=[^"]+)"', page).group(1)
    response = newcomer.client.post(
        signup_url.replace("&amp;", "&"),
        data={
            "name": "Nina Roux",
            "email": "nouveau@mairie.example.fr",
            "password": "motdepasse-solide",
            "confirm": "motdepasse-solide",
        },
    )
    assert response.headers["Location"] == link
    assert "Rejoindre l&#39;équipe" in text(newcomer.get(link)) or "Rejoindre l'équipe" in text(
        newcomer.get(link)
    )
    newcomer.post(link)
    assert newcomer.get(f"/dossiers/{dossier_id}/recap").status_code == 200


def test_the_invitation_link_is_stored_hashed(team, ctx):
    member, org_id, _dossier = team
    link = invite(member, org_id, "collegue@mairie.example.fr")
    token = link.rsplit("/", 1)[1]
    stored = scalar(sa.select(Invitation))
    assert stored.email == "collegue@mairie.example.fr" and token not in stored.token_hash


def test_a_revoked_invitation_link_no_longer_works(team, actor, ctx):
    member, org_id, dossier_id = team
    link = invite(member, org_id, "collegue@mairie.example.fr")
    invitation_id = scalar(sa.select(Invitation.id))
    revoked = member.post(
        f"/collectivites/{org_id}/invitations/{invitation_id}/revoquer", follow_redirects=True
    )
    assert "L'invitation de collegue@mairie.example.fr est révoquée." in squash(text(revoked))
    colleague = actor("collegue@mairie.example.fr")
    colleague.signup()
    assert colleague.get(link).status_code == 404
    assert colleague.post(link).status_code == 404
    assert colleague.get(f"/dossiers/{dossier_id}/recap").status_code == 404
    assert scalar(sa.select(sa.func.count(Membership.id))) == 1


def test_only_a_member_may_invite_or_revoke_for_a_collectivite(team, actor, ctx):
    member, org_id, _dossier = team
    invite(member, org_id, "collegue@mairie.example.fr")
    invitation_id = scalar(sa.select(Invitation.id))
    stranger = actor("autre@ville-voisine.example.fr")
    stranger.signup()
    assert stranger.post(f"/collectivites/{org_id}/invitations", {"email": "x@example.fr"}).status_code == 404
    assert stranger.post(f"/collectivites/{org_id}/invitations/{invitation_id}/revoquer").status_code == 404
    assert scalar(sa.select(Invitation.revoked_at)) is None


def test_an_invitation_to_a_bad_address_is_refused_with_a_message(team, ctx):
    member, org_id, _dossier = team
    page = squash(
        text(
            member.post(
                f"/collectivites/{org_id}/invitations", {"email": "pas une adresse"}, follow_redirects=True
            )
        )
    )
    assert "nom@mairie.fr" in page
    assert scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_a_collectivite_holds_several_dossiers_one_of_them_for_practice(team, ctx):
    member, org_id, first_id = team
    response = member.post(
        f"/collectivites/{org_id}/dossiers", {"title": "Pour s'entraîner", "practice": "y"}
    )
    practice_id = int(re.search(r"/dossiers/(\d+)/", response.headers["Location"]).group(1))
    records = scalars(sa.select(DossierRecord).order_by(DossierRecord.id))
    assert [(r.id, r.practice) for r in records] == [(first_id, False), (practice_id, True)]
    assert records[0].reference != records[1].reference
    dashboard = squash(text(member.get("/")))
    assert "Dossier 2021" in dashboard and "Pour s'entraîner" in dashboard and "Entraînement" in dashboard
    assert "Dossier d'entraînement" in squash(text(member.get(f"/dossiers/{practice_id}/collectivite")))


def test_a_dossier_needs_a_title(team, ctx):
    member, org_id, _dossier = team
    page = squash(
        text(member.post(f"/collectivites/{org_id}/dossiers", {"title": ""}, follow_redirects=True))
    )
    assert "Donnez un titre au dossier." in page
    assert scalar(sa.select(sa.func.count(DossierRecord.id))) == 1


def test_a_new_dossier_is_prefilled_with_the_collectivite(team, ctx):
    _member, _org, dossier_id = team
    rec = record(dossier_id)
    assert (rec.name, rec.siret, rec.insee, rec.departement, rec.state) == (
        "Commune de Saint-Exemple",
        "21710112000012",
        "71412",
        "71",
        "brouillon",
    )


def test_the_dashboard_lists_only_the_agents_own_collectivite_dossiers(team, actor):
    _member, org_id, _dossier = team
    other = actor("agent@ville-voisine.example.fr")
    other.signup()
    other.create_organisation(name="Ville Voisine", siret="21710113000011", insee="71413")
    page = text(other.get("/"))
    assert "Ville Voisine" in page and "Dossier 2021" not in page and "Saint-Exemple" not in page
    assert other.post(f"/collectivites/{org_id}/dossiers", {"title": "Intrus"}).status_code == 404
