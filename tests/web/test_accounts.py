"""A city's agent creates an account, signs in and out; passwords are kept only as Argon2 hashes."""

import pytest
import sqlalchemy as sa

from models import User, db

from .factories import error_of, execute, scalar, squash, summary_of, text


def test_an_agent_signs_up_and_lands_on_an_empty_dashboard(actor):
    agent = actor("Agent@Mairie.example.fr", "Karim Benali")
    response = agent.signup()
    assert response.status_code == 302
    page = text(agent.get("/"))
    assert "Mes dossiers" in page and "Créer ma collectivité" in page and "Karim Benali" in page


def test_the_password_is_stored_as_an_argon2_hash_never_in_clear(actor, ctx):
    actor("agent@mairie.example.fr").signup("un-secret-bien-long")
    user = scalar(sa.select(User))
    assert user.email == "agent@mairie.example.fr"
    assert user.password_hash.startswith("$argon2id$")
    assert "un-secret-bien-long" not in user.password_hash
    # OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane (tens of ms of one CPU, not hundreds)
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_hash_made_with_older_parameters_still_signs_in_and_is_made_again_at_that_sign_in(actor, ctx):
    from argon2 import PasswordHasher

    agent = actor("agent@mairie.example.fr")
    agent.signup("le-bon-mot-de-passe")
    agent.post("/deconnexion")
    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash("le-bon-mot-de-passe")
    execute(sa.update(User).values(password_hash=old))
    wrong = agent.post("/connexion", {"email": "agent@mairie.example.fr", "password": "pas-le-bon-du-tout"})
    assert wrong.status_code == 200
    assert scalar(sa.select(User.password_hash)) == old  # a failed try changes nothing
    form = {"email": "agent@mairie.example.fr", "password": "le-bon-mot-de-passe"}
    assert agent.post("/connexion", form).status_code == 302
    renewed = scalar(sa.select(User.password_hash))
    assert renewed != old and renewed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    agent.post("/deconnexion")
    assert agent.post("/connexion", form).status_code == 302  # the new hash holds the same password
    assert scalar(sa.select(User.password_hash)) == renewed  # and is not made again


def test_signing_up_twice_with_the_same_email_says_an_account_exists(actor, ctx):
    actor("agent@mairie.example.fr").signup()
    again = actor("AGENT@mairie.example.fr")
    response = again.signup()
    assert response.status_code == 200
    assert "Un compte existe déjà avec ce courriel" in error_of(text(response), "email")
    assert scalar(sa.select(sa.func.count(User.id))) == 1


def test_spaces_pasted_around_an_email_are_ignored(actor):
    agent = actor(" agent@mairie.example.fr ")
    assert agent.signup("le-bon-mot-de-passe").status_code == 302
    agent.post("/deconnexion")
    response = agent.post(
        "/connexion", {"email": "agent@mairie.example.fr  ", "password": "le-bon-mot-de-passe"}
    )
    assert response.status_code == 302


def test_sign_up_errors_are_shown_next_to_each_field_and_in_the_summary(actor):
    response = actor("x").client.post(
        "/inscription", data={"name": "", "email": "pas-un-courriel", "password": "court", "confirm": "autre"}
    )
    page = text(response)
    assert "Indiquez votre nom." in error_of(page, "name")
    assert "nom@mairie.fr" in error_of(page, "email")
    assert "Au moins 10 caractères" in error_of(page, "password")
    assert "Les deux mots de passe diffèrent." in error_of(page, "confirm")
    summary = summary_of(page)
    assert "Le formulaire contient des erreurs" in summary and "Les deux mots de passe diffèrent." in summary


def test_a_wrong_password_is_refused_with_a_message_that_does_not_say_which_part_is_wrong(actor):
    agent = actor("agent@mairie.example.fr")
    agent.signup("le-bon-mot-de-passe")
    agent.post("/deconnexion")
    response = agent.post(
        "/connexion", {"email": "agent@mairie.example.fr", "password": "pas-le-bon-du-tout"}
    )
    assert response.status_code == 200
    assert "Courriel ou mot de passe incorrect." in error_of(text(response), "password")
    unknown = agent.post(
        "/connexion", {"email": "inconnu@mairie.example.fr", "password": "pas-le-bon-du-tout"}
    )
    assert "Courriel ou mot de passe incorrect." in error_of(text(unknown), "password")
    assert agent.get("/collectivites/nouvelle").status_code == 302  # still signed out


def test_an_agent_signs_in_with_any_case_of_the_email_then_signs_out(actor):
    agent = actor("agent@mairie.example.fr", "Karim Benali")
    agent.signup("le-bon-mot-de-passe")
    agent.post("/deconnexion")
    response = agent.post(
        "/connexion", {"email": "Agent@Mairie.Example.FR", "password": "le-bon-mot-de-passe"}
    )
    assert response.status_code == 302
    assert "Karim Benali" in text(agent.get("/"))
    signed_out = agent.post("/deconnexion", follow_redirects=True)
    assert "Vous êtes déconnecté." in squash(text(signed_out))
    assert agent.get("/collectivites/nouvelle").headers["Location"].startswith("/connexion")


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(actor):
    agent = actor("agent@mairie.example.fr")
    agent.signup("le-bon-mot-de-passe")
    agent.post("/deconnexion")
    form = {"email": "agent@mairie.example.fr", "password": "le-bon-mot-de-passe"}
    assert (
        agent.post("/connexion?next=/collectivites/nouvelle", form).headers["Location"]
        == "/collectivites/nouvelle"
    )
    agent.post("/deconnexion")
    assert agent.post("/connexion?next=//evil.example.com/", form).headers["Location"] == "/"


def test_a_signed_out_visitor_is_sent_to_sign_in_from_a_dossier(team, actor):
    _member, _org, dossier_id = team
    visitor = actor("visiteur@example.fr")
    response = visitor.get(f"/dossiers/{dossier_id}/budget")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert visitor.post(f"/dossiers/{dossier_id}/budget/nouvelle").status_code in (302, 401)


@pytest.mark.parametrize(
    ("browser", "stored", "mark"),
    [("en-US,en;q=0.9", "en", 'lang="en"'), ("fr-FR", "fr", 'lang="fr"'), (None, "fr", 'lang="fr"')],
)
def test_an_account_speaks_the_language_it_was_signed_up_in(app, actor, browser, stored, mark):
    """The sign-up page is in the browser's language; the account keeps it (its pages after
    sign-up and its e-mails), as an inspector's enrolment keeps the language it was read in."""
    agent = actor("agent@mairie.example.fr")
    headers = {"Accept-Language": browser} if browser else {}
    assert mark in agent.client.get("/inscription", headers=headers).get_data(as_text=True)
    form = {
        "name": "Agent",
        "email": agent.email,
        "password": "motdepasse-solide",
        "confirm": "motdepasse-solide",
    }
    assert agent.client.post("/inscription", data=form, headers=headers).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(User.locale).where(User.email == agent.email)) == stored
    # Afterwards the account's language holds, whatever the browser says.
    assert mark in agent.client.get(
        "/", headers={"Accept-Language": "fr-FR" if stored == "en" else "en"}
    ).get_data(as_text=True)


def test_the_language_chosen_in_the_header_is_the_accounts_from_then_on(app, actor):
    """Signed up on an English browser, the person picks « Français »: the next sign-in, from any
    browser, and the e-mails speak French; signed out, the switch changes no account."""
    agent = actor("agent@mairie.example.fr")
    english = {"Accept-Language": "en-US"}
    form = {
        "name": "Agent",
        "email": agent.email,
        "password": "motdepasse-solide",
        "confirm": "motdepasse-solide",
    }
    assert agent.client.post("/inscription", data=form, headers=english).status_code == 302
    here = {"Sec-Fetch-Site": "same-origin"}  # what a browser says of a link followed on the site
    assert agent.client.get("/langue/fr", headers=here).status_code == 302

    def stored():
        with app.app_context():
            return db.session.scalar(sa.select(User.locale).where(User.email == agent.email))

    assert stored() == "fr"
    # Another site making the browser ask for the switch changes the account's language in nothing.
    agent.client.get("/langue/en", headers={"Sec-Fetch-Site": "cross-site"})
    assert stored() == "fr"
    agent.client.get("/langue/fr", headers=here)
    later = app.test_client()  # another browser, in English
    signin = {"email": agent.email, "password": "motdepasse-solide"}
    assert later.post("/connexion", data=signin, headers=english).status_code == 302
    assert 'lang="fr"' in later.get("/", headers=english).get_data(as_text=True)
    anonymous = app.test_client()
    anonymous.get("/langue/en")
    assert stored() == "fr"


@pytest.mark.parametrize(
    ("headers", "kept"),
    [
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Sec-Fetch-Site": "none"}, True),  # typed in the address bar, a bookmark
        ({"Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Site": "same-site"}, False),
        # A browser that sends no Sec-Fetch-* header: its Referer must be this site's origin.
        ({"Referer": "http://localhost/dossiers/1/budget"}, True),
        ({"Referer": "https://evil.example/"}, False),
        ({"Referer": "https://localhost/"}, False),  # another scheme
        ({"Referer": "http://localhost:8080/"}, False),  # another port
        ({"Referer": "http://localhost.evil.example/"}, False),
        ({"Referer": "http://localhost:80/"}, True),  # the default port written out
        ({}, False),  # neither: the session's language only
    ],
)
def test_the_language_switch_stores_the_choice_only_when_followed_on_this_site(app, actor, headers, kept):
    """The switch always changes the page's language (the session's); the account's only for a
    link the person followed on this site: Sec-Fetch-Site same-origin or none, or, when the
    browser sends no Sec-Fetch-Site, a Referer of this site's own scheme, host and port."""
    agent = actor("agent@mairie.example.fr")
    agent.signup()

    def stored():
        with app.app_context():
            return db.session.scalar(sa.select(User.locale).where(User.email == agent.email))

    assert stored() == "fr"
    assert agent.client.get("/langue/en", headers=headers).status_code == 302
    assert stored() == ("en" if kept else "fr")
    assert 'lang="en"' in agent.client.get("/").get_data(as_text=True)  # the session's, in any case
