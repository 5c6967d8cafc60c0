"""What holds for every dossier, not only the ones a person thought of."""

import json
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.evaluation import evaluate, evaluation_to_data
from grants.loader import DossierError, dossier_from_data, dossier_to_data
from grants.money import cents

from .factories import SNEE, dossier
from .strategies import dossiers, lines

PROPERTIES = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTIES
@given(dossiers())
def test_a_dossier_the_loader_accepts_is_always_evaluated(d):
    loaded = dossier_from_data(json.loads(json.dumps(dossier_to_data(d))))
    for locale in ("fr", "en"):
        data = evaluation_to_data(evaluate(loaded, SNEE), locale)
        assert all("%(" not in finding["message"] for finding in data["findings"])


# Anything JSON can hold, where the format expects a number, a text or an identifier.
json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=12),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.lists(st.integers(), max_size=2),
    # Magnitudes beyond any budget: they must be refused, not overflow Decimal's precision later.
    st.integers(10**9, 10**40),
    st.floats(1e9, 1e300),
    st.integers(10**9, 10**40).map(lambda n: f"{n}.12345"),
)
PLACES = [
    ("schools", 0, "classes"),
    ("schools", 0, "pupils"),
    ("schools", 0, "uai"),
    ("lines", 0, "quantity"),
    ("lines", 0, "unit_price_ht"),
    ("lines", 0, "vat_rate"),
    ("lines", 1, "duration_months"),
    ("lines", 1, "school"),
    ("lines", 0, "category"),
    ("cofunding", 0, "amount"),
    ("cofunding", 0, "rate"),
]


@PROPERTIES
@given(st.lists(st.tuples(st.sampled_from(PLACES), json_values), min_size=1, max_size=4))
def test_any_value_in_any_field_is_either_refused_or_evaluated(changes):
    document = dossier_to_data(dossier())
    document["cofunding"] = [
        {"funder": "Département", "kind": "departement", "amount": "100.00", "status": "requested"}
    ]
    for (section, index, key), value in changes:
        document[section][index][key] = value
    try:
        loaded = dossier_from_data(document)
    except DossierError as refused:
        assert refused.errors and all(e.render("en") for e in refused.errors)
        return
    evaluation_to_data(evaluate(loaded, SNEE), "fr")


@PROPERTIES
@given(dossiers())
def test_the_state_never_gives_more_than_the_calls_rates_of_what_is_eligible(d):
    f = evaluate(d, SNEE).funding
    best_equipment_rate = max(band.rate for band in SNEE.equipment_bands)
    # Each volet is rounded half-up to the cent, as the call prescribes; no more than that.
    assert f.state_subsidy <= cents(best_equipment_rate * f.equipment.eligible) + cents(
        SNEE.services_rate * f.services.eligible
    )
    assert f.equipment.eligible <= min(f.equipment.expense, SNEE.equipment_ceiling)
    assert f.services.eligible <= f.services.expense
    pupils = sum(s.pupils for s in f.schools if s.eligible)
    assert f.services.eligible <= SNEE.services_cap_per_pupil * pupils
    assert f.state_subsidy + f.cofunding + f.own_contribution == f.project_cost


@PROPERTIES
@given(st.data())
def test_adding_a_line_never_lowers_the_subsidy(data):
    d = data.draw(dossiers())
    extra = data.draw(lines([s.uai for s in d.schools]))
    position = data.draw(st.integers(0, len(d.lines)))
    bigger = replace(d, lines=d.lines[:position] + [extra] + d.lines[position:])
    assert evaluate(bigger, SNEE).funding.state_subsidy >= evaluate(d, SNEE).funding.state_subsidy


@PROPERTIES
@given(dossiers())
def test_the_evaluation_is_eligible_exactly_when_nothing_blocks(d):
    ev = evaluate(d, SNEE)
    assert ev.eligible == (ev.blocking() == [])
    assert {x.severity for x in ev.findings} <= {"blocking", "warning", "info"}


def _as_label(d):
    return replace(d, call="label-ecoles-numeriques-2020")


@PROPERTIES
@given(dossiers())
def test_a_label_dossier_the_loader_accepts_is_always_evaluated(d):
    from .factories import LABEL

    loaded = dossier_from_data(json.loads(json.dumps(dossier_to_data(_as_label(d)))))
    for locale in ("fr", "en"):
        data = evaluation_to_data(evaluate(loaded, LABEL), locale)
        assert set(data["funding"]) >= {"expense", "eligible", "state_subsidy"}
        assert all("%(" not in finding["message"] for finding in data["findings"])


@PROPERTIES
@given(dossiers())
def test_the_label_never_gives_more_than_its_rate_of_each_schools_band(d):
    from .factories import LABEL

    f = evaluate(_as_label(d), LABEL).funding
    for s in f.schools:
        assert s.subsidy == cents(LABEL.school_rate * s.eligible_expense)
        assert s.eligible_expense <= min(s.expense, LABEL.school_cap)
        assert (
            s.subsidy == 0
            or LABEL.school_rate * LABEL.school_floor <= s.subsidy <= LABEL.school_rate * LABEL.school_cap
        )
        assert s.eligible or s.subsidy == 0
    assert f.state_subsidy == sum(s.subsidy for s in f.schools)
    # Each school's subsidy is rounded half-up to the cent: at most half a cent more per school.
    assert f.state_subsidy <= LABEL.school_rate * f.parts[0].eligible + len(f.schools) * cents(
        Decimal("0.005")
    )
