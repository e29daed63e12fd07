"""Sentences of SaudiNewsNet where only a participle of saying names who asserts a figure (no verb of saying,
no named report before it), in random order (seed 67), the first 20 that give claims, with the source given:

    python bench/review/sample_participle_subjects.py
"""
import glob
import json
import random
import re
import zipfile

from rasid.extract import extract
from rasid.extract.claims import _ASSERTING, _CUES, _OPENING_VERB
from rasid.text.normalize import fold
from rasid.text.sentences import sentences

random.seed(67)
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
        m, v = _ASSERTING.search(f), _OPENING_VERB.match(f)
        if not (m and v and v.end() < m.start() and re.search(r"\d", f[m.end():])) or _CUES.search(f, 0, m.start()):
            continue
        claims = [c for c in extract(text[s:e], published="2015-07-25")["claims"] if c["attribution"]]
        if claims:
            found += 1
            print(f"{found}. {text[s:e][:260]}")
            print("    ", claims[0]["quantity"]["text"], "←", [a["text"] for a in claims[0]["attribution"]])
            break
    if found >= 20:
        break
