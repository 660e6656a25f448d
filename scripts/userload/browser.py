"""One browser session, spoken at the websocket level: what the Streamlit frontend sends
(`BackMsg.rerun_script` with the widget states) and what it waits for (`script_finished`).

The frontend sends the state of the widgets it shows with every rerun; this client sends the
states of the widgets it has set in the current page (the others take their defaults on the
server, as they would for a browser that never touched them). A widget inside a fragment
triggers a rerun of that fragment only (`fragment_id`), as in the browser.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

DONE = (
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)


class SessionError(Exception):
    """The app showed an exception, or the server failed the session."""


@dataclass
class Widget:
    """A widget seen in the last page drawn: its id, its fragment, the proto it came in."""

    id: str
    fragment_id: str
    kind: str
    proto: object


@dataclass
class Browser:
    """One tab: a websocket to `base_url`, the widgets of the page it shows."""

    base_url: str
    timezone: str = "Europe/Paris"
    cookie: str = ""
    widgets: dict[str, Widget] = field(default_factory=dict)
    states: dict[str, WidgetState] = field(default_factory=dict)
    query_string: str = ""
    page_hash: str = ""
    page_name: str = ""  # the URL path of the first page asked for ("interviews")
    received_bytes: int = 0
    _ws: ClientConnection | None = None

    async def open(self) -> None:
        parts = urlsplit(self.base_url)
        ws_url = f"ws://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"
        headers = {"Origin": f"http://{parts.netloc}"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        self._ws = await connect(
            ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            additional_headers=headers,
            max_size=None,
            compression=None,
            open_timeout=30,
        )

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()

    def widget(self, key: str) -> Widget:
        """The widget the page created with `key=` (ids end with '-<key>')."""
        for w in self.widgets.values():
            if w.id.endswith(f"-{key}"):
                return w
        raise SessionError(f"no widget with key {key!r} on the page")

    def set(self, key: str, **value: object) -> Widget:
        """Set a widget's value the way the frontend does (e.g. string_value='x')."""
        w = self.widget(key)
        state = WidgetState(id=w.id)
        for name, v in value.items():
            if name == "string_array_value":
                state.string_array_value.data.extend(v)
            else:
                setattr(state, name, v)
        self.states[w.id] = state
        return w

    async def rerun(self, fragment_id: str = "", timeout: float = 60.0) -> float:
        """Send a rerun (of the page, or of one fragment) and wait until the app has drawn
        it, following a switch of page; the seconds it took."""
        msg = BackMsg()
        cs: ClientState = msg.rerun_script
        cs.query_string = self.query_string
        cs.page_script_hash = self.page_hash
        if not self.page_hash:
            cs.page_name = self.page_name
        cs.fragment_id = fragment_id
        cs.widget_states.widgets.extend(self.states.values())
        ctx = cs.context_info
        ctx.timezone, ctx.timezone_offset, ctx.locale = self.timezone, -60, "en-US"
        ctx.url = self.base_url
        began = time.perf_counter()
        assert self._ws is not None
        await self._ws.send(msg.SerializeToString())
        await asyncio.wait_for(self._until_finished(fragment_id), timeout)
        return time.perf_counter() - began

    async def _until_finished(self, fragment_id: str) -> None:
        assert self._ws is not None
        if not fragment_id:
            self.widgets.clear()
        while True:
            data = await self._ws.recv()
            assert isinstance(data, bytes)
            self.received_bytes += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                self._saw(fwd)
            elif kind == "page_info_changed":  # st.switch_page: a new URL, a new page
                self.query_string = fwd.page_info_changed.query_string
                self.widgets.clear()
                self.states.clear()
            elif kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash
            elif kind == "session_event" and fwd.session_event.HasField(
                "script_compilation_exception"
            ):
                raise SessionError("the script does not compile")
            elif kind == "script_finished" and fwd.script_finished in DONE:
                return

    def _saw(self, fwd: ForwardMsg) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise SessionError(f"the app raised: {element.exception.message[:200]}")
        inner = getattr(element, kind or "", None)
        wid = getattr(inner, "id", "")
        if isinstance(wid, str) and wid.startswith("$$ID"):
            self.widgets[wid] = Widget(wid, delta.fragment_id, kind or "", inner)
