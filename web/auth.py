"""Sign-up, sign-in (with the second factor of inspectors and administrators), sign-out on every
device, password reset, and joining a collectivité by invitation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from forms.accounts import CodeForm, ResetForm, ResetRequestForm, SignInForm, SignUpForm
from grants.i18n import LOCALES
from models import User, db
from models.base import utcnow
from services import accounts, members, twofactor
from services.links import external_url
from services.mail import send_mail

from .access import policy
from .extensions import login_manager
from .security import local_target


def fresh_session() -> None:
    """A new session (nothing of the previous one carries over, against session fixation),
    except the language the person chose on the page."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.signin"
login_manager.login_message = None


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    uid, _sep, version = user_id.partition(":")
    if not (uid.isascii() and uid.isdigit() and len(uid) <= 18):
        return None
    # The account alone, its memberships as the model loads them. Loading them in the same query
    # (joinedload(User.memberships), lazyload(User.scopes)) saved one statement a page but made
    # freshly forked gunicorn workers die of SIGSEGV during a garbage collection on SQLite
    # (6-10 in 100 sign-ins, none without it): not worth a statement.
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
                # The account speaks the language the person signed up in (chosen on the page,
                # else the browser's, else French), as an inspector's enrolment does: the pages
                # after sign-up and the e-mails do not switch to French behind their back.
                user = accounts.create_user(
                    form.email.data, form.name.data, form.password.data, _reading_locale()
                )
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                form.email.errors.append(_("Un compte existe déjà avec ce courriel : connectez-vous."))
            else:
                login_user(user)
                # The confirmation takes the focus on the next page (base.html's flashes).
                flash(
                    _(
                        "Votre compte est créé et vous êtes connecté(e) : bienvenue, %(name)s.",
                        name=user.name,
                    ),
                    "success",
                )
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
            fresh_session()
            if user.needs_second_factor:
                return _second_step(user, _safe_next(url_for("home.index")))
            login_user(user)
            return redirect(_safe_next(url_for("home.index")))
    return render_template("auth/signin.html", form=form)


# The second factor. Between the password and the code, the session holds only who is signing
# in (the account, its session version, since when): nobody is signed in yet.
PENDING = "second_factor_pending"
PASSED = "second_factor"
PENDING_MINUTES = 10


def _reading_locale() -> str:
    shown = str(get_locale() or "fr")
    return shown if shown in LOCALES else "fr"


def _second_step(user: User, target: str):
    # The enrolment and the recovery codes stay in the language the person is reading (the
    # browser's, on a first visit), not the account's stored one once signed in.
    if session.get("lang") not in LOCALES:
        session["lang"] = _reading_locale()
    session[PENDING] = {
        "uid": user.id,
        "version": user.session_version,
        "since": utcnow().timestamp(),
        "next": target,
    }
    return redirect(url_for("auth.second_factor" if user.totp_secret else "auth.enrol"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    user = db.session.get(User, int(pending.get("uid", 0)))
    fresh = utcnow().timestamp() - float(pending.get("since", 0)) < PENDING_MINUTES * 60
    if user is None or not user.active or user.session_version != pending.get("version") or not fresh:
        return None
    return user


def _signed_in_with_second_factor(user: User):
    target = local_target(session.get(PENDING, {}).get("next", ""), url_for("home.index"))
    fresh_session()
    login_user(user)
    session[PASSED] = True
    return target


def _expired():
    session.pop(PENDING, None)
    flash(_("La connexion a expiré : saisissez à nouveau votre mot de passe."), "info")
    return redirect(url_for("auth.signin"))


def _claim_code_try(user: User) -> list[int] | None:
    from flask import current_app

    cfg = current_app.config
    keys = (f"second-factor:{user.id}", f"ip:{request.remote_addr}")
    ids = accounts.record_attempts(keys)
    db.session.commit()
    if accounts.over_limit(keys, cfg["LOGIN_LIMIT"], cfg["LOGIN_WINDOW_MINUTES"]):
        return None
    return ids


@bp.route("/connexion/code", methods=["GET", "POST"])
@policy("public")
def second_factor():
    """The code of the authenticator (or a recovery code), after the password."""
    user = _pending_user()
    if user is None or not user.totp_secret:
        return _expired()
    form = CodeForm()
    if form.validate_on_submit():
        claimed = _claim_code_try(user)
        if claimed is None:
            return render_template("auth/second_factor.html", form=form, throttled=True), 429
        by_app = twofactor.verify(user, form.code.data)
        if by_app or twofactor.use_recovery_code(user, form.code.data):
            accounts.forget_attempts(claimed)
            db.session.commit()
            target = _signed_in_with_second_factor(user)
            if not by_app:
                flash(
                    _(
                        "Code de secours accepté. Il vous en reste %(count)s : réactivez la double "
                        "authentification auprès d'un administrateur si vous avez perdu votre appareil.",
                        count=twofactor.recovery_codes_left(user),
                    ),
                    "info",
                )
            return redirect(target)
        form.code.errors.append(_("Code incorrect ou déjà utilisé : saisissez le code affiché maintenant."))
    return render_template("auth/second_factor.html", form=form), 422 if form.errors else 200


@bp.route("/connexion/activation", methods=["GET", "POST"])
@policy("public")
def enrol():
    """First sign-in of an inspector or an administrator: their authenticator, then its code."""
    user = _pending_user()
    if user is None:
        return _expired()
    if user.totp_secret:
        return redirect(url_for("auth.second_factor"))
    pending = session[PENDING]
    secret = pending.get("secret") or twofactor.new_secret()
    if pending.get("secret") != secret:
        session[PENDING] = {**pending, "secret": secret}
    form = CodeForm()
    if form.validate_on_submit():
        claimed = _claim_code_try(user)
        if claimed is None:
            return render_template("auth/enrol.html", **_enrolment(user, secret, form), throttled=True), 429
        codes = twofactor.enrol(user, secret, form.code.data)
        if codes is not None:
            accounts.forget_attempts(claimed)
            db.session.commit()
            target = _signed_in_with_second_factor(user)
            return render_template("auth/recovery_codes.html", codes=codes, target=target)
        form.code.errors.append(_("Code incorrect : saisissez le code que l'application affiche maintenant."))
    return render_template("auth/enrol.html", **_enrolment(user, secret, form)), 422 if form.errors else 200


def _enrolment(user: User, secret: str, form: CodeForm) -> dict:
    uri = twofactor.provisioning_uri(user, secret)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return {"form": form, "qr": twofactor.qr_code(uri, _("Code QR d'activation")), "secret": grouped}


@bp.before_app_request
def _second_factor_required():
    """A session of an inspector or an administrator without the second factor (opened before
    it was required, or before the person became one) is no session: sign in again."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    if current_user.needs_second_factor and not session.get(PASSED):
        logout_user()
        fresh_session()
        return redirect(url_for("auth.signin", next=request.full_path if request.method == "GET" else None))
    return None


@bp.route("/deconnexion", methods=["POST"])
@policy("authenticated")
@login_required
def signout():
    # Every session of the account ends, on every device: the version in their cookies is old.
    accounts.end_sessions(current_user)
    db.session.commit()
    logout_user()
    fresh_session()
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
