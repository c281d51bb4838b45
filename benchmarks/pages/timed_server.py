"""`streamlit run` with the server-side time of every script run written to a file.

Usage: python benchmarks/pages/timed_server.py TIMINGS_FILE SCRIPT PORT

Each line of TIMINGS_FILE is one call of Streamlit's ScriptRunner._run_script, from taking the rerun request
(widget callbacks included) to the end of the script or fragment run: its milliseconds of wall-clock time,
the milliseconds of CPU the script thread used in them, and "app" or "fragment" for what ran. The server, its
config and the browser are otherwise unchanged. With SAVES_FILE set, each line of it is one call of
Store.set_entry (the save of a slider move): its wall-clock and CPU milliseconds.
"""

import os
import sys
import time
from typing import Any

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

timings_path, script, port = sys.argv[1:4]
timings = open(timings_path, "a", buffering=1)  # noqa: SIM115 - open for the server's lifetime
untimed = script_runner.ScriptRunner._run_script


def timed_run(self: script_runner.ScriptRunner, rerun_data: script_runner.RerunData) -> None:
    start, cpu = time.perf_counter(), time.thread_time()
    try:
        untimed(self, rerun_data)
    finally:
        wall, used = time.perf_counter() - start, time.thread_time() - cpu
        scope = "fragment" if rerun_data.fragment_id_queue else "app"
        timings.write(f"{wall * 1000:.3f} {used * 1000:.3f} {scope}\n")


script_runner.ScriptRunner._run_script = timed_run  # type: ignore[method-assign]

if os.environ.get("SAVES_FILE"):  # the app: also the time of each Entries.set, the save of a move
    from sipr_core.storage.entries import Entries

    saves = open(os.environ["SAVES_FILE"], "a", buffering=1)  # noqa: SIM115 - as above
    unsaved = Entries.set

    def timed_save(self: Entries, *args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return unsaved(self, *args, **kwargs)
        finally:
            wall, used = time.perf_counter() - start, time.thread_time() - cpu
            saves.write(f"{wall * 1000:.3f} {used * 1000:.3f}\n")

    Entries.set = timed_save  # type: ignore[method-assign]
sys.argv = [
    "streamlit",
    "run",
    script,
    "--server.headless",
    "true",
    "--server.port",
    port,
    "--browser.gatherUsageStats",
    "false",
]
cli.main()
