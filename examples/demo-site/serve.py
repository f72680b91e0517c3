#!/usr/bin/python3
"""A tiny HTTP/1.1 server for the demo news web (stdlib only).

    serve.py [--root DIR] [--bind 127.0.0.1] [--port 0] [--log FILE] [--quiet]

Serves ROOT/<host>/... for the Host header's host (port stripped, lower-cased;
an unknown host gets 404), on loopback only. The first line on stdout is
exactly `serving on 127.0.0.1:PORT` (flushed), so a caller that asked for
port 0 learns the port.

- A directory serves its index.html; a directory without the trailing slash
  is redirected (301) to it.
- Content-Type by extension: .html text/html; charset=utf-8 (plain text/html,
  no charset, for a page whose <meta> declares another charset, e.g. the
  windows-1256 archive page), .xml application/xml, .gz application/gzip,
  .rss application/rss+xml, .atom application/atom+xml, .txt text/plain,
  .json application/json.
- Every file has an ETag (hash of its content) and Last-Modified (its mtime);
  If-None-Match (first) or If-Modified-Since give 304.
- ROOT/<host>/_redirects: lines `FROM STATUS TO` (FROM is a path, matched
  without the query; TO is sent as Location as written). # starts a comment.
- ROOT/<host>/_calendar present: /calendar/YYYY/MM/ pages link to the previous
  and next month and to every day /calendar/YYYY/MM/DD/, whose pages link back:
  an endless crawler trap, generated on the fly.
- Never serves a file outside ROOT/<host> (path traversal, symlinks) nor one
  whose path has a segment starting with `_` or `.`.
- --log FILE: one JSON line per request, flushed:
  {"t": unix time, "host": ..., "method": ..., "path": target as sent,
   "status": ..., "ua": user agent}
- SIGTERM / SIGINT: exit 0 at once.
"""

import argparse
import calendar
import datetime
import email.utils
import hashlib
import html
import ipaddress
import json
import os
import posixpath
import re
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css",
}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
CALENDAR_PATH = re.compile(r"^/calendar/(\d{4})/(\d{2})/(?:(\d{2})/)?$")


class Site:
    """One host's directory, with its redirects (read once at start)."""

    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.redirects = {}
        path = os.path.join(self.root, "_redirects")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    line = line.split("#", 1)[0].strip()
                    if not line:
                        continue
                    parts = line.split()
                    if len(parts) != 3 or not parts[1].isdigit():
                        sys.exit(f"{path}:{number}: expected FROM STATUS TO")
                    self.redirects[parts[0]] = (int(parts[1]), parts[2])
        self.calendar = os.path.isfile(os.path.join(self.root, "_calendar"))


class FileCache:
    """ETag, Last-Modified and body of a file, re-read when its mtime or size changes."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = {}

    def get(self, path):
        st = os.stat(path)
        key = (st.st_mtime_ns, st.st_size)
        with self.lock:
            hit = self.entries.get(path)
            if hit and hit[0] == key:
                return hit[1]
        with open(path, "rb") as f:
            body = f.read()
        entry = {"body": body, "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
                 "mtime": int(st.st_mtime), "type": content_type(path, body)}
        with self.lock:
            self.entries[path] = (key, entry)
        return entry


def content_type(path, body):
    ext = os.path.splitext(path)[1].lower()
    ctype = TYPES.get(ext, "application/octet-stream")
    if ext in (".html", ".htm"):
        m = META_CHARSET.search(body[:2048])
        if m and m.group(1).lower().decode() not in ("utf-8", "utf8"):
            ctype = "text/html"  # the page says its charset itself, as old CMSes do
    return ctype


def calendar_page(host, year, month, day):
    """The trap: every month links to its neighbours and its days, forever."""
    esc = html.escape
    if day is None:
        prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
        next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
        links = []
        if prev_y >= 1:
            links.append(f'<a class="prev" href="/calendar/{prev_y:04d}/{prev_m:02d}/">&laquo; previous month</a>')
        if next_y <= 9999:
            links.append(f'<a class="next" href="/calendar/{next_y:04d}/{next_m:02d}/">next month &raquo;</a>')
        days = "".join(f'<li><a href="/calendar/{year:04d}/{month:02d}/{d:02d}/">{d}</a></li>'
                       for d in range(1, calendar.monthrange(year, month)[1] + 1))
        title = f"Archive {year:04d}-{month:02d}"
        body = f'<nav class="pager">{" ".join(links)}</nav><ol class="days">{days}</ol>'
    else:
        title = f"Archive {year:04d}-{month:02d}-{day:02d}"
        body = (f'<p>No stories were archived on this day.</p>'
                f'<a class="up" href="/calendar/{year:04d}/{month:02d}/">back to {year:04d}-{month:02d}</a>')
    return (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{esc(title)} - {esc(host)}</title>'
            f'</head><body><header><a href="/">{esc(host)}</a></header><main><h1>{esc(title)}</h1>{body}'
            f"</main></body></html>\n").encode("utf-8")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    host_name = ""

    def version_string(self):
        return "demo-site"

    # ---- plumbing

    def log_message(self, fmt, *args):  # the JSON log replaces stderr lines
        if not self.server.quiet:
            sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def log_request(self, code="-", size="-"):
        status = code.value if hasattr(code, "value") else code
        log = self.server.log
        if log is not None:
            line = json.dumps({"t": round(datetime.datetime.now().timestamp(), 6),
                               "host": self.host_name or "", "method": self.command,
                               "path": self.path, "status": int(status) if str(status).isdigit() else status,
                               "ua": self.headers.get("User-Agent", "") if self.headers else ""},
                              ensure_ascii=False)
            with self.server.log_lock:
                log.write(line + "\n")
                log.flush()
        if not self.server.quiet:
            sys.stderr.write(f'{self.host_name} "{self.requestline}" {status}\n')

    def send(self, status, body=b"", headers=(), ctype="text/html; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if status == 304:
            self.send_header("Content-Length", "0")  # keep-alive: no body follows
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def not_found(self):
        self.send(404, b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
                       b"<body><h1>Not Found</h1></body></html>\n")

    # ---- requests

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.host_name = ""
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            host = host.split("]", 1)[0] + "]"
        else:
            host = host.rsplit(":", 1)[0] if ":" in host else host
        self.host_name = host
        site = self.server.sites.get(host)
        if site is None:
            return self.not_found()
        target = self.path
        if target.startswith(("http://", "https://")):  # absolute-form request target
            target = urllib.parse.urlsplit(target).path or "/"
        raw_path = target.split("?", 1)[0].split("#", 1)[0]
        path = urllib.parse.unquote(raw_path)
        if not path.startswith("/") or "\x00" in path:
            return self.send(400, b"bad request\n", ctype="text/plain")
        if path in site.redirects:
            status, to = site.redirects[path]
            return self.send(status, b"", headers=[("Location", to)])
        if site.calendar:
            m = CALENDAR_PATH.match(path)
            if m:
                return self.serve_calendar(host, m)
        # Path traversal: normalise, refuse hidden or private segments, then
        # check the real path (symlinks resolved) is inside the site.
        norm = posixpath.normpath(path)
        segments = [s for s in norm.split("/") if s]
        if any(s.startswith(("_", ".")) for s in segments):
            return self.not_found()
        full = os.path.realpath(os.path.join(site.root, *segments))
        if full != site.root and not full.startswith(site.root + os.sep):
            return self.not_found()
        if os.path.isdir(full):
            if not path.endswith("/"):
                query = target[len(raw_path):]
                return self.send(301, b"", headers=[("Location", raw_path + "/" + query)])
            full = os.path.join(full, "index.html")
        if not os.path.isfile(full):
            return self.not_found()
        try:
            entry = self.server.files.get(full)
        except OSError:
            return self.not_found()
        self.serve_entry(entry)

    def serve_entry(self, entry):
        headers = [("ETag", entry["etag"]),
                   ("Last-Modified", email.utils.formatdate(entry["mtime"], usegmt=True))]
        if self.not_modified(entry):
            return self.send(304, headers=headers, ctype=entry["type"])
        self.send(200, entry["body"], headers=headers, ctype=entry["type"])

    def not_modified(self, entry):
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # RFC 9110 13.1.2: If-None-Match takes precedence
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or any(t.removeprefix("W/") == entry["etag"] for t in tags)
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            return entry["mtime"] <= since
        return False

    def serve_calendar(self, host, m):
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if m.group(3) else None
        if not (1 <= year <= 9999 and 1 <= month <= 12):
            return self.not_found()
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            return self.not_found()
        body = calendar_page(host, year, month, day)
        self.serve_entry({"body": body, "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
                          "mtime": self.server.started, "type": "text/html; charset=utf-8"})


class Server(ThreadingHTTPServer):
    daemon_threads = True  # keep-alive connections never hold up exit
    allow_reuse_address = True


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Serve the demo news web on loopback.")
    ap.add_argument("--root", default=os.path.join(here, "sites"), help="directory of <host>/ trees")
    ap.add_argument("--bind", default="127.0.0.1", help="loopback address to listen on")
    ap.add_argument("--port", type=int, default=0, help="0 picks a free port")
    ap.add_argument("--log", help="append one JSON line per request to this file")
    ap.add_argument("--quiet", action="store_true", help="no per-request lines on stderr")
    args = ap.parse_args()

    try:
        if not ipaddress.ip_address(args.bind).is_loopback:
            ap.error(f"--bind {args.bind}: only loopback addresses are allowed")
    except ValueError:
        ap.error(f"--bind {args.bind}: not an IP address")
    if not os.path.isdir(args.root):
        ap.error(f"--root {args.root}: not a directory")
    sites = {name.lower(): Site(os.path.join(args.root, name)) for name in os.listdir(args.root)
             if os.path.isdir(os.path.join(args.root, name)) and not name.startswith(("_", "."))}

    if ":" in args.bind:
        Server.address_family = __import__("socket").AF_INET6
    server = Server((args.bind, args.port), Handler)
    server.sites = sites
    server.files = FileCache()
    server.quiet = args.quiet
    server.started = int(datetime.datetime.now().timestamp())
    server.log_lock = threading.Lock()
    server.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def stop(signum, frame):
        if server.log is not None:
            with server.log_lock:
                server.log.flush()
        sys.stdout.flush()
        os._exit(0)  # prompt: do not wait for keep-alive connections

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    host, port = server.server_address[:2]
    print(f"serving on {host}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
