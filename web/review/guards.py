"""Who may act on the review pages, beyond seeing the dossier (web.access.dossier_for)."""

from __future__ import annotations

from flask import abort, make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user

from grants.workflow import DECIDER, INSPECTOR

from ..access import actors
from ..extensions import login_manager


def signed_in() -> None:
    """Anonymous visitors go to the sign-in page."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())


def inspector() -> None:
    """Only inspectors (any level) go further."""
    signed_in()
    if not current_user.is_inspector:
        abort(403)


def acting_as(rec, kind: str) -> set[str]:
    """The user's actor kinds on the dossier, refused with the reason unless they include `kind`."""
    kinds = actors(current_user, rec)
    if kind not in kinds:
        text = (
            _("Seul un inspecteur de niveau IA-DASEN ou DAN prend la décision.")
            if kind == DECIDER
            else _("Seule l'inspection fait cette action.")
            if kind == INSPECTOR
            else _("Vous n'avez pas accès à cette page.")
        )
        abort(
            make_response(render_template("error.html", code=403, title=_("Action refusée"), text=text), 403)
        )
    return kinds


def refuse_not_decider() -> None:
    """403 with the reason: the decision and the assignment are the DASEN's or the DAN's."""
    abort(
        make_response(
            render_template(
                "error.html",
                code=403,
                title=_("Action refusée"),
                text=_("Seul un inspecteur de niveau IA-DASEN ou DAN prend la décision."),
            ),
            403,
        )
    )
