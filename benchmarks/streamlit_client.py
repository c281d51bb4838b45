"""A browser's side of Streamlit's websocket protocol, without a browser: for load that costs the
server what real pages cost it.

As the frontend does: load the page over HTTP (so a proxy's cookies are set), open
``/_stcore/stream`` with the subprotocol ``streamlit``, ask for a run (``BackMsg.rerun_script``
with the query string, the page's name, then its hash, and every widget's state), read the
``ForwardMsg``s (the elements of the page, its query string, the end of each run) and rerun the
fragments the server asks to rerun on a timer (``auto_rerun``), as a watcher does in a browser. A
widget drawn inside a fragment reruns only that fragment, as in a browser, and ``set_and_run`` waits
for a run of it to end. Widgets are found by their user key or their label; nothing here knows the
app's pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.cookies
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

FINISHED = ForwardMsg.ScriptFinishedStatus
WIDGETS = ("slider", "text_input", "text_area", "button", "checkbox")
"""The widget kinds this client can set; others are shown, not set."""


class ProtocolError(RuntimeError):
    """The server closed the connection, or a run failed or took too long."""


@dataclass(frozen=True)
class Widget:
    """One widget on the page, as the server described it."""

    kind: str
    id: str
    label: str
    proto: object
    fragment_id: str = ""
    """The fragment the widget was drawn in ("" for none): using it reruns only that fragment."""

    @property
    def key(self) -> str | None:
        """The key the script gave it: the end of its id (``$$ID-<hash>-<key>``)."""
        parts = self.id.split("-", 2)
        return parts[2] if self.id.startswith("$$ID-") and len(parts) == 3 and parts[2] != "None" else None


class StreamlitClient:
    """One browser tab of a Streamlit app: ``await connect()``, find widgets, ``set`` them, ``rerun()``."""

    def __init__(self, base_url: str, page: str = "", query: str = "", cookies: dict[str, str] | None = None):
        self.base_url = base_url.rstrip("/")
        self.page = page
        self.query_string = query
        self.cookies = dict(cookies or {})
        self.elements: dict[tuple[int, ...], Element] = {}
        self.fragments: dict[tuple[int, ...], str] = {}  # the fragment each element was drawn in
        self.states: dict[str, WidgetState] = {}
        self.page_hash = ""
        self.runs = 0
        self.last_status: int | None = None
        self._next: dict[tuple[int, ...], Element] | None = None
        self._socket: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._changed = asyncio.Condition()
        self._started = 0  # full runs begun
        self._finished = 0  # full runs finished successfully
        self._fragment_runs: dict[str, int] = {}  # runs of each fragment begun
        self._fragment_ends: dict[str, int] = {}  # the last begun run of each fragment that has ended
        self._drawn_in_run: dict[str, set[tuple[int, ...]]] = {}  # elements each fragment run drew
        self.closed_because: str | None = None
        self.log: list[str] = []

    # --- connection -------------------------------------------------------------------------

    async def connect(self, timeout: float = 60) -> float:
        """Load the page, open the websocket and wait for the first run; returns its seconds."""
        url = f"{self.base_url}/{self.page}" + (f"?{self.query_string}" if self.query_string else "")
        await asyncio.to_thread(self._load, url)
        ws_url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        header = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._socket = await connect(
            ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers={"Cookie": header} if header else None,
            max_size=None,
            open_timeout=timeout,
        )
        self._reader = asyncio.create_task(self._read())
        return await self.rerun(timeout=timeout)

    def _load(self, url: str) -> None:
        request = urllib.request.Request(
            url, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in http.cookies.SimpleCookie(header).items():
                    self.cookies[name] = morsel.value

    async def close(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    # --- sending ----------------------------------------------------------------------------

    async def rerun(self, fragment_id: str = "", timeout: float = 60) -> float:
        """Ask for a run with the current widget states; for a full run, wait until it has finished."""
        if self._socket is None:
            raise ProtocolError("not connected: call connect() first")
        before = self._started
        began = time.monotonic()
        await self._send(fragment_id, auto=False)
        self._clear_triggers()
        if fragment_id:
            return 0.0
        try:
            async with self._changed:
                ok = await asyncio.wait_for(
                    self._changed.wait_for(
                        lambda: self.closed_because or (self._started > before and self._idle())
                    ),
                    timeout,
                )
        except TimeoutError:
            raise ProtocolError(
                f"no end of the run after {timeout:.0f} s (runs begun {before} -> {self._started}, "
                f"finished {self._finished}, last status {self.last_status}, {self.log[-8:]})"
            ) from None
        if self.closed_because:
            raise ProtocolError(f"the server closed the connection: {self.closed_because}")
        if ok and self.last_status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
            raise ProtocolError("the script failed to compile")
        return time.monotonic() - began

    def _idle(self) -> bool:
        return self._finished == self._started

    async def _send(self, fragment_id: str, auto: bool) -> None:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash
        state.page_name = "" if self.page_hash else self.page
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        state.context_info.url = f"{self.base_url}/{self.page}"
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.widget_states.widgets.extend(self.states.values())
        assert self._socket is not None
        await self._socket.send(message.SerializeToString())

    def _clear_triggers(self) -> None:
        for widget_id in [i for i, s in self.states.items() if s.WhichOneof("value") == "trigger_value"]:
            del self.states[widget_id]

    # --- widgets ----------------------------------------------------------------------------

    def widgets(self, kind: str | None = None) -> list[Widget]:
        """Every widget on the page, in the page's order."""
        found = []
        for path in sorted(self.elements):
            element = self.elements[path]
            which = element.WhichOneof("type")
            if which in WIDGETS and (kind is None or which == kind):
                proto = getattr(element, which)
                found.append(Widget(which, proto.id, proto.label, proto, self.fragments.get(path, "")))
        return found

    def widget(self, key: str | None = None, label: str | None = None) -> Widget:
        """The widget with this user key (or else this label); LookupError names what the page has."""
        for widget in self.widgets():
            if (key is not None and widget.key == key) or (key is None and widget.label == label):
                return widget
        shown = ", ".join(f"{w.kind} {w.key or w.label!r}" for w in self.widgets()) or "no widgets"
        raise LookupError(f"no widget with key {key!r} or label {label!r} on the page; it has {shown}")

    def set(self, widget: Widget, value: object) -> None:
        """Give a widget a value, as a person would; it is sent with the next run."""
        state = WidgetState(id=widget.id)
        proto = widget.proto
        if isinstance(proto, Slider) and proto.type == Slider.Type.SELECT_SLIDER:
            if value not in proto.options:
                raise ValueError(f"{value!r} is not an option of {widget.label!r}: {list(proto.options)}")
            state.string_array_value.data.append(str(value))
        elif widget.kind in ("text_input", "text_area"):
            state.string_value = str(value)
        elif widget.kind == "checkbox":
            state.bool_value = bool(value)
        elif widget.kind == "button":
            state.trigger_value = True
        else:
            raise ValueError(f"cannot set a {widget.kind} ({widget.label!r}) yet")
        self.states[widget.id] = state

    async def click(self, widget: Widget, timeout: float = 60) -> float:
        return await self.set_and_run(widget, True, timeout)

    async def set_and_run(self, widget: Widget, value: object, timeout: float = 60) -> float:
        """Give a widget a value and send it as the browser does: a fragment's widget reruns that
        fragment only, and this waits for the end of a run of it begun after the request was sent.
        That run may be one the server began just before it read the request (a timer's): what the
        page then shows may still be from before, as it would be in a browser; ``fragment_ran`` waits
        for the next one. Returns the seconds it took."""
        self.set(widget, value)
        if not widget.fragment_id:
            return await self.rerun(timeout=timeout)
        began = time.monotonic()
        before = self._fragment_runs.get(widget.fragment_id, 0)
        await self._send(widget.fragment_id, auto=False)
        self._clear_triggers()
        await self.fragment_ran(widget.fragment_id, before, timeout)
        return time.monotonic() - began

    async def fragment_ran(self, fragment_id: str, begun: int | None = None, timeout: float = 60) -> None:
        """Wait for the end of a run of the fragment begun after its ``begun``-th run (default: the
        runs begun so far). A run Streamlit dropped under load ends with the next one."""
        before = self._fragment_runs.get(fragment_id, 0) if begun is None else begun
        try:
            async with self._changed:
                await asyncio.wait_for(
                    self._changed.wait_for(
                        lambda: self.closed_because or self._fragment_ends.get(fragment_id, 0) > before
                    ),
                    timeout,
                )
        except TimeoutError:
            raise ProtocolError(
                f"no end of a run of fragment {fragment_id} after {timeout:.0f} s ({self.log[-8:]})"
            ) from None
        if self.closed_because:
            raise ProtocolError(f"the server closed the connection: {self.closed_because}")

    def value(self, widget: Widget) -> object:
        """The value the page shows: the one set here, or else the server's."""
        state = self.states.get(widget.id)
        if state is not None and state.WhichOneof("value") == "string_array_value":
            return state.string_array_value.data[0]
        proto = widget.proto
        if isinstance(proto, Slider) and proto.type == Slider.Type.SELECT_SLIDER:
            return proto.raw_value[0] if proto.set_value else proto.options[int(proto.default[0])]
        return getattr(state, state.WhichOneof("value") or "id") if state is not None else None

    def texts(self) -> list[str]:
        """The text of every markdown element (captions, headings) on the page."""
        return [
            e.markdown.body for _, e in sorted(self.elements.items()) if e.WhichOneof("type") == "markdown"
        ]

    # --- receiving --------------------------------------------------------------------------

    async def _read(self) -> None:
        assert self._socket is not None
        try:
            async for data in self._socket:
                message = ForwardMsg()
                message.ParseFromString(data if isinstance(data, bytes) else data.encode())
                await self._take(message)
        except Exception as error:  # noqa: BLE001 - a closed connection is reported to whoever waits
            self.closed_because = repr(error)
        else:
            self.closed_because = "closed"
        async with self._changed:
            self._changed.notify_all()

    async def _take(self, message: ForwardMsg) -> None:
        which = message.WhichOneof("type")
        self.log = (
            [*self.log[-20:], f"{which}:{list(message.metadata.run.fragment_ids)[:1]}"]
            if which != "delta"
            else self.log
        )
        if which == "new_session" and not message.metadata.run.fragment_ids:  # a full run begins
            self.page_hash = message.new_session.page_script_hash
            self._next = {}
            for timer in self._timers.values():  # as the frontend: a full run registers its timers anew
                timer.cancel()
            self._timers.clear()
            async with self._changed:
                self._started += 1
        elif which == "new_session" and self._next is not None:
            # A fragment run begins while a full run was under way: the server has ended that run,
            # and (queues being trimmed for the new run) its script_finished may never come.
            self.elements.update(self._next)
            self._next = None
            await self._full_run_ended()
            self._fragment_begins(message)
        elif which == "new_session":
            self._fragment_begins(message)
        elif which == "delta" and message.delta.WhichOneof("type") in ("new_element", "add_block"):
            path = tuple(message.metadata.delta_path)
            fid = message.delta.fragment_id
            if fid in self._drawn_in_run:
                self._drawn_in_run[fid].add(path)
            self.fragments[path] = fid
            if message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                (self._next if self._next is not None else self.elements)[path] = element
        elif which == "navigation":  # with st.navigation, the page that ran is named here
            self.page_hash = message.navigation.page_script_hash
        elif which == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif which == "auto_rerun":
            rerun = message.auto_rerun
            if rerun.fragment_id not in self._timers:
                self._timers[rerun.fragment_id] = asyncio.create_task(
                    self._every(rerun.interval, rerun.fragment_id)
                )
        elif which == "script_finished":
            self.last_status = message.script_finished
            if message.script_finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                await self._fragment_ended(list(message.metadata.run.fragment_ids))
            elif message.script_finished in (
                FINISHED.FINISHED_SUCCESSFULLY,
                FINISHED.FINISHED_WITH_COMPILE_ERROR,
            ):
                if self._next is not None:
                    self.elements, self._next = self._next, None
                await self._full_run_ended()

    def _fragment_begins(self, message: ForwardMsg) -> None:
        for fid in message.metadata.run.fragment_ids:
            self._fragment_runs[fid] = self._fragment_runs.get(fid, 0) + 1
            self._drawn_in_run[fid] = set()

    async def _fragment_ended(self, fragment_ids: list[str]) -> None:
        """As the frontend: what a fragment run did not draw again is gone from the fragment."""
        for fid in fragment_ids:
            drawn = self._drawn_in_run.pop(fid, None)
            if drawn is not None:
                stale = [p for p, f in self.fragments.items() if f == fid and p not in drawn]
                for path in stale:
                    self.elements.pop(path, None)
                    self.fragments.pop(path, None)
            self._fragment_ends[fid] = self._fragment_runs.get(fid, 0)
        self._keep_states_of_shown_widgets()
        async with self._changed:
            self._changed.notify_all()

    async def _full_run_ended(self) -> None:
        self._keep_states_of_shown_widgets()
        self.runs += 1
        async with self._changed:
            self._finished = self._started
            self._changed.notify_all()

    def _keep_states_of_shown_widgets(self) -> None:
        shown = {w.id: w for w in self.widgets()}
        self.states = {i: s for i, s in self.states.items() if i in shown}
        for widget in shown.values():  # a widget's value, as the frontend holds it once drawn
            proto = widget.proto
            if not isinstance(proto, Slider) or proto.type != Slider.Type.SELECT_SLIDER:
                continue
            if proto.set_value or widget.id not in self.states:
                held = (
                    list(proto.raw_value)
                    if proto.set_value
                    else [proto.options[int(i)] for i in proto.default]
                )
                self.states[widget.id] = WidgetState(id=widget.id)
                self.states[widget.id].string_array_value.data.extend(held)

    async def _every(self, seconds: float, fragment_id: str) -> None:
        while True:
            await asyncio.sleep(seconds)
            if self._socket is not None:  # as the frontend's timer: whether or not a run is under way
                with contextlib.suppress(Exception):
                    await self._send(fragment_id, auto=True)


def page_and_query(url: str) -> tuple[str, str, str]:
    """``http://host:port/vote?code=X`` as (base URL, page, query string)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}", parts.path.strip("/"), parts.query
