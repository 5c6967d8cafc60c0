"""The export's benchmark reports its five figures, on a dossier of the size it claims."""

from bench.exports import export_figures, large_dossier
from grants.identifiers import uai_is_valid
from tests.grants import factories as f


def test_the_large_dossier_has_80_valid_schools_800_lines_and_no_identity_error():
    d = large_dossier()
    assert (len(d.schools), len(d.lines)) == (80, 800)
    assert all(uai_is_valid(s.uai) for s in d.schools) and len({s.uai for s in d.schools}) == 80
    assert not f.rules(d) & {"ID-SIRET", "ID-UAI", "ID-INSEE", "LINE-SCHOOL", "LINE-CATEGORY"}


def test_the_figures_are_the_export_time_its_floor_their_ratio_and_the_peak_rss():
    figures = export_figures(quick=True)
    assert [x["name"] for x in figures] == [
        "exports.docx.80-schools-800-lines",
        "exports.docx.zip-floor",
        "exports.docx.ratio-to-zip-floor",
        "exports.docx.peak-rss-100-schools",
        "exports.docx.naive-python-docx-peak-rss-100-schools",
    ]
    assert all(set(x) == {"name", "value", "unit", "target", "floor"} and x["value"] > 0 for x in figures)
    export, floor, ratio, rss, naive = figures
    assert export["floor"] == floor["value"] and ratio["target"] == 10.0 and export["target"] == 0.5
    # Real resident memory of a fresh process, above what it held before exporting.
    assert rss["value"] > rss["floor"] > 0 and rss["target"] == naive["value"] > naive["floor"]
