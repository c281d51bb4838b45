"""Command line: ``python -m sipr_core validate|report|handout|backup|restore|ready ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from .errors import RubricError
from .loader import load_rubric


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


HANDOUT_HELP = """\
Write a continuum's handout to print: every row with every level's full text (or its criteria), boxes
to tick and room for the evidence, on landscape A4; or a reading's, the source's text to read and
discuss (the toolkit's Handout 1, its introduction and learner outcomes), on portrait A4.

  python -m sipr_core handout micip-collaboration -o handout.pdf
  python -m sipr_core handout micip-introduction -o handout-1.pdf
  python -m sipr_core handout --all -o folder/

The ids are those of the Rubrics page (the built-in rubrics/ and the folders in SIPR_RUBRICS).
"""


OPERATIONS_HELP = """\
The database is the app's: SIPR_DATABASE_URL if set, else sipr.db in SIPR_DATA_DIR (default data/).
"""


def add_operations(commands: Any) -> None:  # argparse names its sub-parser group privately
    """The operator's commands: backup, restore and the readiness check."""
    backup = commands.add_parser(
        "backup",
        help="copy the SQLite database into a file, safely while the app runs",
        description="Copy the app's SQLite database into OUT while the app runs. " + OPERATIONS_HELP,
    )
    backup.add_argument("out", metavar="OUT", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace OUT if it exists")
    restore = commands.add_parser(
        "restore",
        help="restore a backup into an empty data folder",
        description="Restore a backup made by `backup` into the app's database, which must hold no "
        "session unless --force. Stop the app servers first when replacing. " + OPERATIONS_HELP,
    )
    restore.add_argument("backup_file", metavar="IN", help="a file made by `python -m sipr_core backup`")
    restore.add_argument("--force", action="store_true", help="replace a database that holds sessions")
    ready = commands.add_parser(
        "ready",
        help="check that the database takes writes and the app server answers",
        description="Exit 0 when the database takes writes and every app server answers on "
        "/_stcore/health; otherwise print each problem and exit 1. " + OPERATIONS_HELP,
    )
    ready.add_argument(
        "--app", action="append", metavar="URL", help="an app server's address (default: 127.0.0.1:8501)"
    )
    ready.add_argument("--no-app", action="store_true", help="check only the database")
    ready.add_argument("--wait", type=float, default=0, metavar="SECONDS", help="keep trying this long")


def run_operation(args: argparse.Namespace) -> int:
    """Run backup, restore or ready; a problem is one plain message on stderr and exit 1."""
    from .backup import BackupError, backup, restore
    from .errors import StoreError
    from .readiness import DEFAULT_APP, wait_until_ready
    from .storage.engine import default_url as database_url

    try:
        url = database_url()
        if args.command == "backup":
            made = backup(url, args.out, force=args.force)
            print(f"Backed up to {made.path}: {made.describe()}.")
        elif args.command == "restore":
            made = restore(args.backup_file, url, force=args.force)
            print(f"Restored {args.backup_file} into {made.path}: {made.describe()}.")
        else:
            apps = [] if args.no_app else (args.app or [DEFAULT_APP])
            found = wait_until_ready(url, apps, args.wait)
            if not found.ready:
                for problem in found.problems:
                    print(f"not ready: {problem}", file=sys.stderr)
                return 1
            print("ready: " + ", ".join(found.fine))
    except (BackupError, StoreError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0
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
    handout = commands.add_parser(
        "handout",
        help="write a continuum's or a reading's handout to print (PDF)",
        description=HANDOUT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    handout.add_argument("rubric_id", nargs="?", metavar="ID", help="the continuum's or the reading's id")
    handout.add_argument("--all", action="store_true", help="every continuum and reading, one file each")
    handout.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the file (a folder for --all)"
    )
    add_operations(commands)
    args = parser.parse_args(_keys_joined(sys.argv[1:] if argv is None else argv))
    if args.command == "validate":
        return validate(args.files)
    if args.command == "report":
        from .reporting import run_report

        return run_report(args.code, args.format or "pdf", args.output, args.key, args.series, args.district)
    if args.command == "handout":
        from .handouts import run_handout

        return run_handout(args.rubric_id, args.all, args.output)
    if args.command in ("backup", "restore", "ready"):
        return run_operation(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
