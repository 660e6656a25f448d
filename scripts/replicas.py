"""`make replicas N=2`: N app replicas behind nginx with sticky sessions, until Ctrl-C.

The replicas listen on 127.0.0.1 at PORT+1..PORT+N and use the configured backend (the
environment, `.env`, secrets.toml: all replicas must share one store, e.g. the Cassandra node
or one SQLite file); nginx listens on 127.0.0.1:PORT with deploy/nginx.conf, filled in by
scripts/userload/nginx.py into a temporary directory, in the foreground (never a system
service). Each browser stays on one replica (a cookie), the websocket included.
"""

from __future__ import annotations

import argparse
import signal
import tempfile
import threading
from pathlib import Path

from userload import nginx, procs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    started: list = []
    with tempfile.TemporaryDirectory(prefix="replicas-") as tmp:
        work = Path(tmp)
        try:
            for n in range(args.replicas):
                started.append(procs.start_app(args.port + 1 + n, work, throwaway_db=False))
                print(f"replica {n + 1} on {started[-1].url} (log {started[-1].log})", flush=True)
            ports = [a.port for a in started]
            text = nginx.config(args.port, ports, work / "nginx")
            started.append(procs.start_proxy(args.port, text, work / "nginx"))
            print(f"nginx on http://127.0.0.1:{args.port} (config {work / 'nginx' / 'nginx.conf'})")
            print("Ctrl-C stops them all.", flush=True)
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for proc in reversed(started):
                proc.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
