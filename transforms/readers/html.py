"""HTML pages (placeholder until the trafilatura reader lands)."""

from transforms.models import ReadResult


def read_html(data: bytes, name: str = "") -> ReadResult:
    return ReadResult(format="html", reason="the html format is not read yet")
