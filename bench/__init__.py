"""Speed, measured: benchmarks that report figures against their targets (`python -m bench`).

A benchmark is a function `(quick: bool) -> list[Figure]` named in `registry.BENCHMARKS`;
the runner prints one line per figure and never fails because a target is missed.
"""
