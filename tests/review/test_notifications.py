"""Who is told what, in the application and by e-mail (to an SMTP sink on loopback): the team of
comments, corrections, avis and decisions; the inspectors of sharing and deposits."""

from __future__ import annotations

import sqlalchemy as sa

from models import Notification, User, db
from services import notify

from .conftest import make_person, record

TEAM = "agent@mairie.example.fr"


def subjects(sink, address: str) -> list[str]:
    return [m["Subject"] for m in sink.to(address)]


def notifications(app, email: str) -> list[Notification]:
    with app.app_context():
        return list(
            db.session.scalars(
                sa.select(Notification)
                .join(User, User.id == Notification.user_id)
                .where(User.email == email)
                .order_by(Notification.id)
            )
        )


def test_sharing_tells_the_inspectors_of_the_departement_only(app, cast, smtp):
    cast.share()
    for inspector in (cast.ien, cast.dasen):
        [mail] = smtp.to(inspector.email)
        assert mail["Subject"].startswith("Brouillon partagé : SNEE-2021-")
        assert "Commune de Saint-Exemple partage avec l'inspection son brouillon" in mail.get_content()
        assert f"/inspection/dossiers/{cast.dossier_id}" in mail.get_content()
        assert [n.kind for n in notifications(app, inspector.email)] == ["shared"]
    assert smtp.to(cast.far.email) == [] and smtp.to(TEAM) == []
    cast.team.post(cast.wizard("/partage"), {"shared": "1"})  # already shared: nobody is told twice
    assert len(smtp.to(cast.ien.email)) == 1


def test_deposits_and_deposits_again_tell_the_inspectors(cast, smtp):
    cast.deposit()
    cast.ien.post(cast.url("/etat"), {"action": "request_correction", "reason": "Joignez le devis."})
    cast.deposit()
    assert [s.split(" :")[0] for s in subjects(smtp, cast.dasen.email)] == [
        "Dossier déposé",
        "Dossier déposé à nouveau",
    ]
    again = smtp.to(cast.dasen.email)[-1].get_content()
    assert "(dépôt n° 2)" in again and f"/inspection/dossiers/{cast.dossier_id}/comparaison" in again


def test_the_team_is_told_of_a_comment_a_correction_an_avis_and_a_decision(app, cast, smtp):
    cast.deposit()
    cast.ien.post(cast.url("/commentaires"), {"kind": "section", "ref": "budget", "body": "Le Wi-Fi ?"})
    cast.ien.post(cast.url("/etat"), {"action": "request_correction", "reason": "Ajoutez le devis Wi-Fi."})
    cast.deposit()
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Projet cohérent."})
    cast.dasen.post(
        cast.url("/decision"),
        {"action": "accept", "reason": "Retenu en vague 1.", "granted": "8 000,00", "convention": "C-71-1"},
    )
    mails, ref = smtp.to(TEAM), record(app, cast.dossier_id).reference
    assert [m["Subject"].split(" sur ")[0].split(" le dossier")[0] for m in mails] == [
        "Nouveau commentaire",
        "Correction demandée",
        f"Le dossier {ref} est « En instruction »",
        "Avis",
        f"Le dossier {ref} est « Accepté »",
    ]
    bodies = [m.get_content() for m in mails]
    assert "Inès IEN a commenté « Budget » dans le dossier « Socle numérique 2021 » : Le Wi-Fi ?" in bodies[0]
    assert "Ajoutez le devis Wi-Fi." in bodies[1]
    assert "avis « Favorable »" in bodies[3] and "Projet cohérent." in bodies[3]
    assert "Retenu en vague 1." in bodies[4]
    assert [n.kind for n in notifications(app, TEAM)] == [
        "comment",
        "correction",
        "state",
        "avis",
        "decision",
    ]
    assert smtp.to(cast.far.email) == []
    # The IEN who commented, asked for the correction and gave the avis is told of the decision too.
    assert [n.kind for n in notifications(app, cast.ien.email)][-1] == "decision"
    assert smtp.to(cast.ien.email)[-1]["Subject"] == f"Le dossier {ref} est « Accepté »"


def test_a_team_answer_tells_the_inspectors_who_took_part(app, cast, smtp):
    cast.share()
    cast.ien.post(cast.url("/commentaires"), {"kind": "section", "ref": "projet", "body": "Et l'ENT ?"})
    from models import CommentThread

    with app.app_context():
        thread_id = db.session.scalar(sa.select(CommentThread.id))
    cast.team.post(cast.url(f"/commentaires/{thread_id}/reponses"), {"body": "Celui du département."})
    assert subjects(smtp, cast.ien.email)[-1].startswith("Réponse sur le dossier")
    assert not any(s.startswith("Réponse") for s in subjects(smtp, cast.dasen.email))


def test_every_member_of_the_team_is_told_but_not_the_author(app, actor, cast, smtp):
    colleague = make_person(app, actor, "finances@mairie.example.fr", "Claire Finances")
    with app.app_context():
        from models import Membership

        db.session.add(Membership(user_id=cast.user_id(colleague), organisation_id=cast.org_id))
        db.session.commit()
    cast.deposit()
    assert subjects(smtp, colleague.email) == [] and subjects(smtp, TEAM) == []
    cast.ien.post(cast.url("/etat"), {"action": "request_correction", "reason": "Le devis."})
    assert len(smtp.to(colleague.email)) == 1 and len(smtp.to(TEAM)) == 1
    assert subjects(smtp, cast.ien.email) == [
        "Dossier déposé : " + subjects(smtp, cast.dasen.email)[0].split(": ")[1]
    ]


def test_a_notification_is_written_in_its_readers_language(app, cast, smtp):
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == cast.dasen.email)).locale = "en"
        db.session.commit()
    cast.share()
    [mail] = smtp.to(cast.dasen.email)
    assert mail["Subject"].startswith("Draft shared: SNEE-2021-")
    assert "shares its draft" in mail.get_content()
    assert smtp.to(cast.ien.email)[0]["Subject"].startswith("Brouillon partagé")


def test_nothing_is_mailed_when_the_change_is_rolled_back(app, cast, smtp):
    from models import DossierRecord

    with app.test_request_context(), app.app_context():
        rec = db.session.get(DossierRecord, cast.dossier_id)
        user = db.session.scalar(sa.select(User).where(User.email == TEAM))
        notify.dossier_shared(rec, user)
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0
    assert smtp.messages == []


def test_the_header_counts_unread_notifications_and_the_page_lists_them(app, cast, smtp):
    cast.share()
    cast.ien.post(cast.url("/commentaires"), {"kind": "section", "ref": "budget", "body": "Une remarque."})
    home = cast.team.get("/").get_data(as_text=True)
    assert 'id="notifications-link"' in home and 'class="counter">1<' in home
    page = cast.team.get("/notifications/").get_data(as_text=True)
    assert "Inès IEN a commenté « Budget »" in page
    [item] = notifications(app, TEAM)
    opened = cast.team.post(f"/notifications/{item.id}/ouvrir")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(
        f"/inspection/dossiers/{cast.dossier_id}/commentaires"
    )
    assert notifications(app, TEAM)[0].read_at is not None
    assert 'class="counter"' not in cast.team.get("/").get_data(as_text=True)
    cast.ien.get("/")  # the inspectors have theirs
    assert cast.dasen.post("/notifications/lues").status_code == 302
    assert all(n.read_at for n in notifications(app, cast.dasen.email))


def test_a_failing_smtp_server_does_not_fail_the_action(app, cast):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
    try:
        cast.share()
    finally:
        app.config.update(MAIL_SERVER="", MAIL_PORT=25)
    assert [n.kind for n in notifications(app, cast.ien.email)] == ["shared"]


def test_notifications_are_written_in_the_readers_language_with_distinct_names(app, cast, smtp):
    import re

    from models.base import utcnow

    cast.deposit()
    cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Projet cohérent."})
    team = cast.team
    page = team.get("/notifications/").get_data(as_text=True)
    assert "a donné un avis « Favorable » sur le dossier" in page
    team.get("/langue/en")
    page = team.get("/notifications/").get_data(as_text=True)
    assert "a donné un avis" not in page and "Favorable" not in page.split("<main", 1)[1].split("« ")[0]
    english = re.search(r'<button type="submit" class="link-button">(.*?)</button>', page, re.S).group(1)
    assert "opinion" in english.lower() or "avis" not in english, english
    # A row stored before the values were kept is shown with its stored text.
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == team.email))
        db.session.add(
            Notification(
                user_id=user_id,
                dossier_id=cast.dossier_id,
                kind="avis",
                text="Texte ancien.",
                created_at=utcnow(),
            )
        )
        db.session.commit()
    page = team.get("/notifications/").get_data(as_text=True)
    assert "Texte ancien." in page
    listed = page.split('<ul class="notifications">', 1)[1].split("</ul>", 1)[0]
    names = [
        re.sub(r"<[^>]+>", "", b).strip()
        for b in re.findall(r'<button type="submit" class="link-button">(.*?)</button>', listed, re.S)
    ]
    reference = record(app, cast.dossier_id).reference
    assert len(names) == len(set(names)) >= 2, names
    assert all(f"dossier {reference}" in name for name in names), names
    # Every name carries its date, in an English format no reader misreads (« 2 Dec 2026, 06:10 »).
    assert all(re.search(r"\(.*\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d\)$", name) for name in names), names
