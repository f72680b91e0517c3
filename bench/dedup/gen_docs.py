#!/usr/bin/python3
"""Writes the dedup-bench documents: JSONL lines {"id", "text"} of ~400-word
Arabic-script texts, with known near-duplicates.

    gen_docs.py [--docs 6000] [--words 400] [--seed 1] > docs.jsonl

The words are the whitespace tokens of the Arabic seed articles
(tests/data/seeds/*.txt, ~1,100 distinct tokens, punctuation attached as in
the articles), drawn at random into sentences and paragraphs, so two fresh
documents share no 5-word run by chance. Among the documents (n = line index):

- n % 10 == 9 (n >= 10): a wire copy of an earlier document with one 50-word
  passage rewritten (Jaccard of the 5-shingle sets ~0.75: same story at 0.7);
- n % 20 == 4 (n >= 20): a heavy rewrite of an earlier document, three
  passages rewritten (Jaccard ~0.45: a different story, though it shares
  bands with the original);
- n % 50 == 13 (n >= 50): an earlier document with only its spelling changed
  (tashkeel, tatweel, alef forms, Arabic-Indic digits), so normalisation must
  make it equal (Jaccard 1 after normalisation);
- otherwise a fresh document.

Deterministic for a seed. Stdlib only. Output is UTF-8 (not \\u escapes):
6,000 documents are ~27 MB.
"""

import argparse
import glob
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "..", "tests", "data", "seeds", "*.txt")
TASHKEEL = ["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b"]
PASSAGE = 50  # words per rewritable passage


def vocabulary():
    words = set()
    for path in sorted(glob.glob(SEEDS)):
        with open(path, encoding="utf-8") as f:
            words.update(f.read().split())
    return sorted(words)


def fresh(rng, vocab, n):
    return [rng.choice(vocab) for _ in range(n)]


def rewrite(rng, vocab, words, passages):
    out = list(words)
    slots = rng.sample(range(len(words) // PASSAGE), passages)
    for s in slots:
        out[s * PASSAGE:(s + 1) * PASSAGE] = fresh(rng, vocab, PASSAGE)
    return out


def respell(rng, word):
    """The same word after normalisation: marks, tatweel, alef forms, digits."""
    r = rng.random()
    if r < 0.3 and len(word) > 1:
        i = rng.randrange(1, len(word))
        return word[:i] + rng.choice(TASHKEEL) + word[i:]
    if r < 0.4 and len(word) > 2:
        return word[:1] + "\u0640" + word[1:]
    if r < 0.5:
        return word.replace("ا", "أ", 1)
    if r < 0.6:
        return word.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return word


def text_of(rng, words):
    """Words into sentences (9-22 words) and paragraphs (3 sentences)."""
    lines, para, sent = [], [], 0
    i = 0
    while i < len(words):
        n = rng.randint(9, 22)
        para.append(" ".join(words[i:i + n]) + ".")
        i += n
        sent += 1
        if sent % 3 == 0:
            lines.append(" ".join(para))
            para = []
    if para:
        lines.append(" ".join(para))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=6000)
    ap.add_argument("--words", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    vocab = vocabulary()
    if not vocab:
        sys.exit(f"gen_docs: no seed texts at {SEEDS}")
    docs = []
    out = sys.stdout
    for n in range(args.docs):
        if n % 10 == 9 and n >= 10:
            words = rewrite(rng, vocab, docs[n - rng.randint(1, 9)], 1)
        elif n % 20 == 4 and n >= 20:
            words = rewrite(rng, vocab, docs[n - rng.randint(1, 19)], 3)
        elif n % 50 == 13 and n >= 50:
            src = docs[n - rng.randint(1, 49)]
            words = list(src)
            docs.append(words)
            out.write(json.dumps({"id": f"d{n:05d}", "text": text_of(rng, [respell(rng, w) for w in src])},
                                 ensure_ascii=False) + "\n")
            continue
        else:
            words = fresh(rng, vocab, args.words)
        docs.append(words)
        out.write(json.dumps({"id": f"d{n:05d}", "text": text_of(rng, words)}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
