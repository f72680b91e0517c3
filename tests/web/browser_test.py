#!/usr/bin/python3
"""The web page in a real browser: headless Chromium driven by Selenium.

Crawls the demo news web (examples/demo-site/, served by its serve.py on
loopback) with the real `wirecrawl` binary, ingests a hostile page (markup,
event handlers, javascript: links and bidi override characters in its title,
author, body and URL), starts `wirecrawl serve` on a free loopback port and
checks, in Chromium: the stories list, a story, an article, a search in Arabic
without diacritics that finds the article written with them, the sources page,
the JSON endpoints and the hostile page (nothing runs, the text shows as text).

Debian's packages only: chromium, chromium-driver, python3-selenium
(scripts/install-deps.sh). A missing browser is a failure, not a skip: CI must
run this.

Usage: browser_test.py --wirecrawl build/default/cli/wirecrawl [--keep DIR]
Prints one line per check and ends with "N passed, N failed".
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEMO = os.path.join(ROOT, "examples", "demo-site")
HOSTS = ["alpha-news.test", "beta-daily.test", "gamma-times.test", "delta-post.test"]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

HOSTILE_TITLE = "<script>document.title='pwned';window.__xss=1</script>\u202egnp.exe"
HOSTILE_AUTHOR = "<img src=x onerror=\"window.__xss=2\">"
HOSTILE_URL = 'http://hostile.test/news/"><script>window.__xss=6</script>/story.html'
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def html_escape(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def hostile_page():
    """A news article whose every field carries an attack."""
    prose = [
        "أعلنت الحكومة اليوم عن خطة جديدة لتطوير شبكة النقل العام في المدينة، تشمل خطوطا جديدة للحافلات "
        "وتوسيع محطات القطار، وقالت إن العمل سيبدأ في الربيع المقبل ويستمر ثلاث سنوات.",
        "وقال الوزير في مؤتمر صحفي إن الخطة ستكلف مليار دولار، وإنها ستخفض زمن الرحلة اليومية لآلاف "
        "الموظفين والطلاب، مضيفا أن الحكومة ستنشر التفاصيل الكاملة خلال الأسابيع القادمة.",
        "The minister added that <img src=x onerror=\"window.__xss=3\"> residents would be consulted "
        "before any route is final, and that <script>window.__xss=7</script> the budget is approved.",
        "\u202eThis sentence carries a right-to-left override\u202c and \u2067an isolate\u2069 in the "
        "middle of ordinary words, which must not reorder anything around it on the page.",
        "وأشار إلى أن المشروع يتضمن أيضا مسارات للدراجات الهوائية وممرات للمشاة، وأن البلدية ستعمل مع "
        "الشركات الخاصة لتشغيل بعض الخطوط، في خطوة قال إنها ستوفر فرص عمل جديدة للشباب.",
    ]
    paragraphs = "\n".join(f"<p>{html_escape(p)}</p>" for p in prose)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{html_escape(HOSTILE_TITLE)}</title>
<meta property="og:title" content="{html_escape(HOSTILE_TITLE)}">
<meta property="og:type" content="article">
<meta name="author" content="{html_escape(HOSTILE_AUTHOR)}">
<meta property="article:published_time" content="2023-10-21T09:00:00Z">
<link rel="canonical" href="javascript:window.__xss=4">
</head><body>
<article><h1>{html_escape(HOSTILE_TITLE)}</h1>
<p class="byline">{html_escape(HOSTILE_AUTHOR)}</p>
{paragraphs}
<p>للمزيد: <a href="javascript:window.__xss=5">اضغط هنا javascript:window.__xss=5</a> وشارك الخبر مع أصدقائك.</p>
</article></body></html>
"""


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, fn):
        start = time.monotonic()
        try:
            fn()
        except Exception:  # noqa: BLE001 - every failure is reported, then the next check runs
            self.failed += 1
            print(f"FAIL {name}")
            traceback.print_exc(file=sys.stdout)
        else:
            self.passed += 1
            print(f"ok   {name} ({time.monotonic() - start:.1f} s)")
        sys.stdout.flush()


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


class Process:
    """A child process whose first stdout line is read with a deadline."""

    def __init__(self, argv, pattern, timeout=30, **kwargs):
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, **kwargs)
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line or self.proc.poll() is not None:
                break
        match = re.search(pattern, line)
        if not match:
            self.stop()
            raise RuntimeError(f"{argv[0]}: expected /{pattern}/ on stdout, got {line!r}")
        self.match = match

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


def fetch(url):
    """(status, headers, body) of a GET, errors included."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    # No proxy: the page is on loopback, and the machine has no network.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def start_browser(profile):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # No sandbox: CI runs as root. The other flags keep Chromium off the
    # network (this machine has none; its background connections would fail).
    for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1200,900", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--wirecrawl", required=True)
    parser.add_argument("--keep", help="keep the database and logs in this directory")
    args = parser.parse_args()
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            print(f"FAIL setup: {path} missing (scripts/install-deps.sh installs chromium and chromium-driver)")
            print("0 passed, 1 failed")
            return 1

    work = args.keep or tempfile.mkdtemp(prefix="wirecrawl-browser-")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "demo.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    checks = Checks()
    site = serve = driver = None
    try:
        # 1. The demo web, crawled by the real binary.
        site = Process(["/usr/bin/python3", os.path.join(DEMO, "serve.py"), "--port", "0", "--quiet",
                        "--log", os.path.join(work, "requests.log")], r"^serving on 127\.0\.0\.1:(\d+)$")
        port = site.match.group(1)
        pins = []
        for host in HOSTS:
            pins += ["--connect-to", f"{host}:80:127.0.0.1:{port}"]
        start = time.monotonic()
        crawl = subprocess.run([args.wirecrawl, "crawl", "--config", os.path.join(DEMO, "demo.toml"), "--db", db]
                               + pins, capture_output=True, text=True, timeout=300)
        # 1: some URLs failed (the demo has a 404 per site), the rest was crawled.
        expect(crawl.returncode in (0, 1), f"crawl exited {crawl.returncode}: {crawl.stderr[-2000:]}")
        print(f"crawled the demo web in {time.monotonic() - start:.1f} s")

        # 2. The hostile page, through the same extract -> dedup -> store path.
        page = os.path.join(work, "hostile.html")
        with open(page, "w", encoding="utf-8") as f:
            f.write(hostile_page())
        ingest = subprocess.run([args.wirecrawl, "ingest", "--db", db, "--url", HOSTILE_URL, page],
                                capture_output=True, text=True, timeout=60)
        expect(ingest.returncode == 0, f"ingest exited {ingest.returncode}: {ingest.stdout} {ingest.stderr}")
        hostile_id = int(re.search(r"article (\d+)", ingest.stdout).group(1))

        # 3. The page, read-only, on a free loopback port.
        serve = Process([args.wirecrawl, "serve", "--db", db, "--listen", "127.0.0.1:0"],
                        r"^serving .* on (http://127\.0\.0\.1:\d+/)$", stderr=open(os.path.join(work, "serve.log"), "w"))
        base = serve.match.group(1).rstrip("/")
        profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
        driver = start_browser(profile)
        driver.set_page_load_timeout(30)
        expected = json.load(open(os.path.join(DEMO, "expected.json"), encoding="utf-8"))
        run_checks(checks, driver, base, expected, hostile_id)
        checks.run("the daemon serves the page beside its crawl",
                   lambda: daemon_serves_the_page(args.wirecrawl, work, db, port))
    except Exception:  # noqa: BLE001 - setup failed: one failure, reported
        checks.failed += 1
        print("FAIL setup")
        traceback.print_exc(file=sys.stdout)
    finally:
        if driver is not None:
            driver.quit()
        if serve is not None:
            # 143: a clean stop on SIGTERM, as every command ends (man page, EXIT STATUS).
            code = serve.stop()
            if code != 143:
                checks.failed += 1
                print(f"FAIL serve exited {code} on SIGTERM (expected 143)")
        if site is not None:
            site.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 and checks.passed > 0 else 1


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def daemon_serves_the_page(wirecrawl, work, db, site_port):
    """`[web] enabled`: the daemon crawls (writing the database) and serves
    the page from read-only connections at the same time."""
    web_port = free_port()
    pins = ", ".join(f'"{h}:80:127.0.0.1:{site_port}"' for h in HOSTS)
    config = os.path.join(work, "daemon.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f"""[sources]
seeds = [{", ".join(f'"http://{h}/"' for h in HOSTS)}]
[politeness]
min_delay = 0.2
[fetch]
connect_to = [{pins}]
[network]
allow = ["127.0.0.1/32"]
[paths]
database = "{db}"
[daemon]
log_level = "info"
[web]
enabled = true
listen = "127.0.0.1:{web_port}"
""")
    log = open(os.path.join(work, "daemon.log"), "w")
    daemon = subprocess.Popen([wirecrawl, "daemon", "--config", config], stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{web_port}"
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status, headers, body = fetch(base + "/api/stories?min_sites=3")
                break
            except (urllib.error.URLError, ConnectionError):
                expect(daemon.poll() is None, f"the daemon exited {daemon.returncode}")
                time.sleep(0.2)
        expect(status == 200, f"/api/stories from the daemon: {status}")
        expect(len(json.loads(body)["stories"]) == 2, "the daemon's page does not show the crawled stories")
        expect(headers.get("X-Content-Type-Options") == "nosniff", "no nosniff from the daemon's page")
        status, _, body = fetch(base + "/sources")
        expect(status == 200 and "alpha-news.test" in body, "the daemon's sources page")
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            code = daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
            code = daemon.wait()
        log.close()
    expect(code == 143, f"the daemon exited {code} on SIGTERM (expected 143, a clean stop)")


def run_checks(checks, driver, base, expected, hostile_id):
    from selenium.webdriver.common.by import By

    wire1 = expected["stories"]["wire-1"]
    alpha_wire1 = next(u for u in wire1 if "alpha-news.test" in u)
    state = {}

    def find_all(css):
        return driver.find_elements(By.CSS_SELECTOR, css)

    def wait_for_url(pattern, seconds=10):
        # A click or a submit starts a navigation and may return before the
        # next page is the current one: wait for its URL, then read it.
        from selenium.webdriver.support.ui import WebDriverWait
        try:
            WebDriverWait(driver, seconds).until(
                lambda d: re.search(pattern, d.current_url)
                and d.execute_script("return document.readyState") == "complete")
        except Exception:
            pass  # the expect() after it says what the URL was
        return driver.current_url

    def page_is_inert():
        # No script ran (the pages have none; an injected one must not run),
        # no element came from crawled markup.
        expect(driver.execute_script("return typeof window.__xss") == "undefined", "an injected script ran")
        expect(not find_all("script"), "a <script> element is in the page")
        expect(not find_all("img"), "an <img> element is in the page")
        expect(not find_all("[onerror], [onload], [onclick], [onmouseover]"), "an event handler attribute is in the page")
        for a in find_all("a[href]"):
            href = a.get_attribute("href")
            expect(href.startswith(("http://", "https://")), f"a link to {href!r}")
        expect(not any(c in driver.page_source for c in BIDI_CONTROLS), "a bidi control character is in the page")

    def stories_list():
        driver.get(base + "/")
        expect(driver.title.startswith("Stories"), f"title {driver.title!r}")
        stories = find_all("ol.stories > li.story")
        expect(len(stories) >= 10, f"{len(stories)} stories listed")
        multi = [s for s in stories if re.search(r"\b3 sites\b", s.text)]
        expect(len(multi) == 2, f"{len(multi)} stories on 3 sites (wire-1 and wire-2)")
        expect(all(s.find_elements(By.CSS_SELECTOR, "svg.timeline circle") for s in stories), "a story without its picture")
        expect(len(multi[0].find_elements(By.CSS_SELECTOR, "svg.timeline circle")) == 3, "3 dots for 3 copies")
        expect(all("first published by" in s.text for s in stories), "a story without its first publisher")
        # wire-1 is Arabic: its title is laid out right to left.
        arabic = [s for s in multi if s.find_elements(By.CSS_SELECTOR, "a.title[dir=rtl][lang=ar]")]
        expect(len(arabic) == 1, "wire-1's title is not marked rtl/ar")
        state["wire1_link"] = arabic[0].find_element(By.CSS_SELECTOR, "a.title").get_attribute("href")
        # Filters: only stories on at least 3 sites; the filter is in the URL.
        driver.get(base + "/?min_sites=3")
        expect(len(find_all("ol.stories > li.story")) == 2, "min_sites=3 does not give 2 stories")
        expect(find_all("input[name=min_sites]")[0].get_attribute("value") == "3", "the filter is not shown back")
        driver.get(base + "/?lang=en&min_sites=2")
        expect(len(find_all("ol.stories > li.story")) == 1, "lang=en&min_sites=2 does not give wire-2 alone")
        page_is_inert()

    def open_story():
        driver.get(base + "/")
        driver.find_element(By.CSS_SELECTOR, f"a.title[href='{urllib.parse.urlparse(state['wire1_link']).path}']").click()
        url = wait_for_url(r"/story/\d+$")
        expect(re.search(r"/story/\d+$", url), f"at {url}")
        expect(driver.find_element(By.CSS_SELECTOR, "h1").get_attribute("dir") == "rtl", "the title is not rtl")
        rows = find_all("table.copies tbody tr")
        expect(len(rows) == 3, f"{len(rows)} copies")
        sites = [r.find_elements(By.CSS_SELECTOR, "td")[1].text for r in rows]
        expect(sorted(sites) == ["alpha-news.test", "beta-daily.test", "delta-post.test"], f"sites {sites}")
        expect(rows[0].find_elements(By.CSS_SELECTOR, "td")[5].text == "first", "the first copy is not marked first")
        expect(all(r.find_elements(By.CSS_SELECTOR, "td")[5].text.startswith("+") for r in rows[1:]), "no delay shown")
        # beta dropped the last paragraph, delta added one: removed and added sentences, highlighted.
        diffs = find_all("details.copy-diff")
        expect(len(diffs) == 2, f"{len(diffs)} diffs")
        for d in diffs:
            if d.get_attribute("open") is None:
                d.find_element(By.CSS_SELECTOR, "summary").click()
        expect(find_all(".diff del"), "no removed sentence highlighted")
        expect(find_all(".diff ins"), "no added sentence highlighted")
        removed = find_all(".diff del")[0]
        expect(removed.value_of_css_property("background-color") not in ("rgba(0, 0, 0, 0)", "transparent"),
               "removed sentences are not highlighted (CSS not applied?)")
        page_is_inert()
        # On to an article: the first publisher's copy.
        rows[0].find_element(By.CSS_SELECTOR, "a[href^='/article/'], a[href*='/article/']").click()
        state["article_url"] = wait_for_url(r"/article/\d+$")

    def open_article():
        driver.get(state["article_url"])
        expect(re.search(r"/article/\d+$", driver.current_url), f"at {driver.current_url}")
        title = driver.find_element(By.CSS_SELECTOR, "h1.article-title")
        expect(title.get_attribute("dir") == "rtl" and title.get_attribute("lang") == "ar", "title not rtl/ar")
        paragraphs = find_all(".body p")
        expect(len(paragraphs) >= 4, f"{len(paragraphs)} paragraphs")
        expect(all(p.get_attribute("dir") == "rtl" for p in paragraphs), "body paragraphs are not rtl")
        facts = driver.find_element(By.CSS_SELECTOR, "dl.facts").text
        expect("Source URL" in facts and "Canonical URL" in facts, "no source or canonical URL")
        links = [a.get_attribute("href") for a in find_all("a.url")]
        expect(any(l.startswith("http://") and ".test/" in l for l in links), f"no link to the source: {links}")
        why = driver.find_element(By.XPATH, "//h2[.='Why this is an article']/following-sibling::dl[1]").text
        expect("article" in why and "Why" in why, f"no verdict: {why!r}")
        expect(driver.find_element(By.XPATH, "//h2[.='Earlier versions']"), "no versions section")
        page_is_inert()

    def search_arabic():
        driver.get(base + "/search")
        box = driver.find_element(By.CSS_SELECTOR, "main form input[name=q]")
        box.send_keys("القاهرة")  # without the kasra of القاهِرة
        box.submit()
        url = wait_for_url(r"[?&]q=")
        expect("q=" in url, f"the query is not in the URL: {url}")
        hits = find_all("ol.hits > li.hit")
        expect(hits, "no hit")
        hit_ids = [h.find_element(By.CSS_SELECTOR, "a.title").get_attribute("href").rsplit("/", 1)[1] for h in hits]
        # The alpha-news copy is written with the diacritics, and found.
        status, _, body = fetch(base + "/api/search?q=" + urllib.parse.quote("القاهرة"))
        expect(status == 200, f"/api/search {status}")
        found = {str(h["article_id"]): h["url"] for h in json.loads(body)["hits"]}
        expect(alpha_wire1 in found.values(), f"{alpha_wire1} not found: {found}")
        alpha_id = next(i for i, u in found.items() if u == alpha_wire1)
        expect(alpha_id in hit_ids, "the page does not list what the API finds")
        status, _, body = fetch(base + "/api/article/" + alpha_id)
        expect("القاهِرة" in json.loads(body)["article"]["body"], "alpha's copy has no diacritics?")
        marks = find_all("p.snippet mark")
        expect(marks, "no highlighted word in the snippets")
        expect(all(m.text.replace("\u0650", "") == "القاهرة" for m in marks), f"highlighted: {[m.text for m in marks]}")
        expect(any("\u0650" in m.text for m in marks), "no highlight on the diacritised spelling")
        # The search is shareable: the same URL gives the same page.
        driver.get(driver.current_url)
        expect(len(find_all("ol.hits > li.hit")) == len(hits), "reloading the URL changed the hits")
        driver.get(base + "/search?q=" + urllib.parse.quote("القاهرة") + "&lang=en")
        expect(not find_all("ol.hits > li.hit"), "lang=en still finds Arabic articles")
        page_is_inert()

    def sources_page():
        driver.get(base + "/sources")
        sections = {s.find_element(By.CSS_SELECTOR, "h2").text: s for s in find_all("section.host")}
        for host in HOSTS:
            expect(host in sections, f"{host} missing from {list(sections)}")
            text = sections[host].text
            expect("status 200" in text, f"{host}: robots.txt state missing: {text}")
            expect("2xx" in text, f"{host}: no status mix")
            expect("article" in text, f"{host}: no pages by kind")
            expect("Last fetch" in text and "never" not in text.split("Latest responses")[0], f"{host}: no last fetch")
            bars = sections[host].find_elements(By.CSS_SELECTOR, "svg.sparkline rect")
            expect(len(bars) == 30, f"{host}: {len(bars)} days in the sparkline")
            expect(any(float(b.get_attribute("height")) > 0 for b in bars), f"{host}: no article in the sparkline")
        delta = sections["delta-post.test"].text
        expect("crawl delay 1 s" in delta, f"delta's Crawl-delay not shown: {delta}")
        expect("disallowed" in delta, "no robots.txt denial count")
        page_is_inert()

    def json_endpoints():
        status, headers, body = fetch(base + "/api/stories?min_sites=3")
        expect(status == 200 and headers["Content-Type"].startswith("application/json"), f"/api/stories {status}")
        stories = json.loads(body)["stories"]
        expect(len(stories) == 2, f"{len(stories)} stories on 3 sites")
        wire1 = next(s for s in stories if s["language"] == "ar")
        expect(len(wire1["timeline"]) == 3 and wire1["first_publisher"]["site"], "no timeline or first publisher")
        dates = [c["date"] for c in wire1["timeline"]]
        expect(dates == sorted(dates), "the timeline is not in time order")
        status, _, body = fetch(base + f"/api/story/{wire1['id']}")
        story = json.loads(body)
        expect(status == 200 and len(story["copies"]) == 3, "/api/story")
        expect(story["copies"][0]["delay_s"] == 0 and all(c["delay_s"] >= 0 for c in story["copies"]), "delays")
        expect(sorted(c["url"] for c in story["copies"]) == sorted(expected["stories"]["wire-1"]), "copies' URLs")
        expect(any(c.get("changes", {}).get("removed") for c in story["copies"][1:]), "no removed sentence")
        article_id = story["copies"][0]["article_id"]
        status, _, body = fetch(base + f"/api/article/{article_id}")
        article = json.loads(body)
        expect(status == 200 and article["page"]["page_kind"] == "article", f"/api/article page: {article['page']}")
        expect(article["page"]["page_reason"], "no reason given")
        expect(article["page"]["found_via"], "no way the article was found")
        status, _, body = fetch(base + "/api/page?url=" + urllib.parse.quote("http://gamma-times.test/"))
        page = json.loads(body)["page"] if status == 200 else {}
        expect(page.get("page_kind") == "hub" and page.get("found_via") == "seed", f"/api/page: {body}")
        status, _, body = fetch(base + "/api/sources")
        hosts = {h["host"]: h for h in json.loads(body)["hosts"]}
        expect(set(HOSTS) <= set(hosts), f"/api/sources hosts {list(hosts)}")
        expect(all(hosts[h]["articles"] >= 3 for h in HOSTS), "article counts")
        expect(sum(sum(hosts[h]["articles_per_day"]) for h in HOSTS) == 16, "16 articles crawled today")
        status, _, body = fetch(base + "/api/search?q=")
        expect(status == 400 and "error" in json.loads(body), "an empty query is not a 400")
        status, _, body = fetch(base + "/api/story/987654321")
        expect(status == 404 and "error" in json.loads(body), "a missing story is not a 404")
        # Every response, pages, API, assets and errors, carries the headers.
        for path in ["/", "/api/stories", "/style.css", "/nowhere", "/api/story/987654321", f"/article/{article_id}"]:
            status, headers, _ = fetch(base + path)
            csp = headers.get("Content-Security-Policy", "")
            expect(csp.startswith("default-src 'self'"), f"{path}: CSP {csp!r}")
            expect(headers.get("X-Content-Type-Options") == "nosniff", f"{path}: no nosniff")
        request = urllib.request.Request(base + "/", data=b"x", method="POST")
        try:
            urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10)
            raise AssertionError("POST accepted")
        except urllib.error.HTTPError as e:
            expect(e.code == 405, f"POST: {e.code}")

    def hostile_page_check():
        driver.get(base + f"/article/{hostile_id}")
        page_is_inert()
        # The page's own title: the crawled one as text, not changed by its script.
        expect(driver.title != "pwned" and driver.title.startswith("<script>document.title="),
               f"title {driver.title!r}")
        heading = driver.find_element(By.CSS_SELECTOR, "h1.article-title").text
        expect(heading.startswith("<script>document.title='pwned'"), f"heading {heading!r}")
        author = driver.find_element(By.CSS_SELECTOR, ".author").text
        expect(author == HOSTILE_AUTHOR, f"author {author!r}")
        body = driver.find_element(By.CSS_SELECTOR, ".body").text
        expect("<img src=x onerror=\"window.__xss=3\">" in body and "<script>window.__xss=7</script>" in body,
               "the body's markup is not shown as text")
        # The override inside the body cannot reverse what follows it: the
        # next paragraph reads in its own order.
        expect("This sentence carries a right-to-left override and an isolate" in body, "bidi text")
        # The stored URL, with its quote and markup, is a link whose target
        # is exactly that URL (the attribute was not broken out of).
        links = [a.get_attribute("href") for a in find_all("a.url")]
        expect(links and all(urllib.parse.unquote(l) == HOSTILE_URL for l in links), f"source links {links}")
        # The page's javascript: link (and canonical URL, which the extractor
        # refuses) became text, not a link.
        expect("javascript:window.__xss=5" in body, "the javascript: text is missing")
        expect(not find_all("a[href^='javascript' i]"), "a javascript: link")
        # The hostile story and search results are as inert.
        driver.get(base + "/")
        page_is_inert()
        driver.get(base + "/search?q=" + urllib.parse.quote("minister residents"))
        expect(find_all("ol.hits > li.hit"), "the hostile article is not found")
        page_is_inert()
        driver.get(base + "/search?q=" + urllib.parse.quote('"><script>window.__xss=8</script>'))
        page_is_inert()

    def phone_width():
        driver.set_window_size(390, 844)
        try:
            for path in ["/", urllib.parse.urlparse(state["wire1_link"]).path, "/sources", f"/article/{hostile_id}"]:
                driver.get(base + path)
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                expect(overflow <= 1, f"{path}: {overflow} px wider than a phone screen")
        finally:
            driver.set_window_size(1200, 900)

    checks.run("stories list", stories_list)
    checks.run("open a story", open_story)
    checks.run("open an article", open_article)
    checks.run("search in Arabic without diacritics", search_arabic)
    checks.run("sources page", sources_page)
    checks.run("JSON endpoints and headers", json_endpoints)
    checks.run("hostile page: nothing runs, text shows as text", hostile_page_check)
    checks.run("readable on a phone width", phone_width)


if __name__ == "__main__":
    sys.exit(main())
