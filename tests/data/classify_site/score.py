#!/usr/bin/python3
"""Scores a crawl of the classification test web against its expected.json.

    /usr/bin/python3 score.py EXPECTED_JSON DATABASE [-v]

Prints one JSON object: articles on the site, articles stored (recall), hubs
and other pages stored as articles (must be 0), stored titles equal to the
expected headline, and the same per host; -v lists every miss.
"""
import json
import sqlite3
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    with open(args[0], encoding="utf-8") as f:
        expected = json.load(f)
    db = sqlite3.connect(f"file:{args[1]}?mode=ro", uri=True)
    stored = {url: title for url, title in db.execute("SELECT url, title FROM articles")}
    verdicts = {url: (kind, reason) for url, kind, reason in
                db.execute("SELECT url, page_kind, page_reason FROM urls WHERE page_kind IS NOT NULL")}
    totals = {"articles": 0, "stored": 0, "non_articles": 0, "non_articles_stored": 0, "titles_exact": 0}
    per_host = {}
    misses = []
    for page in expected["pages"]:
        host = per_host.setdefault(page["host"], dict.fromkeys(totals, 0))
        url = page["url"]
        if page["kind"] == "article":
            for t in (totals, host):
                t["articles"] += 1
            if url in stored:
                for t in (totals, host):
                    t["stored"] += 1
                if stored[url] == page["title"]:
                    for t in (totals, host):
                        t["titles_exact"] += 1
                else:
                    misses.append(f"title {url}: {stored[url]!r} != {page['title']!r}")
            else:
                misses.append(f"lost {page['type']} {url}: {verdicts.get(url)}")
        else:
            for t in (totals, host):
                t["non_articles"] += 1
            if url in stored:
                for t in (totals, host):
                    t["non_articles_stored"] += 1
                misses.append(f"stored a {page['type']} {url}: {verdicts.get(url)}")
    totals["recall"] = round(totals["stored"] / max(1, totals["articles"]), 3)
    totals["title_exact_rate"] = round(totals["titles_exact"] / max(1, totals["stored"]), 3)
    totals["per_host"] = per_host
    print(json.dumps(totals, ensure_ascii=False))
    if verbose:
        for m in misses:
            print(m)


if __name__ == "__main__":
    main()
