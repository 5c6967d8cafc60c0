"""A locale's catalogues are read from their .po files once per process, not at each message
(an English page renders hundreds: reading them each time cost 50 ms a message, issue 18)."""

from __future__ import annotations

from unittest import mock

from babel.messages import pofile

from grants import i18n


def test_a_locales_catalogues_are_read_once_for_every_message():
    i18n._merged_catalogs.cache_clear()
    with mock.patch.object(pofile, "read_po", wraps=pofile.read_po) as read:
        first = i18n.gettext_for("en", "Subvention de l'État")
        reads = read.call_count
        for _ in range(5):
            assert i18n.gettext_for("en", "Subvention de l'État") == first
        assert read.call_count == reads > 0
    assert first != "Subvention de l'État"  # the English catalogue was read, and used


def test_french_is_the_source_with_french_plurals():
    french = i18n.translations("fr")
    assert isinstance(french, i18n.FrenchSource) and french is i18n.translations("fr")
    assert french.ngettext("%(n)s jour", "%(n)s jours", 0) == "%(n)s jour"
