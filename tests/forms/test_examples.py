"""Every example a message gives is a value its field accepts."""

import phonenumbers
import pytest

from forms.fields import parse_french_number
from grants.identifiers import uai_is_valid


def test_the_uai_example_is_a_valid_uai():
    assert uai_is_valid("0750655E")


@pytest.mark.parametrize("example", ["02 99 12 34 56", "+33 2 99 12 34 56"])
def test_the_phone_examples_are_real_numbers(example):
    assert phonenumbers.is_valid_number(phonenumbers.parse(example, "FR"))


@pytest.mark.parametrize("example", ["20", "5,5"])
def test_the_rate_examples_are_rates(example):
    assert 0 <= parse_french_number(example) <= 100


def test_the_amount_example_is_an_amount():
    assert str(parse_french_number("1 234,56")) == "1234.56"
