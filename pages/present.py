"""Present: one row at a time in large type for the projector, with the activity timer.

Viewing needs only the join code; setting a level or the timer needs the facilitator key.
"""

import html
from collections.abc import Callable
from datetime import UTC, datetime

import streamlit as st

from pages import agenda_present
from pages.common import (
    PAGES,
    attempt,
    attempt_quietly,
    chart_as_table,
    esc,
    facilitator_key,
    holds_key,
    level_cards,
    library,
    need_session,
    open_code,
    store,
    through_app,
)
from pages.guide import guide_menu
from sipr_core import (
    MAX_MINUTES,
    MIN_MINUTES,
    NOT_RATED,
    AgendaSlide,
    Cell,
    Entry,
    Row,
    Session,
    Slide,
    Timer,
    TimerPreset,
    agenda_slides,
    clock,
    first_slide_of,
    level_choices,
    plural,
    radar,
    radar_summary,
    radar_table,
    score,
    slide_number,
    slides,
    timer_presets,
)

through_app()

OTHER_ACTIVITY = "Other activity"
BLUE, GREY, INK = "#0072B2", "#4A5563", "#14213D"
PROJECTED_FONT = 24  # px: the overview chart's labels (the dashboard's are 18)
TIMER_POPOVER = "present-timer"  # the key of the timer's menu, which closes once the timer starts

CHROME = """<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], .st-key-present-more-keys {
  display: none !important;
}
[data-testid="stMainBlockContainer"] { padding: 1.2rem 2.5rem 5.5rem 2.5rem; max-width: none; }
.st-key-present-nav {
  position: fixed; left: 0; right: 0; bottom: 0; z-index: 99; padding: 0.6rem 2.5rem;
  background: #FFFFFF; border-top: 1px solid #D5DCE4;
}
[data-testid="stAppViewContainer"] > section { padding-top: 0; }
[class*="st-key-present-levels"] [data-testid="stSliderThumbValue"],
[class*="st-key-present-levels"] [data-testid="stSliderTickBar"] { font-size: 1.1rem; }
.sipr-timer { text-align: right; line-height: 1.1; color: #1F2933; }
.sipr-timer .clock { font-size: 3rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.sipr-timer.over .clock, .sipr-timer.over .state { color: #B85000; }
</style>"""

# Counts down in the browser from the seconds left when the server drew it, so the projector's
# clock need not agree with the server's and the server is not rerun every second.
TICK = """<script>
(function () {
  if (window.siprTick) { clearInterval(window.siprTick); }
  var box = document.getElementById("sipr-timer");
  if (!box) { return; }
  var ends = Date.now() + Number(box.dataset.left) * 1000;
  function tick() {
    var now = document.getElementById("sipr-timer");
    if (!now) { clearInterval(window.siprTick); return; }
    var left = Math.trunc((ends - Date.now()) / 1000);
    var all = Math.abs(left), secs = all % 60;
    now.querySelector(".clock").textContent =
      (left < 0 ? "-" : "") + Math.floor(all / 60) + ":" + (secs < 10 ? "0" : "") + secs;
    now.querySelector(".state").textContent = left < 0 ? "over time" : "left";
    now.classList.toggle("over", left < 0);
  }
  window.siprTick = setInterval(tick, 1000);
})();
</script>"""


# --- actions: one core call each, run before the page is drawn again ---------------------------


def go(code: str, number: int) -> None:
    if meeting is not None:  # the meeting's deck: the meeting moves with it, and the phones follow
        number = agenda_present.follow_agenda(meeting, deck, key, number)
    st.query_params["slide"] = str(number)
    st.session_state[f"slide:{code}"] = number


def save_level(code: str, key: str, actor: str, cell: tuple[str, str], widget: str, stored: str) -> None:
    level = level_choices(rubric)[st.session_state[widget]]
    saved = attempt(store().entries.set, code, key, *cell, actor=actor, level=level).value
    if saved is None:
        st.session_state[widget] = stored


def start_timer(code: str, key: str, activity: str, widget: str) -> None:
    timer_change(store().sessions.start_timer, code, key, activity, int(st.session_state[widget]))


def stop_timer(code: str, key: str) -> None:
    timer_change(store().sessions.stop_timer, code, key)


def timer_change(action: Callable[..., object], *args: object) -> None:
    """Start or stop the timer; when that is saved, the popover closes so the slide and the clock show."""
    if attempt(action, *args).ok:
        st.session_state[TIMER_POPOVER] = False


# --- drawing -----------------------------------------------------------------------------------


def timer_html(timer: Timer) -> str:
    left = timer.remaining(datetime.now(UTC))
    over = left.total_seconds() < 0
    return (
        f'<div id="sipr-timer" class="sipr-timer{" over" if over else ""}" '
        f'data-left="{left.total_seconds():.1f}">'
        f'<div style="font-size:1.1rem;color:{GREY}">{html.escape(timer.activity)}</div>'
        f'<span class="clock">{clock(left)}</span> '
        f'<span class="state" style="font-size:1.2rem">{"over time" if over else "left"}</span></div>'
    )


@st.fragment(run_every=15)
def timer_box(code: str, join_code: str | None = None) -> None:
    """The timer, reloaded now and then so a timer started on another device shows up here."""
    current = attempt(store().sessions.load, code).value
    if current is not None and current.timer is not None:
        st.html(timer_html(current.timer) + TICK, unsafe_allow_javascript=True)
    st.html(
        f'<div style="text-align:right;color:{GREY};font-size:1.3rem">Join code '
        f'<b style="font-size:1.8rem;color:{INK};letter-spacing:0.05em">'
        f"{html.escape(join_code or code)}</b></div>"
    )


def level_name(entry: Entry) -> str:
    if entry.rating.not_applicable:
        return "Not applicable"
    if entry.rating.level is None:
        return "Not rated yet"
    return rubric.level(entry.rating.level).name


def cell_text(cell: Cell, entry: Entry, size: str) -> None:
    """The statement and checklist of a cell (its level texts go into the cards)."""
    if cell.text:
        st.html(f'<div style="font-size:{size};line-height:1.35">{html.escape(cell.text)}</div>')
    if cell.criteria:
        items = "".join(
            f'<li style="list-style:none;margin:0.2rem 0">{"✔" if i in entry.rating.ticked else "○"} '
            f"{html.escape(text)}</li>"
            for i, text in enumerate(cell.criteria)
        )
        st.html(f'<ul style="font-size:{size};line-height:1.35;padding-left:0.2rem">{items}</ul>')


def scale(current: str | None) -> str:
    """The level names in a line, the current one highlighted: the cards of a cell without level texts."""
    pills = []
    for level in rubric.levels:
        chosen = level.id == current
        look = (
            f"border:3px solid {BLUE};background:#E3F0FA;font-weight:700"
            if chosen
            else "border:1px solid #C9D3DF"
        )
        pills.append(
            f'<div style="{look};flex:1;padding:0.35rem 0.5rem;border-radius:0.5rem;text-align:center;'
            f'font-size:1.15rem">{"✔ " if chosen else ""}{html.escape(level.name)}</div>'
        )
    return f'<div style="display:flex;gap:0.4rem;align-items:stretch">{"".join(pills)}</div>'


def level_control(row: Row, dimension: str, entry: Entry, several: bool) -> None:
    """The facilitator's slider; it saves on change."""
    stored = rubric.level(entry.rating.level).name if entry.rating.level else NOT_RATED
    widget = f"present-level:{row.id}:{dimension}"
    # The store is the truth: set the control from it on every run (another tab, an undo).
    st.session_state[widget] = stored
    with st.container(key=f"present-levels-{row.id}-{dimension}".replace(".", "_")):
        st.select_slider(
            f"{esc(rubric.dimension(dimension).short)} level" if several else "Level",
            options=list(level_choices(rubric)),
            format_func=esc,
            key=widget,
            on_change=save_level,
            args=(code, key, session.info.facilitator, (row.id, dimension), widget, stored),
        )


def draw_cell(row: Row, dimension: str, cell: Cell, several: bool) -> None:
    """One cell: level texts as large cards; a statement or checklist under its level line."""
    entry = session.entry(row.id, dimension)
    if several:
        dim = rubric.dimension(dimension)
        about = f" · {html.escape(dim.description)}" if dim.description else ""
        st.html(f'<div style="font-size:1.5rem;font-weight:700">{html.escape(dim.short)}{about}</div>')
    name = html.escape(level_name(entry))
    st.html(
        f'<div style="font-size:1.3rem">Level: '
        f'<span style="font-size:2rem;font-weight:700;color:{BLUE}">{name}</span></div>'
    )
    if cell.descriptors:
        st.html(level_cards(rubric, cell, entry.rating.level, size="1.15rem" if several else "1.4rem"))
    else:
        st.html(scale(entry.rating.level))
    if key is not None:
        level_control(row, dimension, entry, several)
    cell_text(cell, entry, "1.35rem" if several else "1.6rem")


def draw_row(slide: Slide) -> None:
    assert slide.row is not None and slide.group is not None
    row = slide.row
    cells = row.cells()
    st.html(
        f'<h1 style="font-size:2.2rem;line-height:1.2;margin:0.2rem 0 0.2rem 0;padding:0">'
        f"{html.escape(row.title)}</h1>"
    )
    columns = st.columns(len(cells), gap="large") if len(cells) > 1 else [st.container()]
    for column, (dimension, cell) in zip(columns, cells.items(), strict=True):
        with column:
            draw_cell(row, dimension, cell, several=len(cells) > 1)


def draw_overview() -> None:
    card = score(rubric, session.ratings())
    st.html(
        f'<h1 style="font-size:2.2rem;margin:0.2rem 0 0.4rem 0;padding:0">The whole picture: '
        f"{html.escape(rubric.short)}</h1>"
        f'<div style="font-size:1.4rem;color:{GREY}">{card.rows_rated} of {card.rows_total} '
        f"{html.escape(plural(rubric.terms.row.lower()))} rated</div>"
    )
    figure = radar(rubric, session.ratings())
    # The whole chart above the bar at the foot of the screen, its labels readable from the back of a room.
    figure.update_layout(height=580, font_size=PROJECTED_FONT)
    figure.update_polars(
        angularaxis_tickfont_size=PROJECTED_FONT, radialaxis_tickfont_size=PROJECTED_FONT - 4
    )
    figure.update_xaxes(tickfont_size=PROJECTED_FONT - 2)
    figure.update_yaxes(tickfont_size=PROJECTED_FONT)
    summary = radar_summary(rubric, session.ratings())
    st.plotly_chart(figure, width="stretch", key="present-radar", alt=summary)
    chart_as_table(radar_table(rubric, session.ratings()))


def where(slide: Slide) -> str:
    """The small line above the title: group, subgroup and place in the group."""
    if slide.group is None:
        return html.escape(rubric.short)
    parts = [f"{rubric.terms.group}: {slide.group.title}"]
    if slide.subgroup is not None and slide.subgroup.title != slide.row.title:
        parts.append(f"{rubric.terms.subgroup}: {slide.subgroup.title}")
    parts.append(f"{rubric.terms.row} {slide.row_in_group} of {slide.rows_in_group}")
    return " · ".join(html.escape(p) for p in parts)


def navigation(slide: Slide) -> None:
    """The bar fixed at the foot of the screen: previous, where we are, next, timer, exit."""
    first, last = slide.number == 1, slide.number == slide.total
    with st.container(key="present-nav", horizontal=True, vertical_alignment="center", gap="medium"):
        st.button(
            "Previous",
            icon=":material/arrow_back:",
            shortcut="Left",
            disabled=first,
            on_click=go,
            args=(code, slide.number - 1),
        )
        st.html(f'<div style="font-size:1.3rem;white-space:nowrap">{slide.counter}</div>', width="content")
        st.button(
            "Next",
            icon=":material/arrow_forward:",
            shortcut="Right",
            type="primary",
            disabled=last,
            on_click=go,
            args=(code, slide.number + 1),
        )
        st.space("stretch")
        guide_menu(rubric, code, key)
        if key is not None:
            with st.popover("Timer", icon=":material/timer:", key=TIMER_POPOVER, on_change="rerun"):
                timer_controls(session)
        else:
            st.caption(
                "Viewing only: to set levels or the timer, unlock with the facilitator key on the Rate page."
            )
        if "rate" in PAGES:
            st.page_link(
                PAGES["rate"], label="Exit presentation", icon=":material/close:", query_params={"code": code}
            )
    # Clickers send Page Down and Page Up; a button takes one shortcut, so these are hidden twins.
    with st.container(key="present-more-keys"):
        st.button(
            "Next (Page Down)", shortcut="PageDown", disabled=last, on_click=go, args=(code, slide.number + 1)
        )
        st.button("Next (Space)", shortcut="Space", disabled=last, on_click=go, args=(code, slide.number + 1))
        st.button(
            "Previous (Page Up)",
            shortcut="PageUp",
            disabled=first,
            on_click=go,
            args=(code, slide.number - 1),
        )


def timer_controls(session: Session) -> None:
    assert key is not None
    presets = agenda_presets or timer_presets(rubric)
    names = [p.label for p in presets] + [OTHER_ACTIVITY]
    choice = (
        st.radio("Activity", names, format_func=esc, key="present-timer-activity") if presets else OTHER_ACTIVITY
    )
    preset = next((p for p in presets if p.label == choice), None)
    widget = f"present-timer-minutes:{choice}"
    st.number_input(
        "Minutes",
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        value=preset.minutes if preset else 10,
        step=1,
        key=widget,
    )
    if preset is not None:
        st.caption(f"Suggested for {esc(preset.label)}: {preset.suggestion}.")
    st.button(
        "Start timer",
        type="primary",
        icon=":material/play_arrow:",
        on_click=start_timer,
        args=(code, key, preset.label if preset else "Timer", widget),
    )
    if session.timer is not None:
        st.button("Stop timer", icon=":material/stop:", on_click=stop_timer, args=(code, key))


# --- the page ------------------------------------------------------------------------------------

session = need_session()
rubric = session.rubric
code = session.info.code
held = facilitator_key(code)
key = held if holds_key(code, held) else None
meeting = attempt_quietly(store().meetings.of_session, code).value  # a meeting's deck follows its agenda
if meeting is not None and key is None:  # the meeting's key holds every session of it
    held = facilitator_key(meeting.code)
    key = held if holds_key(code, held) else None
agenda_presets: list[TimerPreset] = []
shown: AgendaSlide | None = None

st.html(CHROME)
if meeting is None:
    deck: list = slides(rubric)
    number = slide_number(
        st.query_params.get("slide") or str(st.session_state.get(f"slide:{code}", 1)), len(deck)
    )
    go(code, number)
    slide = deck[number - 1]
else:
    deck = agenda_slides(meeting, library().rubrics)
    start = first_slide_of(deck, next(i.position for i in meeting.items if i.session_code == code))
    asked = st.query_params.get("slide") or str(st.session_state.get(f"slide:{code}", start))
    number = slide_number(asked, len(deck))
    shown = deck[number - 1]
    in_session = meeting.items[shown.position].session_code
    if in_session is not None and in_session != code:  # the slide rates another continuum: open its session
        other = attempt(store().sessions.load, in_session).value  # deleted since the agenda was read
        if other is None:
            st.stop()
        open_code(in_session)
        session, code = other, in_session
        rubric = session.rubric
        held = facilitator_key(code) or facilitator_key(meeting.code) or key
        key = held if holds_key(code, held) else None
    st.query_params["slide"] = str(number)
    st.session_state[f"slide:{code}"] = number
    agenda_presets = [shown.timer] if shown.timer is not None else []
    slide = shown.slide if shown.slide is not None else shown

top_left, top_right = st.columns([3, 1], vertical_alignment="top")
with top_left:
    agenda_only = meeting is not None and shown is not None and shown.slide is None
    where_words = agenda_present.where(meeting, shown) if agenda_only else where(slide)
    st.html(f'<div style="font-size:1.25rem;color:{GREY}">{where_words}</div>')
with top_right:
    timer_box(code, meeting.code if meeting is not None else None)

if meeting is not None and shown is not None and shown.slide is None:
    agenda_present.draw(meeting, shown, code, key)
elif slide.is_overview:
    draw_overview()
else:
    draw_row(slide)

navigation(shown or slide)
