"""The evaluation and funding panel of a revision are stored in the database by the first worker
that computes them, read by every other worker (and after a restart) instead of evaluating again,
and never shown for another revision, another code or call, or a deleted dossier (issue 18)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

import services.dossiers as dossiers
from grants.numbers import fmt_money
from models import DossierRecord, StoredPanel, db
from web.wizard import common

from .factories import line_form, lines, school_form

SUBSIDY = re.compile(r'data-figure="state-subsidy">([^<]+)<')


def _another_worker() -> None:
    """What a process that never served this dossier (or one just restarted) holds: nothing."""
    dossiers.KEPT.clear()
    dossiers.STORED_KEYS.clear()
    common.forget_panels()


@pytest.fixture
def evaluations(monkeypatch):
    """Counts the evaluations and the panels' renderings this process runs."""
    counts = {"evaluate": 0, "panel": 0}
    evaluate, render = dossiers.evaluate, common._render_panel

    def counted_evaluate(*args, **kwargs):
        counts["evaluate"] += 1
        return evaluate(*args, **kwargs)

    def counted_render(*args, **kwargs):
        counts["panel"] += 1
        return render(*args, **kwargs)

    monkeypatch.setattr(dossiers, "evaluate", counted_evaluate)
    monkeypatch.setattr(common, "_render_panel", counted_render)
    return counts


def _stored_parts(app, dossier_id: int) -> set[str]:
    with app.app_context():
        return set(
            db.session.scalars(sa.select(StoredPanel.part).where(StoredPanel.dossier_id == dossier_id))
        )


def _shown_subsidy(member, dossier_id: int, step: str = "collectivite") -> str:
    response = member.get(f"/dossiers/{dossier_id}/{step}")
    assert response.status_code == 200
    return SUBSIDY.search(response.get_data(as_text=True)).group(1)


def _stored_subsidy(app, dossier_id: int) -> str:
    with app.app_context():
        cents = db.session.get(DossierRecord, dossier_id).state_subsidy_cents
    return fmt_money(Decimal(cents) / 100, "fr")


def _filled(member, dossier_id: int) -> None:
    assert member.post(f"/dossiers/{dossier_id}/ecoles/nouvelle", school_form()).status_code == 302
    assert member.post(f"/dossiers/{dossier_id}/budget/nouvelle", line_form()).status_code == 302


def test_a_second_get_from_another_worker_reads_the_stored_evaluation_and_panel(app, team, evaluations):
    member, _org, dossier_id = team
    _filled(member, dossier_id)
    first = _shown_subsidy(member, dossier_id, "budget")
    assert _stored_parts(app, dossier_id) == {"evaluation", "panel:fr"}

    _another_worker()
    evaluations.update(evaluate=0, panel=0)
    for step in ("budget", "collectivite", "ecoles", "recap"):
        assert _shown_subsidy(member, dossier_id, step) == first
    assert evaluations == {"evaluate": 0, "panel": 0}
    assert first == _stored_subsidy(app, dossier_id) and first != fmt_money(Decimal(0), "fr")


def test_a_save_makes_the_next_get_of_any_worker_show_the_new_figure(app, team, evaluations):
    member, _org, dossier_id = team
    _filled(member, dossier_id)
    before = _shown_subsidy(member, dossier_id)
    line_id = lines(dossier_id)[0].id
    changed = line_form(quantity="7", version=str(lines(dossier_id)[0].version))
    assert member.post(f"/dossiers/{dossier_id}/budget/{line_id}", changed).status_code == 302

    _another_worker()  # the save was made by another process: this one kept the old revision's nothing
    after = _shown_subsidy(member, dossier_id)
    assert after != before and after == _stored_subsidy(app, dossier_id)
    with app.app_context():
        revision = db.session.get(DossierRecord, dossier_id).revision
        kept = db.session.scalars(sa.select(StoredPanel.revision).where(StoredPanel.dossier_id == dossier_id))
        assert set(kept) == {revision}  # one row per part: the old revision's were replaced


def test_the_english_panel_is_stored_beside_the_french_one(app, team):
    member, _org, dossier_id = team
    _filled(member, dossier_id)
    _shown_subsidy(member, dossier_id)
    assert member.get("/langue/en", follow_redirects=True).status_code == 200
    _another_worker()
    page = member.get(f"/dossiers/{dossier_id}/collectivite").get_data(as_text=True)
    assert "State subsidy" in page or "State grant" in page
    assert {"panel:fr", "panel:en"} <= _stored_parts(app, dossier_id)


def test_an_entry_of_other_code_or_tampered_is_not_read(app, team, evaluations):
    member, _org, dossier_id = team
    _filled(member, dossier_id)
    shown = _shown_subsidy(member, dossier_id)

    with app.app_context():
        db.session.execute(sa.update(StoredPanel).values(fingerprint="0" * 64))
        db.session.commit()
    _another_worker()
    evaluations.update(evaluate=0, panel=0)
    assert _shown_subsidy(member, dossier_id) == shown
    assert evaluations == {"evaluate": 1, "panel": 1}  # another deployment's entries: computed again

    with app.app_context():
        row = db.session.scalar(
            sa.select(StoredPanel).where(
                StoredPanel.dossier_id == dossier_id, StoredPanel.part == "evaluation"
            )
        )
        row.body = bytes(32) + row.body[32:]  # its seal no longer matches the secret key
        db.session.commit()
    _another_worker()
    evaluations.update(evaluate=0, panel=0)
    assert _shown_subsidy(member, dossier_id) == shown
    assert evaluations["evaluate"] == 1


def test_a_script_changing_a_dossier_drops_its_stored_entries(app, team):
    member, org_id, first = team
    second = member.create_dossier(org_id, "Second dossier")
    for dossier_id in (first, second):
        _filled(member, dossier_id)
        _shown_subsidy(member, dossier_id)
    with app.app_context():
        db.session.get(DossierRecord, first).name = "Commune renommée par un script"
        db.session.commit()
    assert _stored_parts(app, first) == set()
    assert _stored_parts(app, second) == {"evaluation", "panel:fr"}

    page = member.get(f"/dossiers/{first}/collectivite").get_data(as_text=True)
    assert "Commune renommée par un script" in page
    assert _stored_parts(app, first) == {"evaluation", "panel:fr"}  # stored again, by the next page


def test_deleting_a_dossier_deletes_its_stored_entries(app, team):
    member, org_id, first = team
    second = member.create_dossier(org_id, "Second dossier")
    for dossier_id in (first, second):
        _filled(member, dossier_id)
        _shown_subsidy(member, dossier_id)
    assert _stored_parts(app, first) == {"evaluation", "panel:fr"}
    with app.app_context():
        db.session.delete(db.session.get(DossierRecord, first))
        db.session.commit()
        left = set(db.session.scalars(sa.select(StoredPanel.dossier_id)))
    assert left == {second}


def test_a_slower_requests_older_revision_never_replaces_the_newer_one(app, team):
    from services import stored

    member, _org, dossier_id = team
    _filled(member, dossier_id)
    _shown_subsidy(member, dossier_id)
    with app.test_request_context():
        rec = db.session.get(DossierRecord, dossier_id)
        newest = rec.revision
        rec.revision = newest - 1  # what a request that read the dossier before the last save holds
        assert stored.schedule(rec, "panel:fr", lambda: b"<p>older figures</p>")
        assert stored.write_pending() == 0
    with app.app_context():
        row = db.session.scalar(
            sa.select(StoredPanel).where(StoredPanel.dossier_id == dossier_id, StoredPanel.part == "panel:fr")
        )
        assert row.revision == newest and b"older figures" not in row.body
