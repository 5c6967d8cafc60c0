"""Sign-up, sign-in, password reset, collectivité creation, invitations, new dossier."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp

from forms.fields import max_length
from services.passwords import MIN_LENGTH

from .choices import APPLICANT_CHOICES
from .fields import TextForm

EMAIL = [
    DataRequired(_l("Indiquez votre adresse de courriel.")),
    max_length(254),  # the longest address the mail standards allow
    Email(message=_l("Une adresse de courriel, par exemple nom@mairie.fr.")),
]
# A pasted address often carries a space at either end: it is not part of the address.
STRIP = [lambda value: value.strip() if isinstance(value, str) else value]
NEW_PASSWORD = [
    DataRequired(_l("Choisissez un mot de passe.")),
    Length(min=MIN_LENGTH, max=200, message=_l("Au moins %(min)d caractères.", min=MIN_LENGTH)),
]


class SignUpForm(TextForm):
    name = StringField(
        _l("Prénom et nom"), validators=[DataRequired(_l("Indiquez votre nom.")), max_length(200)]
    )
    email = EmailField(_l("Courriel professionnel"), validators=EMAIL, filters=STRIP)
    password = PasswordField(
        _l("Mot de passe"),
        validators=NEW_PASSWORD,
        description=_l("Au moins %(min)d caractères.", min=MIN_LENGTH),
    )
    confirm = PasswordField(
        _l("Confirmez le mot de passe"),
        validators=[EqualTo("password", message=_l("Les deux mots de passe diffèrent."))],
    )


class SignInForm(TextForm):
    email = EmailField(_l("Courriel"), validators=EMAIL, filters=STRIP)
    password = PasswordField(
        _l("Mot de passe"), validators=[DataRequired(_l("Indiquez votre mot de passe."))]
    )


class CodeForm(TextForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Saisissez le code.")),
            Length(max=20, message=_l("Un code de 6 chiffres.")),
        ],
        description=_l(
            "Les 6 chiffres que l'application d'authentification affiche, ou l'un de vos codes de secours."
        ),
        filters=STRIP,
    )


class ResetRequestForm(TextForm):
    email = EmailField(_l("Courriel"), validators=EMAIL, filters=STRIP)


class ResetForm(TextForm):
    password = PasswordField(_l("Nouveau mot de passe"), validators=NEW_PASSWORD)
    confirm = PasswordField(
        _l("Confirmez le mot de passe"),
        validators=[EqualTo("password", message=_l("Les deux mots de passe diffèrent."))],
    )


class OrganisationForm(TextForm):
    name = StringField(
        _l("Nom de la collectivité"),
        validators=[DataRequired(_l("Indiquez le nom de la collectivité.")), max_length(200)],
    )
    kind = SelectField(_l("Type"), choices=APPLICANT_CHOICES)
    siret = StringField(
        _l("SIRET"),
        validators=[Optional(), Regexp(r"^\d{14}$", message=_l("Le SIRET compte 14 chiffres."))],
        filters=[lambda v: (v or "").replace(" ", "")],
    )
    insee = StringField(
        _l("Code INSEE de la commune siège"),
        validators=[Optional(), max_length(5)],
        filters=[lambda v: (v or "").strip().upper()],
    )
    departement = StringField(
        _l("Département"),
        validators=[
            DataRequired(_l("Indiquez le département.")),
            Regexp(
                r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9])$",
                message=_l("Un numéro de département : 01 à 95, 2A, 2B, 971 à 978."),
            ),
        ],
        filters=[lambda v: (v or "").strip().upper()],
    )


class InviteForm(TextForm):
    email = EmailField(_l("Courriel du collègue"), validators=EMAIL, filters=STRIP)


class NewDossierForm(TextForm):
    # The calls this installation knows (grants/calls/), set by the view: the open one first.
    call_id = SelectField(
        _l("Appel à projets"),
        choices=[],
        description=_l(
            "Les règles, les étapes et le calcul de la subvention sont ceux de l'appel choisi. "
            "Un appel clos reste ouvert aux dossiers d'entraînement."
        ),
    )
    title = StringField(
        _l("Titre du dossier"),
        validators=[DataRequired(_l("Donnez un titre au dossier.")), max_length(200)],
        description=_l("Par exemple : équipement numérique des écoles de la ville."),
    )
    practice = BooleanField(
        _l("Dossier d'entraînement"),
        description=_l("Pour essayer l'outil : il est marqué comme tel partout."),
    )
