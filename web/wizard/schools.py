"""Steps 2 and 3: the schools, and each school's état des lieux beside its needs."""

from __future__ import annotations

from flask import abort, flash, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.schools import SchoolForm, inventory_form
from grants.identifiers import normalize_uai, uai_check_letter, uai_is_valid
from grants.labels import CATEGORY_LABELS
from grants.needs import school_needs
from models import SchoolRecord, db
from services.directory_check import adopt_directory, with_directory_place
from services.dossiers import refresh
from services.editing import Conflict
from services.schools import SCHOOL_FIELDS, add_school, remove_school, update_inventory, update_school

from ..access import dossier_for, policy
from . import bp
from .common import current_evaluated, render_step, saved, shows, version_of


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
        name: ev.at(f"{prefix}.{name}") for name in ("uai", "name", "kind", "sector", "classes", "pupils")
    }


@shows("ecoles")
def show_schools(rec, form=None, editing: SchoolRecord | None = None, **context):
    form = form or SchoolForm(formdata=None, obj=editing, version=editing.version if editing else 0)
    result = current_evaluated(rec)
    return render_step(
        "ecoles",
        result,
        form=form,
        editing=editing,
        editing_fields=_field_findings(result, editing),
        **context,
    )


@bp.route("/<int:dossier_id>/ecoles/nouvelle", methods=["POST"])
@policy("member")
def add_school_view(dossier_id: int):
    rec = dossier_for(dossier_id, edit=True)
    form = SchoolForm()
    if not form.validate_on_submit():
        return show_schools(rec, form)[0], 422
    school = add_school(
        rec, current_user, with_directory_place({k: getattr(form, k).data for k in SCHOOL_FIELDS})
    )
    result = refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "ecoles", f"school-{school.id}", result=result)


@bp.route("/<int:dossier_id>/ecoles/<int:school_id>", methods=["GET", "POST"])
@policy("viewer", post="member")
def edit_school(dossier_id: int, school_id: int):
    rec = dossier_for(dossier_id, edit=request.method == "POST")
    school = _school(rec, school_id)
    if request.method == "GET":
        return show_schools(rec, editing=school)
    form = SchoolForm()
    if not form.validate_on_submit():
        return show_schools(rec, form, editing=school)[0], 422
    try:
        update_school(
            rec, school, current_user, version_of(form), {k: getattr(form, k).data for k in SCHOOL_FIELDS}
        )
    except Conflict as conflict:
        db.session.rollback()
        rec = dossier_for(dossier_id)
        school = next((s for s in rec.schools if s.id == school_id), None)
        if school is None:
            flash(_("Cette école a été supprimée entre-temps par un collègue."), "error")
            return saved(rec.id, "ecoles")
        form.version.data = school.version
        return show_schools(rec, form, editing=school, conflict=conflict)[0], 409
    result = refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "ecoles", f"school-{school_id}", result=result)


@bp.route("/<int:dossier_id>/ecoles/<int:school_id>/supprimer", methods=["POST"])
@policy("member")
def delete_school(dossier_id: int, school_id: int):
    rec = dossier_for(dossier_id, edit=True)
    school = _school(rec, school_id)
    removed = remove_school(rec, school, current_user)
    refresh(rec, current_user)
    db.session.commit()
    flash(
        _(
            "L'école %(name)s est retirée du dossier, avec %(n)s ligne(s) de budget.",
            name=school.name,
            n=removed,
        ),
        "success",
    )
    return saved(rec.id, "ecoles")


@bp.route("/<int:dossier_id>/ecoles/<int:school_id>/annuaire", methods=["POST"])
@policy("member")
def adopt_directory_view(dossier_id: int, school_id: int):
    """The team confirms: the school takes the directory's name, kind, sector and commune."""
    rec = dossier_for(dossier_id, edit=True)
    school = _school(rec, school_id)
    try:
        changes = adopt_directory(rec, school, current_user, version_of(SchoolForm()))
    except Conflict:
        db.session.rollback()
        flash(
            _("Un collègue vient de modifier cette école : vérifiez-la, puis confirmez de nouveau."), "error"
        )
        return saved(dossier_id, "ecoles", f"school-{school_id}")
    if changes is None:
        flash(_("Cette école n'est pas (ou plus) dans l'annuaire chargé."), "error")
        return saved(rec.id, "ecoles", f"school-{school_id}")
    result = refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "ecoles", f"school-{school_id}", result=result)


@bp.route("/verifier-uai")
@policy("authenticated")
@login_required
def check_uai():
    """As-you-type check of a UAI (the server's verdict, the same rule as on save)."""
    value = normalize_uai(request.args.get("uai", ""))
    if uai_is_valid(value):
        return jsonify(valid=True, message=_("UAI valide."))
    if len(value) == 8 and value[:7].isdigit():
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


def _inventory_rows(result, posted: dict | None = None) -> dict:
    """Per school: its version and, per item, the value shown and its errors. Only a posted
    form is a WTForms object; the others are plain values (80 schools × 13 items render fast)."""
    codes = _inventory_codes(result)
    rows = {}
    for school in result.record.schools:
        if posted and posted.get("id") == school.id:
            form = posted["form"]
            rows[school.id] = {
                "version": form.version.data,
                "errors": dict(form.errors),
                "values": {c: form[f"inv_{c}"]._value() for c in codes},
            }
        else:
            inventory = school.inventory or {}
            rows[school.id] = {
                "version": school.version,
                "errors": {},
                "values": {c: inventory.get(c, 0) for c in codes},
            }
    return rows


@shows("etat")
def show_inventory(rec, posted: dict | None = None, **context):
    result = current_evaluated(rec)
    needs = {
        s.id: school_needs(d, result.call) for s, d in zip(rec.schools, result.dossier.schools, strict=True)
    }
    return render_step(
        "etat",
        result,
        rows=_inventory_rows(result, posted),
        needs=needs,
        codes=_inventory_codes(result),
        **context,
    )


@bp.route("/<int:dossier_id>/etat/<int:school_id>", methods=["POST"])
@policy("member")
def save_inventory(dossier_id: int, school_id: int):
    rec = dossier_for(dossier_id, edit=True)
    school = _school(rec, school_id)
    result = current_evaluated(rec)
    codes = _inventory_codes(result)
    form = inventory_form(codes, {c: _(CATEGORY_LABELS[c]) for c in codes}, formdata=request.form)
    if not form.validate_on_submit():
        return show_inventory(rec, posted={"id": school.id, "form": form})[0], 422
    inventory = {c: getattr(form, f"inv_{c}").data for c in codes if getattr(form, f"inv_{c}").data}
    try:
        update_inventory(rec, school, current_user, version_of(form), inventory)
    except Conflict as conflict:
        db.session.rollback()
        rec = dossier_for(dossier_id)
        school = next((s for s in rec.schools if s.id == school_id), None)
        if school is None:
            flash(_("Cette école a été supprimée entre-temps par un collègue."), "error")
            return saved(rec.id, "etat")
        form.version.data = school.version  # the typed numbers stay, to be sent again knowingly
        return show_inventory(rec, posted={"id": school.id, "form": form}, conflict=conflict)[0], 409
    refresh(rec, current_user)
    db.session.commit()
    return saved(rec.id, "etat", f"school-{school_id}")
