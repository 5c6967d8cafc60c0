"""Step 5: another funder, with its contribution as an amount or as a rate of a base."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, ValidationError

from forms.fields import max_length

from .choices import COFUNDING_BASE_CHOICES, COFUNDING_KIND_CHOICES, COFUNDING_STATUS_CHOICES
from .fields import DecimalTextField, TextForm


class CofunderForm(TextForm):
    version = HiddenField()
    funder = StringField(
        _l("Financeur"),
        validators=[DataRequired(_l("Nommez le financeur.")), max_length(200)],
        description=_l("Par exemple : Conseil départemental."),
    )
    kind = SelectField(_l("Nature"), choices=COFUNDING_KIND_CHOICES)
    status = SelectField(_l("Statut"), choices=COFUNDING_STATUS_CHOICES)
    mode = RadioField(
        _l("Contribution exprimée"),
        choices=[("amount", _l("en montant")), ("rate", _l("en taux"))],
        default="amount",
    )
    amount = DecimalTextField(_l("Montant (€)"), places=2)
    rate = DecimalTextField(
        _l("Taux (%)"), places=2, percent=True, description=_l("Entre 0 et 100, par exemple 25 ou 12,5.")
    )
    base = SelectField(_l("Base du taux"), choices=COFUNDING_BASE_CHOICES)

    def validate_amount(self, field):
        if self.mode.data == "amount" and field.data is None:
            raise ValidationError(_l("Indiquez le montant de la contribution."))

    def validate_rate(self, field):
        if self.mode.data == "rate" and (field.data is None or field.data > 1):
            raise ValidationError(_l("Indiquez un taux entre 0 et 100 %."))
