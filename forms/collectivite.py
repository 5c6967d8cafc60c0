"""Step 1: the collectivité, its representative and its contact."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Email, NumberRange, Optional, Regexp

from forms.fields import max_length, valid_phone

from .choices import APPLICANT_CHOICES
from .fields import TextForm, WholeNumberField


class DayField(DateField):
    """A date typed in the browser's date picker (ISO), with a French message when it is not one."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Saisissez une date, par exemple 15/03/2021.")) from error


class CollectiviteForm(TextForm):
    version = HiddenField()
    kind = SelectField(
        _l("Type de collectivité"),
        choices=APPLICANT_CHOICES,
        description=_l("Celle qui détient la compétence scolaire."),
    )
    name = StringField(
        _l("Nom"),
        validators=[DataRequired(_l("Indiquez le nom de la collectivité.")), max_length(200)],
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
        validators=[Optional(), max_length(5)],
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
        description=_l("Population municipale."),
    )
    vat_recovered = BooleanField(
        _l("La collectivité récupère la TVA (FCTVA)"),
        description=_l(
            "Si coché, la subvention se calcule sur les montants HT ; sinon sur les montants TTC."
        ),
    )
    rep_name = StringField(
        _l("Nom du représentant légal"),
        validators=[max_length(200)],
        description=_l("Le maire ou le président, qui signe le dossier."),
    )
    rep_title = StringField(
        _l("Qualité"), validators=[max_length(200)], description=_l("Par exemple : Maire, Président.")
    )
    contact_name = StringField(_l("Personne à contacter"), validators=[max_length(200)])
    contact_email = EmailField(
        _l("Courriel du contact"),
        validators=[
            Optional(),
            max_length(254),
            Email(message=_l("Une adresse de courriel, par exemple nom@mairie.fr.")),
        ],
    )
    contact_phone = StringField(
        _l("Téléphone du contact"),
        validators=[max_length(40), valid_phone],
        description=_l("Par exemple 02 99 12 34 56 ; +32 … pour un numéro d'un autre pays."),
    )
    seat_commune = StringField(
        _l("Commune siège"),
        validators=[max_length(100)],
        filters=[lambda v: (v or "").strip()],
        description=_l(
            "Le lieu de la signature (« Fait à … »). Prérempli d'après le code INSEE quand la liste des "
            "communes le connaît."
        ),
    )
    address = StringField(
        _l("Adresse postale"),
        validators=[max_length(300)],
        filters=[lambda v: (v or "").strip()],
        description=_l("Par exemple : 1 place de la Mairie, 71000 Mâcon."),
    )
    academie = StringField(
        _l("Académie"), validators=[max_length(100)], filters=[lambda v: (v or "").strip()]
    )
    deliberation_number = StringField(
        _l("Numéro de la délibération"),
        validators=[max_length(40)],
        filters=[lambda v: (v or "").strip()],
        description=_l("La délibération qui autorise la candidature (« Vu la délibération n° … »)."),
    )
    deliberation_date = DayField(_l("Date de la délibération"), validators=[Optional()])
    signed_on = DayField(
        _l("Date de la signature"),
        validators=[Optional()],
        description=_l("Laissez vide pour dater le document à la main au moment de signer."),
    )
