"""Step 1: the collectivité, its representative and its contact."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from .choices import APPLICANT_CHOICES
from .fields import TextForm, WholeNumberField


class CollectiviteForm(TextForm):
    version = HiddenField()
    kind = SelectField(
        _l("Type de collectivité"),
        choices=APPLICANT_CHOICES,
        description=_l("Celle qui détient la compétence scolaire."),
    )
    name = StringField(
        _l("Nom"),
        validators=[DataRequired(_l("Indiquez le nom de la collectivité.")), Length(max=200)],
        description=_l("Par exemple : Commune de Saint-Exemple."),
    )
    siret = StringField(
        _l("SIRET"),
        validators=[Optional(), Regexp(r"^\s*(\d\s*){14}$", message=_l("Le SIRET compte 14 chiffres."))],
        filters=[lambda v: (v or "").replace(" ", "")],
        description=_l("14 chiffres, sur l'avis de situation SIRENE."),
    )
    insee = StringField(
        _l("Code INSEE de la commune siège"),
        validators=[Optional(), Length(max=5)],
        filters=[lambda v: (v or "").strip().upper()],
        description=_l("5 caractères, différent du code postal (par exemple 92023)."),
    )
    departement = StringField(
        _l("Département"),
        validators=[
            Optional(),
            Regexp(
                r"^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9])$",
                message=_l("Un numéro de département : 01 à 95, 2A, 2B, 971 à 978."),
            ),
        ],
        filters=[lambda v: (v or "").strip().upper()],
        description=_l("Sert à orienter le dossier vers l'inspection."),
    )
    population = WholeNumberField(
        _l("Population"),
        validators=[Optional(), NumberRange(min=0, message=_l("Un nombre positif."))],
        description=_l("Population municipale (facultatif)."),
    )
    vat_recovered = BooleanField(
        _l("La collectivité récupère la TVA (FCTVA)"),
        description=_l(
            "Si coché, la subvention se calcule sur les montants HT ; sinon sur les montants TTC."
        ),
    )
    rep_name = StringField(
        _l("Nom du représentant légal"),
        validators=[Length(max=200)],
        description=_l("Le maire ou le président, qui signe le dossier."),
    )
    rep_title = StringField(
        _l("Qualité"), validators=[Length(max=200)], description=_l("Par exemple : Maire, Président.")
    )
    contact_name = StringField(_l("Personne à contacter"), validators=[Length(max=200)])
    contact_email = EmailField(
        _l("Courriel du contact"),
        validators=[Optional(), Email(message=_l("Une adresse de courriel, par exemple nom@mairie.fr."))],
    )
    contact_phone = StringField(_l("Téléphone du contact"), validators=[Length(max=40)])
