#!/usr/bin/env bash
# Assembles the seed corpora of the fuzz targets from the test data:
#   tests/fuzz/make_corpus.sh [OUT_DIR]      (default: build/fuzz/corpus)
# Writes OUT_DIR/<target>/ for every target in the input format of that target
# (see the comment at the top of each *_fuzz.cpp). The hand-written seeds in
# tests/fuzz/seeds/<target>/ and the crashers in tests/fuzz/regressions/ are
# not copied: run.sh passes those directories to the fuzzer as they are.
# Corpora are build products: never commit OUT_DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build/fuzz/corpus}
sites=$root/examples/demo-site/sites
data=$root/tests/data
sep=$'\n--\n'

for t in extract robots discovery url config normalize; do
  mkdir -p "$out/$t"
done

# name FILE: a corpus file name unique per source file.
name() { printf '%s' "${1#"$root"/}" | tr '/' '_'; }

# extract: CONTENT-TYPE, URL, BODY.
for f in "$data"/html/*.html "$sites"/*/*.html "$sites"/*/*/*.html "$sites"/*/*/*/*.html \
         "$sites"/*/*/*/*/*.html "$sites"/*/*/*/*/*/*.html; do
  [[ -f $f ]] || continue
  rel=${f#"$sites"/}
  url="https://$rel"
  [[ $f == "$data"/* ]] && url="https://example.com/${f##*/}"
  type="text/html; charset=utf-8"
  [[ $f == *windows1256* ]] && type="text/html"
  { printf '%s%s%s%s' "$type" "$sep" "$url" "$sep"; cat "$f"; } >"$out/extract/$(name "$f")"
done

# robots: BODY, AGENT, URL; each demo robots.txt with each site's own URLs.
for f in "$sites"/*/robots.txt; do
  host=$(basename "$(dirname "$f")")
  for path in / /private/x /wp-admin/admin-ajax.php /news/a.html?utm_source=x; do
    for agent in wirecrawl Googlebot; do
      { cat "$f"; printf '%s%s%shttp://%s%s' "$sep" "$agent" "$sep" "$host" "$path"; } \
        >"$out/robots/$(name "$f")_${agent}_$(printf '%s' "$path" | md5sum | cut -c1-8)"
    done
  done
done

# discovery: BASE-URL, DOCUMENT (sitemaps, feeds, gzip).
for f in "$data"/discovery/* "$sites"/*/*.xml "$sites"/*/*.xml.gz "$sites"/*/*.rss "$sites"/*/*.atom \
         "$sites"/*/*.json; do
  [[ -f $f ]] || continue
  base="https://${f#"$sites"/}"
  [[ $f == "$data"/* ]] && base="https://example.com/${f##*/}"
  { printf '%s%s' "$base" "$sep"; cat "$f"; } >"$out/discovery/$(name "$f")"
done

# url: URL, LINK; the absolute URLs and the hrefs of the test pages, each
# resolved against its page.
n=0
for f in "$data"/html/*.html "$sites"/*/index.html "$sites"/*/news/*/*/*/*.html; do
  [[ -f $f ]] || continue
  base="https://${f#"$sites"/}"
  [[ $f == "$data"/* ]] && base="https://example.com/news/${f##*/}"
  grep -oE 'href="[^"]{1,300}"' "$f" | sed 's/^href="//; s/"$//' | sort -u | head -n 40 |
    while IFS= read -r href; do
      printf '%s%s%s' "$base" "$sep" "$href" >"$out/url/$(name "$f")_$(printf '%s' "$href" | md5sum | cut -c1-8)"
    done
  n=$((n + 1))
  [[ $n -ge 40 ]] && break
done
# The URLs the unit tests spell out (tests/url/url_test.cpp).
grep -ohE '"[a-zA-Z]+:[^"]{1,200}"' "$root"/tests/url/url_test.cpp | sed 's/^"//; s/"$//' | sort -u |
  while IFS= read -r u; do
    printf '%s%s../x?b=2&a=1#f' "$u" "$sep" >"$out/url/url_test_$(printf '%s' "$u" | md5sum | cut -c1-8)"
  done

# config: the example config and the demo's.
for f in "$root"/config/wirecrawl.example.toml "$root"/examples/demo-site/*.toml; do
  [[ -f $f ]] && cp "$f" "$out/config/$(name "$f")"
done

# normalize: the dedup seed articles (Arabic and English) and the page texts.
for f in "$data"/seeds/*.txt; do
  cp "$f" "$out/normalize/$(name "$f")"
done

for t in extract robots discovery url config normalize; do
  printf '%-10s %5d files  %s\n' "$t" "$(find "$out/$t" -type f | wc -l)" "$out/$t"
done
