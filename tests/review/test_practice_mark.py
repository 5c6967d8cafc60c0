"""A practice dossier is marked on every page of it, for its team and for the inspectors: the
mark lives in base.html, so a new page of a dossier shows it without being told."""

from __future__ import annotations

import pytest

from models import DossierRecord, db

MARK = "badge-practice\">Dossier d'entraînement</span>"


def _pages(app, dossier_id: int) -> list[str]:
    """Every HTML page of the dossier the application can serve by its id alone, each step, and
    each school's and line's edit page."""
    from grants.loader import get_call
    from services.steps import steps_of

    with app.app_context():
        rec = db.session.get(DossierRecord, dossier_id)
        steps = [key for key, _title in steps_of(get_call(rec.call_id))]
        schools = [s.id for s in rec.schools][:1]
        lines = [line.id for line in rec.lines][:1]
        with app.test_request_context():
            from flask import url_for

            urls = [
                url_for(rule.endpoint, dossier_id=dossier_id)
                for rule in app.url_map.iter_rules()
                if "GET" in rule.methods and rule.arguments == {"dossier_id"}
            ]
            urls += [url_for("wizard.step", dossier_id=dossier_id, step=step) for step in steps]
            urls += [url_for("wizard.edit_school", dossier_id=dossier_id, school_id=s) for s in schools]
            urls += [url_for("wizard.edit_line", dossier_id=dossier_id, line_id=i) for i in lines]
    return [u.replace("http://localhost", "") for u in urls]


@pytest.mark.parametrize("who", ["team", "ien"])
def test_every_page_of_a_practice_dossier_carries_its_mark(app, cast, who):
    cast.share()
    cast.set_practice(True)
    person = getattr(cast, who)
    seen, unmarked = [], []
    for url in _pages(app, cast.dossier_id):
        response = person.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        seen.append(url)
        page = response.get_data(as_text=True)
        if page.count(MARK) != 1:
            unmarked.append((url, page.count(MARK)))
    assert unmarked == []
    named = {"/pieces", "/commentaires", "/synthese"} if who == "ien" else {"/pieces", "/historique"}
    assert {tail for tail in named if any(u.endswith(tail) for u in seen)} == named


def test_a_real_dossier_carries_no_mark(app, cast):
    cast.share()
    for url in _pages(app, cast.dossier_id):
        response = cast.ien.get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            assert MARK not in response.get_data(as_text=True), url
