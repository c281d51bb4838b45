"""Command line: ``python -m sipr_core validate FILE...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .loader import RubricError, load_rubric


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def validate(files: Sequence[str]) -> int:
    """Check rubric files; print one line per problem; 0 when all are valid."""
    failed = 0
    for file in files:
        try:
            rubric = load_rubric(file)
        except RubricError as error:
            failed += 1
            for problem in error.problems:
                print(problem, file=sys.stderr)
            continue
        groups, rows = len(rubric.groups), rubric.row_count()
        print(
            f"{file}: ok ({rubric.title}: {groups} {_plural(groups, 'group')}, {rows} {_plural(rows, 'row')})"
        )
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sipr_core", description="SIPR facilitation tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check rubric YAML files and report every problem")
    check.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)
    if args.command == "validate":
        return validate(args.files)
    return 2


if __name__ == "__main__":
    sys.exit(main())
