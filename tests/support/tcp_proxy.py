"""A tiny loopback TCP proxy for failure tests: forwards, refuses or stalls, on command.

The app under test connects to the proxy instead of the node, so a test can take "the database"
down and bring it back without touching the real node. One background thread moves the bytes
and owns every socket (mode changes are applied by it, and acknowledged). Loopback only, at most
`max_connections` connection pairs, and everything closes after `lifetime` seconds even if a test
forgets to stop it.

Modes: UP forwards; DOWN closes every connection and refuses new ones (the port stays bound but
not listening, so connecting fails at once with "connection refused", as with a stopped node);
STALL accepts and keeps connections but moves no bytes: requests and answers wait in the
kernel's buffers (a hung node or a black-holed network), and flow again, intact, when UP returns.
"""

from __future__ import annotations

import selectors
import socket
import threading
import time

UP, DOWN, STALL = "up", "down", "stall"
LOOPBACK = "127.0.0.1"
TICK = 0.05  # how often the loop looks for a mode change


class TcpProxy:
    """Forward 127.0.0.1:`port` to 127.0.0.1:`target_port` while UP. Starts DOWN."""

    def __init__(
        self, target_port: int, *, lifetime: float = 120.0, max_connections: int = 32
    ) -> None:
        self.target = (LOOPBACK, target_port)
        self.max_connections = max_connections
        self._deadline = time.monotonic() + lifetime
        self._listener = self._bound_socket(0)  # bound, not listening: refuses connections
        self.port: int = self._listener.getsockname()[1]
        self._listening = False
        self._mode = DOWN
        self._wanted = DOWN
        self._applied = threading.Event()
        self._pairs: dict[socket.socket, socket.socket] = {}  # each socket -> its other end
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="tcp-proxy", daemon=True)
        self._thread.start()

    # --- commands (from the test's thread) ---------------------------------------------------
    @property
    def mode(self) -> str:
        return self._mode

    def set_mode(self, mode: str) -> None:
        """Switch to UP, DOWN or STALL; returns once the proxy thread has applied it."""
        if mode not in (UP, DOWN, STALL):
            raise ValueError(mode)
        self._applied.clear()
        self._wanted = mode
        if not self._applied.wait(5) or self._mode != mode:
            raise RuntimeError(f"the proxy did not switch to {mode} (stopped or expired?)")

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(5)

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the proxy thread --------------------------------------------------------------------
    @staticmethod
    def _bound_socket(port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((LOOPBACK, port))
        return sock

    def _loop(self) -> None:
        try:
            while not self._stopped.is_set() and time.monotonic() < self._deadline:
                if self._wanted != self._mode:
                    self._apply(self._wanted)
                if self._wanted == self._mode:
                    self._applied.set()
                self._pump()
        finally:
            self._close_pairs()
            self._listener.close()
            self._mode = DOWN
            self._applied.set()  # wake a waiting set_mode: it sees the mode did not change

    def _apply(self, mode: str) -> None:
        if mode == DOWN:
            self._close_pairs()
            if self._listening:  # a listening socket cannot stop listening: bind a new one
                self._listener.close()
                self._listener = self._bound_socket(self.port)
                self._listening = False
        elif not self._listening:
            self._listener.listen(16)
            self._listening = True
        self._mode = mode

    def _pump(self) -> None:
        """Wait up to one tick; accept new connections, and forward bytes when UP."""
        with selectors.DefaultSelector() as selector:
            if self._listening:
                selector.register(self._listener, selectors.EVENT_READ)
            if self._mode == UP:
                for sock in self._pairs:
                    selector.register(sock, selectors.EVENT_READ)
            if not selector.get_map():
                time.sleep(TICK)
                return
            ready = selector.select(TICK)
        for key, _ in ready:
            sock = key.fileobj
            if sock is self._listener:
                self._accept()
            elif sock in self._pairs:  # not closed earlier in this round
                self._forward(sock)  # type: ignore[arg-type]

    def _accept(self) -> None:
        client, _ = self._listener.accept()
        if len(self._pairs) >= 2 * self.max_connections:
            client.close()  # bounded: a runaway client cannot exhaust the machine
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()  # the node itself is down: the client sees the connection drop
            return
        for sock in (client, upstream):
            sock.settimeout(5)  # a send never blocks the proxy for long
        self._pairs[client], self._pairs[upstream] = upstream, client

    def _forward(self, sock: socket.socket) -> None:
        other = self._pairs[sock]
        try:
            data = sock.recv(65536)
            if data:
                other.sendall(data)
                return
        except OSError:
            pass
        self._close(sock)  # end of stream or an error: close both ends

    def _close(self, sock: socket.socket) -> None:
        other = self._pairs.pop(sock, None)
        sock.close()
        if other is not None:
            self._pairs.pop(other, None)
            other.close()

    def _close_pairs(self) -> None:
        for sock in list(self._pairs):
            self._close(sock)
