#!/usr/bin/python3
"""The Scrapy peer of the crawl bench: a minimal spider that follows every
link within the start URL's host and saves each page body to disk.

    /usr/bin/python3 scrapy_spider.py --start http://127.0.0.1:PORT/ --out DIR [--concurrency 16]

Run it with Debian's /usr/bin/python3 and python3-scrapy. Politeness off
(robots.txt ignored, no delay, no AutoThrottle), the same concurrency as
wirecrawl, no cookies, no cache. Loopback only: a downloader middleware
drops any request whose host is not 127.0.0.1 (before DNS), the offsite
middleware keeps the spider on the start host, and proxies are disabled.
Prints `scrapy: N pages saved` at the end.
"""

import argparse
import hashlib
import os
import urllib.parse

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.exceptions import IgnoreRequest

LOOPBACK = "127.0.0.1"


class LoopbackOnly:
    """Downloader middleware: nothing leaves 127.0.0.1."""

    def process_request(self, request, spider):
        if urllib.parse.urlsplit(request.url).hostname != LOOPBACK:
            raise IgnoreRequest(f"not loopback: {request.url}")
        return None


class SavePages(scrapy.Spider):
    name = "save_pages"

    def __init__(self, start, out, **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.allowed_domains = [urllib.parse.urlsplit(start).hostname]
        self.out = out
        self.saved = 0

    def parse(self, response):
        name = hashlib.sha1(response.url.encode()).hexdigest() + ".html"
        with open(os.path.join(self.out, name), "wb") as f:
            f.write(response.body)
        self.saved += 1
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse)

    def closed(self, reason):
        print(f"scrapy: {self.saved} pages saved ({reason})", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--start", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--concurrency", type=int, default=16)
    args = ap.parse_args()
    if urllib.parse.urlsplit(args.start).hostname != LOOPBACK:
        ap.error("--start must be on 127.0.0.1")
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        os.environ.pop(var, None)
    os.makedirs(args.out, exist_ok=True)
    process = CrawlerProcess(settings={
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "CONCURRENT_REQUESTS_PER_IP": 0,
        "DOWNLOAD_DELAY": 0,
        "RANDOMIZE_DOWNLOAD_DELAY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "DEPTH_LIMIT": 0,
        "LOG_LEVEL": "INFO",
        "USER_AGENT": "scrapy-bench (+http://127.0.0.1/)",
        "DOWNLOADER_MIDDLEWARES": {
            "__main__.LoopbackOnly": 1,
            "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware": None,
        },
    })
    process.crawl(SavePages, start=args.start, out=args.out)
    process.start()


if __name__ == "__main__":
    main()
