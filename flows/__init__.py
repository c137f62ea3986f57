"""Prefect flows, I/O and the CLI."""
