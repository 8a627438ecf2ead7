"""A Streamlit client without a browser: it speaks the websocket protocol the browser speaks.

The browser's client sends ``BackMsg.rerun_script`` (a ``ClientState``: the page, the query
string and every widget's value, a button as a one-run trigger) and receives ``ForwardMsg``s:
``new_session`` when a run starts, ``navigation`` with the pages, ``delta``s that add the
elements at their paths, and ``script_finished``. This client keeps the elements of the last
run, fills widgets by their label and sends their values as the browser would
(``streamlit/proto``; the frontend's WidgetStateManager), so a simulated user costs the server
what a real one costs, without a browser per user.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

RUN_TIMEOUT = 30.0
_EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
_WIDGETS = ("text_input", "radio", "button", "selectbox", "checkbox", "download_button")


class ProtocolError(Exception):
    """The app did not answer as a browser expects (closed, timed out, an error shown)."""


@dataclass
class Widget:
    """A widget of the last run: its kind, id, label and (radio, select box) options."""

    kind: str
    id: str
    label: str
    options: list[str] = field(default_factory=list)
    form_id: str = ""
    is_form_submit: bool = False


@dataclass
class Run:
    """What one interaction's script run(s) showed: widgets, texts, errors, seconds."""

    seconds: float
    widgets: list[Widget]
    texts: list[str]
    errors: list[str]


class AppClient:
    """One browser tab's connection to a Streamlit app (``ws://host/<base>/_stcore/stream``)."""

    def __init__(self, ws_url: str, local_address: str | None = None) -> None:
        self.ws_url = ws_url
        self.local_address = local_address
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page_hash = ""
        self._ws: Any = None
        self._values: dict[str, WidgetState] = {}
        self._elements: dict[tuple[int, ...], Any] = {}

    async def connect(self) -> None:
        """Open the websocket (from ``local_address``, so a proxy hashing client addresses
        spreads simulated users as it spreads people)."""
        extra = {"local_addr": (self.local_address, 0)} if self.local_address else {}
        try:
            self._ws = await websockets.connect(
                self.ws_url,
                subprotocols=["streamlit"],
                max_size=None,
                open_timeout=RUN_TIMEOUT,
                ping_interval=None,
                **extra,
            )
        except (OSError, websockets.WebSocketException, TimeoutError) as exc:
            raise ProtocolError(f"connect: {type(exc).__name__}: {exc}") from exc

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    # -- interactions ---------------------------------------------------------------------

    async def open_page(self, url_path: str = "") -> Run:
        """Load a page by its URL path ("" for the default), as a click in the sidebar."""
        if url_path and url_path not in self.pages:
            raise ProtocolError(f"no page {url_path!r}; the app offers {sorted(self.pages)}")
        self.page_hash = self.pages.get(url_path, "")
        self._values.clear()
        return await self._rerun(page_name=url_path)

    def widget(self, kind: str, label: str) -> Widget:
        """The widget of ``kind`` whose label starts with ``label`` in the last run."""
        for w in self._widgets():
            if w.kind == kind and w.label.startswith(label):
                return w
        raise ProtocolError(f"no {kind} labelled {label!r} on the page")

    def radios(self, prefix: str) -> list[Widget]:
        return [w for w in self._widgets() if w.kind == "radio" and w.label.startswith(prefix)]

    def fill(self, widget: Widget, value: str) -> None:
        """Type into a text input, or choose a radio/select box option by its label."""
        state = WidgetState(id=widget.id, string_value=value)
        self._values[widget.id] = state

    async def choose(self, widget: Widget, option: str) -> Run:
        """Choose ``option`` in a radio: the browser reruns the script at once."""
        if option not in widget.options:
            raise ProtocolError(f"{widget.label!r} has no option {option!r}")
        self.fill(widget, option)
        return await self._rerun()

    async def click(self, widget: Widget) -> Run:
        """Press a button (a form's submit button sends the form's values with it)."""
        return await self._rerun(trigger=widget.id)

    # -- the protocol -----------------------------------------------------------------------

    def _widgets(self) -> list[Widget]:
        found = []
        for element in self._elements.values():
            kind = element.WhichOneof("type")
            if kind not in _WIDGETS:
                continue
            proto = getattr(element, kind)
            found.append(
                Widget(
                    kind,
                    proto.id,
                    proto.label,
                    list(getattr(proto, "options", [])),
                    getattr(proto, "form_id", ""),
                    getattr(proto, "is_form_submit", False),
                )
            )
        return found

    def _state(self, trigger: str | None) -> ClientState:
        present = {w.id for w in self._widgets()}
        state = ClientState(query_string="", page_script_hash=self.page_hash)
        for widget_id, value in self._values.items():
            if widget_id in present:
                state.widget_states.widgets.append(value)
        if trigger:
            state.widget_states.widgets.append(WidgetState(id=trigger, trigger_value=True))
        return state

    async def _rerun(self, trigger: str | None = None, page_name: str = "") -> Run:
        if self._ws is None:
            raise ProtocolError("not connected")
        state = self._state(trigger)
        if page_name:
            state.page_name = page_name
        start = time.perf_counter()
        try:
            await self._ws.send(BackMsg(rerun_script=state).SerializeToString())
            await asyncio.wait_for(self._until_finished(), RUN_TIMEOUT)
        except TimeoutError as exc:
            raise ProtocolError(f"no answer within {RUN_TIMEOUT:.0f} s") from exc
        except websockets.WebSocketException as exc:
            raise ProtocolError(f"connection: {type(exc).__name__}: {exc}") from exc
        seconds = time.perf_counter() - start
        texts, errors = self._texts()
        return Run(seconds, self._widgets(), texts, errors)

    async def _until_finished(self) -> None:
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self._ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self._elements = {}
                self.page_hash = msg.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._elements[tuple(msg.metadata.delta_path)] = msg.delta.new_element
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {msg.page_not_found.page_name!r}")
            elif kind == "script_finished" and msg.script_finished != _EARLY:
                return

    def _texts(self) -> tuple[list[str], list[str]]:
        texts, errors = [], []
        for element in self._elements.values():
            kind = element.WhichOneof("type")
            if kind == "exception":
                errors.append(f"exception: {element.exception.message}")
            elif kind == "alert":
                texts.append(element.alert.body)
                if element.alert.format == 1:  # Alert.Format.ERROR
                    errors.append(f"error: {element.alert.body}")
            elif kind in ("markdown", "heading"):
                texts.append(getattr(element, kind).body)
            elif kind == "progress":
                texts.append(element.progress.text)
        return texts, errors
