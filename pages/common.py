"""What every page shares: the store, the rubric library, the open session, errors, level cards.

Display only: every rule lives in ``sipr_core``.
"""

from __future__ import annotations

import html
import json
import logging
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from sipr_core import (
    PUBLIC_URL_ENV,
    SHORT_CONTINUUM,
    Cell,
    ChartSize,
    Guesses,
    Library,
    Rubric,
    Session,
    Store,
    StoreError,
    TextTable,
    UserError,
    address_choices,
    app_address,
    check_public_url,
    client_address,
    default_url,
    is_loopback,
    library_signature,
    load_library,
    markdown_text,
    network_addresses,
    normalise_code,
    size_for,
)

T = TypeVar("T")
TRUSTED_PROXY_ENV = "SIPR_TRUSTED_PROXY"
"""Set to 1 when the app runs behind a proxy the operator trusts to set X-Forwarded-For."""
log = logging.getLogger("sipr")

PAGES: dict[str, Any] = {}
"""The st.Page objects by name, filled in by app.py, for links between pages (never for st.navigation:
the objects of whichever session filled it last)."""


def through_app() -> None:
    """Make sure this page runs inside app.py (its layout, navigation and password check).

    On a fresh server's first request to a page's URL, Streamlit runs that file of the folder named
    ``pages/`` directly (its legacy multipage mode), skipping app.py and its password check. The public
    st.navigation switches that mode off; its legacy path does not, so we do, then run again.
    """
    if not PAGES:
        PagesManager.uses_pages_directory = False
        st.rerun()


# A text box saves when the cursor leaves it. Until then, leaving or refreshing the page would drop
# what was typed: the browser asks first. (Ctrl+Enter also saves a box.)
UNSAVED_TYPING_GUARD = """<script>
if (!window.siprTypingGuard) {
  window.siprTypingGuard = true;
  const typing = new Set();
  const box = (e) => e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement;
  document.addEventListener("input", (e) => { if (box(e)) typing.add(e.target); }, true);
  document.addEventListener("focusout", (e) => typing.delete(e.target), true);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey || e.target instanceof HTMLInputElement)) typing.delete(e.target);
  }, true);
  window.addEventListener("beforeunload", (e) => {
    if ([...typing].some((t) => t.isConnected)) { e.preventDefault(); e.returnValue = ""; }
  });
}
</script>"""


# WCAG 2.1 AA where Streamlit's theme falls short: it draws captions in a grey text colour, and at
# 60 % opacity on top, 2.9:1 on white; AA asks 4.5:1. #4A5565 is 7.4:1 on white and 6.7:1 on
# the secondary background.
QUIET_INK = "#4A5565"
# Streamlit marks keyboard focus on a text box by a faint change of its border only (WCAG 2.4.7): every
# focused control gets a 3 px ring, 9.7:1 on white, when the keyboard (not the mouse) put it there.
FOCUS_RING = "#1F3F8F"
ACCESSIBLE_CSS = f"""<style>
.stApp [data-testid="stCaptionContainer"] {{color: {QUIET_INK}; opacity: 1;}}
.stApp [data-testid="stCaptionContainer"] p {{color: {QUIET_INK};}}
.stApp :focus-visible {{outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px;}}
.chart-table {{border-collapse: collapse; font-size: 1rem; margin: 0.25rem 0;}}
.chart-table caption {{position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap;}}
.chart-table th, .chart-table td {{border: 1px solid #8C96A3; padding: 0.2rem 0.5rem; text-align: left;}}
</style>"""

CHART_TABLE = "The chart as a table"
"""The expander under every chart holding the same values as text (WCAG 1.1.1); its name is cited in the
charts' alternative texts (``sipr_core.chart_tables``)."""


def chart_table_html(table: TextTable) -> str:
    """A real HTML table (headers scoped for screen readers), every value escaped: shown as typed. Its
    caption names it for screen readers; on screen the expander's label above it already does."""
    keys = list(table.columns)
    head = "".join(f'<th scope="col">{html.escape(table.columns[k])}</th>' for k in keys)
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{html.escape(line[k])}</th>' if i == 0 else f"<td>{html.escape(line[k])}</td>"
            for i, k in enumerate(keys)
        )
        + "</tr>"
        for line in table.text_lines()
    )
    return (
        f'<table class="chart-table"><caption>{CHART_TABLE}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def chart_size() -> ChartSize:
    """Charts drawn for this browser: a phone's narrow screen, or a projector's and a laptop's."""
    return size_for(st.context.headers.get("User-Agent") or "")


def chart_as_table(table: TextTable | None) -> None:
    """Under a chart: its values as a table, folded away, for screen readers and anyone who wants numbers."""
    if table is None or not table.lines:
        return
    with st.expander(CHART_TABLE, icon=":material/table_view:"):
        st.html(chart_table_html(table))


# A live region must exist before its text changes for a screen reader to say the change, and Streamlit
# replaces the inside of an st.html element on every rerun; so the region lives in the document's body,
# made once, and each run only sets its text. role="status" is polite: it waits for the reader to
# finish and never moves the focus.
ANNOUNCER = """<script>
(() => {
  let region = document.getElementById("sipr-announcer");
  if (!region) {
    region = document.createElement("div");
    region.id = "sipr-announcer";
    region.setAttribute("role", "status");
    region.setAttribute("aria-live", "polite");
    region.setAttribute("aria-atomic", "true");
    region.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);"
      + "white-space:nowrap;margin:-1px;padding:0;border:0";
    document.body.appendChild(region);
  }
  const said = SAID;
  if (region.textContent !== said) region.textContent = said;
})();
</script>"""


def announce(said: str) -> None:
    """Have screen readers say ``said`` politely when it changes (the live vote count), focus left alone."""
    st.html(ANNOUNCER.replace("SAID", json.dumps(said)), unsafe_allow_javascript=True)


# When a rerun draws a focused widget anew (a ballot's level button turning "primary"), the browser drops
# the focus to the page's start and a keyboard user must tab all the way back (WCAG 2.4.3). The focus
# goes back to the widget of the same key; only when its element was removed, never after a click elsewhere.
FOCUS_KEEPER = """<script>
if (!window.siprFocusKeeper) {
  window.siprFocusKeeper = true;
  let held = null;
  document.addEventListener("focusin", (e) => {
    const box = e.target.closest && e.target.closest('[class*="st-key-"]');
    const name = box && [...box.classList].find((c) => c.startsWith("st-key-"));
    held = name ? {name, element: e.target} : null;
  }, true);
  new MutationObserver(() => {
    if (!held || held.element.isConnected || document.activeElement !== document.body) return;
    const box = document.querySelector("." + CSS.escape(held.name));
    const again = box && box.querySelector("button, input, textarea, [tabindex]");
    if (again) again.focus({preventScroll: true});
  }).observe(document.body, {childList: true, subtree: true});
}
</script>"""


def accessible_styles() -> None:
    """The app's few CSS rules for contrast and focus, on every page (a style-only element takes no space)."""
    st.html(ACCESSIBLE_CSS)


def keep_focus() -> None:
    """Put the focus back on a widget that a rerun drew anew (a script's element: placed last, like the
    typing guard, so its space is not above the page)."""
    st.html(FOCUS_KEEPER, unsafe_allow_javascript=True)


def guard_unsaved_typing() -> None:
    """Have the browser ask before a refresh or a closed tab drops text not yet saved."""
    st.html(UNSAVED_TYPING_GUARD, unsafe_allow_javascript=True)


# Streamlit leaves about 150 px above a page's title under the top navigation, and 95 px at each side
# on a projector: the room then sees less of what it discusses. Level cards stand side by side, and one
# above the other on a phone, where four columns would be a word wide. A slider's end labels show always,
# not only while it has the focus. (A style-only st.html takes no space.)
PAGE_STYLE = """<style>
[data-testid=stMainBlockContainer] {padding-top: 4.9rem; padding-bottom: 4rem;}
@media (min-width: 1200px) {[data-testid=stMainBlockContainer] {padding-left: 2.5rem; padding-right: 2.5rem;}}
.level-cards {display: flex; flex-wrap: wrap; gap: 0.6rem; align-items: stretch;}
@media (max-width: 640px) {.level-cards {flex-direction: column;}}
[data-testid=stSlider] {--slider-focused: 1;}
.st-key-session-banner h1 {font-size: 1.75rem; padding: 0.5rem 0 0.25rem;}
.st-key-page-title h1 {font-size: 2.25rem; padding: 0.75rem 0 0.25rem;}
.st-key-phone-banner h1 {font-size: 1.05rem; padding: 0; margin-bottom: -0.75rem;}
.st-key-phone-question h1 {font-size: 1.25rem; padding: 0.25rem 0;}
</style>"""


def page_style() -> None:
    """Less empty space above and beside every page, so more of it is on the projector's first screen."""
    st.html(PAGE_STYLE)


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return Store(url)


def store() -> Store:
    """One store per database per server process; its engine is thread-safe.

    When the database cannot be opened (a read-only or full data folder), the page says why and stops.
    """
    try:
        return _store(default_url())
    except StoreError as error:
        st.error(esc(str(error)), icon=":material/error:")
        st.stop()


@st.cache_resource(show_spinner=False)
def _library(signature: tuple[tuple[str, float, int], ...]) -> Library:
    return load_library()


def library() -> Library:
    """The rubric library, reloaded when a file in a rubrics folder changes."""
    return _library(library_signature())


@st.cache_resource(show_spinner=False)
def guesses(what: str) -> Guesses:
    """The server's one limit on wrong guesses of a kind ("codes", "passwords"), shared by every browser."""
    return Guesses(what)


def guesser() -> tuple[str, str]:
    """This browser session and the client's address, as the guess limits count them."""
    browser = st.session_state.setdefault("guesser", secrets.token_hex(8))
    trusted = os.environ.get(TRUSTED_PROXY_ENV, "").strip().lower() in ("1", "true", "yes")
    address = client_address(st.context.ip_address, st.context.headers.get("X-Forwarded-For"), trusted)
    return str(browser), address


UNEXPECTED = (
    "Something went wrong and this change was not saved. Everything saved before is safe. "
    "Try again; if it keeps happening, tell whoever runs this app."
)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What one core call gave: its value when it succeeded (which may be None), or the problem."""

    value: T | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def attempt(action: Callable[..., T], *args: Any, **kwargs: Any) -> Outcome[T]:
    """Run one core call; show a plain message instead of a stack trace when it fails."""
    outcome = attempt_quietly(action, *args, **kwargs)
    if outcome.problem is not None:
        st.error(outcome.problem, icon=":material/error:")
    return outcome


def attempt_quietly(action: Callable[..., T], *args: Any, **kwargs: Any) -> Outcome[T]:
    """Run one core call; on failure its message, escaped for st.error (a message may quote what was
    typed, which must not become a link or markup), to show where the page chooses.

    For callbacks of widgets in a fragment, which must not draw (Streamlit would put the message
    in place of the top of the page).
    """
    try:
        return Outcome(action(*args, **kwargs))
    except UserError as error:
        log.info("refused %s in session %s: %s", _action_name(action), current_code() or "-", error)
        return Outcome(problem=esc(str(error)))
    except Exception:  # noqa: BLE001 - the user gets a message, the log gets the trace
        log.exception("failed %s in session %s", _action_name(action), current_code() or "-")
        return Outcome(problem=UNEXPECTED)


def _action_name(action: Callable[..., Any]) -> str:
    """"Voting.cast": the core call, as the server log names it (never its arguments: they hold keys)."""
    return getattr(action, "__qualname__", None) or getattr(action, "__name__", None) or repr(type(action))


# --- where phones reach the app --------------------------------------------------------------

LOOPBACK_WARNING = (
    "Phones cannot open `{address}`: that address means this computer only. Choose this computer's "
    "address on your network below (the phones must be on the same network, such as the room's Wi-Fi), "
    "or set the app's public address (SIPR_PUBLIC_URL). The README says how."
)


def public_url() -> str | None:
    """SIPR_PUBLIC_URL, or public_url in Streamlit secrets: the address people use (None when unset)."""
    configured = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if not configured:
        try:
            configured = str(st.secrets.get("public_url") or "").strip()
        except FileNotFoundError:
            configured = ""
    return configured or None


@st.cache_data(ttl=60, show_spinner=False)
def _network_addresses() -> list[str]:
    return network_addresses()


def phone_address(choose: bool = True) -> str:
    """The app's address for a phone: the public one when set, else this page's own.

    When this browser shows the app on a loopback address (``localhost``) and no public address is
    set, ``choose`` says so and offers this machine's network addresses to pick from.
    """
    configured = public_url()
    if configured:
        checked = attempt(check_public_url, configured).value
        if checked is not None:
            return checked
    own = app_address(st.context.url or "")
    if not choose or not is_loopback(own):
        return own
    choices = address_choices(own, _network_addresses())
    st.warning(LOOPBACK_WARNING.format(address=own.replace("`", "")), icon=":material/wifi_off:")
    if not choices:
        st.caption("This computer has no network address right now: connect it to the room's network.")
        return own
    chosen = st.selectbox("Address for phones", choices, key="phone-address")
    return str(chosen or choices[0])


# --- the open session: its code in the URL, the facilitator key in a cookie --------------


def current_code(param: str = "code", kept: str = "open-code") -> str | None:
    """The session code from the URL (or another join code, by its parameter); after a page switch, the
    one this tab had open."""
    typed = st.query_params.get(param)
    if typed:
        code = normalise_code(typed)
        if code:
            st.session_state[kept] = code
        return code
    remembered = st.session_state.get(kept)
    if remembered:
        st.query_params[param] = remembered
    return remembered


def open_code(code: str) -> None:
    st.session_state["open-code"] = code
    st.query_params["code"] = code


def close_code() -> None:
    st.session_state.pop("open-code", None)
    st.query_params.pop("code", None)


def _cookie_name(code: str) -> str:
    return "sipr_key_" + code.replace("-", "")


def facilitator_key(code: str) -> str | None:
    """The facilitator key this browser holds for the session, if any."""
    held = st.session_state.get(f"key:{code}") or st.context.cookies.get(_cookie_name(code))
    return held if isinstance(held, str) and held else None


def held_key() -> str | None:
    """The facilitator key of this browser's sessions, when it holds exactly one key."""
    cookies = st.context.cookies
    found = {str(v) for k, v in cookies.items() if k.startswith("sipr_key_") and v}
    found |= {str(v) for k, v in st.session_state.items() if str(k).startswith("key:") and v}
    return found.pop() if len(found) == 1 else None


def facilitates_here() -> bool:
    """Whether a facilitator key this browser holds opens a session on this server."""
    cookies = st.context.cookies
    keys = {str(v) for k, v in cookies.items() if k.startswith("sipr_key_") and v}
    keys |= {str(v) for k, v in st.session_state.items() if str(k).startswith("key:") and v}
    keys.add(str(st.session_state.get("listing-key") or ""))
    return any(attempt_quietly(store().sessions.for_key, k).value for k in keys if k)


def remember_key(code: str, key: str) -> None:
    """Keep the key for this browser tab; keep_key_cookie() then keeps it across refreshes."""
    st.session_state[f"key:{code}"] = key


def keep_key_cookie(code: str, key: str) -> None:
    """Write the key into a cookie of this browser when it lacks it (never into the URL)."""
    if st.context.cookies.get(_cookie_name(code)) == key:
        return
    st.html(
        f"<script>document.cookie = '{_cookie_name(code)}={key}; path=/; max-age=31536000; SameSite=Strict';"
        "</script>",
        unsafe_allow_javascript=True,
    )


def forget_key(code: str) -> None:
    st.session_state.pop(f"key:{code}", None)
    st.html(
        f"<script>document.cookie = '{_cookie_name(code)}=; path=/; max-age=0; SameSite=Strict';</script>",
        unsafe_allow_javascript=True,
    )


def waiting_for_guesses() -> bool:
    """While this browser or address waits after wrong codes, no code is checked (a guess cannot tell
    it is right): say so."""
    refused = guesses("codes").refusal(*guesser())
    if refused:
        st.error(refused, icon=":material/timer:")
    return bool(refused)


def counted(found: Outcome[T]) -> T | None:
    """A code's lookup: one that finds nothing counts as a wrong guess."""
    if found.problem is not None and found.problem.startswith("No such session"):
        guesses("codes").failed(*guesser())
    return found.value


def load_session(with_votes: bool = True) -> Session | None:
    """The session named in the URL, or None (with a message) when there is none."""
    code = current_code()
    if code is None:
        if st.query_params.get("code"):
            st.error(
                f"No such session: {esc(st.query_params.get('code', '')[:40])}. Check the code and try again."
            )
        return None
    # A code in the address is a guess like one typed on Start: wrong ones count, and while this browser
    # or address waits, no code is checked.
    if waiting_for_guesses():
        return None
    found = attempt_quietly(store().sessions.load, code, with_votes=with_votes)
    if found.problem is not None and found.problem.startswith("No such session"):
        if attempt_quietly(store().meetings.find, code).value is not None:
            st.info(f"{code} is the join code of a meeting: its **Agenda** page leads it.", icon=":material/event_note:")
            if "agenda" in PAGES:
                st.page_link(PAGES["agenda"], label="Go to the Agenda", icon=":material/event_note:",
                             query_params={"meeting": code})
            return None
    if found.problem is not None:
        st.error(found.problem, icon=":material/error:")
        if found.problem.startswith("No such session"):
            guesses("codes").failed(*guesser())
    return found.value


def open_typed_code(typed: str) -> None:
    """A join code typed into a form: slowed like every guess; the session opened (and the page run
    again) when the code is one."""
    if waiting_for_guesses():
        return
    meeting = attempt_quietly(store().meetings.find, typed).value
    if meeting is not None:  # a meeting's code: the Vote page follows the meeting, Start points to its Agenda
        open_code(meeting.code)
        st.rerun()
    found = attempt(store().sessions.info, normalise_code(typed) or typed).value
    if found is None:
        guesses("codes").failed(*guesser())
        return
    open_code(found.code)
    st.rerun()


def need_session(with_votes: bool = True) -> Session:
    """The open session; otherwise a pointer to the Start page, and the page stops."""
    session = load_session(with_votes)
    if session is None:
        st.info("Open a session first: create one or join one by its code on the Start page.")
        if "start" in PAGES:
            st.page_link(PAGES["start"], label="Go to Start", icon=":material/home:")
        st.stop()
    return session


def holds_key(code: str, key: str | None) -> bool:
    """Whether ``key`` opens the session (False, with the reason shown, when the store cannot say)."""
    return bool(key) and attempt(store().sessions.is_facilitator, code, key).value is True


def need_facilitator(session: Session) -> str:
    """The facilitator key for this session; otherwise a box to enter it, and the page stops."""
    code = session.info.code
    key = facilitator_key(code)
    if holds_key(code, key):
        keep_key_cookie(code, key)
        return key
    st.warning(
        "Only the facilitator can change ratings. Enter the facilitator key you got when you created the session."
    )
    with st.form("facilitator-key"):
        typed = st.text_input("Facilitator key", type="password")
        if st.form_submit_button("Unlock", type="primary"):
            if holds_key(code, typed):
                remember_key(code, typed.strip())
                st.rerun()
            st.error("That key does not open this session. Check it and try again.")
    st.stop()


def session_banner(session: Session) -> None:
    info = session.info
    with st.container(key="session-banner"):  # the page's one h1, at the size of a section's heading
        st.markdown(f"# {esc(session.rubric.short)}")
    st.caption(
        f"{esc(info.place)} · {esc(info.team)} · {info.held_on:%d %B %Y} · facilitator {esc(info.facilitator)} · "
        f"join code **{info.code}**"
    )


def group_choice(rubric: Rubric, key: str) -> str:
    """The drill-down of a long continuum: "" for every group (the overview), or one group's id."""
    if rubric.row_count() <= SHORT_CONTINUUM:
        return ""
    titles = {"": "All", **{g.id: g.short for g in rubric.groups}}
    chosen = st.segmented_control(
        esc(rubric.terms.group),
        list(titles),
        format_func=lambda g: esc(titles[g]),
        default="",
        required=True,
        key=key,
    )
    return chosen if chosen in titles else ""


# --- text ------------------------------------------------------------------------------------


def esc(text: str) -> str:
    """Text for st.markdown and every element that reads markdown (alerts, captions, labels, tabs, the
    options of radios, pills and select sliders): shown as typed, never as markup or a link."""
    return markdown_text(text)


def level_cards(rubric: Rubric, cell: Cell, current: str | None, size: str = "1rem") -> str:
    """The text of every level side by side, the current one highlighted (escaped HTML)."""
    cards = []
    for level in rubric.levels:
        text = cell.describe(level)
        chosen = level.id == current
        style = (
            "border:3px solid #0072B2;background:#E3F0FA;"
            if chosen
            else "border:1px solid #C9D3DF;background:#FFF;"
        )
        mark = "✔ " if chosen else ""
        cards.append(
            f'<div class="level-card{" chosen" if chosen else ""}" style="{style}flex:1 1 9rem;min-width:0;'
            "overflow-wrap:break-word;padding:0.7rem;"
            f'border-radius:0.6rem;font-size:{size};line-height:1.35">'
            f'<div style="font-weight:700;margin-bottom:0.35rem">{mark}{html.escape(level.name)}</div>'
            f"<div>{html.escape(text)}</div></div>"
        )
    return f'<div class="level-cards">{"".join(cards)}</div>'


def mark_synced(key: str, version: object) -> None:
    """After this tab saved a widget's value: the widget already shows it, so sync() leaves it alone."""
    st.session_state[f"version:{key}"] = version


def sync(key: str, value: object, version: object) -> None:
    """Set a widget's value from the store when the stored value changed (another tab, an undo)."""
    marker = f"version:{key}"
    # A widget that was not shown on the last run has lost its state: set it again.
    if st.session_state.get(marker) != version or key not in st.session_state:
        st.session_state[key] = value
        st.session_state[marker] = version
