"""Sign-up, sign-in, sign-out, password reset, and joining a collectivité by invitation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from forms.accounts import ResetForm, ResetRequestForm, SignInForm, SignUpForm
from models import User, db
from services import accounts, members
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
    return user if user and str(user.session_version) == version else None


def _throttled(email: str) -> bool:
    from flask import current_app

    cfg = current_app.config
    keys = (f"email:{email.lower()}", f"ip:{request.remote_addr}")
    return any(accounts.too_many_attempts(k, cfg["LOGIN_LIMIT"], cfg["LOGIN_WINDOW_MINUTES"]) for k in keys)


def _fail_attempt(email: str) -> None:
    accounts.record_attempt(f"email:{email.lower()}")
    accounts.record_attempt(f"ip:{request.remote_addr}")
    db.session.commit()


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
        if _throttled(form.email.data):
            return render_template("auth/signin.html", form=form, throttled=True), 429
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            _fail_attempt(form.email.data)
            form.password.errors.append(_("Courriel ou mot de passe incorrect."))
        else:
            session.clear()
            login_user(user)
            return redirect(_safe_next(url_for("home.index")))
    return render_template("auth/signin.html", form=form)


@bp.route("/deconnexion", methods=["POST"])
@policy("authenticated")
@login_required
def signout():
    logout_user()
    session.clear()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("auth.signin"))


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@policy("public")
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        if _throttled(form.email.data):
            return render_template("auth/reset_request.html", form=form, throttled=True), 429
        _fail_attempt(form.email.data)  # each request counts, so the form can't flood a mailbox
        user = accounts.find_user(form.email.data)
        if user is not None and user.active:
            token = accounts.start_reset(user)
            db.session.commit()
            link = url_for("auth.reset", token=token, _external=True)
            send_mail(
                user.email,
                _("Réinitialiser votre mot de passe"),
                _(
                    "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n%(link)s\n\n"
                    "Si vous n'avez rien demandé, ignorez ce message.",
                    link=link,
                ),
            )
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
    try:
        members.check_may_accept(invitation, current_user)
    except members.Refused as refused:
        # The page says why (and which address the invitation is for); an acceptance is unprocessable.
        page = render_template("auth/invitation.html", invitation=invitation, refused=refused.render(_))
        return page, 422 if request.method == "POST" else 200
    if request.method == "POST":
        members.join(invitation, current_user)
        db.session.commit()
        flash(_("Vous avez rejoint %(name)s.", name=invitation.organisation.name), "success")
        return redirect(url_for("home.index"))
    return render_template("auth/invitation.html", invitation=invitation, token=token)
