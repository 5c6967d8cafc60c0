"""The one formatter writes money, numbers and rates exactly as Babel does, in both locales."""

from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal, format_percent
from hypothesis import example, given
from hypothesis import strategies as st

from grants.i18n import babel_locale
from grants.numbers import fmt_money, fmt_number, fmt_percent, fmt_size, percent_pattern

LOCALES = st.sampled_from(["fr", "en"])
AMOUNTS = st.one_of(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2),
    st.decimals(min_value=Decimal("-1e6"), max_value=Decimal("1e6"), places=3),  # half cents
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=6),  # huge, long
    st.integers(min_value=-(10**15), max_value=10**15),
)
HALVES = ["0.005", "0.015", "0.025", "2.675", "-2.675", "999.995", "-0.005", "1234567.895", "0.0005"]


@given(AMOUNTS, LOCALES)
@example(Decimal("-0"), "fr")
@example(Decimal("-0.001"), "en")
@example(Decimal("1E+3"), "fr")
def test_money_is_written_as_babels_format_currency(value, locale):
    assert fmt_money(value, locale) == format_currency(value, "EUR", locale=babel_locale(locale))


@given(AMOUNTS, LOCALES)
@example(Decimal("-0.0004"), "fr")
@example(Decimal("1.500"), "en")
def test_numbers_are_written_as_babels_format_decimal(value, locale):
    assert fmt_number(value, locale) == format_decimal(value, locale=babel_locale(locale))


@given(st.decimals(min_value=Decimal("-100"), max_value=Decimal("100"), places=6), LOCALES, st.integers(0, 3))
def test_rates_are_written_as_babels_format_percent(value, locale, digits):
    expected = format_percent(value, percent_pattern(locale, digits), locale=babel_locale(locale))
    assert fmt_percent(value, locale, digits) == expected


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("text", HALVES)
def test_half_cents_round_as_babel_rounds_them(text, locale):
    value = Decimal(text)
    assert fmt_money(value, locale) == format_currency(value, "EUR", locale=babel_locale(locale))
    assert fmt_number(value, locale) == format_decimal(value, locale=babel_locale(locale))


def test_french_uses_babels_own_spaces_and_english_its_own_order():
    assert fmt_money(Decimal("12345.67"), "fr") == "12\u202f345,67\xa0€"
    assert fmt_money(Decimal("-12345.67"), "en") == "-€12,345.67"
    assert fmt_number(Decimal("1234.5"), "fr") == "1\u202f234,5"
    assert fmt_percent(Decimal("0.125"), "fr", 1) == "12,5 %"
    assert fmt_money(Decimal("1"), "fr_FR") == fmt_money(Decimal("1"), None) == "1,00\xa0€"


def test_the_rules_messages_use_the_formatter():
    from grants.params import Money, Num, Pct, format_param

    for locale in ("fr", "en"):
        assert format_param(Money(Decimal("-7.5")), locale) == fmt_money(Decimal("-7.5"), locale)
        assert format_param(Num(Decimal("3.25")), locale) == fmt_number(Decimal("3.25"), locale)
        assert format_param(Pct(Decimal("0.0833")), locale) == fmt_percent(Decimal("0.0833"), locale, 2)


@pytest.mark.parametrize(
    ("size", "fr", "en"),
    [
        (1, "1 octet", "1 byte"),
        (850, "850 octets", "850 bytes"),
        (10_000, "10 ko", "10 kB"),
        (10_240, "10 ko", "10 kB"),
        (5_700_000, "5,7 Mo", "5.7 MB"),
        (5_000_000, "5 Mo", "5 MB"),
        (999_999, "1 Mo", "1 MB"),
        (123_456_789, "123 Mo", "123 MB"),
    ],
)
def test_sizes_are_written_in_decimal_units_with_the_locales_decimal_sign(size, fr, en):
    assert fmt_size(size, "fr").replace("\u00a0", " ") == fr and "\u00a0" in fmt_size(size, "fr")
    assert fmt_size(size, "en").replace("\u00a0", " ") == en


@given(st.integers(min_value=1000, max_value=10**10), st.integers(min_value=1, max_value=10**4))
def test_a_size_above_a_limit_is_never_written_as_the_limit(limit, excess):
    above, shown_limit = fmt_size(limit + excess, "fr", "up"), fmt_size(limit, "fr", "down")
    assert above != shown_limit
