"""The fast amount formatter gives exactly what grants.i18n.fmt_money gives."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from exports.formats import money_formatter
from grants.i18n import fmt_money

AMOUNTS = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False, allow_infinity=False
)


@given(AMOUNTS, st.sampled_from(["fr", "en"]))
def test_the_fast_formatter_writes_amounts_as_fmt_money_does(amount, locale):
    assert money_formatter(locale)(amount) == fmt_money(amount, locale)
