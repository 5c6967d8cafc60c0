"""Administration: publishing a new session of a call (its dates; the rules stay the call's)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired

from .fields import TextForm, max_length


class WhenField(DateTimeLocalField):
    """A date and time typed in a form; what cannot be read says how to write it."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(
                _l("Une date et une heure, par exemple 2027-01-14 00:00 (année-mois-jour heure:minutes).")
            ) from exc


class SessionForm(TextForm):
    call_id = SelectField(
        _l("Appel"),
        choices=[],  # the installed calls, set by the view
        description=_l("Les règles, taux et plafonds restent ceux de l'appel."),
    )
    label = StringField(
        _l("Nom de la session"),
        validators=[DataRequired(_l("Nommez la session, par exemple « Session 2027 ».")), max_length(200)],
        description=_l("Affiché aux équipes sur le récapitulatif et le tableau de bord."),
    )
    opens = WhenField(
        _l("Ouverture des dépôts"),
        format="%Y-%m-%dT%H:%M",
        validators=[
            InputRequired(_l("Indiquez la date et l'heure d'ouverture, par exemple 2027-01-14 00:00."))
        ],
        description=_l("Heure de Paris."),
    )
    closes = WhenField(
        _l("Clôture des dépôts"),
        format="%Y-%m-%dT%H:%M",
        validators=[
            InputRequired(_l("Indiquez la date et l'heure de clôture, par exemple 2027-03-31 23:59."))
        ],
        description=_l("Heure de Paris ; la dernière minute est comprise."),
    )

    def validate_closes(self, field) -> None:
        if self.opens.data and field.data and field.data <= self.opens.data:
            from flask_babel import gettext
            from wtforms.validators import ValidationError

            raise ValidationError(
                gettext(
                    "« Clôture des dépôts » (%(closes)s) doit venir après « Ouverture des dépôts » "
                    "(%(opens)s) : corrigez l'une des deux dates.",
                    closes=field.data.strftime("%d/%m/%Y %H:%M"),
                    opens=self.opens.data.strftime("%d/%m/%Y %H:%M"),
                )
            )
