#!/usr/bin/python3
"""Writes the demo news web: sites/<host>/..., expected.json and the article
table of README.md (between its <!-- articles --> markers).

    /usr/bin/python3 examples/demo-site/generate.py

The output is checked in; run this again after changing the plan below. The
Arabic texts are the seed articles of tests/data/seeds/, the English ones are
in stories_en.py. Deterministic: the same input gives byte-identical files
(the .gz sitemap has a fixed mtime).
"""

import dataclasses
import gzip
import json
import os
import re
import shutil
import sys

import feeds
import stories_en as en
import templates

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "tests", "data", "seeds")
OUT = os.path.join(HERE, "sites")


def seed_lines(prefix):
    name = next(f for f in sorted(os.listdir(SEEDS)) if f.startswith(prefix))
    with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
        return [line.strip() for line in f.read().split("\n")]


def pick(lines, numbers):
    """Lines by 1-based number, as the seed files are numbered."""
    out = [lines[n - 1] for n in numbers]
    assert all(out), numbers
    return out


# What republishers do to Arabic wire copies: add tashkeel to some words and
# write the digits in Arabic-Indic. Both are folded by dedup's normaliser.
TASHKEEL = {
    "قالت": "قالَت", "الخارجية": "الخارجيّة", "غزة": "غزّة", "السلام": "السّلام",
    "الأمريكي": "الأمريكيّ", "القاهرة": "القاهِرة", "الدولية": "الدوليّة", "بلينكن": "بلِينكن",
    "المشتركة": "المشترَكة", "الشرق": "الشّرق",
}
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def add_tashkeel(paragraphs):
    def vocalise(p):
        return re.sub(r"[\u0621-\u064a]+", lambda m: TASHKEEL.get(m.group(0), m.group(0)), p)
    return [vocalise(p) for p in paragraphs]


def indic_digits(paragraphs):
    return [p.translate(INDIC) for p in paragraphs]


@dataclasses.dataclass
class Site:
    host: str
    skin: str
    name: str
    lang: str
    today: str
    nav: list
    ticker: list
    most_read: list
    footer_links: list
    top_links: list = dataclasses.field(default_factory=list)
    feeds: list = dataclasses.field(default_factory=list)  # (href, mime, title) for autodiscovery


@dataclasses.dataclass
class Article:
    id: str
    host: str
    path: str
    lang: str
    story: str | None
    title: str
    author: str
    author_slug: str
    author_bio: str
    published: str  # ISO 8601
    date_text: str
    section: str
    section_href: str
    paragraphs: list
    discovered_by: list  # "links", "sitemap", "feed"
    via: list  # the hub pages, sitemaps and feeds that lead to it
    note: str = ""
    standfirst: str = ""
    credit: str = ""
    canonical: bool = True
    legacy: bool = False  # windows-1256 page of the old archive CMS
    post_id: int = 0
    feed_url_suffix: str = ""  # tracking query the feed adds to the link

    @property
    def url(self):
        return f"http://{self.host}{self.path}"


FOOTER = [("alpha-news.test", "http://alpha-news.test/"), ("beta-daily.test", "http://beta-daily.test/"),
          ("Gamma Times", "http://gamma-times.test/"), ("Delta Post", "http://delta-post.test/")]

SITES = {
    "alpha-news.test": Site(
        "alpha-news.test", "alpha", "ألفا نيوز", "ar", "السبت 21 أكتوبر 2023",
        nav=[("الرئيسية", "/"), ("سياسة", "/politics/"), ("اقتصاد", "/politics/#economy"),
             ("منطقة المشتركين", "/private/subscribers.html")],
        ticker=[("قادة عرب يدعون إلى وقف فوري لإطلاق النار في غزة", "/politics/"),
                ("دخول أولى شاحنات المساعدات عبر معبر رفح", "/politics/")],
        most_read=[("قمة القاهرة للسلام: ماذا قال القادة؟", "/old/cairo-summit-2023")],
        footer_links=FOOTER + [("من نحن", "/about/"), ("سياسة الخصوصية", "/privacy/")],
        top_links=[("English", "/en/"), ("اتصل بنا", "mailto:desk@alpha-news.test")],
        feeds=[("/feed.rss", "application/rss+xml", "ألفا نيوز - آخر الأخبار")]),
    "beta-daily.test": Site(
        "beta-daily.test", "beta", "بيتا اليومية", "ar", "الأحد 22 أكتوبر 2023",
        nav=[("الرئيسية", "/"), ("سياسة", "/politics/"), ("الخليج", "/gulf/"), ("الأرشيف", "/calendar/2024/10/")],
        ticker=[],  # filled from seed 003's ticker below
        most_read=[("قطر تستضيف محادثات جديدة", "/gulf/")],
        footer_links=FOOTER + [("من نحن", "/about/"), ("أعلن معنا", "mailto:ads@beta-daily.test")]),
    "gamma-times.test": Site(
        "gamma-times.test", "gamma", "The Gamma Times", "en", "Thursday 7 March 2024",
        nav=[("Home", "/"), ("World", "/world/"), ("Business", "/business/"), ("Archive", "/calendar/2024/03/")],
        ticker=[("ECB decision", "/world/2024/03/07/ecb-holds-rates-steady.html"), ("Middle East", "/world/")],
        most_read=[("Cairo summit ends without statement", "/world/2023/10/21/cairo-summit-ends-without-statement.html")],
        footer_links=FOOTER + [("About us", "/about/"), ("Privacy", "/privacy/"), ("Atom feed", "/feed.atom")],
        feeds=[("/feed.atom", "application/atom+xml", "The Gamma Times - Latest")]),
    "delta-post.test": Site(
        "delta-post.test", "delta", "The Delta Post", "en", "7 March 2024",
        nav=[("Home", "/"), ("News", "/news/"), ("عربي", "/ar/"), ("Staff", "/private/staff-only.html")],
        ticker=[("Rates on hold", "/news/ecb-keeps-rates-on-hold/"), ("Festival is back", "/p/1234")],
        most_read=[("Harbour Festival returns", "/news/harbour-festival-returns/")],
        footer_links=FOOTER + [("Contact", "mailto:news@delta-post.test"), ("Privacy Policy", "/privacy-policy/")]),
}

s003 = seed_lines("003")
SITES["beta-daily.test"].ticker = [
    (m.group(1), m.group(2), "/gulf/")
    for m in (re.match(r"• (\d\d:\d\d) \. (.*?)\.\.\. المزيد", line) for line in s003[1:17]) if m]

# ------------------------------------------------------------------ articles

s000, s001, s002, s004 = seed_lines("000"), seed_lines("001"), seed_lines("002"), seed_lines("004")
WIRE1 = pick(s000, range(1, 12))
WIRE1_EXTRA = ("وكان أمير قطر قد التقى على هامش القمة عدداً من القادة المشاركين، وبحث معهم سبل إيصال "
               "المساعدات الإنسانية العاجلة إلى سكان القطاع وحماية المدنيين، بحسب ما أفادت به وكالة الأنباء القطرية.")
WIRE3 = [("## " + l if n in (8, 13) else l) for n, l in zip(range(2, 16), pick(s001, range(2, 16)))]
BYLINE_AR = "مراسل الشؤون الخليجية"

ARTICLES = [
    # alpha-news.test ---------------------------------------------------------
    Article("alpha-1", "alpha-news.test", "/news/2023/10/21/cairo-peace-summit-qatar.html", "ar", "wire-1",
            "قطر تؤكد استمرار التنسيق مع واشنطن للإفراج عن الأسرى وخفض التصعيد في غزة",
            "هيئة التحرير", "desk", "أخبار الوكالات يحررها قسم الأخبار العاجلة.",
            "2023-10-21T19:40:00+03:00", "21 أكتوبر 2023", "سياسة", "/politics/",
            add_tashkeel(WIRE1), ["links", "sitemap", "feed"],
            ["/", "/politics/", "/sitemap.xml", "/feed.rss", "/old/cairo-summit-2023 (301)"],
            note="full agency text, tashkeel added"),
    Article("alpha-2", "alpha-news.test", "/news/2024/10/24/blinken-emir-doha-talks.html", "ar", "wire-3",
            pick(s001, [1])[0], "سلمى الحايك", "salma", BYLINE_AR,
            "2024-10-24T16:05:00+03:00", "24 أكتوبر 2024", "سياسة", "/politics/",
            add_tashkeel(WIRE3), ["links", "sitemap"], ["/politics/", "/sitemap.xml"],
            note="full agency text with its subheads, tashkeel added"),
    Article("alpha-3", "alpha-news.test", "/news/2024/06/12/pm-blinken-call-mediation.html", "ar", None,
            pick(s002, [1])[0], "العربية الآن", "alarabiya-now", "خدمة الأخبار.",
            "2024-06-12T11:20:00+03:00", "12 يونيو 2024", "سياسة", "/politics/",
            pick(s002, [8, 10, 12, 14, 16]) + ["!! " + s002[18]] + ["## " + s002[20]]
            + pick(s002, [23, 25, 27, 29, 31]),
            ["feed"], ["/feed.rss"], feed_url_suffix="?utm_source=rss&utm_medium=feed&utm_campaign=latest",
            note="same topic as wire-3, another text; the feed link carries utm_* parameters"),
    Article("alpha-4", "alpha-news.test", "/en/2024/03/07/ecb-keeps-rates-unchanged.html", "en", "wire-2",
            "European Central Bank keeps rates unchanged for fourth meeting in a row",
            "Global Wire", "global-wire", "Agency copy.",
            "2024-03-07T17:30:00+03:00", "7 March 2024", "English", "/en/",
            en.WIRE_ECB[:7] + [en.WIRE_ECB_GULF_PARAGRAPH] + en.WIRE_ECB[7:], ["sitemap"], ["/sitemap.xml"],
            note="English edition; agency text plus one added paragraph"),
    # beta-daily.test ---------------------------------------------------------
    Article("beta-1", "beta-daily.test", "/politics/2023-10-21-qatar-us-coordination-cairo.html", "ar", "wire-1",
            "الدوحة وواشنطن تبحثان خفض التصعيد على هامش قمة القاهرة للسلام",
            "وكالات", "agencies", "", "2023-10-21T21:15:00+03:00", "٢١-١٠-٢٠٢٣", "سياسة", "/politics/",
            indic_digits(WIRE1[:10]), ["links", "sitemap"], ["/", "/politics/", "/sitemap-news.xml"],
            credit="المصدر: وكالات", note="last paragraph dropped, Arabic-Indic digits"),
    Article("beta-2", "beta-daily.test", "/politics/2024-10-24-emir-blinken-ceasefire.html", "ar", "wire-3",
            "بلينكن في الدوحة: بحث مع أمير قطر جهود الوساطة لوقف الحرب على غزة",
            "وكالات", "agencies", "", "2024-10-24T18:00:00+03:00", "٢٤-١٠-٢٠٢٤", "سياسة", "/politics/",
            indic_digits(WIRE3[:-1]), ["sitemap"], ["/sitemap-news.xml"],
            credit="المصدر: وكالات", note="last paragraph dropped, Arabic-Indic digits"),
    Article("beta-3", "beta-daily.test", "/gulf/2023-10-22-doha-hostages-mediation.html", "ar", None,
            s003[18], "وكالات – بيتا اليومية", "agencies", "", "2023-10-22T10:30:00+03:00",
            "22-10-2023", "الخليج", "/gulf/", ["!! " + s003[20]] + [s003[n - 1] for n in range(25, 46, 2)],
            ["links"], ["/gulf/", "/news/4411 (301)"],
            note="same event as wire-1 (seed 003), another text"),
    Article("beta-4", "beta-daily.test", "/archive/2024/10/qatar-hamas-meetings.html", "ar", None,
            s004[2], "المحرر السياسي", "politics", "", "2024-10-24T20:00:00+03:00", "الخميس 24 أكتوبر 2024",
            "الاخبار", "/gulf/", pick(s004, range(7, 26, 2)), ["links", "sitemap"],
            ["/gulf/", "/sitemap-archive.xml.gz"], standfirst=s004[4], legacy=True, canonical=False,
            note="windows-1256, charset only in <meta>; same day and topic as wire-3 (seed 004)"),
    # gamma-times.test --------------------------------------------------------
    Article("gamma-1", "gamma-times.test", "/world/2024/03/07/ecb-holds-rates-steady.html", "en", "wire-2",
            "ECB holds interest rates at record high, signals cuts may come in June",
            "Global Wire", "global-wire", "Agency", "2024-03-07T14:55:00Z", "7 March 2024, 14:55 GMT",
            "World", "/world/", list(en.WIRE_ECB), ["links", "sitemap", "feed"],
            ["/", "/world/", "/business/", "/sitemap.xml", "/feed.atom"],
            standfirst="Lagarde: 'We will know a lot more in June'", note="full agency text"),
    Article("gamma-2", "gamma-times.test", "/business/2024/03/08/ecb-analysis-rate-cut-timing.html", "en", None,
            "Analysis: Why the ECB is in no hurry to cut, even as inflation cools",
            "Hannah Weiss", "hannah-weiss", "Senior economics correspondent", "2024-03-08T06:00:00Z",
            "8 March 2024, 06:00 GMT", "Business", "/business/", list(en.ECB_ANALYSIS), ["feed"],
            ["/feed.atom"], standfirst="Wages, not prices, are what keep Frankfurt cautious",
            note="same topic as wire-2, own analysis"),
    Article("gamma-3", "gamma-times.test", "/world/2023/10/21/cairo-summit-ends-without-statement.html", "en",
            None, "Cairo peace summit ends without joint statement as leaders split over Gaza",
            "Omar Haddad", "omar-haddad", "Middle East correspondent", "2023-10-21T20:10:00Z",
            "21 October 2023, 20:10 GMT", "World", "/world/", list(en.CAIRO_SUMMIT), ["links"],
            ["/", "/world/", "/2023/10/21/cairo-summit/ (301)"],
            standfirst="Arab and Western leaders could not agree on a text", note="same event as wire-1, in English"),
    Article("gamma-4", "gamma-times.test", "/local/2024/03/06/riverside-tram-extension.html", "en", None,
            "Riverside tram extension delayed by two years as costs climb",
            "Priya Nair", "priya-nair", "City hall reporter", "2024-03-06T21:30:00Z", "6 March 2024, 21:30 GMT",
            "Local", "/", list(en.RIVERSIDE_TRAM), ["sitemap"], ["/sitemap.xml"],
            standfirst="Ground conditions along the old canal are worse than surveyed", note="unrelated local news"),
    # delta-post.test ---------------------------------------------------------
    Article("delta-1", "delta-post.test", "/news/ecb-keeps-rates-on-hold/", "en", "wire-2",
            "Eurozone rates stay on hold as Lagarde points to the summer",
            "Global Wire", "global-wire", "Wire copy from our agency partners.", "2024-03-07T16:02:00+00:00",
            "March 7, 2024", "News", "/news/", en.WIRE_ECB[:7] + en.WIRE_ECB[8:], ["links", "sitemap"],
            ["/", "/news/", "/sitemap.xml"], post_id=1187, note="one paragraph dropped"),
    Article("delta-2", "delta-post.test", "/ar/news/cairo-summit-qatar-washington/", "ar", "wire-1",
            "قمة القاهرة للسلام: قطر تواصل التنسيق مع الولايات المتحدة بشأن الأسرى",
            "ديلتا بوست عربي", "arabic-desk", "القسم العربي في ديلتا بوست.", "2023-10-22T08:45:00+00:00",
            "22 أكتوبر 2023", "عربي", "/ar/", add_tashkeel(WIRE1[:3] + [WIRE1_EXTRA] + WIRE1[3:]),
            ["sitemap"], ["/sitemap.xml"], post_id=1022, canonical=False,
            note="Arabic edition; one paragraph added, tashkeel added; no canonical"),
    Article("delta-3", "delta-post.test", "/news/ecb-pause-mortgages-savings/", "en", None,
            "What the ECB's rate pause means for your mortgage and savings",
            "Sam Whitfield", "sam-whitfield", "Sam writes about personal finance.", "2024-03-08T09:15:00+00:00",
            "March 8, 2024", "News", "/news/", list(en.ECB_HOUSEHOLDS), ["links"], ["/", "/news/"],
            post_id=1190, note="same topic as wire-2, consumer angle"),
    Article("delta-4", "delta-post.test", "/news/harbour-festival-returns/", "en", None,
            "Harbour Festival returns to Port Delta after four-year break",
            "Lucy Tran", "lucy-tran", "Lucy covers the town and the bay.", "2024-03-05T12:00:00+00:00",
            "March 5, 2024", "News", "/news/", list(en.HARBOUR_FESTIVAL), ["links"],
            ["/", "/p/1234 (301)"], post_id=1175, canonical=False, note="unrelated local news; no canonical"),
]
BY_ID = {a.id: a for a in ARTICLES}

# ------------------------------------------------------------------ hubs, pages, redirects

# Path -> (heading, [article ids or (title, href, teaser, date)], [(label, href) extra links], feed links?)
HUBS = {
    "alpha-news.test": {
        "/": ("ألفا نيوز: آخر الأخبار", ["alpha-1"],
              [("كل أخبار السياسة", "/politics/"), ("منطقة المشتركين", "/private/subscribers.html")], True),
        "/politics/": ("سياسة", ["alpha-1", "alpha-2"],
                       [("قافلة مساعدات جديدة تدخل غزة", "/news/2023/10/20/gaza-aid-convoy.html")], False),
        "/en/": ("Alpha News in English", [
            ("Qatar keeps coordinating with Washington on hostages (in Arabic)", "/news/2023/10/21/cairo-peace-summit-qatar.html",
             "Our Arabic desk reports from the Cairo peace summit.", "21 October 2023"),
            ("Blinken and the Emir discuss a Gaza ceasefire (in Arabic)", "/news/2024/10/24/blinken-emir-doha-talks.html",
             "The US Secretary of State met the Emir of Qatar in Doha.", "24 October 2024")], [], False),
    },
    "beta-daily.test": {
        "/": ("بيتا اليومية", ["beta-1"],
              [("أخبار الخليج", "/gulf/"), ("أرشيف الأخبار حسب التاريخ", "/calendar/2024/10/")], False),
        "/politics/": ("سياسة", ["beta-1"],
                       [("الدوحة: الوساطة مستمرة للإفراج عن المحتجزين", "/news/4411"),
                        ("مستشفى المعمداني: ما نعرفه حتى الآن", "/politics/2023-10-18-gaza-hospital.html")], False),
        "/gulf/": ("الخليج", ["beta-3", "beta-4"], [], False),
    },
    "gamma-times.test": {
        "/": ("The Gamma Times", ["gamma-1", "gamma-3"],
              [("World", "/world/"), ("Business", "/business/"), ("Archive by date", "/calendar/2024/03/")], True),
        "/world/": ("World", ["gamma-1", "gamma-3"],
                    [("Cairo summit: as it happened", "/2023/10/21/cairo-summit/")], False),
        "/business/": ("Business", ["gamma-1"],
                       [("ECB preview: what to watch on Thursday", "/business/2024/03/05/ecb-preview.html")], False),
    },
    "delta-post.test": {
        "/": ("The Delta Post", ["delta-1", "delta-3", "delta-4"], [("All news", "/news/")], False),
        "/news/": ("News", ["delta-1", "delta-3"],
                   [("Festival programme 2019", "/news/festival-programme-2019/")], False),
        "/ar/": ("ديلتا بوست عربي", [
            ("أسعار الفائدة الأوروبية بلا تغيير (بالإنجليزية)", "/news/ecb-keeps-rates-on-hold/",
             "قرار البنك المركزي الأوروبي كما نشرته النسخة الإنجليزية.", "7 مارس 2024"),
            ("ماذا يعني قرار المركزي الأوروبي للمقترضين؟ (بالإنجليزية)", "/news/ecb-pause-mortgages-savings/",
             "دليل للقراء حول القروض العقارية والادخار.", "8 مارس 2024")], [], False),
    },
}

STATIC = {  # short pages that are neither hubs nor articles
    "alpha-news.test": {"/about/": ("من نحن", "ألفا نيوز موقع إخباري مستقل يغطي أخبار المنطقة والعالم."),
                        "/privacy/": ("سياسة الخصوصية", "نحترم خصوصيتك ولا نشارك بياناتك مع أي طرف ثالث.")},
    "beta-daily.test": {"/about/": ("من نحن", "بيتا اليومية صحيفة يومية تصدر منذ عام 1998."),
                        "/privacy/": ("سياسة الخصوصية", "يستخدم الموقع ملفات الكوكيز لأغراض إحصائية فقط.")},
    "gamma-times.test": {"/about/": ("About us", "The Gamma Times is an international news publisher."),
                         "/privacy/": ("Privacy", "We use cookies to measure our audience.")},
    "delta-post.test": {"/privacy-policy/": ("Privacy Policy", "We collect as little data as we can.")},
}

PRIVATE = {  # robots.txt disallows /private/ on every host; these pages are linked but must never be fetched
    "alpha-news.test": "/private/subscribers.html",
    "beta-daily.test": "/private/pdf-edition.html",
    "gamma-times.test": "/private/embargoed-report.html",
    "delta-post.test": "/private/staff-only.html",
}

REDIRECTS = {  # (from, status, to); each FROM is linked from a page
    "alpha-news.test": ("/old/cairo-summit-2023", 301, "/news/2023/10/21/cairo-peace-summit-qatar.html"),
    "beta-daily.test": ("/news/4411", 301, "/gulf/2023-10-22-doha-hostages-mediation.html"),
    "gamma-times.test": ("/2023/10/21/cairo-summit/", 301, "/world/2023/10/21/cairo-summit-ends-without-statement.html"),
    "delta-post.test": ("/p/1234", 301, "/news/harbour-festival-returns/"),
}

NOT_FOUND = {  # linked from a hub, no such page
    "alpha-news.test": "/news/2023/10/20/gaza-aid-convoy.html",
    "beta-daily.test": "/politics/2023-10-18-gaza-hospital.html",
    "gamma-times.test": "/business/2024/03/05/ecb-preview.html",
    "delta-post.test": "/news/festival-programme-2019/",
}

CALENDAR = {"beta-daily.test": "/calendar/2024/10/", "gamma-times.test": "/calendar/2024/03/"}

ROBOTS = {
    "alpha-news.test": """# robots.txt for alpha-news.test
User-agent: *
Disallow: /private/
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: http://alpha-news.test/sitemap.xml
""",
    "beta-daily.test": """User-agent: *
Disallow: /private/
Disallow: /print/

# AI training crawlers are not welcome
User-agent: GPTBot
User-agent: CCBot
Disallow: /

Sitemap: http://beta-daily.test/sitemap.xml
""",
    "gamma-times.test": """User-agent: *
Disallow: /private/
Disallow: /search
Allow: /

Sitemap: http://gamma-times.test/sitemap.xml
""",
    "delta-post.test": """User-agent: *
Crawl-delay: 1
Disallow: /private/
Disallow: /wp-admin/

Sitemap: http://delta-post.test/sitemap.xml
""",
}
CRAWL_DELAY = {"delta-post.test": 1}


def teaser(art, words=24):
    text = " ".join(p for p in art.paragraphs if not p.startswith(("## ", "!! ")))
    return " ".join(text.split()[:words]) + " …"


def hub_items(host, entries):
    items = []
    for e in entries:
        if isinstance(e, tuple):
            items.append(e)
        else:
            a = BY_ID[e]
            items.append((a.title, a.path, teaser(a), a.date_text))
    return items


def related_links(art):
    """Other link-discoverable articles of the host (never a sitemap- or feed-only one)."""
    return [(a.title, a.path) for a in ARTICLES
            if a.host == art.host and a is not art and "links" in a.discovered_by][:3]


def write(host, path, data):
    rel = path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    full = os.path.join(OUT, host, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(full, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": "\n"})) as f:
        f.write(data)


def simple_page(site, heading, text):
    page, _ = templates.SKINS[site.skin]
    main = f'<section class="static-page"><h1>{templates.esc(heading)}</h1><p>{templates.esc(text)}</p></section>'
    return page(site, heading, main)


def day(a):
    return a.published[:10]


def discovery_documents():
    """host -> {path: text or bytes} for sitemaps and feeds; and the feed/sitemap URLs per host."""
    A = BY_ID
    docs = {
        "alpha-news.test": {
            "/sitemap.xml": feeds.urlset([("http://alpha-news.test/", None), ("http://alpha-news.test/politics/", None)]
                                   + [(A[i].url, day(A[i])) for i in ("alpha-1", "alpha-2", "alpha-4")]),
            "/feed.rss": feeds.rss(SITES["alpha-news.test"], [A["alpha-3"], A["alpha-1"]], lambda a: teaser(a, 40)),
        },
        "beta-daily.test": {
            "/sitemap.xml": feeds.sitemap_index([("http://beta-daily.test/sitemap-news.xml", "2024-10-24"),
                                           ("http://beta-daily.test/sitemap-archive.xml.gz", "2024-10-24")]),
            "/sitemap-news.xml": feeds.urlset(
                [(A[i].url, None) for i in ("beta-2", "beta-1")],
                news={A[i].url: ("بيتا اليومية", "ar", A[i].published, A[i].title) for i in ("beta-1", "beta-2")}),
            "/sitemap-archive.xml.gz": feeds.gzip_bytes(feeds.urlset([("http://beta-daily.test/gulf/", None),
                                                          (A["beta-4"].url, day(A["beta-4"]))])),
        },
        "gamma-times.test": {
            "/sitemap.xml": feeds.urlset([("http://gamma-times.test/", None), ("http://gamma-times.test/world/", None),
                                    ("http://gamma-times.test/business/", None)]
                                   + [(A[i].url, day(A[i])) for i in ("gamma-1", "gamma-4")]
                                   + [("http://gamma-times.test" + PRIVATE["gamma-times.test"], "2024-03-07")]),
            "/feed.atom": feeds.atom(SITES["gamma-times.test"], [A["gamma-2"], A["gamma-1"]], lambda a: teaser(a, 40)),
        },
        "delta-post.test": {
            "/sitemap.xml": feeds.urlset([("http://delta-post.test/", None), ("http://delta-post.test/news/", None)]
                                   + [(A[i].url, day(A[i])) for i in ("delta-1", "delta-2")]),
        },
    }
    return docs


def private_page(site, path):
    return simple_page(site, "Subscribers only" if site.lang == "en" else "للمشتركين فقط",
                       "This page is for subscribers and staff. Crawlers must not fetch it (robots.txt)."
                       if site.lang == "en" else "هذه الصفحة مخصصة للمشتركين. يجب ألا تجلبها برامج الزحف.")


def check_plan():
    """The plan's claims hold: wire copies long enough, discovery lists match the links we write."""
    for a in ARTICLES:
        words = sum(len(p.split()) for p in a.paragraphs)
        assert words >= 250, (a.id, words)
        assert set(a.discovered_by) <= {"links", "sitemap", "feed"}, a.id
    docs = discovery_documents()
    for a in ARTICLES:
        linked = any(a.id in [e for e in hub[1] if isinstance(e, str)] or
                     any(h == a.path for _, h, *_ in [x for x in hub[1] if isinstance(x, tuple)])
                     for hub in HUBS[a.host].values())
        linked = linked or REDIRECTS[a.host][2] == a.path or any(
            h == a.path for s in [SITES[a.host]] for _, h in s.nav + s.most_read + s.footer_links + s.top_links
        ) or any(t[-1] == a.path for t in SITES[a.host].ticker)
        assert linked == ("links" in a.discovered_by), (a.id, "links")
        in_sitemap = any(a.url in (d if isinstance(d, str) else gzip.decompress(d).decode())
                         for p, d in docs[a.host].items() if "sitemap" in p)
        assert in_sitemap == ("sitemap" in a.discovered_by), (a.id, "sitemap")
        in_feed = any(a.url in d for p, d in docs[a.host].items() if p.startswith("/feed"))
        assert in_feed == ("feed" in a.discovered_by), (a.id, "feed")


def main():
    check_plan()
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    docs = discovery_documents()
    for host, site in SITES.items():
        for path, (heading, entries, extra, autodiscovery) in HUBS[host].items():
            write(host, path, templates.render_hub(site, heading, hub_items(host, entries), extra, feed_links=autodiscovery))
        for path, (heading, text) in STATIC[host].items():
            write(host, path, simple_page(site, heading, text))
        write(host, PRIVATE[host], private_page(site, PRIVATE[host]))
        write(host, "/robots.txt", ROBOTS[host])
        for path, data in docs[host].items():
            write(host, path, data)
        frm, status, to = REDIRECTS[host]
        write(host, "/_redirects", f"# FROM STATUS TO (serve.py; never served itself)\n{frm} {status} {to}\n")
        if host in CALENDAR:
            write(host, "/_calendar", "# serve.py: endless /calendar/YYYY/MM/ pages (a crawler trap)\n")
    for a in ARTICLES:
        page = templates.render_article(SITES[a.host], a, related_links(a))
        write(a.host, a.path, page.encode("cp1256") if a.legacy else page)
    write_expected()
    write_readme_table()


def write_expected():
    hosts = list(SITES)
    expected = {
        "comment": "Expected result of crawling the demo web from the four front pages; see README.md.",
        "seeds": [f"http://{h}/" for h in hosts],
        "articles": [{"url": a.url, "host": a.host, "lang": a.lang, "story": a.story, "title": a.title,
                      "published": a.published, "discovered_by": a.discovered_by, "via": a.via,
                      **({"charset": "windows-1256"} if a.legacy else {}),
                      **({"feed_url": a.url + a.feed_url_suffix} if a.feed_url_suffix else {})}
                     for a in ARTICLES],
        "stories": {s: [a.url for a in ARTICLES if a.story == s]
                    for s in sorted({a.story for a in ARTICLES if a.story})},
        "never_fetch": ["/private/"],  # path prefixes, on every host (robots.txt Disallow)
        "never_fetch_urls": [f"http://{h}/private/" for h in hosts],
        "never_fetch_linked": [f"http://{h}{PRIVATE[h]}" for h in hosts],
        "not_found": [f"http://{h}{NOT_FOUND[h]}" for h in hosts],
        "redirects": [{"from": f"http://{h}{REDIRECTS[h][0]}", "status": REDIRECTS[h][1],
                       "to": f"http://{h}{REDIRECTS[h][2]}"} for h in hosts],
        "traps": [{"host": h, "path_prefix": "/calendar/", "entry": f"http://{h}{CALENDAR[h]}"} for h in CALENDAR],
        "crawl_delay": CRAWL_DELAY,
        "hubs": [f"http://{h}{p}" for h in hosts for p in HUBS[h]],
        "other_pages": [f"http://{h}{p}" for h in hosts for p in STATIC[h]],
        "sitemaps": [f"http://{h}{p}" for h in hosts for p in discovery_documents()[h] if "sitemap" in p],
        "feeds": [f"http://{h}{p}" for h in hosts for p in discovery_documents()[h] if p.startswith("/feed")],
    }
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_readme_table():
    rows = ["| article | host | lang | story | discovered by | via | what it is |",
            "|---|---|---|---|---|---|---|"]
    for a in ARTICLES:
        rows.append(f"| `{a.path}` | {a.host} | {a.lang} | {a.story or '—'} | {', '.join(a.discovered_by)} | "
                    f"{', '.join('`' + v + '`' for v in a.via)} | {a.note} |")
    table = "\n".join(rows)
    path = os.path.join(HERE, "README.md")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    new = re.sub(r"(<!-- articles:begin -->\n).*?(<!-- articles:end -->)",
                 lambda m: m.group(1) + table + "\n" + m.group(2), text, flags=re.S)
    if new != text:
        with open(path, "w", encoding="utf-8") as f:
            f.write(new)


if __name__ == "__main__":
    sys.exit(main())
