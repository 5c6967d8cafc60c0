"""Reading a dossier's JSON: every problem at once, each naming its place, or a dossier."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from grants.loader import DossierError, dossier_from_data, dossier_from_json, dossier_to_data

from .factories import dossier, equipment, school, service

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.json"))
DOSSIERS = [p for p in EXAMPLES if not p.name.endswith(".expected.json")]


def data(**changes) -> dict:
    """The default dossier as JSON data, after `changes` to its top-level keys."""
    d = dossier(schools=[school(1), school(2), school(3)], lines=[equipment(school(1).uai), service()])
    return {**dossier_to_data(d), **changes}


def errors(document) -> list[tuple[str, str]]:
    """(path, French message) of each problem the loader reports."""
    with pytest.raises(DossierError) as caught:
        dossier_from_data(document)
    return [(e.path, e.render("fr")) for e in caught.value.errors]


def test_every_example_dossier_is_read():
    assert len(DOSSIERS) >= 3
    for path in DOSSIERS:
        assert dossier_from_json(path.read_bytes()).call in ("snee-2021", "label-ecoles-numeriques-2020")


@pytest.mark.parametrize("path", DOSSIERS, ids=lambda p: p.stem)
def test_an_example_dossier_survives_a_round_trip(path):
    original = json.loads(path.read_text(encoding="utf-8"))
    assert dossier_to_data(dossier_from_data(original)) == original


def test_a_factory_dossier_survives_a_round_trip():
    document = data()
    assert dossier_to_data(dossier_from_data(document)) == document


@pytest.mark.parametrize("written", ["2100.00", "2100", 2100, 2100.0, "2100.0000"])
def test_money_may_be_a_string_or_a_number(written):
    document = data()
    document["lines"][0]["unit_price_ht"] = written
    assert dossier_from_data(document).lines[0].unit_price_ht == Decimal("2100")


def test_a_json_float_is_read_by_its_text_not_its_binary_value():
    document = data()
    document["lines"][0]["unit_price_ht"] = 0.1
    assert dossier_from_data(document).lines[0].unit_price_ht == Decimal("0.1")


def test_a_word_where_a_count_is_expected_names_its_school():
    document = data()
    document["schools"][2]["classes"] = "trois"
    assert errors(document) == [
        ("schools[2].classes", 'schools[2].classes: un nombre entier est attendu, reçu "trois"'),
    ]


def test_every_problem_is_reported_at_once_one_per_place():
    document = data()
    del document["schools"][0]["uai"]
    document["schools"][1]["pupils"] = 12.5
    document["lines"][1]["quantity"] = -2
    document["collectivite"]["vat_recovered"] = "oui"
    assert [path for path, _ in errors(document)] == [
        "collectivite.vat_recovered",
        "schools[0].uai",
        "schools[1].pupils",
        "lines[1].quantity",
    ]


@pytest.mark.parametrize(
    "field, value",
    [
        ("quantity", -1),
        ("quantity", 0),
        ("quantity", "-0.5"),
        ("unit_price_ht", "-10.00"),
        ("unit_price_ht", "douze"),
        ("unit_price_ht", "12,50"),
        ("unit_price_ht", "0.12345"),
        ("unit_price_ht", True),
        ("unit_price_ht", "NaN"),
        ("unit_price_ht", "Infinity"),
        ("unit_price_ht", [12]),
        ("vat_rate", "20"),
        ("vat_rate", "-0.2"),
        ("duration_months", 0),
        ("duration_months", "24"),
        ("school", 71),
        ("category", 3),
    ],
)
def test_a_wrong_line_value_is_refused_with_its_path(field, value):
    document = data()
    document["lines"][1][field] = value
    assert [path for path, _ in errors(document)] == [f"lines[1].{field}"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("classes", -1),
        ("classes", "4"),
        ("classes", 2.5),
        ("pupils", None),
        ("uai", 750655),
        ("inventory", ["classe_affichage"]),
    ],
)
def test_a_wrong_school_value_is_refused_with_its_path(field, value):
    document = data()
    document["schools"][1][field] = value
    assert [path for path, _ in errors(document)] == [f"schools[1].{field}"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("amount", "-100.00"),
        ("amount", "10.001"),
        ("kind", "mecene"),
        ("status", "promis"),
    ],
)
def test_a_wrong_cofunder_is_refused_with_its_path(field, value):
    document = data()
    document["cofunding"] = [
        {
            "funder": "Département",
            "kind": "departement",
            "amount": "100.00",
            "status": "requested",
            field: value,
        }
    ]
    assert [path for path, _ in errors(document)] == [f"cofunding[0].{field}"]


@pytest.mark.parametrize(
    "where, value",
    [
        ("schools", {"uai": "0710001R"}),
        ("lines", "aucune"),
        ("collectivite", []),
        ("project", "texte"),
    ],
)
def test_a_section_of_the_wrong_type_is_refused(where, value):
    paths = [path for path, _ in errors(data(**{where: value}))]
    assert paths == [where]


@pytest.mark.parametrize(
    "field, value",
    [
        ("quantity", 10**12),
        ("unit_price_ht", "1e30"),
        ("unit_price_ht", "123456789012345678901234567.12345"),
    ],
)
def test_an_absurdly_large_number_is_refused_rather_than_overflowing_later(field, value):
    document = data()
    document["lines"][0][field] = value
    assert [path for path, _ in errors(document)] == [f"lines[0].{field}"]


def test_an_absurd_number_of_classes_is_refused():
    document = data()
    document["schools"][0]["classes"] = 10**30
    assert [path for path, _ in errors(document)] == ["schools[0].classes"]


@pytest.mark.parametrize("document", [[], "dossier", 42, None, True])
def test_a_json_document_that_is_not_an_object_is_refused(document):
    assert errors(document) == [("", f"un objet JSON ({{…}}) est attendu, reçu {json.dumps(document)}")]


@pytest.mark.parametrize("text", ["", "{", "{'call': 'snee-2021'}", "<dossier/>", b"\xff\xfe"])
def test_a_file_that_is_not_json_is_refused_with_the_reason(text):
    with pytest.raises(DossierError) as caught:
        dossier_from_json(text)
    [error] = caught.value.errors
    assert error.render("fr").startswith("le fichier n'est pas du JSON valide : ")


def test_an_empty_object_lists_every_missing_section():
    assert [path for path, _ in errors({})] == ["format", "call", "collectivite", "schools", "lines"]


def test_a_missing_required_value_says_it_is_required():
    document = data()
    del document["collectivite"]["siret"]
    assert errors(document) == [("collectivite.siret", "collectivite.siret: cette valeur est obligatoire")]


def test_another_format_is_refused():
    assert [path for path, _ in errors(data(format="dossier-snee/2"))] == ["format"]


def test_an_unknown_call_is_refused_naming_the_known_ones():
    with pytest.raises(DossierError) as caught:
        dossier_from_data(data(call="snee-2031"), known_calls=("snee-2021",))
    [error] = caught.value.errors
    assert error.path == "call"
    assert "snee-2031" in error.render("fr") and "snee-2021" in error.render("fr")


def test_unknown_keys_are_ignored_everywhere():
    document = data(comment="exporté par un tableur")
    document["collectivite"]["siren"] = "217101120"
    document["schools"][0]["directrice"] = "Mme Martin"
    document["lines"][0]["fournisseur"] = "UGAP"
    assert dossier_from_data(document) == dossier_from_data(data())


def test_optional_values_take_their_defaults():
    document = data()
    del document["lines"][1]["vat_rate"], document["lines"][1]["duration_months"]
    del document["collectivite"]["vat_recovered"], document["project"], document["cofunding"]
    d = dossier_from_data(document)
    assert d.lines[1].vat_rate is None and d.lines[1].duration_months is None
    assert d.collectivite.vat_recovered is True
    assert d.cofunding == [] and d.project.length() == 0


def test_an_error_renders_in_english_too():
    document = data()
    document["schools"][2]["classes"] = "trois"
    with pytest.raises(DossierError) as caught:
        dossier_from_data(document)
    [english] = caught.value.render("en")
    assert english.startswith("schools[2].classes: ") and '"trois"' in english
    assert "entier" not in english


@pytest.mark.parametrize("rate", ["1000000", "0.196", "0.07", "1"])
def test_a_vat_rate_that_does_not_exist_is_refused_naming_its_path(rate):
    from grants.loader import DossierError, dossier_from_data

    data = json.loads(
        (Path(__file__).parent.parent / "examples" / "petite-commune.json").read_text(encoding="utf-8")
    )
    data["lines"][1]["vat_rate"] = rate
    with pytest.raises(DossierError) as raised:
        dossier_from_data(data)
    (message,) = raised.value.render("fr")
    assert message.startswith("lines[1].vat_rate: le taux de TVA ")
    assert "0 %, 2,1 %, 5,5 %, 10 %, 20 %" in message


@pytest.mark.parametrize("rate", ["0", "0.021", "0.055", "0.1", "0.10", "0.2"])
def test_every_french_vat_rate_is_read(rate):
    from grants.loader import dossier_from_data

    data = json.loads(
        (Path(__file__).parent.parent / "examples" / "petite-commune.json").read_text(encoding="utf-8")
    )
    data["lines"][0]["vat_rate"] = rate
    assert dossier_from_data(data).lines[0].vat_rate == Decimal(rate)


def _with_rate_funder(**funder):
    data = json.loads(
        (Path(__file__).parent.parent / "examples" / "petite-commune.json").read_text(encoding="utf-8")
    )
    data["cofunding"] = [{"funder": "Département", "kind": "departement", "status": "requested", **funder}]
    return data


def test_a_rate_and_an_amount_that_disagree_are_refused_naming_the_amount():
    from grants.call import get_call
    from grants.funding import compute_funding

    data = _with_rate_funder(rate="0.10", base="project", amount="25000.00")
    with pytest.raises(DossierError) as raised:
        dossier_from_data(data)
    (message,) = raised.value.render("fr")
    message = message.replace("\u202f", " ").replace("\xa0", " ")
    assert message.startswith(
        "cofunding[0].amount: le montant 25 000,00 € ne correspond pas au taux : 10 % × "
    )
    data["cofunding"][0].pop("amount")
    read = dossier_from_data(data)
    cost = compute_funding(read, get_call("snee-2021")).project_cost
    assert read.cofunding[0].amount == (cost / 10).quantize(Decimal("0.01"))


def test_a_rate_funder_reads_the_same_in_evaluate_and_after_a_round_trip():
    from grants.call import get_call
    from grants.evaluation import evaluate

    data = _with_rate_funder(rate="0.10", base="equipment")
    read = dossier_from_data(data)
    again = dossier_from_data(dossier_to_data(read))
    assert dossier_to_data(again) == dossier_to_data(read)
    call = get_call("snee-2021")
    funding = evaluate(read, call).funding
    assert funding.cofunder_amounts == [read.cofunding[0].amount] == [again.cofunding[0].amount]
    assert read.cofunding[0].amount == (funding.equipment.expense / 10).quantize(Decimal("0.01"))
    assert dossier_to_data(read)["cofunding"][0] == {
        "funder": "Département",
        "kind": "departement",
        "amount": str(read.cofunding[0].amount),
        "status": "requested",
        "rate": "0.10",
        "base": "equipment",
    }


@pytest.mark.parametrize(
    "funder, path",
    [
        ({"rate": "0.10"}, "cofunding[0].base"),
        ({"base": "project", "amount": "10.00"}, "cofunding[0].rate"),
        ({"rate": "1.5", "base": "project"}, "cofunding[0].rate"),
        ({}, "cofunding[0].amount"),
    ],
)
def test_a_rate_without_its_base_or_a_base_without_its_rate_is_named(funder, path):
    with pytest.raises(DossierError) as raised:
        dossier_from_data(_with_rate_funder(**funder))
    assert [e.path for e in raised.value.errors] == [path]
