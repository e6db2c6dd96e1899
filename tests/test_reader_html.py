"""The HTML reader: a page's main text in the reader conventions, without the page's chrome.

The pages are built here from strings, in the three styles the reader was
chosen on (docs/readers.md): an AI company's announcement, a government press
release in windows-1252, a law-blog post with comments. Each chrome string of
a page is asserted absent on its own, so that a failure names what leaked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.corpus import CorpusError, load_document
from kb.corpus.html import LIBRARY, read_html
from kb.segment import segment
from tests.conftest import FIXTURES

ANNOUNCEMENT = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Our agreement with the Department of War | Northwind Labs</title>
<meta property="og:title" content="Our agreement with the Department of War">
<meta property="og:site_name" content="Northwind Labs">
<meta property="article:published_time" content="2026-02-27T09:00:00-05:00">
<link rel="canonical" href="https://northwind.example/news/dow-agreement">
<style>body { font-family: Inter; } .cookie-banner { position: fixed; }</style>
<script>window.dataLayer = []; var trackingNote = "analytics loaded";</script>
</head><body>
<div class="cookie-banner" role="dialog"><p>We use cookies to improve your experience.</p>
  <button>Accept all cookies</button><button>Reject non-essential</button></div>
<header><a href="/">Northwind Labs</a>
  <nav><ul><li><a href="/research">Research</a></li><li><a href="/careers">Careers</a></li></ul></nav>
  <a href="/login">Log in</a></header>
<main><article>
  <h1>Our agreement with the Department of War</h1>
  <p>Today we signed an agreement with the Department of War for a limited set of national security work.
  This post explains what the agreement allows and the law behind each limit.</p>
  <p>We&rsquo;re publishing the terms because the public deserves to know how frontier AI is used.</p>
  <h2>What the agreement covers</h2>
  <p>The Department may use our models for the following purposes:</p>
  <ul>
    <li>Translating open-source foreign-language material.</li>
    <li>Cyber defence of Department networks, including:
      <ul><li>triage of intrusion alerts;</li><li>analysis of malware samples.</li></ul>
    </li>
  </ul>
  <h2>Our red lines</h2>
  <ol>
    <li>Mass domestic surveillance, which the Fourth Amendment and FISA forbid.</li>
    <li>Directing autonomous weapons outside DoD Directive 3000.09.</li>
    <li>Domestic law enforcement barred by the Posse Comitatus Act.</li>
  </ol>
  <h3>Foreign intelligence</h3>
  <p>Targeting under Section&nbsp;702 is governed by 50&nbsp;U.S.C.&nbsp;&sect;&nbsp;1881a; other activities fall under
  Executive Order 12333 &mdash; and its procedures &amp; guidelines.</p>
  <table>
    <tr><th>Safeguard</th><th>Basis</th></tr>
    <tr><td>No targeting of U.S. persons</td><td>50 U.S.C. &sect; 1881a</td></tr>
    <tr><td>Human judgement over force</td><td>DoD Directive 3000.09</td></tr>
  </table>
  <div class="share-buttons"><span>Share this post</span><a href="#">Share on X</a><button>Copy link</button></div>
</article>
<section class="keep-reading"><h2>Keep reading</h2>
  <div class="card-row"><a class="card" href="/a"><h3>Updating our usage policies</h3></a>
  <a class="card" href="/b"><h3>Our 2025 safety report</h3></a></div></section>
<section id="comments"><div id="respond" class="comment-respond"><h3 class="comment-reply-title">Leave a Reply</h3>
  <form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published.
  Required fields are marked *</p><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form>
</div></section>
</main>
<footer><ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a></li></ul>
<p>&copy; 2026 Northwind Labs, Inc. All rights reserved.</p></footer>
<script src="/app.js"></script><script>document.title = "changed by script";</script>
</body></html>
"""

ANNOUNCEMENT_SENTENCES = (
    "Today we signed an agreement with the Department of War for a limited set of national security work.",
    "This post explains what the agreement allows and the law behind each limit.",
    "We\u2019re publishing the terms because the public deserves to know how frontier AI is used.",
    "The Department may use our models for the following purposes:",
    "Translating open-source foreign-language material.",
    "triage of intrusion alerts;",
    "Mass domestic surveillance, which the Fourth Amendment and FISA forbid.",
    "Directing autonomous weapons outside DoD Directive 3000.09.",
    "Domestic law enforcement barred by the Posse Comitatus Act.",
    "Targeting under Section 702 is governed by 50 U.S.C. \u00a7 1881a; other activities fall under Executive Order 12333"
    " \u2014 and its procedures & guidelines.",
)

ANNOUNCEMENT_CHROME = (
    "We use cookies", "Accept all cookies", "Reject non-essential", "Research", "Careers", "Log in",
    "Share this post", "Share on X", "Copy link", "Keep reading", "Updating our usage policies", "Our 2025 safety report",
    "Leave a Reply", "Your email address will not be published.", "Required fields", "Post Comment",
    "Privacy policy", "Terms of use", "All rights reserved",
)

PRESS_RELEASE = """<!DOCTYPE html>
<html lang="en"><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Department of War Announces AI Framework &gt; U.S. Department of War &gt; Release</title>
<meta name="DC.date.issued" content="2026-02-27">
<link rel="canonical" href="https://www.war.example.gov/News/Releases/Article/4100123/">
<style>.usa-banner { background: #f0f0f0; }</style>
<script>var _paq = window._paq || []; _paq.push(['trackPageView']);</script>
</head><body>
<a class="usa-skipnav" href="#main">Skip to main content</a>
<section class="usa-banner"><p>An official website of the United States government</p>
  <button>Here\u2019s how you know</button></section>
<header><nav class="usa-nav"><ul><li><a href="/News/">News</a></li><li><a href="/About/">About</a></li></ul></nav></header>
<main id="main"><div class="row"><div class="col-md-8 body">
  <div class="release-meta"><h1>Department of War Announces AI Framework</h1><p class="date">Feb. 27, 2026</p></div>
  <div class="share-tools">Share: <a href="#">Facebook</a> <a href="#">Email</a> <a href="#">Print</a></div>
  <div class="body-text">
  <p>WASHINGTON \u2014 The Department of War today announced a framework for commercial artificial intelligence.</p>
  <p>It builds on DoD Directive 3000.09 and on the Department\u2019s AI ethical principles, which every component applies.</p>
  <h2>Key provisions</h2>
  <ol>
    <li>Obtain legal review before any use that touches U.S. person information, consistent with Executive Order 12333.</li>
    <li>Ensure that no AI system conducts law enforcement prohibited by 18 U.S.C. \u00a7 1385.</li>
  </ol>
  <p>The Department\u2019s Inspector General will audit compliance with the framework within one year.</p>
  </div>
</div>
<aside class="col-md-4 sidebar"><h2>Related Releases</h2><ul><li><a href="/r/1">Department Updates Autonomy Directive</a></li></ul>
  <div class="email-signup"><h3>Sign up for email updates</h3><button>Subscribe</button></div></aside>
</div></main>
<footer class="usa-footer"><ul><li><a href="/FOIA/">FOIA</a></li><li><a href="/NoFEAR/">No FEAR Act</a></li></ul></footer>
</body></html>
"""

PRESS_CHROME = (
    "Skip to main content", "An official website of the United States government", "Here\u2019s how you know",
    "News", "Share:", "Facebook", "Print", "Related Releases", "Department Updates Autonomy Directive",
    "Sign up for email updates", "Subscribe", "FOIA", "No FEAR Act", "_paq", "usa-banner",
)

BLOG_POST = """<!DOCTYPE html>
<html lang="en-US"><head>
<meta charset="UTF-8">
<title>Does Section 702 Reach AI-Assisted Queries? &#8211; Security Law Blog</title>
<meta property="og:title" content="Does Section 702 Reach AI-Assisted Queries?">
<meta property="og:site_name" content="Security Law Blog">
<meta property="article:published_time" content="2026-03-04T14:22:10+00:00">
<link rel="canonical" href="https://seclaw.example/2026/03/section-702-ai-queries/">
<style id="wp-custom-css">.entry-content p { line-height: 1.7; }</style>
<script>window._wpemojiSettings = {"baseUrl": "https://s.w.org/"};</script>
</head><body class="single-post">
<header id="masthead"><p class="site-title"><a href="/">Security Law Blog</a></p>
  <nav class="main-navigation"><ul><li><a href="/contributors/">Contributors</a></li><li><a href="/podcast/">Podcast</a></li></ul></nav></header>
<main id="main"><article class="post">
  <header class="entry-header"><h1 class="entry-title">Does Section 702 Reach AI-Assisted Queries?</h1>
  <div class="entry-meta">Posted on <time datetime="2026-03-04">March 4, 2026</time> by <a href="/author/jr/">Jordan Reyes</a></div></header>
  <div class="entry-content">
    <p>When an analyst asks a model to summarise communications acquired under Section 702, is that a &ldquo;query&rdquo;?
    The 2024 reauthorization tightened the rules on U.S. person queries.</p>
    <h2>The statutory text</h2>
    <p>Section 702, codified at 50 U.S.C. &sect; 1881a, lets the government target non-U.S. persons abroad.</p>
    <p>Courts have treated querying as a separate Fourth Amendment event, as in <em>United States v. Hasbajrami</em>,
    945 F.3d 641 (2d Cir. 2019).</p>
  </div>
  <footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/fisa/" rel="category tag">FISA</a></span>
  <div class="sharedaddy"><h3>Share this:</h3><a href="#">Click to share on X</a></div></footer>
</article>
<div class="jp-relatedposts"><h3>Related</h3><a href="/2025/11/abouts/">The end of abouts collection, revisited</a></div>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on this post</h2>
  <ol class="comment-list"><li class="comment"><article class="comment-body"><b class="fn">Pat Lee</b> says:
  <div class="comment-content"><p>Great analysis, but the FISC has never addressed model prompts.</p></div></article></li></ol>
  <div id="respond"><h3 id="reply-title">Leave a Reply</h3><form id="commentform">
  <p class="comment-notes">Your email address will not be published.</p><input type="submit" value="Post Comment"></form></div>
</div></main>
<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Archives</h2>
  <ul><li><a href="/2026/03/">March 2026</a></li></ul></section></aside>
<footer id="colophon"><div class="site-info">Proudly powered by WordPress</div></footer>
</body></html>
"""

BLOG_CHROME = (
    "Contributors", "Podcast", "Posted on", "Posted in", "Share this:", "Click to share", "Related", "abouts collection",
    "thoughts on", "Pat Lee", "Great analysis", "Leave a Reply", "Your email address will not be published.",
    "Post Comment", "Archives", "March 2026", "Proudly powered by WordPress", "_wpemojiSettings", "line-height",
)

PAGES = {
    "announcement": (ANNOUNCEMENT.encode("utf-8"), ANNOUNCEMENT_CHROME),
    "press_release": (PRESS_RELEASE.encode("cp1252"), PRESS_CHROME),
    "blog_post": (BLOG_POST.encode("utf-8"), BLOG_CHROME),
}

FRONT_MATTER_KEYS = {"title", "publisher", "date", "url"}


def read(page: str) -> str:
    raw, _ = PAGES[page]
    return read_html(raw, Path(f"{page}.html")).text


def lines(text: str) -> list[str]:
    return text.split("\n")


@pytest.mark.parametrize(("page", "chrome"), [(page, c) for page, (_, chrome) in PAGES.items() for c in chrome])
def test_reader_html_chrome_never_reaches_the_text(page, chrome):
    assert chrome not in read(page)


def test_reader_html_keeps_every_article_sentence():
    text = read("announcement")
    assert [s for s in ANNOUNCEMENT_SENTENCES if s not in text] == []


def test_reader_html_keeps_the_article_of_each_style():
    press, blog = read("press_release"), read("blog_post")
    assert "WASHINGTON \u2014 The Department of War today announced a framework for commercial artificial intelligence." in press
    assert "2. Ensure that no AI system conducts law enforcement prohibited by 18 U.S.C. \u00a7 1385." in lines(press)
    assert "The Department\u2019s Inspector General will audit compliance with the framework within one year." in press
    assert "Section 702, codified at 50 U.S.C. \u00a7 1881a, lets the government target non-U.S. persons abroad." in blog
    # emphasis keeps its text and no marks: the case name stays whole for citation recognition
    assert "as in United States v. Hasbajrami, 945 F.3d 641 (2d Cir. 2019)." in blog


@pytest.mark.parametrize("page", sorted(PAGES))
def test_reader_html_drops_scripts_and_styles(page):
    text = read(page)
    for code in ("<script", "dataLayer", "trackingNote", "changed by script", "font-family", "{", "}", "<style", "</"):
        assert code not in text


def test_reader_html_headings_become_hash_lines():
    text = lines(read("announcement"))
    assert text[0] == "# Our agreement with the Department of War"
    assert "## What the agreement covers" in text
    assert "## Our red lines" in text
    assert "### Foreign intelligence" in text


def test_reader_html_opens_with_the_title_when_the_extracted_text_has_no_level_one_heading():
    # the press release's <h1> sits in a metadata box the extractor leaves out; the blog's in the entry header
    assert lines(read("press_release"))[:3] == ["# Department of War Announces AI Framework", "", "WASHINGTON \u2014 The Department"
                                                " of War today announced a framework for commercial artificial intelligence."]
    assert lines(read("blog_post"))[0] == "# Does Section 702 Reach AI-Assisted Queries?"
    assert "## The statutory text" in lines(read("blog_post"))


def test_reader_html_list_items_become_marker_lines_nested_by_two_spaces():
    text = read("announcement")
    assert (
        "- Translating open-source foreign-language material.\n"
        "- Cyber defence of Department networks, including:\n"
        "  - triage of intrusion alerts;\n"
        "  - analysis of malware samples.\n"
    ) in text
    assert (
        "1. Mass domestic surveillance, which the Fourth Amendment and FISA forbid.\n"
        "2. Directing autonomous weapons outside DoD Directive 3000.09.\n"
        "3. Domestic law enforcement barred by the Posse Comitatus Act.\n"
    ) in text


def test_reader_html_puts_each_table_cell_on_a_line_and_a_blank_line_after_each_row():
    assert (
        "Safeguard\nBasis\n\n"
        "No targeting of U.S. persons\n50 U.S.C. \u00a7 1881a\n\n"
        "Human judgement over force\nDoD Directive 3000.09\n"
    ) in read("announcement")


def test_reader_html_separates_blocks_by_one_blank_line_and_ends_with_one_newline():
    for page in PAGES:
        text = read(page)
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert "\n\n\n" not in text
        assert all(line == line.strip(" \t") or line.startswith("  ") for line in lines(text))


def test_reader_html_decodes_entities_and_makes_no_break_spaces_plain():
    text = read("announcement")
    assert "We\u2019re publishing" in text  # &rsquo;
    assert "50 U.S.C. \u00a7 1881a" in text  # &nbsp; and &sect;
    assert "Executive Order 12333 \u2014 and its procedures & guidelines." in text  # &mdash; &amp;
    assert "&" + "nbsp;" not in text and "&sect;" not in text and "&rsquo;" not in text
    assert "\u00a0" not in text


def test_reader_html_reads_the_charset_the_page_declares():
    # the press release is windows-1252 bytes (0x92 for the apostrophe, 0x97 for the dash, 0xa7 for the section sign)
    raw, _ = PAGES["press_release"]
    assert b"\x92" in raw and b"\x97" in raw
    text = read("press_release")
    assert "the Department\u2019s AI ethical principles" in text
    assert "18 U.S.C. \u00a7 1385" in text


@pytest.mark.parametrize(
    "raw",
    [
        b"\xff\xfe" + "<p>Caf\u00e9 law: \u00a7 5 applies to every caf\u00e9 in the district, as the council held.</p>".encode("utf-16-le"),
        b"\xef\xbb\xbf" + "<p>Caf\u00e9 law: \u00a7 5 applies to every caf\u00e9 in the district, as the council held.</p>".encode(),
        '<meta charset="iso-8859-1"><p>Caf\u00e9 law: \u00a7 5 applies to every caf\u00e9 in the district, as the council held.</p>'.encode("latin-1"),
        "<p>Caf\u00e9 law: \u00a7 5 applies to every caf\u00e9 in the district, as the council held.</p>".encode(),
    ],
    ids=["utf-16 bom", "utf-8 bom", "meta charset", "undeclared utf-8"],
)
def test_reader_html_decodes_by_bom_then_meta_charset_then_utf8(raw):
    assert read_html(raw, Path("cafe.html")).text == "Caf\u00e9 law: \u00a7 5 applies to every caf\u00e9 in the district, as the council held.\n"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("<p>Caf\u00e9 law applies to every caf\u00e9.</p>".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 6)"),
        ('<meta charset="utf-8">\n<p>Caf\u00e9</p>'.encode("cp1252"), "not valid UTF-8"),
        ('<meta charset="windows-1252">\n<p>A byte windows-1252 leaves undefined: \x81</p>'.encode("latin-1"), "not valid windows-1252"),
        (b"<p>binary\x00\x01</p>", "binary"),
    ],
    ids=["undeclared latin-1", "declared utf-8", "undefined cp1252 byte", "nul bytes"],
)
def test_reader_html_refuses_undecodable_bytes_naming_the_file(raw, message):
    path = Path("docs/bad.html")
    with pytest.raises(CorpusError) as caught:
        read_html(raw, path)
    assert caught.value.path == path
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_reader_html_extracts_metadata():
    raw, _ = PAGES["announcement"]
    assert read_html(raw, Path("a.html")).metadata == {
        "title": "Our agreement with the Department of War",  # og:title, not "... | Northwind Labs"
        "publisher": "Northwind Labs",
        "date": "2026-02-27",
        "url": "https://northwind.example/news/dow-agreement",
    }
    raw, _ = PAGES["blog_post"]
    assert read_html(raw, Path("b.html")).metadata == {
        "title": "Does Section 702 Reach AI-Assisted Queries?",
        "publisher": "Security Law Blog",
        "date": "2026-03-04",
        "url": "https://seclaw.example/2026/03/section-702-ai-queries/",
    }


def test_reader_html_metadata_leaves_out_what_the_page_does_not_state():
    raw, _ = PAGES["press_release"]
    # no site name: trafilatura's guess from the <title> ("... > U.S. Department of War") is a piece of the title
    assert read_html(raw, Path("p.html")).metadata == {
        "title": "Department of War Announces AI Framework",
        "date": "2026-02-27",
        "url": "https://www.war.example.gov/News/Releases/Article/4100123/",
    }
    bare = b"<html><body><p>On March 1, 2026 the rule takes effect, replacing the rule of 2019, as the agency said.</p></body></html>"
    assert read_html(bare, Path("bare.html")).metadata == {}  # a date in the prose is no publication date


@pytest.mark.parametrize(
    ("head", "publisher"),
    [
        ('<title>Policy update</title><link rel="canonical" href="https://www.northwind.example/x">', None),  # host name
        ('<title>AI</title><meta property="og:site_name" content="OpenAI">', "OpenAI"),  # "AI" is no piece of "OpenAI"
        ('<title>Northwind Labs</title><meta property="og:site_name" content="Northwind Labs">', "Northwind Labs"),
    ],
    ids=["host name is no publisher", "title inside a word", "home page"],
)
def test_reader_html_publisher_is_a_stated_site_name_not_a_guess(head, publisher):
    page = f"<html><head>{head}</head><body><article><p>{'A sentence of the article body. ' * 4}</p></article></body></html>"
    assert read_html(page.encode(), Path("p.html")).metadata.get("publisher") == publisher


@pytest.mark.parametrize("page", sorted(PAGES))
def test_reader_html_metadata_keys_are_front_matter_keys(page):
    raw, _ = PAGES[page]
    metadata = read_html(raw, Path(f"{page}.html")).metadata
    assert set(metadata) <= FRONT_MATTER_KEYS
    assert all(isinstance(value, str) and value for value in metadata.values())


@pytest.mark.parametrize(
    "raw",
    [
        b"<html><head><title>Nothing</title></head><body></body></html>",
        b"<html><head><title>App</title><script src='/app.js'></script></head><body><div id='root'></div>"
        b"<noscript>You need to enable JavaScript to run this app.</noscript></body></html>",
        b"<html><head><style>p { color: red; }</style></head><body><nav><a href='/a'>Alpha</a> <a href='/b'>Beta</a></nav></body></html>",
        b"<html><body><div id='comments'><h3>Leave a Reply</h3><p>Your email address will not be published.</p></div></body></html>",
    ],
    ids=["empty body", "script shell", "navigation only", "comment form only"],
)
def test_reader_html_refuses_a_page_without_main_text_naming_the_file(raw):
    path = Path("corpus/documents/empty.html")
    with pytest.raises(CorpusError) as caught:
        read_html(raw, path)
    assert caught.value.path == path
    assert "no main text found in the page" in str(caught.value)
    assert str(caught.value).startswith(str(path))


def test_reader_html_is_deterministic():
    raw, _ = PAGES["announcement"]
    first = read_html(raw, Path("a.html"))
    for page in PAGES:  # reading other pages in between changes nothing
        read(page)
    assert read_html(raw, Path("a.html")) == first


def test_reader_html_writes_text_as_it_reads_not_markdown_escaped():
    page = (
        b"<html><body><article>"
        b"<p>This page holds enough prose for the extractor to take it as the main text of the page.</p>"
        b"<p>1. Definitions. The term [sic] covers persons_of_interest.*</p>"
        b"<p>The statute was amended in 2018.<sup>1</sup> It was <del>never</del> amended again.</p>"
        b"<p>Office of the General Counsel<br>1000 Defense Pentagon<br>Washington, DC 20301</p>"
        b"<p><strong>Will the models be used for surveillance?</strong></p>"
        b"<p>No. The contract forbids it, and so does the law in more than one statute.</p>"
        b"</article></body></html>"
    )
    text = read_html(page, Path("e.html")).text
    assert "\n1. Definitions. The term [sic] covers persons_of_interest.*\n" in text  # no "1\\." "\\[sic\\]" "\\_"
    assert "The statute was amended in 2018. It was amended again." in text  # footnote mark and struck text not read
    assert "Office of the General Counsel\n1000 Defense Pentagon\nWashington, DC 20301" in text  # <br> is a newline
    assert "\n**Will the models be used for surveillance?**\n" in text  # a bold line: a heading to segmentation
    assert "\\" not in text and "<sup>" not in text and "|" not in text


def test_reader_html_text_segments_into_sections_and_nested_items(tmp_path):
    (tmp_path / "page.md").write_text(read("announcement"), encoding="utf-8")
    seg = segment(load_document(tmp_path / "page.md", tmp_path))[0]
    assert [(s.level, s.heading) for s in seg.sections][:3] == [
        (1, "Our agreement with the Department of War"), (2, "What the agreement covers"), (2, "Our red lines"),
    ]
    assert [(item.marker, item.level) for item in seg.list_items] == [
        ("-", 1), ("-", 1), ("-", 2), ("-", 2), ("1.", 1), ("2.", 1), ("3.", 1),
    ]
    assert [c.label for c in seg.clauses] == ["1.", "2.", "3."]


def test_reader_html_library_is_trafilatura():
    assert LIBRARY == "trafilatura"


def test_reader_html_reads_the_announcement_fixture():
    # tests/fixtures/formats/announcement.html, shared with the cross-format tests
    path = FIXTURES / "formats" / "announcement.html"
    reading = read_html(path.read_bytes(), path)
    assert reading.metadata["title"] == "Our agreement with the Department of War"
    for authority in ("Fourth Amendment", "FISA", "Section 702", "Executive Order 12333", "DoD Directive 3000.09",
                      "Posse Comitatus Act", "50 U.S.C. \u00a7 1881a"):
        assert authority in reading.text
    for chrome in ("Accept all cookies", "Share on LinkedIn", "Keep reading", "Leave a Reply", "All rights reserved"):
        assert chrome not in reading.text
