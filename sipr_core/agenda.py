"""A meeting's agenda: its activities in order, from a template or the facilitator's own list.

Pure: the templates are read from the rubric files' own ``activities`` (the toolkit's Activity 1, 2
and 3), so every word of an activity on the projector is the source's. A continuum item is rated in
a session of its own series; a discussion item collects written answers, hidden until Reveal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .errors import InputError
from .rubric import Activity, Rubric
from .session import check_text

MAX_ITEMS = 12
MAX_PROMPT = 1_000
MAX_TOPIC = 200
MAX_ANSWER = 2_000


class ItemKind(StrEnum):
    CONTINUUM = "continuum"
    DISCUSSION = "discussion"


@dataclass(frozen=True)
class AgendaItem:
    """One activity of a meeting: a continuum to rate, or a question to answer in writing.

    ``rubric_id`` and ``activity_id`` name the rubric file's activity whose introduction, steps and
    minutes present the item (a discussion of the facilitator's own has neither).
    """

    kind: ItemKind
    title: str
    rubric_id: str | None = None
    activity_id: str | None = None
    prompt: str = ""


@dataclass(frozen=True)
class AgendaTemplate:
    id: str
    title: str
    items: tuple[AgendaItem, ...]


TOOLKIT, SIPR_REVIEW, LEADERSHIP_REVIEW = "toolkit", "sipr-review", "leadership-review"
OWN = "own"  # the template id of a facilitator's own list

# The toolkit's meeting (seed 004): which activity of which rubric file, and whether it rates.
_TOOLKIT_ACTIVITIES = (
    ("micip-collaboration", "activity-1", ItemKind.DISCUSSION),
    ("micip-collaboration", "activity-2", ItemKind.CONTINUUM),
    ("micip-maintaining-balance", "activity-3", ItemKind.CONTINUUM),
)
_REVIEWS = (
    (SIPR_REVIEW, "A SIPR review", "sipr-practice-profile"),
    (LEADERSHIP_REVIEW, "A Leadership System review", "leadership-system"),
)


def activity_of(rubric: Rubric, activity_id: str | None) -> Activity | None:
    """The rubric's activity with this id, if it has one."""
    return next((a for a in rubric.activities if a.id == activity_id), None)


def discussion_prompt(activity: Activity) -> str:
    """The question a discussion asks: the activity's first prompt, else its last step (Activity 1 asks
    each person to "identify a learner outcome that most resonates" in its last step)."""
    return activity.prompts[0] if activity.prompts else (activity.steps[-1] if activity.steps else "")


def toolkit_item(rubric: Rubric, activity: Activity, kind: ItemKind) -> AgendaItem:
    title = f"{activity.title}: {activity.introduction}" if activity.introduction else activity.title
    prompt = discussion_prompt(activity) if kind is ItemKind.DISCUSSION else ""
    return AgendaItem(kind, title, rubric.id, activity.id, prompt)


def agenda_templates(rubrics: Mapping[str, Rubric]) -> list[AgendaTemplate]:
    """The meetings a facilitator can start from: the toolkit's three activities, a SIPR review, a
    Leadership System review; each only when its rubric files are in the library."""
    found: list[AgendaTemplate] = []
    toolkit = []
    for rubric_id, activity_id, kind in _TOOLKIT_ACTIVITIES:
        rubric = rubrics.get(rubric_id)
        activity = activity_of(rubric, activity_id) if rubric is not None else None
        if rubric is not None and activity is not None:
            toolkit.append(toolkit_item(rubric, activity, kind))
    if len(toolkit) == len(_TOOLKIT_ACTIVITIES):
        found.append(AgendaTemplate(TOOLKIT, "The toolkit's meeting: Activities 1, 2 and 3", tuple(toolkit)))
    for template_id, title, rubric_id in _REVIEWS:
        rubric = rubrics.get(rubric_id)
        if rubric is not None:
            first = rubric.activities[0].id if rubric.activities else None
            item = AgendaItem(ItemKind.CONTINUUM, rubric.title, rubric.id, first)
            found.append(AgendaTemplate(template_id, title, (item,)))
    return found


def own_agenda(
    questions: Sequence[str], rubric_ids: Sequence[str], rubrics: Mapping[str, Rubric]
) -> AgendaTemplate:
    """The facilitator's own list: their discussion questions first, then the continua chosen."""
    items = [
        AgendaItem(ItemKind.DISCUSSION, f"Discussion {n}", prompt=q.strip())
        for n, q in enumerate((q for q in questions if q.strip()), start=1)
    ]
    for rubric_id in rubric_ids:
        if rubric_id not in rubrics:
            raise InputError(f'No continuum "{rubric_id}" in the rubric library: choose one it lists.')
        items.append(AgendaItem(ItemKind.CONTINUUM, rubrics[rubric_id].title, rubric_id))
    return AgendaTemplate(OWN, "Your own agenda", tuple(items))


def check_agenda(items: Sequence[AgendaItem], rubrics: Mapping[str, Rubric]) -> list[AgendaItem]:
    """An agenda as every input path must give it: 1 to MAX_ITEMS items, each with a title, each discussion
    with a question, each continuum and activity one the rubric library has."""
    if not items:
        raise InputError("The agenda is empty: add a discussion question or choose a continuum.")
    if len(items) > MAX_ITEMS:
        raise InputError(
            f"An agenda holds at most {MAX_ITEMS} activities, not {len(items)}: split the meeting."
        )
    checked = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item.title, str) or not item.title.strip():
            raise InputError(f"Activity {n} has no title: type what the activity is called.")
        if item.kind is ItemKind.DISCUSSION and not item.prompt.strip():
            raise InputError(f"{item.title} has no question: type the question people answer.")
        if item.kind is ItemKind.CONTINUUM and not item.rubric_id:
            raise InputError(f"{item.title} names no continuum: choose one.")
        rubric = rubrics.get(item.rubric_id) if item.rubric_id else None
        if item.rubric_id and rubric is None:
            raise InputError(f'No continuum "{item.rubric_id}" in the rubric library: choose one it lists.')
        if item.activity_id and (rubric is None or activity_of(rubric, item.activity_id) is None):
            where = f"the continuum {rubric.title}" if rubric is not None else "no continuum"
            raise InputError(
                f'{item.title} names the activity "{item.activity_id}" of {where}, which has no such '
                "activity: choose one of its activities or none."
            )
        prompt = check_text("Question", item.prompt.strip(), MAX_PROMPT)
        checked.append(
            AgendaItem(
                item.kind,
                check_text("Title", item.title.strip(), MAX_PROMPT),
                item.rubric_id,
                item.activity_id,
                prompt,
            )
        )
    return checked


def check_template(template: str, rubrics: Mapping[str, Rubric]) -> str:
    """A meeting's template: one of ``agenda_templates`` or "own"."""
    known = [t.id for t in agenda_templates(rubrics)] + [OWN]
    if template not in known:
        raise InputError(f'No agenda template "{str(template)[:40]}": choose one of {", ".join(known)}.')
    return template


MEMBER_ID = re.compile(r"[0-9a-f]{32}")


def check_member_id(member_id: str) -> str:
    """A member's id as the app makes them (``uuid4().hex``): a link's ``p=`` cannot name anything else."""
    if not isinstance(member_id, str) or MEMBER_ID.fullmatch(member_id) is None:
        raise InputError("That member id is not one this app gave: join the meeting with your name.")
    return member_id


@dataclass(frozen=True)
class MeetingItem:
    """An activity as the meeting holds it: its place, and the session that rates it (a continuum)."""

    position: int
    item: AgendaItem
    session_code: str | None = None
    revealed_at: str | None = None

    @property
    def is_discussion(self) -> bool:
        return self.item.kind is ItemKind.DISCUSSION

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


@dataclass(frozen=True)
class Meeting:
    """A meeting with an agenda: one join code and one facilitator key for all its activities."""

    id: str
    code: str
    title: str
    template: str
    district: str
    school: str
    team: str
    held_on: date
    facilitator: str
    current: int
    items: tuple[MeetingItem, ...]

    @property
    def current_item(self) -> MeetingItem:
        return self.items[self.current]

    @property
    def place(self) -> str:
        return f"{self.district} · {self.school}" if self.school else self.district

    def moved(self, by: int) -> int:
        """The position ``by`` activities on from the current one, kept inside the agenda."""
        return max(0, min(len(self.items) - 1, self.current + by))


def check_position(meeting: Meeting, position: int) -> MeetingItem:
    if not 0 <= position < len(meeting.items):
        raise InputError(f"The agenda has activities 1 to {len(meeting.items)}, not {position + 1}.")
    return meeting.items[position]


@dataclass(frozen=True)
class DiscussionAnswer:
    """One person's written answer to a discussion: a short topic (what it is about) and why."""

    position: int
    member_id: str
    name: str
    topic: str
    text: str
    updated_at: str


def check_answer(topic: str, text: str) -> tuple[str, str]:
    """A discussion answer as every input path must give it."""
    topic = re.sub(r"\s+", " ", topic or "").strip()
    text = (text or "").strip()
    if not topic and not text:
        raise InputError("The answer is empty: type what you chose and why.")
    return check_text("Topic", topic, MAX_TOPIC), check_text("Answer", text, MAX_ANSWER)


def topic_key(topic: str) -> str:
    """Two topics are the same when they differ only in case, spacing and punctuation."""
    return " ".join(re.sub(r"[^\w\s]", " ", topic.casefold()).split())


@dataclass(frozen=True)
class AnswerGroup:
    topic: str
    """As the first person wrote it; empty for the answers that name no topic."""
    answers: tuple[DiscussionAnswer, ...]


def group_answers(answers: Sequence[DiscussionAnswer]) -> list[AnswerGroup]:
    """Answers grouped by topic, the most shared topic first (then as first written); those without a
    topic last."""
    groups: dict[str, list[DiscussionAnswer]] = {}
    for answer in sorted(answers, key=lambda a: a.updated_at):
        groups.setdefault(topic_key(answer.topic), []).append(answer)
    named = [g for k, g in groups.items() if k]
    named.sort(key=lambda g: -len(g))  # stable: equal sizes keep the order first written
    found = [AnswerGroup(g[0].topic, tuple(g)) for g in named]
    if "" in groups:
        found.append(AnswerGroup("", tuple(groups[""])))
    return found
