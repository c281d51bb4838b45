"""Command line: ``python -m sipr_core validate FILE...`` and ``python -m sipr_core report ...``."""

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


REPORT_HELP = """\
Write a session's summary from the store in SIPR_DATA_DIR (or SIPR_DATABASE_URL).

  python -m sipr_core report 7KQ-M2X-9RD --format pdf -o summary.pdf
  python -m sipr_core report 7KQ-M2X-9RD --series --format xlsx -o folder/
  python -m sipr_core report --district "Riverside Schools" --format csv -o folder/

With --series or --district, one file per session is written into the folder.
"""


def _keys_joined(argv: Sequence[str]) -> list[str]:
    """``--key -abc`` as ``--key=-abc``: a facilitator key may start with "-" (about one in 32 does), and
    argparse takes a value that starts with "-" after an option for another option."""
    joined: list[str] = []
    words = iter(argv)
    for word in words:
        following = next(words, None) if word == "--key" else None
        joined.append(f"--key={following}" if following is not None else word)
    return joined


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sipr_core", description="SIPR facilitation tools")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check rubric YAML files and report every problem")
    check.add_argument("files", nargs="+", metavar="FILE")
    report = commands.add_parser(
        "report",
        help="write session summaries (PDF, HTML, Excel, CSV or JSON)",
        description=REPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("code", nargs="?", metavar="SESSION", help="the session's join code")
    report.add_argument("--format", "-f", choices=["pdf", "html", "xlsx", "csv", "json"], help="default: pdf")
    report.add_argument("-o", "--output", required=True, metavar="FILE", help="the file (a folder for many)")
    report.add_argument("--key", help="the facilitator key (checked when given)")
    every = report.add_mutually_exclusive_group()
    every.add_argument("--series", action="store_true", help="every session of the session's series")
    every.add_argument("--district", metavar="NAME", help="every session of this district")
    args = parser.parse_args(_keys_joined(sys.argv[1:] if argv is None else argv))
    if args.command == "validate":
        return validate(args.files)
    if args.command == "report":
        from .reporting import run_report

        return run_report(args.code, args.format or "pdf", args.output, args.key, args.series, args.district)
    return 2


if __name__ == "__main__":
    sys.exit(main())
