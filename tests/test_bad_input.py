"""Every bad input is reported with its path and reason, and the rest of the batch is stored."""
import gzip
import ipaddress
import json
import os
import socket
import sqlite3
import threading
import time
import tracemalloc
import zipfile

import pytest
from webserver import Site

from rasid.ingest import Options, read, read_input
from rasid.model import Problem, RawPage
from rasid.pipeline import ingest
from rasid.store import Store

MB = 1 << 20

GOOD = "عقدت اللجنة الوطنية للانتخابات اجتماعها الدوري اليوم لمناقشة الاستعدادات للاقتراع المقبل.\n" \
       "وقال رئيس اللجنة إن التحضيرات تسير وفق الجدول الزمني المعلن في وقت سابق."


def reasons(report):
    return {p.source.rsplit("/", 1)[-1]: p.reason for p in report.problems}


def test_every_bad_file_is_skipped_with_a_reason_and_the_good_ones_are_stored(tmp_path, new_store):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (d / "blob.bin").write_bytes(bytes(range(256)) * 8)
    (d / "empty.txt").write_bytes(b"")
    (d / "blank.txt").write_bytes(b"  \n\n \t")
    with open(d / "huge.txt", "wb") as f:  # 200 MB, sparse: the size alone must stop it
        f.truncate(200 * 1024 * 1024)
    (d / "broken.html").write_text("<html><head><title>x</title></head><body><div><p></div></span></body",
                                   encoding="utf-8")
    (d / "garbled.txt").write_bytes((GOOD * 3).encode() + b"\xff\xfe\xfd\xfc" + (GOOD * 3).encode())
    (d / "bad.json").write_text('[{"title": "x", "content": ', encoding="utf-8")
    db = new_store(tmp_path, "store")
    r = ingest([str(d), str(tmp_path / "missing.txt")], db)
    got = reasons(r)
    assert r.new == 1
    assert got["image.txt"] == "binary file (a PNG image)"
    assert got["blob.bin"] == "binary file (NUL bytes)"
    assert got["empty.txt"] == got["blank.txt"] == "empty file"
    assert got["huge.txt"].startswith("file is 200.0 MB, over the 100 MB limit")
    assert got["broken.html"] == "no article text found"
    assert got["garbled.txt"].startswith(f"invalid UTF-8 at byte {len((GOOD * 3).encode())}")
    assert got["bad.json"] == "not valid JSON or JSON Lines"
    assert got["missing.txt"] == "no such file or directory"
    with Store(db) as s:  # problems are kept in the store too, for `rasid problems`
        assert s.count() == 1 and s.count("problems") == len(got) == 9


def test_an_unreadable_zip_member_is_skipped_and_the_others_kept(tmp_path, new_store):
    z = tmp_path / "batch.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("a.txt", GOOD)
        zf.writestr("b.txt", "عنوان\n" + GOOD.replace("اليوم", "أمس"))
    data = bytearray(z.read_bytes())
    i = data.index("أمس".encode())
    data[i:i + 2] = b"XX"  # corrupt the second member: its CRC no longer matches
    z.write_bytes(bytes(data))
    r = ingest([str(z)], new_store(tmp_path, "s"))
    assert r.new == 1
    (p,) = r.problems
    assert p.source.endswith("batch.zip!b.txt") and "Bad CRC-32" in p.reason


def test_a_truncated_zip_is_reported(tmp_path, new_store):
    z = tmp_path / "cut.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.txt", GOOD * 50)
    z.write_bytes(z.read_bytes()[:100])
    r = ingest([str(z)], new_store(tmp_path, "s"))
    assert r.new == 0 and r.problems[0].reason.startswith("broken zip archive")


def test_urls_that_do_not_answer(tmp_path, new_store):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/feed"
    site = Site({}, hang=3)
    try:
        r = ingest([closed, f"{site.url}/hang", f"{site.url}/missing"], new_store(tmp_path, "s"), timeout=0.5)
    finally:
        site.close()
    got = {p.source.rsplit("/", 1)[-1]: p.reason for p in r.problems}
    assert "refused" in got["feed"].lower()
    assert "timed out" in got["hang"].lower()
    assert got["missing"] == "could not fetch: HTTP 404 Not Found"


def test_exit_status_says_something_was_skipped(tmp_path, cli, new_store):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    db = new_store(tmp_path, "store")
    res = cli("ingest", tmp_path / "good.txt", tmp_path / "empty.txt", "--db", db)
    assert res.exit_code == 1
    assert "empty.txt" in res.stderr and "empty file" in res.stderr
    assert cli("ingest", tmp_path / "good.txt", "--db", db).exit_code == 0


# --- the readers alone: what `rasid.ingest.read` gives for a batch -----------------------------------


def collect(items, seconds=30):
    """The list of `items` (an iterator) made in a thread, so that a reader that blocks fails the test
    instead of hanging it."""
    out = []

    def run():
        try:
            out.append(list(items))
        except BaseException as e:  # re-raised below, in the test's own thread
            out.append(e)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert out, f"reading blocked for {seconds} s"
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def read_all(sources, **options):
    """The pages read from `sources`, and (last part of the source, reason) for each problem."""
    items = collect(read([str(s) for s in sources], Options(**options)))
    return ([p for p in items if isinstance(p, RawPage)],
            [(p.source.rsplit("/", 1)[-1], p.reason) for p in items if isinstance(p, Problem)])


def test_a_symbolic_link_loop_is_reported_and_the_rest_of_the_folder_read(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("good.txt", d / "link.txt")  # a link to a file is read
    os.symlink("loop", d / "loop")  # ln -s loop loop
    os.symlink("b", d / "a")  # a → b → a
    os.symlink("a", d / "b")
    os.symlink("gone.txt", d / "dangling.txt")
    pages, problems = read_all([d, d / "loop"])
    assert [(p.source_file, p.text) for p in pages] == [("good.txt", GOOD), ("link.txt", GOOD)]
    assert problems == [("a", "symbolic link loop"), ("b", "symbolic link loop"),
                        ("dangling.txt", "broken symbolic link (its target does not exist)"),
                        ("loop", "symbolic link loop"), ("loop", "symbolic link loop")]
    # what the pipeline compares paths with: the resolved path, or None where Path.resolve would raise
    from rasid.ingest.files import resolved

    assert resolved(str(d / "loop")) is None and resolved(str(d / "a")) is None
    assert resolved(str(d / "link.txt")) == (d / "good.txt").resolve().as_posix()


def test_fifos_sockets_and_devices_are_reported_and_never_opened(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(d / "pipe.txt")  # opening it would wait for a writer forever
    os.symlink("/dev/null", d / "null.txt")  # a character device, through a link
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(d / "sock.txt"))
        pages, problems = read_all([d, d / "pipe.txt"])
        direct = collect(read_input(str(d / "pipe.txt"), Options()))  # a FIFO that turned up after expand
    assert [p.text for p in pages] == [GOOD]
    assert problems == [("null.txt", "not a regular file (a character device)"),
                        ("pipe.txt", "not a regular file (a FIFO)"), ("sock.txt", "not a regular file (a socket)"),
                        ("pipe.txt", "not a regular file (a FIFO)")]
    assert [p.reason for p in direct] == ["not a regular file (a FIFO)"]


def test_input_nested_too_deeply_is_reported(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (d / "deep.jsonl").write_text('{"title": "x"}\n' + "{\"a\": " * 100_000 + "1" + "}" * 100_000 + "\n",
                                  encoding="utf-8")
    data = GOOD.encode()
    for layer in range(1, 3004):
        data = gzip.compress(data, compresslevel=1)
        if layer in (3, 4):
            (d / f"layers{layer}.txt.gz").write_bytes(data)
    (d / "bomb.gz").write_bytes(data)  # gzip of gzip of … 3003 deep
    pages, problems = read_all([d])
    assert [(p.source_file, p.text) for p in pages] == [("layers3.txt", GOOD)]  # as deep as allowed
    assert problems == [("bomb.gz", "archives nested more than 3 deep"),
                        ("deep.json", "JSON nested too deeply"), ("deep.jsonl", "JSON nested too deeply"),
                        ("layers4.txt.gz", "archives nested more than 3 deep")]


def understate(data: bytearray, name: bytes, size: int) -> None:
    """Make the local and central headers of member `name` claim `size` bytes uncompressed."""
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        i = data.find(signature)
        while i >= 0:
            if data[i + name_at:i + name_at + len(name)] == name:
                data[i + size_at:i + size_at + 4] = size.to_bytes(4, "little")
            i = data.find(signature, i + 1)


def test_archive_members_are_read_within_the_size_cap_whatever_their_headers_say(tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", GOOD)
        zf.writestr("big.txt", bytes(64 * MB))  # 64 MB of zeros, 64 KB deflated
        zf.writestr("inner.txt.gz", gzip.compress(bytes(3 * MB)))
    data = bytearray(z.read_bytes())
    understate(data, b"big.txt", 1000)  # a header that lies: "1000 bytes"
    z.write_bytes(bytes(data))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(bytes(3 * MB)))
    tracemalloc.start()
    try:
        pages, problems = read_all([z, tmp_path / "c.txt.gz"], max_bytes=1 * MB)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB  # bounded by the cap, not by what the member inflates to
    assert [p.text for p in pages] == [GOOD]
    assert problems == [("bomb.zip!big.txt", "unreadable archive member (Bad CRC-32 for file 'big.txt')"),
                        ("bomb.zip!inner.txt.gz", "over the 1 MB limit (uncompressed; raise it with --max-size)"),
                        ("c.txt.gz", "over the 1 MB limit (uncompressed; raise it with --max-size)")]


def test_lone_surrogates_and_undecodable_file_names_become_printable_text(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    bad = {"title": "جسر\ud800", "content": GOOD + "\udce9", "url": "https://a.example/\ud800", "source": "\ud800الضفة"}
    (d / "r.json").write_text(json.dumps([bad, {"title": "خبر", "content": GOOD}]), encoding="ascii")  # \ud800 escapes
    folder = os.fsencode(d)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as f:  # a Latin-1 name on a UTF-8 system
        f.write(GOOD.encode())
    open(os.path.join(folder, b"vide\xff.txt"), "wb").close()
    pages, problems = read_all([d])
    db = sqlite3.connect(":memory:")  # what the store needs: every string encodable as UTF-8
    for item in pages + [Problem(*p) for p in problems]:
        for value in (getattr(item, f) for f in item.__slots__):
            db.execute("select ?", (value,))
    assert [(p.source.rsplit("/", 1)[-1], p.source_file) for p in pages] == [
        ("caf\\xe9.txt", "caf\\xe9.txt"), ("r.json#0", None), ("r.json#1", None)]
    assert pages[0].text == GOOD  # read through its real name
    assert (pages[1].title, pages[1].text, pages[1].url, pages[1].outlet) == (
        "جسر\ufffd", GOOD + "\ufffd", "https://a.example/\ufffd", "\ufffdالضفة")
    assert problems == [("vide\\xff.txt", "empty file")]


def test_json_values_that_are_not_text_are_not_articles(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "r.json").write_text(
        '[{"title": true, "content": 42}, {"content": NaN}, {"content": null}, {"content": [[1, 2], [3]]}, '
        '{"content": {"name": 5}}, {"title": "خبر", "content": ' + json.dumps(GOOD) + ', "url": 7, "source": false}]',
        encoding="utf-8")
    (d / "string.json").write_text('"مجرد نص بين علامتي تنصيص"', encoding="utf-8")
    (d / "number.json").write_text("42", encoding="utf-8")
    (d / "true.json").write_text("true", encoding="utf-8")
    (d / "none.json").write_text('{"status": "ok", "articles": []}', encoding="utf-8")
    pages, problems = read_all([d])
    assert [(p.title, p.text, p.url, p.outlet) for p in pages] == [("خبر", GOOD, None, None)]
    assert problems == [
        ("none.json", "JSON holds no records"),
        ("number.json", "JSON holds a number, not records"),
        ("r.json#0", "record has no text: 'content' is a JSON number, 'title' is a JSON boolean"),
        ("r.json#1", "record has no text: 'content' is a JSON number"),
        ("r.json#2", "record has no text: 'content' is a JSON null"),
        ("r.json#3", "record has no text: 'content' is a JSON array with no strings"),
        ("r.json#4", "record has no text: 'content' is a JSON object with no name"),
        ("string.json", "JSON holds a string, not records"),
        ("true.json", "JSON holds a boolean, not records")]


# --- URLs: one deadline for the whole fetch, and no way in to private addresses ----------------------

NOT_PUBLIC = "refused: the address is not public"


def only(address):
    """An address policy under which the one loopback address of the test server stands for a public
    one (tests never leave 127.0.0.1), and everything else is refused."""
    return lambda a: a == ipaddress.ip_address(address)


def test_the_timeout_bounds_the_whole_fetch_not_each_read():
    site = Site({"/page": ("text/plain; charset=utf-8", GOOD.encode())}, drip=0.1)
    try:
        start = time.monotonic()
        pages, problems = read_all([f"{site.url}/drip", f"{site.url}/drip-headers", f"{site.url}/page"], timeout=1)
        elapsed = time.monotonic() - start
    finally:
        site.close()
    assert [p.text for p in pages] == [GOOD]
    assert problems == [("drip", "could not fetch: timed out (no complete answer within 1 s)"),
                        ("drip-headers", "could not fetch: timed out (no complete answer within 1 s)")]
    assert elapsed < 4  # two deadlines of 1 s and a page, not a byte every 0.1 s for as long as it lasts


def test_private_addresses_are_refused_before_anything_reaches_them():
    site = Site({"/page": ("text/plain; charset=utf-8", GOOD.encode())})
    with socket.socket() as s:  # a port nobody listens on: the answer must not tell
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    port = site.port
    urls = [f"{site.url}/page", f"http://localhost:{port}/page", f"http://2130706433:{port}/page",
            f"http://0x7f.1:{port}/page", f"http://127.1:{port}/page", f"http://[::ffff:127.0.0.1]:{port}/page",
            f"http://[::1]:{port}/page", f"http://0.0.0.0:{port}/page", f"http://127.0.0.1:{closed}/page"]
    try:
        pages, problems = read_all(urls, allow_private=False)
        assert (pages, site.connections) == ([], 0)
        assert [reason for _, reason in problems] == [NOT_PUBLIC] * len(urls)
        pages, problems = read_all([f"{site.url}/page"])  # the default (the CLI's) reads them
        assert ([p.text for p in pages], problems, site.connections) == ([GOOD], [], 1)
    finally:
        site.close()


def test_what_counts_as_public():
    from rasid.ingest.fetch import is_public

    for address in ["10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "224.0.0.1",
                    "240.0.0.1", "255.255.255.255", "0.0.0.0", "::", "::1", "fe80::1", "fc00::1", "ff02::1",
                    "::ffff:10.0.0.1", "2002:7f00:1::", "64:ff9b::a00:1"]:  # 6to4 and NAT64 wrap IPv4
        assert not is_public(ipaddress.ip_address(address)), address
    for address in ["93.184.216.34", "2606:4700:4700::1111", "2002:5db8:d822::"]:
        assert is_public(ipaddress.ip_address(address)), address


def test_every_redirect_is_checked_like_the_first_address():
    from rasid.ingest.fetch import FetchError, fetch

    site = Site({"/page": ("text/plain; charset=utf-8", GOOD.encode())})
    site.redirects.update({"/moved": "/page", "/to-internal": f"http://127.0.0.2:{site.port}/page",
                           "/to-ftp": "ftp://127.0.0.1/feed.xml", "/to-file": "file:///etc/passwd", "/loop": "/loop"})
    public = only("127.0.0.1")
    try:
        got = fetch(f"{site.url}/moved", timeout=5, max_bytes=MB, allow_private=False, public=public)
        assert (got.final_url, got.data, site.connections) == (f"{site.url}/page", GOOD.encode(), 2)
        with pytest.raises(FetchError) as refused:
            fetch(f"{site.url}/to-internal", timeout=5, max_bytes=MB, allow_private=False, public=public)
        assert refused.value.reason == NOT_PUBLIC and site.connections == 3  # the first hop only
        pages, problems = read_all([f"{site.url}/to-ftp", f"{site.url}/to-file", f"{site.url}/loop"])
    finally:
        site.close()
    assert pages == [] and problems == [("to-ftp", "refused: a redirect to ftp://, which is not http or https"),
                                        ("to-file", "refused: a redirect to file://, which is not http or https"),
                                        ("loop", "could not fetch: more than 5 redirects")]


def test_the_address_checked_is_the_address_connected_to(monkeypatch):
    """A host whose DNS answer changes between the check and the connection (DNS rebinding) is looked up
    once; the Host header still names it."""
    from rasid.ingest.fetch import fetch

    site = Site({"/page": ("text/plain; charset=utf-8", GOOD.encode())})
    real, lookups = socket.getaddrinfo, []

    def rebinding(host, port, *args, **kwargs):  # first the checked address, then one the check would refuse
        if host != "news.test":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return real("127.0.0.1" if len(lookups) == 1 else "127.0.0.2", port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        got = fetch(f"http://news.test:{site.port}/page", timeout=5, max_bytes=MB, allow_private=False,
                    public=only("127.0.0.1"))
    finally:
        site.close()
    assert (got.data, lookups, site.hosts) == (GOOD.encode(), ["news.test"], [f"news.test:{site.port}"])
