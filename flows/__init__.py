"""Prefect flows, I/O and the CLI. Telemetry is off unless the user turns it on."""

import os

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
