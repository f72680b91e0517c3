#!/usr/bin/python3
"""Generates the crawl-bench news site: static files for nginx.

    gen_site.py OUTDIR [--articles 5000] [--per-page 50] [--seed 1] [--page-kb 0]

Writes OUTDIR/ with:
- /index.html: the front page, the latest 50 articles and the sections;
- /<section>/ and /<section>/page/N/: hub pages listing 50 articles each, with
  pagination (previous, next and every page number), 5 sections;
- /news/YYYY/MM/DD/<slug>-<id>.html (6-digit ids): the articles, ~400-word bodies inside
  the usual furniture (navigation, ticker, share bar, related links, author
  badge, comment form, newsletter box, cookie banner, footer), JSON-LD and
  OpenGraph metadata; every 10th article is an agency copy of an earlier one
  (new headline, one paragraph rewritten) so that dedup has stories to form;
- /robots.txt (Allow all, Sitemap line) and /sitemap.xml (every article).

Pages are ~6 KB. With --page-kb N (N > 6) every HTML page is padded to ~N KB
with the furniture that makes real news pages mostly markup, while an
article's text stays ~400 words: inline critical CSS and an inline
JavaScript state object in the head, an inline SVG icon sprite, a mega menu
(every section with its hub pages), and footer link lists ("Most read",
"Trending", "Opinion": links to other articles of the site, with titles,
images and dates), the CSS rules filling the rest. Every added link points to
a page of the site, so the page count and the link graph's reach are the same
as without padding (pages carry more links, as real ones do).

Every page is reachable by links from the front page. Deterministic for a
seed. Stdlib only; the words come from a fixed vocabulary, so two articles
share no 5-word run by chance.
"""

import argparse
import datetime
import html
import json
import os
import random

HOST = "bench-site.test"
SECTIONS = ["world", "politics", "business", "science", "sport"]
VOCAB = """
government minister officials said on the week after talks with leaders of the region about new plans for
economy growth inflation prices rates bank central market investors shares bonds dollar euro trade exports
imports industry workers wages unions strike companies profits losses budget deficit debt tax spending
parliament vote election party opposition coalition president prime ministry council committee report
police court judge trial case law rights protest security army forces border ceasefire talks agreement
peace aid humanitarian refugees hospital health doctors patients vaccine study researchers university
scientists climate energy oil gas power solar wind emissions weather storm flood drought farmers harvest
city town village residents local mayor transport railway airport flights roads housing rents schools
teachers students children families women men people country nation capital province district area
football team match season coach players goal league cup final club fans stadium record win defeat draw
technology internet phone software data company startup chips computers online platform users service
said told reporters statement spokesman according sources added expected announced confirmed warned
called urged agreed rejected denied planned proposed promised reported estimated described noted
morning evening night monday tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december year month day hour minute today yesterday
first second third last next previous several many few most some every each other another same
big small large high low long short early late new old young major minor key main important recent
fast slow strong weak hard easy clear open closed public private national international regional global
increase decrease rise fall grow shrink improve worsen continue start stop begin end remain become
because although while since until unless before during between against without within across through
""".split()
FIRST = ["Amira", "Daniel", "Leila", "Tomas", "Sara", "Yusuf", "Elena", "Karim", "Hannah", "Omar"]
LAST = ["Haddad", "Novak", "Rahman", "Fischer", "Costa", "Nasser", "Weiss", "Okafor", "Lind", "Saleh"]


def sentence(rng, lo=9, hi=22):
    words = [rng.choice(VOCAB) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


def paragraph(rng, sentences=(2, 4)):
    return " ".join(sentence(rng) for _ in range(rng.randint(*sentences)))


def body(rng, words=400):
    paras = []
    while sum(len(p.split()) for p in paras) < words:
        paras.append(paragraph(rng))
    return paras


def esc(s):
    return html.escape(s, quote=True)


def page(title, main, *, head_extra="", sections_nav=True):
    nav = "".join(f'<li><a href="/{s}/">{s.capitalize()}</a></li>' for s in SECTIONS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)} | Bench Daily</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{head_extra}
<link rel="stylesheet" href="/static/site.css"></head>
<body><header class="site-header"><a class="logo" href="/">Bench Daily</a>
<nav class="main-nav"><ul><li><a href="/">Home</a></li>{nav if sections_nav else ''}</ul></nav>
<div class="ticker"><span>Breaking</span><ul><li>Markets close higher as investors weigh rate outlook</li><li>Storm warning for the coast tonight</li></ul></div></header>
<main class="container">
{main}
</main>
<aside class="sidebar"><div class="widget"><h3>Newsletter</h3><form><input type="email" placeholder="Your email"><button>Subscribe</button></form></div></aside>
<footer class="site-footer"><ul><li>About us</li><li>Contact</li><li>Privacy policy</li></ul><p>&copy; 2024 Bench Daily</p></footer>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
</body></html>
"""


def article_page(a, related):
    ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
          f'"headline":"{esc(a["title"])}","datePublished":"{a["date"].isoformat()}",'
          f'"author":{{"@type":"Person","name":"{a["author"]}"}}}}</script>')
    head = (f'\n<link rel="canonical" href="http://{HOST}{a["path"]}">'
            f'\n<meta property="og:type" content="article"><meta property="og:title" content="{esc(a["title"])}">'
            f"\n{ld}")
    paras = "\n".join(f"<p>{esc(p)}</p>" for p in a["paragraphs"])
    rel = "".join(f'<li><a href="{r["path"]}">{esc(r["title"])}</a></li>' for r in related)
    main = f"""<article class="post">
<div class="breadcrumb"><a href="/">Home</a> / <a href="/{a['section']}/">{a['section'].capitalize()}</a></div>
<h1 class="entry-title">{esc(a['title'])}</h1>
<div class="byline"><img class="avatar" src="/static/a.png" alt=""><span class="author">By {a['author']}</span>
<time datetime="{a['date'].isoformat()}">{a['date']:%d %B %Y}</time></div>
<div class="share-bar"><a href="#">Facebook</a><a href="#">X</a><a href="#">WhatsApp</a><a href="#">Email</a></div>
<div class="entry-content">
{paras}
</div>
<div class="tags"><a href="/{a['section']}/">{a['section']}</a></div>
</article>
<section class="related"><h3>Read also</h3><ul>{rel}</ul></section>
<section class="comments"><h3>Leave a comment</h3><form><textarea></textarea><input name="name"><button>Post</button></form></section>"""
    return page(a["title"], main, head_extra=head)


def hub_page(title, items, pager):
    cards = "\n".join(f'<div class="card"><h2><a href="{a["path"]}">{esc(a["title"])}</a></h2>'
                      f'<p>{esc(" ".join(a["paragraphs"][0].split()[:25]))} …</p>'
                      f'<time>{a["date"]:%d %B %Y}</time></div>' for a in items)
    return page(title, f'<h1>{esc(title)}</h1>\n{cards}\n<nav class="pagination">{pager}</nav>')


def pager_html(section, page_no, pages):
    def href(n):
        return f"/{section}/" if n == 1 else f"/{section}/page/{n}/"
    parts = []
    if page_no > 1:
        parts.append(f'<a rel="prev" href="{href(page_no - 1)}">&laquo; Newer</a>')
    parts += [f'<a href="{href(n)}">{n}</a>' if n != page_no else f"<span>{n}</span>" for n in range(1, pages + 1)]
    if page_no < pages:
        parts.append(f'<a rel="next" href="{href(page_no + 1)}">Older &raquo;</a>')
    return " ".join(parts)


CSS_PROPS = ["margin", "padding", "color", "background", "border", "font-size", "line-height", "display",
             "grid-template-columns", "box-shadow", "transition", "letter-spacing"]


def css_rule(i):
    props = ";".join(f"{CSS_PROPS[(i + k) % len(CSS_PROPS)]}:{(i * 7 + k * 3) % 40}px" for k in range(4))
    return f".c-{i:04d} .el-{i % 17}>a:hover{{{props}}}\n"


def svg_sprite():
    icons = []
    for name in ["facebook", "x", "whatsapp", "email", "search", "menu", "close", "play", "clock", "comment"]:
        d = " ".join(f"M{(i * 13) % 24} {(i * 7) % 24}l{(i * 5) % 9}.5-{(i * 3) % 7}.25" for i in range(12))
        icons.append(f'<symbol id="icon-{name}" viewBox="0 0 24 24"><path d="{d}z"/></symbol>')
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{"".join(icons)}</svg>'


def mega_menu(hub_paths):
    cols = []
    for section in SECTIONS:
        links = "".join(f'<li class="mega-menu__item"><a class="mega-menu__link" href="{p}">'
                        f'{section.capitalize()} archive, page {n}</a></li>'
                        for n, p in enumerate(hub_paths.get(section, [])[:20], 1))
        cols.append(f'<div class="mega-menu__col"><h4><a href="/{section}/">{section.capitalize()}</a></h4>'
                    f'<ul class="mega-menu__list">{links}</ul></div>')
    return f'<nav class="mega-menu" aria-label="All sections">{"".join(cols)}</nav>'


def footer_lists(n, articles):
    lists = []
    for k, label in enumerate(["Most read", "Trending", "Opinion"]):
        items = []
        for j in range(20):
            a = articles[(n * 7 + k * 1009 + j * 131) % len(articles)]
            items.append(f'<li class="teaser teaser--small"><a class="teaser__link" href="{a["path"]}">'
                         f'<img class="teaser__img" src="/static/thumb-{a["n"] % 97}.jpg" alt="" loading="lazy" '
                         f'width="120" height="80"><span class="teaser__title">{esc(a["title"])}</span></a>'
                         f'<time class="teaser__date">{a["date"]:%d %b %Y}</time></li>')
        lists.append(f'<section class="footer-list footer-list--{k}"><h3>{label}</h3><ul>{"".join(items)}</ul></section>')
    return f'<div class="footer-lists">{"".join(lists)}</div>'


def state_script(n, articles):
    recs = [{"id": 100000 + a["n"], "url": a["path"], "section": a["section"], "ad_slot": f"div-gpt-ad-{i}",
             "targeting": {"pos": i, "kw": a["section"], "test": "b"}}
            for i, a in enumerate(articles[(n * 13 + j * 211) % len(articles)] for j in range(24))]
    state = {"page": {"id": n, "lang": "en", "consent": {"tcf": True, "vendors": list(range(1, 60))}},
             "ads": {"network": "/1234/bench", "lazy": True, "refresh": 30}, "recommendations": recs}
    return ("<script>window.__BENCH_STATE__=" + json.dumps(state, separators=(",", ":")) +
            ";(function(w,d){var q=w.q||[];function t(e){q.push([e,Date.now()])}"
            "d.addEventListener('scroll',function(){t('scroll')},{passive:true});w.q=q})(window,document);</script>")


def pad_page(text, n, articles, hub_paths, target):
    """Adds the furniture of a real news page until text is ~target bytes."""
    if target <= len(text.encode("utf-8")):
        return text
    body_top = svg_sprite() + mega_menu(hub_paths)
    body_end = footer_lists(n, articles)
    script = state_script(n, articles)
    fixed = len((body_top + body_end + script + "<style></style>").encode("utf-8")) + len(text.encode("utf-8"))
    rules, size, i = [], fixed, 0
    while size < target:
        r = css_rule(i)
        rules.append(r)
        size += len(r)
        i += 1
    head = f"<style>{''.join(rules)}</style>{script}"
    text = text.replace("</head>", head + "</head>", 1)
    text = text.replace("<body>", "<body>" + body_top, 1)
    return text.replace("</body>", body_end + "</body>", 1)


def write(out, path, text):
    rel = path.lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    full = os.path.join(out, rel)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--per-page", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--page-kb", type=float, default=0,
                    help="pad every HTML page to ~this many KB with page furniture (0: no padding, ~6 KB)")
    args = ap.parse_args()
    target = int(args.page_kb * 1024)
    rng = random.Random(args.seed)

    start = datetime.datetime(2024, 1, 1, 6, 0, tzinfo=datetime.timezone.utc)
    articles = []
    for n in range(args.articles):
        date = start + datetime.timedelta(minutes=17 * n)
        section = SECTIONS[n % len(SECTIONS)]
        if n % 10 == 9 and n >= 10:  # an agency copy of an earlier article
            src = articles[n - 7]
            paras = list(src["paragraphs"])
            paras[rng.randrange(len(paras))] = paragraph(rng)
        else:
            paras = body(rng)
        title = sentence(rng, 6, 11).rstrip(".")
        slug = "-".join(title.lower().split()[:6])
        articles.append({"n": n, "section": section, "date": date, "title": title, "paragraphs": paras,
                         "author": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                         "path": f"/news/{date:%Y/%m/%d}/{slug}-{100000 + n}.html"})
    newest = list(reversed(articles))
    hub_paths = {}
    for section in SECTIONS:
        pages = (len([a for a in articles if a["section"] == section]) + args.per_page - 1) // args.per_page
        hub_paths[section] = [f"/{section}/" if p == 1 else f"/{section}/page/{p}/" for p in range(1, pages + 1)]

    def pad(text, n):
        return pad_page(text, n, articles, hub_paths, target) if target and articles else text

    for i, a in enumerate(articles):
        related = [articles[(i + k) % len(articles)] for k in (1, 2, 3)]
        write(args.out, a["path"], pad(article_page(a, related), i))
    for section in SECTIONS:
        items = [a for a in newest if a["section"] == section]
        pages = len(hub_paths[section])
        for p in range(1, pages + 1):
            chunk = items[(p - 1) * args.per_page:p * args.per_page]
            path = hub_paths[section][p - 1]
            write(args.out, path, pad(hub_page(f"{section.capitalize()} - page {p}", chunk,
                                               pager_html(section, p, pages)), p))
    write(args.out, "/", pad(hub_page("Latest news", newest[:args.per_page], ""), 0))
    write(args.out, "/robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: http://{HOST}/sitemap.xml\n")
    urls = "\n".join(f"  <url><loc>http://{HOST}{a['path']}</loc><lastmod>{a['date']:%Y-%m-%d}</lastmod></url>"
                     for a in newest)
    write(args.out, "/sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
          f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n')
    hubs = 1 + sum((len([a for a in articles if a["section"] == s]) + args.per_page - 1) // args.per_page
                   for s in SECTIONS)
    print(f"{args.articles} articles, {hubs} hub pages, {args.articles + hubs} HTML pages in {args.out}")


if __name__ == "__main__":
    main()
