"""Each person's notifications: the list, opening one (it is then read), marking all as read."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from models import DossierRecord, Notification, db
from models.base import utcnow
from services import notify

from ..access import policy
from . import guards

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
SHOWN = 100
# Where each kind of notification leads
TARGETS = {
    "comment": "review.threads",
    "reply": "review.threads",
    "correction": "wizard.overview",
    "redeposited": "review.compare_latest",
}


def target(notification: Notification) -> str:
    """The page a notification is about."""
    if notification.dossier_id is None:
        return url_for("home.index")
    endpoint = TARGETS.get(notification.kind, "review.dossier")
    return url_for(endpoint, dossier_id=notification.dossier_id)


@bp.route("/")
@policy("authenticated")
def index():
    """The person's last notifications."""
    guards.signed_in()
    items = db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.id.desc())
        .limit(SHOWN)
    ).all()
    lang = str(get_locale())
    ids = {n.dossier_id for n in items if n.dossier_id}
    references = dict(
        db.session.execute(
            sa.select(DossierRecord.id, DossierRecord.reference).where(DossierRecord.id.in_(ids))
        )
        .tuples()
        .all()
    )
    return render_template(
        "review/notifications.html",
        items=items,
        unread=notify.unread_count(current_user),
        shown=lambda n: notify.shown_text(n, lang),
        reference_of=lambda n: notify.shown_reference(n) or references.get(n.dossier_id) or "",
    )


@bp.route("/<int:notification_id>/ouvrir", methods=["POST"])
@policy("authenticated")
def open_one(notification_id: int):
    """Mark a notification as read and go to its page."""
    guards.signed_in()
    item = db.session.get(Notification, notification_id)
    if item is None or item.user_id != current_user.id:
        abort(404)
    item.read_at = item.read_at or utcnow()
    db.session.commit()
    return redirect(target(item))


@bp.route("/lues", methods=["POST"])
@policy("authenticated")
def mark_all():
    """Mark every notification as read."""
    guards.signed_in()
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    db.session.commit()
    return redirect(url_for("notifications.index"))


@bp.app_context_processor
def header() -> dict:
    """The unread count for the header, computed only when a page shows it."""
    return {
        "unread_notifications": lambda: (
            notify.unread_count(current_user) if current_user.is_authenticated else 0
        )
    }
