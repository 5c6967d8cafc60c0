"""Step 7: the recap with every finding, the deposit, its proof, the history, the live preview."""

from __future__ import annotations

import json
from decimal import Decimal

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from grants.call import get_call
from grants.evaluation import evaluate
from grants.labels import PIECE_LABELS
from grants.summary import summarize
from models import ChangeLog, Deposit, StateChange, db
from models.base import utcnow
from services import attachments, members, notify, workflow
from services.convert import to_domain
from services.dossiers import log, practice_copy, refresh
from services.sessions import call_window

from ..access import actors, dossier_for, is_member, policy
from . import bp
from .budget import line_form, line_values
from .cofunding import cofunder_values
from .common import current_evaluated, render_step, shows


@shows("recap")
def show_recap(rec, refused: list | None = None, **context):
    # The recap speaks of a deposit now: its evaluation checks the call's window as the deposit will.
    result = attachments.with_attachments(current_evaluated(rec))
    return render_step(
        "recap",
        result,
        # The figures of the summary, defined once: those of the Word document's summary page.
        summary=summarize(result.dossier, result.evaluation.funding, result.call),
        deposits=workflow.deposits(rec),
        refused=refused or [],
        window=call_window(result.call, rec, utcnow()),
        may_deposit=members.may_deposit(current_user, rec.organisation_id),
        depositors=[m.user.name for m in members.holders(rec.organisation)],
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
    if not members.may_deposit(current_user, rec.organisation_id):
        flash(
            _(
                "Seul le représentant légal de la collectivité, ou un membre ayant une délégation "
                "enregistrée, peut déposer le dossier. Peuvent le déposer : %(names)s (page « Membres » "
                "de la collectivité).",
                names=", ".join(m.user.name for m in members.holders(rec.organisation)),
            ),
            "error",
        )
        return show_recap(rec)[0], 403
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
        pieces=workflow.deposited_pieces(frozen),
        filename=_content_name(rec, number),
        PIECE_LABELS=PIECE_LABELS,
    )


def _content_name(rec, number: int) -> str:
    return f"{rec.reference}-depot-{number}.json"


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
        pieces=workflow.deposited_pieces(frozen),
        filename=_content_name(rec, number),
        PIECE_LABELS=PIECE_LABELS,
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
    # The very bytes the digest is computed on: `sha256sum` of the file prints the proof's digest.
    return Response(
        workflow.frozen_bytes(frozen.content, frozen.pieces),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{_content_name(rec, number)}"'},
    )


@bp.route("/<int:dossier_id>/depots/<int:number>/pieces/<int:rank>")
@policy("viewer")
def deposit_piece(dossier_id: int, number: int, rank: int):
    """A piece as the deposit froze it (n° `rank` of its list), even when the team removed or
    replaced it since: the bytes are kept under their SHA-256, checked when read."""
    rec = dossier_for(dossier_id)
    frozen = _deposit(rec, number)
    listed = workflow.deposited_pieces(frozen)
    if not 1 <= rank <= len(listed):
        abort(404)
    piece = listed[rank - 1]
    try:
        data = attachments.read(piece["sha256"])
    except (OSError, ValueError):
        current_app.logger.error("piece %s of deposit %s of dossier %s is missing", rank, number, rec.id)
        abort(404)
    return Response(
        data,
        mimetype=piece["content_type"],
        headers={
            "Content-Disposition": f'attachment; filename="{piece["filename"]}"',
            "X-Content-Type-Options": "nosniff",
        },
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
    refused = []
    if kind == "line":
        refused = _preview_line(rec, dossier, target)
    elif kind == "cofunder":
        refused = _preview_cofunder(rec, dossier, target)
    ev = evaluate(dossier, get_call(rec.call_id))
    db.session.rollback()
    return render_template(
        "wizard/_funding.html", funding=ev.funding, ev=ev, rec=rec, preview=True, refused=refused
    )


def _refused(form, ignored: str) -> list[tuple[str, str]]:
    """(label, message, field id) of each value the preview cannot use: the panel says so where
    the figures would have changed (a rate of 150 % is not silently left out), and the page's
    script puts the message beside the field (static/js/app.js)."""
    return [
        (str(form[name].label.text), str(error), form[name].id)
        for name, errors in form.errors.items()
        if name != ignored and name in form
        for error in errors
    ]


def _preview_line(rec, dossier, target: str) -> None:
    from grants.dossier import Line

    form = line_form(rec, request.form)
    # While a line is typed its label may still be empty: the figures don't depend on it.
    if not form.validate() and set(form.errors) - {"label"}:
        return _refused(form, "label")
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
    return []


def _preview_cofunder(rec, dossier, target: str) -> None:
    from forms.cofunding import CofunderForm
    from grants.dossier import Cofunder

    form = CofunderForm(request.form)
    if not form.validate() and set(form.errors) - {"funder"}:
        return _refused(form, "funder")  # the saved figures stay, and the panel says why
    values = cofunder_values(form)
    # A rate's amount is computed by the evaluation itself (grants.funding.cofunder_amount).
    funder = Cofunder(
        values["funder"] or "",
        values["kind"],
        values["amount"] if values["amount"] is not None else Decimal(0),
        values["status"],
        values["rate"],
        values["base"],
    )
    index = next((i for i, f in enumerate(rec.cofunders) if str(f.id) == target), None)
    if index is None:
        dossier.cofunding.append(funder)
    else:
        dossier.cofunding[index] = funder
    return []


@bp.route("/<int:dossier_id>/copie-entrainement", methods=["POST"])
@policy("member")
def practice_copy_view(dossier_id: int):
    """One click: a practice copy of the dossier, to go on working when the call is closed."""
    rec = dossier_for(dossier_id)
    if not is_member(current_user, rec):
        abort(403)
    # The title stays the team's own; « Dossier d'entraînement » is a badge, in the reader's language.
    copy = practice_copy(rec, current_user, rec.title)
    db.session.commit()
    flash(
        _(
            "Copie d'entraînement créée : « %(title)s ». Elle peut être complétée et déposée à blanc ; "
            "elle est marquée « entraînement » partout et n'est pas transmise comme une candidature.",
            title=copy.title,
        ),
        "success",
    )
    return redirect(url_for("wizard.step", dossier_id=copy.id, step="recap"))
