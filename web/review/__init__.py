"""The inspectors' side: the inbox, a dossier under review, comments anchored in the wizard,
requests for correction, avis and decisions, comparisons of deposits, notifications."""

from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/inspection")

from . import comments, dossier, inbox, notifications  # noqa: E402,F401

bp.app_context_processor(comments.context)
blueprints = (bp, notifications.bp)
