"""JSON, JSON Lines, CSV and TSV (placeholder until the record readers land)."""

from transforms.models import ReadResult


def _not_yet(fmt: str) -> ReadResult:
    return ReadResult(format=fmt, reason=f"the {fmt} format is not read yet")


def read_json(data: bytes, name: str = "") -> ReadResult:
    return _not_yet("json")


def read_jsonl(data: bytes, name: str = "") -> ReadResult:
    return _not_yet("jsonl")


def read_csv(data: bytes, name: str = "") -> ReadResult:
    return _not_yet("csv")


def read_tsv(data: bytes, name: str = "") -> ReadResult:
    return _not_yet("tsv")
