#!/usr/bin/python3
"""The datasketch side of the dedup bench: `wirecrawl dedup`'s job done the
usual datasketch way, one process, one thread.

    PYTHONPATH=<dir holding datasketch/> datasketch_dedup.py [--threshold 0.7]
        [--shingle-size 5] [--num-perm 128] < docs.jsonl > stories.jsonl

For each JSONL line {"id", "text"}, in input order: normalise the text (the
same rules as dedup/normalize.h, in Python: NFKC, case folding, Arabic alef
variants, alef maqsura, teh marbuta, tashkeel, tatweel, Arabic-Indic digits;
words = runs of \\w), take the set of 5-word shingles, build a MinHash
(k = 128, datasketch's default SHA-1 hash; one template MinHash copied per
document, as MinHash.generator does, so the permutations are drawn once),
query a MinHashLSH(threshold, num_perm) for candidates (datasketch picks
b = 14 bands of r = 9 rows for 0.7 and k = 128; --params 25,5 gives
wirecrawl's bands), verify them with the
exact Jaccard of the shingle sets (as `wirecrawl dedup` does when it keeps
shingles), join the story of the best candidate at or above the threshold or
start a new one, then insert the document. Writes {"id", "story",
"similarity"} lines like `wirecrawl dedup`, where "story" is the id of the
story's first member and "similarity" the Jaccard to the matched member.
"""

import argparse
import json
import re
import sys
import unicodedata

from datasketch import MinHash, MinHashLSH

_FOLD = {ord(c): "ا" for c in "أإآٱ"}
_FOLD.update({ord("ى"): "ي", ord("ة"): "ه", ord("ی"): "ي", ord("ک"): "ك", 0x0640: None, 0x0670: None})
_FOLD.update({cp: None for cp in range(0x064B, 0x0653)})
_FOLD.update({0x0660 + d: str(d) for d in range(10)})
_FOLD.update({0x06F0 + d: str(d) for d in range(10)})
_FOLD.update({cp: None for cp in (0x200C, 0x200D, 0x200E, 0x200F)})
_WORD = re.compile(r"\w+")


def words(text):
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold().translate(_FOLD))


def shingles(ws, k):
    if len(ws) < k:
        return {" ".join(ws)} if ws else set()
    return {" ".join(ws[i:i + k]) for i in range(len(ws) - k + 1)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--shingle-size", type=int, default=5)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--params", help="B,R: LSH bands and rows (default: datasketch's choice for the threshold)")
    args = ap.parse_args()
    params = tuple(int(x) for x in args.params.split(",")) if args.params else None
    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm, params=params)
    print(f"datasketch_dedup: MinHashLSH b={lsh.b} r={lsh.r}", file=sys.stderr)
    template = MinHash(num_perm=args.num_perm)
    sets, story_of, story_id = [], [], []
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        doc = json.loads(line)
        sh = shingles(words(doc["text"]), args.shingle_size)
        m = template.copy()
        m.update_batch(s.encode("utf-8") for s in sh)
        best, best_j = -1, 0.0
        for c in lsh.query(m):
            other = sets[c]
            union = len(sh | other)
            j = len(sh & other) / union if union else 1.0
            if j >= args.threshold and (j > best_j or (j == best_j and c < best)):
                best, best_j = c, j
        n = len(sets)
        sets.append(sh)
        if best < 0:
            story_of.append(n)
            story_id.append(doc["id"])
            best_j = 1.0
        else:
            story_of.append(story_of[best])
            story_id.append(story_id[best])
        lsh.insert(n, m)
        out.write(json.dumps({"id": doc["id"], "story": story_id[n], "similarity": round(best_j, 4)},
                             ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
