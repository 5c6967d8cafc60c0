"""Step 1: the collectivité."""

from __future__ import annotations

from flask import request

from forms.collectivite import CollectiviteForm
from forms.fields import apply_wording
from grants.academies import academie_of
from grants.fields import COLLECTIVITE, names
from services.communes import seat_commune
from services.editing import update_collectivite
from services.filing import code_commune, seat_commune_of
from services.steps import REPRESENTATIVE, on_its_step, representative_fields

from ..access import current_dossier, policy
from ..unit import change
from . import bp
from .common import answer, current_evaluated, merge_inputs, refill, render_step, shows, version_of

FIELDS = names(COLLECTIVITE)
DATES = tuple(f.name for f in COLLECTIVITE if f.kind == "date")


# Where each form field's findings come from: the contract's path (a path and what it contains).
FIELD_PATHS = {name: f"collectivite.{name}" for name in FIELDS}
FIELD_PATHS.update(
    rep_name="collectivite.representative.name",
    rep_title="collectivite.representative.title",
    contact_name="collectivite.contact",
)


def field_findings(result) -> dict[str, list]:
    """The findings of each field of the form, to show in its row as soon as the step is saved: a
    finding about the representative as a whole at each field it says is missing, each field
    marked and reading it."""
    ev = result.evaluation
    whole = [f for f in ev.at(REPRESENTATIVE) if f.path == REPRESENTATIVE]
    found = {}
    for name, path in FIELD_PATHS.items():
        mine = [f for f in whole if name in representative_fields(f)]
        found[name] = [on_its_step(f) for f in mine + ev.at(path)]
    return found


@shows("collectivite")
def show(rec, form=None, **context):
    proposed_from_name = False
    if form is None:
        form = CollectiviteForm(obj=rec, version=rec.version_collectivite, formdata=None)
        if not (form.seat_commune.data or "").strip():
            # Nothing stored: the form proposes the code's commune, else the name's, and says so.
            form.seat_commune.data = seat_commune_of(rec)
            proposed_from_name = bool(form.seat_commune.data) and not code_commune(rec.insee)
        # The académie follows from the département (grants.academies) until the team writes one.
        form.academie.data = form.academie.data or academie_of(rec.departement, rec.insee)
    result = current_evaluated(rec)
    apply_wording(form, result.call, "collectivite")  # a field's help as the call words it
    return render_step(
        "collectivite",
        result,
        form=form,
        at_field=field_findings(result),
        seat=seat_commune(rec.insee),
        seat_from_name=proposed_from_name,
        **context,
    )


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
