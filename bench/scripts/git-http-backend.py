#!/usr/bin/env python3
"""Serves the bare repositories under ROOT over Git's smart HTTP, through `git http-backend`.

    git-http-backend.py ROOT [PORT]

Listens on 127.0.0.1 (PORT 0 or left out: any free port), prints `listening PORT` once ready,
and runs each request as one CGI call of `git http-backend` with GIT_PROJECT_ROOT=ROOT and
GIT_HTTP_EXPORT_ALL set, as a web server would. Read-only use (clone, fetch) is all the benchmarks
need; no authentication. For benchmarks only: one thread per connection, HTTP/1.0 responses
(each connection is closed after its response, whose end is the end of the CGI's output).
"""
import http.server
import os
import shutil
import subprocess
import sys

BACKEND = subprocess.run(
    ["git", "--exec-path"], check=True, capture_output=True, text=True
).stdout.strip() + "/git-http-backend"


class Handler(http.server.BaseHTTPRequestHandler):
    root = "."

    def do_GET(self):
        self.run_backend()

    def do_POST(self):
        self.run_backend()

    def log_message(self, fmt, *args):
        pass  # quiet: the benchmark prints its own figures

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def run_backend(self):
        path, _, query = self.path.partition("?")
        body = self.read_body()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.0",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REMOTE_ADDR": self.client_address[0],
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
        }
        for name in ("Content-Encoding", "Git-Protocol", "Accept-Encoding"):
            if self.headers.get(name):
                env["HTTP_" + name.upper().replace("-", "_")] = self.headers[name]
        proc = subprocess.Popen(
            [BACKEND], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        proc.stdin.write(body)
        proc.stdin.close()
        status = "200 OK"
        headers = []
        while True:
            line = proc.stdout.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").rstrip("\r\n").partition(":")
            if name.lower() == "status":
                status = value.strip()
            else:
                headers.append((name, value.strip()))
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason or None)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        shutil.copyfileobj(proc.stdout, self.wfile, 1 << 16)
        proc.wait()


def main():
    Handler.root = os.path.abspath(sys.argv[1])
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print("listening", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
