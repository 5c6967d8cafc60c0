"""The school directory in the Schools step: suggestions as one types (JSON), a search page and
a commune's schools to tick without JavaScript, and adding picked schools to the dossier."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from forms.schools import SchoolForm
from grants.call import get_call
from grants.identifiers import normalize_uai
from grants.labels import SCHOOL_KIND_LABELS, SECTOR_LABELS
from services import directory
from services.directory_picks import (
    Flag,
    Pick,
    add_from_directory,
    add_picked,
    dossier_notes,
    picks,
    rentree_of,
)
from services.schools import SCHOOL_FIELDS

from .access import current_dossier, dossier_for, policy
from .security import id_from_text
from .templating import call_text, label
from .unit import change
from .wizard.common import saved

bp = Blueprint("directory", __name__)
MAX_QUERY = 200
COMMUNE_CODE, UAI_SHAPE = re.compile(r"[0-9][0-9AB][0-9]{3}"), re.compile(r"[0-9]{7}[A-Z]")


@bp.app_template_global("directory_notes")
def _notes(rec):
    """What the directory says about the dossier's schools (for the Schools step's picker)."""
    return dossier_notes(rec)


@bp.app_template_filter("flag_text")
def flag_text(flag: Flag) -> str:
    """A flag's sentence in the page's language."""
    return _(flag.message, **flag.params)


def figures_text(pick: Pick, call=None) -> str:
    """`5 classes et 120 élèves de cycles 2 et 3, rentrée 2020 (classes estimées)`: what the
    call counts, in its words (`directory.figures` of its `[wording]`)."""
    f = pick.figures
    if f is None:
        return _("Effectifs non publiés")
    figures = {"classes": f.classes, "pupils": f.pupils, "year": f.rentree}
    text = call_text(
        call,
        "directory.figures",
        _("%(classes)s classe(s) et %(pupils)s élève(s), rentrée %(year)s", **figures),
        **figures,
    )
    return text + (" " + _("(classes estimées)") if f.estimated else "")


def pick_json(pick: Pick, call=None) -> dict:
    """A suggestion: what to show, and the values of the add-school form's fields."""
    s = pick.school
    values = {
        "uai": s.uai,
        "name": s.name,
        "kind": s.kind,
        "sector": s.sector,
        "classes": pick.figures.classes if pick.figures else "",
        "pupils": pick.figures.pupils if pick.figures else "",
        "commune": s.commune or "",
    }
    return {
        "uai": s.uai,
        "name": s.name,
        "commune": s.commune,
        "commune_code": s.commune_code,
        "departement": s.departement,
        "kind": s.kind,
        "sector": s.sector,
        "contract": s.contract,
        "circonscription": s.circonscription,
        "siret": s.siret,
        "eligible": pick.eligible,
        "in_dossier": pick.in_dossier,
        "estimated": bool(pick.figures and pick.figures.estimated),
        "rentree": pick.figures.rentree if pick.figures else None,
        "fields": values,
        "detail": " · ".join(
            filter(
                None,
                [
                    s.uai,
                    s.commune,
                    label(SCHOOL_KIND_LABELS, s.kind),
                    label(SECTOR_LABELS, s.sector),
                    s.contract.capitalize(),
                    s.circonscription,
                ],
            )
        ),
        "figures": figures_text(pick, call),
        "flags": [{"severity": f.severity, "text": flag_text(f)} for f in pick.flags]
        + ([{"severity": "info", "text": _("Déjà dans le dossier.")}] if pick.in_dossier else []),
        "picked": _(
            "Formulaire rempli d'après l'annuaire : %(figures)s. Vérifiez, corrigez si besoin, "
            "puis ajoutez l'école.",
            figures=figures_text(pick, call),
        ),
    }


@bp.route("/annuaire/recherche")
@policy("authenticated")
@login_required
def search():
    """Suggestions for a UAI, a school or a commune; with `dossier`, for that dossier's call."""
    wanted = request.args.get("dossier")
    rec = dossier_for(id_from_text(wanted) or abort(404)) if wanted else None
    call = get_call(rec.call_id) if rec else None
    found = picks(
        directory.search(request.args.get("q", "")[:MAX_QUERY], rec.departement if rec else ""), call, rec
    )
    return jsonify(
        results=[pick_json(p, call) for p in found],
        rentree=rentree_of(call),
        message=_count_message(len(found)),
        source=_("Source : ministère de l'Éducation nationale, Annuaire de l'éducation, Licence Ouverte"),
    )


def _count_message(count: int) -> str:
    if not count:
        return _("Aucune école trouvée : vérifiez l'orthographe, ou saisissez l'école à la main.")
    return ngettext("%(num)d école trouvée.", "%(num)d écoles trouvées.", count)


def _selected_communes(rec) -> list[str]:
    codes = [
        c.strip().upper()
        for c in request.args.getlist("commune")
        if COMMUNE_CODE.fullmatch(c.strip().upper())
    ]
    if not codes and not request.args and rec.insee:
        codes = [rec.insee]  # first visit: the collectivité's own commune
    return list(dict.fromkeys(codes))[:50]


@bp.route("/dossiers/<int:dossier_id>/annuaire")
@policy("member")
def find(dossier_id: int):
    """Search the directory, or list the schools of chosen communes to tick them."""
    rec = dossier_for(dossier_id, edit=True)
    call = get_call(rec.call_id)
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    commune_query = request.args.get("commune_q", "").strip()[:MAX_QUERY]
    selected = directory.communes_by_code(_selected_communes(rec))
    chosen = {c.code for c in selected}
    matched = [c for c in directory.communes(commune_query) if c.code not in chosen]
    return render_template(
        "directory/find.html",
        rec=rec,
        call=call,
        query=query,
        commune_query=commune_query,
        results=picks(directory.search(query, rec.departement), call, rec) if query else None,
        selected=selected,
        matched=matched,
        loaded=directory.is_loaded(),
        rentree=rentree_of(call),
        commune_schools=picks(directory.schools_in(chosen), call, rec) if chosen else [],
    )


def _flash_added(added: list, refused: list[str]) -> None:
    if added:
        flash(
            ngettext(
                "%(num)d école ajoutée depuis l'annuaire : vérifiez ses classes et ses élèves.",
                "%(num)d écoles ajoutées depuis l'annuaire : vérifiez leurs classes et leurs élèves.",
                len(added),
            ),
            "success",
        )
    if refused:
        flash(
            _(
                "Non ajoutées (déjà dans le dossier, ou absentes de l'annuaire) : %(uais)s.",
                uais=", ".join(refused),
            ),
            "error",
        )


@bp.route("/dossiers/<int:dossier_id>/annuaire/ajouter", methods=["POST"])
@policy("member", edit=True)
def add(dossier_id: int):
    """Add the ticked schools (or the one whose « Ajouter » was pressed) with their figures."""
    rec = current_dossier()
    uais = [u for u in map(normalize_uai, request.form.getlist("uai")) if UAI_SHAPE.fullmatch(u)][:500]
    if not uais:
        flash(_("Cochez au moins une école à ajouter."), "error")
        return redirect(request.referrer or url_for("directory.find", dossier_id=rec.id))
    added, refused = change(add_from_directory, uais, get_call(rec.call_id)).value
    _flash_added(added, refused)
    return redirect(url_for("wizard.step", dossier_id=rec.id, step="ecoles") + "#school-form")


@bp.route("/dossiers/<int:dossier_id>/annuaire/fiche", methods=["POST"])
@policy("member", edit=True)
def add_from_form(dossier_id: int):
    """The add-school form once a suggestion filled it (and the team checked or corrected it)."""
    from .wizard.schools import show_schools

    rec = current_dossier()
    form = SchoolForm()
    if not form.validate_on_submit():
        return show_schools(rec, form)[0], 422
    change(add_picked, {k: getattr(form, k).data for k in SCHOOL_FIELDS}, get_call(rec.call_id))
    return saved(rec.id, "ecoles")
