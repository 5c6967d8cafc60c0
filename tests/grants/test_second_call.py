"""A second call is a second definition: the same rules read other values, with no new code."""

from dataclasses import fields
from decimal import Decimal

import pytest

from grants.call import CALLS_DIR, Band, get_call, known_calls, load_call

from .factories import SNEE, dossier, equipment, evaluated, findings, school, service


def nine_thousand_euros_for_two_classes():
    s = school(classes=2, pupils=50)
    return dossier(schools=[s], lines=[equipment(s.uai, "9000.00"), service("1500.00")])


def test_a_call_with_other_bands_and_cap_gives_another_subsidy():
    d = nine_thousand_euros_for_two_classes()
    generous = SNEE.with_values(
        equipment_bands=(Band(None, Decimal("0.80")),), equipment_cap_per_class=Decimal("5000.00")
    )
    first, second = evaluated(d), evaluated(d, generous)
    assert (first.funding.equipment.eligible, first.funding.equipment.subsidy) == (
        Decimal("7000.00"),
        Decimal("4900.00"),
    )
    assert (second.funding.equipment.eligible, second.funding.equipment.subsidy) == (
        Decimal("9000.00"),
        Decimal("7200.00"),
    )
    assert ("EQ-CAP-CLASS", "schools[0]") in findings(d)
    assert ("EQ-CAP-CLASS", "schools[0]") not in findings(d, generous)


def test_the_original_call_is_left_as_it_was():
    SNEE.with_values(equipment_cap_per_class=Decimal("1.00"))
    assert get_call("snee-2021").equipment_cap_per_class == Decimal("3500.00")


@pytest.mark.parametrize(
    "total, bands, threshold",
    [
        ("150000.00", "105000.00", "105000.00"),
        ("200000.00", "140000.00", "140000.00"),
        ("300000.00", "190000.00", "150000.00"),  # the whole amount at 50 % once above 200,000 €
    ],
)
def test_the_bands_may_be_read_as_a_threshold_on_the_total(total, bands, threshold):
    s = school(classes=100, pupils=2000)
    d = dossier(schools=[s], lines=[equipment(s.uai, total), service()])
    as_threshold = SNEE.with_values(equipment_band_reading="threshold")
    assert evaluated(d).funding.equipment.subsidy == Decimal(bands)
    assert evaluated(d, as_threshold).funding.equipment.subsidy == Decimal(threshold)


def test_a_call_written_in_its_own_toml_file_is_loaded_and_applied(tmp_path):
    text = (CALLS_DIR / "snee-2021.toml").read_text(encoding="utf-8")
    old = '[values.services_cap_per_pupil]\nvalue = "20.00"'
    assert text.count(old) == 1
    text = text.replace('id = "snee-2021"', 'id = "snee-2022"').replace(
        old, '[values.services_cap_per_pupil]\nvalue = "40.00"'
    )
    (tmp_path / "snee-2022.toml").write_text(text, encoding="utf-8")

    second = load_call(tmp_path / "snee-2022.toml")
    d = nine_thousand_euros_for_two_classes()
    assert second.id == "snee-2022"
    assert second.services_cap_per_pupil == Decimal("40.00")
    assert evaluated(d).funding.services.eligible == Decimal("1000.00")  # 20 € × 50 pupils
    assert evaluated(d, second).funding.services.eligible == Decimal("1500.00")
    assert ("SRV-CAP-PUPIL", "funding.services") not in findings(d, second)


def test_the_installed_call_is_known_and_a_stranger_is_not():
    assert "snee-2021" in known_calls()
    assert get_call("snee-2031") is None
    assert get_call("../calls/snee-2021") is None


@pytest.mark.parametrize(
    "name",
    [
        "opens",
        "closes",
        "equipment_cap_per_class",
        "equipment_min_per_school",
        "equipment_ceiling",
        "equipment_bands",
        "services_rate",
        "services_cap_per_pupil",
        "services_max_months",
        "min_own_share",
        "own_share_exempt_departements",
        "project_min_chars",
    ],
)
def test_every_figure_of_the_call_has_a_source_and_a_confidence(name):
    sourced = load_call(CALLS_DIR / "snee-2021.toml").sources[name]
    assert sourced.source
    assert sourced.confidence in ("C", "S", "U")


def test_every_sourced_value_is_one_the_rules_read():
    loaded = load_call(CALLS_DIR / "snee-2021.toml")
    assert set(loaded.sources) <= {f.name for f in fields(loaded)}


def test_every_category_of_the_referentiel_is_in_the_call():
    volets = {code: c.volet for code, c in SNEE.categories.items()}
    assert volets["classe_affichage"] == 1 and volets["service_ent"] == 2 and volets["formation"] == 0
    assert len(volets) == 21
