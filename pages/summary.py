"""Summary: what a leader who was not in the room reads, and the downloads (PDF, web page, Excel, CSV, JSON).

Open to anyone with the join code; the session file (JSON) needs the facilitator key. Each download
is built only when its button is clicked (the button spins meanwhile) and never reruns the page.
"""

import streamlit as st

from pages.common import (
    PAGES,
    attempt,
    esc,
    facilitator_key,
    holds_key,
    need_session,
    session_banner,
    store,
    through_app,
)
from sipr_core import (
    FORMATS,
    NOTHING_RATED,
    Summary,
    file_name,
    report,
    summary_of,
)

through_app()
opened = need_session()
session_banner(opened)
code = opened.info.code

DOWNLOADS = {
    "pdf": (":material/picture_as_pdf:", "To print or send: cover, chart, every row, the action plan."),
    "html": (
        ":material/public:",
        "One file that opens in any browser, offline, with the chart you can point at.",
    ),
    "xlsx": (":material/table_view:", "Sheets for the summary, the ratings, the votes and the action plan."),
    "csv": (":material/csv:", "The ratings one line per row, for the district's own analysis."),
    "json": (":material/save:", "The whole session, to keep or to import into another copy of this app."),
}


def show_summary(summary: Summary) -> None:
    """The headline of the summary: progress, mean levels, flagged rows, actions, change since last time."""
    if not summary.rated:
        st.info(
            f"{NOTHING_RATED} The downloads say so too; they fill in as the team rates each "
            f"{esc(summary.terms['row'].lower())} on the Rate page.",
            icon=":material/hourglass_empty:",
        )
    else:
        st.markdown(f"**{esc(summary.progress[0].upper() + summary.progress[1:])}.**")
        for column, mean in zip(st.columns(max(len(summary.means), 2)), summary.means, strict=False):
            label = f"Mean level: {esc(mean.dimension)}" if len(summary.means) > 1 else "Mean level"
            column.metric(label, mean.value, delta=mean.change or None, delta_color="blue")
            if mean.place:
                column.caption(esc(mean.place))
    flagged, actions = len(summary.flagged), len(summary.actions)
    rows = summary.terms["row" if flagged == 1 else "rows"].lower()
    facts = [
        f"**{flagged}** {esc(rows)} flagged for discussion (votes two or more levels apart)",
        f"**{actions}** action item{'s' if actions != 1 else ''} in the action plan",
    ]
    if summary.overdue:
        late = len(summary.overdue)
        said = "; ".join(esc(line) for line in summary.overdue)
        facts.append(f"**{late}** action{'s' if late != 1 else ''} overdue: {said}")
    if summary.since is not None:
        moved = len(summary.since.moves)
        facts.append(
            f"**{moved}** level{'s' if moved != 1 else ''} changed since the previous session "
            f"({summary.since.held_on:%d %B %Y})"
        )
    else:
        facts.append("the first session of this team on this continuum")
    st.markdown("\n".join(f"- {fact}" for fact in facts))
    if "actions" in PAGES:
        st.page_link(PAGES["actions"], label="Open the action plan", icon=":material/checklist:")


def show_downloads(summary: Summary) -> None:
    """One button per format; the file is made when the button is clicked."""
    st.markdown("### Download the summary")
    source = store()  # captured: the file is made on another thread, after this run
    info = opened.info
    key = facilitator_key(code)
    can_export_json = holds_key(code, key)  # the facilitator's downloads also hold a round not yet revealed
    columns = st.columns(len(DOWNLOADS))
    for column, (name, (icon, what)) in zip(columns, DOWNLOADS.items(), strict=True):
        with column:
            if name == "json" and not can_export_json:
                st.button(FORMATS[name].label, icon=icon, disabled=True, key="download-json-locked")
                st.caption("The session file needs the facilitator key: unlock the session on the Rate page.")
                continue
            st.download_button(
                FORMATS[name].label,
                data=lambda name=name: report(source, code, name, key if can_export_json else None),
                file_name=file_name(info, name),
                mime=FORMATS[name].mime,
                icon=icon,
                on_click="ignore",
                type="primary" if name == "pdf" else "secondary",
                key=f"download-{name}",
            )
            st.caption(what)
    st.caption(
        "Each file is made when you click its button; the button spins until it is ready. "
        "The first PDF after the app starts takes a few seconds longer while the chart is drawn."
    )


st.markdown("## Session summary")
found = attempt(summary_of, store(), code).value
if found is not None:
    show_downloads(found)
    st.divider()
    show_summary(found)
