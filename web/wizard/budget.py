"""Step 4: the budget lines, per school and dossier-wide, with totals and the subsidy."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.budget import LineForm
from grants.call import get_call
from models import LineRecord, db
from services.budget import LINE_FIELDS, add_line, duplicate_line, propose_lines, remove_line, update_line
from services.dossiers import refresh
from services.editing import Conflict

from ..access import dossier_for, policy
from . import bp
from .common import current_evaluated, render_step, saved, shows, version_of

WHOLE_DOSSIER = "__dossier__"


def line_form(rec, formdata=None, line: LineRecord | None = None) -> LineForm:
    """The line form with the dossier's schools as choices."""
    if formdata is None and line is not None:
        form = LineForm(
            formdata=None, obj=line, version=line.version, school=line.school_uai or WHOLE_DOSSIER
        )
    else:
        form = LineForm(formdata=formdata) if formdata is not None else LineForm(formdata=None, version=0)
    form.call = get_call(rec.call_id)
    form.school.choices = [(WHOLE_DOSSIER, _("Tout le dossier (volet 2)"))] + [
        (s.uai, f"{s.name} ({s.uai})") for s in rec.schools
    ]
    if line is not None and line.school_uai and line.school_uai not in {s.uai for s in rec.schools}:
        form.school.choices.append((line.school_uai, _("École inconnue (%(uai)s)", uai=line.school_uai)))
    return form


def line_values(form: LineForm) -> dict:
    values = {k: getattr(form, k).data for k in LINE_FIELDS if k != "school_uai"}
    values["school_uai"] = None if form.school.data == WHOLE_DOSSIER else form.school.data
    return values


def _line(rec, line_id: int) -> LineRecord:
    line = next((ln for ln in rec.lines if ln.id == line_id), None)
    if line is None:
        abort(404)
    return line


def line_groups(rec, funding) -> list[dict]:
    """The budget as the page shows it: each school's lines, then dossier-wide ones, then
    lines naming a school that is not in the dossier."""
    rows = list(zip(range(len(rec.lines)), rec.lines, funding.lines, strict=True))
    groups = [
        {
            "school": school,
            "result": funding.schools[i],
            "index": i,
            "rows": [r for r in rows if r[2].school_index == i],
        }
        for i, school in enumerate(rec.schools)
    ]
    groups.append({"school": None, "rows": [r for r in rows if r[1].school_uai is None]})
    orphans = [r for r in rows if r[1].school_uai is not None and r[2].school_index is None]
    if orphans:
        groups.append({"school": None, "orphans": True, "rows": orphans})
    return groups


@shows("budget")
def show_budget(rec, form=None, editing: LineRecord | None = None, **context):
    form = form or line_form(rec, line=editing)
    result = current_evaluated(rec)
    return render_step(
        "budget",
        result,
        form=form,
        editing=editing,
        whole_dossier=WHOLE_DOSSIER,
        groups=line_groups(rec, result.evaluation.funding),
        **context,
    )


@bp.route("/<int:dossier_id>/budget/nouvelle", methods=["POST"])
@policy("member")
def add_line_view(dossier_id: int):
    rec = dossier_for(dossier_id, edit=True)
    form = line_form(rec, request.form)
    if not form.validate_on_submit():
        return show_budget(rec, form)[0], 422
    line = add_line(rec, current_user, line_values(form))
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "budget", f"line-{line.id}")


@bp.route("/<int:dossier_id>/budget/<int:line_id>", methods=["GET", "POST"])
@policy("viewer", post="member")
def edit_line(dossier_id: int, line_id: int):
    rec = dossier_for(dossier_id, edit=request.method == "POST")
    line = _line(rec, line_id)
    if request.method == "GET":
        return show_budget(rec, editing=line)
    form = line_form(rec, request.form, line)
    if not form.validate_on_submit():
        return show_budget(rec, form, editing=line)[0], 422
    try:
        update_line(rec, line, current_user, version_of(form), line_values(form))
    except Conflict as conflict:
        db.session.rollback()
        rec = dossier_for(dossier_id)
        line = next((ln for ln in rec.lines if ln.id == line_id), None)
        if line is None:
            flash(_("Cette ligne a été supprimée entre-temps par un collègue."), "error")
            return saved(rec.id, "budget")
        form.version.data = line.version
        return show_budget(rec, form, editing=line, conflict=conflict)[0], 409
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "budget", f"line-{line_id}")


@bp.route("/<int:dossier_id>/budget/<int:line_id>/dupliquer", methods=["POST"])
@policy("member")
def duplicate_line_view(dossier_id: int, line_id: int):
    rec = dossier_for(dossier_id, edit=True)
    copy = duplicate_line(rec, _line(rec, line_id), current_user)
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "budget", f"line-{copy.id}")


@bp.route("/<int:dossier_id>/budget/<int:line_id>/supprimer", methods=["POST"])
@policy("member")
def delete_line(dossier_id: int, line_id: int):
    rec = dossier_for(dossier_id, edit=True)
    remove_line(rec, _line(rec, line_id), current_user)
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "budget")


@bp.route("/<int:dossier_id>/budget/proposer/<int:school_id>", methods=["POST"])
@policy("member")
def propose(dossier_id: int, school_id: int):
    rec = dossier_for(dossier_id, edit=True)
    school = next((s for s in rec.schools if s.id == school_id), None)
    if school is None:
        abort(404)
    result = current_evaluated(rec)
    added = propose_lines(rec, school, current_user, result.call, _)
    refresh(rec, current_user)
    db.session.commit()
    if added:
        flash(
            _(
                "%(n)s ligne(s) proposée(s) d'après les besoins de l'école %(name)s. Les prix sont "
                "indicatifs : remplacez-les par ceux de vos devis.",
                n=len(added),
                name=school.name,
            ),
            "success",
        )
    else:
        flash(
            _("L'école %(name)s n'a pas de besoin du socle sans ligne de budget.", name=school.name), "info"
        )
    return redirect(url_for("wizard.step", dossier_id=rec.id, step="budget") + f"#school-{school.id}")
