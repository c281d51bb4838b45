"""The ``report`` command: session summaries written to files, one session or a whole series or district.

It reads the store directly (``SIPR_DATA_DIR`` or ``SIPR_DATABASE_URL``): whoever can read the data
folder can read every session, so no key is needed; a ``--key`` given is checked all the same.
Messages are plain; the exit code is 0 when every file was written, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import StoreError, UserError
from .exports import file_name, report
from .exports.images import close_renderer
from .session import SessionInfo
from .storage import Store


def say(text: str) -> None:
    """A line of the command's progress on stdout."""
    print(text, flush=True)


def fail(text: str) -> int:
    """A problem in the words of every command (``error: ...`` on stderr); the exit code 1."""
    print(f"error: {text}", file=sys.stderr, flush=True)
    return 1


def save(target: Path, data: bytes) -> bool:
    """Write a file the command made and say so, or say why it could not."""
    try:
        target.write_bytes(data)
    except OSError as error:
        fail(f"Cannot write {target}: {error.strerror or error}.")
        return False
    say(f"Wrote {target} ({max(len(data) // 1024, 1):,} KB)")
    return True


def run_report(
    code: str | None, format_name: str, output: str, key: str | None, series: bool, district: str | None
) -> int:
    """Write the report(s); return the exit code."""
    if district is None and not code:
        return fail("name a session by its join code, or a district with --district NAME.")
    if district is not None and code:
        return fail("give either a session's join code or --district NAME, not both.")
    try:
        store = Store()
    except StoreError as error:
        return fail(str(error))
    try:
        return _run(store, code, format_name, Path(output), key, series, district)
    finally:
        close_renderer()
        store.close()


def _run(
    store: Store,
    code: str | None,
    format_name: str,
    output: Path,
    key: str | None,
    series: bool,
    district: str | None,
) -> int:
    try:
        if district is not None:
            sessions = store.sessions.of_district(district)
            if not sessions:
                return fail(f"No sessions of the district {district!r} in {store.url}.")
        elif series:
            assert code is not None
            sessions = store.sessions.series(code)
        else:
            assert code is not None
            info = store.sessions.info(code)
            target = output / file_name(info, format_name) if output.is_dir() else output
            return 0 if _write(store, info, format_name, target, key) else 1
    except UserError as error:
        return fail(str(error))
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return fail(f"Cannot create the folder {output}: {error.strerror or error}.")
    failed = 0
    for n, info in enumerate(sessions, start=1):
        say(f"[{n}/{len(sessions)}] {info.held_on} {info.place} · {info.team} ({info.code})")
        if not _write(store, info, format_name, output / file_name(info, format_name), key):
            failed += 1
    say(f"Wrote {len(sessions) - failed} of {len(sessions)} files into {output}.")
    return 1 if failed else 0


def _write(store: Store, info: SessionInfo, format_name: str, target: Path, key: str | None) -> bool:
    try:
        data = report(store, info.code, format_name, key, direct=True)
    except UserError as error:
        fail(str(error))
        return False
    return save(target, data)
