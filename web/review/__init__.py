"""The inspectors' side: the inbox, a dossier under review, comments anchored in the wizard,
requests for correction, avis and decisions, comparisons of deposits, notifications."""

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/inspection")

from services import immutable, notify  # noqa: E402

from . import comments, dossier, inbox, notifications  # noqa: E402,F401


@bp.record_once
def _install(_state) -> None:
    immutable.protect()
    notify.install()


bp.app_context_processor(comments.context)
blueprints = (bp, notifications.bp)
