"""WARC archives (placeholder until the warcio reader lands)."""

from transforms.models import ReadResult


def read_warc(data: bytes, name: str = "") -> ReadResult:
    return ReadResult(format="warc", reason="the warc format is not read yet")
