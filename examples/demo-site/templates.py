"""The four sites' page templates ("skins") for generate.py.

Each site looks like a different CMS, so furniture differs from site to site
the way it does on the web: alpha-news.test a Jannah-style WordPress theme,
beta-daily.test a home-grown Arabic CMS with JSON-LD, gamma-times.test a
modern English news app with JSON-LD and OpenGraph, delta-post.test a plain
WordPress blog theme with <time> and no structured data. Every page carries
the usual furniture around the text: navigation, breaking-news ticker, share
bar, "read also" box, author badge, comment form, newsletter box, cookie
banner and footer.

A page is rendered from an Article (see generate.py) or from a hub listing.
"""

import html
import json

esc = html.escape


def _paragraphs(paragraphs):
    out = []
    for p in paragraphs:
        if p.startswith("## "):
            out.append(f"<h2>{esc(p[3:])}</h2>")
        elif p.startswith("!! "):  # image caption
            out.append(f'<figure class="wp-caption"><img src="/img/photo.jpg" alt="{esc(p[3:])}">'
                       f"<figcaption>{esc(p[3:])}</figcaption></figure>")
        else:
            out.append(f"<p>{esc(p)}</p>")
    return "\n".join(out)


def _links(items, cls=""):
    li = f'<li class="{cls}">' if cls else "<li>"
    return "".join(f'{li}<a href="{esc(href)}">{esc(label)}</a></li>' for label, href in items)


def _jsonld(site, art):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": art.url,
        "headline": art.title,
        "datePublished": art.published,
        "dateModified": art.published,
        "inLanguage": art.lang,
        "author": {"@type": "Person", "name": art.author},
        "publisher": {"@type": "Organization", "name": site.name,
                      "logo": {"@type": "ImageObject", "url": f"http://{site.host}/img/logo.png"}},
    }
    return ('<script type="application/ld+json">'
            + json.dumps(data, ensure_ascii=False) + "</script>")


def _feed_links(site):
    out = []
    for href, mime, title in site.feeds:
        out.append(f'<link rel="alternate" type="{mime}" title="{esc(title)}" href="{esc(href)}">')
    return "\n".join(out)


# ---------------------------------------------------------------- alpha (ar)

def alpha_page(site, title, main, *, art=None, feed_links=False):
    head = [f'<title>{esc(title)} | {esc(site.name)}</title>',
            '<meta name="viewport" content="width=device-width, initial-scale=1">']
    if art:
        head += [f'<link rel="canonical" href="{esc(art.url)}">',
                 '<meta property="og:type" content="article">',
                 f'<meta property="og:title" content="{esc(art.title)}">',
                 f'<meta property="og:url" content="{esc(art.url)}">',
                 f'<meta property="og:site_name" content="{esc(site.name)}">',
                 f'<meta property="article:published_time" content="{esc(art.published)}">',
                 f'<meta name="author" content="{esc(art.author)}">']
    else:
        head.append('<meta property="og:type" content="website">')
    if feed_links:
        head.append(_feed_links(site))
    lang, direction = ("en", "ltr") if art and art.lang == "en" else ("ar", "rtl")
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
{chr(10).join(head)}
<link rel="stylesheet" href="/css/jannah.css">
</head>
<body class="{'single single-post' if art else 'home blog'}">
<div id="tie-wrapper">
<header id="theme-header" class="theme-header">
<div class="top-bar"><span class="today-date">{esc(site.today)}</span>
<ul class="top-menu">{_links(site.top_links)}</ul></div>
<div class="logo-row"><a class="logo" href="/"><img src="/img/logo.png" alt="{esc(site.name)}"></a></div>
<nav id="main-nav" class="main-nav"><ul class="menu">{_links(site.nav)}</ul></nav>
</header>
<div class="breaking"><span class="breaking-title">عاجل</span>
<ul id="breaking-news-in-header" class="breaking-news">{_links(site.ticker)}</ul></div>
<div id="content" class="site-content container"><div class="tie-row main-content-row">
<div class="main-content tie-col-md-8" role="main">
{main}
</div>
<aside class="sidebar tie-col-md-4" role="complementary">
<div class="widget"><div class="widget-title"><h4>الأكثر قراءة</h4></div><ul>{_links(site.most_read)}</ul></div>
<div class="widget newsletter"><h4>النشرة البريدية</h4><form action="/newsletter" method="post">
<input type="email" name="email" placeholder="بريدك الإلكتروني"><button>اشترك</button></form></div>
</aside>
</div></div>
<footer id="footer" class="site-footer"><ul class="footer-menu">{_links(site.footer_links)}</ul>
<div class="copyright-text">© حقوق النشر 2024، جميع الحقوق محفوظة | {esc(site.name)}</div></footer>
<a id="go-to-top" class="go-to-top-button" href="#go-to-tie-body"><span class="screen-reader-text">زر الذهاب إلى الأعلى</span></a>
<div id="cookie-notice" class="cookie-notice" role="dialog"><p>نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. باستمرارك في التصفح فإنك توافق على ذلك.</p><button class="cookie-accept">موافق</button></div>
</div>
</body>
</html>
"""


def alpha_article(site, art, related):
    rtl = art.lang != "en"
    share = "مشاركة" if rtl else "Share"
    read_also = "اقرأ أيضاً" if rtl else "Read also"
    comment = "اترك تعليقاً" if rtl else "Leave a comment"
    main = f"""<article id="the-post" class="container-wrapper post-content tie-standard">
<header class="entry-header-outer"><nav id="breadcrumb"><a href="/">الرئيسية</a><em class="delimiter">/</em><a href="{esc(art.section_href)}">{esc(art.section)}</a></nav>
<div class="entry-header"><h1 class="post-title entry-title">{esc(art.title)}</h1>
<div class="post-meta"><span class="meta-author"><span class="author-avatar"><img alt="Photo of author" src="/img/author.png"></span><a class="author-name" href="#author-box">{esc(art.author)}</a></span>
<span class="date meta-item">{esc(art.date_text)}</span><span class="meta-views">1,204</span></div></div></header>
<div class="share-buttons share-buttons-top"><span class="share-title">{share}</span><a class="facebook-share-btn" href="#">فيسبوك</a><a class="twitter-share-btn" href="#">X</a><a class="whatsapp-share-btn" href="#">واتساب</a><a class="telegram-share-btn" href="#">تيليجرام</a></div>
<div class="entry-content entry clearfix">
{_paragraphs(art.paragraphs)}
</div>
<div class="post-bottom-meta post-bottom-tags"><span class="tagcloud"><a href="/politics/#qatar">قطر</a><a href="/politics/#gaza">غزة</a></span></div>
<div id="share-buttons-bottom" class="share-buttons share-buttons-bottom"><a class="facebook-share-btn" href="#">فيسبوك</a><a class="twitter-share-btn" href="#">X</a><a class="copy-link" href="#">نسخ الرابط</a></div>
</article>
<div class="about-author container-wrapper"><div class="author-avatar"><img alt="Photo of author" src="/img/author.png"></div>
<div class="author-info"><h3 class="author-name" id="author-box"><a href="#author-box">{esc(art.author)}</a></h3><div class="author-bio">{esc(art.author_bio)}</div></div></div>
<div id="related-posts" class="container-wrapper has-extra-post"><div class="mag-box-title the-global-title"><h3>{read_also}</h3></div>
<ul class="related-posts-list">{_links(related, "related-item")}</ul></div>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">{comment}</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *</p>
<textarea id="comment" name="comment"></textarea><input id="author" name="author" placeholder="الاسم *"><input id="email" name="email" placeholder="البريد الإلكتروني *"><input name="submit" type="submit" id="submit" class="submit" value="إرسال التعليق"></form></div></div>"""
    return alpha_page(site, art.title, main, art=art)


# ---------------------------------------------------------------- beta (ar)

def beta_page(site, title, main, *, art=None, feed_links=False, description=""):
    head = [f"<title>{esc(title)} - {esc(site.name)}</title>"]
    if description:
        head.append(f'<meta name="description" content="{esc(description)}">')
    if art:
        head += [f'<link rel="canonical" href="{esc(art.url)}">', _jsonld(site, art)]
    if feed_links:
        head.append(_feed_links(site))
    ticker = "".join(f'<li><span class="time">{esc(t)}</span> . <a href="{esc(h)}">{esc(x)}</a></li>'
                     for t, x, h in site.ticker)
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
{chr(10).join(head)}
<link rel="stylesheet" href="/static/beta.css">
</head>
<body>
<div class="topbar"><span class="date">{esc(site.today)}</span> | <a href="/private/pdf-edition.html">النسخة الورقية للمشتركين</a> | <a href="mailto:desk@beta-daily.test">اتصل بنا</a></div>
<div class="masthead"><a href="/"><img src="/static/logo.png" alt="{esc(site.name)}"></a><div class="ad ad-728x90">إعلان</div></div>
<div class="menu"><ul>{_links(site.nav)}</ul></div>
<div class="latest-news-ticker"><h3>أحدث الأخبار</h3><ul>{ticker}</ul></div>
<div class="wrapper"><div class="col-main">
{main}
</div>
<div class="col-side">
<div class="box most-viewed"><h3>الأكثر مشاهدة</h3><ol>{_links(site.most_read)}</ol></div>
<div class="box poll"><h3>استطلاع الرأي</h3><p>هل تتوقع التوصل إلى وقف لإطلاق النار قريباً؟</p><form><label><input type="radio" name="p"> نعم</label><label><input type="radio" name="p"> لا</label><button>صوّت</button></form></div>
</div></div>
<div class="footer"><ul>{_links(site.footer_links)}</ul><p>جميع الحقوق محفوظة © {esc(site.name)} 2024</p></div>
<div class="cookies-bar">يستخدم هذا الموقع ملفات الكوكيز. <a href="/privacy/">سياسة الخصوصية</a> <button>قبول</button></div>
</body>
</html>
"""


def beta_article(site, art, related):
    credit = f'<div class="news-source">{esc(art.credit)}</div>' if art.credit else ""
    main = f"""<div class="news-details">
<div class="path"><a href="/">الرئيسية</a> &raquo; <a href="{esc(art.section_href)}">{esc(art.section)}</a></div>
<h1 class="news-title">{esc(art.title)}</h1>
<div class="news-info"><span class="writer">بقلم: {esc(art.author)}</span> <span class="news-date">تاريخ الخبر: {esc(art.date_text)}</span></div>
{credit}
<div class="social-share"><b>شارك:</b> <a href="#" class="fb">فيسبوك</a> <a href="#" class="tw">تويتر</a> <a href="#" class="wa">واتساب</a> <a href="#" class="print">طباعة</a></div>
<div class="news-text" id="news-text">
{_paragraphs(art.paragraphs)}
</div>
<div class="font-size">حجم الخط: <a href="#">+</a> <a href="#">-</a></div>
</div>
<div class="related-news"><h3>أخبار ذات صلة</h3><ul>{_links(related)}</ul></div>
<div class="comments"><h3>التعليقات</h3><p class="no-comments">لا توجد تعليقات بعد. كن أول من يعلق!</p>
<form method="post" action="/comment"><input name="name" placeholder="الاسم"><textarea name="body" placeholder="أضف تعليقك"></textarea><button>أضف تعليق</button></form>
<p class="note">التعليقات المنشورة تعبر عن آراء أصحابها فقط.</p></div>
<div class="newsletter"><h3>اشترك في نشرتنا اليومية</h3><form><input type="email" placeholder="البريد الإلكتروني"><button>اشترك</button></form></div>"""
    return beta_page(site, art.title, main, art=art)


def beta_legacy_article(site, art, related):
    """The old archive CMS: tables, windows-1256, charset only in <meta>."""
    paras = "\n".join(f'<p class="text">{esc(p)}</p>' for p in art.paragraphs)
    return f"""<html dir="rtl">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>{esc(site.name)} :: {esc(art.title)}</title>
</head>
<body bgcolor="#ffffff">
<table width="100%" border="0"><tr><td><a href="/"><img src="/static/logo_old.gif" alt="{esc(site.name)}" border="0"></a></td>
<td class="menu"><a href="/">الرئيسية</a> | <a href="/politics/">سياسة</a> | <a href="/gulf/">الخليج</a> | <a href="/private/pdf-edition.html">النسخة الورقية</a></td></tr></table>
<table width="100%" border="0"><tr>
<td width="75%" valign="top">
<span class="cat">الاخبار</span>
<h1 class="title">{esc(art.title)}</h1>
<div class="standfirst"><b>{esc(art.standfirst)}</b></div>
<div class="date">{esc(art.date_text)}</div>
{paras}
<div class="tools"><a href="#">طباعة</a> | <a href="#">أرسل لصديق</a> | <a href="#">أضف تعليق</a></div>
<table class="related"><tr><td><b>مقالات ذات صلة</b></td></tr>
{''.join(f'<tr><td><a href="{esc(h)}">{esc(t)}</a></td></tr>' for t, h in related)}</table>
<form method="post" action="/comment.php"><b>اترك تعليقاً</b><br>لن يتم نشر عنوان بريدك الإلكتروني.<br><textarea name="c"></textarea><br><input type="submit" value="إرسال"></form>
</td>
<td width="25%" valign="top" class="side"><b>الأرشيف</b><br><a href="/calendar/2024/10/">أكتوبر 2024</a></td>
</tr></table>
<div class="copy">جميع الحقوق محفوظة {esc(site.name)}</div>
<a href="#top">زر الذهاب إلى الأعلى</a>
</body>
</html>
"""


# ---------------------------------------------------------------- gamma (en)

def gamma_page(site, title, main, *, art=None, feed_links=False, description=""):
    head = [f"<title>{esc(title)} | {esc(site.name)}</title>",
            '<meta name="viewport" content="width=device-width, initial-scale=1">']
    if description:
        head.append(f'<meta name="description" content="{esc(description)}">')
    if art:
        head += [f'<link rel="canonical" href="{esc(art.url)}">',
                 '<meta property="og:type" content="article">',
                 f'<meta property="og:title" content="{esc(art.title)}">',
                 f'<meta property="og:url" content="{esc(art.url)}">',
                 f'<meta property="og:site_name" content="{esc(site.name)}">',
                 _jsonld(site, art)]
    if feed_links:
        head.append(_feed_links(site))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
{chr(10).join(head)}
<link rel="stylesheet" href="/assets/app.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header" data-component="header">
<div class="masthead"><a href="/" class="brand">{esc(site.name)}</a><span class="edition">International edition</span>
<a class="subscribe-cta" href="/private/embargoed-report.html">Subscriber exclusive</a></div>
<nav class="primary-nav" aria-label="Sections"><ul>{_links(site.nav)}</ul></nav>
<div class="trending-bar" data-component="trending"><strong>Trending:</strong><ul>{_links(site.ticker)}</ul></div>
</header>
<main id="main" class="layout">
{main}
<aside class="rail" data-component="most-read"><h2>Most read</h2><ol>{_links(site.most_read)}</ol>
<div class="newsletter-signup"><h3>The Morning Briefing</h3><p>The day's top stories in your inbox every weekday.</p><form><input type="email" placeholder="Email address"><button>Sign up</button></form></div></aside>
</main>
<footer class="site-footer"><nav><ul>{_links(site.footer_links)}</ul></nav><p>&copy; 2024 {esc(site.name)}. All rights reserved.</p></footer>
<div class="consent-banner" role="dialog" aria-label="Cookie consent"><p>We use cookies to personalise content and ads and to analyse our traffic. You can change your choice at any time in Privacy settings.</p><button>Accept all</button><button>Manage preferences</button></div>
</body>
</html>
"""


def gamma_article(site, art, related):
    main = f"""<article class="story" data-component="article">
<div class="kicker"><a href="{esc(art.section_href)}">{esc(art.section)}</a></div>
<h1 class="headline">{esc(art.title)}</h1>
<p class="standfirst">{esc(art.standfirst)}</p>
<div class="byline-block"><img class="author-badge" src="/assets/authors/{esc(art.author_slug)}.jpg" alt="">
<div><a class="byline" rel="author" href="#byline">By {esc(art.author)}</a><span class="role">{esc(art.author_bio)}</span>
<span class="dateline">Published {esc(art.date_text)}</span></div></div>
<div class="share-bar" data-component="share"><span>Share this article</span><a href="#">Facebook</a><a href="#">X</a><a href="#">LinkedIn</a><a href="#">Email</a><button>Copy link</button></div>
<div class="story-body">
{_paragraphs(art.paragraphs)}
</div>
<p class="corrections">Spotted an error? <a href="mailto:corrections@gamma-times.test">Tell our corrections desk</a>.</p>
</article>
<section class="read-more" data-component="related"><h2>Read more</h2><ul>{_links(related)}</ul></section>
<section class="comments" id="comments"><h2>Comments</h2><p>Comments are moderated. Please keep them civil.</p>
<form class="comment-form"><textarea placeholder="Join the discussion"></textarea><button>Post comment</button></form></section>"""
    return gamma_page(site, art.title, main, art=art)


# ---------------------------------------------------------------- delta (en, with an Arabic edition)

def delta_page(site, title, main, *, art=None, feed_links=False, description=""):
    rtl = art is not None and art.lang == "ar"
    head = [f"<title>{esc(title)} &#8211; {esc(site.name)}</title>"]
    if description:
        head.append(f'<meta name="description" content="{esc(description)}">')
    if art and art.canonical:
        head.append(f'<link rel="canonical" href="{esc(art.url)}">')
    if feed_links:
        head.append(_feed_links(site))
    return f"""<!DOCTYPE html>
<html lang="{'ar' if rtl else 'en-GB'}"{' dir="rtl"' if rtl else ''}>
<head>
<meta charset="UTF-8">
{chr(10).join(head)}
<link rel="stylesheet" id="twentytwenty-style-css" href="/wp-content/themes/delta/style.css" media="all">
</head>
<body class="{'single' if art else 'home'} wp-theme-delta">
<header id="site-header" class="header-footer-group"><div class="header-inner section-inner">
<div class="header-titles"><div class="site-title"><a href="/">{esc(site.name)}</a></div><div class="site-description">News from the bay since 1921</div></div>
<nav class="primary-menu-wrapper" aria-label="Horizontal"><ul class="primary-menu reset-list-style">{_links(site.nav, "menu-item")}</ul></nav>
</div></header>
<div class="ticker-wrap"><span class="ticker-label">Latest</span><ul class="ticker">{_links(site.ticker)}</ul></div>
<main id="site-content" role="main">
{main}
</main>
<div class="footer-widgets-outer-wrapper"><div class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2><ul>{_links(site.most_read)}</ul></div>
<div class="widget widget_text"><h2 class="widget-title">About us</h2><p>The Delta Post is an independent local newspaper. Our Arabic edition serves readers across the region.</p></div></div>
<footer id="site-footer" class="header-footer-group"><ul class="footer-menu">{_links(site.footer_links)}</ul><p class="footer-copyright">&copy; 2024 <a href="/">{esc(site.name)}</a></p>
<a class="to-the-top" href="#site-header">To the top &uarr;</a></footer>
<div id="cookie-law-info-bar" data-nosnippet="true"><span>This website uses cookies to improve your experience. We'll assume you're ok with this, but you can opt-out if you wish. <a role="button" class="cli_action_button">Accept</a> <a href="/privacy-policy/">Read More</a></span></div>
</body>
</html>
"""


def delta_article(site, art, related):
    rtl = art.lang == "ar"
    labels = (("بقلم", "شارك هذا الخبر", "قد يعجبك أيضاً", "اترك تعليقاً", "إرسال")
              if rtl else ("By", "Share this:", "You may also like", "Leave a Reply", "Post Comment"))
    main = f"""<article class="post type-post status-publish format-standard hentry" id="post-{art.post_id}">
<header class="entry-header has-text-align-center"><div class="entry-categories"><a href="{esc(art.section_href)}" rel="category tag">{esc(art.section)}</a></div>
<h1 class="entry-title">{esc(art.title)}</h1>
<div class="post-meta-wrapper"><ul class="post-meta"><li class="post-author meta-wrapper"><span class="meta-text">{labels[0]} <a href="#author-bio">{esc(art.author)}</a></span></li>
<li class="post-date meta-wrapper"><span class="meta-text"><time class="entry-date published" datetime="{esc(art.published)}">{esc(art.date_text)}</time></span></li></ul></div></header>
<div class="post-inner thin"><div class="entry-content">
{_paragraphs(art.paragraphs)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">{labels[1]}</h3><ul><li><a class="share-twitter" href="#">X</a></li><li><a class="share-facebook" href="#">Facebook</a></li><li><a class="share-email" href="#">Email</a></li></ul></div>
</div></div>
<div class="author-bio" id="author-bio"><div class="author-title-wrapper"><div class="author-avatar vcard"><img alt="" src="/wp-content/uploads/avatar.png"></div><h2 class="author-title heading-size-4">{esc(art.author)}</h2></div>
<div class="author-description"><p>{esc(art.author_bio)}</p></div></div>
<div class="jp-relatedposts"><h3 class="jp-relatedposts-headline">{labels[2]}</h3><ul>{_links(related)}</ul></div>
<div class="comment-respond" id="respond"><h2 id="reply-title" class="comment-reply-title">{labels[3]}</h2>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<textarea id="comment" name="comment"></textarea><input id="author" name="author"><input id="email" name="email"><input name="submit" type="submit" class="submit" value="{labels[4]}"></form></div>
</article>"""
    return delta_page(site, art.title, main, art=art)


# ---------------------------------------------------------------- hubs

def hub_main(site, heading, items, extra):
    """A front or section page: headline list with short teasers."""
    teasers = []
    for i, (title, href, teaser, date_text) in enumerate(items):
        cls = "lead-story" if i == 0 else "story-card"
        teasers.append(f'<div class="{cls}"><h2><a href="{esc(href)}">{esc(title)}</a></h2>'
                       f'<p class="teaser">{esc(teaser)}</p><span class="date">{esc(date_text)}</span></div>')
    more = f'<ul class="more-links">{_links(extra)}</ul>' if extra else ""
    return f'<section class="section-front"><h1 class="section-title">{esc(heading)}</h1>\n' + \
        "\n".join(teasers) + f"\n{more}</section>"


SKINS = {
    "alpha": (alpha_page, alpha_article),
    "beta": (beta_page, beta_article),
    "gamma": (gamma_page, gamma_article),
    "delta": (delta_page, delta_article),
}


def render_hub(site, heading, items, extra, feed_links=False):
    page, _ = SKINS[site.skin]
    return page(site, heading, hub_main(site, heading, items, extra), feed_links=feed_links)


def render_article(site, art, related):
    if art.legacy:
        return beta_legacy_article(site, art, related)
    _, article = SKINS[site.skin]
    return article(site, art, related)
