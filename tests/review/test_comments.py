"""Comments anchored to a section, a school or a budget line, shown to the team at that place;
each a thread the team answers, open or resolved; plain text with a length limit."""

from __future__ import annotations

import re
from html import unescape

import pytest
import sqlalchemy as sa

from models import CommentThread, DossierRecord, LineRecord, SchoolRecord, db
from services.review import BODY_MAX


def ids(app, model, dossier_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(sa.select(model.id).where(model.dossier_id == dossier_id).order_by(model.id))
        )


def place_html(html: str, element_id: str) -> str:
    """The HTML of the table row or card whose id is given (up to the next one)."""
    start = html.index(f'id="{element_id}"')
    following = re.search(r'id="(line|school)-\d+"', html[start + 10 :])
    return html[start : start + 10 + following.start()] if following else html[start:]


@pytest.fixture
def shared(cast):
    cast.share()
    return cast


def comment(cast, person, kind: str, ref, body: str):
    return person.post(cast.url("/commentaires"), {"kind": kind, "ref": str(ref), "body": body})


def test_a_comment_on_a_line_is_shown_to_the_team_on_that_line(app, shared):
    line_id = ids(app, LineRecord, shared.dossier_id)[0]
    form = shared.ien.get(shared.url(f"/commentaires/nouveau?kind=line&ref={line_id}"))
    assert form.status_code == 200 and "Équipement classe_affichage" in form.get_data(as_text=True)
    response = comment(shared, shared.ien, "line", line_id, "Le devis de ce vidéoprojecteur manque.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/dossiers/{shared.dossier_id}/budget?ligne={line_id}#line-{line_id}"
    )
    page = shared.team.get(shared.wizard("/budget")).get_data(as_text=True)
    assert "Le devis de ce vidéoprojecteur manque." in place_html(page, f"line-{line_id}")
    with app.app_context():
        thread = db.session.scalar(sa.select(CommentThread))
        assert (thread.anchor_kind, thread.anchor_ref, thread.anchor_label) == (
            "line",
            str(line_id),
            "Équipement classe_affichage",
        )


def test_a_comment_on_a_school_and_on_a_section(app, shared):
    school_id = ids(app, SchoolRecord, shared.dossier_id)[0]
    comment(shared, shared.ien, "school", school_id, "Combien de classes de CP ?")
    comment(shared, shared.ien, "section", "projet", "Décrivez la concertation.")
    schools = shared.team.get(shared.wizard("/ecoles")).get_data(as_text=True)
    assert "Combien de classes de CP ?" in schools and "Décrivez la concertation." not in schools
    project = shared.team.get(shared.wizard("/projet")).get_data(as_text=True)
    assert 'id="comments-section-projet"' in project and "Décrivez la concertation." in project


def test_the_team_answers_the_inspector_resolves_then_reopens(app, shared):
    comment(shared, shared.ien, "section", "budget", "Pourquoi deux bornes Wi-Fi ?")
    with app.app_context():
        thread_id = db.session.scalar(sa.select(CommentThread.id))
    answer = shared.team.post(shared.url(f"/commentaires/{thread_id}/reponses"), {"body": "Deux bâtiments."})
    assert answer.status_code == 302
    # The team may not close the inspection's remark: it is told so and the thread stays open.
    refused = shared.team.post(shared.url(f"/commentaires/{thread_id}/statut"), {"status": "resolved"})
    assert refused.status_code == 302
    with app.app_context():
        assert db.session.get(CommentThread, thread_id).status == "open"
    page = shared.team.get(shared.wizard("/budget")).get_data(as_text=True)
    assert (
        "Seule l&#39;inspection clôt ses remarques" in page or "Seule l'inspection clôt ses remarques" in page
    )
    assert "Marquer comme résolu" not in page
    assert (
        shared.ien.post(shared.url(f"/commentaires/{thread_id}/statut"), {"status": "resolved"}).status_code
        == 302
    )
    with app.app_context():
        thread = db.session.get(CommentThread, thread_id)
        assert thread.status == "resolved" and [c.body for c in thread.comments][-1] == "Deux bâtiments."
    shared.ien.post(shared.url(f"/commentaires/{thread_id}/statut"), {"status": "open"})
    with app.app_context():
        assert db.session.get(CommentThread, thread_id).status == "open"
    page = shared.ien.get(shared.url("/commentaires")).get_data(as_text=True)
    assert "Deux bâtiments." in page and "Ouvert" in page


def test_comments_are_plain_text(app, shared):
    comment(shared, shared.ien, "section", "budget", '<script>alert("x")</script>\nDeuxième ligne')
    html = shared.team.get(shared.wizard("/budget")).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;\nDeuxième ligne" in html


def test_a_line_label_is_escaped_in_the_comment_link(app, shared):
    with app.app_context():
        line = db.session.scalars(sa.select(LineRecord)).first()
        line.label = "<img src=x onerror=alert(1)>"
        db.session.commit()
    html = shared.ien.get(shared.wizard("/budget")).get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.parametrize(
    "body, message",
    [
        ("   ", "Écrivez votre commentaire."),
        ("x" * (BODY_MAX + 1), "Texte trop long : 4\u202f001 caractères pour 4\u202f000 au plus."),
    ],
)
def test_an_empty_or_too_long_comment_is_refused_with_a_clear_message(app, shared, body, message):
    response = comment(shared, shared.ien, "section", "budget", body)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(CommentThread.id))) == 0


def test_a_comment_at_a_place_that_no_longer_exists_is_refused(app, shared):
    response = comment(shared, shared.ien, "line", 999999, "Et celle-ci ?")
    assert response.status_code == 404
    assert "Cet endroit du dossier n'existe plus" in unescape(response.get_data(as_text=True))
    assert comment(shared, shared.ien, "section", "nulle-part", "?").status_code == 404


def test_the_team_answers_but_does_not_open_threads(app, shared):
    assert comment(shared, shared.team, "section", "budget", "Question").status_code == 403
    html = shared.team.get(shared.wizard("/budget")).get_data(as_text=True)
    assert "Commenter" not in html  # no form nor link to open a thread


def test_threads_are_loaded_once_per_page_whatever_the_number_of_places(app, shared):
    with app.app_context():
        rec = db.session.get(DossierRecord, shared.dossier_id)
        line = rec.lines[0]
        for n in range(30):
            rec.lines.append(
                LineRecord(
                    school_uai=line.school_uai,
                    category=line.category,
                    label=f"Ligne {n}",
                    quantity=line.quantity,
                    unit_price_ht=line.unit_price_ht,
                    position=n + 5,
                )
            )
        db.session.commit()
    # Twenty of the new lines, all of the first line's school: the page that shows that school.
    commented = ids(app, LineRecord, shared.dossier_id)[-20:]
    for line_id in commented:
        comment(shared, shared.ien, "line", line_id, f"Remarque {line_id}")
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        html = shared.team.get(shared.wizard(f"/budget?ligne={commented[0]}")).get_data(as_text=True)
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert html.count('class="thread thread-open"') == 20
    assert sum("FROM comment_threads" in s for s in statements) == 1
    assert sum("FROM comments" in s for s in statements) == 1
