"""Step 4: the budget lines, per school and dossier-wide, with totals and the subsidy."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.budget import LineForm
from forms.fields import apply_wording
from grants.call import get_call
from grants.labels import category_label
from grants.proposals import REASONS
from models import LineRecord
from services.budget import (
    LINE_FIELDS,
    add_line,
    duplicate_line,
    proposals,
    propose_lines,
    remove_line,
    update_line,
)
from services.editing import Deleted

from ..access import current_dossier, is_member, policy
from ..unit import change
from . import bp
from .common import (
    answer,
    current_evaluated,
    merge_inputs,
    present,
    refill,
    render_step,
    saved,
    shows,
    version_of,
)

WHOLE_DOSSIER = "__dossier__"


def line_form(rec, formdata=None, line: LineRecord | None = None) -> LineForm:
    """The line form with the dossier's schools as choices."""
    if formdata is None and line is not None:
        form = LineForm(
            formdata=None, obj=line, version=line.version, school=line.school_uai or WHOLE_DOSSIER
        )
    else:
        form = LineForm(formdata=formdata) if formdata is not None else LineForm(formdata=None, version=0)
    form.call = call = get_call(rec.call_id)
    apply_wording(form, call, "line")
    # A dossier-wide line only where the call has volets a line may hold without a school.
    whole = [(WHOLE_DOSSIER, _(call.text("line.whole_dossier")))] if call and call.dossier_wide_volets else []
    form.school.choices = whole + [(s.uai, f"{s.name} ({s.uai})") for s in rec.schools]
    if call is not None:
        form.category.choices = [(code, _(category_label(code))) for code in call.categories]
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


def editable_by_me(rec) -> bool:
    return rec.editable and is_member(current_user, rec)


def left_out_by_reason(needs) -> dict[str, str]:
    """The needs not proposed, grouped by reason: « Bornes Wi-Fi (1), Câblage… (1) »."""
    grouped: dict[str, list[str]] = {}
    for need in needs:
        grouped.setdefault(need.outcome, []).append(f"{_(category_label(need.code))} ({need.quantity})")
    return {reason: ", ".join(names) for reason, names in grouped.items()}


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
        proposals=proposals(rec, result.dossier, result.call) if editable_by_me(rec) else {},
        reasons=REASONS,
        **context,
    )


@bp.route("/<int:dossier_id>/budget/nouvelle", methods=["POST"])
@policy("member", edit=True)
def add_line_view(dossier_id: int):
    form = line_form(current_dossier(), request.form)
    if not form.validate_on_submit():
        return show_budget(current_dossier(), form)[0], 422
    outcome = change(add_line, line_values(form))
    return saved(outcome.record.id, "budget", f"line-{outcome.value.id}")


@bp.route("/<int:dossier_id>/budget/<int:line_id>", methods=["GET", "POST"])
@policy("viewer", post="member", edit=True)
def edit_line(dossier_id: int, line_id: int):
    rec = current_dossier()
    if request.method == "GET":
        return show_budget(rec, editing=_line(rec, line_id))
    line = present(rec, "line", line_id)
    if isinstance(line, Deleted):
        return _deleted_page(rec, line)
    form = line_form(rec, request.form, line)
    if not form.validate_on_submit():
        return show_budget(rec, form, editing=line)[0], 422
    outcome = change(
        update_line, line_id, version_of(form), line_values(form), **merge_inputs(request.form, LINE_FIELDS)
    )
    line = _line(outcome.record, line_id)
    return answer(
        outcome,
        "budget",
        "line",
        lambda rec, **ctx: show_budget(rec, _refilled(rec, form, line, outcome), editing=line, **ctx),
        f"line-{line_id}",
    )


def _refilled(rec, form: LineForm, line: LineRecord, outcome) -> LineForm:
    refill(form, line, outcome, [n for n in LINE_FIELDS if n != "school_uai"])
    if "school_uai" not in {c.field for c in outcome.conflicts}:
        form.school.data = line.school_uai or WHOLE_DOSSIER
    return form


def _deleted_page(rec, deleted: Deleted):
    """A colleague removed the line: say so by name, and offer the typed values to re-create it."""
    fresh = line_form(rec, request.form)
    fresh.validate()
    fresh.version.data = 0
    return show_budget(
        rec,
        fresh,
        deleted=deleted,
        deleted_title=_("La ligne « %(label)s » a été supprimée par un collègue", label=deleted.label),
        recreate=True,
    )[0], 409


@bp.route("/<int:dossier_id>/budget/<int:line_id>/dupliquer", methods=["POST"])
@policy("member", edit=True)
def duplicate_line_view(dossier_id: int, line_id: int):
    outcome = change(duplicate_line, line_id)
    return saved(outcome.record.id, "budget", f"line-{outcome.value.id}")


@bp.route("/<int:dossier_id>/budget/<int:line_id>/supprimer", methods=["POST"])
@policy("member", edit=True)
def delete_line(dossier_id: int, line_id: int):
    outcome = change(remove_line, line_id)
    if outcome.deleted:
        flash(_("La ligne « %(label)s » était déjà supprimée.", label=outcome.deleted.label), "info")
        return redirect(url_for("wizard.step", dossier_id=outcome.record.id, step="budget"))
    return saved(outcome.record.id, "budget")


@bp.route("/<int:dossier_id>/budget/proposer/<int:school_id>", methods=["POST"])
@policy("member", edit=True)
def propose(dossier_id: int, school_id: int):
    rec = current_dossier()
    school = next((s for s in rec.schools if s.id == school_id), None)
    if school is None:
        abort(404)
    added, left_out = change(propose_lines, school, get_call(rec.call_id), _).value
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
        flash(_("Aucune ligne proposée pour l'école %(name)s.", name=school.name), "info")
    for reason, needs in left_out_by_reason(left_out).items():
        flash(_("Non proposé(s), %(reason)s : %(needs)s.", reason=_(REASONS[reason]), needs=needs), "info")
    return redirect(url_for("wizard.step", dossier_id=rec.id, step="budget") + f"#school-{school.id}")
