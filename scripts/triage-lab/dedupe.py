#!/usr/bin/env python3
"""Near-duplicate check for a new writer's lines (lab only; the writers of rounds 3-5 ran it): a
character-trigram index picks candidates, difflib confirms (ratio >= 0.8, lower-case, spaces collapsed).
usage: python3 scripts/triage-lab/dedupe.py NEW_FOLDER [OTHER_NEW_FOLDERS_GLOB]
checks NEW_FOLDER/*.jsonl against itself, knowledge/corpus/*/*.jsonl and the other new folders
(default /work/corpus-new/*/, where the writers worked). Prints the close pairs and their count."""
import sys, json, glob, os, re, difflib
from collections import defaultdict
mine_dir = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NEW = sys.argv[2] if len(sys.argv) > 2 else "/work/corpus-new/*/*.jsonl"
def norm(t): return re.sub(r"\s+", " ", t.lower()).strip()
def grams(t): return {t[i:i+3] for i in range(max(1, len(t)-2))}
def texts(paths):
    out = []
    for p in paths:
        for n, line in enumerate(open(p, encoding="utf-8"), 1):
            line = line.strip()
            if line: out.append((f"{p}:{n}", norm(json.loads(line)["text"])))
    return out
mine = texts(sorted(glob.glob(os.path.join(mine_dir, "*.jsonl"))))
others = texts([p for p in sorted(glob.glob(os.path.join(ROOT, "knowledge/corpus/*/*.jsonl"))) + sorted(glob.glob(NEW))
                if not os.path.abspath(p).startswith(mine_dir + os.sep)])
pool = others + mine
index = defaultdict(list)
gs = [grams(t) for _, t in pool]
for i, g in enumerate(gs):
    for x in g: index[x].append(i)
found = 0
for k, (where, t) in enumerate(mine):
    i = len(others) + k
    g = gs[i]
    counts = defaultdict(int)
    for x in g:
        lst = index[x]
        if len(lst) > 3000: continue  # very common trigram: no signal
        for j in lst:
            if j != i: counts[j] += 1
    for j, c in counts.items():
        if j >= len(others) and j < i: continue  # pair inside mine reported once
        if c < 0.5 * min(len(g), len(gs[j])): continue
        r = difflib.SequenceMatcher(None, t, pool[j][1]).ratio()
        if r >= 0.8:
            found += 1
            print(f"{r:.2f}\t{where}\t{pool[j][0]}\n\t{t[:100]}\n\t{pool[j][1][:100]}")
print(f"{found} close pairs ({len(mine)} lines checked against {len(others)} others)")
