"""The domain core of the SIPR facilitation dashboard: rubrics, ratings, scores, consensus.

Never imports streamlit: the pages in ``app.py`` and ``pages/`` only call this package.
"""

from .compare import Comparison, GroupChange, RowChange, compare
from .consensus import Consensus, VoteError, consensus
from .loader import Library, Problem, RubricError, load_library, load_rubric, parse_rubric
from .rubric import DEFAULT_DIMENSION, Cell, Dimension, Group, Level, Row, Rubric
from .scoring import (
    NextStep,
    Rating,
    RatingError,
    Score,
    Scorecard,
    Status,
    index_ratings,
    next_step,
    score,
    suggest_level,
)

__all__ = [
    "DEFAULT_DIMENSION",
    "Cell",
    "Comparison",
    "Consensus",
    "Dimension",
    "Group",
    "GroupChange",
    "Level",
    "Library",
    "NextStep",
    "Problem",
    "Rating",
    "RatingError",
    "Row",
    "RowChange",
    "Rubric",
    "RubricError",
    "Score",
    "Scorecard",
    "Status",
    "VoteError",
    "compare",
    "consensus",
    "index_ratings",
    "load_library",
    "load_rubric",
    "next_step",
    "parse_rubric",
    "score",
    "suggest_level",
]
