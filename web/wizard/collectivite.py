"""Step 1: the collectivité."""

from __future__ import annotations

from flask_login import current_user

from forms.collectivite import CollectiviteForm
from models import db
from services.dossiers import refresh
from services.editing import Conflict, save_fields
from services.filing import seat_commune_of

from ..access import dossier_for, policy
from . import bp
from .common import current_evaluated, render_step, saved, shows, version_of

FIELDS = (
    "kind",
    "name",
    "siret",
    "insee",
    "departement",
    "population",
    "vat_recovered",
    "rep_name",
    "rep_title",
    "contact_name",
    "contact_email",
    "contact_phone",
    "seat_commune",
    "address",
    "academie",
    "deliberation_number",
    "deliberation_date",
    "signed_on",
)
DATES = ("deliberation_date", "signed_on")


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
@policy("member")
def save_collectivite(dossier_id: int):
    rec = dossier_for(dossier_id, edit=True)
    form = CollectiviteForm()
    if not form.validate_on_submit():
        return show(rec, form)[0], 422
    values = _values(form)
    try:
        save_fields(
            rec, rec, "version_collectivite", version_of(form), values, current_user, "collectivite", rec.name
        )
    except Conflict as conflict:
        db.session.rollback()
        rec = dossier_for(dossier_id)
        form.version.data = rec.version_collectivite
        return show(rec, form, conflict=conflict)[0], 409
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "collectivite")
