"""Administration: the inspectors' accounts, their level and the départements they cover; the
outgoing e-mail and its state; the log of the administrators' actions."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from forms.review import InspectorForm, ScopeForm, circonscriptions_filter, departements_filter
from grants.params import of_name
from models import OutboxMail, User, db
from models.mail import MAIL_STATES
from services import accounts, admin_log, jobs, twofactor
from services import inspectors as accounts_of_inspectors
from services import mail as outbox
from services.links import external_url
from services.mail import send_mail

from .access import policy
from .extensions import login_manager
from .templating import locale

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
    admin_log.record(
        current_user,
        "inspector_created",
        user,
        f"{user.inspector_level.upper()} {', '.join(user.departements)}",
    )
    link = external_url("auth.reset", token=token)
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
    db.session.commit()  # the change and its e-mail, together
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
        before = f"{user.inspector_level.upper()} {', '.join(user.departements)}"
        accounts_of_inspectors.set_scope(user, form.level.data, departements_filter(form.departements.data))
        accounts_of_inspectors.set_circonscriptions(
            user, circonscriptions_filter(form.circonscriptions.data, user.departements)
        )
        circonscriptions = ", ".join(c.name for c in user.circonscriptions)
        after = f"{user.inspector_level.upper()} {', '.join(user.departements)}" + (
            f" ({circonscriptions})" if circonscriptions else ""
        )
        admin_log.record(current_user, "scope_changed", user, f"{before} → {after}")
        db.session.commit()
        flash(_("Compte %(of_name)s mis à jour.", of_name=of_name(user.name, locale())), "success")
        return redirect(url_for("admin.inspectors"))
    return render_template("admin/inspector.html", form=form, person=user), 422 if form.errors else 200


@bp.route("/inspecteurs/<int:user_id>/activation", methods=["POST"])
@policy("admin")
def toggle_active(user_id: int):
    """Deactivate an inspector's account, or reactivate it."""
    user = _inspector(user_id)
    accounts.set_active(user, not user.active)
    admin_log.record(current_user, "reactivated" if user.active else "deactivated", user)
    db.session.commit()
    flash(
        _("Compte %(of_name)s réactivé.", of_name=of_name(user.name, locale()))
        if user.active
        else _("Compte %(of_name)s désactivé.", of_name=of_name(user.name, locale())),
        "success",
    )
    return redirect(url_for("admin.inspectors"))


@bp.route("/courriels")
@policy("admin")
def mails():
    """Outgoing e-mail: what waits, what left, what failed (the bodies are not shown: they may
    hold a reset link)."""
    state = request.args.get("etat", "")
    query = sa.select(OutboxMail).order_by(OutboxMail.id.desc()).limit(500)
    if state in MAIL_STATES:
        query = query.where(OutboxMail.status == state)
    else:
        state = ""
    return render_template(
        "admin/mails.html",
        mails=db.session.scalars(query).all(),
        counts=outbox.counts(),
        state=state,
        queue=jobs.queue_state(),
    )


@bp.route("/courriels/<int:mail_id>/renvoyer", methods=["POST"])
@policy("admin")
def retry_mail(mail_id: int):
    """Send a failed (or waiting) e-mail again, now."""
    mail = db.session.get(OutboxMail, mail_id)
    if mail is None:
        abort(404)
    if mail.status in ("sent", "logged"):
        flash(_("Ce courriel est déjà parti."), "info")
        return redirect(url_for("admin.mails"))
    outbox.retry(mail)
    admin_log.record(current_user, "mail_retried", None, f"{mail.to_address} : {mail.subject}")
    db.session.commit()
    flash(_("Le courriel à %(email)s repart.", email=mail.to_address), "success")
    return redirect(url_for("admin.mails"))


@bp.route("/journal")
@policy("admin")
def journal():
    """What the administrators did, latest first."""
    return render_template("admin/journal.html", entries=admin_log.entries(), actions=admin_log.ACTIONS)


@bp.route("/inspecteurs/<int:user_id>/double-authentification", methods=["POST"])
@policy("admin")
def reset_second_factor(user_id: int):
    """A lost phone: the inspector enrols a new authenticator at the next sign-in."""
    user = _inspector(user_id)
    twofactor.reset(user)
    admin_log.record(current_user, "second_factor_reset", user)
    db.session.commit()
    flash(
        _(
            "Double authentification %(of_name)s réinitialisée : ses sessions sont fermées ; à sa prochaine "
            "connexion, la personne active une nouvelle application.",
            of_name=of_name(user.name, locale()),
        ),
        "success",
    )
    return redirect(url_for("admin.inspectors"))


from . import admin_sessions  # noqa: E402,F401  (the calls' sessions, on this blueprint)
