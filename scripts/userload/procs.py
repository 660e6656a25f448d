"""The processes a load run starts itself: `streamlit run` app servers on loopback (each on a
throwaway SQLite file with the sample data by default), nginx in front of them, and their CPU
time read from /proc."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its waited-for children, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + cutime + cstime) / TICKS


def wait_healthy(url: str, proc: subprocess.Popen[bytes], seconds: float = 90.0) -> None:
    """Until `url` answers 200; RuntimeError if the process died or time ran out."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


@dataclass
class App:
    """One `streamlit run serve.py` (app.py in a checkout without it) on 127.0.0.1:`port`."""

    port: int
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        stop(self.proc)


def start_app(port: int, workdir: Path, app_dir: Path = ROOT, throwaway_db: bool = True) -> App:
    """Start the app of `app_dir` (a checkout) on `port`, on its own SQLite file in `workdir`
    with the sample data (or, with `throwaway_db=False`, on the configured backend). Returns
    once it answers its health check."""
    environment = dict(os.environ)
    if throwaway_db:
        environment |= {
            "DB_BACKEND": "sqlite",
            "SQLITE_PATH": str(workdir / f"app-{port}.db"),
            "LOAD_SAMPLE_DATA": "true",
        }
    streamlit = Path(sys.executable).parent / "streamlit"
    log = workdir / f"app-{port}.log"
    args = [
        str(streamlit), "run", "serve.py" if (app_dir / "serve.py").exists() else "app.py",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args, cwd=app_dir, env=environment, stdout=out, stderr=subprocess.STDOUT
        )
    app = App(port, proc, log)
    try:
        wait_healthy(f"{app.url}/_stcore/health", proc)
    except RuntimeError:
        app.stop()
        raise RuntimeError(f"the app on port {port} did not start: see {log}") from None
    return app


def stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 10 s: only the process this module started."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def nginx_binary() -> str:
    """Debian's nginx (`make nginx` installs it)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise RuntimeError("nginx is not installed: run `make nginx` (Debian's package)")
    return found


@dataclass
class Proxy:
    """nginx on `port` (its own prefix directory, in the foreground, never a service)."""

    port: int
    proc: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu(self) -> float:
        """The master's and its workers' CPU seconds (workers are its children)."""
        total = cpu_seconds(self.proc.pid)
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        for pid in children.read_text().split() if children.exists() else []:
            total += cpu_seconds(int(pid))
        return total

    def stop(self) -> None:
        stop(self.proc)


def start_proxy(port: int, config_text: str, prefix: Path) -> Proxy:
    """Write the configuration into `prefix` and run nginx on it in the foreground."""
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(config_text)
    args = [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"]
    out = (prefix / "logs" / "stdout.log").open("wb")
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
    proxy = Proxy(port, proc)
    try:
        wait_healthy(f"{proxy.url}/_stcore/health", proc, 30)
    except RuntimeError:
        proxy.stop()
        raise RuntimeError(f"nginx did not start: see {prefix / 'logs'}") from None
    return proxy
