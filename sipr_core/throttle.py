"""Slowing down guesses: join codes and the app password, tried again and again by one browser or address.

A few wrong tries pass at full speed; past that, a source (a browser session, a client address) waits
before its next try is even checked. A right answer is never delayed while a source may still try.
The clock is injectable, so the rules are tested without waiting.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Guesses", "Throttle", "client_address"]


@dataclass
class Throttle:
    """``free`` wrong tries by one source within ``window`` seconds make it wait ``wait`` seconds from the
    last one; after the wait, each further wrong try within the window makes it wait again. Remembers at
    most ``sources`` sources, dropping those idle longest."""

    free: int = 5
    window: float = 60.0
    wait: float = 30.0
    clock: Callable[[], float] = time.monotonic
    sources: int = 10_000
    _failures: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)  # one per server, many threads

    def wait_left(self, source: str) -> int:
        """Whole seconds this source must wait before its next try is checked; 0 when it may try now."""
        with self._lock:
            tries = self._failures.get(source)
            tries = deque(tries) if tries is not None else None
        if tries is None or len(tries) < self.free or tries[-1] - tries[0] > self.window:
            return 0
        return max(0, math.ceil(tries[-1] + self.wait - self.clock()))

    def failed(self, source: str) -> None:
        """Count a wrong try by this source."""
        now = self.clock()
        idle = max(self.window, self.wait)
        with self._lock:
            tries = self._failures.pop(source, None) or deque(maxlen=self.free)
            tries.append(now)
            self._failures[source] = tries  # last: the most recently active
            while self._failures and (
                len(self._failures) > self.sources or now - next(iter(self._failures.values()))[-1] > idle
            ):
                self._failures.popitem(last=False)


@dataclass
class Guesses:
    """One kind of guess, limited per browser session (a few wrong tries) and per client address (more:
    a school's whole staff may share one address). ``what`` names it in the message ("codes")."""

    what: str
    per_browser: Throttle = field(default_factory=lambda: Throttle(free=5))
    per_address: Throttle = field(default_factory=lambda: Throttle(free=30))

    def refusal(self, browser: str, address: str) -> str | None:
        """The message when this browser or address must wait before trying again, else None."""
        wait = max(self.per_browser.wait_left(browser), self.per_address.wait_left(address))
        if not wait:
            return None
        return f"Too many wrong {self.what}: wait {wait} second{'s' if wait != 1 else ''} and try again."

    def failed(self, browser: str, address: str) -> None:
        """Count a wrong try by this browser from this address."""
        self.per_browser.failed(browser)
        self.per_address.failed(address)


def client_address(connection: str | None, forwarded_for: str | None, proxy_trusted: bool) -> str:
    """The client's address: the connection's own, or, behind a proxy the operator trusts, the address
    that proxy saw (the last one of X-Forwarded-For; the ones before it are the client's to invent)."""
    if proxy_trusted and forwarded_for:
        last = forwarded_for.split(",")[-1].strip()
        if last:
            return last
    return connection or "local"
