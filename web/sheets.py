"""Spreadsheets in and out: import schools and budget lines (upload, preview, confirm), the
templates, the budget workbook, and the whole dossier as JSON, down and up.

Between the preview and the confirmation the checked rows travel in a signed, compressed form
field: any process can confirm, and nothing waits in memory or on disk."""

from __future__ import annotations

import json
from pathlib import PurePath

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import SQLAlchemyError

from forms.sheets import ConfirmImportForm, DossierUploadForm, SheetUploadForm
from grants.call import get_call, known_calls
from grants.loader import DossierError, dossier_from_json, dossier_to_data
from grants.text import printable_data
from models import Organisation, db
from services.convert import to_domain
from services.dossiers import evaluated, import_dossier
from services.editing import Conflict
from services.sheets.apply import apply_plan
from services.sheets.columns import LINES, SCHOOLS, columns_for
from services.sheets.dossier_file import too_long
from services.sheets.plan import ADD, CHANGE, SAME, make_plan, simulate
from services.sheets.reading import MAX_BYTES, SheetRefused, read_table
from services.sheets.rows import Parsed, check_rows, parse_table

from .access import dossier_for, policy
from .unit import change

bp = Blueprint("sheets", __name__)

KINDS = {"ecoles": SCHOOLS, "lignes": LINES}
WORDS = {kind: word for word, kind in KINDS.items()}
STEPS = {SCHOOLS: "ecoles", LINES: "budget"}
UPLOADS = {SCHOOLS: "sheets.import_schools", LINES: "sheets.import_lines"}
TOKEN_SALT = "sheets-import"
TOKEN_MAX_AGE = 12 * 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kind(word: str) -> str:
    if word not in KINDS:
        abort(404)
    return KINDS[word]


def _filename(upload) -> str:
    return PurePath((upload.filename or "").replace("\\", "/")).name[:120] or "fichier"


def _download(data: bytes | str, mimetype: str, filename: str) -> Response:
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# Import: upload, preview, confirm ----------------------------------------------------------


@bp.route("/dossiers/<int:dossier_id>/import/ecoles", methods=["GET", "POST"])
@policy("member")
def import_schools(dossier_id: int):
    return _import(dossier_id, SCHOOLS)


@bp.route("/dossiers/<int:dossier_id>/import/lignes", methods=["GET", "POST"])
@policy("member")
def import_lines(dossier_id: int):
    return _import(dossier_id, LINES)


def _import(dossier_id: int, kind: str):
    rec = dossier_for(dossier_id, edit=True)
    form = SheetUploadForm()
    if not form.validate_on_submit():
        return _upload_page(rec, kind, form), 422 if request.method == "POST" else 200
    filename = _filename(form.file.data)
    try:
        table = read_table(form.file.data.read(MAX_BYTES + 1), filename)
        parsed = parse_table(table, kind, get_call(rec.call_id))
    except SheetRefused as refused:
        return _upload_page(rec, kind, form, refused=refused.render(_)), 422
    return _preview(rec, parsed, filename)


def _upload_page(rec, kind: str, form, refused: str | None = None) -> str:
    columns = columns_for(kind, get_call(rec.call_id))
    hints = {c.key: _(c.hint) if c.hint else "" for c in columns}  # they hold "%" signs: no Jinja _()
    return render_template(
        "sheets/import.html",
        rec=rec,
        kind=kind,
        word=WORDS[kind],
        form=form,
        refused=refused,
        columns=columns,
        hints=hints,
        step=STEPS[kind],
    )


def _preview(rec, parsed: Parsed, filename: str, notice: str | None = None):
    call = get_call(rec.call_id)
    plan = make_plan(parsed, rec, call)
    token = _sign(rec, parsed, plan, filename) if plan.applicable else None
    too_big = token is not None and len(token) > _form_limit()
    before, after = simulate(rec, plan, call) if not plan.errors else (None, None)
    page = render_template(
        "sheets/preview.html",
        rec=rec,
        kind=plan.kind,
        word=WORDS[plan.kind],
        plan=plan,
        parsed=parsed,
        filename=filename,
        token=None if too_big else token,
        too_big=too_big,
        notice=notice,
        before=before,
        after=after,
        ADD=ADD,
        CHANGE=CHANGE,
        SAME=SAME,
        step=STEPS[plan.kind],
        confirm_form=ConfirmImportForm(formdata=None),
        shown=500,
        default_vat=call.default_vat_rate,
        call=call,
        errors=sorted((e.row, e.column, e.letter, e.render(_)) for e in plan.errors),
    )
    return page, 422 if plan.errors or too_big else 200


def _form_limit() -> int:
    """The largest form field this application accepts, less room for the rest of the form."""
    return int(current_app.config.get("MAX_FORM_MEMORY_SIZE") or 500_000) - 4096


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def _sign(rec, parsed: Parsed, plan, filename: str) -> str:
    return _serializer().dumps(
        {
            "dossier": rec.id,
            "user": current_user.id,
            "kind": parsed.kind,
            "file": filename,
            "digest": plan.digest(),
            "rows": parsed.rows,
            "headers": parsed.headers,
            "letters": parsed.letters,
        }
    )


def _unsign(token: str, rec, kind: str) -> dict | None:
    try:
        payload = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except BadSignature:
        return None
    ok = (
        payload.get("dossier") == rec.id
        and payload.get("user") == current_user.id
        and payload.get("kind") == kind
    )
    return payload if ok else None


@bp.route("/dossiers/<int:dossier_id>/import/<word>/confirmer", methods=["POST"])
@policy("member", edit=True)
def confirm_import(dossier_id: int, word: str):
    kind = _kind(word)
    rec = dossier_for(dossier_id, edit=True)
    payload = _unsign(request.form.get("token", ""), rec, kind)
    if payload is None:
        flash(
            _(
                "L'aperçu a expiré ou n'est plus valable : envoyez le fichier à nouveau. Rien n'a été importé."
            ),
            "error",
        )
        return redirect(url_for(UPLOADS[kind], dossier_id=rec.id))
    parsed = Parsed(kind, headers=payload["headers"], letters=payload["letters"])
    raw = [(row["_row"], {k: v for k, v in row.items() if k != "_row"}) for row in payload["rows"]]
    parsed = check_rows(raw, kind, get_call(rec.call_id), parsed)
    plan = make_plan(parsed, rec, get_call(rec.call_id))
    if plan.errors or not plan.applicable or plan.digest() != payload["digest"]:
        notice = _(
            "Le dossier a changé depuis l'aperçu : vérifiez à nouveau ce que l'import ajoutera ou "
            "modifiera. Rien n'a été importé."
        )
        return _preview(rec, parsed, payload["file"], notice)[0], 409
    return _apply(rec, plan, payload["file"])


def _apply(rec, plan, filename: str):
    target = url_for(UPLOADS[plan.kind], dossier_id=rec.id)
    try:
        change(apply_plan, plan, filename)
    except Conflict:
        db.session.rollback()
        flash(
            _(
                "Un collègue a modifié une école pendant l'import : rien n'a été importé. Envoyez le "
                "fichier à nouveau pour voir l'aperçu à jour."
            ),
            "error",
        )
        return redirect(target)
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("import of %s into dossier %s failed", plan.kind, rec.id)
        flash(
            _("L'import n'a pas pu être enregistré : rien n'a été importé. Réessayez dans un instant."),
            "error",
        )
        return redirect(target)
    flash(
        _(
            "Import terminé : %(added)s ajout(s), %(changed)s modification(s).",
            added=plan.count(ADD),
            changed=plan.count(CHANGE),
        ),
        "success",
    )
    return redirect(url_for("wizard.step", dossier_id=rec.id, step=STEPS[plan.kind]))


# Downloads ---------------------------------------------------------------------------------


@bp.route("/dossiers/<int:dossier_id>/import/<word>/modele.<fmt>")
@policy("viewer")
def template(dossier_id: int, word: str, fmt: str):
    kind = _kind(word)
    rec = dossier_for(dossier_id)
    call = get_call(rec.call_id)
    name = f"modele-{word}"
    if fmt == "csv":
        from services.sheets import blank  # openpyxl loads with the first workbook, not at start-up

        return _download(blank.template_csv(kind, call), "text/csv; charset=utf-8", f"{name}.csv")
    if fmt == "xlsx":
        schools = [(s.uai, s.name) for s in rec.schools]
        from services.sheets import blank  # openpyxl loads with the first workbook, not at start-up

        return _download(blank.template_xlsx(kind, call, schools, _), XLSX, f"{name}.xlsx")
    abort(404)


@bp.route("/dossiers/<int:dossier_id>/fichiers/budget.xlsx")
@policy("viewer")
def budget_xlsx(dossier_id: int):
    rec = dossier_for(dossier_id)
    from services.sheets import budget_book  # openpyxl loads with the first workbook

    return _download(
        budget_book.budget_workbook(evaluated(rec), _), XLSX, f"budget-{rec.reference or rec.id}.xlsx"
    )


@bp.route("/dossiers/<int:dossier_id>/fichiers/dossier.json")
@policy("viewer")
def dossier_json(dossier_id: int):
    rec = dossier_for(dossier_id)
    # What was stored before the entries refused control characters is written without them.
    text = json.dumps(printable_data(dossier_to_data(to_domain(rec))), ensure_ascii=False, indent=2)
    return _download(text, "application/json; charset=utf-8", f"dossier-{rec.reference or rec.id}.json")


# A JSON dossier to a new draft ------------------------------------------------------------


def _organisation(org_id: int) -> Organisation:
    """A collectivité the current user belongs to (404 otherwise)."""
    if org_id not in current_user.organisation_ids:
        abort(404)
    return db.session.get(Organisation, org_id) or abort(404)


@bp.route("/collectivites/<int:org_id>/dossiers/import", methods=["GET", "POST"])
@policy("member")
@login_required
def upload_dossier(org_id: int):
    org = _organisation(org_id)
    form = DossierUploadForm()
    if not form.validate_on_submit():
        return _dossier_page(org, form), 422 if request.method == "POST" else 200
    data = form.file.data.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return _dossier_page(org, form, [_("Le fichier dépasse 5 Mo.")]), 422
    try:
        dossier = dossier_from_json(data, tuple(known_calls()))
    except DossierError as error:
        return _dossier_page(org, form, error.render(str(get_locale() or "fr"))), 422
    problems = _stored_problems(data, dossier)
    if problems:
        return _dossier_page(org, form, problems), 422
    title = form.title.data or dossier.collectivite.name or _filename(form.file.data)
    try:
        rec = import_dossier(org, current_user, dossier, title[:200], form.practice.data)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("import of a JSON dossier into organisation %s failed", org.id)
        return _dossier_page(
            org,
            form,
            [
                _(
                    "Le dossier n'a pas pu être enregistré : aucun dossier n'a été "
                    "créé. Réessayez dans un instant."
                )
            ],
        ), 422
    flash(
        _("Le dossier « %(title)s » est créé à partir du fichier : vérifiez chaque étape.", title=rec.title),
        "success",
    )
    return redirect(url_for("wizard.step", dossier_id=rec.id, step="recap"))


def _stored_problems(data: bytes, dossier) -> list[str]:
    """What a valid dossier may hold but the database cannot: NUL characters, overlong texts."""
    if b"\\u0000" in data:
        return [_("Le fichier contient un caractère nul (\\u0000) : retirez-le.")]
    return [
        f"{path}: " + _("%(max)s caractères au plus sont acceptés (%(n)s ici)", max=limit, n=n)
        for path, limit, n in too_long(dossier)
    ]


def _dossier_page(org: Organisation, form, errors: list[str] | None = None) -> str:
    return render_template("sheets/upload_dossier.html", org=org, form=form, errors=errors or [])
