#!/usr/bin/env python3
"""bench/archive/english_pages.py OUTDIR N [DAYS]: N saved article pages for
`wirecrawl ingest`, the case issue 17 measured: 300 words of ordinary
English-like text (about 1.9 KB) in 6 paragraphs, a title of 8 words, from
a 50,000-word Zipf(1) vocabulary whose frequent words are short, as in
English; 400 sites (rel=canonical gives the URL), published over DAYS days
(365) ending now, so that `wirecrawl optimize` finds most of them beyond the
dedup window; every 4th page is a wire copy of one of the 40 before it with
one paragraph rewritten. Deterministic."""
import bisect
import datetime
import math
import os
import random
import sys

VOCABULARY = 50000
LETTERS = "etaoinshrdlcumwfgypbvkjxqz"
# English letter frequencies (per cent), for words that look like English.
WEIGHTS = [12.7, 9.1, 8.2, 7.5, 7.0, 6.7, 6.3, 6.1, 6.0, 4.3, 4.0, 2.8, 2.8, 2.4, 2.4, 2.2, 2.0, 2.0, 1.9, 1.5,
           1.0, 0.8, 0.2, 0.2, 0.1, 0.1]


def vocabulary(rng):
    words, seen = [], set()
    while len(words) < VOCABULARY:
        rank = len(words) + 1
        # the, of, and... are short; rare words long: ~5.3 letters per word of text.
        length = max(1, min(14, round(rng.gauss(1.6 + 0.75 * math.log(rank), 1.2))))
        word = "".join(rng.choices(LETTERS, WEIGHTS, k=length))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    days = int(sys.argv[3]) if len(sys.argv) > 3 else 365
    rng = random.Random(17)
    words = vocabulary(rng)
    cumulative, total = [], 0.0
    for r in range(1, VOCABULARY + 1):
        total += 1.0 / r
        cumulative.append(total)

    def text(n):
        return " ".join(words[min(bisect.bisect_left(cumulative, rng.random() * total), VOCABULARY - 1)]
                        for _ in range(n))

    os.makedirs(out, exist_ok=True)
    end = datetime.datetime.now(datetime.timezone.utc)
    made = []  # (title, paragraphs) of each page
    for n in range(count):
        if n % 4 == 3 and n >= 40:
            title, paragraphs = made[n - 1 - rng.randrange(40)]
            paragraphs = list(paragraphs)
            paragraphs[rng.randrange(6)] = text(50).capitalize() + "."
        else:
            title = text(8).capitalize()
            paragraphs = [text(50).capitalize() + "." for _ in range(6)]
        made.append((title, paragraphs))
        published = end - datetime.timedelta(seconds=days * 86400 * (count - n) / count)
        site = f"site{n % 400}.example"
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        page = (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
                f"<link rel=canonical href='https://{site}/news/{n}.html'>"
                f"<meta property='article:published_time' content='{published:%Y-%m-%dT%H:%M:%SZ}'></head>"
                f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
                f"<p class=byline>By Staff Writer</p>{body}</article><footer>(c) {site}</footer></body></html>")
        with open(os.path.join(out, f"{n:07d}.html"), "w", encoding="utf-8") as f:
            f.write(page)


if __name__ == "__main__":
    main()
