#!/usr/bin/python3
"""readability-lxml (Debian python3-readability) pages/s over the same pages.

Usage: /usr/bin/python3 bench/peers/readability_bench.py [PAGES_DIR] [--seconds S]
"""
import argparse, gzip, pathlib, time
from readability import Document

parser = argparse.ArgumentParser()
parser.add_argument("pages_dir", nargs="?")
parser.add_argument("--seconds", type=float, default=5.0)
opts = parser.parse_args()
seconds = opts.seconds
root = pathlib.Path(__file__).resolve().parents[2]
pages_dir = pathlib.Path(opts.pages_dir) if opts.pages_dir else root.parent / 'shared/bench/extraction/dev/html'
pages = [gzip.open(p, 'rt', encoding='utf-8', errors='replace').read() if p.suffix == '.gz'
         else p.read_text(errors='replace') for p in sorted(pages_dir.iterdir())]
done = 0
start = time.perf_counter()
while time.perf_counter() - start < seconds or done == 0:
    for html in pages:
        Document(html).summary()
    done += len(pages)
elapsed = time.perf_counter() - start
print(f"readability-lxml pages/s: {done / elapsed:.1f} ({done} pages in {elapsed:.2f} s)")
