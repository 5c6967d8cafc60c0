"""The team's wizard: one module per step, sharing the blueprint and the step renderer."""

from flask import Blueprint

bp = Blueprint("wizard", __name__, url_prefix="/dossiers")

from flask import abort  # noqa: E402

from services import stored  # noqa: E402

from ..access import dossier_for, policy  # noqa: E402
from . import budget, cofunding, collectivite, project, recap, schools  # noqa: E402,F401
from .common import SHOW  # noqa: E402


@bp.after_app_request
def _store_computed(response):
    """What the request computed for a revision and no worker had stored (services.stored)."""
    if response.status_code < 500:
        stored.write_pending()
    return response


@bp.route("/<int:dossier_id>/<step>")
@policy("viewer")
def step(dossier_id: int, step: str):
    """Any step of the wizard, in any order."""
    if step not in SHOW:
        abort(404)
    return SHOW[step](dossier_for(dossier_id))
