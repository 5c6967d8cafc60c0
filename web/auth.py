"""Sign-up, sign-in, sign-out, password reset, and joining a collectivité by invitation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from forms.accounts import ResetForm, ResetRequestForm, SignInForm, SignUpForm
from models import User, db
from services import accounts
from services.links import external_url
from services.mail import send_mail

from .access import policy
from .extensions import login_manager
from .security import local_target

bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.signin"
login_manager.login_message = None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    uid, _sep, version = user_id.partition(":")
    if not uid.isdigit():
        return None
    user = db.session.get(User, int(uid))
    # An inactive account, or a session older than the last sign-out, password change or
    # deactivation (each bumps the version), is no session at all.
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


def _attempt_keys(email: str) -> tuple[str, str]:
    return f"email:{email.strip().lower()}", f"ip:{request.remote_addr}"


def _claim_try(email: str) -> list[int] | None:
    """Count this try before the password is checked, committed at once, then count: of tries
    sent at the same instant, only the first `LOGIN_LIMIT` see a count within the limit (each
    sees at least every try committed before its own). None when over the limit."""
    from flask import current_app

    cfg = current_app.config
    keys = _attempt_keys(email)
    ids = accounts.record_attempts(keys)
    db.session.commit()
    if accounts.over_limit(keys, cfg["LOGIN_LIMIT"], cfg["LOGIN_WINDOW_MINUTES"]):
        return None
    return ids


def _safe_next(default: str) -> str:
    return local_target(request.args.get("next", ""), default)


@bp.route("/inscription", methods=["GET", "POST"])
@policy("public")
def signup():
    form = SignUpForm()
    if form.validate_on_submit():
        if accounts.find_user(form.email.data):
            form.email.errors.append(_("Un compte existe déjà avec ce courriel : connectez-vous."))
        else:
            try:
                user = accounts.create_user(
                    form.email.data, form.name.data, form.password.data, session.get("lang", "fr")
                )
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.email.errors.append(_("Un compte existe déjà avec ce courriel : connectez-vous."))
            else:
                login_user(user)
                return redirect(_safe_next(url_for("home.index")))
    return render_template("auth/signup.html", form=form)


@bp.route("/connexion", methods=["GET", "POST"])
@policy("public")
def signin():
    form = SignInForm()
    if form.validate_on_submit():
        claimed = _claim_try(form.email.data)
        if claimed is None:
            return render_template("auth/signin.html", form=form, throttled=True), 429
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Courriel ou mot de passe incorrect."))
        else:
            accounts.forget_attempts(claimed)  # a success is not a failure
            db.session.commit()
            session.clear()
            login_user(user)
            return redirect(_safe_next(url_for("home.index")))
    return render_template("auth/signin.html", form=form)


@bp.route("/deconnexion", methods=["POST"])
@policy("authenticated")
@login_required
def signout():
    # Every session of the account ends, on every device: the version in their cookies is old.
    accounts.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("auth.signin"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@policy("public")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        # Each request counts, so the form can't flood a mailbox.
        if _claim_try(form.email.data) is None:
            return render_template("auth/reset_request.html", form=form, throttled=True), 429
        user = accounts.find_user(form.email.data)
        if user is not None and user.active:
            token = accounts.start_reset(user)
            link = external_url("auth.reset", token=token)
            send_mail(
                user.email,
                _("Réinitialiser votre mot de passe"),
                _(
                    "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n%(link)s\n\n"
                    "Si vous n'avez rien demandé, ignorez ce message.",
                    link=link,
                ),
            )
            db.session.commit()  # the change and its e-mail, together
        flash(
            _("Si un compte existe avec ce courriel, un lien de réinitialisation vient d'y être envoyé."),
            "info",
        )
        return redirect(url_for("auth.signin"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/mot-de-passe/<token>", methods=["GET", "POST"])
@policy("public")
def reset(token: str):
    pending = accounts.open_reset(token)
    if pending is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetForm()
    if form.validate_on_submit():
        accounts.finish_reset(pending, form.password.data)
        db.session.commit()
        flash(_("Votre mot de passe est changé : connectez-vous."), "success")
        return redirect(url_for("auth.signin"))
    return render_template("auth/reset.html", form=form)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@policy("public")
def invitation(token: str):
    invitation = accounts.open_invitation(token)
    if invitation is None:
        return render_template("auth/invitation_invalid.html"), 404
    if not current_user.is_authenticated:
        return render_template("auth/invitation.html", invitation=invitation, token=token)
    if request.method == "POST":
        accounts.accept_invitation(invitation, current_user)
        db.session.commit()
        flash(_("Vous avez rejoint %(name)s.", name=invitation.organisation.name), "success")
        return redirect(url_for("home.index"))
    return render_template("auth/invitation.html", invitation=invitation, token=token)
