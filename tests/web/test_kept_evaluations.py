"""A script that changes a dossier drops that dossier's kept evaluation and panels, and only
that dossier's: the other dossiers' pages keep reading theirs (issue 18)."""

from __future__ import annotations

import sqlalchemy as sa

from models import DossierRecord, LineRecord, db
from services.dossiers import KEPT
from web.wizard import common


def _kept_ids() -> set[int]:
    return {key[0] for key in KEPT.items}


def _panel_ids() -> set[int]:
    return {key[0] for key in common._PANELS}


def _seen(member, *dossier_ids: int) -> None:
    for dossier_id in dossier_ids:
        assert member.get(f"/dossiers/{dossier_id}/collectivite").status_code == 200


def test_a_script_changing_one_dossier_drops_only_its_kept_evaluation(app, team):
    member, org_id, first = team
    second = member.create_dossier(org_id, "Second dossier")
    _seen(member, first, second)
    assert {first, second} <= _kept_ids() and {first, second} <= _panel_ids()

    with app.app_context():
        db.session.get(DossierRecord, first).name = "Commune renommée par un script"
        db.session.commit()
    assert first not in _kept_ids() and first not in _panel_ids()
    assert second in _kept_ids() and second in _panel_ids()

    page = member.get(f"/dossiers/{first}/collectivite").get_data(as_text=True)
    assert "Commune renommée par un script" in page and first in _kept_ids()


def test_a_bulk_statement_drops_every_kept_evaluation(app, team):
    member, org_id, first = team
    second = member.create_dossier(org_id, "Second dossier")
    _seen(member, first, second)
    with app.app_context():
        db.session.execute(sa.delete(LineRecord).where(LineRecord.dossier_id == first))
        db.session.commit()
    assert not ({first, second} & _kept_ids())
