"""Run every benchmark and print one table: ``python -m benchmarks [word ...]``.

A word after the command runs only the suites whose name holds it (``rate``, ``roll-up``).
"""

from __future__ import annotations

import datetime
import importlib
import platform
import sys
import time
from collections.abc import Callable

from .table import Figure, lacking_percentile, render

SUITES: dict[str, str] = {
    "store writes": "store_writes",
    "rate page": "rate_page",
    "exports": "exports",
    "long texts in the PDF": "long_text",
    "voting": "voting",
    "district roll-up": "rollup",
    "district view with actions": "rollup_actions",
    "rubric upload": "rubric_upload",
    "protocol load": "district_load",
}
"""Each suite's module in this package; its ``run()`` returns the figures."""


def suite(module: str) -> Callable[[], list[Figure]] | str:
    """The suite's ``run``, or why it cannot run (a suite still being written is skipped, not fatal)."""
    try:
        found = importlib.import_module(f"{__package__}.{module}")
    except ImportError as error:
        return f"cannot be imported ({error})"
    run: Callable[[], list[Figure]] = found.run
    return run


def main(only: list[str]) -> None:
    figures: list[Figure] = []
    for name, module in SUITES.items():
        if only and not any(word in name for word in only):
            continue
        run = suite(module)
        if isinstance(run, str):
            print(f"{name}: skipped, {run}", flush=True)
            continue
        print(f"running {name} ...", flush=True)
        started = time.monotonic()
        figures += run()
        print(f"  {name} took {time.monotonic() - started:.0f} s", flush=True)
    print(
        f"\nBenchmarks, {datetime.date.today()}, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}\n"
    )
    print(render(figures))
    for figure in lacking_percentile(figures):
        print(f"note: {figure.measurement} ({figure.setting}) has no 95th percentile beside it")


if __name__ == "__main__":
    main(sys.argv[1:])
