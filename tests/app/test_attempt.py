"""``attempt``: one core call from a page, its value or the plain message of its failure."""

from __future__ import annotations

import logging

from pages.common import UNEXPECTED, attempt_quietly
from sipr_core import InputError


def test_a_call_that_succeeds_with_none_is_no_failure():
    outcome = attempt_quietly(lambda: None)
    assert outcome.ok and outcome.value is None and outcome.problem is None


def test_a_refused_call_gives_its_message_and_no_value(caplog):
    def refuse(code: str, key: str) -> None:
        raise InputError("Choose at least one row to vote on.")

    with caplog.at_level(logging.INFO, logger="sipr"):
        outcome = attempt_quietly(refuse, "7KQ-M2X-9RD", "secret-key")
    assert (outcome.ok, outcome.value, outcome.problem) == (False, None, "Choose at least one row to vote on.")
    assert "refuse" in caplog.text and "Choose at least one row" in caplog.text
    assert "secret-key" not in caplog.text  # the log names the action, never its arguments


def test_a_bug_gives_the_plain_message_and_logs_the_trace(caplog):
    def broken() -> int:
        return 1 // 0

    with caplog.at_level(logging.INFO, logger="sipr"):
        outcome = attempt_quietly(broken)
    assert (outcome.ok, outcome.problem) == (False, UNEXPECTED)
    assert "ZeroDivisionError" in caplog.text
