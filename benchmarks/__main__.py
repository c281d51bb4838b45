"""Run every benchmark and print one table: ``python -m benchmarks``."""

from __future__ import annotations

import datetime
import platform

from . import store_writes
from .table import render

SUITES = {"store writes": store_writes.run}


def main() -> None:
    figures = []
    for name, run in SUITES.items():
        print(f"running {name} ...", flush=True)
        figures += run()
    print(
        f"\nBenchmarks, {datetime.date.today()}, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}\n"
    )
    print(render(figures))


if __name__ == "__main__":
    main()
