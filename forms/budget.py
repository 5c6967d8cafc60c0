"""Step 4: a budget line."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from forms.fields import max_length
from grants.i18n import fmt_number
from grants.loader import MAXIMUM

from .choices import CATEGORY_CHOICES
from .fields import DecimalTextField, WholeNumberField


class LineForm(FlaskForm):
    version = HiddenField()
    school = SelectField(
        _l("École"),
        choices=[],
        validate_choice=False,
        description=_l("« Tout le dossier » pour un ENT ou des ressources communes."),
    )
    category = SelectField(_l("Catégorie du référentiel"), choices=CATEGORY_CHOICES)
    label = StringField(
        _l("Libellé"),
        validators=[DataRequired(_l("Décrivez la dépense.")), max_length(300)],
        description=_l("Par exemple : vidéoprojecteur interactif."),
    )
    quantity = DecimalTextField(
        _l("Quantité"),
        places=4,
        strictly_positive=True,
        validators=[DataRequired(_l("Indiquez une quantité supérieure à zéro."))],
    )
    unit_price_ht = DecimalTextField(
        _l("Prix unitaire HT (€)"),
        places=4,
        validators=[DataRequired(_l("Indiquez le prix unitaire hors taxes."))],
        description=_l("D'après le devis, hors taxes."),
    )
    vat_rate = DecimalTextField(
        _l("TVA (%)"), places=2, percent=True, validators=[Optional()], description=_l("20 % si vide.")
    )
    duration_months = WholeNumberField(
        _l("Durée (mois)"),
        validators=[Optional(), NumberRange(min=1, max=120, message=_l("Une durée entre 1 et 120 mois."))],
        description=_l("Pour un abonnement (ENT, ressources) ; 24 mois au plus comptent."),
    )

    def validate_unit_price_ht(self, field):
        # Each number may be up to a billion; their product must be too, or the dossier's
        # stored totals (cents in a 64-bit integer) overflow.
        if (
            self.quantity.data is not None
            and field.data is not None
            and self.quantity.data * field.data > MAXIMUM
        ):
            raise ValidationError(
                _l(
                    "Le total de la ligne dépasse %(max)s € : vérifiez la quantité et le prix.",
                    max=fmt_number(MAXIMUM, "fr"),
                )
            )

    def validate_school(self, field):
        valid = {code for code, _ in field.choices}
        if field.data not in valid:
            raise ValidationError(_l("Choisissez une école du dossier."))
