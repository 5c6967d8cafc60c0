"""The Word dossier writes amounts, numbers and rates with the one formatter, as Babel does."""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from exports.context import RenderContext
from grants.i18n import babel_locale
from grants.numbers import fmt_percent
from tests.grants import factories as f

from .reading import example, meta

AMOUNTS = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False, allow_infinity=False
)
DOSSIER = example("petite-commune")
CONTEXTS = {locale: RenderContext(DOSSIER, f.evaluated(DOSSIER), locale, meta()) for locale in ("fr", "en")}


@settings(max_examples=200)
@given(AMOUNTS, st.sampled_from(["fr", "en"]))
def test_the_word_writes_amounts_and_numbers_as_babel(amount, locale):
    ctx = CONTEXTS[locale]
    assert ctx.money(amount) == format_currency(amount, "EUR", locale=babel_locale(locale))
    assert ctx.number(amount) == format_decimal(amount, locale=babel_locale(locale))
    assert ctx.percent(amount, 1) == fmt_percent(amount, locale, 1)
    assert ctx.number(None) == "—"
