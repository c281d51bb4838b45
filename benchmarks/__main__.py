"""Run every benchmark and print one table: ``python -m benchmarks``."""

from __future__ import annotations

import datetime
import platform
import sys

from . import exports, rate_page, store_writes, voting
from .table import render

SUITES = {
    "store writes": store_writes.run,
    "rate page": rate_page.run,
    "exports": exports.run,
    "voting": voting.run,
}


def main(only: list[str]) -> None:
    figures = []
    for name, run in SUITES.items():
        if only and not any(word in name for word in only):
            continue
        print(f"running {name} ...", flush=True)
        figures += run()
    print(
        f"\nBenchmarks, {datetime.date.today()}, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}\n"
    )
    print(render(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
