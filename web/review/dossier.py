"""A dossier under review: its state and life, its deposits and their comparison, the avis,
and the inspectors' actions (instruct, request a correction, give an avis, decide)."""

from __future__ import annotations

import json
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.review import AssignForm, AvisForm, DecisionForm, ReasonForm
from grants.call import get_call
from grants.compare import compare_deposits
from grants.workflow import DECIDER, INSPECTOR, STATE_LABELS, TRANSITIONS, allowed_actions
from models import User, db
from services import inspectors, notify, review, workflow
from services.sessions import listed_blocking
from services.workflow import Refused

from ..access import actors, dossier_for, policy
from . import bp, guards
from .labels import compare_context


def _assign_form(rec, form: AssignForm | None = None) -> AssignForm:
    form = form or AssignForm(formdata=None, assignee=str(rec.assignee_id or ""))
    form.assignee.choices = [("", _("Personne"))] + [
        (str(u.id), f"{u.name} ({u.inspector_level.upper()})") for u in inspectors.assignable(rec.departement)
    ]
    return form


def _show(rec, status: int = 200, refused: list | None = None, **forms):
    kinds = actors(current_user, rec)
    threads = review.threads_of(rec.id)
    actions = {t.action for t in allowed_actions(rec.state, kinds)}
    decision_form = forms.get("decision_form") or DecisionForm(
        formdata=None, granted=Decimal(rec.state_subsidy_cents).scaleb(-2)
    )
    decision_form.action.choices = [c for c in decision_form.action.choices if c[0] in actions]
    avis = review.avis_of(rec)
    return render_template(
        "review/dossier.html",
        rec=rec,
        blocking=listed_blocking(rec),  # the recap's count (the call's window checked now)
        actors=kinds,
        actions=actions,
        deposits=workflow.deposits(rec),
        avis=avis,
        current_avis=review.current_avis(rec, avis),
        assign_form=_assign_form(rec, forms.get("assign_form")) if DECIDER in kinds else None,
        states=review.state_changes(rec),
        open_threads=[t for t in threads if t.status == "open"],
        thread_count=len(threads),
        can_avis=INSPECTOR in kinds and rec.state in review.AVIS_STATES,
        refused=refused or [],
        reason_form=forms.get("reason_form") or ReasonForm(formdata=None),
        avis_form=forms.get("avis_form") or AvisForm(formdata=None),
        decision_form=decision_form,
    ), status


@bp.route("/dossiers/<int:dossier_id>")
@policy("viewer")
def dossier(dossier_id: int):
    """The review page: where the dossier stands and what the inspector may do now."""
    return _show(dossier_for(dossier_id))


def _apply(dossier_id: int, action: str, reason: str, success: str, decision=None, notes=(), **forms):
    rec = dossier_for(dossier_id)
    try:
        review.move(rec, current_user, action, actors(current_user, rec), reason, decision)
    except Refused as refused:
        db.session.rollback()
        return _show(dossier_for(dossier_id), 409, refused=refused.reasons, **forms)
    db.session.commit()
    flash(success, "success")
    for note in notes:
        flash(_(note), "info")
    return redirect(url_for("review.dossier", dossier_id=rec.id))


@bp.route("/dossiers/<int:dossier_id>/synthese")
@policy("viewer")
def summary(dossier_id: int):
    """The inbox row's « Synthèse »: the blocking points and warnings with their messages, the
    requests for correction and a decision taken without an avis (an HTML fragment the inbox's
    script puts in the row; a page of its own without the script)."""
    from grants.findings import BLOCKING, WARNING
    from services.dossiers import evaluated_now

    rec = dossier_for(dossier_id)
    findings = [f for f in evaluated_now(rec).evaluation.findings if f.severity in (BLOCKING, WARNING)]
    findings.sort(key=lambda f: f.severity != BLOCKING)
    changes = review.state_changes(rec)
    return render_template(
        "review/_summary.html" if request.args.get("fragment") == "1" else "review/summary.html",
        rec=rec,
        findings=findings,
        corrections=[c for c in changes if c.to_state == "correction_demandee"],
        overrides=[c for c in changes if c.override_reason],
    )


@bp.route("/dossiers/<int:dossier_id>/etat", methods=["POST"])
@policy("inspector")
def move(dossier_id: int):
    """Put in instruction, or send back to the team with the reasons of the correction."""
    rec = dossier_for(dossier_id)
    guards.acting_as(rec, INSPECTOR)
    action = request.form.get("action", "")
    if action == "instruct":
        return _apply(rec.id, action, "", _("Le dossier est en instruction."))
    if action != "request_correction":
        abort(400)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _show(rec, 422, reason_form=form)
    return _apply(
        rec.id,
        action,
        form.reason.data,
        _("Correction demandée : le dossier revient à l'équipe, qui en est informée."),
    )


@bp.route("/dossiers/<int:dossier_id>/avis", methods=["POST"])
@policy("inspector")
def give_avis(dossier_id: int):
    """Record an inspector's avis with its motivation."""
    rec = dossier_for(dossier_id)
    kinds = guards.acting_as(rec, INSPECTOR)
    form = AvisForm()
    if not form.validate_on_submit():
        return _show(rec, 422, avis_form=form)
    try:
        review.give_avis(rec, current_user, kinds, form.value.data, form.motivation.data)
    except Refused as refused:
        db.session.rollback()
        return _show(dossier_for(dossier_id), 409, refused=refused.reasons, avis_form=form)
    db.session.commit()
    flash(_("Avis enregistré ; l'équipe en est informée."), "success")
    return redirect(url_for("review.dossier", dossier_id=rec.id))


@bp.route("/dossiers/<int:dossier_id>/decision", methods=["POST"])
@policy("decider")
def decide(dossier_id: int):
    """Accept, refuse or close the dossier (IA-DASEN or DAN)."""
    rec = dossier_for(dossier_id)
    guards.acting_as(rec, DECIDER)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _show(rec, 422, decision_form=form)
    decision = review.Decision(
        granted=form.granted.data, convention=form.convention.data or "", override=form.override.data or ""
    )
    notes = review.ignored_in_decision(rec, form.action.data, decision)
    return _apply(
        rec.id,
        form.action.data,
        form.reason.data,
        _(
            "Décision enregistrée : « %(state)s ». Les discussions sont closes ; la collectivité et "
            "les inspecteurs qui ont suivi le dossier en sont informés.",
            state=_(STATE_LABELS[TRANSITIONS[form.action.data].target]),
        ),
        decision,
        notes=notes,
        decision_form=form,
    )


@bp.route("/dossiers/<int:dossier_id>/attribution", methods=["POST"])
@policy("decider")
def assign(dossier_id: int):
    """Give the dossier to an inspector of its département (the DASEN's office)."""
    rec = dossier_for(dossier_id)
    guards.acting_as(rec, DECIDER)
    form = _assign_form(rec, AssignForm())
    if not form.validate_on_submit():
        return _show(rec, 422, assign_form=form)
    assignee = db.session.get(User, int(form.assignee.data)) if form.assignee.data else None
    try:
        inspectors.assign(rec, current_user, assignee)
    except Refused as refused:
        db.session.rollback()
        return _show(dossier_for(dossier_id), 409, refused=refused.reasons)
    if assignee is not None:
        notify.dossier_assigned(rec, current_user, assignee)
    db.session.commit()
    flash(
        _("Dossier attribué à %(name)s.", name=assignee.name)
        if assignee
        else _("Le dossier n'est plus attribué."),
        "success",
    )
    return redirect(url_for("review.dossier", dossier_id=rec.id))


def _deposit(deposits: list, number: int):
    found = next((d for d in deposits if d.number == number), None)
    if found is None:
        abort(404)
    return found


@bp.route("/dossiers/<int:dossier_id>/comparaison")
@policy("viewer")
def compare_latest(dossier_id: int):
    """The last deposit against the one before."""
    rec = dossier_for(dossier_id)
    deposits = workflow.deposits(rec)
    if len(deposits) < 2:
        return render_template("review/compare.html", rec=rec, deposits=deposits, comparison=None)
    return _compare(rec, deposits, deposits[-2].number, deposits[-1].number)


@bp.route("/dossiers/<int:dossier_id>/comparaison/<int:old>/<int:new>")
@policy("viewer")
def compare(dossier_id: int, old: int, new: int):
    """Any two deposits of the dossier, side by side."""
    rec = dossier_for(dossier_id)
    return _compare(rec, workflow.deposits(rec), old, new)


def _compare(rec, deposits: list, old: int, new: int):
    before, after = _deposit(deposits, old), _deposit(deposits, new)
    comparison = compare_deposits(
        json.loads(before.content),
        json.loads(before.evaluation),
        json.loads(after.content),
        json.loads(after.evaluation),
    )
    return render_template(
        "review/compare.html",
        rec=rec,
        deposits=deposits,
        before=before,
        after=after,
        comparison=comparison,
        **compare_context(get_call(rec.call_id)),
    )
