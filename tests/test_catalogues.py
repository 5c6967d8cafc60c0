"""French is the source language; every message has its English translation."""

import pytest

from tools.i18n import AREAS, missing


@pytest.mark.parametrize("area", sorted(AREAS))
def test_every_message_of_the_area_is_translated_to_english(area):
    assert missing(area) == []
