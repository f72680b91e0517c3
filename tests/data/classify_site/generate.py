#!/usr/bin/python3
"""Writes the classification test web: five made-up news sites whose pages
test what parser/page_kind.h and parser/site_profile.h promise.

    /usr/bin/python3 generate.py --out DIR       # DIR/<host>/... and DIR/expected.json
    /usr/bin/python3 generate.py --golden DIR    # a selection of pages, checked in as golden pages

Served by examples/demo-site/serve.py --root DIR and crawled by the real
binary (tests/crawler/classify_site_test.cpp). Deterministic: a fixed seed,
so the same pages on every run.

What the sites hold (expected.json says what each URL is):
- briefs.test (English, no structured data, "Headline | Briefs Daily"):
  briefs of 40-150 words, agency flashes of two paragraphs, long stories;
  sections with teasers of 30-80 words and paginated archives (/world/page/2/);
  a front page, a tag page, an author page with a long biography, a search
  page, and a "special" listing at a story-like URL.
- legacy.test (Arabic, windows-1256, tables, no <h1>, no JSON-LD or
  OpenGraph, "دار الأخبار :: Headline"): /news/NNNNN.htm stories, short ones
  included; sections at /politics.htm and their second pages /politics2.htm,
  URLs that say nothing about being listings.
- nouvelles.test (French, no <h1>, "Titre – Le Petit Journal du Midi", a
  site name of five words): /breves/NNNNN briefs also listed in an RSS feed,
  /actualite/... stories, tag pages at /mot-cle/..., author pages at /auteur/...
- akhbar.test (Arabic, JSON-LD NewsArticle, <article>, a Google News sitemap,
  "أخبار الخليج » Headline"): briefs of 40-80 words.
- gazette.test (English, <article> and bylines, a plain sitemap,
  "Headline - The Evening Gazette of Northshire"): a listing at a story-like
  URL (/morning-briefing-roundup-today), topic and writer pages.
"""

import argparse
import dataclasses
import html
import json
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import text  # noqa: E402

SEED = 20261128


@dataclasses.dataclass
class Story:
    host: str
    path: str
    lang: str
    type: str  # brief, flash, long
    headline: str
    paragraphs: list
    day: int
    section: str = ""

    @property
    def url(self):
        return f"http://{self.host}{self.path}"

    @property
    def words(self):
        return sum(len(p.split()) for p in self.paragraphs)

    def teaser(self, rng):
        """The first 30 to 80 words of the story, as listings show it."""
        all_words = " ".join(self.paragraphs).split()
        n = min(len(all_words), rng.randint(30, 80))
        return " ".join(all_words[:n]) + ("…" if n < len(all_words) else "")


@dataclasses.dataclass
class Page:
    host: str
    path: str
    kind: str  # article, hub, page
    type: str
    html: str
    title: str = ""  # an article's headline without the site's name
    encoding: str = "utf-8"
    found: str = "link"  # how a crawl of the site finds it first (FoundVia), for the golden pages

    @property
    def url(self):
        return f"http://{self.host}{self.path}"


def esc(s):
    return html.escape(s, quote=True)


def slug(words, rng):
    base = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    return base or f"story-{rng.randint(1000, 9999)}"


def make_stories(rng, host, lang, plan, path_of):
    """plan: list of (type, words, paragraphs); path_of(i, story_headline) -> path."""
    bank = text.BANKS[lang]
    used = set()
    stories = []
    sections = bank["sections"]
    for i, (kind, total, paras) in enumerate(plan):
        h = text.headline(rng, bank, used)
        if kind == "flash":
            city = rng.choice(bank["cities"])
            p1 = f"{city} ({bank['agency']}) — " + text.paragraph(rng, bank, rng.randint(26, 40))
            p2 = text.paragraph(rng, bank, rng.randint(16, 30))
            paragraphs = [p1, p2]
        else:
            paragraphs = text.body(rng, bank, total, paras)
        day = 28 - (i % 20)
        stories.append(Story(host, path_of(i, h), lang, kind, h, paragraphs, day, sections[i % len(sections)][0]))
    return stories


# ---- briefs.test ---------------------------------------------------------------

def briefs_site(rng):
    host, site = "briefs.test", "Briefs Daily"
    bank = text.EN
    plan = ([("brief", w, 1 if w < 90 else 2) for w in (42, 55, 68, 80, 95, 110, 130, 148)] +
            [("flash", 0, 2)] * 4 + [("long", w, 5) for w in (320, 380, 450, 520, 600, 340)])

    def path_of(i, h):
        return f"/2026/11/{28 - (i % 20):02d}/{slug(h, rng)}.html"

    stories = make_stories(rng, host, "en", plan, path_of)
    nav = "".join(f'<li><a href="/{s}/">{esc(n)}</a></li>' for s, n in bank["sections"])

    def shell(title, main, extra_head=""):
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
{extra_head}<link rel="stylesheet" href="/style.css">
</head>
<body>
<header class="site-header"><a class="logo" href="/">{site}</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li>{nav}<li><a href="/about/">About</a></li>
<li><a href="/search/?q=budget">Search</a></li></ul></nav></header>
<main id="content">
{main}
</main>
<footer class="site-footer"><p>&copy; 2026 {site}. All rights reserved.</p>
<ul><li><a href="/about/">About us</a></li><li><a href="/author/jane-doe/">Our writers</a></li>
<li><a href="/tag/transport/">Transport</a></li></ul></footer>
</body>
</html>
"""

    def teasers(items, heading="h2"):
        out = []
        for s in items:
            out.append(f'<div class="item"><{heading}><a href="{s.path}">{esc(s.headline)}</a></{heading}>'
                       f'<p>{esc(s.teaser(rng))}</p><p class="when">{text.date_text("en", bank, s.day, 11)}</p></div>')
        return '<div class="stream">\n' + "\n".join(out) + "\n</div>"

    pages = []
    for s in stories:
        others = [o for o in stories if o is not s][:5]
        related = "".join(f'<li><a href="{o.path}">{esc(o.headline)}</a></li>' for o in others)
        body = "".join(f"<p>{esc(p)}</p>\n" for p in s.paragraphs)
        main = (f'<h1>{esc(s.headline)}</h1>\n<p class="dateline">{text.date_text("en", bank, s.day, 11)}</p>\n'
                f'<div class="story-body">\n{body}</div>\n'
                f'<aside class="more-news"><h3>More news</h3><ul>{related}</ul></aside>')
        pages.append(Page(host, s.path, "article", s.type, shell(f"{s.headline} | {site}", main), s.headline))

    by_section = {}
    for s in stories:
        by_section.setdefault(s.section, []).append(s)
    for sec, name in bank["sections"]:
        items = by_section[sec]
        first, second = items[:5], items[5:]
        main = f'<h1>{esc(name)}</h1>\n' + teasers(first) + \
            f'\n<div class="pager"><a href="/{sec}/page/2/">Older stories</a></div>'
        pages.append(Page(host, f"/{sec}/", "hub", "section", shell(f"{name} | {site}", main)))
        main2 = f'<h1>{esc(name)}: page 2</h1>\n' + teasers(second or items[:2]) + \
            f'\n<div class="pager"><a href="/{sec}/">Newer stories</a></div>'
        pages.append(Page(host, f"/{sec}/page/2/", "hub", "archive", shell(f"{name}, page 2 | {site}", main2)))
    lead = stories[-1]
    main = (f'<h1 class="visually-hidden">{site}</h1>\n<div class="lead"><h2><a href="{lead.path}">{esc(lead.headline)}</a>'
            f'</h2><p>{esc(lead.teaser(rng))}</p></div>\n' + teasers(stories[:9], "h3"))
    pages.append(Page(host, "/", "hub", "front", shell(f"Latest news | {site}", main)))
    main = '<h1>Transport</h1>\n' + teasers(stories[2:8])
    pages.append(Page(host, "/tag/transport/", "hub", "tag", shell(f"Transport | {site}", main)))
    bio = text.body(rng, bank, 330, 4)
    bio[0] = "Jane Doe has covered local government and transport for the paper since 2014. " + bio[0]
    listing = "".join(f'<li><a href="{s.path}">{esc(s.headline)}</a></li>' for s in stories[:6])
    main = ('<h1>Jane Doe</h1>\n<div class="bio">' + "".join(f"<p>{esc(p)}</p>" for p in bio) +
            f'</div>\n<h2>Latest from Jane Doe</h2><ul class="latest">{listing}</ul>')
    pages.append(Page(host, "/author/jane-doe/", "hub", "author", shell(f"Jane Doe | {site}", main)))
    main = '<h1>Results for "budget"</h1>\n' + teasers(stories[4:12])
    pages.append(Page(host, "/search/?q=budget", "hub", "search", shell(f"Search | {site}", main)))
    main = '<h1>The railway expansion: full coverage</h1>\n' + teasers(stories[:12])
    pages.append(Page(host, "/specials/railway-expansion-full-coverage", "hub", "special",
                      shell(f"The railway expansion: full coverage | {site}", main)))
    about = text.paragraph(rng, bank, 70)
    pages.append(Page(host, "/about/", "page", "about",
                      shell(f"About us | {site}", f"<h1>About us</h1><p>{esc(about)}</p>")))
    # The special coverage page is linked from the front page only.
    front = next(p for p in pages if p.type == "front")
    front.html = front.html.replace('<div class="stream">',
                                    '<p class="promo"><a href="/specials/railway-expansion-full-coverage">'
                                    'Special coverage</a></p>\n<div class="stream">', 1)
    return pages, stories


# ---- legacy.test -------------------------------------------------------------------

def legacy_site(rng):
    host, site = "legacy.test", "دار الأخبار"
    bank = text.AR
    plan = ([("brief", w, 1 if w < 100 else 2) for w in (60, 72, 88, 99, 112, 126, 138, 145)] +
            [("flash", 0, 2)] * 3 + [("long", w, 4) for w in (260, 320, 380, 450, 300)])

    def path_of(i, h):
        return f"/news/{11100 + i * 7}.htm"

    stories = make_stories(rng, host, "ar", plan, path_of)
    sections = [("politics", "سياسة"), ("economy", "اقتصاد"), ("local", "محليات")]

    def shell(title, main, sidebar):
        return f"""<html dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>{esc(title)}</title>
</head>
<body bgcolor="#ffffff" topmargin="0">
<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td colspan="2" bgcolor="#003366"><img src="/images/logo.gif" alt="{site}">
<a href="/"><font color="#ffffff">الرئيسية</font></a> |
{" | ".join(f'<a href="/{s}.htm"><font color="#ffffff">{n}</font></a>' for s, n in sections)}</td></tr>
<tr>
<td width="200" valign="top" bgcolor="#eeeeee"><font size="2"><b>آخر الأخبار</b><br>
{sidebar}
</font></td>
<td width="580" valign="top">
{main}
</td>
</tr>
<tr><td colspan="2" align="center"><font size="1">جميع الحقوق محفوظة © دار الأخبار 2026</font></td></tr>
</table>
</body>
</html>
"""

    def sidebar(exclude=None):
        return "<br>\n".join(f'<a href="{s.path}">{esc(s.headline)}</a>' for s in stories[:8] if s is not exclude)

    def listing(items):
        rows = []
        for s in items:
            rows.append(f'<tr><td><a href="{s.path}"><b>{esc(s.headline)}</b></a><br>\n{esc(s.teaser(rng))}<br>\n'
                        f'<font size="1" color="#999999">{text.date_text("ar", bank, s.day, 11)}</font></td></tr>')
        return '<table width="100%" cellpadding="4">\n' + "\n".join(rows) + "\n</table>"

    pages = []
    for s in stories:
        body = "<br><br>\n".join(esc(p) for p in s.paragraphs)
        main = (f'<font size="4" color="#003366"><b>{esc(s.headline)}</b></font><br>\n'
                f'<font size="2" color="#999999">{text.date_text("ar", bank, s.day, 11)}</font><br><br>\n'
                f'<font size="3">{body}</font>')
        pages.append(Page(host, s.path, "article", s.type, shell(f"{site} :: {s.headline}", main, sidebar(s)),
                          s.headline, "cp1256"))
    by_section = {}
    for i, s in enumerate(stories):
        by_section.setdefault(sections[i % 3][0], []).append(s)
    for sec, name in sections:
        items = by_section[sec]
        main = (f'<font size="4"><b>{name}</b></font><br>\n' + listing(items[:4]) +
                f'<br><a href="/{sec}2.htm">المزيد من الأخبار</a>')
        pages.append(Page(host, f"/{sec}.htm", "hub", "section", shell(f"{site} :: {name}", main, sidebar()),
                          "", "cp1256"))
        main = (f'<font size="4"><b>{name} - صفحة 2</b></font><br>\n' + listing(items[4:] or items[:2]) +
                f'<br><a href="/{sec}.htm">الصفحة السابقة</a>')
        pages.append(Page(host, f"/{sec}2.htm", "hub", "archive", shell(f"{site} :: {name}", main, sidebar()),
                          "", "cp1256"))
    main = '<font size="4"><b>أهم الأخبار</b></font><br>\n' + listing(stories[8:14])
    pages.append(Page(host, "/", "hub", "front", shell(f"{site} :: الصفحة الرئيسية", main, sidebar()), "", "cp1256"))
    return pages, stories


# ---- nouvelles.test --------------------------------------------------------------------

def nouvelles_site(rng):
    host, site = "nouvelles.test", "Le Petit Journal du Midi"
    bank = text.FR
    plan = ([("brief", w, 1) for w in (45, 58, 74, 90, 120, 140)] + [("flash", 0, 2)] * 3 +
            [("long", w, 5) for w in (300, 360, 420, 480, 330)])

    def path_of(i, h):
        if i < 9:
            return f"/breves/{40210 + i}"
        return f"/actualite/{slug(h, rng)}-{7700 + i}.html"

    stories = make_stories(rng, host, "fr", plan, path_of)

    def shell(title, main, head=""):
        return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<link rel="alternate" type="application/rss+xml" title="Brèves" href="/rss.xml">
{head}</head>
<body>
<div id="bandeau"><a href="/">{site}</a></div>
<div id="menu"><a href="/">Accueil</a> {" ".join(f'<a href="/{s}/">{esc(n)}</a>' for s, n in bank["sections"])}
<a href="/mot-cle/energie/">Énergie</a></div>
<div id="page">
{main}
</div>
<div id="pied">Le Petit Journal du Midi &middot; <a href="/auteur/marie-dupont/">Marie Dupont</a> &middot;
<a href="/mentions-legales/">Mentions légales</a></div>
</body>
</html>
"""

    def liste(items):
        out = []
        for s in items:
            out.append(f'<li><a class="titre-lien" href="{s.path}">{esc(s.headline)}</a>'
                       f'<p class="chapo">{esc(s.teaser(rng))}</p></li>')
        return '<ul class="liste">\n' + "\n".join(out) + "\n</ul>"

    pages = []
    for s in stories:
        body = "".join(f"<p>{esc(p)}</p>\n" for p in s.paragraphs)
        main = (f'<div class="titre">{esc(s.headline)}</div>\n<div class="date">Publié le '
                f'{text.date_text("fr", bank, s.day, 11)}</div>\n<div class="texte">\n{body}</div>\n'
                f'<div class="voir-aussi">Voir aussi : <a href="{stories[(stories.index(s) + 1) % len(stories)].path}">'
                f'{esc(stories[(stories.index(s) + 1) % len(stories)].headline)}</a></div>')
        pages.append(Page(host, s.path, "article", s.type, shell(f"{s.headline} – {site}", main), s.headline))
    by_section = {}
    for i, s in enumerate(stories):
        by_section.setdefault(bank["sections"][i % 3][0], []).append(s)
    for sec, name in bank["sections"]:
        main = f'<h2>{esc(name)}</h2>\n' + liste(by_section[sec])
        pages.append(Page(host, f"/{sec}/", "hub", "section", shell(f"{name} – {site}", main)))
    main = '<h2>À la une</h2>\n' + liste(stories[:8])
    pages.append(Page(host, "/", "hub", "front", shell(f"Accueil – {site}", main)))
    main = '<h2>Mot-clé : énergie</h2>\n' + liste(stories[3:10])
    pages.append(Page(host, "/mot-cle/energie/", "hub", "tag", shell(f"Énergie – {site}", main)))
    bio = text.body(rng, bank, 310, 4)
    main = ('<h2>Marie Dupont</h2>\n<div class="bio">' + "".join(f"<p>{esc(p)}</p>" for p in bio) + "</div>\n" +
            '<h3>Ses derniers articles</h3>' + "".join(f'<p><a href="{s.path}">{esc(s.headline)}</a></p>'
                                                       for s in stories[9:]))
    pages.append(Page(host, "/auteur/marie-dupont/", "hub", "author", shell(f"Marie Dupont – {site}", main)))
    legal = text.paragraph(rng, bank, 60)
    pages.append(Page(host, "/mentions-legales/", "page", "about",
                      shell(f"Mentions légales – {site}", f"<h2>Mentions légales</h2><p>{esc(legal)}</p>")))
    items = "".join(f"<item><title>{esc(s.headline)}</title><link>{s.url}</link>"
                    f"<pubDate>{s.day:02d} Nov 2026 08:00:00 GMT</pubDate></item>\n" for s in stories[:9])
    rss = (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{site}</title>'
           f'<link>http://{host}/</link><description>Brèves</description>\n{items}</channel></rss>\n')
    return pages, stories, {"rss.xml": rss}


# ---- akhbar.test -------------------------------------------------------------------------

def akhbar_site(rng):
    host, site = "akhbar.test", "أخبار الخليج"
    bank = text.AR
    plan = ([("brief", w, 1) for w in (41, 48, 55, 63, 72, 80)] + [("flash", 0, 2)] * 2 +
            [("long", w, 4) for w in (280, 350, 420, 310)])

    def path_of(i, h):
        return f"/ar/news/2026/11/{28 - (i % 20):02d}/{880400 + i}"

    stories = make_stories(rng, host, "ar", plan, path_of)
    sections = [("politics", "سياسة"), ("economy", "اقتصاد"), ("local", "محليات")]

    def shell(title, main, head=""):
        return f"""<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
{head}</head>
<body>
<header><a href="/" class="logo">{site}</a>
<nav><ul>{"".join(f'<li><a href="/ar/{s}/">{n}</a></li>' for s, n in sections)}</ul></nav></header>
<main>
{main}
</main>
<footer><p>جميع الحقوق محفوظة لـ {site} 2026</p></footer>
</body>
</html>
"""

    def cards(items):
        return "\n".join(f'<article class="card"><h3><a href="{s.path}">{esc(s.headline)}</a></h3>'
                         f'<p>{esc(s.teaser(rng))}</p></article>' for s in items)

    pages = []
    for s in stories:
        ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                         "datePublished": f"2026-11-{s.day:02d}T09:00:00+03:00",
                         "publisher": {"@type": "Organization", "name": site}}, ensure_ascii=False)
        head = (f'<meta property="og:type" content="article">\n'
                f'<script type="application/ld+json">{ld}</script>\n')
        body = "".join(f"<p>{esc(p)}</p>\n" for p in s.paragraphs)
        main = (f'<article class="story"><h1>{esc(s.headline)}</h1>\n'
                f'<time datetime="2026-11-{s.day:02d}T09:00:00+03:00">{text.date_text("ar", bank, s.day, 11)}</time>\n'
                f'<div class="story-text">\n{body}</div></article>\n'
                f'<aside class="related"><h2>اقرأ أيضا</h2>{cards(stories[:3])}</aside>')
        pages.append(Page(host, s.path, "article", s.type, shell(f"{site} » {s.headline}", main, head), s.headline))
    for i, (sec, name) in enumerate(sections):
        items = [s for j, s in enumerate(stories) if j % 3 == i]
        pages.append(Page(host, f"/ar/{sec}/", "hub", "section",
                          shell(f"{site} » {name}", f"<h1>{name}</h1>\n{cards(items)}")))
    pages.append(Page(host, "/", "hub", "front", shell(f"{site} » الرئيسية", "<h1>آخر الأخبار</h1>\n" + cards(stories[:8]) +
                                                        '\n<a href="/ar/latest?page=2">المزيد</a>')))
    pages.append(Page(host, "/ar/latest?page=2", "hub", "archive",
                      shell(f"{site} » الأرشيف", "<h1>الأرشيف</h1>\n" + cards(stories[6:]))))
    urls = "".join(f"<url><loc>{s.url}</loc><news:news><news:publication><news:name>{site}</news:name>"
                   f"<news:language>ar</news:language></news:publication>"
                   f"<news:publication_date>2026-11-{s.day:02d}T09:00:00+03:00</news:publication_date>"
                   f"<news:title>{esc(s.headline)}</news:title></news:news></url>\n" for s in stories)
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
               'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + urls + "</urlset>\n")
    robots = "User-agent: *\nAllow: /\nSitemap: http://akhbar.test/news-sitemap.xml\n"
    return pages, stories, {"news-sitemap.xml": sitemap, "robots.txt": robots}


# ---- gazette.test --------------------------------------------------------------------------

def gazette_site(rng):
    host, site = "gazette.test", "The Evening Gazette of Northshire"
    bank = text.EN
    plan = ([("brief", w, 1) for w in (44, 62, 85, 105, 135)] + [("flash", 0, 2)] * 2 +
            [("long", w, 5) for w in (310, 400, 470, 540, 360)])

    def path_of(i, h):
        return f"/news/{slug(h, rng)}"

    stories = make_stories(rng, host, "en", plan, path_of)
    writers = ["Tom Baker", "Ann Lee"]

    def shell(title, main):
        return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
</head>
<body>
<div class="masthead"><a href="/">{site}</a></div>
<ul class="menu"><li><a href="/news/">News</a></li><li><a href="/topics/rail/">Rail</a></li>
<li><a href="/morning-briefing-roundup-today">Morning briefing</a></li></ul>
<div class="content">
{main}
</div>
<div class="footer">{site} &middot; <a href="/writers/tom-baker/">Tom Baker</a></div>
</body>
</html>
"""

    def river(items):
        return '<section class="river">\n' + "\n".join(
            f'<div class="teaser"><a class="headline" href="{s.path}">{esc(s.headline)}</a>'
            f'<div class="standfirst">{esc(s.teaser(rng))}</div></div>' for s in items) + "\n</section>"

    pages = []
    for i, s in enumerate(stories):
        body = "".join(f"<p>{esc(p)}</p>\n" for p in s.paragraphs)
        main = (f'<article><h1>{esc(s.headline)}</h1>\n<p class="byline">By <a rel="author" '
                f'href="/writers/tom-baker/">{writers[i % 2]}</a>, {text.date_text("en", bank, s.day, 11)}</p>\n'
                f'{body}</article>')
        pages.append(Page(host, s.path, "article", s.type, shell(f"{s.headline} - {site}", main), s.headline))
    pages.append(Page(host, "/", "hub", "front", shell(site, "<h2>Top stories</h2>\n" + river(stories[:7]))))
    pages.append(Page(host, "/news/", "hub", "section", shell(f"News - {site}", "<h1>News</h1>\n" + river(stories))))
    pages.append(Page(host, "/topics/rail/", "hub", "tag", shell(f"Rail - {site}", "<h1>Rail</h1>\n" + river(stories[2:9]))))
    bio = text.body(rng, bank, 300, 3)
    main = ("<h1>Tom Baker</h1>\n" + "".join(f"<p>{esc(p)}</p>" for p in bio) + "\n<h2>Articles</h2>" +
            "".join(f'<p><a href="{s.path}">{esc(s.headline)}</a></p>' for s in stories[::2]))
    pages.append(Page(host, "/writers/tom-baker/", "hub", "author", shell(f"Tom Baker - {site}", main)))
    main = "<h1>Morning briefing: the roundup</h1>\n" + river(stories[:10])
    pages.append(Page(host, "/morning-briefing-roundup-today", "hub", "special",
                      shell(f"Morning briefing: the roundup - {site}", main)))
    urls = "".join(f"<url><loc>{p.url}</loc></url>\n" for p in pages)
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
               + urls + "</urlset>\n")
    return pages, stories, {"sitemap.xml": sitemap}


# ---- output ---------------------------------------------------------------------------------

def build():
    rng = random.Random(SEED)
    pages, extra_files = [], []
    p, _ = briefs_site(rng)
    pages += p
    p, _ = legacy_site(rng)
    pages += p
    for maker in (nouvelles_site, akhbar_site, gazette_site):
        p, _, files = maker(rng)
        pages += p
        host = p[0].host
        extra_files += [(host, name, content) for name, content in files.items()]
    return pages, extra_files


def file_path(root, page):
    """Where serve.py finds the page: directories get index.html; the query is
    not part of the file (serve.py ignores it)."""
    path = page.path.split("?", 1)[0]
    if path.endswith("/"):
        path += "index.html"
    return os.path.join(root, page.host, *[s for s in path.split("/") if s])


def write_site(out):
    pages, extra = build()
    if os.path.isdir(out):
        shutil.rmtree(out)
    for page in pages:
        target = file_path(out, page)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        # A page whose URL has no extension (/breves/N, /news/slug) is a file
        # without one: serve.py sends it as application/octet-stream, which
        # the crawler sniffs as HTML, as it must for servers that do so.
        with open(target, "wb") as f:
            f.write(page.html.encode(page.encoding))
    for host, name, content in extra:
        with open(os.path.join(out, host, name), "w", encoding="utf-8") as f:
            f.write(content)
    expected = {
        "comment": "What each URL of the classification test web is; tests/data/classify_site/generate.py.",
        "seeds": sorted({f"http://{p.host}/" for p in pages}),
        "pages": [{"url": p.url, "host": p.host, "kind": p.kind, "type": p.type, "title": p.title}
                  for p in pages],
    }
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return pages


GOLDEN_PER_HOST = 4  # stories of each site (and three listings): enough to learn a site's title affix


def write_golden(out):
    """A few pages of each site, checked in: articles of every type, and hubs."""
    pages, _ = build()
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        if name.endswith((".html", ".json")):
            os.remove(os.path.join(out, name))
    chosen = []
    for host in sorted({p.host for p in pages}):
        mine = [p for p in pages if p.host == host]
        articles = [p for p in mine if p.kind == "article"]
        by_type = {}
        for p in articles:
            by_type.setdefault(p.type, []).append(p)
        pick = [by_type[t][0] for t in ("brief", "flash", "long") if t in by_type]
        pick += [p for p in articles if p not in pick][:GOLDEN_PER_HOST - len(pick)]
        # Listings that a length or a story-like URL could pass for stories first.
        order = ["special", "author", "tag", "search", "section", "archive", "front"]
        hubs = sorted([p for p in mine if p.kind == "hub"], key=lambda p: order.index(p.type))
        pick += hubs[:3]
        chosen += pick
    # How a crawl finds each page (tests/crawler/classify_site_test.cpp
    # checks the crawl): the site's news sitemap, feed or plain sitemap;
    # else a teaser on a listing for stories, a link for the rest.
    found_by_host = {"akhbar.test": "news_sitemap", "gazette.test": "sitemap"}
    manifest = []
    for i, p in enumerate(chosen):
        if p.kind == "article":
            p.found = found_by_host.get(p.host, "teaser")
            if p.host == "nouvelles.test":
                p.found = "feed" if "/breves/" in p.path else "link"
        name = f"{i:02d}_{p.host.split('.')[0]}_{p.type}.html"
        with open(os.path.join(out, name), "wb") as f:
            f.write(p.html.encode(p.encoding))
        manifest.append({"file": name, "url": p.url, "kind": p.kind, "type": p.type, "title": p.title,
                         "found": p.found})
    with open(os.path.join(out, "golden.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="write the sites and expected.json here (replaced)")
    ap.add_argument("--golden", help="write the golden pages and golden.json here")
    args = ap.parse_args()
    if not args.out and not args.golden:
        ap.error("--out or --golden")
    if args.out:
        write_site(args.out)
    if args.golden:
        write_golden(args.golden)


if __name__ == "__main__":
    main()
