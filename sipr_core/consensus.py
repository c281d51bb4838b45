"""What a set of individual votes on one row says: distribution, median, mode, spread.

The result depends only on the multiset of votes, never on their order.
Abstentions (``None``) are counted apart and left out of every figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .errors import VoteError

DISCUSS_SPREAD = 2
"""Votes this many levels apart or more flag a row for discussion."""


@dataclass(frozen=True)
class Consensus:
    counts: dict[str, int]
    votes: int
    abstentions: int
    median: str | None
    median_position: float | None
    modes: tuple[str, ...]
    mode_share: float | None
    spread: int | None
    median_upper: str | None = None
    """The level above ``median`` when the median falls between two levels; else ``median`` itself."""

    @property
    def discuss(self) -> bool:
        """True when the votes are two or more levels apart."""
        return self.spread is not None and self.spread >= DISCUSS_SPREAD

    def median_words(self, name: Callable[[str], str]) -> str:
        """The median in words: a level's name, or "between Beginning and Developing"."""
        if self.median is None:
            return ""
        if self.median_upper is None or self.median_upper == self.median:
            return name(self.median)
        return f"between {name(self.median)} and {name(self.median_upper)}"


def consensus(levels: Sequence[str], choices: Iterable[str | None]) -> Consensus:
    """Summarise votes (level ids, or ``None`` to abstain) on a scale of level ids, lowest first."""
    chosen = list(choices)
    unknown = sorted({c for c in chosen if c is not None and c not in levels})
    if unknown:
        raise VoteError(f"No such level: {', '.join(unknown)} (levels: {', '.join(levels)})")
    tally = Counter(c for c in chosen if c is not None)
    counts = {level: tally.get(level, 0) for level in levels}
    positions = sorted(levels.index(c) for c in tally.elements())
    abstentions = len(chosen) - len(positions)
    if not positions:
        return Consensus(counts, 0, abstentions, None, None, (), None, None)
    n = len(positions)
    # With an even number of votes the median is midway between the middle two: a level when they are
    # an even number of levels apart (Beginning and Evolving: Developing), else between two levels.
    middle = positions[(n - 1) // 2] + positions[n // 2]
    top = max(tally.values())
    modes = tuple(level for level in levels if counts[level] == top)
    return Consensus(
        counts=counts,
        votes=n,
        abstentions=abstentions,
        median=levels[middle // 2],
        median_position=middle / 2 + 1,
        modes=modes,
        mode_share=top / n,
        spread=positions[-1] - positions[0],
        median_upper=levels[(middle + 1) // 2],
    )
