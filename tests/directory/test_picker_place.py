"""A school chosen from the directory comes with its commune, whichever way it is chosen: the
search box's suggestion fills the form's « Commune de l'école » (as the UAI check's « Reprendre
les données de l'annuaire » does), a ticked school and a picked one are stored with it. And the
directory keeps every rentrée of a school whatever the file's row order: the latest of all,
and the one each call counts."""

from __future__ import annotations

import random

import sqlalchemy as sa

from models import SchoolRecord, db

from .conftest import ANNUAIRE_2026, EFFECTIFS, FERRY, TILLEULS
from .test_call_figures import label_dossier
from .test_web import suggestions


def _commune(app, dossier_id: int, uai: str) -> str | None:
    with app.app_context():
        return db.session.scalar(
            sa.select(SchoolRecord.commune).where(
                SchoolRecord.dossier_id == dossier_id, SchoolRecord.uai == uai
            )
        )


def test_a_suggestion_fills_the_schools_commune(team, loaded):
    member, _org, dossier_id = team
    ferry = suggestions(member, dossier_id, "jules ferry")[FERRY]
    assert ferry["fields"]["commune"] == "Saint-Rémy"
    form = member.get(f"/dossiers/{dossier_id}/ecoles").get_data(as_text=True)
    assert 'name="commune"' in form  # the field the suggestion's value goes to


def test_a_picked_school_left_without_commune_takes_the_directorys(app, team, loaded):
    member, _org, dossier_id = team
    response = member.post(
        f"/dossiers/{dossier_id}/annuaire/fiche",
        {
            "uai": FERRY,
            "name": "Ecole élémentaire Jules Ferry",
            "kind": "elementaire",
            "sector": "public",
            "classes": "9",
            "pupils": "194",
            "commune": "",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert _commune(app, dossier_id, FERRY) == "Saint-Rémy"


def test_a_ticked_school_is_stored_with_its_commune(app, team, loaded):
    member, _org, dossier_id = team
    assert member.post(f"/dossiers/{dossier_id}/annuaire/ajouter", {"uai": TILLEULS}).status_code == 302
    assert _commune(app, dossier_id, TILLEULS) == "Saint-Rémy"


def _shuffled_effectifs(tmp_path, seed: int):
    """The test file's rows of the Jules Ferry school for rentrées 2019 to 2022, in another order."""
    header, *rows = EFFECTIFS.read_text(encoding="utf-8-sig").splitlines()
    ferry = [r for r in rows if f";{FERRY};" in r]
    latest = ferry[-1].split(";")
    latest[0], latest[11], latest[12] = "2022", "11", "230"  # rentrée 2022: 11 classes, 230 pupils
    ferry.append(";".join(latest))
    random.Random(seed).shuffle(ferry)
    path = tmp_path / f"effectifs-{seed}.csv"
    path.write_text("\ufeff" + "\r\n".join([header, *ferry]) + "\r\n", encoding="utf-8")
    return path, [r.split(";")[0] for r in ferry]


def test_every_rentree_is_kept_whatever_the_row_order(app, team, load, tmp_path):
    from services.directory import latest_headcounts

    member, org_id, dossier_id = team
    label_id = label_dossier(member, org_id)
    orders = set()
    for seed in range(6):
        path, order = _shuffled_effectifs(tmp_path, seed)
        orders.add(tuple(order))
        result = load(ANNUAIRE_2026, path)
        assert result.exit_code == 0, result.output
        with app.app_context():
            latest = latest_headcounts([FERRY], None)[FERRY]
        assert (latest.rentree, latest.classes, latest.pupils) == (2022, 11, 230)
        # Each call counts the rentrée under way when it opened (its wording says so).
        assert suggestions(member, dossier_id, "jules ferry")[FERRY]["rentree"] == 2020
        assert suggestions(member, label_id, "jules ferry")[FERRY]["rentree"] == 2019
    assert len(orders) > 1
