"""What a set of individual votes on one row says: distribution, median, mode, spread.

The result depends only on the multiset of votes, never on their order.
Abstentions (``None``) are counted apart and left out of every figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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

    @property
    def discuss(self) -> bool:
        """True when the votes are two or more levels apart."""
        return self.spread is not None and self.spread >= DISCUSS_SPREAD


class VoteError(ValueError):
    """A vote for a level the scale does not have."""


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
    lower, upper = positions[(n - 1) // 2], positions[n // 2]
    top = max(tally.values())
    modes = tuple(level for level in levels if counts[level] == top)
    return Consensus(
        counts=counts,
        votes=n,
        abstentions=abstentions,
        median=levels[lower],
        median_position=(lower + upper) / 2 + 1,
        modes=modes,
        mode_share=top / n,
        spread=positions[-1] - positions[0],
    )
