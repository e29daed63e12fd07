"""Bad input never costs the good: each bad input is ingested in one batch with the five sample pages
(seven articles), by `rasid ingest` in a fresh store, and the table says what came out.

    python bench/bad_inputs.py [--only NAME] > table.md

Columns: the input, the exit status (1 = stored, something skipped), how many of the seven sample
articles were stored, the reason shown for the bad input, and the seconds the whole batch took.
Every row should read 7/7; no row may hang (each run is stopped after --deadline seconds).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("RASID_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "tests"))
from webserver import Site  # noqa: E402

WORD = "الصحفية"  # seven letters: sixteen such words after © made the old credit rule backtrack for minutes


def _nested_gzip(depth: int) -> bytes:
    data = "نص".encode()
    for _ in range(depth):
        data = gzip.compress(data, compresslevel=1)
    return data


def _understated_zip() -> bytes:
    """A zip whose member says 1 KB but inflates to 300 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", b"\0" * (300 << 20))
    data = bytearray(buf.getvalue())
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed size fields
        i = data.index(sig)
        data[i + offset:i + offset + 4] = (1024).to_bytes(4, "little")
    return bytes(data)


def _big_article_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("huge.txt", ("عنوان\n" + "خبر طويل جدا عن لا شيء. " * 2_300_000).encode())  # 95 MB
    return buf.getvalue()


def cases(folder: Path, site: Site) -> list[tuple[str, list[str]]]:
    """(name, inputs to add to the batch) for every bad input; files are made in `folder`."""
    def file(name: str, data: bytes | str) -> str:
        p = folder / name
        p.write_bytes(data.encode() if isinstance(data, str) else data)
        return str(p)

    def subfolder(name: str) -> Path:
        p = folder / name
        p.mkdir()
        return p

    out: list[tuple[str, list[str]]] = []
    out.append(("binary file (PNG)", [file("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200))]))
    out.append(("empty file", [file("empty.txt", b"")]))
    big = folder / "huge.txt"
    with big.open("wb") as f:
        f.truncate(200 << 20)
    out.append(("200 MB file (sparse)", [str(big)]))
    out.append(("invalid UTF-8 in UTF-8 text", [file("garbled.txt", ("خبر " * 400).encode() + b"\xff\xfe" * 3)]))
    out.append(("broken HTML", [file("broken.html", "<html><body><div><p></div></span></body")]))
    out.append(("broken JSON", [file("bad.json", '[{"title": "x", "content": ')]))
    out.append(("JSON nested 100,000 deep", [file("deep.json", "[" * 100_000 + "]" * 100_000)]))
    out.append(("gzip nested 3,000 deep", [file("deep.gz", _nested_gzip(3000))]))
    out.append(("zip member understating its size (300 MB)", [file("bomb.zip", _understated_zip())]))
    out.append(("90 MB article (zipped), under the file limit", [file("big.zip", _big_article_zip())]))
    loop = subfolder("links")
    os.symlink("loop", loop / "loop")
    out.append(("symlink loop in a folder", [str(loop)]))
    fifo = subfolder("pipes")
    os.mkfifo(fifo / "pipe.txt")
    out.append(("FIFO in a folder", [str(fifo)]))
    odd = subfolder("names")
    (odd / os.fsdecode(b"caf\xe9-\xff.txt")).write_text("عنوان\nأعلنت البلدية افتتاح حديقة جديدة في الحي الشمالي.",
                                                      encoding="utf-8")
    out.append(("file name with undecodable bytes", [str(odd)]))
    out.append(("lone surrogates in a JSON record", [file("surrogates.json", json.dumps(
        [{"title": "\ud800عنوان", "content": "خبر عن \udfff افتتاح مدرسة جديدة في المدينة.",
          "url": "https://x.example/\ud800", "source": "\udc80منفذ"}]))]))
    out.append(("JSON records of the wrong type", [file("types.json", '[true, 42, "نص", null, {"content": true},'
                                                                     ' {"content": 42}, {"title": NaN}]')]))
    out.append(("a bare JSON string", [file("scalar.json", '"نص"')]))
    out.append(("UTF-16 without a BOM (readable)", [file("utf16.txt", "عنوان الخبر\nأعلنت الوزارة بدء العام الدراسي"
                                                                       " في الأسبوع المقبل.".encode("utf-16-le"))]))
    out.append(("NUL characters only", [file("nul.txt", b"\0" * 5000)]))
    credit = "عنوان\nالتقط المصور هذه الصورة في الميدان © " + " ".join([WORD] * 16) + " !"
    out.append(("photo-credit line of 16 words after ©", [file("credit.txt", credit)]))
    out.append(("100,000 nested divs", [file("divs.html", "<html><body>" + "<div>" * 100_000 + "نص" +
                                            "</div>" * 100_000 + "</body></html>")]))
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
              '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss><channel><title>&lol3;</title><item>'
              '<title>خبر</title><description>&lol3;</description></item></channel></rss>')
    out.append(("billion-laughs feed", [file("laughs.xml", laughs)]))
    out.append(("URL dripping a byte every 2 s (--timeout 3)", [f"{site.url}/drip"]))
    out.append(("URL that never answers (--timeout 3)", [f"{site.url}/hang"]))
    out.append(("URL on a closed port", ["http://127.0.0.1:9/feed.xml"]))
    return out


def run(name: str, inputs: list[str], samples: Path, deadline: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "s.db"
        t0 = time.monotonic()
        try:
            proc = subprocess.run([sys.executable, "-m", "rasid", "ingest", str(samples), *inputs, "--db", str(db),
                                   "--timeout", "3"], capture_output=True, text=True, timeout=deadline,
                                  errors="replace")
            status, err = proc.returncode, proc.stderr
        except subprocess.TimeoutExpired:
            status, err = "hung", ""
        seconds = time.monotonic() - t0
        good = others = 0
        if db.exists():
            with sqlite3.connect(db) as con:
                good = con.execute("SELECT count(*) FROM articles WHERE source_file LIKE '00_\\_%' ESCAPE '\\'"
                                   ).fetchone()[0]
                others = con.execute("SELECT count(*) FROM articles").fetchone()[0] - good
        reasons = [m.group(1) for m in re.finditer(r"skipped .*?: (.+)", err)]
        return {"input": name, "status": status, "good": good, "others": others, "reasons": reasons, "seconds": seconds,
                "traceback": "Traceback" in err}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="run only the cases whose name contains this")
    ap.add_argument("--deadline", type=float, default=300)
    args = ap.parse_args()
    samples = SHARED / "samples"
    site = Site({}, hang=60, drip=2.0)
    print("| input | exit | sample articles stored | reason shown | seconds |")
    print("| --- | --- | --- | --- | --- |")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for name, inputs in cases(Path(tmp), site):
                if args.only and args.only not in name:
                    continue
                r = run(name, inputs, samples, args.deadline)
                reason = "; ".join(dict.fromkeys(r["reasons"])) or "(none)"
                if r["others"]:
                    reason += f" — read as {r['others']} article{'s' * (r['others'] > 1)}"
                if r["traceback"]:
                    reason += " **TRACEBACK**"
                print(f"| {name} | {r['status']} | {r['good']}/7 | {reason[:220]} | {r['seconds']:.1f} |", flush=True)
    finally:
        site.close()


if __name__ == "__main__":
    main()
