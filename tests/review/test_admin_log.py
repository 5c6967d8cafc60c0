"""The administrators' action log (issue 13, item 10): who opened, changed, deactivated and
reactivated which inspector's account, visible to administrators only, never changed."""

from __future__ import annotations

from html import unescape

import pytest
import sqlalchemy as sa

from models import AdminAction, User, db
from services.immutable import ImmutableRow

from .test_admin import NEW, admin  # noqa: F401 - the fixture


def _user_id(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.email == email))


def test_every_action_on_an_inspector_s_account_is_logged(app, admin, cast):  # noqa: F811
    assert admin.post("/admin/inspecteurs", NEW).status_code == 302
    uid = _user_id(app, "ines.martin@ac-versailles.fr")
    assert admin.post(f"/admin/inspecteurs/{uid}", {"level": "ien", "departements": "92"}).status_code == 302
    assert admin.post(f"/admin/inspecteurs/{uid}/activation").status_code == 302
    assert admin.post(f"/admin/inspecteurs/{uid}/activation").status_code == 302
    with app.app_context():
        logged = db.session.execute(
            sa.select(
                AdminAction.actor_label, AdminAction.action, AdminAction.target_label, AdminAction.detail
            ).order_by(AdminAction.id)
        ).all()
    who, whom = "admin@ecole-numerique.example.fr", "ines.martin@ac-versailles.fr"
    assert [tuple(r) for r in logged] == [
        (who, "inspector_created", whom, "DASEN 92, 93"),
        (who, "scope_changed", whom, "DASEN 92, 93 → IEN 92"),
        (who, "deactivated", whom, ""),
        (who, "reactivated", whom, ""),
    ]
    page = unescape(admin.get("/admin/journal").get_data(as_text=True))
    for text in (
        "compte d'inspection ouvert",
        "niveau ou départements changés",
        "compte désactivé",
        "compte réactivé",
        "DASEN 92, 93 → IEN 92",
        whom,
        who,
    ):
        assert text in page, text
    assert cast.ien.get("/admin/journal").status_code == 403
    assert cast.team.get("/admin/journal").status_code == 403


def test_the_log_cannot_be_changed_through_the_application(app, admin, cast):  # noqa: F811
    admin.post("/admin/inspecteurs", NEW)
    with app.app_context():
        entry = db.session.scalar(sa.select(AdminAction))
        entry.detail = "rien"
        with pytest.raises(ImmutableRow):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(ImmutableRow):
            db.session.execute(sa.delete(AdminAction))
        db.session.rollback()
