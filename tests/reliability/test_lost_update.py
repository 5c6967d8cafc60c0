"""Two colleagues change the same field of a dossier from the same version: the first save wins, the
second is shown (409) both values, who and when, to choose, and nothing of the first is
overwritten. (Different fields merge: tests/reliability/test_merge.py.)"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from .forms import form_posting_to


@dataclass(frozen=True)
class Part:
    name: str
    page: str  # {d}: the dossier; {school}, {line}, {funder}: ids in it
    action: str
    field: str  # the field both change
    first: str
    second: str


PARTS = [
    Part(
        "collectivité",
        "/dossiers/{d}/collectivite",
        "/dossiers/{d}/collectivite",
        "rep_name",
        "Maire Premier",
        "Maire Second",
    ),
    Part(
        "projet", "/dossiers/{d}/projet", "/dossiers/{d}/projet", "summary", "Résumé premier", "Résumé second"
    ),
    Part(
        "école",
        "/dossiers/{d}/ecoles/{school}",
        "/dossiers/{d}/ecoles/{school}",
        "name",
        "École Premier",
        "École Second",
    ),
    Part(
        "état des lieux",
        "/dossiers/{d}/etat",
        "/dossiers/{d}/etat/{school}",
        "inv_classe_affichage",
        "2",
        "3",
    ),
    Part(
        "ligne",
        "/dossiers/{d}/budget/{line}",
        "/dossiers/{d}/budget/{line}",
        "label",
        "Ligne premier",
        "Ligne second",
    ),
    Part(
        "cofinanceur",
        "/dossiers/{d}/cofinancements/{funder}",
        "/dossiers/{d}/cofinancements/{funder}",
        "funder",
        "Région Premier",
        "Région Second",
    ),
]


def _urls(part: Part, colleagues) -> tuple[str, str]:
    values = colleagues.world.values["A2"]
    ids = {
        "d": colleagues.dossier_id,
        "school": values["school_id"],
        "line": values["line_id"],
        "funder": values["funder_id"],
    }
    return part.page.format(**ids), part.action.format(**ids)


def _loaded(client, part: Part, colleagues) -> dict[str, str]:
    """The form as the client's browser shows it."""
    page, action = _urls(part, colleagues)
    fields = form_posting_to(client.get(page).get_data(as_text=True), action).fields
    assert part.field in fields, sorted(fields)
    return fields


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_the_second_save_from_the_same_version_is_refused_with_what_changed(colleagues, part):
    first_form, second_form = (
        _loaded(colleagues.first, part, colleagues),
        _loaded(colleagues.second, part, colleagues),
    )
    assert first_form["version"] == second_form["version"]
    _page, action = _urls(part, colleagues)
    saved = colleagues.first.post(action, data={**first_form, part.field: part.first})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]

    refused = colleagues.second.post(action, data={**second_form, part.field: part.second})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Un collègue a modifié les mêmes champs que vous" in body
    assert "Personne member_a" in body and part.first in body  # who, and what they wrote
    assert part.second in body  # the refused input is kept in the form, to be sent again

    after = _loaded(colleagues.first, part, colleagues)
    assert after[part.field] == part.first
    assert int(after["version"]) == int(first_form["version"]) + 1


@pytest.mark.parametrize("part", PARTS, ids=lambda p: p.name)
def test_sending_again_after_reading_the_conflict_applies_the_save(colleagues, part):
    first_form, second_form = (
        _loaded(colleagues.first, part, colleagues),
        _loaded(colleagues.second, part, colleagues),
    )
    _page, action = _urls(part, colleagues)
    colleagues.first.post(action, data={**first_form, part.field: part.first})
    refused = colleagues.second.post(action, data={**second_form, part.field: part.second})
    again = form_posting_to(refused.get_data(as_text=True), action).fields  # the form of the 409 page
    assert again[part.field] == part.second
    assert colleagues.second.post(action, data=again).status_code == 302
    assert _loaded(colleagues.first, part, colleagues)[part.field] == part.second


def test_of_many_simultaneous_saves_from_one_version_exactly_one_wins(app, colleagues):
    """Six saves at the same instant, from the same version: one 302, five 409, no error."""
    part = PARTS[0]
    form = _loaded(colleagues.first, part, colleagues)
    _page, action = _urls(part, colleagues)
    from .conftest import signed_in

    clients = [signed_in(app, colleagues.world.users["member_a"]) for _ in range(6)]
    start, answers = threading.Barrier(len(clients)), []

    def save(index: int, client) -> None:
        start.wait()
        answers.append(client.post(action, data={**form, part.field: f"Maire {index}"}).status_code)

    threads = [threading.Thread(target=save, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(answers) == [302] + [409] * 5
    assert int(_loaded(colleagues.first, part, colleagues)["version"]) == int(form["version"]) + 1


def test_simultaneous_additions_keep_the_figures_of_the_lists_right(app, colleagues):
    """Eight schools added at the same instant by eight sessions: all eight are there, and the
    figures the lists show (school count, cost) are those of the dossier with all eight."""
    from grants.identifiers import uai_check_letter
    from models import DossierRecord, db
    from services.dossiers import evaluated

    from .conftest import signed_in

    clients = [signed_in(app, colleagues.world.users["member_a"]) for _ in range(8)]
    start, answers = threading.Barrier(len(clients)), []
    url = f"/dossiers/{colleagues.dossier_id}/ecoles/nouvelle"

    def add(index: int, client) -> None:
        digits = f"07100{index + 10:02d}"
        start.wait()
        answers.append(
            client.post(
                url,
                data={
                    "uai": digits + uai_check_letter(digits),
                    "name": f"École {index}",
                    "kind": "elementaire",
                    "sector": "public",
                    "classes": "2",
                    "pupils": "40",
                },
            ).status_code
        )

    threads = [threading.Thread(target=add, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert answers == [302] * 8
    with app.app_context():
        rec = db.session.get(DossierRecord, colleagues.dossier_id)
        fresh = evaluated(rec).evaluation.funding
        assert len(rec.schools) == 9 and rec.school_count == 9
        assert rec.project_cost_cents == int(fresh.project_cost * 100)
