"""The district set-up on one machine: deploy/try-out.sh starts PostgreSQL, two app servers and nginx."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pg_server
import pytest

ROOT = Path(__file__).resolve().parents[2]
TRY_OUT = ROOT / "deploy" / "try-out.sh"


def free_port(span: int = 1) -> int:
    """A port with the `span` - 1 ports after it free too (the app servers take consecutive ports)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = int(s.getsockname()[1])
        if first + span < 65000 and all(_free(first + i) for i in range(span)):
            return first
    raise RuntimeError("no free ports")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class Cluster:
    folder: Path
    proxy_url: str
    app_ports: list[int]
    database_url: str
    env: dict[str, str]

    def route_to(self, port: int) -> str:
        """A value of the `sipr_route` cookie that nginx sends to the app server on this port."""
        log = self.folder / "nginx" / "sipr-access.log"
        for _ in range(200):
            route = uuid.uuid4().hex
            request = urllib.request.Request(
                f"{self.proxy_url}/_stcore/health", headers={"Cookie": f"sipr_route={route}"}
            )
            urllib.request.urlopen(request, timeout=10).read()
            for _ in range(50):
                found = re.findall(rf"upstream=127\.0\.0\.1:(\d+) route={route}", log.read_text())
                if found:
                    break
                time.sleep(0.02)
            if found and int(found[-1]) == port:
                return route
        raise RuntimeError(f"no route to port {port} found in 200 tries")

    def kill(self, port: int) -> None:
        """SIGKILL one app server, as a crash or a pulled plug would stop it."""
        pid = int((self.folder / f"app-{port}.pid").read_text())
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def upstreams_of(self, route: str, path: str) -> list[int]:
        """The app server that answered each of this browser's requests for `path`, in order.

        A websocket is logged when it closes. When nginx tried a dead server first, the line names both.
        """
        log = (self.folder / "nginx" / "sipr-access.log").read_text()
        pattern = rf'"GET {re.escape(path)}[^"]*" \d+ \d+ upstream=(\S+) route={route}'
        return [int(tried.rsplit(":", 1)[1]) for tried in re.findall(pattern, log)]


@pytest.fixture(scope="module")
def cluster():
    """PostgreSQL, two app servers and nginx, started by deploy/try-out.sh; stopped and deleted after."""
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip("nginx is not installed: run `sudo apt-get install nginx` (Debian) for the cluster tests")
    if not pg_server.available():
        pytest.skip(pg_server.INSTALL_HINT)
    folder = Path(tempfile.mkdtemp(prefix="sipr-cluster-"))
    os.chmod(folder, 0o755)  # under root, PostgreSQL runs as the postgres user, who must reach its folder
    first_app = free_port(2)
    env = {
        **os.environ,
        "SIPR_TRY_DIR": str(folder / "try"),
        "SIPR_PROXY_PORT": str(free_port()),
        "SIPR_FIRST_APP_PORT": str(first_app),
        "SIPR_PG_PORT": str(free_port()),
    }
    env.pop("SIPR_APP_PASSWORD", None)
    log = open(folder / "try-out.log", "w")
    started = subprocess.run(
        ["bash", str(TRY_OUT), "start", "2"], env=env, stdout=log, stderr=subprocess.STDOUT, timeout=240
    )
    try:
        assert started.returncode == 0, (folder / "try-out.log").read_text()
        yield Cluster(
            folder / "try",
            f"http://localhost:{env['SIPR_PROXY_PORT']}",
            [first_app, first_app + 1],
            f"postgresql://sipr@127.0.0.1:{env['SIPR_PG_PORT']}/sipr",
            env,
        )
    finally:
        subprocess.run(
            ["bash", str(TRY_OUT), "clean"], env=env, stdout=log, stderr=subprocess.STDOUT, timeout=120
        )
        log.close()
        shutil.rmtree(folder, ignore_errors=True)
