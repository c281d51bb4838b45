"""Two browser sessions running app.py at the same moment each run the page st.navigation gave them.

Issue 16, item 8a: under load, `st.navigation(...).run()` failed with "This page cannot be called
directly" in some runs. st.navigation marks the page object it returns as callable once, and
``.run()`` clears the mark. When every session shares one module-level dictionary of st.Page objects
that each run refills, one session can give st.navigation the page objects another session just made:
both sessions' st.navigation then mark the same object, the first ``.run()`` clears the mark, and the
second ``.run()`` fails. This test makes that interleaving happen on purpose, with two AppTest sessions
on two threads: the first session's read of the shared pages waits until the second has refilled them,
and neither runs its page before both have called st.navigation.
"""

from __future__ import annotations

import threading

import streamlit as st
from app_support import APP
from streamlit.testing.v1 import AppTest

import pages.common

WAIT_S = 5


class SharedPages(dict):  # type: ignore[type-arg]
    """The shared dictionary, slowed down where two sessions' runs overlap under load."""

    def __init__(self) -> None:
        super().__init__()
        self.refilled = threading.Event()
        self.first_reader = threading.Lock()
        self.refills = 0

    def update(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def, override]
        super().update(*args, **kwargs)
        self.refills += 1
        if self.refills >= 2:
            self.refilled.set()

    def values(self):  # type: ignore[no-untyped-def, override]
        if self.first_reader.acquire(blocking=False):  # the first session to read waits for the second
            self.refilled.wait(WAIT_S)
        return super().values()


def test_two_sessions_starting_at_once_each_run_their_own_page(data_dir, monkeypatch):
    shared = SharedPages()
    monkeypatch.setattr(pages.common, "PAGES", shared)
    both_navigated = threading.Barrier(2, timeout=WAIT_S)
    navigation = st.navigation

    def navigation_then_wait(*args, **kwargs):  # type: ignore[no-untyped-def]
        page = navigation(*args, **kwargs)
        try:
            both_navigated.wait()
        except threading.BrokenBarrierError:
            pass
        return page

    monkeypatch.setattr(st, "navigation", navigation_then_wait)
    # AppTest puts its mock Runtime in one class attribute and clears it when its run ends: neither
    # session may end while the other still runs its page (which reads the browser's cookies).
    both_ran = threading.Barrier(2, timeout=WAIT_S * 4)
    guard = pages.common.guard_unsaved_typing

    def guard_then_wait() -> None:  # app.py's last call
        guard()
        try:
            both_ran.wait()
        except threading.BrokenBarrierError:
            pass

    monkeypatch.setattr(pages.common, "guard_unsaved_typing", guard_then_wait)
    sessions = [AppTest.from_file(APP, default_timeout=30) for _ in range(2)]
    failures: list[BaseException] = []

    def run(at: AppTest) -> None:
        try:
            at.run()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=run, args=(at,)) for at in sessions]
    threads[0].start()
    threads[1].start()
    for thread in threads:
        thread.join(60)
    assert not failures
    assert [[e.value for e in at.exception] for at in sessions] == [[], []]
    assert all(at.title or at.markdown for at in sessions)  # each drew its page (Start)
