"""Shared timing helper of the benchmarks (run as ``.venv/bin/python bench/<name>.py``, so this
directory is on ``sys.path``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls of ``fn`` [s]; the median, not the mean, so that one
    call slowed by another process on the shared machine does not move the figure."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
