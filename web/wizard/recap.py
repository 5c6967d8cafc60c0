"""Step 7: the recap with every finding, the deposit, its proof, the history, the live preview."""

from __future__ import annotations

import json
from decimal import Decimal

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.call import get_call
from grants.evaluation import evaluate
from models import ChangeLog, Deposit, StateChange, db
from models.base import utcnow
from services import notify, workflow
from services.convert import to_domain
from services.dossiers import log, refresh

from ..access import actors, dossier_for, is_member, policy
from . import bp
from .budget import line_form, line_values
from .cofunding import cofunder_values
from .common import current_evaluated, render_step, shows


@shows("recap")
def show_recap(rec, refused: list | None = None, **context):
    result = current_evaluated(rec)
    practice = rec.practice and current_app.config["ALLOW_PRACTICE_ON_CLOSED_CALL"]
    # The recap speaks of a deposit now: the call's window is checked as the deposit will check it.
    window = [] if practice else evaluate(result.dossier, result.call, utcnow()).at("call")
    return render_step(
        "recap",
        result,
        deposits=workflow.deposits(rec),
        refused=refused or [],
        window_findings=window,
        **context,
    )


@bp.route("/<int:dossier_id>")
@policy("viewer")
def overview(dossier_id: int):
    rec = dossier_for(dossier_id)
    return redirect(url_for("wizard.step", dossier_id=rec.id, step="recap"))


@bp.route("/<int:dossier_id>/deposer", methods=["POST"])
@policy("member", edit=True)
def deposit(dossier_id: int):
    rec = dossier_for(dossier_id, edit=True)
    if request.form.get("certify") != "1":
        flash(
            _(
                "Cochez la case de certification : seul le représentant légal, ou une personne qu'il a "
                "déléguée, dépose le dossier."
            ),
            "error",
        )
        return show_recap(rec)[0], 422
    try:
        frozen = workflow.deposit(
            rec,
            current_user,
            actors(current_user, rec),
            utcnow(),
            current_app.config["ALLOW_PRACTICE_ON_CLOSED_CALL"],
        )
    except workflow.Refused as refused:
        db.session.rollback()
        rec = dossier_for(dossier_id)
        return show_recap(rec, refused=refused.reasons)[0], 422
    refresh(rec, current_user)
    notify.dossier_deposited(rec, current_user, frozen.number)
    db.session.commit()
    flash(_("Dossier déposé. Conservez la preuve de dépôt."), "success")
    return redirect(url_for("wizard.proof", dossier_id=rec.id, number=frozen.number))


def _deposit(rec, number: int) -> Deposit:
    frozen = db.session.scalar(
        db.select(Deposit).where(Deposit.dossier_id == rec.id, Deposit.number == number)
    )
    if frozen is None:
        abort(404)
    return frozen


@bp.route("/<int:dossier_id>/depots/<int:number>")
@policy("viewer")
def proof(dossier_id: int, number: int):
    rec = dossier_for(dossier_id)
    frozen = _deposit(rec, number)
    evaluation = json.loads(frozen.evaluation)
    return render_template(
        "wizard/proof.html",
        rec=rec,
        frozen=frozen,
        evaluation=evaluation,
        subsidy=Decimal(evaluation["funding"]["state_subsidy"]),
    )


@bp.route("/<int:dossier_id>/depots/<int:number>/preuve.txt")
@policy("viewer")
def proof_text(dossier_id: int, number: int):
    rec = dossier_for(dossier_id)
    frozen = _deposit(rec, number)
    body = render_template(
        "wizard/proof.txt",
        rec=rec,
        frozen=frozen,
        subsidy=Decimal(json.loads(frozen.evaluation)["funding"]["state_subsidy"]),
    )
    return Response(
        body,
        mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="preuve-depot-{rec.reference}-{number}.txt"'},
    )


@bp.route("/<int:dossier_id>/depots/<int:number>/contenu.json")
@policy("viewer")
def deposit_content(dossier_id: int, number: int):
    rec = dossier_for(dossier_id)
    frozen = _deposit(rec, number)
    return Response(
        frozen.content,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{rec.reference}-depot-{number}.json"'},
    )


@bp.route("/<int:dossier_id>/historique")
@policy("viewer")
def history(dossier_id: int):
    rec = dossier_for(dossier_id)
    entries = db.session.scalars(
        db.select(ChangeLog).where(ChangeLog.dossier_id == rec.id).order_by(ChangeLog.id.desc()).limit(500)
    ).all()
    states = db.session.scalars(
        db.select(StateChange).where(StateChange.dossier_id == rec.id).order_by(StateChange.id)
    ).all()
    return render_template(
        "wizard/history.html",
        rec=rec,
        entries=entries,
        states=states,
        member=is_member(current_user, rec),
        school_names={s.uai: s.name for s in rec.schools},
    )


@bp.route("/<int:dossier_id>/partage", methods=["POST"])
@policy("member")
def share(dossier_id: int):
    rec = dossier_for(dossier_id)
    if not is_member(current_user, rec):
        abort(403)
    was_shared, rec.shared = rec.shared, request.form.get("shared") == "1"
    log(rec, current_user, "sharing", None, "update", "", {"shared": [not rec.shared, rec.shared]})
    if rec.shared and not was_shared:
        notify.dossier_shared(rec, current_user)
    db.session.commit()
    flash(
        _("Le brouillon est partagé avec l'inspection.")
        if rec.shared
        else _("Le brouillon n'est plus partagé avec l'inspection."),
        "success",
    )
    return redirect(url_for("wizard.step", dossier_id=rec.id, step="recap"))


@bp.route("/<int:dossier_id>/apercu", methods=["POST"])
@policy("viewer")
def preview(dossier_id: int):
    """The computation as it would be with the form being typed: the rules engine's numbers,
    rendered on the server; nothing is saved."""
    rec = dossier_for(dossier_id)
    dossier = to_domain(rec)
    kind = request.form.get("_preview", "")
    target = request.form.get("_target", "")
    if kind == "line":
        _preview_line(rec, dossier, target)
    elif kind == "cofunder":
        _preview_cofunder(rec, dossier, target)
    ev = evaluate(dossier, get_call(rec.call_id))
    db.session.rollback()
    return render_template("wizard/_funding.html", funding=ev.funding, ev=ev, rec=rec, preview=True)


def _preview_line(rec, dossier, target: str) -> None:
    from grants.dossier import Line

    form = line_form(rec, request.form)
    # While a line is typed its label may still be empty: the figures don't depend on it.
    if not form.validate() and set(form.errors) - {"label"}:
        return
    values = line_values(form)
    line = Line(
        values["school_uai"],
        values["category"],
        values["label"] or "",
        values["quantity"],
        values["unit_price_ht"],
        values["vat_rate"],
        values["duration_months"],
    )
    index = next((i for i, ln in enumerate(rec.lines) if str(ln.id) == target), None)
    if index is None:
        dossier.lines.append(line)
    else:
        dossier.lines[index] = line


def _preview_cofunder(rec, dossier, target: str) -> None:
    from forms.cofunding import CofunderForm
    from grants.dossier import Cofunder
    from grants.funding import cofunding_from_rate, compute_funding

    form = CofunderForm(request.form)
    if not form.validate() and set(form.errors) - {"funder"}:
        return  # the panel keeps showing the saved figures until the form makes sense
    values = cofunder_values(form)
    if values["rate"] is not None:
        values["amount"] = cofunding_from_rate(
            values["rate"], values["base"], compute_funding(dossier, get_call(rec.call_id))
        )
    funder = Cofunder(
        values["funder"] or "",
        values["kind"],
        values["amount"],
        values["status"],
        values["rate"],
        values["base"],
    )
    index = next((i for i, f in enumerate(rec.cofunders) if str(f.id) == target), None)
    if index is None:
        dossier.cofunding.append(funder)
    else:
        dossier.cofunding[index] = funder
