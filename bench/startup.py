"""Start-up and growth: what a worker pays before its first page, and how the work grows with
the dossier.

- `startup.create_app`: importing the application and building it, in a fresh interpreter,
  median of several runs; floor: a bare Flask application built the same way.
- `startup.gunicorn-first-200`: from launching gunicorn (2 workers, `--preload`) to the first
  200 of `/sante` over loopback; floor: the same for a bare Flask application.
- Both run with compiled bytecode, as a deployed server does: a cache directory of the run's
  own (PYTHONPYCACHEPREFIX, nothing written in the tree, PYTHONDONTWRITEBYTECODE dropped), filled
  by one discarded run first. Without it every start compiles the project's ~150 modules again.
- `growth.evaluate.exponent`: the exponent k of time ∝ schools^k between 80, 300 and 1,000
  schools (1 is linear, 2 quadratic); target 1.2.
"""

from __future__ import annotations

import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .figures import Figure, median_seconds

ROOT = Path(__file__).resolve().parent.parent

_APP = """
import time; t = time.perf_counter()
from app import create_app
create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
print(time.perf_counter() - t)
"""
_BARE = """
import time; t = time.perf_counter()
import flask
app = flask.Flask("bare")
app.add_url_rule("/sante", "sante", lambda: "ok")
print(time.perf_counter() - t)
"""
_BARE_WSGI = """
import flask
app = flask.Flask("bare")
app.add_url_rule("/sante", "sante", lambda: "ok")
"""


_PYCACHE = tempfile.TemporaryDirectory(prefix="bench-pycache-")


def _compiled_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment with a bytecode cache of this run's own (see the module's docstring)."""
    out = {k: v for k, v in (env or os.environ).items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**out, "PYTHONPYCACHEPREFIX": _PYCACHE.name}


def _fresh(code: str, runs: int) -> float:
    """Median seconds a fresh interpreter spends in `code` (after Python's own start), bytecode
    compiled by a first, discarded run."""
    times = []
    for _ in range(runs + 1):
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=_compiled_env(),
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times[1:])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _first_200(app_spec: str, env: dict[str, str], cwd: Path) -> float:
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(gunicorn), app_spec, "-w", "2", "--preload", "-b", f"127.0.0.1:{port}", "--log-level", "error"],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = start + 60
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - start
            except OSError:
                time.sleep(0.01)
        raise RuntimeError("gunicorn gave no 200 within 60 s")
    finally:
        proc.terminate()
        proc.wait(10)


def _gunicorn_figures() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        env = _compiled_env(
            {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench"}
        )
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            check=True,
        )
        bare = Path(tmp) / "bare_app.py"
        bare.write_text(_BARE_WSGI)
        floor = _first_200("bare_app:app", {**env, "PYTHONPATH": tmp}, Path(tmp))
        ours = _first_200("app:create_app()", env, ROOT)
    return [Figure("startup.gunicorn-first-200", 1000 * ours, "ms", 400, 1000 * floor)]


def _exponent(sizes: list[int], seconds: list[float]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def _growth_figures(quick: bool) -> list[Figure]:
    from grants.call import get_call
    from grants.evaluation import evaluate

    from .dossiers import big_dossier

    sizes = [80, 300, 1000]
    times = []
    for schools in sizes:
        dossier = big_dossier(schools, schools * 5)
        call = get_call(dossier.call)

        def run(d=dossier, c=call):
            ev = evaluate(d, c)
            for i in range(len(d.schools)):  # what a page asks of it, school by school
                ev.at(f"schools[{i}]")

        times.append(median_seconds(run, 3 if quick else 15, warmup=1))
    figures = [
        Figure(f"growth.evaluate-and-places.{n}-schools", 1000 * t, "ms", None)
        for n, t in zip(sizes, times, strict=True)
    ]
    figures.append(Figure("growth.evaluate-and-places.exponent", _exponent(sizes, times), "k", 1.2))
    return figures


def startup_figures(quick: bool) -> list[Figure]:
    """create_app in a fresh interpreter, gunicorn's first 200, the evaluation's growth."""
    runs = 3 if quick else 9
    figures = [
        Figure("startup.create_app", 1000 * _fresh(_APP, runs), "ms", 150, 1000 * _fresh(_BARE, runs)),
    ]
    figures += _gunicorn_figures()
    figures += _growth_figures(quick)
    return figures
