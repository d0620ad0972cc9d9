#!/usr/bin/env python3
"""http_server.py - a scripted HTTP(S) server on 127.0.0.1 for tests/test_fetch.c,
tests/test_live.c (both start it with support_server_start, tests/support.c) and
bench/poll.sh.

Usage: http_server.py --feed FEED.json [--tls CERT KEY]

Listens on a free port of 127.0.0.1, prints the port on stdout once it accepts
connections, and exits when its standard input closes (the test process ended, even
by a crash). Python standard library only.

Routes (FEED is the valid feed given with --feed; the routes that send FEED as it is,
such as /ok and /lm, serve any file, an image too):
  /ok             200 FEED with an ETag; 304 to a matching If-None-Match
                  (any route: ?date=TEXT sends TEXT as the Date header instead of now)
  /lm             200 FEED with Last-Modified; 304 to If-Modified-Since >= it
  /redirect-ok    302 to /ok
  /changing       200 FEED whose revision changes on every request
  /gzip           200 FEED with Content-Encoding: gzip
  /404 /500       that status
  /503            503 with Retry-After: 120
  /503-date       503 with Retry-After as an HTTP date 300 s from now
  /date-2040      200 FEED sent with "Date: Fri, 01 Jun 2040 12:00:00 GMT" (past 2038)
  /truncated      declares a Content-Length larger than what it sends, then closes
  /garbage        200 binary junk
  /empty          200 with an empty body
  /huge           200 chunked, 100 MB generated on the fly
  /huge-length    200 declaring a 20 MiB Content-Length
  /drip           200, one byte per second until the client goes
  /loop           302 to itself
  /redirect-file  302 to file:///etc/passwd
  /redirect-to    302 to the URL given as ?to=URL (e.g. from https to a plain server)
  /huge-header    200 FEED with one header of 200 KB (over libcurl's own line limit)
  /many-headers   200 FEED with 1000 headers of 100 bytes (100 KB, each line short)
  /odd-revision   200 FEED whose revision holds a newline, ESC [2J and BEL
  /invalid-json   200 cut-off JSON
  /invalid-feed   200 valid JSON, not a valid feed (sessions[0] ends before it starts)
  /stats          JSON: {"requests": {path: n}, "not_modified": {path: n},
                  "last": {path: {header: value}}} (the request headers the client sent)
  /reset          clears the statistics
"""
import argparse
import email.utils
import gzip
import hashlib
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = "Wed, 09 Dec 2020 09:00:00 GMT"
KEPT_HEADERS = ("User-Agent", "If-None-Match", "If-Modified-Since", "Accept-Encoding")


class State:
    def __init__(self, feed):
        self.feed = feed
        self.lock = threading.Lock()
        self.changing = 0
        self.reset()

    def reset(self):
        self.requests = {}
        self.not_modified = {}
        self.last = {}

    def count(self, path, headers):
        with self.lock:
            self.requests[path] = self.requests.get(path, 0) + 1
            self.last[path] = {h: headers.get(h) for h in KEPT_HEADERS}

    def hit(self, path):
        with self.lock:
            self.not_modified[path] = self.not_modified.get(path, 0) + 1

    def variant(self, revision):
        doc = json.loads(self.feed)
        doc["revision"] = revision
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")

    def invalid_feed(self):
        doc = json.loads(self.feed)
        s = doc["sessions"][0]
        s["start"], s["end"] = s["end"], s["start"]
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TestServer/1"
    query = {}  # the request's query parameters (set per request)

    def log_message(self, fmt, *args):  # quiet
        pass

    def reply(self, code, body=b"", headers=()):
        date = self.query.get("date")
        if date is None:
            self.send_response(code)
        else:
            self.send_response_only(code)
            self.send_header("Server", self.version_string())
            self.send_header("Date", date)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        st = self.server.state
        path, _, query = self.path.partition("?")
        # Latin-1: a %XX escape stands for that byte, sent as it is in a header.
        self.query = dict(urllib.parse.parse_qsl(query, encoding="latin-1"))
        if path not in ("/stats", "/reset"):
            st.count(path, self.headers)
        route = getattr(self, "route_" + path.strip("/").replace("-", "_"), None)
        if route is None:
            self.reply(404, b"no such route\n")
            return
        try:
            route(st)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            self.close_connection = True

    # -- valid feeds

    def route_ok(self, st):
        etag = '"%s"' % hashlib.sha1(st.feed).hexdigest()[:16]
        inm = self.headers.get("If-None-Match")
        if inm and (inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")]):
            st.hit("/ok")
            self.reply(304, headers=[("ETag", etag)])
            return
        self.reply(200, st.feed, [("ETag", etag), ("Content-Type", "application/json")])

    def route_lm(self, st):
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims)
                if since >= email.utils.parsedate_to_datetime(LAST_MODIFIED):
                    st.hit("/lm")
                    self.reply(304, headers=[("Last-Modified", LAST_MODIFIED)])
                    return
            except (TypeError, ValueError):
                pass
        self.reply(200, st.feed, [("Last-Modified", LAST_MODIFIED),
                                  ("Content-Type", "application/json")])

    def route_redirect_ok(self, st):
        self.reply(302, headers=[("Location", "/ok")])

    def route_changing(self, st):
        with st.lock:
            st.changing += 1
            n = st.changing
        self.reply(200, st.variant("changing-%d" % n), [("Content-Type", "application/json")])

    def route_gzip(self, st):
        self.reply(200, gzip.compress(st.feed), [("Content-Encoding", "gzip"),
                                                 ("Content-Type", "application/json")])

    # -- failures

    def route_404(self, st):
        self.reply(404, b"not found\n")

    def route_500(self, st):
        self.reply(500, b"internal error\n")

    def route_503(self, st):
        self.reply(503, b"busy\n", [("Retry-After", "120")])

    def route_date_2040(self, st):
        self.send_response_only(200)
        self.send_header("Server", "hallboard-test")
        self.send_header("Date", "Fri, 01 Jun 2040 12:00:00 GMT")
        self.send_header("Content-Length", str(len(st.feed)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(st.feed)

    def route_503_date(self, st):
        self.reply(503, b"busy\n",
                   [("Retry-After", email.utils.formatdate(time.time() + 300, usegmt=True))])

    def route_truncated(self, st):
        self.send_response(200)
        self.send_header("Content-Length", str(len(st.feed) + 10000))
        self.end_headers()
        self.wfile.write(st.feed[: len(st.feed) // 2])
        self.wfile.flush()
        self.close_connection = True

    def route_garbage(self, st):
        junk = bytes((i * 131 + 7) % 256 for i in range(4096))
        self.reply(200, junk, [("Content-Type", "application/octet-stream")])

    def route_empty(self, st):
        self.reply(200, b"")

    def route_huge(self, st):
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        block = (b"[" + b"0," * 32767 + b"0]")[:65536]
        chunk = b"%x\r\n" % len(block) + block + b"\r\n"
        sent = 0
        while sent < 100 * 1000 * 1000:
            self.wfile.write(chunk)
            sent += len(block)
        self.wfile.write(b"0\r\n\r\n")

    def route_huge_length(self, st):
        self.send_response(200)
        self.send_header("Content-Length", str(20 * 1024 * 1024))
        self.end_headers()
        self.wfile.write(b"[")
        self.wfile.flush()
        self.close_connection = True

    def route_drip(self, st):
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        self.wfile.flush()
        for _ in range(600):
            self.wfile.write(b" ")
            self.wfile.flush()
            time.sleep(1)
        self.close_connection = True

    def route_loop(self, st):
        self.reply(302, headers=[("Location", "/loop")])

    def route_redirect_file(self, st):
        self.reply(302, headers=[("Location", "file:///etc/passwd")])

    def route_redirect_to(self, st):
        self.reply(302, headers=[("Location", self.query.get("to", "/ok"))])

    def route_huge_header(self, st):
        self.reply(200, st.feed, [("X-Padding", "a" * 200000)])

    def route_many_headers(self, st):
        self.reply(200, st.feed, [("X-Pad-%04d" % i, "b" * 88) for i in range(1000)])

    def route_odd_revision(self, st):
        self.reply(200, st.variant("r1\n\x1b[2J\x07"), [("Content-Type", "application/json")])

    def route_invalid_json(self, st):
        self.reply(200, b'{"hallboard": 1, "revision": "cut', [("Content-Type", "application/json")])

    def route_invalid_feed(self, st):
        self.reply(200, st.invalid_feed(), [("Content-Type", "application/json")])

    # -- control

    def route_stats(self, st):
        with st.lock:
            body = json.dumps({"requests": st.requests, "not_modified": st.not_modified,
                               "last": st.last}).encode()
        self.reply(200, body, [("Content-Type", "application/json")])

    def route_reset(self, st):
        with st.lock:
            st.reset()
        self.reply(200, b"{}")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that went away
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--feed", required=True)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = ap.parse_args()
    with open(args.feed, "rb") as f:
        feed = f.read()

    server = Server(("127.0.0.1", 0), Handler)
    server.state = State(feed)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        # The handshake happens on the handler's thread: a client that rejects the
        # certificate never blocks the accepting loop.
        server.socket = ctx.wrap_socket(server.socket, server_side=True,
                                        do_handshake_on_connect=False)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
