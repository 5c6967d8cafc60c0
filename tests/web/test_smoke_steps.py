"""Every step of the wizard renders for the demo dossier."""

import pytest

from services.steps import STEP_KEYS


@pytest.mark.parametrize("step", STEP_KEYS)
def test_each_step_of_a_new_dossier_renders(team, step):
    member, _org, dossier_id = team
    response = member.get(f"/dossiers/{dossier_id}/{step}")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
