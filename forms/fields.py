"""Fields typed the French way: amounts (`1 234,56 €`), rates (`20 %`), UAIs."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Field, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import Length, StopValidation, ValidationError
from wtforms.widgets import Select

from grants.bounds import MAXIMUM
from grants.identifiers import is_ascii_digits, normalize_uai, uai_check_letter, uai_is_valid
from grants.numbers import fmt_number
from grants.text import clean_text, refused_character


def _cleaner(multiline: bool):
    return lambda value: clean_text(value, multiline) if isinstance(value, str) else value


def no_control_characters(form, field: Field) -> None:
    """Refuse what no keyboard types (U+0001…), naming the field and where the character is."""
    found = refused_character(field.data) if isinstance(field.data, str) else None
    if found:
        code, position = found
        raise StopValidation(
            _l(
                "« %(field)s » contient un caractère invisible qui ne peut pas être enregistré "
                "(%(code)s, caractère n° %(position)s) : effacez ce passage et retapez-le.",
                field=field.label.text,
                code=code,
                position=position,
            )
        )


class TextForm(FlaskForm):
    """The base of every form: each text field cleans the breaks pasted from office programs and
    refuses the other control characters (grants/text.py says which and why); passwords are
    left exactly as typed."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                field.filters = (_cleaner(isinstance(field, TextAreaField)), *field.filters)
                field.validators = [no_control_characters, *field.validators]
            return field


def locale() -> str:
    """The request's locale, for messages rendered by the rules' package."""
    return str(get_locale() or "fr")


def sentence(text: str) -> str:
    """A message fragment of the rules' package as a sentence under a field."""
    text = text.strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")) if text else text


ENGLISH_GROUPING = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d+)?")


def parse_french_number(text: str, locale: str = "fr") -> Decimal | None:
    """`1 234,56`, `1234.56`, `1 234,56 €`, `20 %` → Decimal; None when it is not a number.
    On an English page, `1,890` is one thousand eight hundred and ninety (the comma groups
    thousands there), as `1,234.56` is everywhere."""
    cleaned = re.sub(r"[\s\u00a0\u202f€%]", "", text or "")
    if locale.startswith("en") and ENGLISH_GROUPING.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    if "," in cleaned and "." in cleaned:
        # Both: the last one is the decimal mark (1.234,56 in French, 1,234.56 in English).
        grouping = "." if cleaned.rfind(",") > cleaned.rfind(".") else ","
        cleaned = cleaned.replace(grouping, "")
    cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


class DecimalTextField(StringField):
    """A decimal typed as text; `places` limits the decimals, `minimum` the value; `whole` asks
    for a whole number (a count of things), still given as a Decimal."""

    def __init__(
        self,
        label=None,
        validators=None,
        places: int = 2,
        minimum: Decimal | None = Decimal(0),
        strictly_positive: bool = False,
        percent: bool = False,
        whole: bool = False,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.places, self.minimum = places, minimum
        self.strictly_positive, self.percent, self.whole = strictly_positive, percent, whole
        self.data: Decimal | None = None

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        shown = self.data * 100 if self.percent else self.data
        # Shown in the page's language, as it is read back (1 890,5 in French, 1,890.5 in English).
        return fmt_number(shown.normalize() if shown == shown.to_integral() else shown, locale()).replace(
            "\u202f", " "
        )

    def pre_validate(self, form):
        # The parsing message says what is wrong ("2 décimales au plus"); stop here so that
        # DataRequired does not replace it with its generic "Indiquez…".
        if self.process_errors:
            raise StopValidation()

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        number = parse_french_number(valuelist[0], locale())
        if number is None:
            # The example is one the field accepts, written in the page's language: a rate is not an amount.
            if self.percent:
                raise ValueError(
                    _l(
                        "Saisissez un taux en pourcentage, par exemple %(whole)s ou %(part)s.",
                        whole=fmt_number(Decimal(20), locale()),
                        part=fmt_number(Decimal("5.5"), locale()),
                    )
                )
            if self.whole:
                raise ValueError(_l("Saisissez un nombre entier, par exemple %(example)s.", example=3))
            raise ValueError(
                _l(
                    "Saisissez un nombre, par exemple %(example)s.",
                    example=fmt_number(Decimal("1234.56"), locale()),
                )
            )
        if self.percent:
            if number > 100:
                raise ValueError(_l("Indiquez un taux entre 0 et 100 %."))
            number = number / 100
        if self.strictly_positive and number <= 0:
            raise ValueError(_l("Saisissez un nombre supérieur à zéro."))
        if self.minimum is not None and number < self.minimum:
            raise ValueError(_l("Saisissez un nombre positif."))
        if abs(number) > MAXIMUM:  # before rounding: a huge number overflows Decimal's precision
            raise ValueError(_l("Saisissez un nombre d'au plus %(max)s.", max=fmt_number(MAXIMUM, "fr")))
        if self.whole and number != number.to_integral_value():
            raise ValueError(_l("Saisissez un nombre entier, par exemple %(example)s.", example=3))
        places = self.places + (2 if self.percent else 0)
        if number != round(number, places):
            raise ValueError(_l("%(places)s décimales au plus.", places=self.places))
        self.data = number


class WholeNumberField(IntegerField):
    """A count typed as text (`1 200` too); words, decimals and numbers too long to be real are
    refused with one message (WTForms' own would crash on a 400-digit number)."""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        digits = re.sub(r"[\s\u00a0\u202f]", "", valuelist[0])
        if locale().startswith("en") and re.fullmatch(r"-?\d{1,3}(,\d{3})+", digits):
            digits = digits.replace(",", "")  # 1,200 on an English page
        if not re.fullmatch(r"-?[0-9]{1,9}", digits):
            raise ValueError(_l("Saisissez un nombre entier, par exemple 12."))
        self.data = int(digits)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()


class UAIField(StringField):
    """A UAI, written in capitals without spaces whatever was typed."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = normalize_uai(self.data or "")


def valid_uai(form, field: Field) -> None:
    """The UAI's format and check letter, with the expected letter when only it is wrong."""
    value = field.data or ""
    if uai_is_valid(value):
        return
    if len(value) == 8 and is_ascii_digits(value[:7]):
        raise ValidationError(
            _l(
                "UAI invalide : avec ces 7 chiffres, la lettre de contrôle est « %(letter)s ».",
                letter=uai_check_letter(value[:7]),
            )
        )
    raise ValidationError(_l("UAI invalide : 7 chiffres puis une lettre, par exemple 0750655E."))


def too_long(length: int, limit: int) -> str:
    """The one message of a text above its limit, in every form: the typed length and the limit,
    written as the reader writes numbers (« 5 000 caractères pour 4 000 au plus »)."""
    return gettext(
        "Texte trop long : %(length)s caractères pour %(max)s au plus. Raccourcissez-le : rien "
        "n'a été enregistré ni coupé.",
        length=fmt_number(length, locale()),
        max=fmt_number(limit, locale()),
    )


class MaxLength(Length):
    """A text limit that refuses, with the count, what is longer (nothing is cut: the browser
    gets no `maxlength`, which would truncate a paste without a word)."""

    def __init__(self, limit: int):
        super().__init__(max=limit)

    def __call__(self, form, field: Field) -> None:
        length = len(field.data or "")
        if length > self.max:
            raise ValidationError(too_long(length, self.max))


def max_length(limit: int) -> MaxLength:
    """Every free-text field's limit (forms' tests check that each has one)."""
    return MaxLength(limit)


def valid_phone(form, field: Field) -> None:
    """A telephone number that exists (French by default, `+…` for another country)."""
    value = (field.data or "").strip()
    if not value:
        return
    import phonenumbers  # its metadata loads when a number is first checked, not at start-up

    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _l(
                "Numéro de téléphone invalide : 10 chiffres, par exemple 02 99 12 34 56, ou +33 2 99 12 34 56."
            )
        )


class QuickSelect(Select):
    """WTForms' select, each plain option written in one step (the budget line's form lists all
    of a dossier's schools, 300 of them, on every budget page). The HTML is the same."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or not isinstance(choice.value, str):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        return Markup(
            f'<option {selected}value="{escape(choice.value)}">{escape(choice.label or choice.value)}</option>'
        )


def apply_wording(form, call, prefix: str):
    """The call's own label and help of each field (`<prefix>.<field>.label`/`.description` in
    its `[wording]`), translated; a field the call says nothing of keeps the form's words."""
    from flask_babel import gettext

    if call is None:
        return form
    for name, fld in form._fields.items():
        label, help_ = call.text(f"{prefix}.{name}.label"), call.text(f"{prefix}.{name}.description")
        if label:
            fld.label.text = gettext(label)
        if help_:
            fld.description = gettext(help_)
    return form
