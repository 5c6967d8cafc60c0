"""The envelope the dashboard reads against: configured for the département, else the call's
for the département, else the call's national one, each with its source."""

from dataclasses import replace
from decimal import Decimal

from grants.call import Sourced, get_call
from grants.envelope import CALL_DEPARTEMENT, CALL_NATIONAL, SETTING, envelope_for


def test_the_2021_call_carries_its_national_envelope_with_its_source():
    call = get_call("snee-2021")
    assert call.envelope_national.value == Decimal("105000000.00")
    assert "105 M€" in call.envelope_national.source and call.envelope_national.confidence == "C"
    assert call.envelope_departements == {}  # the call's text gives no figure per département


def test_without_a_setting_the_national_envelope_is_used_and_said():
    envelope = envelope_for(get_call("snee-2021"), "71", {})
    assert envelope.origin == CALL_NATIONAL and envelope.national
    assert envelope.amount == get_call("snee-2021").envelope_national.value
    assert envelope.source == get_call("snee-2021").envelope_national.source


def test_the_setting_wins_for_its_departement_only():
    call = get_call("snee-2021")
    configured = {"71": Decimal("1200000")}
    assert envelope_for(call, "71", configured).origin == SETTING
    assert envelope_for(call, "71", configured).amount == Decimal("1200000")
    assert envelope_for(call, "21", configured).origin == CALL_NATIONAL


def test_a_departement_figure_of_the_call_comes_before_the_national_one():
    call = replace(
        get_call("snee-2021"),
        envelope_departements={"2A": Sourced(Decimal("310000"), "rectorat de Corse", "C")},
    )
    envelope = envelope_for(call, "2a", {})
    assert envelope.origin == CALL_DEPARTEMENT and envelope.amount == Decimal("310000")
    assert envelope.source == "rectorat de Corse"
    assert envelope_for(call, "2B", {}).origin == CALL_NATIONAL


def test_a_call_without_envelope_gives_none():
    label = get_call("label-ecoles-numeriques-2020")
    assert label.envelope_national is None
    assert envelope_for(label, "71", {}) is None
    assert envelope_for(None, "71", {}) is None
