"""HTML pages: the main text, headline, date, URL and source of one news page, found by trafilatura.

Boilerplate (menus, footers, cookie notices, newsletter prompts, related links, share buttons) is left to
trafilatura's precision mode. The date is only what the page itself shows (meta tags, <time>, JSON-LD, the
URL): htmldate's extensive search, which guesses from stray numbers and copyright lines, is off.
``extract_article`` is shared with the WARC reader, which reads each HTML response record with it.
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import urljoin

import trafilatura
from lxml.html import HtmlElement
from trafilatura.deduplication import LRUCache
from trafilatura.utils import load_html

from transforms.models import RawArticle, ReadResult
from transforms.readers.decode import decode

NO_TEXT = "the HTML page has no article text"
NOT_TEXT = "the file is binary or not text in a known encoding"
MIN_WORDS = 15  # fewer body words than this is a login form, a link list or a stub, not an article

# Trafilatura options: main text only, precision over recall, the date from page evidence only.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_EXTRACT = {"include_comments": False, "include_tables": False, "favor_precision": True, "with_metadata": True}

# <meta charset="…"> or <meta http-equiv="Content-Type" content="text/html; charset=…"> near the top
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_TITLE_SEP = re.compile(r"\s+[|\-–—·•»]\s+")


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset of an HTTP Content-Type header value, if it names one."""
    m = _HTTP_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def _codec(label: str | None) -> str | None:
    """A Python codec for a declared charset label; Latin-1 and ASCII labels read as cp1252 (as browsers do)."""
    try:
        name = codecs.lookup(label).name if label else None
    except LookupError:
        return None
    if name in ("iso8859-1", "ascii"):
        return "cp1252"
    return None if name is None or name.startswith("utf-16") else name  # a meta utf-16 is a lie (WHATWG)


def decode_html(data: bytes, charset: str | None = None) -> str | None:
    """The page's text: BOM and valid UTF-8 first, then the declared charset (HTTP, then meta), then detection."""
    meta = _META_CHARSET.search(data[:4096])
    labels = (charset, meta.group(1).decode("ascii") if meta else None)
    return decode(data, declared=[codec for codec in map(_codec, labels) if codec])


def _paragraphs(text: str | None) -> list[str]:
    """Trafilatura's one-line-per-block text → paragraphs, repeats dropped."""
    seen: set[str] = set()
    paras = []
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line and line not in seen:
            seen.add(line)
            paras.append(line)
    return paras


def _meta(tree: HtmlElement, xpath: str) -> str | None:
    values = [v.strip() for v in tree.xpath(xpath) if isinstance(v, str) and v.strip()]
    return values[0] if values else None


def _absolute(base: str | None, link: str | None) -> str | None:
    """``link`` resolved against ``base``, if that makes an http(s) URL."""
    try:
        link = urljoin(base or "", link) if link else None
    except ValueError:  # a malformed URL ("http://[")
        return None
    return link if link and link.startswith(("http://", "https://")) else None


def _headline(title: str | None, page_title: str, site: str | None) -> str | None:
    """The headline, without the " | Site name" that <title> elements carry.

    Without og:title or a single <h1>, trafilatura splits the <title> at its last separator (":" too) and
    keeps the first part without a dot: "BBC News - Talks resume" gives "BBC News", "Syria: talks resume"
    gives "Syria". Such a fragment is replaced by the whole <title>, then a site name is cut off its ends.
    """
    if title and page_title and title != page_title and title in page_title:
        title = page_title
    if not title:
        return None
    seps = list(_TITLE_SEP.finditer(title))
    if not seps:
        return title
    lead, after_lead = title[:seps[0].start()], title[seps[0].end():]
    rest, tail = title[:seps[-1].start()], title[seps[-1].end():]
    if site and tail.casefold() == site.casefold():
        return rest
    if site and lead.casefold() == site.casefold():
        return after_lead
    if title == page_title and len(tail.split()) <= 4 and len(rest) > len(tail):
        return rest  # "Headline | Short site name", by convention
    return title


def extract_article(data: bytes, record_index: int = 0, url: str | None = None,
                    charset: str | None = None) -> RawArticle | str:
    """One article from an HTML page's bytes, or the reason there is none.

    ``url`` is where the page was fetched from (a WARC target URI); a canonical link or og:url wins over it.
    ``charset`` is the one an HTTP header declared.
    """
    if not data.strip():
        return NO_TEXT
    text = decode_html(data, charset)
    if text is None:
        return NOT_TEXT
    tree = load_html(text)
    if tree is None:
        return NO_TEXT
    # A fresh dedup cache per page: trafilatura's default one is process-wide and would drop a paragraph
    # (or a whole page) it has seen in earlier pages — the same page read a third time would lose its text.
    doc = trafilatura.bare_extraction(tree, url=url, deduplicate=LRUCache(maxsize=1024),
                                      date_extraction_params=dict(_DATE_PARAMS), **_EXTRACT)
    if doc is None:
        return NO_TEXT
    paras = _paragraphs(doc.text)
    page_title = " ".join(str(tree.xpath("string(//head/title)")).split())
    declared = _meta(tree, "//meta[@property='og:site_name' or @name='application-name']/@content")
    site = declared or doc.sitename
    if not declared and site and " " in site and site in page_title:
        site = None  # trafilatura's guess: the <title> part with a dot, meant for "example.com", got "U.S. envoy …"
    # The canonical link (or og:url) wins over the fetch URL; trafilatura drops a relative one it cannot
    # resolve and falls back to the fetch URL, so resolve it here.
    link = _absolute(url, _meta(tree, "//link[@rel='canonical']/@href | //meta[@property='og:url']/@content"))
    title = _headline(doc.title, page_title, site)
    if title and paras and paras[0].casefold() in (title.casefold(), (doc.title or "").casefold()):
        paras.pop(0)  # an <h1> inside <article> comes out as the first line; the headline is not body text
    if sum(len(p.split()) for p in paras) < MIN_WORDS:
        return NO_TEXT
    return RawArticle(
        record_index=record_index,
        text="\n\n".join(paras),  # paragraphs separated by blank lines, as every reader gives them
        title=title,
        date_text=doc.date or None,  # ISO date; never doc.filedate (that is today)
        url=link or doc.url or url,
        source_name=site,
    )


def read_html(data: bytes, name: str = "") -> ReadResult:
    """One article from an HTML file."""
    try:
        article = extract_article(data)
    except Exception as exc:  # noqa: BLE001 — a page that breaks the extractor is quarantined, not raised
        return ReadResult(format="html", reason=f"the HTML page cannot be read: {exc!r}")
    if isinstance(article, str):
        return ReadResult(format="html", reason=article)
    return ReadResult(format="html", articles=(article,))
