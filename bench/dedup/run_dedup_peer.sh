#!/usr/bin/env bash
# dedup speed against datasketch (issue 16's bar: `wirecrawl dedup` whole
# process >= 10x datasketch's docs/s on the same documents, k = 128,
# 5-word shingles, threshold 0.7), and whether the two group the same.
#
# Usage: DATASKETCH_PEER=DIR bench/dedup/run_dedup_peer.sh [DOCS]   (default 6000)
#   DATASKETCH_PEER=DIR  a directory holding the datasketch/ package (required)
#   WIRECRAWL=path       wirecrawl binary (default: build/release/cli/wirecrawl, built if missing)
#   JOBS="1 2"           wirecrawl dedup -j values to run (default "1 2")
#   PEER_PARAMS="default 25,5"  LSH bands,rows for the peer: "default" is
#                        datasketch's own choice for the threshold (b=14, r=9),
#                        25,5 is wirecrawl's
#   KEEP_TMP=1           keep the temp dir (documents, outputs, timings)
#
# The peer: datasketch is not packaged in Debian 12 and this machine installs
# nothing from PyPI, so DATASKETCH_PEER was filled from the ekzhu/datasketch
# sources (datasketch/minhash.py, lsh.py, storage.py, hashfunc.py, and the
# WeightedMinHash class that lsh.py imports), read from GitHub and written out
# with their code as published (docstrings trimmed; left out: the Redis and
# Cassandra storage back ends, which only load with their client modules, the
# LSH methods this bench does not call, and WeightedMinHashGenerator), with
# numpy and scipy from Debian (python3-numpy, python3-scipy). It runs under /usr/bin/python3. With pip available,
# `pip install --target DIR datasketch` gives the same package. The peer is
# not part of this repository; bench/dedup/datasketch_dedup.py (ours) drives it.
#
# Steps: generate the documents (gen_docs.py: 6,000 Arabic-script ~400-word
# texts with known near-duplicates, JSONL {"id","text"}); run `wirecrawl dedup
# -j N` for each N in JOBS and datasketch_dedup.py for each PEER_PARAMS, each
# under /usr/bin/time -v, whole process; print docs/s, CPU %, peak RSS, the
# load average at the start of each run, the ratios, and how the partitions
# agree (pairs grouped together in both, adjusted Rand index).
set -euo pipefail
cd "$(dirname "$0")/../.."
docs=${1:-6000}
jobs=${JOBS:-1 2}
peer_params=${PEER_PARAMS:-default 25,5}
[[ -n ${DATASKETCH_PEER:-} && -f $DATASKETCH_PEER/datasketch/minhash.py ]] ||
  { echo "run_dedup_peer: set DATASKETCH_PEER to a directory holding datasketch/ (see the top of this script)" >&2; exit 2; }
for m in numpy scipy; do
  /usr/bin/python3 -c "import $m" 2>/dev/null || { echo "run_dedup_peer: needs python3-$m (apt-get install python3-$m)" >&2; exit 2; }
done
if [[ -n ${WIRECRAWL:-} ]]; then
  bin=$WIRECRAWL
else
  bin=build/release/cli/wirecrawl
  [[ -x $bin ]] || { cmake --preset release >/dev/null && cmake --build --preset release --target wirecrawl >/dev/null; }
fi
tmp=$(mktemp -d /tmp/dedup-peer.XXXXXX)
trap 'if [[ -n ${KEEP_TMP:-} ]]; then echo "run_dedup_peer: kept $tmp"; else rm -rf "$tmp"; fi' EXIT
/usr/bin/python3 bench/dedup/gen_docs.py --docs "$docs" >"$tmp/docs.jsonl"
cat "$tmp/docs.jsonl" >/dev/null  # warm
runs=()
for j in $jobs; do
  name="wirecrawl-j$j"
  cut -d' ' -f1-3 /proc/loadavg >"$tmp/$name.load"
  /usr/bin/time -v -o "$tmp/$name.time" "$bin" dedup -j "$j" "$tmp/docs.jsonl" >"$tmp/$name.out" 2>"$tmp/$name.err" ||
    { cat "$tmp/$name.err" >&2; exit 1; }
  runs+=("$name")
done
for p in $peer_params; do
  name="datasketch-${p/,/x}"
  args=()
  [[ $p == default ]] || args=(--params "$p")
  cut -d' ' -f1-3 /proc/loadavg >"$tmp/$name.load"
  PYTHONPATH=$DATASKETCH_PEER /usr/bin/time -v -o "$tmp/$name.time" /usr/bin/python3 bench/dedup/datasketch_dedup.py \
    "${args[@]}" <"$tmp/docs.jsonl" >"$tmp/$name.out" 2>"$tmp/$name.err" || { cat "$tmp/$name.err" >&2; exit 1; }
  runs+=("$name")
done
/usr/bin/python3 - "$tmp" "$docs" "${runs[@]}" <<'PY'
import collections, json, math, os, re, sys
tmp, docs, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
size = os.path.getsize(os.path.join(tmp, "docs.jsonl"))
print(f"documents: {docs}, {size / 1e6:.1f} MB of JSONL")

def timing(name):
    t = open(os.path.join(tmp, name + ".time")).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
    secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
    cpu = float(re.search(r"User time \(seconds\): (\S+)", t).group(1)) + \
        float(re.search(r"System time \(seconds\): (\S+)", t).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    return secs, cpu, rss

def partition(name):
    return {d["id"]: d["story"] for d in map(json.loads, open(os.path.join(tmp, name + ".out")))}

def pairs(n):
    return n * (n - 1) // 2

def agreement(a, b):
    ids = a.keys() & b.keys()
    joint = collections.Counter((a[i], b[i]) for i in ids)
    sa, sb = collections.Counter(a[i] for i in ids), collections.Counter(b[i] for i in ids)
    both, pa, pb = sum(map(pairs, joint.values())), sum(map(pairs, sa.values())), sum(map(pairs, sb.values()))
    total = pairs(len(ids))
    expected = pa * pb / total if total else 0
    ari = (both - expected) / ((pa + pb) / 2 - expected) if (pa + pb) / 2 != expected else 1.0
    # documents whose story has exactly the same members in both
    members_a = collections.defaultdict(set); members_b = collections.defaultdict(set)
    for i in ids:
        members_a[a[i]].add(i); members_b[b[i]].add(i)
    same = sum(1 for i in ids if members_a[a[i]] == members_b[b[i]])
    return len(sa), len(sb), pa, pb, both, ari, same / len(ids) if ids else 1.0

res = {}
for name in runs:
    wall, cpu, rss = timing(name)
    load = open(os.path.join(tmp, name + ".load")).read().strip()
    res[name] = (wall, cpu, rss)
    print(f"{name:22s} {wall:7.2f} s wall {docs / wall:8.0f} docs/s  CPU {cpu:6.2f} s ({100 * cpu / wall:4.0f} %)  "
          f"{docs / cpu:8.0f} docs/CPU-s  peak RSS {rss:6.1f} MiB  load {load}")
wc = [r for r in runs if r.startswith("wirecrawl")]
ds = [r for r in runs if r.startswith("datasketch")]
for w in wc:
    for d in ds:
        print(f"ratio {w} / {d}: {res[d][0] / res[w][0]:.1f}x docs/s (wall), {res[d][1] / res[w][1]:.1f}x docs per CPU-second")
if len(wc) > 1:
    first = partition(wc[0])
    for w in wc[1:]:
        print(f"{w} output equals {wc[0]}'s: {partition(w) == first}")
if wc:
    a = partition(wc[0])
    for d in ds:
        na, nb, pa, pb, both, ari, same = agreement(a, partition(d))
        print(f"partition {wc[0]} vs {d}: stories {na} vs {nb}; grouped pairs {pa} vs {pb}, {both} in both; "
              f"adjusted Rand {ari:.4f}; {100 * same:.2f} % of documents in a story with the same members")
PY
