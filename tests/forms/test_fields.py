"""Numbers as city staff type them."""

from decimal import Decimal

import pytest

from forms.fields import parse_french_number


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1 234,56", "1234.56"),
        ("1234,5", "1234.5"),
        ("1\u202f234,56 €", "1234.56"),
        ("1\u00a0234", "1234"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("2100.00", "2100.00"),
        ("20 %", "20"),
        ("0,2", "0.2"),
        ("-5", "-5"),
    ],
)
def test_a_number_typed_the_french_or_the_english_way_is_read(typed, expected):
    assert parse_french_number(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["", "trois", "1,2,3", "1..2", "12a", "€", "1e5", "NaN"])
def test_what_is_not_a_number_is_refused(typed):
    assert parse_french_number(typed) is None
