"""Parts the Start, Dashboard and Action plan pages share about actions between meetings: the review
of carried actions at a follow-up, and the flags of overdue ones. Not a page of its own."""

import datetime

import streamlit as st

from pages.common import attempt, esc, store
from sipr_core import ActionItem, ReviewOutcome, Session, row_label, to_review


def due_words(item: ActionItem) -> str:
    return f"due {item.due:%d %b %Y}" if item.due else "no due date"


def overdue_box(items: list[ActionItem], *, heading: str = "Actions overdue") -> None:
    """Overdue actions, each with its due date and owner, in one bordered box (nothing when none)."""
    if not items:
        return
    with st.container(border=True, key="overdue-actions"):
        st.markdown(f"#### :material/alarm: {heading}")
        lines = []
        for item in items:
            owner = f" · {esc(item.owner)}" if item.owner else ""
            lines.append(f"- **{esc(item.what)}**{owner} · overdue since {item.due:%d %b %Y}")
        st.markdown("\n".join(lines))


def review_carried(session: Session, key: str, actor: str, plan: list[ActionItem]) -> None:
    """At a follow-up, the actions carried from the session before, to review before anything else."""
    waiting = to_review(plan)
    if not waiting:
        return
    rubric = session.rubric
    with st.container(border=True, key="review-carried"):
        st.markdown("### First: review the actions carried from the last session")
        st.caption(
            ("1 action was" if len(waiting) == 1 else f"{len(waiting)} actions were")
            + " still open at the last session. For each, say how it stands, "
            "add a note on the progress and save. Done and dropped ones will not carry on."
        )
        for item in waiting:
            with st.form(f"review:{item.id}", border=True):
                rows = "; ".join(row_label(rubric, r) for r in item.row_ids)
                about = f" · {esc(rows)}" if rows else ""
                owner = f" · {esc(item.owner)}" if item.owner else ""
                st.markdown(f"**{esc(item.what)}**{about}{owner} · {due_words(item)}")
                outcome = st.radio(
                    "How does it stand?",
                    [o.value for o in ReviewOutcome],
                    format_func=lambda o: ReviewOutcome(o).label,
                    index=None,
                    horizontal=True,
                    key=f"review-outcome:{item.id}",
                )
                note = st.text_area("Progress note", key=f"review-note:{item.id}", max_chars=20_000, height=80)
                on = st.date_input(
                    "Reviewed on", value=session.info.held_on, key=f"review-on:{item.id}", format="YYYY-MM-DD"
                )
                if st.form_submit_button("Save the review", type="primary", icon=":material/task_alt:"):
                    day = on if isinstance(on, datetime.date) else None
                    done = attempt(
                        store().carry_over.review, session.info.code, key, item.id, outcome or "",
                        note=note, on=day, actor=actor,
                    )  # fmt: skip
                    if done.ok:
                        st.rerun()
