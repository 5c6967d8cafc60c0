"""Step 1: the collectivité."""

from __future__ import annotations

from flask_login import current_user

from forms.collectivite import CollectiviteForm
from models import db
from services.communes import seat_commune
from services.dossiers import refresh
from services.editing import Conflict, save_fields

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
)


# Where each form field's findings come from: the contract's path (a path and what it contains).
FIELD_PATHS = {name: f"collectivite.{name}" for name in FIELDS}
FIELD_PATHS.update(
    rep_name="collectivite.representative",
    rep_title="collectivite.representative.title",
    contact_name="collectivite.contact",
)


def field_findings(result) -> dict[str, list]:
    """The findings of each field of the form, to show in its row as soon as the step is saved."""
    ev = result.evaluation
    taken = {"rep_name": ("collectivite.representative.title",)}
    return {
        name: [f for f in ev.at(path) if f.path not in taken.get(name, ())]
        for name, path in FIELD_PATHS.items()
    }


@shows("collectivite")
def show(rec, form=None, **context):
    form = form or CollectiviteForm(obj=rec, version=rec.version_collectivite, formdata=None)
    result = current_evaluated(rec)
    return render_step(
        "collectivite",
        result,
        form=form,
        at_field=field_findings(result),
        seat=seat_commune(rec.insee),
        **context,
    )


def _values(form: CollectiviteForm) -> dict:
    """The form's values; a text field missing from the request is empty, not NULL."""
    values = {name: getattr(form, name).data for name in FIELDS}
    return {k: "" if v is None and k != "population" else v for k, v in values.items()}


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
    result = refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "collectivite", result=result)
