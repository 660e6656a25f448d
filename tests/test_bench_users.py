"""`make bench-users` cannot rot: its websocket client runs a few user flows end to end against a
real `streamlit run` server, and (when nginx is installed) through the sticky proxy of `make
replicas`. No timing is asserted: only that every action completed, with no error."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from userload import nginx, procs
from userload.flow import ACTIONS, Tally, load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[procs.App]:
    started = procs.start_app(free_port(), tmp_path_factory.mktemp("users"))
    yield started
    started.stop()


def complete(tally: Tally, users: int) -> None:
    """Every user finished at least one flow, each action timed once per flow, no error."""
    assert tally.errors == {}
    assert tally.flows >= users
    for action in ACTIONS:
        assert len(tally.times[action]) >= tally.flows, action


def test_two_users_open_the_list_switch_status_and_open_an_interview(app: procs.App) -> None:
    cpu_before = app.cpu()
    tally = asyncio.run(load(app.url, 2, 2.0, 0.1, 0.2))
    complete(tally, 2)
    assert app.cpu() > cpu_before  # the server's CPU is read from /proc
    assert tally.received_bytes > 0


def upstream(url: str, cookie: str = "") -> tuple[str, str]:
    """(the replica that answered, the sticky cookie it set) for one GET through nginx."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        set_cookie = response.headers.get("Set-Cookie", "").split(";", 1)[0]
        return response.headers["X-Upstream"], set_cookie


def test_replicas_behind_nginx_keep_each_browser_on_one_replica(tmp_path: Path) -> None:
    try:
        procs.nginx_binary()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    apps = [procs.start_app(free_port(), tmp_path) for _ in range(2)]
    port = free_port()
    proxy = procs.start_proxy(port, nginx.config(port, [a.port for a in apps], tmp_path), tmp_path)
    try:
        first, cookie = upstream(proxy.url)
        assert cookie.startswith(f"{nginx.COOKIE}=")
        assert {upstream(proxy.url, cookie)[0] for _ in range(5)} == {first}
        # New browsers (no cookie yet) are spread over both replicas.
        assert len({upstream(proxy.url)[0] for _ in range(30)}) == 2
        complete(asyncio.run(load(proxy.url, 2, 2.0, 0.1, 0.2)), 2)
    finally:
        proxy.stop()
        for a in apps:
            a.stop()


def test_the_nginx_config_is_the_shipped_file_filled_in(tmp_path: Path) -> None:
    """`make replicas` and the test above run deploy/nginx.conf itself (its directives, in its
    order), only its placeholders filled in; and nginx accepts the result."""
    shipped = [line for line in nginx.TEMPLATE.read_text().splitlines() if not line.startswith("#")]
    text = nginx.config(8601, [8602, 8603], tmp_path)
    assert "@" not in text.replace("@PREFIX@", "")
    filled = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(filled) == len(shipped) + 1  # one server line per replica
    assert "        server 127.0.0.1:8602 max_fails=0;" in filled
    assert "        server 127.0.0.1:8603 max_fails=0;" in filled
    assert "        listen 127.0.0.1:8601;" in filled
    assert f"pid {tmp_path}/nginx.pid;" in filled
    unfilled = [line for line in filled if "server 127.0.0.1:" not in line]
    for line, original in zip(unfilled, [s for s in shipped if "@SERVERS@" not in s], strict=True):
        restored = line.replace(str(tmp_path), "@PREFIX@").replace("8601", "@LISTEN@")
        assert restored == original
    try:
        binary = procs.nginx_binary()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    (tmp_path / "logs").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    checked = subprocess.run(
        [binary, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
