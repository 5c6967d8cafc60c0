"""The small directory files written in the official formats, and a directory loaded from them."""

from __future__ import annotations

from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"
ANNUAIRE_2026, ANNUAIRE_2023 = FILES / "annuaire-2026.csv", FILES / "annuaire-2023.csv"
EFFECTIFS = FILES / "effectifs.csv"
# The schools of the files (Saint-Rémy, INSEE 71412, is the test collectivité's commune)
FERRY, TILLEULS, MATERNELLE, SAINTE_THERESE, SAINT_JOSEPH, MONTESSORI = (
    "0710001R",
    "0710002S",
    "0710003T",
    "0710004U",
    "0710005V",
    "0710006W",
)
BOURG_CHALON, VAUX_CHALON = "0710009Z", "0710011B"


@pytest.fixture
def load(app):
    """Run `flask directory load FILE…`; returns the click result."""

    def run(*files: Path):
        return app.test_cli_runner().invoke(args=["directory", "load", *map(str, files)])

    return run


@pytest.fixture
def loaded(load):
    """The directory of the three test files."""
    result = load(ANNUAIRE_2026, ANNUAIRE_2023, EFFECTIFS)
    assert result.exit_code == 0, result.output
    return result
