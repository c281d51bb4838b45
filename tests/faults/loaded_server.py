"""`streamlit run` as a server under load behaves, on purpose: for the race tests of the Vote page.

Under load (issue 16, item 8: a hundred phones on a two-core machine) two things are slow, and both
are made slow here, by a fixed amount, so the races they open happen every time:

- ``SIPR_TEST_EVENT_LAG_S``: the server's event loop hands a script run's messages (its elements,
  its end) to the browser late. A run that has ended but whose messages still wait is the window in
  which a request from the page (its timer) makes Streamlit start a new script runner and drop the
  waiting messages ("Ignoring event from non-current ScriptRunner").
- ``SIPR_TEST_BALLOT_S``: reading a participant's ballot takes this long, so the page's own
  refresh is still running when the participant's vote arrives.

Run as ``python loaded_server.py run app.py ...`` (the arguments of ``streamlit``).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from streamlit.runtime.app_session import AppSession
from streamlit.web.cli import main

from sipr_core.storage.voting import Voting

EVENT_LAG_S = float(os.environ.get("SIPR_TEST_EVENT_LAG_S", "0"))
BALLOT_S = float(os.environ.get("SIPR_TEST_BALLOT_S", "0"))


def lagging(original: Any) -> Any:
    """Hand each script-runner event to the event loop EVENT_LAG_S late, keeping their order."""

    def on_event(self: AppSession, *args: Any, **kwargs: Any) -> None:
        loop = self._event_loop  # its clock is time.monotonic()
        due = max(time.monotonic() + EVENT_LAG_S, getattr(self, "_lag_due", 0.0) + 1e-6)
        self._lag_due = due  # type: ignore[attr-defined]
        loop.call_soon_threadsafe(lambda: loop.call_at(due, lambda: original(self, *args, **kwargs)))

    return on_event


def slow(original: Any) -> Any:
    def ballot(self: Voting, *args: Any, **kwargs: Any) -> Any:
        time.sleep(BALLOT_S)
        return original(self, *args, **kwargs)

    return ballot


if EVENT_LAG_S:
    AppSession._on_scriptrunner_event = lagging(AppSession._on_scriptrunner_event)  # type: ignore[method-assign]
if BALLOT_S:
    Voting.ballot = slow(Voting.ballot)  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.argv[0] = "streamlit"
    sys.exit(main())
