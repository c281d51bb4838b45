"""A session as a versioned JSON file: written whole, read back identical, or refused whole.

``records`` says what a file holds, version by version; ``writing`` turns a session into a file;
``reading`` parses, checks (``checks``) and upgrades one. The store moves files in and out
(``storage.transfer``).
"""

from __future__ import annotations

from .reading import read_export
from .records import (
    FORMAT,
    READS,
    VERSION,
    ActionFields,
    ChangeFields,
    CommentFields,
    EntryFields,
    GroupFields,
    GroupRatingFields,
    LinkFields,
    MemberFields,
    ParticipantFields,
    ReflectionFields,
    ReviewFields,
    RoundFields,
    SessionExport,
    SessionFields,
    TargetFields,
    TimerFields,
    VoteFields,
)
from .writing import VoteKey, VotingRecords, dump_session

__all__ = [
    "FORMAT",
    "READS",
    "VERSION",
    "ActionFields",
    "ChangeFields",
    "CommentFields",
    "EntryFields",
    "GroupFields",
    "GroupRatingFields",
    "LinkFields",
    "MemberFields",
    "ParticipantFields",
    "ReflectionFields",
    "ReviewFields",
    "RoundFields",
    "SessionExport",
    "SessionFields",
    "TargetFields",
    "TimerFields",
    "VoteFields",
    "VoteKey",
    "VotingRecords",
    "dump_session",
    "read_export",
]
