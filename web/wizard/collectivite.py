"""Step 1: the collectivité."""

from __future__ import annotations

from flask import request

from forms.collectivite import CollectiviteForm
from grants.fields import COLLECTIVITE, names
from services.editing import update_collectivite
from services.filing import seat_commune_of

from ..access import current_dossier, policy
from ..unit import change
from . import bp
from .common import answer, current_evaluated, merge_inputs, refill, render_step, shows, version_of

FIELDS = names(COLLECTIVITE)
DATES = tuple(f.name for f in COLLECTIVITE if f.kind == "date")


@shows("collectivite")
def show(rec, form=None, **context):
    if form is None:
        form = CollectiviteForm(obj=rec, version=rec.version_collectivite, formdata=None)
        form.seat_commune.data = form.seat_commune.data or seat_commune_of(rec)
    return render_step("collectivite", current_evaluated(rec), form=form, **context)


def _values(form: CollectiviteForm) -> dict:
    """The form's values; a text field missing from the request is empty, not NULL."""
    values = {name: getattr(form, name).data for name in FIELDS}
    return {k: "" if v is None and k != "population" and k not in DATES else v for k, v in values.items()}


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
