#!/usr/bin/python3
"""A news site that keeps publishing, for the daemon soak bench.

    publisher.py ROOT --host soak-news.test --every 5 --duration 1800

Writes ROOT/HOST/ (served by examples/demo-site/serve.py --root ROOT): a
front page and an RSS feed listing the 50 newest articles, a robots.txt,
and one new article every EVERY seconds (about 300 words from a Zipf
vocabulary, published "now" in JSON-LD and <meta>). Every few articles is a
rewrite of an earlier one (a wire copy), so dedup has work. Files are
replaced atomically (write, then rename), so the server never serves half a
page. Stops after DURATION seconds. Stdlib only.
"""
import argparse
import datetime
import email.utils
import html
import json
import os
import random
import time

WORDS = [f"w{i}" for i in range(20000)]
WEIGHTS = [1.0 / (i + 1) for i in range(len(WORDS))]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def article_html(host, slug, title, paragraphs, published):
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": published, "author": {"@type": "Person", "name": "Soak Desk"}})
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"<link rel=\"canonical\" href=\"http://{host}/news/{slug}.html\">"
            f"<meta property=\"article:published_time\" content=\"{published}\">"
            f"<script type=\"application/ld+json\">{ld}</script></head><body>"
            f"<nav><a href=\"/\">Home</a> <a href=\"/feed.rss\">RSS</a></nav>"
            f"<article><h1>{html.escape(title)}</h1><time datetime=\"{published}\">{published}</time>{body}"
            f"</article><aside>Read also: <a href=\"/\">more news</a></aside><footer>Soak News</footer>"
            f"</body></html>")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--host", default="soak-news.test")
    ap.add_argument("--every", type=float, default=5.0)
    ap.add_argument("--duration", type=float, default=1800.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    site = os.path.join(args.root, args.host)
    write(os.path.join(site, "robots.txt"), "User-agent: *\nDisallow: /private/\n")
    published = []  # (slug, title, iso, paragraphs)
    start = time.time()
    n = 0
    while time.time() - start < args.duration:
        n += 1
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        iso = now.isoformat()
        if published and n % 4 == 0:
            # A wire copy: an earlier story with a new headline and its last paragraph dropped.
            _, title, _, paragraphs = rng.choice(published[-20:])
            title = "Update: " + title
            paragraphs = paragraphs[:-1]
        else:
            paragraphs = [" ".join(rng.choices(WORDS, WEIGHTS, k=50)) for _ in range(6)]
            title = " ".join(rng.choices(WORDS[:2000], k=8)).capitalize()
        slug = f"{now:%Y-%m-%d}-story-{n}"
        write(os.path.join(site, "news", slug + ".html"), article_html(args.host, slug, title, paragraphs, iso))
        published.append((slug, title, iso, paragraphs))
        newest = published[-50:][::-1]
        items = "".join(
            f"<item><title>{html.escape(t)}</title><link>http://{args.host}/news/{s}.html</link>"
            f"<pubDate>{email.utils.format_datetime(datetime.datetime.fromisoformat(i))}</pubDate></item>"
            for s, t, i, _ in newest)
        write(os.path.join(site, "feed.rss"),
              f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Soak News</title>"
              f"<link>http://{args.host}/</link>{items}</channel></rss>")
        links = "".join(f"<li><a href=\"/news/{s}.html\">{html.escape(t)}</a></li>" for s, t, _, _ in newest)
        write(os.path.join(site, "index.html"),
              f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Soak News</title>"
              f"<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.rss\"></head>"
              f"<body><h1>Soak News</h1><ul>{links}</ul></body></html>")
        time.sleep(max(0.0, start + n * args.every - time.time()))


if __name__ == "__main__":
    main()
