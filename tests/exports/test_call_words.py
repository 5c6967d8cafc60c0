"""The Word documents say what the dossier's call says: a blank to sign when the representative
is not named, only the call's own rules, the call's words for the socle (issue #15's review)."""

from __future__ import annotations

import dataclasses

from grants.dossier import Person

from .reading import example, export


def test_without_a_name_the_commitments_leave_a_blank_line_to_fill():
    d = example("petite-commune")
    collectivite = dataclasses.replace(d.collectivite, representative=Person(name="", title="Maire"))
    text = export(dataclasses.replace(d, collectivite=collectivite)).text()
    assert "Je soussigné(e), ……" in text and "représentant légal de la collectivité" in text
    assert "soussigné :" not in text
