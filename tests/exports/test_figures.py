"""The figures of the candidature are the evaluation's, defined once in grants.summary: the
eligible schools' classes, the volet 2 base after the subscriptions' cut, the subsidy base after
the caps, shares that add up to 100 %, one explained own share; and French typography."""

from decimal import Decimal

import pytest

from grants.call import get_call
from grants.evaluation import evaluate
from grants.labels import PART_SUBSIDY_LABELS
from grants.numbers import fmt_money, fmt_number
from grants.summary import shares_to_hundred, summarize
from tests.grants import factories as f

from .reading import EXAMPLE_NAMES, example, export, plain


@pytest.fixture(scope="module")
def city():
    return export(example("ville-14-ecoles"))


def test_the_classes_counted_are_those_of_the_eligible_schools(city):
    funding = city.evaluation.funding
    expected = sum(s.classes for s in funding.schools if s.eligible)
    assert expected == 98  # the ineligible maternelle's 4 classes are not counted
    assert city.rows_of("Classes de cycles 2 et 3 (écoles éligibles)") == [
        ["Classes de cycles 2 et 3 (écoles éligibles)", "98"]
    ]
    assert any("classes de cycles 2 et 3 : 98 ;" in t for t in city.texts())
    assert not any("102" in t for t in city.texts() if "classes" in t.lower())


def test_the_subscription_cut_to_24_months_is_a_step_and_the_volet_2_base_is_what_remains(city):
    services = city.evaluation.funding.services
    assert services.before_cap == Decimal("24600.00") and services.expense == Decimal("27600.00")
    steps = city.rows_of("Durée retenue : « Manuels numériques »")
    assert steps == [
        [
            "Durée retenue : « Manuels numériques »",
            "9 000,00 € × 24 / 36 mois = 6 000,00 €".replace(" €", "\xa0€")
            .replace("9 000", "9\u202f000")
            .replace("6 000", "6\u202f000"),
        ]
    ]
    volet2 = city.rows_of("Volet 2 : services et ressources numériques")
    recap = [row for row in volet2 if len(row) == 4]
    assert recap and recap[0][3] == fmt_money(services.eligible, "fr") == fmt_money(Decimal("24600.00"), "fr")
    assert ["Retenu au volet 2 après la durée maximale (avant le plafond par élève)"] * 4 + [
        fmt_money(Decimal("24600.00"), "fr"),
        "",
        "",
    ] in city.rows_of("Retenu au volet 2 après la durée maximale (avant le plafond par élève)")


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_subsidy_base_excludes_the_ineligible_schools_and_what_exceeds_the_caps(name):
    exported = export(example(name))
    funding = exported.evaluation.funding
    base = sum((p.eligible for p in funding.parts), Decimal(0))  # each part within its caps
    if exported.evaluation.call.funding_model == "volets":
        assert base == funding.equipment.eligible + funding.services.eligible
    total = [row for row in exported.rows_of("Coût du projet") if len(row) > 2]  # the budget's total
    assert len(total) == 1
    money = lambda x: fmt_money(x, "fr")  # noqa: E731
    assert total[0][:3] == ["Coût du projet", money(funding.total_ht), money(funding.total_ttc)]
    assert money(base) in total[0][3:]
    assert exported.rows_of("Base de la subvention (après plafonds)") == [
        ["Base de la subvention (après plafonds)", fmt_money(base, "fr")]
    ]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_summary_shows_the_evaluations_figures(name):
    dossier = example(name)
    exported = export(dossier)
    ev = evaluate(dossier, get_call(dossier.call))
    s = summarize(dossier, ev.funding, ev.call)
    # Each part as the call names it (`part.<key>.subsidy`), else by its key's neutral name.
    named = lambda key: ev.call.text(f"part.{key}.subsidy") or PART_SUBSIDY_LABELS[key]  # noqa: E731
    parts = [(named(p.key), fmt_money(p.subsidy, "fr")) for p in ev.funding.parts]
    assert parts, "every call's funding has parts"
    for label, value in (
        ("Écoles éligibles", fmt_number(sum(1 for x in ev.funding.schools if x.eligible), "fr")),
        ("Coût total HT", fmt_money(ev.funding.total_ht, "fr")),
        ("Coût total TTC", fmt_money(ev.funding.total_ttc, "fr")),
        *parts,
        ("Autres financements", fmt_money(ev.funding.cofunding, "fr")),
    ):
        assert [label, value] in exported.rows_of(label), label  # the summary (a step may share the label)
    own = exported.rows_of("Part de la collectivité")
    assert own and own[0][1].startswith(fmt_money(ev.funding.own_contribution, "fr"))
    assert s.subsidy_base == sum((p.eligible for p in ev.funding.parts), Decimal(0))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_shares_of_the_resources_add_up_to_100_percent(name):
    exported = export(example(name))
    rows = [r for r in exported.rows_of("") if len(r) == 6 and r[5].endswith("%")]
    *resources, total = rows
    shares = [Decimal(r[5].removesuffix("%").strip().replace(",", ".")) for r in resources]
    assert total[1] == "Total : coût du projet" and total[5].replace(",0", "").strip() in ("100 %", "0 %")
    if exported.evaluation.funding.project_cost > 0 and exported.evaluation.funding.own_contribution >= 0:
        assert sum(shares) == 100


def test_largest_remainder_rounding_makes_shares_add_up_exactly():
    amounts = [Decimal(1), Decimal(1), Decimal(1)]
    naive = [round(a / 3 * 100, 1) for a in amounts]
    assert sum(naive) != 100  # 33.3 × 3 = 99.9
    shares = shares_to_hundred(amounts, Decimal(3))
    assert sum(shares) == 1 and sorted(shares) == [Decimal("0.333"), Decimal("0.333"), Decimal("0.334")]
    assert shares_to_hundred([Decimal(0), Decimal(5)], Decimal(5)) == [Decimal(0), Decimal(1)]


def test_one_explained_own_share_when_a_private_funder_takes_part():
    d = f.dossier(cofunding=[f.cofunder("500.00", kind="mecene", status="granted")])
    text = export(d).text()
    assert "du financement public, c'est-à-dire du coût du projet moins les aides privées" in text
    assert "moins les aides privées de 500,00\xa0€" in text
    assert "du coût du projet)" not in text  # one measure of the share: of the public financing


def test_french_typography_non_breaking_spaces_and_first_of_the_month():
    exported = export(example("ville-14-ecoles"))
    raw = "\n".join(exported.raw_texts())
    for mark in (";", ":", "!", "?", "%", "»"):
        assert f" {mark}" not in raw, mark
    assert "« " not in raw
    assert "1er mars 2021" in raw  # generated on 1 March 2021


def test_the_label_dossier_is_laid_out_school_by_school_within_the_band_without_volets():
    dossier = example("label-village")
    exported = export(dossier)
    funding, call = exported.evaluation.funding, exported.evaluation.call
    money = lambda x: fmt_money(x, "fr")  # noqa: E731
    text = exported.text()
    assert "Label Écoles numériques 2020" in text and "Programme d'investissements d'avenir" in text
    assert "volet" not in text.lower()  # no volet in this call's subsidy (nor France Relance)
    headings = {plain(c.text) for t in exported.tables() for c in t.rows[0].cells}
    assert f"Retenu (de {money(call.school_floor)} à {money(call.school_cap)})" in headings
    for school in funding.schools:  # each school's spend, what the band retains, its subsidy
        row = exported.rows_of(school.name)[0]
        assert row[3:] == [money(school.expense), money(school.eligible_expense), money(school.subsidy)]
    label = "Classes, maternelle comprise (écoles éligibles)"
    assert exported.rows_of(label) == [
        [label, fmt_number(sum(s.classes for s in funding.schools if s.eligible), "fr")]
    ]
    population = (
        f"Population de la commune (l'appel : au plus {fmt_number(call.max_population, 'fr')} habitants)"
    )
    assert exported.rows_of(population) == [[population, fmt_number(dossier.collectivite.population, "fr")]]


@pytest.mark.parametrize("vat_recovered", [True, False])
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_cover_gives_the_cost_the_subsidy_is_computed_on(name, vat_recovered):
    """The cover's project cost is the funding panel's: on the subsidy's base, TTC when the
    collectivité does not recover VAT (it said HT whatever the base)."""
    import dataclasses

    dossier = example(name)
    dossier = dataclasses.replace(
        dossier, collectivite=dataclasses.replace(dossier.collectivite, vat_recovered=vat_recovered)
    )
    ev = evaluate(dossier, get_call(dossier.call))
    label = "Coût du projet (HT)" if vat_recovered else "Coût du projet (TTC)"
    other = "Coût du projet (TTC)" if vat_recovered else "Coût du projet (HT)"
    exported = export(dossier)
    assert [label, fmt_money(ev.funding.project_cost, "fr")] in exported.rows_of(label)
    assert not exported.rows_of(other)
