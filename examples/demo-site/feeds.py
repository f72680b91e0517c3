"""Sitemaps (urlset, index, Google News, gzip), RSS 2.0 and Atom for generate.py."""

import datetime
import gzip
import io

from templates import esc

def urlset(entries, news=None):
    """entries: (url, lastmod). news: {url: (publication, lang, date, title)}."""
    ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{ns}>']
    for url, lastmod in entries:
        out.append(f"  <url>\n    <loc>{esc(url)}</loc>")
        if lastmod:
            out.append(f"    <lastmod>{lastmod}</lastmod>")
        if news and url in news:
            pub, lang, date, title = news[url]
            out.append("    <news:news>\n      <news:publication>"
                       f"<news:name>{esc(pub)}</news:name><news:language>{lang}</news:language>"
                       f"</news:publication>\n      <news:publication_date>{date}</news:publication_date>\n"
                       f"      <news:title>{esc(title)}</news:title>\n    </news:news>")
        out.append("  </url>")
    out.append("</urlset>\n")
    return "\n".join(out)


def sitemap_index(urls):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in urls:
        out.append(f"  <sitemap><loc>{url}</loc><lastmod>{lastmod}</lastmod></sitemap>")
    out.append("</sitemapindex>\n")
    return "\n".join(out)


def gzip_bytes(text):
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as f:
        f.write(text.encode("utf-8"))
    return buf.getvalue()


def rfc822(iso):
    d = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return d.strftime("%a, %d %b %Y %H:%M:%S %z")


def rss(site, arts, summary):
    items = []
    for a in arts:
        items.append(f"""  <item>
    <title>{esc(a.title)}</title>
    <link>{esc(a.url + a.feed_url_suffix)}</link>
    <guid isPermaLink="false">{a.host}-{a.id}</guid>
    <pubDate>{rfc822(a.published)}</pubDate>
    <dc:creator>{esc(a.author)}</dc:creator>
    <description>{esc(summary(a))}</description>
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>{esc(site.name)}</title>
  <link>http://{site.host}/</link>
  <atom:link href="http://{site.host}/feed.rss" rel="self" type="application/rss+xml"/>
  <description>آخر الأخبار من {esc(site.name)}</description>
  <language>ar</language>
  <lastBuildDate>{rfc822(max(a.published for a in arts))}</lastBuildDate>
{chr(10).join(items)}
</channel>
</rss>
"""


def atom(site, arts, summary):
    entries = []
    for a in arts:
        entries.append(f"""  <entry>
    <title>{esc(a.title)}</title>
    <link rel="alternate" type="text/html" href="{esc(a.url)}"/>
    <id>tag:{a.host},2024:{a.id}</id>
    <published>{a.published}</published>
    <updated>{a.published}</updated>
    <author><name>{esc(a.author)}</name></author>
    <summary>{esc(summary(a))}</summary>
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>{esc(site.name)}</title>
  <link rel="self" href="http://{site.host}/feed.atom"/>
  <link rel="alternate" type="text/html" href="http://{site.host}/"/>
  <id>tag:{site.host},2024:feed</id>
  <updated>{max(a.published for a in arts)}</updated>
{chr(10).join(entries)}
</feed>
"""
