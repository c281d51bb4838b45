"""Guesses of join codes and the app password are slowed per browser session and per client address."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sipr_core.throttle import Guesses, Throttle, client_address


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def throttle(clock: Clock, **rules: float) -> Throttle:
    return Throttle(clock=clock, **rules)  # type: ignore[arg-type]


def test_a_few_wrong_tries_pass_then_the_source_waits_thirty_seconds():
    clock = Clock()
    limit = throttle(clock, free=5, window=60, wait=30)
    for _ in range(4):
        limit.failed("browser")
        assert limit.wait_left("browser") == 0
    limit.failed("browser")
    assert limit.wait_left("browser") == 30
    clock.now += 12.5
    assert limit.wait_left("browser") == 18
    clock.now += 17.5
    assert limit.wait_left("browser") == 0


def test_after_the_wait_each_further_wrong_try_soon_after_waits_again():
    clock = Clock()
    limit = throttle(clock, free=5, window=60, wait=30)
    for _ in range(5):
        limit.failed("browser")
    clock.now += 30
    limit.failed("browser")
    assert limit.wait_left("browser") == 30


def test_wrong_tries_spread_out_are_never_slowed():
    clock = Clock()
    limit = throttle(clock, free=5, window=60, wait=30)
    for _ in range(50):
        limit.failed("browser")
        assert limit.wait_left("browser") == 0
        clock.now += 16  # under 4 a minute: a person mistyping, not a script


def test_one_source_waiting_does_not_slow_another():
    clock = Clock()
    limit = throttle(clock, free=2)
    limit.failed("a")
    limit.failed("a")
    assert (limit.wait_left("a"), limit.wait_left("b")) == (30, 0)


@given(st.lists(st.floats(min_value=0, max_value=120), max_size=200))
def test_no_source_gets_more_than_free_wrong_tries_in_any_window_without_waiting(gaps):
    """Whatever the timing, wrong tries checked (made while not told to wait) number at most ``free``
    in any 30-second stretch, against 20 a second unthrottled."""
    clock = Clock()
    limit = throttle(clock, free=5, window=60, wait=30)
    checked = []
    for gap in gaps:
        clock.now += gap
        if limit.wait_left("s") == 0:
            limit.failed("s")
            checked.append(clock.now)
    for i, start in enumerate(checked):
        assert len([t for t in checked[i:] if t < start + 30]) <= 5


def test_only_so_many_sources_are_remembered_and_idle_ones_are_forgotten():
    clock = Clock()
    limit = throttle(clock, free=2, sources=3)
    for name in "abcd":
        limit.failed(name)
    assert list(limit._failures) == ["b", "c", "d"]
    clock.now += 61
    limit.failed("e")
    assert list(limit._failures) == ["e"]


def test_guesses_say_how_long_to_wait_and_count_both_browser_and_address():
    clock = Clock()
    codes = Guesses("codes", throttle(clock, free=2), throttle(clock, free=3))
    codes.failed("tab-1", "10.0.0.7")
    assert codes.refusal("tab-1", "10.0.0.7") is None
    codes.failed("tab-1", "10.0.0.7")
    assert codes.refusal("tab-1", "10.0.0.7") == "Too many wrong codes: wait 30 seconds and try again."
    assert codes.refusal("tab-2", "10.0.0.7") is None, "another tab at the same address may still try"
    codes.failed("tab-2", "10.0.0.7")
    assert codes.refusal("tab-3", "10.0.0.7") is not None, "the address has had its tries"
    assert codes.refusal("tab-3", "10.0.0.8") is None
    clock.now += 29.2
    assert codes.refusal("tab-1", "10.0.0.8") == "Too many wrong codes: wait 1 second and try again."


def test_the_client_address_comes_from_a_proxy_only_when_the_operator_trusts_it():
    assert client_address("10.0.0.2", "6.6.6.6, 203.0.113.9", proxy_trusted=True) == "203.0.113.9"
    assert client_address("10.0.0.2", "6.6.6.6, 203.0.113.9", proxy_trusted=False) == "10.0.0.2"
    assert client_address(None, None, proxy_trusted=False) == "local"
    assert client_address("10.0.0.2", " ", proxy_trusted=True) == "10.0.0.2"
