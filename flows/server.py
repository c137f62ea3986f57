"""Prefect's temporary server for one command (``eventwire run``, ``eventwire recode``) when no server is set."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rich.console import Console

TEMPORARY_SERVER_OFF = ("SCHEDULER", "LATE_RUNS", "FOREMAN", "CANCELLATION_CLEANUP", "PAUSE_EXPIRATIONS", "REPOSSESSOR",
                        "DB_VACUUM", "CLEANUP_RECONCILER", "TRIGGERS", "EVENT_LOGGER")


class TemporaryServer:
    """Prefect's temporary server, started the way Prefect starts it when no server is configured (uvicorn running
    ``prefect.server.api.server:create_app`` on a free loopback port, UI off), but at once, before this process
    has even imported Prefect (~1 s) and without importing the server here (~3 s): it boots while this process
    imports the pipeline and starts the NLP workers. Stopped at exit, after Prefect has sent its last logs and
    events (its exit handlers run first)."""

    def __init__(self):
        import atexit
        import importlib.util
        import socket
        import subprocess

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/api"
        package = Path(importlib.util.find_spec("prefect").origin).parent  # found, not imported
        # no telemetry (it would go to the internet), and none of the services that only matter to a server that
        # outlives the run (schedules, late runs, automations, clean-ups), unless the environment says otherwise
        env = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               **{f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false" for name in TEMPORARY_SERVER_OFF},
               **os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(package.parent), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level",
             "error", "--lifespan", "on"], env=env)
        atexit.register(self.stop)

    @classmethod
    def start_if_needed(cls) -> TemporaryServer | None:
        """A server when none is configured (no PREFECT_API_URL in the environment or the profile); else None.

        Started before Prefect's settings are read (importing Prefect takes ~1 s), and stopped again if they name a
        server after all (a profile with PREFECT_API_URL)."""
        if os.environ.get("PREFECT_API_URL"):
            return None
        try:
            server = cls()
        except Exception:  # Prefect starts its own when the flow runs
            return None
        try:
            from prefect.settings import get_current_settings

            settings = get_current_settings()
            if not settings.api.url and settings.server.ephemeral.enabled:
                return server
        except Exception:
            pass
        server.stop()
        return None

    @staticmethod
    def settings(url: str) -> dict:
        """Prefect settings for a run on the temporary server: its URL, and no flow-run heartbeats (they tell a
        long-lived server that a run is alive; this one ends with the run, and Prefect's heartbeat thread takes up
        to a second to stop)."""
        from prefect.settings import PREFECT_API_URL

        return {PREFECT_API_URL: url, "flows.heartbeat_frequency": None}

    def ready(self, timeout: float = 60.0) -> bool:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    Console(stderr=True).print(f"[dim]Prefect: temporary server at {self.url} for this run (set "
                                               "PREFECT_API_URL to keep runs on a server)[/]", highlight=False)
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        return False

    def stop(self) -> None:
        import subprocess

        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
