"""A DASEN's office at the scale of a département (issue 16's review): page sizes, bulk actions
on every dossier of a filter, a job waiting for a worker that is not running, avis of earlier
deposits, the last activity, the permissions of an IEN."""

from __future__ import annotations

import html
import io
import re
from datetime import timedelta

import sqlalchemy as sa

from models import DossierRecord, Job, User, db
from models.base import utcnow

from .conftest import make_person, record
from .test_inbox import STATES, references, seeded, visible  # noqa: F401 (the fixture)


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_page_size_is_a_choice_kept_by_the_pager(seeded):  # noqa: F811
    expected = [f"SEED-71-{n:06d}" for n in range(60) if visible(n)]
    response = seeded.ien.get("/inspection/?per=50")
    assert references(response) == expected[:50]
    body = text(response)
    assert re.search(r'href="[^"]*page=2[^"]*"', body) and "per=50" in re.search(
        r'href="([^"]*page=2[^"]*)"', body
    ).group(1)
    assert references(seeded.ien.get("/inspection/?per=50&page=2")) == expected[50:]
    assert len(references(seeded.ien.get("/inspection/?per=7"))) == 25  # not a choice: the default


def test_a_bulk_action_on_every_dossier_of_the_filter(app, seeded):  # noqa: F811
    deposited = [n for n in range(60) if STATES[n % 5] == "depose"]
    assert f"Tous les {len(deposited)} dossiers du filtre" in text(
        seeded.dasen.get("/inspection/?state=depose")
    )
    response = seeded.dasen.post(
        "/inspection/lot",
        {"action": "instruct", "scope": "filter", "back": "state=depose", "ids": ["999999"]},
        follow_redirects=True,
    )
    assert f"{len(deposited)} dossier(s) traité(s)." in text(response)
    with app.app_context():
        states = dict(
            db.session.execute(sa.select(DossierRecord.reference, DossierRecord.state)).tuples().all()
        )
    assert all(states[f"SEED-71-{n:06d}"] == "en_instruction" for n in deposited)
    # The other département's deposited dossiers are not the DASEN's: never reached.
    assert [states[f"SEED-92-{n:06d}"] for n in range(1000, 1005)] == [
        STATES[n % 5] for n in range(1000, 1005)
    ]


def _queued_job(app, person_email: str, age: timedelta) -> int:
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.email == person_email))
        job = Job(user_id=user_id, kind="instruct", status="queued", params={"ids": []}, total=25)
        job.created_at = utcnow() - age
        db.session.add(job)
        db.session.commit()
        return job.id


def test_a_job_waiting_with_no_worker_says_so(app, cast):
    fresh = _queued_job(app, cast.ien.email, timedelta(seconds=2))
    old = _queued_job(app, cast.ien.email, timedelta(minutes=5))
    assert cast.ien.get(f"/inspection/travaux/{fresh}/etat.json").get_json()["stalled"] is False
    page = text(cast.ien.get(f"/inspection/travaux/{old}"))
    stall = re.search(r"<div[^>]*data-job-stalled[^>]*>", page).group(0)
    assert "hidden" not in stall and "ne semble pas tourner" in page and "flask --app app worker" in page
    assert cast.ien.get(f"/inspection/travaux/{old}/etat.json").get_json()["stalled"] is True
    fresh_page = text(cast.ien.get(f"/inspection/travaux/{fresh}"))
    assert "hidden" in re.search(r"<div[^>]*data-job-stalled[^>]*>", fresh_page).group(0)


def test_the_administrators_see_the_queues_backlog(app, cast, actor):
    person = make_person(app, actor, "admin@ecole-numerique.example.fr", "Ada Admin")
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == person.email)).is_admin = True
        db.session.commit()
    assert "le worker ne semble pas tourner" not in text(person.get("/admin/courriels"))
    _queued_job(app, cast.ien.email, timedelta(minutes=5))
    page = text(person.get("/admin/courriels"))
    assert "1 travail en attente" in page and "le worker ne semble pas tourner" in page


def test_the_avis_of_an_earlier_deposit_stays_in_the_inbox_and_the_lists(app, cast):
    from .test_exports import read_french_csv
    from .test_scale import _to_second_deposit_with_an_old_avis

    _to_second_deposit_with_an_old_avis(cast)
    page = text(cast.dasen.get("/inspection/"))
    row = re.search(rf"<tr>\s*<td><input[^>]*pick-{cast.dossier_id}.*?</tr>", page, re.S).group(0)
    assert "Défavorable" in row and "(dépôt n° 1)" in row
    assert "Dernier avis : Défavorable (dépôt n° 1)" in row
    rows = read_french_csv(cast.dasen.get("/inspection/export.csv").get_data())
    values = dict(zip(rows[0], rows[1], strict=True))
    assert (
        values["Avis sur le dépôt actuel"] == ""
        and values["Dernier avis (dépôt)"] == "Défavorable (dépôt n° 1)"
    )


def test_the_workbooks_schools_carry_the_directorys_circonscription_and_the_practice_mark(app, cast):
    from openpyxl import load_workbook

    from models import DirectoryEstablishment, SchoolRecord

    cast.deposit()
    with app.app_context():
        uai = db.session.scalars(
            sa.select(SchoolRecord.uai).where(SchoolRecord.dossier_id == cast.dossier_id)
        ).first()
        db.session.execute(sa.update(SchoolRecord).values(circonscription=""))
        db.session.add(
            DirectoryEstablishment(
                uai=uai,
                name="École",
                name_norm="ecole",
                kind="elementaire",
                sector="public",
                commune_code="71270",
                commune="Mâcon",
                commune_norm="macon",
                circonscription="Circonscription de Mâcon Nord",
            )
        )
        db.session.commit()
    cast.set_practice(True)
    book = load_workbook(io.BytesIO(cast.dasen.get("/inspection/export.xlsx?practice=include").get_data()))
    schools = [dict(zip(r[0], r[1], strict=True)) for r in [list(book["Écoles"].iter_rows(values_only=True))]]
    assert (
        schools[0]["Circonscription"] == "Circonscription de Mâcon Nord"
        and schools[0]["Entraînement"] == "oui"
    )
    lines = list(book["Lignes de budget"].iter_rows(values_only=True))
    assert lines[0][1] == "Entraînement" and lines[1][1] == "oui"


def _age(app, dossier_id: int, days: int) -> None:
    with app.app_context():
        db.session.execute(
            sa.update(DossierRecord)
            .where(DossierRecord.id == dossier_id)
            .values(updated_at=utcnow() - timedelta(days=days))
        )
        db.session.commit()


def test_the_last_activity_counts_comments_avis_and_assignment(app, cast):
    from .test_inbox import seed

    cast.deposit()
    seed(app, 3)  # three dossiers active minutes ago
    _age(app, cast.dossier_id, 30)
    ref = record(app, cast.dossier_id).reference
    assert references(cast.dasen.get("/inspection/?sort=updated&dir=desc"))[0] != ref
    for act in (
        lambda: cast.ien.post(
            cast.url("/commentaires"), {"kind": "section", "ref": "budget", "body": "Le Wi-Fi ?"}
        ),
        lambda: cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Bien."}),
        lambda: cast.dasen.post(
            "/inspection/lot", {"action": "assign", "assignee": "", "ids": [str(cast.dossier_id)]}
        ),
    ):
        _age(app, cast.dossier_id, 30)
        act()
        assert utcnow() - record(app, cast.dossier_id).updated_at < timedelta(minutes=1)
        assert references(cast.dasen.get("/inspection/?sort=updated&dir=desc"))[0] == ref


def test_the_dashboard_tells_circonscriptions_apart_and_holds_every_table(app, cast):
    import csv

    cast.deposit()
    long_names = ["Circonscription d'inspection du Nanterre", "Circonscription d'inspection du Colombes"]
    with app.app_context():
        db.session.execute(
            sa.update(DossierRecord)
            .where(DossierRecord.id == cast.dossier_id)
            .values(circonscription=long_names[0])
        )
        other = db.session.get(DossierRecord, cast.dossier_id)
        values = {
            c.name: getattr(other, c.key)
            for c in DossierRecord.__table__.columns
            if c.name not in ("id", "reference")
        }
        values.update(circonscription=long_names[1], reference="SNEE-71-OTHER")
        db.session.execute(sa.insert(DossierRecord), [values])
        # Unknown circonscription but assigned: not counted as « inconnue »
        values.update(circonscription="", reference="SNEE-71-ASSIGNED", assignee_id=None)
        values["assignee_id"] = db.session.scalar(sa.select(User.id).where(User.email == cast.dasen.email))
        db.session.execute(sa.insert(DossierRecord), [values])
        db.session.commit()
    page = text(cast.dasen.get("/inspection/tableau-de-bord?departement=71"))
    chart = page[page.index('id="chart-areas"') :]
    chart = chart[: chart.index("</svg>")]
    assert ">Nanterre</text>" in chart and ">Colombes</text>" in chart
    assert f"<title>{long_names[0]}</title>" in chart
    assert "Circonscription inconnue<" not in page and "dossiers attribués" in page
    raw = cast.dasen.get("/inspection/tableau-de-bord.csv?departement=71").get_data()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert {r[0] for r in rows[1:]} >= {
        "Dossiers par état",
        "Par circonscription",
        "Premiers dépôts par semaine",
    }
    assert "Du dépôt à la décision" in {r[0] for r in rows}
    # The practice filter
    cast.set_practice(True)
    assert "Dossiers d'entraînement seulement" in text(
        cast.dasen.get("/inspection/tableau-de-bord?practice=only")
    )
    only = cast.dasen.get("/inspection/tableau-de-bord.csv?departement=71&practice=only").get_data()
    total = next(
        r for r in csv.reader(io.StringIO(only.decode("utf-8-sig")), delimiter=";") if r[2] == "Total"
    )
    assert total[3] == "1"


def _decide(cast, decision: dict) -> None:
    cast.deposit()
    cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Bien."})
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    return cast.dasen.post(cast.url("/decision"), decision, follow_redirects=True)


def test_the_team_is_told_the_amount_granted_and_the_convention_number(app, cast, smtp):
    from .test_scale import ACCEPT

    _decide(cast, ACCEPT)
    body = smtp.to(cast.team.email)[-1].get_content().replace("\u202f", " ").replace("\xa0", " ")
    assert "Montant accordé : 7 250,50 €" in body and "Numéro de convention : SNEE-71-0042" in body
    flat = lambda r: text(r).replace("\u202f", " ").replace("\xa0", " ")  # noqa: E731
    recap = flat(cast.team.get(cast.wizard("/recap")))
    assert "Montant accordé" in recap and "7 250,50 €" in recap and "SNEE-71-0042" in recap
    mine = flat(cast.team.get("/"))
    assert "Accordé : 7 250,50 €" in mine and "Convention n° SNEE-71-0042" in mine


def test_a_refusal_ignores_an_amount_and_a_convention_with_a_notice(app, cast):
    page = _decide(
        cast, {"action": "refuse", "reason": "Hors enveloppe.", "granted": "100", "convention": "X-1"}
    )
    assert "numéro de convention saisi n'est pas enregistré" in text(page)
    assert "montant saisi n'est pas enregistré" in text(page)
    rec = record(app, cast.dossier_id)
    assert rec.granted_cents is None and rec.convention_number == ""
    assert "Montant accordé" not in text(cast.dasen.get(cast.url()))
    assert "Montant accordé" not in text(cast.team.get(cast.wizard("/recap")))


def test_practice_dossiers_are_kept_out_of_the_inspectors_mail_and_marked_in_the_teams(app, cast, smtp):
    from .test_scale import ACCEPT

    cast.set_practice(True)
    response = cast.team.post(cast.wizard("/deposer"), {"certify": "1"})
    assert response.status_code == 302
    assert smtp.to(cast.ien.email) == [] and smtp.to(cast.dasen.email) == []
    cast.ien.post(cast.url("/avis"), {"value": "favorable", "motivation": "Bien."})
    cast.dasen.post(cast.url("/etat"), {"action": "instruct"})
    page = cast.dasen.post(cast.url("/decision"), ACCEPT, follow_redirects=True)
    assert "aucun numéro de convention n'est enregistré" in text(page)
    assert record(app, cast.dossier_id).convention_number == ""
    mail = smtp.to(cast.team.email)[-1]
    assert mail["Subject"].startswith("[Entraînement]")
    assert "Dossier d'entraînement (sans effet)" in mail.get_content()
    assert "aucun (dossier d'entraînement)" in mail.get_content()
    inbox = text(cast.dasen.get("/inspection/?practice=include"))
    assert "Accepté" in inbox and "(entraînement)" in inbox


def test_an_ien_acts_only_on_their_dossiers_and_the_unassigned_ones(app, cast, actor):
    from .conftest import make_inspector

    cast.deposit()
    rec = record(app, cast.dossier_id)
    assert rec.assignee_id == cast.user_id(cast.ien)
    other = make_inspector(app, actor, "ien2@ac-dijon.example.fr", "Odile IEN", "ien", ["71"])
    refused = other.post(cast.url("/etat"), {"action": "instruct"})
    assert refused.status_code == 409 and "attribué à un autre inspecteur" in text(refused)
    refused = other.post(cast.url("/avis"), {"value": "defavorable", "motivation": "Non."})
    assert refused.status_code == 409 and cast.state() == "depose"
    # Bulk, with the box's id typed in: skipped, and the job names it
    job = other.post(
        "/inspection/lot", {"action": "instruct", "ids": [str(cast.dossier_id)]}, follow_redirects=True
    )
    assert f"{rec.reference} : Ce dossier est attribué à un autre inspecteur" in text(job)
    assert cast.state() == "depose"
    # The DASEN's office acts on every dossier; an IEN on an unassigned one
    cast.dasen.post("/inspection/lot", {"action": "assign", "assignee": "", "ids": [str(cast.dossier_id)]})
    assert other.post(cast.url("/etat"), {"action": "instruct"}).status_code == 302
    assert cast.state() == "en_instruction"


def test_the_rows_summary_lists_the_findings_the_correction_requests_and_an_override(app, cast):
    from .test_scale import ACCEPT, _to_second_deposit_with_an_old_avis

    _to_second_deposit_with_an_old_avis(cast)
    with_reason = {**ACCEPT, "override": "L'IEN est absent ; vérifié en comité."}
    cast.dasen.post(cast.url("/decision"), with_reason)
    page = text(cast.dasen.get("/inspection/"))
    assert f"/inspection/dossiers/{cast.dossier_id}/synthese?fragment=1" in page
    fragment = text(cast.dasen.get(f"/inspection/dossiers/{cast.dossier_id}/synthese?fragment=1"))
    assert "<html" not in fragment and "data-summary-list" in fragment
    assert "Revoyez le budget Wi-Fi." in fragment and "L'IEN est absent ; vérifié en comité." in fragment
    with app.app_context():
        from services.dossiers import evaluated_now

        rec = db.session.get(DossierRecord, cast.dossier_id)
        findings = [
            f for f in evaluated_now(rec).evaluation.findings if f.severity in ("blocking", "warning")
        ]
        messages = [html.unescape(f.render("fr")) for f in findings]
    assert all(m in fragment for m in messages)
    assert messages or "Aucun point bloquant ni avertissement." in fragment
    assert "<html" in text(cast.dasen.get(f"/inspection/dossiers/{cast.dossier_id}/synthese"))
    assert cast.far.get(f"/inspection/dossiers/{cast.dossier_id}/synthese?fragment=1").status_code == 404


def test_small_things_of_the_inbox(app, cast):
    cast.deposit()
    csv_response = cast.ien.get("/inspection/export.csv")
    assert csv_response.headers["Content-Type"].count("charset") == 1
    board = cast.ien.get("/inspection/tableau-de-bord.csv")
    assert board.headers["Content-Type"].count("charset") == 1
    page = text(cast.ien.get("/inspection/"))
    assert "Les dossiers du département 71," in page  # one département: singular
    assert re.search(r"Les dossiers des départements (21, 71|71, 21),", text(cast.dasen.get("/inspection/")))
    cast.ien.post("/inspection/vues", {"name": "Déposés", "query": "state=depose"})
    page = text(cast.ien.get("/inspection/?state=depose"))
    assert 'aria-label="Supprimer la vue « Déposés »"' in page
    assert re.search(r'<a href="[^"]*state=depose" aria-current="true">Déposés</a>', page)
    assert 'aria-current="true">Déposés' not in text(cast.ien.get("/inspection/"))


def test_sorting_by_avis_follows_its_meaning(app, cast):
    from .test_inbox import seed

    seed(app, 15)
    with app.app_context():
        ids = db.session.scalars(sa.select(DossierRecord.id).where(DossierRecord.state == "depose")).all()
        for dossier_id, value in zip(ids, ("reserves", "favorable", "defavorable"), strict=True):
            db.session.execute(
                sa.update(DossierRecord).where(DossierRecord.id == dossier_id).values(avis_value=value)
            )
        db.session.commit()
        by_ref = dict(db.session.execute(sa.select(DossierRecord.reference, DossierRecord.avis_value)).all())
    for direction, expected in (
        ("asc", ["defavorable", "reserves", "favorable"]),
        ("desc", ["favorable", "reserves", "defavorable"]),
    ):
        refs = references(cast.ien.get(f"/inspection/?sort=avis&dir={direction}&per=50"))
        assert [by_ref[r] for r in refs if by_ref.get(r)] == expected
