"""The rules engine on a city-sized dossier: evaluating it is what every page view repeats."""

from __future__ import annotations

import json

from grants.call import get_call
from grants.evaluation import evaluate, evaluation_to_data
from grants.loader import dossier_from_json, dossier_to_data

from .dossiers import big_dossier
from .figures import Figure, median_seconds

SCHOOLS, LINES = 80, 400
TARGET_MS = 5.0


def evaluation_figures(quick: bool) -> list[Figure]:
    """Median time to evaluate an 80-school, 400-line dossier; and the CLI's whole path."""
    dossier = big_dossier(SCHOOLS, LINES)
    call = get_call(dossier.call)
    assert call is not None
    runs = 30 if quick else 300
    text = json.dumps(dossier_to_data(dossier))

    def whole_path() -> str:
        loaded = dossier_from_json(text)
        return json.dumps(evaluation_to_data(evaluate(loaded, call), "fr"), ensure_ascii=False)

    size = f"{SCHOOLS}-schools-{LINES}-lines"
    return [
        *_large_figures(quick),
        Figure(
            f"grants.evaluate.{size}",
            1000 * median_seconds(lambda: evaluate(dossier, call), runs),
            "ms",
            TARGET_MS,
        ),
        Figure(
            f"grants.load-evaluate-render.{size}",
            1000 * median_seconds(whole_path, max(10, runs // 10)),
            "ms",
            None,
        ),
    ]


LARGE_SCHOOLS, LARGE_LINES, LARGE_TARGET_MS = 1000, 5000, 25.0


def _price_every_line(dossier) -> list:
    """The floor of an evaluation: each line's HT and TTC rounded to the cent, nothing else (the
    least any engine does with the dossier; read the evaluation's ratio to it on a busy machine)."""
    from grants.money import cents

    return [cents(cents(ln.quantity * ln.unit_price_ht) * (1 + (ln.vat_rate or 0))) for ln in dossier.lines]


def _large_figures(quick: bool) -> list[Figure]:
    """Both calls at 1,000 schools and 5,000 lines: the evaluation (target 25 ms), and what
    rendering its messages and JSON costs beside it (target: at most 2× the evaluation)."""
    from dataclasses import replace

    figures = []
    runs = 3 if quick else 15
    base = big_dossier(LARGE_SCHOOLS, LARGE_LINES)
    for call_id in ("snee-2021", "label-ecoles-numeriques-2020"):
        dossier = replace(base, call=call_id)
        call = get_call(call_id)
        assert call is not None
        ev = evaluate(dossier, call)
        evaluation = 1000 * median_seconds(lambda: evaluate(dossier, call), runs)  # noqa: B023
        floor = 1000 * median_seconds(lambda: _price_every_line(base), runs)  # beside it: same load
        rendering = 1000 * median_seconds(lambda: evaluation_to_data(ev, "fr"), runs)  # noqa: B023
        size = f"{call_id}.{LARGE_SCHOOLS}-schools-{LARGE_LINES}-lines"
        figures += [
            Figure(f"grants.evaluate.{size}", evaluation, "ms", LARGE_TARGET_MS, floor),
            Figure(f"grants.render-vs-evaluate.{size}", rendering / evaluation, "×", 2.0),
        ]
    return figures
