"""Step 4: a budget line."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from forms.fields import max_length
from grants.bounds import MAX_MONTHS, line_problems

from .choices import CATEGORY_CHOICES
from .fields import DecimalTextField, QuickSelect, TextForm, WholeNumberField, locale, sentence


class LineForm(TextForm):
    version = HiddenField()
    # The call's `[wording]` gives the help of the school and duration fields ("line.<field>"),
    # and the view the categories the call knows (its référentiel, in its order).
    school = SelectField(_l("École"), choices=[], validate_choice=False, widget=QuickSelect())
    category = SelectField(_l("Catégorie du référentiel"), choices=CATEGORY_CHOICES)
    label = StringField(
        _l("Libellé"),
        validators=[DataRequired(_l("Décrivez la dépense.")), max_length(300)],
        description=_l("Par exemple : vidéoprojecteur interactif."),
    )
    # A count of things: whole in the form. The JSON contract (dossier-format.md) allows any
    # positive number, so an imported dossier may still carry a decimal quantity.
    quantity = DecimalTextField(
        _l("Quantité"),
        places=4,
        strictly_positive=True,
        whole=True,
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
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_MONTHS, message=_l("Une durée entre 1 et 120 mois.")),
        ],
        description=_l("Pour un abonnement (ENT, ressources)."),
    )

    # The call whose bounds apply (its VAT rates); the view sets it.
    call = None

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.call is None:
            return valid
        fields = {f: getattr(self, f) for f in ("quantity", "unit_price_ht", "vat_rate", "duration_months")}
        problems = line_problems(self.call, *(None if fields[f].errors else fields[f].data for f in fields))
        for problem in problems:
            fields[problem.field].errors = [*fields[problem.field].errors, sentence(problem.render(locale()))]
        return valid and not problems

    def validate_school(self, field):
        valid = {code for code, _ in field.choices}
        if field.data not in valid:
            raise ValidationError(_l("Choisissez une école du dossier."))
