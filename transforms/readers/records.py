"""Record files: JSON, JSON Lines, CSV and TSV → one article per record, bad records as problems.

All four formats share one field mapping: fields are found by their usual names (case, ``_``, ``-`` and
spaces ignored), also one level down (``{"article": {...}}``, Elasticsearch ``_source``), and a JSON object
holding a list of records under ``articles``/``items``/``data``/… (NewsAPI) is that list. A record that
cannot be read is a problem of the file (record_index, reason); the file is quarantined only when no
record is an article. The readers never raise.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import math
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from itertools import islice
from typing import Any

from transforms.dates import is_date_line
from transforms.models import RawArticle, ReadResult
from transforms.readers.decode import decode
from transforms.readers.text import looks_like_headline

# Fields by role, best name first. "name" is last among titles: it is as often a person as a headline.
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "head", "subject", "name"),
    "text": ("text", "body", "content", "article", "article_text", "story", "full_text", "maintext", "description"),
    "date": ("date", "published", "published_at", "publishedAt", "pubDate", "pub_date", "datetime", "timestamp",
             "date_publish", "created_at", "time"),
    "url": ("url", "link", "href", "permalink", "source_url"),
    "source": ("source", "outlet", "publisher", "site", "site_name", "domain", "source_name"),
}
WRAPPERS = frozenset({"articles", "items", "data", "results", "records", "docs", "hits"})
_LOOKED_FOR = ", ".join(FIELDS["text"])
_SEP = re.compile(r"[\s_-]+")
# Inner keys of a field that is an object: NewsAPI source {"id", "name"}, WordPress {"rendered"}, Mongo {"$date"}.
_UNWRAP = ("name", "rendered", "text", "value", "#text", "$date")

# Text is HTML when it has a paragraph/break/div tag or a closing tag of a common element ("a<b and c>d" is not).
_HTML_HINT = re.compile(
    r"<(?:p|br|div)\b[^<>]*>|</(?:p|div|span|a|b|i|em|strong|h[1-6]|li|ul|ol|blockquote|figure|figcaption|table|"
    r"tr|td|th|section|article)\s*>", re.IGNORECASE)
_HTML_DROP = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_HTML_BREAK = re.compile(
    r"<br\s*/?>|</?(?:p|div|h[1-6]|li|ul|ol|blockquote|figure|figcaption|table|tr|td|th|section|article|header|"
    r"footer|pre)\b[^<>]*>|\n[ \t\r]*\n", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")  # starts at a newline: fast on long prose
_EPOCH_TEXT = re.compile(r"\d{9,10}(?:\.\d+)?|\d{12,13}")  # "1329991200", "1329991200000"; "20120223" is a date
_CONNECTIVE_END = re.compile(r"\b(?:the|a|an|of|to|in|on|and|or|for|with|by|at|from|that)$", re.IGNORECASE)

# Fields of research datasets run to megabytes; the csv module's default limit is 128 KiB.
csv.field_size_limit(max(csv.field_size_limit(), 64 << 20))
_SNIFF_BYTES = 8192  # csv.Sniffer's regexes are quadratic: it only sees the head of the file
_MAX_RESYNC = 100  # restarts after an unterminated quote swallowed the rest of the file
_PROSE_MIN_CHARS = 30  # a text column found by content averages at least this many characters
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number",
               float: "a number", type(None): "null"}


# --- field mapping ----------------------------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def _role(key: str) -> tuple[str, int] | None:
    """The role of a field name and its rank among that role's names."""
    norm = _SEP.sub("", key).lower()
    for role, names in FIELDS.items():
        for rank, name in enumerate(names):
            if norm == name.replace("_", "").lower():
                return role, rank
    return None


def _role_of(key: object) -> str | None:
    found = _role(key) if isinstance(key, str) else None
    return found[0] if found else None


def _candidates(rec: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Each role's values, best first: the record's own fields by name rank, then those of nested objects
    that hold a text field (an "article" wrapper, Elasticsearch "_source"), which are not values themselves."""
    nested = [v for v in rec.values() if isinstance(v, dict) and any(_role_of(k) == "text" for k in v)]
    hits = sorted(((depth, *found, value) for depth, obj in enumerate((rec, *nested)) for key, value in obj.items()
                   if isinstance(key, str) and (found := _role(key)) and not any(value is n for n in nested)),
                  key=lambda h: (h[0], h[2]))
    out: dict[str, list[Any]] = {role: [] for role in FIELDS}
    for _, role, _, value in hits:
        out[role].append(value)
    return out


def _unwrap(value: Any) -> Any:
    if isinstance(value, dict):
        return next((value[k] for k in _UNWRAP if isinstance(value.get(k), str | int | float)), None)
    return value


def _html_to_text(s: str) -> str:
    """Strip tags; block ends and <br> become paragraph breaks, other whitespace collapses as in a browser."""
    s = _HTML_TAG.sub("", _HTML_BREAK.sub("\x00", _HTML_DROP.sub(" ", s)))
    paras = (" ".join(p.split()) for p in html.unescape(s).split("\x00"))
    return "\n\n".join(p for p in paras if p)


def clean_text(s: str) -> str:
    """Text with paragraphs separated by one blank line; HTML is stripped when the text obviously holds it."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_HINT.search(s):
        return _html_to_text(s)
    if "&" in s:  # only ";"-terminated entities: "AT&T" and "&copy 2012" stay as written
        s = _ENTITY.sub(lambda m: html.unescape(m.group()), s)
    return (_BLANK_LINES.sub("\n\n", s) if "\n" in s else s).strip()


def _as_text(value: Any) -> str:
    value = _unwrap(value)
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):  # paragraphs
        return "\n\n".join(t for t in (clean_text(v) for v in map(_unwrap, value) if isinstance(v, str)) if t)
    return ""


def _as_line(value: Any) -> str | None:
    value = _unwrap(value)
    if not isinstance(value, str):
        return None
    return " ".join(clean_text(value).split()) or None


def _epoch(x: float) -> str | None:
    """Epoch seconds, milliseconds or microseconds → ISO 8601 (UTC); an implausible number stays as written."""
    if not math.isfinite(x):
        return None
    seconds = next((x / scale for scale in (1, 1e3, 1e6, 1e9) if abs(x / scale) < 1e11), None)
    try:
        when = dt.datetime.fromtimestamp(seconds, dt.UTC) if seconds is not None else None
    except (OverflowError, OSError, ValueError):
        when = None
    return when.isoformat(timespec="seconds") if when and 1900 <= when.year <= 2200 else repr(x).removesuffix(".0")


def _as_date(value: Any) -> str | None:
    value = _unwrap(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _epoch(float(value))
    if isinstance(value, str):
        value = value.strip()
        return _epoch(float(value)) if _EPOCH_TEXT.fullmatch(value) else value or None
    return None


def _first(values: list[Any], convert: Callable[[Any], str | None]) -> str | None:
    return next((v for v in map(convert, values) if v), None)


def _split_headline(text: str) -> tuple[str | None, str]:
    """A headline glued to the body, as in research datasets (BBC News: "Headline\\n\\nBody…" or
    "Headline\\nBody…"): (headline, body). Nothing is dropped: headline + body is the whole text."""
    head, _, rest = text.partition("\n\n")
    if rest and _headline_shaped(head):
        return head.strip(), rest
    line, _, after = head.partition("\n")
    lines = head.split("\n")
    wrapped = after[:1].islower() or _CONNECTIVE_END.search(line.rstrip()) is not None or (
        len(lines) > 2 and len(line) >= 0.8 * max(len(x) for x in lines[1:-1]))  # hard-wrapped prose
    if after.strip() and not wrapped and _headline_shaped(line):
        return line.strip(), text[len(line):].strip()
    return None, text


def _headline_shaped(line: str) -> bool:
    line = line.strip()
    return (looks_like_headline(line, 2) and line[-1] not in ".,;:-–—(" and not line[0].islower()
            and not is_date_line(line))


def to_article(rec: Any, index: int, text_key: str | None = None) -> RawArticle | str:
    """One record → a RawArticle, or why it is not one ("has no article text …"). ``text_key`` names the
    text field when it was found by content (CSV) rather than by name."""
    if not isinstance(rec, dict):
        return f"is not an object ({_JSON_TYPES.get(type(rec), type(rec).__name__)})"
    found = _candidates(rec)
    texts = [_as_text(rec.get(text_key))] if text_key is not None else [_as_text(v) for v in found["text"]]
    text = max(texts, key=len, default="")
    if not text:
        fields = ", ".join(str(k)[:40] for k in list(rec)[:20]) or "none"
        return f"has no article text (fields: {fields})"
    title = _first(found["title"], _as_line)
    if title is None:
        title, text = _split_headline(text)
    return RawArticle(record_index=index, text=text, title=title, date_text=_first(found["date"], _as_date),
                      url=_first(found["url"], _as_line), source_name=_first(found["source"], _as_line))


def _result(fmt: str, outcomes: list[tuple[int, str, RawArticle | str]], what: str) -> ReadResult:
    """Articles and problems of a file ((index, label, article or reason)); quarantined if no article."""
    articles = tuple(o for _, _, o in outcomes if isinstance(o, RawArticle))
    problems = tuple((i, f"{label} {o}".lstrip()) for i, label, o in outcomes if isinstance(o, str))
    if articles:
        return ReadResult(format=fmt, articles=articles, problems=problems)
    if not outcomes:
        return ReadResult(format=fmt, reason=f"the {what} holds no records")
    return ReadResult(format=fmt, reason=f"no record has article text (looked for fields {_LOOKED_FOR}; "
                                         f"{problems[0][1]})")


# --- JSON and JSON Lines ----------------------------------------------------------------------------------------

def _records(value: Any, depth: int = 0) -> list[Any]:
    """The records of a JSON document: an array, a wrapper object's list (two levels: {"hits": {"hits": […]}}),
    or the one object."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and not _candidates(value)["text"]:
        for key, inner in value.items():
            if isinstance(key, str) and _SEP.sub("", key).lower() in WRAPPERS:
                if isinstance(inner, list) and (not inner or any(isinstance(r, dict) for r in inner)):
                    return inner
                if isinstance(inner, dict) and depth == 0:
                    found = _records(inner, 1)
                    if len(found) != 1 or found[0] is not inner:
                        return found
    return [value]


def _from_json(value: Any) -> ReadResult:
    return _result("json", [(i, f"record {i}", to_article(r, i)) for i, r in enumerate(_records(value))], "JSON")


def _json_error(exc: Exception) -> str:
    return f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else str(exc)


def _read_json(text: str) -> ReadResult:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError) and exc.msg == "Extra data":  # JSON Lines named .json
            lines = _read_jsonl(text, fallback=False)
            if lines.articles:
                return lines
        return ReadResult(format="json", reason=f"the JSON is invalid: {exc}")
    return _from_json(value)


def _read_jsonl(text: str, fallback: bool = True) -> ReadResult:
    outcomes: list[tuple[int, str, RawArticle | str]] = []
    broken = 0
    for lineno, line in enumerate(text.split("\n"), 1):  # not splitlines(): JSON strings may hold U+2028
        if not line.strip():
            continue
        index = len(outcomes)
        try:
            outcomes.append((index, f"line {lineno}", to_article(json.loads(line), index)))
        except (ValueError, RecursionError) as exc:
            outcomes.append((index, f"line {lineno}", f"is not valid JSON: {_json_error(exc)}"))
            broken += 1
    if outcomes and broken == len(outcomes):
        if fallback:  # one pretty-printed JSON document named .jsonl
            try:
                return _from_json(json.loads(text))
            except (ValueError, RecursionError):
                pass
        return ReadResult(format="jsonl", reason=f"no line is valid JSON ({outcomes[0][1]} {outcomes[0][2]})")
    return _result("jsonl", outcomes, "JSON Lines file")


# --- CSV and TSV ------------------------------------------------------------------------------------------------

_Row = tuple[int, int, list[str]]  # (record_index, first line, cells)


def _sniff_delimiter(text: str) -> str:
    """, ; | or tab: csv.Sniffer on the head of the file, checked against the header line."""
    header = next((line for line in text[:_SNIFF_BYTES].split("\n") if line.strip()), "")
    sample = text[:_SNIFF_BYTES].rsplit("\n", 1)[0] if len(text) > _SNIFF_BYTES else text
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=",;|\t").delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and sniffed in header:
        return sniffed
    counts = {d: header.count(d) for d in ",;|\t"}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


_Parsed = tuple[list[str] | None, list[_Row], list[tuple[int, str]]]  # header, rows, problems


def _parse(lines: list[str], delimiter: str, quoting: int) -> _Parsed:
    """Header, well-formed rows and problem rows (quoting errors, wrong field count). Blank rows are skipped.
    After an error the reader goes on at the next line; after an unterminated quote swallowed the rest of the
    file it starts again on the line after the one that opened the quote."""
    def reader(start: int) -> Any:
        return csv.reader(islice(lines, start, None), delimiter=delimiter, quoting=quoting, strict=True)

    header: list[str] | None = None
    rows: list[_Row] = []
    problems: list[tuple[int, str]] = []
    rd, base, last, restarts = reader(0), 0, 0, 0  # last: line where the previous record ended
    while True:
        start = last + 1
        try:
            cells = next(rd)
        except StopIteration:
            break
        except csv.Error as exc:
            if header is None:
                return None, [], [(0, f"the header row cannot be parsed: {exc}")]
            index = len(rows) + len(problems)
            problems.append((index, f"row {index} (line {start}) cannot be parsed: {exc}"))
            last = base + rd.line_num
            if last >= len(lines) and start < len(lines) and restarts < _MAX_RESYNC:
                rd, base, last, restarts = reader(start), start, start, restarts + 1
            continue
        last = base + rd.line_num
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
            continue
        index = len(rows) + len(problems)
        if len(cells) == len(header):
            rows.append((index, start, cells))
        else:
            problems.append((index, f"row {index} (line {start}) has {len(cells)} fields, the header has "
                                    f"{len(header)}"))
    return header, rows, problems


def _prose_column(header: list[str], rows: list[_Row]) -> int | None:
    """The column whose values are longest on average and mostly hold spaces, among unmapped columns."""
    best, best_len = None, float(_PROSE_MIN_CHARS)
    for i, name in enumerate(header):
        filled = [r[2][i].strip() for r in rows[:1000] if r[2][i].strip()]
        if _role(name) or not filled:
            continue
        mean = sum(map(len, filled)) / len(filled)
        if sum(" " in v for v in filled) >= len(filled) / 2 and mean > best_len:
            best, best_len = i, mean
    return best


def _read_delimited(text: str, fmt: str, delimiter: str) -> ReadResult:
    lines = io.StringIO(text, newline="").readlines()  # \n, \r\n and \r only: fields may hold U+2028
    header, rows, problems = _parse(lines, delimiter, csv.QUOTE_MINIMAL)
    if problems and header is not None:  # unquoted files (common for TSV) with stray quotes in the text
        alt = _parse(lines, delimiter, csv.QUOTE_NONE)
        if alt[0] is not None and len(alt[0]) == len(header) and len(alt[2]) < len(problems):
            header, rows, problems = alt
    if header is None:
        return ReadResult(format=fmt, reason=problems[0][1] if problems else "the file is empty")
    header = [h.strip().lstrip("\ufeff").strip() for h in header]
    header = [h[1:-1] if len(h) > 1 and h[0] == h[-1] == '"' else h for h in header]  # parsed with QUOTE_NONE
    for i, name in enumerate(header):  # unique names: a record is a dict
        if name in header[:i]:
            header[i] = f"{name}.{i}"
    text_key = None
    if not any(_role_of(h) == "text" for h in header):
        col = _prose_column(header, rows)
        columns = ", ".join(h[:40] for h in header[:30]) + (", …" if len(header) > 30 else "")
        if col is None:
            return ReadResult(format=fmt, reason=f"the {fmt.upper()} has no text column (columns: {columns})")
        if len(header[col]) > 60 or len(header[col].split()) >= 8:
            return ReadResult(format=fmt, reason=f"the {fmt.upper()} has no header row (its first row is data: "
                                                 f"{columns[:200]})")
        text_key = header[col]
    outcomes: list[tuple[int, str, RawArticle | str]] = [
        (index, f"row {index} (line {line})", to_article(dict(zip(header, cells, strict=True)), index, text_key))
        for index, line, cells in rows]
    outcomes += [(index, "", reason) for index, reason in problems]
    return _result(fmt, sorted(outcomes, key=lambda o: o[0]), fmt.upper())


# --- entry points -----------------------------------------------------------------------------------------------

def _read(fmt: str, data: bytes, read: Callable[[str], ReadResult]) -> ReadResult:
    """Decode, then read; an unexpected error becomes the file's quarantine reason, never an exception."""
    try:
        if not data or data.isspace():
            return ReadResult(format=fmt, reason="the file is empty")
        text = decode(data)
        if text is None:
            return ReadResult(format="binary", reason="the file is binary or not text in a known encoding")
        text = text.lstrip("\ufeff")
        return read(text) if text and not text.isspace() else ReadResult(format=fmt, reason="the file is empty")
    except Exception as exc:  # noqa: BLE001 — a reader bug must not lose the file
        return ReadResult(format=fmt, reason=f"the {fmt} reader failed: {exc!r}")


def read_json(data: bytes, name: str = "") -> ReadResult:
    """One JSON object, an array of them, or a wrapper object with a list of them (NewsAPI "articles")."""
    return _read("json", data, _read_json)


def read_jsonl(data: bytes, name: str = "") -> ReadResult:
    """One JSON record per line; a broken line is a problem, the others load."""
    return _read("jsonl", data, _read_jsonl)


def read_csv(data: bytes, name: str = "") -> ReadResult:
    """A CSV with a header row; the delimiter (, ; | or tab) is sniffed."""
    return _read("csv", data, lambda text: _read_delimited(text, "csv", _sniff_delimiter(text)))


def read_tsv(data: bytes, name: str = "") -> ReadResult:
    """A tab-separated file with a header row."""
    return _read("tsv", data, lambda text: _read_delimited(text, "tsv", "\t"))
