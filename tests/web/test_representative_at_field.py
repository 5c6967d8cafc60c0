"""The legal representative's finding is shown, marked and read at the field that is missing:
the title under « Qualité », the name under the name, both at each (and the recap's link goes
to that field)."""

from __future__ import annotations

import re

import pytest

from .factories import collectivite_form, record, squash, text
from .test_references import input_of


def _described(field: str) -> list[str]:
    match = re.search(r'aria-describedby="([^"]*)"', field)
    return match.group(1).split() if match else []


def _findings_of(page: str, field_id: str) -> str:
    match = re.search(rf'<ul class="findings" id="{field_id}-findings">(.*?)</ul>', page, re.S)
    return squash(match.group(1)) if match else ""


@pytest.mark.parametrize(
    "name, title, missing, marked",
    [
        ("Claire Moreau", "", "il manque la qualité", ["rep_title"]),
        ("", "Maire", "il manque le nom", ["rep_name"]),
        ("", "", "il manque le nom et la qualité", ["rep_name", "rep_title"]),
    ],
)
def test_the_representatives_finding_is_at_the_missing_field(team, name, title, missing, marked):
    member, _org, dossier_id = team
    form = collectivite_form(
        rep_name=name, rep_title=title, version=str(record(dossier_id).version_collectivite)
    )
    page = text(member.post(f"/dossiers/{dossier_id}/collectivite", form, follow_redirects=True))
    for field_id in ("rep_name", "rep_title"):
        field = input_of(page, field_id)
        if field_id in marked:
            assert missing in _findings_of(page, field_id)
            assert 'aria-invalid="true"' in field
            assert f"{field_id}-findings" in _described(field)
        else:
            assert "représentant légal" not in _findings_of(page, field_id)
            assert 'aria-invalid="true"' not in field
            assert f"{field_id}-findings" not in _described(field)
    recap = text(member.get(f"/dossiers/{dossier_id}/recap"))
    assert f'href="/dossiers/{dossier_id}/collectivite#{marked[0]}"' in recap
