// The web page's assets, compiled into the binary: no file to install, and
// nothing fetched from elsewhere (no CDN, no web font: the system's fonts,
// which cover Arabic on any desktop or phone).
#include "web/render.h"

namespace wirecrawl::web {

std::string_view StyleSheet() {
  // Logical properties (margin-inline-start, text-align: start) so that
  // right-to-left blocks lay out mirrored; one column below 40rem (phones).
  static constexpr std::string_view kCss = R"css(
:root { color-scheme: light dark; --fg: #1a1a1a; --muted: #666; --line: #ddd; --bg: #fff; --card: #f7f7f8;
  --add: #dcfce7; --add-fg: #14532d; --del: #fee2e2; --del-fg: #7f1d1d; --accent: #1d4ed8; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6e6; --muted: #a0a0a0; --line: #333; --bg: #111; --card: #1b1b1d;
    --add: #12361f; --add-fg: #bbf7d0; --del: #3b1414; --del-fg: #fecaca; --accent: #7aa2ff; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 62rem; padding: 0 1rem 2rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI",
  "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", Tahoma, sans-serif; color: var(--fg); background: var(--bg);
  overflow-wrap: anywhere; }
a { color: var(--accent); }
header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  padding: .75rem 0; border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
header nav a { margin-inline-end: .75rem; font-weight: 600; text-decoration: none; }
header nav a[aria-current] { text-decoration: underline; }
.searchbox { display: flex; gap: .25rem; flex: 1 1 16rem; max-width: 26rem; }
.searchbox input { flex: 1; min-width: 0; }
input, select, button { font: inherit; padding: .25rem .4rem; }
h1 { font-size: 1.5rem; line-height: 1.3; margin: .5rem 0; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.meta, .muted, footer { color: var(--muted); font-size: .9rem; }
footer { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .5rem; }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; background: var(--card);
  padding: .5rem .75rem; border-radius: .4rem; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
ol.stories, ol.hits { list-style: none; padding: 0; margin: 0; }
ol.stories > li, ol.hits > li, section.host { padding: .75rem 0; border-bottom: 1px solid var(--line); }
.title { display: block; font-size: 1.1rem; font-weight: 600; }
p, li, dd { text-align: start; }
.sites { font-size: .9rem; }
svg.timeline { display: block; max-width: 100%; height: auto; margin-top: .25rem; }
svg.sparkline { vertical-align: middle; }
.pager { display: flex; justify-content: space-between; margin-top: 1rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .4rem; text-align: start; vertical-align: top; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .5rem 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.body p { margin: 0 0 .8rem; }
.diff p { margin: .15rem 0; padding: .1rem .4rem; border-radius: .2rem; }
.diff del, .diff ins { display: block; text-decoration: none; padding: .1rem .4rem; margin: .15rem 0; border-radius: .2rem; }
.diff del { background: var(--del); color: var(--del-fg); }
.diff del::before { content: "− "; }
.diff ins { background: var(--add); color: var(--add-fg); }
.diff ins::before { content: "+ "; }
.diff .same { color: var(--muted); }
.added { color: var(--add-fg); background: var(--add); padding: 0 .3rem; border-radius: .2rem; }
.removed { color: var(--del-fg); background: var(--del); padding: 0 .3rem; border-radius: .2rem; }
details { margin: .4rem 0; }
summary { cursor: pointer; }
mark { background: #fde68a; color: #1a1a1a; }
.error { color: var(--del-fg); background: var(--del); padding: .5rem .75rem; border-radius: .3rem; }
.url { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; }
.bad { color: var(--del-fg); }
@media (max-width: 40rem) {
  body { padding: 0 .6rem 1.5rem; font-size: 15px; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .4rem; }
  table.copies th:nth-child(5), table.copies td:nth-child(5) { display: none; }
}
)css";
  return kCss;
}

std::string_view FaviconSvg() {
  static constexpr std::string_view kIcon =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\"><rect width=\"16\" height=\"16\" rx=\"3\" "
      "fill=\"#1d4ed8\"/><path d=\"M3 4l2 8 3-6 3 6 2-8\" fill=\"none\" stroke=\"#fff\" stroke-width=\"1.6\"/></svg>";
  return kIcon;
}

}  // namespace wirecrawl::web
