"""A throwaway HTTP server on loopback for feed and URL tests."""
from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    """A loopback server whose clients may hang up: that is what the tests make them do.

    The standard server prints each such broken pipe to stderr, where a concurrent CLI test's
    captured output would read it as its own.
    """

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Site:
    """Serves `pages` ({path: (content_type, bytes)}) and `redirects` ({path: location}, as 302s).

    `/hang` answers only after `hang` seconds; `/drip` sends a 200 and then its body a byte every `drip`
    seconds, `/drip-headers` its headers so. `connections` counts the connections the server accepted,
    so that a test can tell a refused URL never reached it; `hosts` lists the Host header of each request.
    """

    def __init__(self, pages: dict[str, tuple[str, bytes]], hang: float = 5.0,
                 redirects: dict[str, str] | None = None, drip: float = 0.1):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def setup(self):
                with site.lock:
                    site.connections += 1
                super().setup()

            def do_GET(self):
                site.hosts.append(self.headers.get("Host"))
                if self.path == "/hang":
                    time.sleep(site.hang)
                if self.path in site.redirects:
                    self.send_response(302)
                    self.send_header("Location", site.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self.path == "/drip":
                    body = "خبر يصل حرفا حرفا".encode() * 4
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.drip(body)
                elif self.path == "/drip-headers":
                    self.drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n")
                elif self.path not in site.pages:
                    self.send_error(404)
                else:
                    ctype, body = site.pages[self.path]
                    self.send_response(200)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def drip(self, data: bytes):
                try:
                    for i in range(len(data)):
                        self.wfile.write(data[i:i + 1])
                        time.sleep(site.drip)
                except OSError:  # the client gave up, as it should
                    pass

            def log_message(self, *args):
                pass

        self.pages, self.hang, self.redirects, self.drip = pages, hang, redirects or {}, drip
        self.connections, self.lock, self.hosts = 0, threading.Lock(), []
        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
