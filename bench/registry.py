"""The benchmarks the runner knows, as `module:function` imported only when they run.

To add one, write `def my_figures(quick: bool) -> list[Figure]` (a list of dicts with the
same keys works too) and name it below; `python -m bench NAME` runs only the names given.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from .figures import Figure

Benchmark = Callable[[bool], list[Figure]]

BENCHMARKS: dict[str, str] = {
    "grants": "bench.grants:evaluation_figures",
    "pages": "bench.pages:page_figures",
    "http": "bench.http_pages:http_figures",
    "exports": "bench.exports:export_figures",
    "inbox": "bench.inbox:review_figures",
    "batch": "bench.inbox:batch_figures",
    "directory": "bench.directory:directory_figures",
    "startup": "bench.startup:startup_figures",
    "saves": "bench.saves:save_figures",
    "uploads": "bench.uploads:upload_figures",
}


def load(spec: str) -> Benchmark:
    """The function a `module:function` spec names."""
    module, _, function = spec.partition(":")
    return getattr(import_module(module), function)
