"""How well, and how fast, saved web pages load: real AllSides articles wrapped in four sites' page chrome.

There are no saved pages of real articles on disk, so this builds them: each article's paragraphs,
title, date, author and source go into one of four layouts (a WordPress blog with <article>, a news
site with <main> and JSON-LD, <div> soup with the date only in the text, a Bootstrap page with
<time datetime> only), each with scripts, a menu, a cookie banner, a share bar, an ad slot, a figure
caption, a newsletter box, related links and a footer. It loads the folder and prints the time,
how many of the article's paragraphs came through whole (recall), how many of the kept paragraphs
are the article's (precision), how often title, date and source came out right, and which chrome
lines survived cleaning.

    .venv/bin/python benchmarks/bench_pages.py [--pages 100] [--out FOLDER] [--txt]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "corpora" / "allsides" / "articles.jsonl.gz"

HEAD = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('config','G-1');</script>
<style>body{{margin:0}} .ad{{min-height:250px}}</style>{meta}</head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.</p><button>Accept all cookies</button></div>
"""
NAV = """<nav class="main-navigation"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/world">World</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/subscribe">Subscribe</a></li></ul></nav>"""
SHARE = """<div class="share-bar"><span>Share this article</span> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>"""
AD = """<div class="ad-slot"><p class="ad-label">Advertisement</p><script>googletag.display('div-gpt-ad-1');</script></div>"""
FIGURE = """<figure><img src="/img/lead.jpg" alt=""><figcaption>Protesters gather outside the building on Monday. (Photo: Staff/Wire)</figcaption></figure>"""
NEWSLETTER = """<div class="newsletter-signup"><h4>Get our morning briefing</h4><p>Sign up for our free newsletter and get the day's top stories in your inbox.</p><form><input type="email"><button>Subscribe</button></form></div>"""
RELATED = """<section class="related-posts"><h3>Related stories</h3><ul><li><a href="/a">Senate leaders trade blame as deadline nears</a></li><li><a href="/b">What the new rules mean for your taxes</a></li></ul></section>"""
FOOTER = """<footer class="site-footer"><ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a></li></ul><p>© 2019 {site}. All rights reserved.</p></footer>
<script src="/js/app.min.js"></script></body></html>"""
FURNITURE = (
    "We use cookies", "Accept all cookies", "Share this article", "Advertisement", "Protesters gather outside",
    "Get our morning briefing", "Sign up for our free newsletter", "Related stories", "Senate leaders trade blame",
    "About us", "Privacy policy", "All rights reserved", "Posted by",
)  # fmt: skip


def body(paragraphs: list[str]) -> str:
    """The article's paragraphs with the ad slot and the figure among them, as sites place them."""
    parts = [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    parts.insert(min(2, len(parts)), AD)
    parts.insert(min(4, len(parts)), FIGURE)
    return "\n".join(parts)


def page(layout: int, article: dict, paragraphs: list[str]) -> str:
    title, site, author = (html.escape(article[k]) for k in ("title", "source", "author"))
    date = article["date"]
    text = body(paragraphs)
    if layout == 0:  # WordPress
        meta = (
            f'<title>{title} &#8211; {site}</title><meta property="og:title" content="{title}">'
            f'<meta property="og:site_name" content="{site}"><meta property="article:published_time" '
            f'content="{date}T10:00:00Z"><meta name="author" content="{author}">'
        )
        return (
            HEAD.format(meta=meta) + f'<header class="site-header"><p class="site-title">{site}</p>{NAV}</header>'
            f'<main><article class="post"><header class="entry-header"><h1 class="entry-title">{title}</h1>'
            f'<div class="entry-meta"><span class="byline">By {author}</span> <time datetime="{date}">{date}</time></div></header>'
            f'{SHARE}<div class="entry-content">{text}{NEWSLETTER}</div></article>{RELATED}</main>'
            + FOOTER.format(site=site)
        )
    if layout == 1:  # news site, JSON-LD
        ld = json.dumps(
            {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article["title"],
             "datePublished": f"{date}T06:30:00-05:00", "author": [{"@type": "Person", "name": article["author"]}],
             "publisher": {"@type": "Organization", "name": article["source"]}}
        )  # fmt: skip
        meta = f'<title>{title} | {site}</title><script type="application/ld+json">{ld}</script>'
        return (
            HEAD.format(meta=meta) + f'<header class="site-header"><div class="logo">{site}</div>{NAV}</header>'
            f'<main id="main"><div class="article-header"><h1>{title}</h1><p class="byline">By {author}</p></div>'
            f'{SHARE}<div class="article-body">{text}<aside class="newsletter-box"><p>Sign up for our free newsletter '
            f"and get the day's top stories in your inbox.</p></aside></div>{RELATED}</main>" + FOOTER.format(site=site)
        )
    if layout == 2:  # <div> soup, the date only in the text
        divs = text.replace("<p>", "<div>").replace("</p>", "</div>")
        return (
            HEAD.format(meta=f"<title>{site} - {title}</title>")
            + f'<div id="top"><div class="logo">{site}</div><div class="menu"><a href="/">Home</a> | <a href="/news">News</a></div></div>'
            f'<div id="centre"><h1>{title}</h1><div class="info">Posted by {author} on {date}</div>'
            f'<div class="story">{divs}</div><div class="related"><b>Related stories:</b> <a href="/a">Senate leaders trade '
            f'blame as deadline nears</a></div></div><div id="bottom">© 2019 {site}. All rights reserved.</div></body></html>'
        )
    return (  # Bootstrap page, <time datetime> only
        HEAD.format(meta=f"<title>{site}</title>")
        + NAV
        + '<div class="container"><div class="row"><div class="col-md-8 post">'
        f'<h2 class="post-title">{title}</h2><div class="post-meta"><time datetime="{date}">{date}</time></div>{SHARE}'
        f'<div class="post-body">{text}</div>{NEWSLETTER}</div><div class="col-md-4 sidebar"><h3>Most read</h3>'
        '<ul><li><a href="/a">Senate leaders trade blame as deadline nears</a></li></ul></div></div></div>'
        + FOOTER.format(site=site)
    )


def articles(path: Path, count: int) -> list[dict]:
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("title") and row.get("date") and row.get("text"):
                authors = row.get("authors") or []
                author = authors[0] if isinstance(authors, list) and authors else str(authors or "Staff")
                found.append({**row, "author": author, "date": str(row["date"])[:10]})
            if len(found) == count:
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ALLSIDES)
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--out", type=Path, help="keep the pages in this folder (default: a temporary one)")
    parser.add_argument("--txt", action="store_true", help="add one plain .txt article to the folder")
    args = parser.parse_args()
    from helpers.corpus import load_corpus

    rows = articles(args.corpus, args.pages + args.txt)
    folder = args.out or Path(tempfile.mkdtemp(prefix="pages-"))
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for number, article in enumerate(rows[: args.pages]):
        paragraphs = [p.strip() for p in article["text"].split("\n") if p.strip()]
        doc_id = f"page{number:03d}"
        (folder / f"{doc_id}.html").write_text(page(number % 4, article, paragraphs), encoding="utf-8")
        expected[doc_id] = (article, paragraphs, number % 4)
    if args.txt:
        (folder / "plain.txt").write_text(rows[-1]["text"], encoding="utf-8")
    start = time.perf_counter()
    corpus = load_corpus(str(folder))
    seconds = time.perf_counter() - start
    docs = corpus.docs.set_index("doc_id")
    whole = kept_total = article_kept = total = 0
    right = {"title": 0, "date": 0, "source": 0}
    survived: dict[str, int] = {}
    for doc_id, (article, paragraphs, _layout) in expected.items():
        if doc_id not in docs.index:
            continue
        doc = docs.loc[doc_id]
        cleaned = doc["text"].split("\n\n")
        original = set(paragraphs)
        total += len(paragraphs)
        whole += sum(p in doc["text"] for p in paragraphs)
        kept_total += len(cleaned)
        article_kept += sum(any(c in p for p in original) for c in cleaned)
        right["title"] += doc["title"] == " ".join(article["title"].split())
        right["date"] += str(doc["date"])[:10] == article["date"]
        right["source"] += doc["source"] == article["source"]
        for line in FURNITURE:
            survived[line] = survived.get(line, 0) + (line in doc["text"])
    pages_read = sum(doc_id in docs.index for doc_id in expected)
    print(
        f"{len(expected)} pages in {folder}: loaded in {seconds:.2f} s ({1000 * seconds / max(len(expected), 1):.0f} ms a page)"
    )
    print(f"  documents kept: {pages_read} of {len(expected)}")
    print(f"  article paragraphs kept whole (after cleaning): {whole:,} of {total:,} ({whole / max(total, 1):.1%})")
    print(
        f"  kept paragraphs that are the article's: {article_kept:,} of {kept_total:,} ({article_kept / max(kept_total, 1):.1%})"
    )
    print("  right: " + ", ".join(f"{name} {count} of {pages_read}" for name, count in right.items()))
    print("  chrome lines left in the text: " + (", ".join(f"{k!r} {v}" for k, v in survived.items() if v) or "none"))
    log = corpus.cleaning_log
    print(f"  html_boilerplate entries: {int((log['rule'] == 'html_boilerplate').sum())}")


if __name__ == "__main__":
    main()
