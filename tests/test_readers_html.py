"""The HTML reader: main text without boilerplate, headline, date from page evidence only, URL and source."""

from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.models import ReadResult
from transforms.readers import read_file
from transforms.readers.html import extract_article, read_html

PARAGRAPHS = [
    "The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday and agreed to resume talks on the "
    "demarcation of their shared border, officials from both delegations said after the four-hour meeting.",
    "The meeting, hosted by the Swiss government, was the first face-to-face contact between the two ministers "
    "since negotiations stalled in November. Both sides described the discussions as “frank and constructive” "
    "in a joint statement released in the evening.",
    "Under the agreement, a joint commission of experts will meet in April to review maps and propose a timetable "
    "for the work. The European Union and the United States welcomed the announcement and offered technical "
    "assistance to the commission.",
    "Analysts cautioned that deep disagreements remain over transport routes and the return of displaced people. "
    "“This is a step, not a settlement,” said a senior diplomat who attended the talks and asked not to be named "
    "because he was not authorised to speak publicly.",
    "The ministers are expected to meet again in May, when officials hope to sign a memorandum on the first "
    "section of the border.",
]
BOILERPLATE = [
    "Home", "Business", "Sport", "Opinion", "We use cookies", "Accept all cookies", "cookie policy",
    "Sign up for our World Briefing newsletter", "delivered to your inbox", "Subscribe now",
    "Related articles", "Border clashes leave two soldiers dead", "EU mission extends mandate",
    "Share on Facebook", "Share on X", "Email this story", "All rights reserved", "Privacy policy",
    "Terms of use", "Contact us",
]
URL = "https://www.dailycourier.example/world/ministers-agree-border-talks"
DATE_META = '<meta property="article:published_time" content="2024-03-12T09:30:00+00:00">'


def news_page(paragraphs: list[str] = PARAGRAPHS, date_meta: str = DATE_META, charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs[:2])
    body += """
    <aside class="newsletter-signup"><h3>Sign up for our World Briefing newsletter</h3>
      <p>Get the day's top international stories delivered to your inbox every morning.</p>
      <form><input type="email"><button>Subscribe now</button></form></aside>
    """
    body += "\n".join(f"<p>{p}</p>" for p in paragraphs[2:])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>Foreign ministers agree to resume border talks | The Daily Courier</title>
<link rel="canonical" href="{URL}">
<meta property="og:title" content="Foreign ministers agree to resume border talks">
<meta property="og:site_name" content="The Daily Courier">
<meta property="og:type" content="article">
{date_meta}
</head>
<body>
<header><nav class="main-nav"><ul>
  <li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/business">Business</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
</ul></nav></header>
<div id="cookie-banner" class="cookie-consent">
  <p>We use cookies to improve your experience on our site. By continuing to browse you accept our cookie policy.</p>
  <button>Accept all cookies</button>
</div>
<main>
<article>
  <h1>Foreign ministers agree to resume border talks</h1>
  <div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Share on X</a>
    <a href="#">Email this story</a></div>
  <div class="article-body">
{body}
  </div>
</article>
<section class="related-articles"><h2>Related articles</h2><ul>
  <li><a href="/world/a">Border clashes leave two soldiers dead</a></li>
  <li><a href="/world/b">EU mission extends mandate in the Caucasus</a></li>
</ul></section>
</main>
<footer class="site-footer">
  <p>© 2024 The Daily Courier Ltd. All rights reserved.</p>
  <ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li>
  <li><a href="/contact">Contact us</a></li></ul>
</footer>
</body>
</html>
"""


PAGE = news_page().encode()


def test_news_page_body_metadata_and_no_boilerplate():
    result = read_html(PAGE, "page.html")
    assert not result.quarantined and result.format == "html"
    (article,) = result.articles
    assert article.record_index == 0
    assert article.text == "\n\n".join(PARAGRAPHS)  # every paragraph, blank-line separated, in order
    for junk in BOILERPLATE:
        assert junk not in article.text, junk
    assert article.title == "Foreign ministers agree to resume border talks"
    assert article.url == URL
    assert article.date_text == "2024-03-12"
    assert article.source_name == "The Daily Courier"


def test_a_page_without_a_date_has_no_date_text():
    # no meta date, no <time>, no date in the URL: only "© 2024" in the footer, which is not a publication date
    (article,) = read_html(news_page(date_meta="").encode()).articles
    assert article.date_text is None
    assert article.text.startswith("The foreign ministers")


def test_a_repeated_page_keeps_its_text():
    # trafilatura's default dedup cache is process-wide: a page read a third time would lose its paragraphs
    for _ in range(4):
        (article,) = read_html(PAGE).articles
        assert article.text.count("\n\n") == len(PARAGRAPHS) - 1


def test_title_from_the_title_element_loses_the_site_name():
    page = news_page().replace('<meta property="og:title" content="Foreign ministers agree to resume border talks">',
                               "").replace("<h1>Foreign ministers agree to resume border talks</h1>", "")
    page = page.replace("<title>Foreign ministers agree", "<title>U.S. and EU ministers agree")
    (article,) = read_html(page.encode()).articles
    assert article.title == "U.S. and EU ministers agree to resume border talks"
    # without og:site_name, trafilatura would take the dotted headline for the site's name
    (article,) = read_html(page.replace('<meta property="og:site_name" content="The Daily Courier">', "")
                           .encode()).articles
    assert article.title == "U.S. and EU ministers agree to resume border talks"
    assert article.source_name != article.title


def test_cp1252_page_with_a_meta_charset_keeps_accents_and_quotes():
    paragraphs = [p.replace("Geneva", "Genève").replace("their shared", "their countries’ shared") for p in PARAGRAPHS]
    for label in ("windows-1252", "iso-8859-1"):  # browsers read a Latin-1 label as Windows-1252 too
        data = news_page(paragraphs, charset=label).encode("cp1252")
        (article,) = read_html(data).articles
        assert "Genève" in article.text and "countries’ shared" in article.text
        assert "“frank and constructive”" in article.text


def test_relative_canonical_link_resolves_against_the_fetch_url():
    page = news_page().replace(URL, "/world/ministers")
    article = extract_article(page.encode(), 3, url="https://mirror.example/x?id=1")
    assert article.url == "https://mirror.example/world/ministers" and article.record_index == 3


def test_pages_without_article_text_are_quarantined_with_a_reason():
    login = b"""<html><head><title>Sign in | Courier</title></head><body><h1>Sign in</h1><form>
        <label>Email</label><input name=e><label>Password</label><input type=password><button>Log in</button>
        </form><p><a href="/forgot">Forgot your password?</a></p><p>No account? <a href="/r">Register</a></p>
        </body></html>"""
    links = ("<html><head><title>World | Courier</title></head><body><h1>World</h1><ul>" + "".join(
        f"<li><a href='/w/{i}'>Headline number {i} about a summit in a capital city</a></li>" for i in range(20)
    ) + "</ul></body></html>").encode()
    for data in (login, links, b"<html><head><title>x</title></head><body></body></html>", b"", b"  \n"):
        result = read_html(data)
        assert result.quarantined and not result.articles, data
        assert result.reason == "the HTML page has no article text", data


def test_binary_bytes_are_quarantined():
    result = read_html(b"\x00\x01\x02\xff" * 100)
    assert result.reason == "the file is binary or not text in a known encoding"


def test_a_valid_page_with_stray_nul_bytes_loads_without_them():
    # as in trafilatura's evaluation set: a valid UTF-8 news page with 22 stray NULs in 194 KB
    comment = ("é " * 3000).encode() + b"\x00"
    stray = PAGE.replace(b"</head>", b"<!-- " + comment * 22 + b"-->\n</head>")
    assert stray.count(b"\x00") == 22 and len(stray) > 190_000
    result = read_html(stray)
    assert not result.quarantined and result.articles == read_html(PAGE).articles
    assert "\x00" not in result.articles[0].text


def test_through_the_dispatcher_plain_and_gzipped():
    plain = read_file("page.html", PAGE)
    packed = read_file("page.html.gz", gzip.compress(PAGE))
    assert plain.format == packed.format == "html" and packed.compression == "gzip"
    assert plain.articles == packed.articles and len(plain.articles) == 1
    assert plain.articles[0].url == URL


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.binary(), st.text().map(str.encode), st.text().map(lambda t: f"<html><body><p>{t}</p>".encode())))
def test_any_bytes_give_articles_or_a_reason(data):
    result = read_html(data)
    assert isinstance(result, ReadResult) and result.format == "html"
    assert bool(result.articles) != (result.reason is not None)
