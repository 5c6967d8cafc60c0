"""Control characters in every text field of every form: the breaks pasted from Word become a
space (a line break in a multi-line text), the others are refused with the field named."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField, TextAreaField

from forms.fields import DecimalTextField, WholeNumberField
from tests.security.fuzz import form_classes


def _text_fields():
    cases = []
    for form_class in form_classes():
        for name in dir(form_class):
            unbound = getattr(form_class, name, None)
            klass = getattr(unbound, "field_class", None)
            if klass and issubclass(klass, StringField) and not issubclass(klass, PasswordField):
                cases.append((form_class, name))
    return cases


CASES = _text_fields()


def _bound(app, form_class, name, value):
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict({name: value}), meta={"csrf": False})
        form.validate()
        return form[name], form


def test_the_forms_have_text_fields():
    assert len(CASES) > 20


@pytest.mark.parametrize("form_class, name", CASES, ids=[f"{c.__name__}.{n}" for c, n in CASES])
def test_a_vertical_tab_pasted_from_word_is_cleaned_not_refused(app, form_class, name):
    field, _form = _bound(app, form_class, name, "Jules\vFerry")
    assert "\v" not in str(field.data or "")
    assert not [e for e in field.errors if "invisible" in str(e)]
    if type(field) in (StringField, TextAreaField) and not field.filters[1:]:
        assert field.data == ("Jules\nFerry" if isinstance(field, TextAreaField) else "Jules Ferry")


@pytest.mark.parametrize("form_class, name", CASES, ids=[f"{c.__name__}.{n}" for c, n in CASES])
def test_another_control_character_is_refused_with_the_field_named(app, form_class, name):
    field, _form = _bound(app, form_class, name, "A\x01B")
    messages = " ".join(str(e) for e in field.errors)
    if isinstance(field, (DecimalTextField, WholeNumberField)):
        assert messages  # "Saisissez un nombre…": a number field says what it expects
        return
    assert "U+0001" in messages, (field.data, field.errors)
    assert str(field.label.text) in messages
