#!/usr/bin/python3
"""Groups a `perf record` of one wirecrawl crawl into per-page CPU by stage.

    perf_stages.py PERF_DATA [CPU_MS_PER_PAGE]

PERF_DATA comes from `PERF_RECORD=FILE run_crawl_bench.sh` (perf record -g of
one crawl).
Self time (no call graphs: the Release build and Debian's libraries keep no
frame pointers, so callers are not reliable) is grouped by thread and by
library/symbol:

- threads: the writer (the thread with the most SQLite samples: the main
  thread, story assignment and the store), the fetcher (the thread with libcurl
  but no gumbo samples), the workers (threads that ran gumbo);
- stages: fetch = everything on the fetcher thread; parse = libgumbo;
  extract = wirecrawl's extraction and classification symbols; links = URL
  resolution and normalisation on the workers (url::, percent-encoding,
  libcurl's URL API, libpsl); dedup = normalisation, shingles, MinHash (and
  ICU); store = everything on the writer thread (SQLite shown apart);
  libc/kernel on workers = malloc/free/memcpy and system time on the workers,
  which self time cannot give to a stage; other = the rest.

Prints each stage's share of the samples, and with CPU_MS_PER_PAGE (the
bench's "ms CPU per page" of the same run) the ms per page it stands for,
then the top symbols.
"""
import collections
import re
import subprocess
import sys

EXTRACT = re.compile(r"content::|html::|metadata::|ExtractArticle|ClassifyPage|PageKind|Charset|charset|Utf8|"
                     r"IsBoilerplate|Language|language|ParseDate|Date|Readab|Jsonld|JsonLd|nlohmann")
LINKS = re.compile(r"url::|Url|URL|PercentEncoding|Percent|curl_url|Link|link|Resolve|Discover|Scope|Host")
DEDUP = re.compile(r"Fingerprint|TextNormalizer|NormalizeText|SignBlock|Shingle|MinHash|Signature|introsort|"
                   r"insertion_sort|WordTokens|icu")


def gumbo_symbols():
    """The functions of Debian's libgumbo.a, which the binary links
    statically (WIRECRAWL_STATIC_GUMBO): their samples are in the wirecrawl
    binary, told apart by name."""
    try:
        out = subprocess.run(["nm", "--defined-only", "/usr/lib/x86_64-linux-gnu/libgumbo.a"],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {f[2] for f in (line.split() for line in out.splitlines()) if len(f) == 3 and f[1] in "tT"}


def main():
    data = sys.argv[1]
    cpu_ms = float(sys.argv[2]) if len(sys.argv) > 2 else None  # CPU ms per page, from the bench
    top = 25
    out = subprocess.run(["perf", "report", "-i", data, "--no-children", "-s", "pid,dso,sym", "-g", "none",
                          "--stdio", "--percent-limit", "0"], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(\d+):\S+\s+(\S+)\s+\[(.)\]\s+(.*)$", line)
        if m:
            rows.append((float(m.group(1)), int(m.group(2)), m.group(3), m.group(5).strip()))
    gumbo = gumbo_symbols()
    # libgumbo, shared or linked in: one name for both.
    rows = [(pct, tid, "libgumbo" if dso.startswith("libgumbo") or sym in gumbo else dso, sym)
            for pct, tid, dso, sym in rows]
    by_thread = collections.defaultdict(collections.Counter)
    for pct, tid, dso, sym in rows:
        by_thread[tid][dso] += pct
    writer = max(by_thread, key=lambda t: by_thread[t]["libsqlite3.so.0.8.6"] + sum(
        v for k, v in by_thread[t].items() if k.startswith("libsqlite3")))
    workers = {t for t, c in by_thread.items() if t != writer and any(k.startswith("libgumbo") for k in c)}
    fetchers = {t for t in by_thread if t != writer and t not in workers}
    stages = collections.Counter()
    for pct, tid, dso, sym in rows:
        if tid == writer:
            stages["store: SQLite (writer thread)" if dso.startswith("libsqlite3") else
                   "store: the rest of the writer thread (story assignment, batching, libc)"] += pct
        elif tid in fetchers:
            stages["fetch (fetcher thread: libcurl, sockets)"] += pct
        elif dso.startswith("libgumbo"):
            stages["parse (gumbo)"] += pct
        elif dso.startswith("libicu") or DEDUP.search(sym):
            stages["dedup (normalise, shingles, MinHash)"] += pct
        elif dso.startswith("libcurl") or dso.startswith("libpsl") or LINKS.search(sym):
            stages["links (resolve, normalise, scope) on workers"] += pct
        elif dso == "wirecrawl" and EXTRACT.search(sym):
            stages["extract and classify"] += pct
        elif dso.startswith("libc.") or dso.startswith("[kernel") or dso.startswith("libstdc++"):
            stages["libc/kernel on workers (malloc, free, memcpy, faults)"] += pct
        else:
            stages["other wirecrawl code on workers"] += pct
    total = sum(stages.values())
    print(f"threads: writer {writer} ({sum(by_thread[writer].values()):.1f} %), workers "
          + ", ".join(f"{t} ({sum(by_thread[t].values()):.1f} %)" for t in sorted(workers))
          + ", other " + ", ".join(f"{t} ({sum(by_thread[t].values()):.1f} %)" for t in sorted(fetchers)))
    for name, pct in stages.most_common():
        ms = f"  {cpu_ms * pct / total:6.3f} ms/page" if cpu_ms else ""
        print(f"{pct:6.1f} %{ms}  {name}")
    print(f"top {top} symbols (self):")
    merged = collections.Counter()
    for pct, tid, dso, sym in rows:
        merged[(dso, sym[:110])] += pct
    for (dso, sym), pct in merged.most_common(top):
        print(f"{pct:6.2f} %  {dso:22s} {sym}")


if __name__ == "__main__":
    main()
