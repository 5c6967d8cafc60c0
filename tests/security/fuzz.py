"""What the fuzz tests send: every field name of every form of forms/, filled with values people
(or robots) could type, and files of random bytes."""

from __future__ import annotations

import importlib
import inspect
import io
import os
import pkgutil
from functools import cache

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import forms

# Form keys the views read without a form class.
EXTRA_KEYS = ("certify", "shared", "_preview", "_target", "action", "version", "token")
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    deadline=None,
    derandomize=False,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e999",
    "NaN",
    "inf",
    "-0",
    "1 234,56",
    "12.345,6",
    "9" * 40,
    str(2**31),
    str(2**63),
    "١٢",
    "１２",
    "0x10",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n%x",
    "{{7*7}}",
    "\x00",
    "a\x00b",
    "\u202e",
    "é" * 300,
    "x" * 25000,
    "=SUM(A1)",
    "../../etc/passwd",
    "null",
    "true",
    "[]",
    "{}",
    "0750655E",
    "0750655e ",
    "2A",
    "20 %",
    "1,5",
    "__dossier__",
    "requested",
    "amount",
    "rate",
    "project",
]


def text_values() -> st.SearchStrategy[str]:
    """A value of a text input: random text, numbers in every spelling, or a known troublemaker."""
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=60),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
        st.from_regex(r"-?\d{1,6}([,.]\d{1,6})?( ?[€%])?", fullmatch=True),
    )


@cache
def form_classes() -> tuple[type[FlaskForm], ...]:
    """Every FlaskForm subclass defined in a module of the forms package."""
    found = []
    for info in pkgutil.iter_modules(forms.__path__):
        module = importlib.import_module(f"forms.{info.name}")
        found += [
            c
            for _, c in inspect.getmembers(module, inspect.isclass)
            if issubclass(c, FlaskForm) and c.__module__ == module.__name__
        ]
    return tuple(found)


def _fields(form_class) -> dict[str, object]:
    return {name: value for name, value in vars(form_class).items() if hasattr(value, "field_class")}


@cache
def field_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(text field names, file field names) of every form, plus the keys views read directly."""
    texts, files = set(EXTRA_KEYS), set()
    for form_class in form_classes():
        for klass in form_class.__mro__:
            for name, unbound in _fields(klass).items():
                (files if issubclass(unbound.field_class, FileField) else texts).add(name)
    texts |= {f"inv_{code}" for code in _inventory_codes()}
    return tuple(sorted(texts)), tuple(sorted(files))


def _inventory_codes() -> list[str]:
    from grants.call import get_call

    return [code for code, cat in get_call("snee-2021").categories.items() if cat.volet == 1]


def form_data(names: tuple[str, ...] | None = None) -> st.SearchStrategy[dict]:
    """Random form data over the given field names (all of them by default), with random files."""
    texts, files = field_names() if names is None else (names, ())
    text_part = st.dictionaries(st.sampled_from(texts), text_values(), max_size=len(texts))
    if not files:
        return text_part
    file_part = st.dictionaries(st.sampled_from(files), st.binary(max_size=3000), max_size=len(files))
    return st.builds(
        lambda t, f: {**t, **{k: (io.BytesIO(v), "envoi.csv") for k, v in f.items()}}, text_part, file_part
    )
