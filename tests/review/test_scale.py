"""The inspection at the scale of a département: practice dossiers kept apart, avis tied to a
deposit, decisions with the amount granted, assignment by circonscription, the inbox's columns,
filters and views, bulk jobs, the team seeing the request for correction, the dashboard."""

from __future__ import annotations

import csv
import html
import io
import zipfile
from decimal import Decimal

import sqlalchemy as sa

from models import Avis, CommentThread, DossierRecord, InboxView, Job, Notification, StateChange, User, db

from .conftest import (
    CIRCONSCRIPTION,
    give_circonscription,
    import_dossier,
    make_inspector,
    place_schools,
    record,
)
from .test_inbox import references, seed


def text(response) -> str:
    """The page as a reader sees its characters (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


ACCEPT = {"action": "accept", "reason": "Projet retenu.", "granted": "7 250,50", "convention": "SNEE-71-0042"}


def kinds_of(app, email: str) -> list[str]:
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == email))
        return list(
            db.session.scalars(
                sa.select(Notification.kind).where(Notification.user_id == user_id).order_by(Notification.id)
            )
        )


# Practice dossiers


def test_practice_dossiers_are_left_out_of_the_inbox_and_its_counts_unless_asked(app, cast):
    cast.deposit()
    cast.set_practice(True)
    ref = record(app, cast.dossier_id).reference
    page = text(cast.ien.get("/inspection/"))
    assert ref not in page and "0 dossier(s)." in page and "Tous les états (0)" in page
    shown = text(cast.ien.get("/inspection/?practice=include"))
    assert ref in shown and "Entraînement" in shown and "1 dossier(s)." in shown
    assert ref in text(cast.ien.get("/inspection/?practice=only"))
    review = text(cast.ien.get(cast.url()))
    assert "Dossier d'entraînement" in review


def test_practice_dossiers_are_not_counted_on_the_dashboard(app, cast):
    cast.deposit()
    counted = text(cast.dasen.get("/inspection/tableau-de-bord?departement=71"))
    assert "Dossiers par état" in counted
    cast.set_practice(True)
    rows = list(
        csv.reader(
            io.StringIO(
                cast.dasen.get("/inspection/tableau-de-bord.csv?departement=71")
                .get_data()
                .decode("utf-8-sig")
            ),
            delimiter=";",
        )
    )
    total = next(row for row in rows if row[2] == "Total")  # the envelope's row follows it
    assert total[1:4] == ["71", "Total", "0"]


# Avis and decision tied to a deposit


def _to_second_deposit_with_an_old_avis(cast, value: str = "defavorable") -> None:
    cast.deposit()
    cast.ien.post(cast.url("/avis"), {"value": value, "motivation": "Le budget ne tient pas."})
    cast.ien.post(cast.url("/etat"), {"action": "request_correction", "reason": "Revoyez le budget Wi-Fi."})
    cast.deposit()
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})


def test_an_avis_on_an_older_deposit_blocks_the_decision(app, cast):
    _to_second_deposit_with_an_old_avis(cast)
    page = text(cast.dasen.get(cast.url()))
    assert "sur le dépôt n° 1" in page
    assert (
        "aucun avis n'a été donné sur le dépôt actuel (n° 2)" in page
        or "aucun avis n'a été donné sur le dépôt actuel (n° 2)" in page
    )
    response = cast.dasen.post(cast.url("/decision"), ACCEPT)
    assert response.status_code == 409
    assert "Aucun avis n'a été donné sur le dépôt actuel" in text(response)
    assert cast.state() == "en_instruction"
    # An avis on deposit 2 opens the way
    cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Budget corrigé."})
    assert cast.dasen.post(cast.url("/decision"), ACCEPT).status_code == 302
    rec = record(app, cast.dossier_id)
    assert rec.state == "accepte" and rec.granted_cents == 725_050 and rec.convention_number == "SNEE-71-0042"
    with app.app_context():
        assert [a.deposit_number for a in db.session.scalars(sa.select(Avis).order_by(Avis.id))] == [1, 2]


def test_deciding_without_an_avis_on_the_current_deposit_needs_its_reason(app, cast):
    _to_second_deposit_with_an_old_avis(cast)
    with_reason = {**ACCEPT, "override": "L'IEN est absent ; le budget corrigé a été vérifié en comité."}
    assert cast.dasen.post(cast.url("/decision"), with_reason).status_code == 302
    with app.app_context():
        change = db.session.scalars(sa.select(StateChange).order_by(StateChange.id.desc())).first()
        assert change.to_state == "accepte" and change.override_reason.startswith("L'IEN est absent")
    assert "Décidé sans avis sur le dépôt actuel" in text(cast.dasen.get(cast.url()))


def test_the_amount_granted_is_checked(app, cast):
    cast.deposit()
    cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Bien."})
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    too_much = cast.dasen.post(cast.url("/decision"), {**ACCEPT, "granted": "8 000,01"})
    assert too_much.status_code == 409 and "ne peut dépasser la subvention demandée" in too_much.get_data(
        as_text=True
    )
    no_convention = cast.dasen.post(cast.url("/decision"), {**ACCEPT, "convention": " "})
    assert no_convention.status_code == 409 and "Numéro de convention" in text(no_convention)
    typo = cast.dasen.post(cast.url("/decision"), {**ACCEPT, "granted": "sept mille"})
    assert typo.status_code == 422 and "Saisissez un nombre" in text(typo)
    assert cast.state() == "en_instruction"
    assert cast.dasen.post(cast.url("/decision"), {**ACCEPT, "granted": "6 000"}).status_code == 302
    assert record(app, cast.dossier_id).granted_cents == 600_000
    assert "6 000,00" in text(cast.dasen.get(cast.url())).replace("\u202f", " ").replace("\xa0", " ")


def test_threads_close_with_the_decision_and_everyone_who_acted_is_told(app, cast, smtp):
    cast.deposit()
    cast.ien.post(cast.url("/commentaires"), {"kind": "section", "ref": "budget", "body": "Et le Wi-Fi ?"})
    cast.ien.post(cast.url("/avis"), {"value": "reserves", "motivation": "Sous réserve du devis."})
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    cast.dasen.post(cast.url("/decision"), {"action": "refuse", "reason": "Hors enveloppe."})
    with app.app_context():
        assert [t.status for t in db.session.scalars(sa.select(CommentThread))] == ["closed"]
        thread_id = db.session.scalar(sa.select(CommentThread.id))
    assert kinds_of(app, cast.ien.email)[-1] == "decision"
    assert kinds_of(app, cast.team.email)[-1] == "decision"
    assert record(app, cast.dossier_id).granted_cents is None  # a refusal grants nothing
    # Closed: neither side reopens or answers it
    cast.ien.post(cast.url(f"/commentaires/{thread_id}/statut"), {"status": "open"})
    assert (
        cast.team.post(cast.url(f"/commentaires/{thread_id}/reponses"), {"body": "Mais…"}).status_code == 409
    )
    with app.app_context():
        thread = db.session.get(CommentThread, thread_id)
        assert thread.status == "closed" and len(thread.comments) == 1


# The team sees the inspection


def test_the_request_for_correction_shows_on_the_teams_recap_and_dashboard_until_answered(cast):
    cast.deposit()
    cast.ien.post(
        cast.url("/etat"), {"action": "request_correction", "reason": "Joignez le devis du câblage."}
    )
    recap = text(cast.team.get(cast.wizard("/recap")))
    assert "L'inspection demande une correction" in recap and "Joignez le devis du câblage." in recap
    home = text(cast.team.get("/"))
    assert "Joignez le devis du câblage." in home
    cast.deposit()
    assert "Joignez le devis du câblage." not in text(cast.team.get(cast.wizard("/recap")))
    assert "Joignez le devis du câblage." not in text(cast.team.get("/"))


# Assignment


def test_a_dossier_goes_to_the_ien_of_its_schools_circonscription(app, cast, smtp, actor):
    other = make_inspector(app, actor, "ien2@ac-dijon.example.fr", "Odile IEN", "ien", ["71"])
    give_circonscription(app, other.email, "71", "CHALON SUD")
    cast.deposit()
    rec = record(app, cast.dossier_id)
    assert rec.circonscription == CIRCONSCRIPTION
    with app.app_context():
        assert db.session.get(User, rec.assignee_id).email == cast.ien.email
    # The assignee and the DASEN level hear of it; the other IEN of the département does not.
    assert smtp.to(cast.ien.email) and smtp.to(cast.dasen.email) and smtp.to(other.email) == []
    assert references(cast.ien.get("/inspection/?view=mine")) == [rec.reference]
    assert references(other.get("/inspection/?view=mine")) == []
    assert references(cast.ien.get("/inspection/?view=todo")) == [rec.reference]


def test_the_dasens_office_reassigns_and_the_new_assignee_is_told(app, cast, actor):
    other = make_inspector(app, actor, "ien2@ac-dijon.example.fr", "Odile IEN", "ien", ["71"])
    cast.deposit()
    other_id = cast.user_id(other)
    assert cast.ien.post(cast.url("/attribution"), {"assignee": str(other_id)}).status_code == 403
    assert cast.dasen.post(cast.url("/attribution"), {"assignee": str(other_id)}).status_code == 302
    assert record(app, cast.dossier_id).assignee_id == other_id
    assert kinds_of(app, other.email) == ["assigned"]
    far = cast.dasen.post(cast.url("/attribution"), {"assignee": str(cast.user_id(cast.far))})
    assert far.status_code == 422 and record(app, cast.dossier_id).assignee_id == other_id
    history = text(cast.team.get(cast.wizard("/historique")))
    assert "attribution à un inspecteur" in history


def test_a_dossier_whose_circonscription_has_no_ien_stays_unassigned_and_tells_every_inspector(
    app, cast, smtp
):
    place_schools(app, cast.dossier_id, "AUTUN")
    cast.deposit()
    rec = record(app, cast.dossier_id)
    assert rec.circonscription == "AUTUN" and rec.assignee_id is None
    assert smtp.to(cast.ien.email) and smtp.to(cast.dasen.email)


# The inbox


def test_the_inbox_filters_by_avis_decision_comments_and_assignee_and_the_pager_keeps_them(app, cast):
    seed(app, 80)
    cast.deposit()
    ref = record(app, cast.dossier_id).reference
    cast.ien.post(cast.url("/avis"), {"value": "defavorable", "motivation": "Non."})
    assert references(cast.ien.get("/inspection/?avis=defavorable")) == [ref]
    assert ref not in references(cast.ien.get("/inspection/?avis=none&page=1"))
    assert references(cast.ien.get("/inspection/?assignee=me")) == [ref]
    with_comments = references(cast.ien.get("/inspection/?comments=yes&state=accepte"))
    assert with_comments and all(r.startswith("SEED-") for r in with_comments)
    decided = text(cast.ien.get("/inspection/?decision=accepte&blocking=yes"))
    assert "Aucun dossier ne correspond." in decided or ref not in decided
    body = text(cast.ien.get("/inspection/?blocking=yes&sort=reference&dir=asc"))
    assert 'href="/inspection/?blocking=yes&sort=reference&page=2"' in body


def test_saved_views(app, cast):
    cast.deposit()
    response = cast.ien.post(
        "/inspection/vues", {"name": "Défavorables", "query": "avis=defavorable&sort=amount"}
    )
    assert response.status_code == 302 and "avis=defavorable" in response.headers["Location"]
    page = text(cast.ien.get("/inspection/"))
    assert "Défavorables" in page and "?avis=defavorable&sort=amount" in page
    with app.app_context():
        view_id = db.session.scalar(sa.select(InboxView.id))
    assert cast.dasen.post(f"/inspection/vues/{view_id}/suppression").status_code == 404  # not theirs
    assert cast.ien.post("/inspection/vues", {"name": "", "query": ""}).status_code == 302
    assert cast.ien.post(f"/inspection/vues/{view_id}/suppression").status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(InboxView.id))) == 0


def test_each_row_has_a_summary_of_its_findings(app, cast):
    cast.deposit()
    cast.ien.post(cast.url("/commentaires"), {"kind": "section", "ref": "budget", "body": "Et le Wi-Fi ?"})
    body = text(cast.ien.get("/inspection/"))
    summary = body[
        body.index("<summary>Synthèse") : body.index("</details>", body.index("<summary>Synthèse"))
    ]
    assert "Commentaire ouvert : Budget" in summary and "Pas encore d'avis sur le dépôt n° 1" in summary


# Bulk actions


def _deposit_many(app, cast, count: int) -> list[int]:
    ids = [cast.dossier_id]
    cast.deposit()
    for n in range(count - 1):
        cast.dossier_id = import_dossier(app, cast.org_id, f"Dossier {n}")
        place_schools(app, cast.dossier_id, CIRCONSCRIPTION)
        cast.deposit()
        ids.append(cast.dossier_id)
    return ids


def test_bulk_instruction_of_the_ticked_dossiers(app, cast):
    ids = _deposit_many(app, cast, 3)
    with app.app_context():
        db.session.execute(sa.update(DossierRecord).where(DossierRecord.id == ids[2]).values(state="accepte"))
        db.session.commit()
    response = cast.ien.post("/inspection/lot", {"action": "instruct", "ids": [str(i) for i in ids]})
    assert response.status_code == 302 and "/inspection/travaux/" in response.headers["Location"]
    page = text(cast.ien.get(response.headers["Location"]))
    assert "Terminé" in page and "2 dossier(s) traité(s)." in page and "n'est pas possible" in page
    assert [record(app, i).state for i in ids] == ["en_instruction", "en_instruction", "accepte"]
    with app.app_context():
        job = db.session.scalars(sa.select(Job)).one()
        assert (job.status, job.done, job.failed, job.total) == ("done", 2, 1, 3)
    status = cast.ien.get(f"/inspection/travaux/{job.id}/etat.json").get_json()
    assert status["finished"] and status["percent"] == 100
    assert cast.dasen.get(f"/inspection/travaux/{job.id}").status_code == 404  # someone else's job


def test_bulk_assignment_is_for_the_dasens_office(app, cast, actor):
    ids = _deposit_many(app, cast, 2)
    other = make_inspector(app, actor, "ien2@ac-dijon.example.fr", "Odile IEN", "ien", ["71"])
    other_id = cast.user_id(other)
    cast.ien.post(
        "/inspection/lot", {"action": "assign", "assignee": str(other_id), "ids": [str(i) for i in ids]}
    )
    assert {record(app, i).assignee_id for i in ids} == {cast.user_id(cast.ien)}
    cast.dasen.post(
        "/inspection/lot", {"action": "assign", "assignee": str(other_id), "ids": [str(i) for i in ids]}
    )
    assert {record(app, i).assignee_id for i in ids} == {other_id}
    assert kinds_of(app, other.email) == ["assigned", "assigned"]


def test_nothing_ticked_says_so(cast):
    response = cast.ien.post("/inspection/lot", {"action": "instruct"}, follow_redirects=True)
    assert "Cochez au moins un dossier" in text(response)


def test_a_batch_download_gives_a_zip_of_candidatures_and_a_french_csv(app, cast, tmp_path):
    app.config["JOBS_DIR"] = str(tmp_path)
    ids = _deposit_many(app, cast, 2)
    response = cast.ien.post(
        "/inspection/lot", {"action": "download", "ids": [str(i) for i in ids] + ["99999"]}
    )
    job_page = text(cast.ien.get(response.headers["Location"]))
    assert "Télécharger le fichier" in job_page
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    download = cast.ien.get(f"/inspection/travaux/{job_id}/fichier")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.get_data()))
    refs = [record(app, i).reference for i in ids]
    assert sorted(archive.namelist()) == sorted([f"{r}/{r}.docx" for r in refs] + ["synthese.csv"])
    rows = list(csv.reader(io.StringIO(archive.read("synthese.csv").decode("utf-8-sig")), delimiter=";"))
    assert [r[0] for r in rows[1:]] == sorted(refs) and rows[1][12] == "8000,00"
    assert archive.read(f"{refs[0]}/{refs[0]}.docx")[:2] == b"PK"


def test_a_batch_download_carries_each_dossiers_attachments(app, cast, tmp_path):
    from tests.web.pdfs import one_page_pdf

    app.config["JOBS_DIR"] = str(tmp_path)
    [dossier_id] = _deposit_many(app, cast, 1)
    deliberation = one_page_pdf()
    with app.app_context():
        from grants.call import get_call
        from services import attachments

        rec = db.session.get(DossierRecord, dossier_id)
        for _ in range(2):  # the same name twice stays two files
            attachments.add(rec, None, "devis", "devis.pdf", deliberation, get_call(rec.call_id))
        db.session.commit()
    response = cast.ien.post("/inspection/lot", {"action": "download", "ids": [str(dossier_id)]})
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    archive = zipfile.ZipFile(io.BytesIO(cast.ien.get(f"/inspection/travaux/{job_id}/fichier").get_data()))
    ref = record(app, dossier_id).reference
    assert f"{ref}/pieces/devis.pdf" in archive.namelist()
    assert f"{ref}/pieces/2-devis.pdf" in archive.namelist()
    assert archive.read(f"{ref}/pieces/devis.pdf") == deliberation


# The dashboard


def test_the_dashboard_counts_per_state_and_circonscription_with_amounts_and_charts(app, cast):
    app.config["REVIEW_ENVELOPES"] = "71:100000"
    cast.deposit()
    cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Bien."})
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    cast.dasen.post(cast.url("/decision"), ACCEPT)
    page = text(cast.dasen.get("/inspection/tableau-de-bord?departement=71"))
    flat = page.replace("\u202f", " ").replace("\xa0", " ")
    assert page.count("<svg") == 5 and page.count('aria-hidden="true"') >= 5
    assert (
        "MACON NORD" in page and "7 250,50 €" in flat and "100 000,00 €" in flat and "7,3 % accordés" in flat
    )
    assert "0 jour (médiane)" in flat
    raw = cast.dasen.get("/inspection/tableau-de-bord.csv?departement=71").get_data()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Tableau", "Département", "Libellé", "Dossiers"]
    area = next(r for r in rows if r[0] == "Par circonscription")
    assert area == ["Par circonscription", "71", "MACON NORD", "1", "1", "1", "8000,00", "7250,50"]
    assert ["Par circonscription", "71", "Enveloppe", "", "", "", "", "100000,00"] in rows
    assert Decimal(area[7].replace(",", ".")) == Decimal("7250.50")
