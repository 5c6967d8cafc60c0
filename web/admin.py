"""Administration: the inspectors' accounts, their level and the départements they cover."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.review import InspectorForm, ScopeForm, circonscriptions_filter, departements_filter
from models import User, db
from services import accounts
from services import inspectors as accounts_of_inspectors
from services.mail import send_mail

from .access import policy
from .extensions import login_manager

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def _only_administrators():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(403)
    return None


def _inspector(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.is_inspector:
        abort(404)
    return user


@bp.route("/inspecteurs", methods=["GET", "POST"])
@policy("admin")
def inspectors():
    """The inspectors' accounts, and the form that opens one."""
    form = InspectorForm()
    if form.validate_on_submit():
        if accounts.find_user(form.email.data):
            form.email.errors.append(_("Un compte existe déjà avec ce courriel."))
        else:
            return _create(form)
    return render_template(
        "admin/inspectors.html", form=form, people=accounts_of_inspectors.inspectors()
    ), 422 if form.errors else 200


def _create(form: InspectorForm):
    user = accounts_of_inspectors.create_inspector(
        form.email.data, form.name.data, form.level.data, departements_filter(form.departements.data)
    )
    accounts_of_inspectors.set_circonscriptions(
        user, circonscriptions_filter(form.circonscriptions.data, user.departements)
    )
    token = accounts.start_reset(user)
    db.session.commit()
    link = url_for("auth.reset", token=token, _external=True)
    send_mail(
        user.email,
        _("Votre compte d'inspection sur École numérique"),
        _(
            "Un compte vous a été ouvert pour instruire les dossiers des départements %(list)s.\n\n"
            "Choisissez votre mot de passe en ouvrant ce lien (valable une heure) :\n%(link)s",
            list=", ".join(user.departements),
            link=link,
        ),
    )
    flash(
        _(
            "Compte créé pour %(email)s. Lien de choix du mot de passe, à transmettre si le courriel "
            "n'arrive pas : %(link)s",
            email=user.email,
            link=link,
        ),
        "success",
    )
    return redirect(url_for("admin.inspectors"))


@bp.route("/inspecteurs/<int:user_id>", methods=["GET", "POST"])
@policy("admin")
def edit_inspector(user_id: int):
    """Change an inspector's level and départements."""
    user = _inspector(user_id)
    several = len(user.departements) > 1
    form = ScopeForm(
        data={
            "level": user.inspector_level,
            "departements": " ".join(user.departements),
            "circonscriptions": "\n".join(
                f"{c.departement} {c.name}" if several else c.name for c in user.circonscriptions
            ),
        }
    )
    if form.validate_on_submit():
        accounts_of_inspectors.set_scope(user, form.level.data, departements_filter(form.departements.data))
        accounts_of_inspectors.set_circonscriptions(
            user, circonscriptions_filter(form.circonscriptions.data, user.departements)
        )
        db.session.commit()
        flash(_("Compte de %(name)s mis à jour.", name=user.name), "success")
        return redirect(url_for("admin.inspectors"))
    return render_template("admin/inspector.html", form=form, person=user), 422 if form.errors else 200


@bp.route("/inspecteurs/<int:user_id>/activation", methods=["POST"])
@policy("admin")
def toggle_active(user_id: int):
    """Deactivate an inspector's account, or reactivate it."""
    user = _inspector(user_id)
    user.active = not user.active
    db.session.commit()
    flash(
        _("Compte de %(name)s réactivé.", name=user.name)
        if user.active
        else _("Compte de %(name)s désactivé.", name=user.name),
        "success",
    )
    return redirect(url_for("admin.inspectors"))
