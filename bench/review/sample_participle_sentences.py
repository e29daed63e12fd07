"""Sentences of SaudiNewsNet with a participle of saying (مؤكدا، مشيرا إلى، قائلين …) before a figure, in random order
(seed 61), the first 25 that give claims, with the source each claim is attributed to:

    python bench/review/sample_participle_sentences.py
"""
import glob
import json
import random
import re
import zipfile

from rasid.extract import extract
from rasid.extract.claims import _ASSERTING, _OPENING_VERB
from rasid.text.normalize import fold
from rasid.text.sentences import sentences

random.seed(61)
recs = []
for z in sorted(glob.glob("../shared/data/news/saudinewsnet/*.zip")):
    with zipfile.ZipFile(z) as zf:
        for n in zf.namelist():
            recs += json.loads(zf.read(n))
random.shuffle(recs)
found = 0
for r in recs:
    text = r.get("content") or ""
    for s, e in sentences(text):
        f = fold(text[s:e])
        m = _ASSERTING.search(f); v = _OPENING_VERB.match(f)
        if m and v and v.end() < m.start() and re.search(r"\d", f[m.end():]):
            out = extract(text[s:e], published="2015-07-25")
            cl = [c for c in out["claims"] if c["start"] >= 0]
            if not cl: continue
            found += 1
            print(f"{found}. {text[s:e][:300]}")
            for c in cl: print("   ", c["quantity"]["text"], "←", [a["text"] for a in c["attribution"]])
            break
    if found >= 25: break
