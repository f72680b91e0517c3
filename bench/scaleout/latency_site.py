#!/usr/bin/python3
"""A latency-bound news web for the scale-out bench: many hosts on one port
(virtual hosts by the Host header), each answer sent after --latency seconds,
as a far-away site would. Each host has a front page linking its articles;
each article is distinct text (no two are wire copies), so the crawl stores
all of them as stories of their own.

Prints the port on its first line; logs nothing per request (the figure is
the crawler's). Stdlib only, threads: the wait is a sleep, not CPU.
"""
import argparse
import http.server
import random
import socketserver
import time

WORDS = ("minister talks border market storm council election report energy price court harbour summit vote "
         "police school railway budget health water airport bank strike farmers river trade union museum "
         "festival drought bridge port ferry cabinet parliament mayor hospital teachers court ruling").split()


def article_html(host, n):
    rng = random.Random(f"{host}/{n}")
    paras = []
    for _ in range(6):
        paras.append("<p>" + " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(50)) + ".</p>")
    title = f"{host} story {n}: " + " ".join(rng.choice(WORDS) for _ in range(6))
    return (f"<!doctype html><html lang=en><head><title>{title}</title>"
            f"<link rel=canonical href='http://{host}/news/{n}.html'>"
            f"<meta property='article:published_time' content='2026-11-{1 + n % 28:02d}T08:00:00Z'></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
            f"<p class=byline>By Staff Writer</p>{''.join(paras)}</article><footer>(c) {host}</footer></body></html>")


def front_html(host, articles):
    links = "".join(f"<li><a href='/news/{n}.html'>Story {n}</a></li>" for n in range(articles))
    return f"<!doctype html><html><head><title>{host}</title></head><body><h1>{host}</h1><ul>{links}</ul></body></html>"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--articles", type=int, default=30, help="articles per host")
    args = ap.parse_args()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_GET(self):
            time.sleep(args.latency)
            host = (self.headers.get("Host") or "unknown").split(":")[0]
            path = self.path.split("?")[0]
            status, body = 404, b"not found"
            if path == "/":
                status, body = 200, front_html(host, args.articles).encode()
            elif path.startswith("/news/") and path.endswith(".html"):
                try:
                    n = int(path[6:-5])
                except ValueError:
                    n = -1
                if 0 <= n < args.articles:
                    status, body = 200, article_html(host, n).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8" if status == 200 else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 512

    server = Server(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
