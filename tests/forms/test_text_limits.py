"""Every free-text field of every form has a limit, and a text above it is refused with one
message giving the typed length and the limit, numbers written as the reader writes them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from wtforms import HiddenField, PasswordField, StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import Regexp

import forms
from forms.fields import DecimalTextField, MaxLength, TextForm, UAIField

# Fields whose value is not free text: a number, an identifier checked by its own rule, a value
# the page sets; and the sign-in code, a few digits with a message of its own.
NOT_FREE_TEXT = (PasswordField, DecimalTextField, UAIField, HiddenField)
CODES = {"forms.accounts.CodeForm.code"}


def free_text_fields():
    for info in pkgutil.iter_modules(forms.__path__):
        module = importlib.import_module(f"forms.{info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, TextForm) or cls.__module__ != module.__name__:
                continue
            for attr, value in vars(cls).items():
                text = isinstance(value, UnboundField) and issubclass(value.field_class, StringField)
                if text and not issubclass(value.field_class, NOT_FREE_TEXT):
                    yield f"{cls.__module__}.{cls.__name__}.{attr}", value


def test_every_free_text_field_has_a_limit():
    fields = list(free_text_fields())
    assert len(fields) > 20
    missing = [
        name
        for name, unbound in fields
        if name not in CODES
        and not any(isinstance(v, (MaxLength, Regexp)) for v in unbound.kwargs.get("validators", []) or [])
    ]
    assert not missing, missing


@pytest.mark.parametrize(
    ("lang", "expected"), [("fr", "5 000 caractères pour 4 000"), ("en", "5,000 characters for 4,000")]
)
def test_the_avis_and_the_project_say_the_same_thing(app, lang, expected):
    from flask_babel import force_locale

    from forms.project import ProjectForm
    from forms.review import AvisForm

    with app.test_request_context(method="POST"), force_locale(lang):
        avis = AvisForm(data={"value": "favorable", "motivation": "a" * 5000})
        avis.validate()
        project = ProjectForm(data={"summary": "a" * 20000})
        project.validate()
        [avis_error] = avis.motivation.errors
        [summary_error] = project.summary.errors
    assert expected.replace("\u202f", " ") in avis_error.replace("\u202f", " ").replace("\xa0", " ")
    assert avis_error.split(":")[0] == summary_error.split(":")[0]
