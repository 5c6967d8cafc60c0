"""Steps 2 and 3: the schools, and each school's état des lieux beside its needs."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from forms.fields import apply_wording
from forms.schools import SchoolForm, inventory_form
from grants.identifiers import is_ascii_digits, normalize_uai, uai_check_letter, uai_is_valid
from grants.labels import CATEGORY_LABELS, SCHOOL_KIND_LABELS, SECTOR_LABELS
from grants.needs import school_needs
from models import SchoolRecord
from services.directory_check import STALE, adopt_directory, with_directory_place
from services.dossiers import evaluated_now
from services.editing import Deleted
from services.references import directory_schools
from services.schools import SCHOOL_FIELDS, add_school, remove_school, update_inventory, update_school
from services.steps import index_of, step_of

from ..access import current_dossier, policy
from ..unit import change
from . import bp
from .common import (
    SHOW,
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


def _school(rec, school_id: int) -> SchoolRecord:
    school = next((s for s in rec.schools if s.id == school_id), None)
    if school is None:
        abort(404)
    return school


def _field_findings(result, editing: SchoolRecord | None) -> dict[str, list]:
    """The findings of the school being edited, by field of its form (`schools[2].uai` → uai)."""
    if editing is None or editing not in result.record.schools:
        return {}
    ev, prefix = result.evaluation, f"schools[{result.record.schools.index(editing)}]"
    return {
        name: ev.at(f"{prefix}.{name}")
        for name in ("uai", "name", "kind", "sector", "classes", "pupils", "commune")
    }


@shows("ecoles")
def show_schools(rec, form=None, editing: SchoolRecord | None = None, **context):
    form = form or SchoolForm(formdata=None, obj=editing, version=editing.version if editing else 0)
    result = current_evaluated(rec)
    apply_wording(form, result.call, "school")
    return render_step(
        "ecoles",
        result,
        form=form,
        editing=editing,
        editing_fields=_field_findings(result, editing),
        **context,
    )


@bp.route("/<int:dossier_id>/ecoles/nouvelle", methods=["POST"])
@policy("member", edit=True)
def add_school_view(dossier_id: int):
    form = SchoolForm()
    if not form.validate_on_submit():
        return show_schools(current_dossier(), form)[0], 422
    # Typed by hand: the directory adds the commune and circonscription of a UAI it knows.
    outcome = change(add_school, with_directory_place({k: getattr(form, k).data for k in SCHOOL_FIELDS}))
    anchor = f"school-{outcome.value.id}"
    return saved(outcome.record.id, "ecoles", anchor, result=evaluated_now(outcome.record))


def _school_deleted(rec, deleted: Deleted, step: str, **context):
    return SHOW[step](
        rec,
        deleted=deleted,
        deleted_title=_("L'école « %(name)s » a été retirée du dossier par un collègue", name=deleted.label),
        **context,
    )[0], 409


@bp.route("/<int:dossier_id>/ecoles/<int:school_id>", methods=["GET", "POST"])
@policy("viewer", post="member", edit=True)
def edit_school(dossier_id: int, school_id: int):
    rec = current_dossier()
    if request.method == "GET":
        return show_schools(rec, editing=_school(rec, school_id))
    school = present(rec, "school", school_id)
    form = SchoolForm()
    if isinstance(school, Deleted):
        form.validate()
        form.version.data = 0
        return _school_deleted(rec, school, "ecoles", form=form, recreate=True)
    if not form.validate_on_submit():
        return show_schools(rec, form, editing=school)[0], 422
    values = {k: getattr(form, k).data for k in SCHOOL_FIELDS}
    outcome = change(
        update_school, school_id, version_of(form), values, **merge_inputs(request.form, SCHOOL_FIELDS)
    )
    school = _school(outcome.record, school_id)
    return answer(
        outcome,
        "ecoles",
        "school",
        lambda rec, **ctx: show_schools(
            rec, refill(form, school, outcome, SCHOOL_FIELDS), editing=school, **ctx
        ),
        f"school-{school_id}",
    )


@bp.route("/<int:dossier_id>/ecoles/<int:school_id>/supprimer", methods=["POST"])
@policy("member", edit=True)
def delete_school(dossier_id: int, school_id: int):
    outcome = change(remove_school, school_id)
    if outcome.deleted:
        flash(_("L'école « %(name)s » était déjà retirée.", name=outcome.deleted.label), "info")
        return redirect(url_for("wizard.step", dossier_id=outcome.record.id, step="ecoles"))
    name, removed = outcome.value
    flash(
        _("L'école %(name)s est retirée du dossier, avec %(n)s ligne(s) de budget.", name=name, n=removed),
        "success",
    )
    return saved(outcome.record.id, "ecoles")


@bp.route("/<int:dossier_id>/ecoles/<int:school_id>/annuaire", methods=["POST"])
@policy("member", edit=True)
def adopt_directory_view(dossier_id: int, school_id: int):
    """The team confirms: the school takes the directory's name, kind, sector and commune."""
    outcome = change(adopt_directory, school_id, version_of(SchoolForm()))
    if outcome.deleted:
        flash(
            _("L'école « %(name)s » a été retirée du dossier par un collègue.", name=outcome.deleted.label),
            "error",
        )
        return redirect(url_for("wizard.step", dossier_id=outcome.record.id, step="ecoles"))
    anchor = f"school-{school_id}"
    if outcome.value == STALE:
        flash(
            _("Un collègue vient de modifier cette école : vérifiez-la, puis confirmez de nouveau."), "error"
        )
        return redirect(url_for("wizard.step", dossier_id=outcome.record.id, step="ecoles") + f"#{anchor}")
    if outcome.value is None:
        flash(_("Cette école n'est pas (ou plus) dans l'annuaire chargé."), "error")
        return redirect(url_for("wizard.step", dossier_id=outcome.record.id, step="ecoles") + f"#{anchor}")
    return saved(outcome.record.id, "ecoles", anchor, result=evaluated_now(outcome.record))


@bp.route("/verifier-uai")
@policy("authenticated")
@login_required
def check_uai():
    """As-you-type check of a UAI (the server's verdict, the same rule as on save)."""
    value = normalize_uai(request.args.get("uai", ""))
    if uai_is_valid(value):
        known = directory_schools([value]).get(value)
        if known is None:
            return jsonify(valid=True, message=_("UAI valide."))
        # A school of the loaded directory: the team may take its description before adding it.
        kind, sector = SCHOOL_KIND_LABELS.get(known.kind), SECTOR_LABELS.get(known.sector)
        return jsonify(
            valid=True,
            message=_(
                "UAI valide : dans l'annuaire de l'éducation, %(name)s, à %(commune)s (%(kind)s, %(sector)s).",
                name=known.name,
                commune=known.commune or "?",
                kind=_(kind) if kind else known.kind,
                sector=_(sector) if sector else known.sector,
            ),
            directory={
                "name": known.name,
                "kind": known.kind,
                "sector": known.sector,
                "commune": known.commune,
            },
            take=_("Reprendre les données de l'annuaire"),
            taken=_(
                "Nom, type, secteur et commune repris de l'annuaire : vérifiez-les, puis enregistrez l'école."
            ),
        )
    if len(value) == 8 and is_ascii_digits(value[:7]):
        return jsonify(
            valid=False,
            message=_(
                "UAI invalide : avec ces 7 chiffres, la lettre de contrôle est « %(letter)s ».",
                letter=uai_check_letter(value[:7]),
            ),
        )
    return jsonify(valid=False, message=_("UAI invalide : 7 chiffres puis une lettre, par exemple 0750655E."))


def _inventory_codes(result) -> list[str]:
    return [code for code, cat in result.call.categories.items() if cat.volet == 1]


def _inventory_row(result, school: SchoolRecord, posted: dict | None = None) -> dict:
    """The shown school's version and, per item, the value shown and its errors (a posted form's
    when the page answers that form)."""
    codes = _inventory_codes(result)
    if posted and posted.get("id") == school.id:
        form = posted["form"]
        return {
            "version": form.version.data,
            "errors": dict(form.errors),
            "values": {c: form[f"inv_{c}"]._value() for c in codes},
        }
    inventory = school.inventory or {}
    return {"version": school.version, "errors": {}, "values": {c: inventory.get(c, 0) for c in codes}}


def _shown_school(rec, asked) -> SchoolRecord | None:
    """The school the état des lieux shows: the one asked (`?ecole=`), else the first."""
    school = next((s for s in rec.schools if str(s.id) == str(asked)), None) if asked else None
    return school or (rec.schools[0] if rec.schools else None)


@shows("etat")
def show_inventory(rec, posted: dict | None = None, shown: int | None = None, **context):
    """The état des lieux, one school at a time: the summary of every school (its needs and the
    points to check), then the shown school's form."""
    result = current_evaluated(rec)
    school = _shown_school(rec, shown or (posted or {}).get("id") or request.args.get("ecole"))
    all_needs = [school_needs(d, result.call) for d in result.dossier.schools]
    points = [0] * len(rec.schools)
    for finding in result.evaluation.findings:
        index = index_of(finding.path, "schools")
        if index is not None and index < len(points) and step_of(finding) == "etat":
            points[index] += 1
    summary = [
        (s, sum(1 for n in needs.values() if n), points[i])
        for i, (s, needs) in enumerate(zip(rec.schools, all_needs, strict=True))
    ]
    index = rec.schools.index(school) if school is not None else None
    mine = f"schools[{index}]"
    return render_step(
        "etat",
        result,
        school=school,
        school_index=index,
        summary=summary,
        row=_inventory_row(result, school, posted) if school is not None else None,
        needs=all_needs[index] if school is not None else {},
        codes=_inventory_codes(result),
        # The other schools' points are counted in the summary.
        shown_findings=lambda found: [
            f for f in found if not f.path.startswith("schools[") or f.path.split(".")[0] == mine
        ],
        **context,
    )


@bp.route("/<int:dossier_id>/etat/<int:school_id>", methods=["POST"])
@policy("member", edit=True)
def save_inventory(dossier_id: int, school_id: int):
    rec = current_dossier()
    codes = _inventory_codes(current_evaluated(rec))
    form = inventory_form(codes, {c: _(CATEGORY_LABELS[c]) for c in codes}, formdata=request.form)
    school = present(rec, "school", school_id)
    if isinstance(school, Deleted):
        typed = [
            (_(CATEGORY_LABELS[c]), form[f"inv_{c}"]._value()) for c in codes if form[f"inv_{c}"]._value()
        ]
        return _school_deleted(rec, school, "etat", typed=typed)
    if not form.validate_on_submit():
        return show_inventory(rec, posted={"id": school.id, "form": form})[0], 422
    inventory = {c: getattr(form, f"inv_{c}").data for c in codes if getattr(form, f"inv_{c}").data}
    outcome = change(
        update_inventory, school_id, version_of(form), inventory, **merge_inputs(request.form, ["inventory"])
    )
    if outcome.conflicts:
        stored = _school(outcome.record, school_id)
        form.version.data = stored.version
        # The form now holds what is stored (the items merged from both people) with this
        # person's numbers on the items both changed: keeping « mine » changes those alone.
        clashing = {
            code: n for c in outcome.conflicts if c.field == "inventory" for code, n in c.mine.items()
        }
        for code in codes:
            number = clashing.get(code, (stored.inventory or {}).get(code, 0))
            form[f"inv_{code}"].data, form[f"inv_{code}"].raw_data = number, [str(number)]
        posted = {"id": school_id, "form": form}
        return show_inventory(
            outcome.record, posted=posted, conflicts=outcome.conflicts, conflict_part="school"
        )[0], 409
    return answer(outcome, "etat", "school", show_inventory, f"school-{school_id}", ecole=school_id)
