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


def _row(dossier_id: int, part: str) -> StoredPanel:
    return db.session.scalar(
        sa.select(StoredPanel).where(StoredPanel.dossier_id == dossier_id, StoredPanel.part == part)
    )


FAKE_PANEL = (
    b'<p data-figure="state-subsidy">999 999,00 \xe2\x82\xac</p>'
    b'<a href="https://phishing.example/login">Confirmez votre subvention</a>'
)


def test_a_panel_written_in_the_database_is_refused_and_replaced(app, team, evaluations):
    member, _org, dossier_id = team
    _filled(member, dossier_id)
    shown = _shown_subsidy(member, dossier_id)
    with app.app_context():
        _row(dossier_id, "panel:fr").body = FAKE_PANEL
        db.session.commit()

    _another_worker()
    page = member.get(f"/dossiers/{dossier_id}/collectivite").get_data(as_text=True)
    assert "phishing.example" not in page and "999 999" not in page
    assert SUBSIDY.search(page).group(1) == shown
    with app.app_context():
        assert b"phishing" not in _row(dossier_id, "panel:fr").body  # replaced by the rendered one
    _another_worker()
    evaluations.update(evaluate=0, panel=0)
    assert _shown_subsidy(member, dossier_id) == shown
    assert evaluations == {"evaluate": 0, "panel": 0}  # the replacement verifies


def test_a_body_copied_from_another_dossier_is_refused(app, team, evaluations):
    member, org_id, first = team
    second = member.create_dossier(org_id, "Second dossier")
    _filled(member, first)
    assert member.post(f"/dossiers/{second}/ecoles/nouvelle", school_form()).status_code == 302
    assert member.post(f"/dossiers/{second}/budget/nouvelle", line_form(quantity="9")).status_code == 302
    shown = {dossier_id: _shown_subsidy(member, dossier_id) for dossier_id in (first, second)}
    assert shown[first] != shown[second]
    with app.app_context():
        for part in ("evaluation", "panel:fr"):
            _row(second, part).body = _row(first, part).body  # the second's key, the first's figures
        db.session.commit()

    _another_worker()
    evaluations.update(evaluate=0, panel=0)
    assert _shown_subsidy(member, second) == shown[second] == _stored_subsidy(app, second)
    assert member.get(f"/dossiers/{second}/budget").status_code == 200
    assert evaluations == {"evaluate": 1, "panel": 1}


def test_garbage_in_a_row_is_ignored_computed_again_and_replaced(app, team, evaluations):
    member, _org, dossier_id = team
    _filled(member, dossier_id)
    shown = _shown_subsidy(member, dossier_id)
    with app.app_context():
        _row(dossier_id, "evaluation").body = b"\x80not a pickle"
        _row(dossier_id, "panel:fr").body = b"\xff\xfe\x00garbage"
        db.session.commit()

    for step in ("collectivite", "budget", "recap"):
        _another_worker()
        assert _shown_subsidy(member, dossier_id, step) == shown
    _another_worker()
    evaluations.update(evaluate=0, panel=0)
    assert _shown_subsidy(member, dossier_id) == shown
    assert evaluations == {"evaluate": 0, "panel": 0}  # replaced by rows that verify


def test_a_sealed_row_whose_payload_does_not_decode_is_a_miss(app, team, evaluations):
    """Even under a valid seal (a row written by this code, but of a format it cannot read)."""
    from services import stored

    member, _org, dossier_id = team
    _filled(member, dossier_id)
    shown = _shown_subsidy(member, dossier_id)
    with app.app_context():
        rec = db.session.get(DossierRecord, dossier_id)
        key = stored._key(rec)
        _row(dossier_id, "evaluation").body = stored.seal(key, "evaluation", b"\x80not zlib")
        _row(dossier_id, "panel:fr").body = stored.seal(key, "panel:fr", b"\xff\xfe")
        db.session.commit()
    _another_worker()
    evaluations.update(evaluate=0, panel=0)
    assert _shown_subsidy(member, dossier_id) == shown
    assert evaluations == {"evaluate": 1, "panel": 1}


def test_a_leftover_row_of_a_higher_revision_is_replaced(app, team, evaluations):
    member, _org, dossier_id = team
    _filled(member, dossier_id)
    shown = _shown_subsidy(member, dossier_id)
    with app.app_context():
        current = db.session.get(DossierRecord, dossier_id).revision
        db.session.execute(sa.update(StoredPanel).values(revision=current + 5))  # e.g. an id reused
        db.session.commit()

    _another_worker()
    assert _shown_subsidy(member, dossier_id) == shown
    with app.app_context():
        kept = set(
            db.session.scalars(sa.select(StoredPanel.revision).where(StoredPanel.dossier_id == dossier_id))
        )
    assert kept == {current}
    _another_worker()
    evaluations.update(evaluate=0, panel=0)
    assert _shown_subsidy(member, dossier_id) == shown
    assert evaluations == {"evaluate": 0, "panel": 0}


def _hand_edit(app, dossier_id: int, price: str) -> None:
    """What `psql -c "update lines set unit_price_ht=…"` does: no model, no event of the app."""
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(
            sa.text("update lines set unit_price_ht = :price where dossier_id = :id"),
            {"price": price, "id": dossier_id},
        )


def test_dossier_refresh_after_a_hand_edit_shows_the_new_figures_in_every_worker(app, team):
    member, org_id, first = team
    second = member.create_dossier(org_id, "Second dossier")
    for dossier_id in (first, second):
        _filled(member, dossier_id)
    before = {dossier_id: _shown_subsidy(member, dossier_id) for dossier_id in (first, second)}
    _hand_edit(app, first, "3890.00")
    _another_worker()  # a restart changes nothing: the stored rows still hold the old figures
    assert _shown_subsidy(member, first) == before[first]

    # The command runs in another process: this worker keeps what it holds in memory.
    kept, panels = dict(dossiers.KEPT.items), dict(common._PANELS)
    result = app.test_cli_runner().invoke(args=["dossier", "refresh", str(first)])
    assert result.exit_code == 0, result.output
    dossiers.KEPT.items.update(kept)
    common._PANELS.update(panels)

    after = _shown_subsidy(member, first)
    assert after != before[first] and after == _stored_subsidy(app, first)
    assert _shown_subsidy(member, second) == before[second]  # the other dossier is left alone
    budget = member.get(f"/dossiers/{first}/budget").get_data(as_text=True)
    assert fmt_money(Decimal("3890"), "fr") in budget


def test_dossier_refresh_all_and_its_errors(app, team):
    member, org_id, first = team
    second = member.create_dossier(org_id, "Second dossier")
    for dossier_id in (first, second):
        _filled(member, dossier_id)
        _shown_subsidy(member, dossier_id)
    with app.app_context():
        revisions = dict(db.session.execute(sa.select(DossierRecord.id, DossierRecord.revision)).all())
    runner = app.test_cli_runner()
    for args in ([], ["--all", str(first)], [str(first), "9999"]):
        result = runner.invoke(args=["dossier", "refresh", *args])
        assert result.exit_code == 2, (args, result.output)
    assert _stored_parts(app, first) == {"evaluation", "panel:fr"}  # an error refreshes nothing

    result = runner.invoke(args=["dossier", "refresh", "--all"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        now = dict(db.session.execute(sa.select(DossierRecord.id, DossierRecord.revision)).all())
    assert now == {dossier_id: revision + 1 for dossier_id, revision in revisions.items()}
    assert _stored_parts(app, first) == _stored_parts(app, second) == set()
    assert f"{first}: revision {now[first]}" in result.output
