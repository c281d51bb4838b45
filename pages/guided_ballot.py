"""The guided walk on the phone ballot: the toolkit's top-down rating, one level at a time.

When the facilitator chose guided rating for the round, a row without the participant's vote shows the
highest level's full text under the toolkit's question ("To what extent does this describe your
district?", "school" in a building team's session) with two large buttons: "Yes, this describes us"
records that level as the vote; "No, look at the next level" shows the one below, down to the lowest,
which fits when no higher one does. Once voted (or asked for), the row shows every level as buttons, the
vote marked, with a way to walk down from the top again. Used by the Vote page; display only: a "Yes" is
the same one core call as a tap on a level.
"""

from collections.abc import Callable

import streamlit as st

from pages.common import esc
from sipr_core import Ballot, Rubric, guided_step

Key = tuple[str, str]
EVERY_LEVEL = "list"
"""The walk's state when the row shows every level instead of one at a time."""
YES, NO = "Yes, this describes us", "No, look at the next level"
BAR_STYLE = """<style>
.st-key-guided-answer {
  position: fixed; bottom: 0; left: 50%; transform: translateX(-50%); width: min(46rem, 100%); z-index: 99;
  padding: 0.6rem 1rem 0.8rem 1rem; background: #FFFFFF; border-top: 1px solid #D5DCE4;
}
.st-key-guided-answer > div { flex: 1 1 0 !important; min-width: 0 !important; }
.st-key-guided-answer button { min-height: 3.4rem; line-height: 1.25; }
.st-key-guided-answer button p { white-space: normal; }
.st-key-guided-level { scroll-margin: 0.5rem 0 6.5rem 0; }
.block-container { padding-bottom: 8rem; }
</style>"""
"""The question and its two answers stay at the foot of the screen, where a thumb rests, however long the
level's text is: the text scrolls above them (the page leaves room for them at its end)."""


def walk_key(ballot: Ballot, cell: Key) -> str:
    assert ballot.round is not None
    return f"walk:{ballot.round.number}:{cell[0]}:{cell[1]}"


def walking(ballot: Ballot, cell: Key) -> bool:
    """Whether this row shows the walk: a guided round, and no vote yet (or the walk asked for again)."""
    assert ballot.round is not None
    if not ballot.round.guided:
        return False
    state = st.session_state.get(walk_key(ballot, cell))
    if isinstance(state, int):
        return True
    return state != EVERY_LEVEL and ballot.given.get(cell) is None


# A new level of the walk: bring its card into view above the answers (all of it when it fits, else its
# top), so the level is read without hunting for it. Only when the level changed: the ballot redraws
# itself every few seconds, and a page that scrolls by itself while being read is worse than none.
SHOW_LEVEL = """<script>
(function () {
  var tries = 0;
  function show() {
    var card = document.querySelector(".st-key-guided-level");
    var bar = document.querySelector(".st-key-guided-answer");
    if (!card || !bar) { if (tries++ < 40) { setTimeout(show, 50); } return; }
    var room = window.innerHeight - bar.getBoundingClientRect().height - 16;
    var fits = card.getBoundingClientRect().height < room;
    card.scrollIntoView({block: fits ? "end" : "start"});
  }
  setTimeout(show, 50);
})();
</script>"""


def _bring_into_view(widget: str, step: int) -> None:
    if st.session_state.get("walk-shown") != (widget, step):
        st.session_state["walk-shown"] = (widget, step)
        st.html(SHOW_LEVEL, unsafe_allow_javascript=True)


def _step(widget: str, to: int | str) -> None:
    st.session_state[widget] = to


def _yes(choose: Callable[..., None], widget: str, *args: object) -> None:
    """The level fits: the vote, as a tap on it would cast it; then the row shows every level, it marked."""
    choose(*args)
    if st.session_state.get("ballot-problem") is None:
        st.session_state[widget] = EVERY_LEVEL


def guided_walk(rubric: Rubric, ballot: Ballot, cell: Key, question: str, vote: Callable[..., None]) -> None:
    """One level of the walk, highest first: its full text, the question, "Yes" and "No" for a thumb.

    ``vote(level_id)`` returns the callback and arguments of a vote (the Vote page's ``choose``)."""
    assert ballot.round is not None
    widget = walk_key(ballot, cell)
    state = st.session_state.get(widget)
    step = state if isinstance(state, int) else 0
    level, lowest = guided_step(rubric, step)
    words = rubric.row(cell[0]).cells()[cell[1]].describe(level)
    st.html(BAR_STYLE)
    with st.container(border=True, key="guided-level"):
        st.markdown(f"**{esc(question)}**")
        st.caption(f"Level {step + 1} of {len(rubric.levels)}, from the top")
        st.markdown(f"##### {esc(level.name)}")
        if words:
            st.markdown(esc(words))
    _bring_into_view(widget, step)
    choose, args = vote(level.id)
    with st.container(key="guided-answer", horizontal=True, gap="small"):
        st.button(
            YES, key=f"{widget}:yes", type="primary", icon=":material/check:", width="stretch",
            on_click=_yes, args=(choose, widget, *args),
        )  # fmt: skip
        if not lowest:
            st.button(
                NO, key=f"{widget}:no", icon=":material/arrow_downward:", width="stretch",
                on_click=_step, args=(widget, step + 1),
            )  # fmt: skip
    if lowest:
        st.caption("This is the first level: when no level above it fits, this one does.")
    back, every = st.columns(2)
    if step > 0:
        back.button(
            "Up a level", key=f"{widget}:up", icon=":material/arrow_upward:", type="tertiary",
            on_click=_step, args=(widget, step - 1),
        )  # fmt: skip
    every.button(
        "Show every level", key=f"{widget}:all", icon=":material/list:", type="tertiary",
        on_click=_step, args=(widget, EVERY_LEVEL),
    )  # fmt: skip


def walk_again(ballot: Ballot, cell: Key) -> None:
    """Under the levels of a guided round: walk down from the top again."""
    assert ballot.round is not None
    if ballot.round.guided:
        st.button(
            "Walk down from the top again", key=f"{walk_key(ballot, cell)}:again", icon=":material/south:",
            type="tertiary", on_click=_step, args=(walk_key(ballot, cell), 0),
        )  # fmt: skip
