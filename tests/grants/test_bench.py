"""The benchmark of the rules engine: its dossier is the size it claims, and it reports, never fails."""

from bench import registry
from bench.__main__ import main
from bench.dossiers import big_dossier
from bench.figures import Figure
from grants.call import get_call
from grants.evaluation import evaluate
from grants.identifiers import uai_is_valid
from grants.loader import dossier_from_data, dossier_to_data


def test_the_big_dossier_has_80_valid_schools_and_400_lines_the_loader_accepts():
    d = big_dossier(schools=80, lines=400)
    assert (len(d.schools), len(d.lines)) == (80, 400)
    assert all(uai_is_valid(s.uai) for s in d.schools)
    assert len({s.uai for s in d.schools}) == 80
    assert dossier_from_data(dossier_to_data(d)) == d


def test_the_big_dossier_gives_work_to_every_family_of_rules():
    rules = {f.rule for f in evaluate(big_dossier(), get_call("snee-2021")).findings}
    assert {"EQ-CAP-CLASS", "EQ-CAP-DOSSIER", "NEED-MET", "LINE-OUTSIDE", "ELIG-PRIVATE"} <= rules
    assert not rules & {"ID-UAI", "ID-SIRET", "LINE-SCHOOL", "LINE-CATEGORY", "DUP-UAI"}


def test_a_missed_target_is_reported_and_the_run_still_succeeds(monkeypatch, capsys):
    monkeypatch.setitem(registry.BENCHMARKS, "slow", "tests.grants.test_bench:_slow")
    assert main(["slow"]) == 0
    out = capsys.readouterr().out
    assert "NOT met" in out and "bench.slow" in out and "bench.fine" in out
    assert out.count("\n") == 2


def test_a_broken_benchmark_is_reported_without_hiding_the_others(monkeypatch, capsys):
    monkeypatch.setitem(registry.BENCHMARKS, "broken", "tests.grants.test_bench:_broken")
    monkeypatch.setitem(registry.BENCHMARKS, "slow", "tests.grants.test_bench:_slow")
    assert main(["broken", "slow"]) == 1
    captured = capsys.readouterr()
    assert "broken failed" in captured.err and "bench.fine" in captured.out


def test_an_unknown_benchmark_name_is_refused(capsys):
    assert main(["nonesuch"]) == 2
    assert "grants" in capsys.readouterr().err


def test_a_figure_given_as_a_dict_is_read_like_a_figure():
    from bench.figures import as_figure

    figure = as_figure({"name": "exports.docx", "value": 0.2, "unit": "s", "target": 0.5, "floor": 0.01})
    assert figure.met and "floor 0.01 s" in figure.line()


def _slow(quick: bool) -> list[Figure]:
    return [Figure("bench.slow", 12.0, "ms", 5.0), Figure("bench.fine", 1.0, "ms", 5.0)]


def _broken(quick: bool) -> list[Figure]:
    raise RuntimeError("boom")


def test_a_figure_with_a_floor_prints_its_ratio_to_it():
    from bench.figures import as_figure

    figure = as_figure({"name": "web.page", "value": 30.0, "unit": "ms", "target": 100, "floor": 2.0})
    assert figure.ratio == 15.0
    assert "floor 2 ms, 15.0× the floor" in figure.line()
    assert as_figure({"name": "x", "value": 1.0, "unit": "ms", "target": None}).ratio is None
