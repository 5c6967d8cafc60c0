"""The pages a French public-sector service must have (mentions légales, données personnelles,
déclaration d'accessibilité) and the member's own account: his data as JSON, closing it."""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, ValidationError

from forms.fields import MaxLength
from models import db
from services import privacy, twofactor
from services.passwords import check_password

from .access import policy

bp = Blueprint("legal", __name__)

# The day the accessibility statement was made (the RGAA asks for it): change it with the statement.
STATEMENT_DATE = date(2026, 12, 2)


class CloseAccountForm(FlaskForm):
    """Closing is for good: the person confirms with the password, and with a code of the
    authenticator when the account has one (a session left open is not enough)."""

    password = PasswordField(
        _l("Mot de passe"),
        validators=[DataRequired(_l("Indiquez votre mot de passe pour confirmer."))],
    )
    code = StringField(
        _l("Code de l'application d'authentification"),
        validators=[MaxLength(20)],
        description=_l("Le code à 6 chiffres qu'affiche votre application, ou l'un de vos codes de secours."),
    )
    confirm = BooleanField(
        _l("Je comprends que je ne pourrai plus me connecter avec ce compte"),
        validators=[DataRequired(_l("Cochez la case pour confirmer la fermeture du compte."))],
    )

    def validate_password(self, field):
        if field.data and not check_password(current_user.password_hash, field.data):
            raise ValidationError(_l("Mot de passe incorrect."))

    def validate_code(self, field):
        if not current_user.totp_secret:
            return
        code = (field.data or "").strip()
        if not code:
            raise ValidationError(_l("Saisissez le code de votre application d'authentification."))
        if not (twofactor.verify(current_user, code) or twofactor.use_recovery_code(current_user, code)):
            raise ValidationError(
                _l("Code incorrect ou déjà utilisé : saisissez le code affiché maintenant.")
            )


def _settings() -> dict:
    keys = ("PUBLISHER", "PUBLISHER_ADDRESS", "PUBLICATION_DIRECTOR", "HOST", "PRIVACY_CONTACT")
    keys += ("ACCESSIBILITY_CONTACT", "RETENTION_DOSSIER_YEARS", "RETENTION_LOG_DAYS")
    return {k.lower(): current_app.config[k] for k in keys}


@bp.route("/mentions-legales")
@policy("public")
def mentions():
    return render_template("legal/mentions.html", **_settings())


@bp.route("/donnees-personnelles")
@policy("public")
def privacy_page():
    return render_template("legal/privacy.html", **_settings())


@bp.route("/accessibilite")
@policy("public")
def accessibility():
    return render_template("legal/accessibility.html", statement_date=STATEMENT_DATE, **_settings())


@bp.route("/compte")
@policy("authenticated")
@login_required
def account():
    form = CloseAccountForm()
    return render_template("legal/account.html", form=form, alone=privacy.sole_memberships(current_user))


@bp.route("/compte/mes-donnees.json")
@policy("authenticated")
@login_required
def my_data():
    body = json.dumps(privacy.personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="mes-donnees.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/compte/fermer", methods=["POST"])
@policy("authenticated")
@login_required
def close():
    form = CloseAccountForm()
    alone = privacy.sole_memberships(current_user)
    if not form.validate_on_submit() or alone:
        return render_template("legal/account.html", form=form, alone=alone), 422
    privacy.close_account(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(
        _("Votre compte est fermé. Les dossiers et leur historique sont conservés sous un pseudonyme."),
        "success",
    )
    return redirect(url_for("home.index"))
