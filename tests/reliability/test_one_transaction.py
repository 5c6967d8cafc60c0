"""Each save is one transaction: when something fails after the change was written (here the
re-evaluation that follows every save), nothing of it stays, and the person sees a clean error
page, never a traceback."""

from __future__ import annotations

import sys

import pytest
import sqlalchemy as sa

import services.dossiers
from grants.loader import dossier_to_data
from models import DossierRecord, db
from services.convert import to_domain
from tests.security.browser import row_counts

from .forms import form_posting_to
from .test_lost_update import PARTS, _urls


def _state(app, dossier_id: int) -> dict:
    """Everything a save could change: the content, the versions, the state, every table's size."""
    with app.app_context():
        rec = db.session.get(DossierRecord, dossier_id)
        versions = [rec.version_collectivite, rec.version_project, rec.state, rec.shared]
        versions += [(s.id, s.version) for s in rec.schools] + [(ln.id, ln.version) for ln in rec.lines]
        versions += [(f.id, f.version) for f in rec.cofunders]
        return {"content": dossier_to_data(to_domain(rec)), "versions": versions, "rows": row_counts(app)}


@pytest.fixture
def failing_refresh(app, monkeypatch):
    """services.dossiers.refresh, wherever it was imported, now fails after flushing the change."""
    original = services.dossiers.refresh

    def broken(rec, user):
        db.session.flush()  # the change has reached the database, inside the transaction
        raise RuntimeError("the evaluation failed midway")

    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("web", "services") and getattr(module, "refresh", None) is original:
            monkeypatch.setattr(module, "refresh", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production


def _assert_clean_error(response) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Erreur du serveur" in body and "rien de ce qui était enregistré" in body
    assert "Traceback" not in body and "RuntimeError" not in body


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_a_save_failing_midway_leaves_the_part_as_it_was(app, colleagues, failing_refresh, part):
    page, action = _urls(part, colleagues)
    fields = form_posting_to(colleagues.first.get(page).get_data(as_text=True), action).fields
    before = _state(app, colleagues.dossier_id)
    _assert_clean_error(colleagues.first.post(action, data={**fields, part.field: part.first}))
    assert _state(app, colleagues.dossier_id) == before


def _additions(colleagues) -> list[tuple[str, dict]]:
    d, values = colleagues.dossier_id, colleagues.world.values["A2"]
    return [
        (
            f"/dossiers/{d}/ecoles/nouvelle",
            {
                "uai": "0710002S",
                "name": "École du Haut",
                "kind": "elementaire",
                "sector": "public",
                "classes": "2",
                "pupils": "40",
            },
        ),
        (
            f"/dossiers/{d}/budget/nouvelle",
            {
                "school": "__dossier__",
                "category": "service_ent",
                "label": "ENT",
                "quantity": "1",
                "unit_price_ht": "500",
            },
        ),
        (
            f"/dossiers/{d}/cofinancements/nouveau",
            {
                "funder": "Région",
                "kind": "region",
                "status": "requested",
                "mode": "amount",
                "amount": "100",
                "base": "project",
            },
        ),
        (f"/dossiers/{d}/ecoles/{values['school_id']}/supprimer", {}),
        (f"/dossiers/{d}/budget/{values['line_id']}/dupliquer", {}),
        (f"/dossiers/{d}/budget/{values['line_id']}/supprimer", {}),
        (f"/dossiers/{d}/cofinancements/{values['funder_id']}/supprimer", {}),
        (f"/dossiers/{d}/deposer", {"certify": "1"}),
    ]


def test_additions_removals_and_the_deposit_failing_midway_leave_nothing(app, colleagues, failing_refresh):
    failures = []
    for url, data in _additions(colleagues):
        before = _state(app, colleagues.dossier_id)
        response = colleagues.first.post(url, data=data)
        if response.status_code != 500 or _state(app, colleagues.dossier_id) != before:
            failures.append(
                f"{url}: {response.status_code}, changed: {_state(app, colleagues.dossier_id) != before}"
            )
    assert not failures, "\n".join(failures)


def test_without_the_failure_the_same_saves_go_through(app, colleagues):
    """The control: the requests above are valid ones."""
    for url, data in _additions(colleagues)[:3]:
        assert colleagues.first.post(url, data=data).status_code == 302, url
    with app.app_context():
        rec = db.session.get(DossierRecord, colleagues.dossier_id)
        assert len(rec.schools) == 2 and len(rec.cofunders) == 2
        assert db.session.scalar(sa.select(DossierRecord.school_count).where(DossierRecord.id == rec.id)) == 2
