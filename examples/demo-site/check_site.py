#!/usr/bin/python3
"""Checks that expected.json tells the truth about the served demo web.

    /usr/bin/python3 examples/demo-site/check_site.py

Starts serve.py on a free loopback port, then walks the four sites the way a
polite crawler would (robots.txt Disallow prefixes, sitemaps and sitemap
indexes with .gz, RSS and Atom, <a href> links from the front pages, the
calendar trap cut off at its entry) and compares what it finds with
expected.json: which articles each channel (links, sitemap, feed) reaches, the
404s, the redirects, and that every linked /private/ page is disallowed. It
also checks the server's log has one line per request. Exit 0 when all agree.
Stdlib only, talks to 127.0.0.1 only.
"""

import gzip
import html.parser
import http.client
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.feeds, self.canonical = [], [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "link" and a.get("rel") == "alternate" and "xml" in (a.get("type") or ""):
            self.feeds.append(a["href"])
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")


class Walker:
    def __init__(self, port):
        self.port = port
        self.fetched = {}  # url -> (status, headers, body)
        self.robots = {}

    def get(self, url):
        if url not in self.fetched:
            u = urllib.parse.urlsplit(url)
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            conn.request("GET", u.path + ("?" + u.query if u.query else ""),
                         headers={"Host": u.hostname, "User-Agent": "check_site"})
            r = conn.getresponse()
            self.fetched[url] = (r.status, dict(r.getheaders()), r.read())
            conn.close()
        return self.fetched[url]

    def disallowed(self, url):
        u = urllib.parse.urlsplit(url)
        if u.hostname not in self.robots:
            status, _, body = self.get(f"http://{u.hostname}/robots.txt")
            rules, sitemaps, applies = [], [], False
            for line in body.decode().splitlines():
                k, _, v = line.partition(":")
                k, v = k.strip().lower(), v.strip()
                if k == "user-agent":
                    applies = v == "*"
                elif k == "disallow" and applies and v:
                    rules.append(v)
                elif k == "sitemap":
                    sitemaps.append(v)
            self.robots[u.hostname] = (rules, sitemaps)
        return any(u.path.startswith(p) for p in self.robots[u.hostname][0])


def canon(url):
    """Drop the fragment and utm_* parameters, as the crawler's normaliser does."""
    u = urllib.parse.urlsplit(url)
    q = [(k, v) for k, v in urllib.parse.parse_qsl(u.query) if not k.startswith("utm_")]
    return urllib.parse.urlunsplit((u.scheme, u.netloc, u.path, urllib.parse.urlencode(q), ""))


def main():
    exp = json.load(open(os.path.join(HERE, "expected.json"), encoding="utf-8"))
    log = tempfile.NamedTemporaryFile(suffix=".log", delete=False).name
    srv = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "serve.py"), "--port", "0", "--quiet",
                            "--log", log], stdout=subprocess.PIPE, text=True)
    problems = []
    try:
        first = srv.stdout.readline().strip()
        assert first.startswith("serving on 127.0.0.1:"), first
        w = Walker(int(first.rsplit(":", 1)[1]))
        hosts = [urllib.parse.urlsplit(s).hostname for s in exp["seeds"]]
        trap_entries = {t["entry"] for t in exp["traps"]}

        # Sitemaps (robots.txt Sitemap: lines, recursively) and feeds (autodiscovery).
        by_sitemap, by_feed, linked_private = set(), set(), set()
        for h in hosts:
            w.disallowed(f"http://{h}/")
            todo = list(w.robots[h][1])
            while todo:
                url = todo.pop()
                status, _, body = w.get(url)
                if body[:2] == b"\x1f\x8b":
                    body = gzip.decompress(body)
                root = ET.fromstring(body)
                for loc in root.iter(SITEMAP + "loc"):
                    if root.tag == SITEMAP + "sitemapindex":
                        todo.append(loc.text)
                    else:
                        by_sitemap.add(loc.text)
        # Links: breadth-first from the seeds.
        by_links, seen, queue, not_found, redirects = set(), set(), list(exp["seeds"]), set(), []
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            if w.disallowed(url):
                linked_private.add(url)
                continue
            if url in trap_entries or "/calendar/" in url:
                continue  # the trap is checked on its own below
            status, headers, body = w.get(url)
            if status in (301, 302):
                to = urllib.parse.urljoin(url, headers["Location"])
                redirects.append({"from": url, "status": status, "to": to})
                queue.append(to)
                continue
            if status == 404:
                not_found.add(url)
                continue
            assert status == 200, (url, status)
            by_links.add(url)
            p = Links()
            p.feed(body.decode("utf-8", "replace"))
            for f in p.feeds:
                furl = urllib.parse.urljoin(url, f)
                _, _, fbody = w.get(furl)
                root = ET.fromstring(fbody)
                for item in root.iter("item"):
                    by_feed.add(canon(item.findtext("link")))
                for entry in root.iter(ATOM + "entry"):
                    for link in entry.findall(ATOM + "link"):
                        if link.get("rel", "alternate") == "alternate":
                            by_feed.add(canon(link.get("href")))
            for href in p.links:
                target = canon(urllib.parse.urljoin(url, href))
                if target.startswith("http") and urllib.parse.urlsplit(target).hostname in hosts:
                    queue.append(target)

        for a in exp["articles"]:
            got = [c for c, s in (("links", by_links), ("sitemap", by_sitemap), ("feed", by_feed)) if a["url"] in s]
            if got != a["discovered_by"]:
                problems.append(f"{a['url']}: expected.json says {a['discovered_by']}, the walk found {got}")
            status, headers, body = w.get(a["url"])
            if status != 200:
                problems.append(f"{a['url']}: status {status}")
            if a.get("charset") == "windows-1256":
                if "charset" in headers.get("Content-Type", ""):
                    problems.append(f"{a['url']}: Content-Type names a charset")
                body.decode("cp1256")
            else:
                body.decode("utf-8")
        if sorted(not_found) != sorted(exp["not_found"]):
            problems.append(f"404s linked: {sorted(not_found)} != expected {exp['not_found']}")
        if sorted(redirects, key=str) != sorted(exp["redirects"], key=str):
            problems.append(f"redirects: {redirects} != expected {exp['redirects']}")
        if not all(any(p.startswith(n) for n in exp["never_fetch_urls"]) and
                   urllib.parse.urlsplit(p).path.startswith(tuple(exp["never_fetch"])) for p in linked_private):
            problems.append(f"disallowed links outside never_fetch: {linked_private}")
        if sorted(linked_private) != sorted(exp["never_fetch_linked"]):
            problems.append(f"linked private pages {sorted(linked_private)} != {exp['never_fetch_linked']}")
        for t in exp["traps"]:  # the trap goes on: ten months forward, each with its days
            url = t["entry"]
            for _ in range(10):
                p = Links()
                status, _, body = w.get(url)
                assert status == 200, url
                p.feed(body.decode())
                days = [l for l in p.links if l.count("/") == 5]
                assert len(days) >= 28, url
                nxt = [l for l in p.links if l.count("/") == 4 and l > urllib.parse.urlsplit(url).path]
                url = urllib.parse.urljoin(url, nxt[0])
        pages = len(w.fetched)
    finally:
        srv.terminate()
        code = srv.wait(5)
    lines = [json.loads(line) for line in open(log, encoding="utf-8")]
    os.unlink(log)
    if code != 0:
        problems.append(f"serve.py exit status on SIGTERM: {code}")
    if len(lines) != pages:
        problems.append(f"log has {len(lines)} lines for {pages} requests")
    for p in problems:
        print("FAIL", p)
    print(f"{len(exp['articles'])} articles, {pages} requests, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
