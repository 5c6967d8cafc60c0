"""Step 2 and 3: a school of the dossier and its état des lieux."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, NumberRange

from forms.fields import max_length

from .choices import SCHOOL_KIND_CHOICES, SECTOR_CHOICES
from .fields import TextForm, UAIField, WholeNumberField, valid_uai

COUNT = [
    InputRequired(_l("Indiquez un nombre (0 si aucun).")),
    NumberRange(min=0, max=10000, message=_l("Un nombre entre 0 et 10 000.")),
]


class SchoolForm(TextForm):
    version = HiddenField()
    uai = UAIField(
        _l("UAI (numéro de l'école)"),
        validators=[DataRequired(_l("Indiquez l'UAI de l'école.")), valid_uai],
        description=_l("8 caractères, par exemple 0750655E ; figure dans l'annuaire de l'éducation."),
    )
    name = StringField(
        _l("Nom de l'école"), validators=[DataRequired(_l("Indiquez le nom de l'école.")), max_length(200)]
    )
    # Which schools and which classes count is the call's: its `[wording]` gives the label and
    # help of these fields (forms.fields.apply_wording, "school.<field>").
    kind = SelectField(_l("Type d'école"), choices=SCHOOL_KIND_CHOICES)
    sector = SelectField(_l("Secteur"), choices=SECTOR_CHOICES)
    classes = WholeNumberField(_l("Classes"), validators=COUNT)
    pupils = WholeNumberField(_l("Élèves"), validators=COUNT)
    commune = StringField(
        _l("Commune de l'école"),
        validators=[max_length(100)],
        filters=[lambda v: (v or "").strip()],
        description=_l(
            "Facultatif ; la candidature d'un EPCI ou d'un syndicat la donne pour chaque école. "
            "L'annuaire la remplit quand il connaît l'UAI."
        ),
    )


class InventoryForm(TextForm):
    """One number per volet 1 item of the référentiel; fields are added per item at runtime."""

    version = HiddenField()


def inventory_form(codes: list[str], labels: dict[str, str], formdata=None, data=None) -> InventoryForm:
    """An état des lieux form with one field per référentiel item."""

    class _Form(InventoryForm):
        pass

    for code in codes:
        setattr(
            _Form,
            f"inv_{code}",
            WholeNumberField(
                labels[code],
                validators=[
                    InputRequired(_l("Indiquez un nombre (0 si aucun).")),
                    NumberRange(min=0, max=10000, message=_l("Un nombre entre 0 et 10 000.")),
                ],
                default=0,
            ),
        )
    return _Form(formdata=formdata, data=data)
