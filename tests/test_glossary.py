"""One English word for each term of the call: « volet » is « strand », never « part »."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(p for p in ROOT.glob("**/translations/en/LC_MESSAGES/*.po") if ".venv" not in p.parts)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_volet_is_strand_in_english(path):
    with path.open("rb") as fh:
        catalogue = read_po(fh)
    wrong = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        about_volet = any(re.search(r"volet", i or "", re.I) for i in ids)
        if about_volet and any(re.search(r"\bparts?\b", s or "", re.I) for s in strings):
            wrong.append(f"{ids[0]!r} → {strings[0]!r}")
    assert not wrong, "\n".join(wrong)
