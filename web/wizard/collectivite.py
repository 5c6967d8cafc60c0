"""Step 1: the collectivité."""

from __future__ import annotations

from flask import request

from forms.collectivite import CollectiviteForm
from grants.fields import COLLECTIVITE, names
from services.editing import update_collectivite

from ..access import current_dossier, policy
from ..unit import change
from . import bp
from .common import answer, current_evaluated, merge_inputs, refill, render_step, shows, version_of

FIELDS = names(COLLECTIVITE)


@shows("collectivite")
def show(rec, form=None, **context):
    form = form or CollectiviteForm(obj=rec, version=rec.version_collectivite, formdata=None)
    return render_step("collectivite", current_evaluated(rec), form=form, **context)


def _values(form: CollectiviteForm) -> dict:
    """The form's values; a text field missing from the request is empty, not NULL."""
    values = {name: getattr(form, name).data for name in FIELDS}
    return {k: "" if v is None and k != "population" else v for k, v in values.items()}


@bp.route("/<int:dossier_id>/collectivite", methods=["POST"])
@policy("member", edit=True)
def save_collectivite(dossier_id: int):
    form = CollectiviteForm()
    if not form.validate_on_submit():
        return show(current_dossier(), form)[0], 422
    outcome = change(
        update_collectivite, version_of(form), _values(form), **merge_inputs(request.form, FIELDS)
    )
    return answer(
        outcome,
        "collectivite",
        "collectivite",
        lambda rec, **ctx: show(rec, refill(form, rec, outcome, FIELDS, "version_collectivite"), **ctx),
    )
