"""Step 5: other funders, as an amount or a rate of a base; the own contribution is derived."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user

from forms.cofunding import CofunderForm
from models import CofunderRecord, db
from services.cofunding import add_cofunder, remove_cofunder, update_cofunder
from services.dossiers import refresh
from services.editing import Conflict

from ..access import dossier_for, policy
from . import bp
from .common import current_evaluated, render_step, saved, shows, version_of


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
        return CofunderForm(formdata=None, version=0)
    return CofunderForm(
        formdata=None,
        obj=funder,
        version=funder.version,
        mode="rate" if funder.rate is not None else "amount",
    )


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
@policy("member")
def add_cofunder_view(dossier_id: int):
    rec = dossier_for(dossier_id, edit=True)
    form = CofunderForm()
    if not form.validate_on_submit():
        return show_cofunding(rec, form)[0], 422
    funder = add_cofunder(rec, current_user, cofunder_values(form))
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "cofinancements", f"funder-{funder.id}")


@bp.route("/<int:dossier_id>/cofinancements/<int:funder_id>", methods=["GET", "POST"])
@policy("viewer", post="member")
def edit_cofunder(dossier_id: int, funder_id: int):
    rec = dossier_for(dossier_id, edit=request.method == "POST")
    funder = _funder(rec, funder_id)
    if request.method == "GET":
        return show_cofunding(rec, editing=funder)
    form = CofunderForm()
    if not form.validate_on_submit():
        return show_cofunding(rec, form, editing=funder)[0], 422
    try:
        update_cofunder(rec, funder, current_user, version_of(form), cofunder_values(form))
    except Conflict as conflict:
        db.session.rollback()
        rec = dossier_for(dossier_id)
        funder = next((f for f in rec.cofunders if f.id == funder_id), None)
        if funder is None:
            flash(_("Ce financeur a été supprimé entre-temps par un collègue."), "error")
            return saved(rec.id, "cofinancements")
        form.version.data = funder.version
        return show_cofunding(rec, form, editing=funder, conflict=conflict)[0], 409
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "cofinancements", f"funder-{funder_id}")


@bp.route("/<int:dossier_id>/cofinancements/<int:funder_id>/supprimer", methods=["POST"])
@policy("member")
def delete_cofunder(dossier_id: int, funder_id: int):
    rec = dossier_for(dossier_id, edit=True)
    remove_cofunder(rec, _funder(rec, funder_id), current_user)
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "cofinancements")
