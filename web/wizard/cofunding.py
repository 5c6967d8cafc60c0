"""Step 5: other funders, as an amount or a rate of a base; the own contribution is derived."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, request
from flask_babel import gettext as _

from forms.cofunding import CofunderForm
from grants.call import get_call
from grants.funding import rate_bases_of
from models import CofunderRecord
from services.cofunding import COFUNDER_FIELDS, add_cofunder, remove_cofunder, update_cofunder
from services.editing import Deleted

from ..access import current_dossier, policy
from ..unit import change
from . import bp
from .common import (
    answer,
    current_evaluated,
    merge_inputs,
    present,
    refill,
    removed,
    render_step,
    saved,
    shows,
    version_of,
)

FIELDS = COFUNDER_FIELDS


def cofunder_values(form: CofunderForm) -> dict:
    """What the form says; a rate's amount is computed by the rules engine on refresh."""
    by_rate = form.mode.data == "rate"
    return {
        "funder": form.funder.data,
        "kind": form.kind.data,
        "status": form.status.data,
        "amount": Decimal("0.00") if by_rate else form.amount.data,
        "rate": form.rate.data if by_rate else None,
        "base": form.base.data if by_rate else None,
    }


def _form_for(funder: CofunderRecord | None) -> CofunderForm:
    if funder is None:
        return offered_bases(CofunderForm(formdata=None, version=0))
    return offered_bases(
        CofunderForm(
            formdata=None,
            obj=funder,
            version=funder.version,
            mode="rate" if funder.rate is not None else "amount",
        ),
        funder.base,
    )


def offered_bases(form: CofunderForm, kept: str | None = None) -> CofunderForm:
    """The rate bases the call's funding model gives a meaning to (a volet's lines only where
    the subsidy has volets); a funder's base already chosen stays offered."""
    bases = set(rate_bases_of(get_call(current_dossier().call_id)))
    if kept:
        bases.add(kept)
    form.base.choices = [(code, text) for code, text in form.base.choices if code in bases]
    return form


def _funder(rec, funder_id: int) -> CofunderRecord:
    funder = next((f for f in rec.cofunders if f.id == funder_id), None)
    if funder is None:
        abort(404)
    return funder


@shows("cofinancements")
def show_cofunding(rec, form=None, editing: CofunderRecord | None = None, **context):
    return render_step(
        "cofinancements", current_evaluated(rec), form=form or _form_for(editing), editing=editing, **context
    )


@bp.route("/<int:dossier_id>/cofinancements/nouveau", methods=["POST"])
@policy("member", edit=True)
def add_cofunder_view(dossier_id: int):
    form = offered_bases(CofunderForm())
    if not form.validate_on_submit():
        return show_cofunding(current_dossier(), form)[0], 422
    outcome = change(add_cofunder, cofunder_values(form))
    return saved(outcome.record.id, "cofinancements", f"funder-{outcome.value.id}")


@bp.route("/<int:dossier_id>/cofinancements/<int:funder_id>", methods=["GET", "POST"])
@policy("viewer", post="member", edit=True)
def edit_cofunder(dossier_id: int, funder_id: int):
    rec = current_dossier()
    if request.method == "GET":
        return show_cofunding(rec, editing=_funder(rec, funder_id))
    funder = present(rec, "cofunder", funder_id)
    form = offered_bases(CofunderForm(), getattr(funder, "base", None))
    if isinstance(funder, Deleted):
        form.validate()
        form.version.data = 0
        return show_cofunding(
            rec,
            form,
            deleted=funder,
            deleted_title=_("Le financeur « %(name)s » a été supprimé par un collègue", name=funder.label),
            recreate=True,
        )[0], 409
    if not form.validate_on_submit():
        return show_cofunding(rec, form, editing=funder)[0], 422
    outcome = change(
        update_cofunder,
        funder_id,
        version_of(form),
        cofunder_values(form),
        **merge_inputs(request.form, FIELDS),
    )
    funder = _funder(outcome.record, funder_id)
    return answer(
        outcome,
        "cofinancements",
        "cofunder",
        lambda rec, **ctx: show_cofunding(rec, refill(form, funder, outcome, FIELDS), editing=funder, **ctx),
        f"funder-{funder_id}",
    )


@bp.route("/<int:dossier_id>/cofinancements/<int:funder_id>/supprimer", methods=["POST"])
@policy("member", edit=True)
def delete_cofunder(dossier_id: int, funder_id: int):
    outcome = change(remove_cofunder, funder_id)
    return removed(
        outcome,
        "cofinancements",
        lambda deleted: _("Le financeur « %(name)s » était déjà supprimé.", name=deleted.label),
    )
