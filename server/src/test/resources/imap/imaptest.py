"""Helpers for the IMAP tests: connections to the nymote under test, checks, a raw client."""
import imaplib
import os
import re
import socket
import ssl
import sys

HOST = "127.0.0.1"
IMAP_PORT = int(os.environ["IMAP_PORT"])
IMAPS_PORT = int(os.environ["IMAPS_PORT"])
CA_FILE = os.environ["CA_FILE"]
USERS = {"alice": os.environ["ALICE_PASSWORD"], "bob": os.environ["BOB_PASSWORD"]}

for name in ("ID", "ENABLE", "UNSELECT", "MOVE", "SORT", "THREAD", "NAMESPACE", "IDLE", "COMPRESS"):
    imaplib.Commands.setdefault(name, ("NONAUTH", "AUTH", "SELECTED"))
imaplib.Commands["ENABLE"] = ("AUTH",)
imaplib.Commands["UNSELECT"] = ("SELECTED",)
imaplib.Commands["MOVE"] = ("SELECTED",)
imaplib._MAXLINE = 10_000_000


def tls_context():
    ctx = ssl.create_default_context(cafile=CA_FILE)
    return ctx


def starttls(user="alice"):
    """A session on the plain port, upgraded with STARTTLS, logged in."""
    m = imaplib.IMAP4(HOST, IMAP_PORT)
    m.starttls(ssl_context=tls_context())
    m.login(user, USERS[user])
    return m


def implicit_tls(user="alice"):
    m = imaplib.IMAP4_SSL(HOST, IMAPS_PORT, ssl_context=tls_context())
    m.login(user, USERS[user])
    return m


def check(condition, what):
    if not condition:
        print("FAILED: " + what, flush=True)
        sys.exit(1)
    print("ok: " + what, flush=True)


def ok(result, what):
    typ, data = result
    check(typ == "OK", what + " -> " + repr((typ, data))[:300])
    return data


def untagged(m, name):
    return m.untagged_responses.pop(name, [])


def message(subject, body="hello", sender="Bob <bob@example.org>", extra=""):
    return ("From: %s\r\nTo: Alice <alice@example.org>\r\nSubject: %s\r\n"
            "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <%s@example.org>\r\n%s"
            "\r\n%s\r\n" % (sender, subject, re.sub(r"\W", "", subject), extra, body)).encode()


class Raw:
    """A raw line-level IMAP client over implicit TLS, for bad input."""

    def __init__(self, user="alice", login=True):
        sock = socket.create_connection((HOST, IMAPS_PORT), timeout=30)
        self.s = tls_context().wrap_socket(sock, server_hostname=HOST)
        self.f = self.s.makefile("rb")
        self.greeting = self.f.readline()
        self.n = 0
        if login:
            lines = self.cmd(b"LOGIN " + user.encode() + b" " + USERS[user].encode())
            check(lines[-1].split()[1] == b"OK", "raw login")

    def send(self, data):
        self.s.sendall(data)

    def readline(self):
        line = self.f.readline()
        m = re.search(rb"\{(\d+)\}\r\n$", line)
        if m:
            line += self.f.read(int(m.group(1)))
            line += self.readline()
        return line

    def until_tagged(self, tag):
        lines = []
        while True:
            line = self.readline()
            if not line:
                raise EOFError("connection closed; got " + repr(lines))
            lines.append(line)
            if line.startswith(tag + b" ") or line.startswith(b"* BYE"):
                return lines

    def cmd(self, text):
        self.n += 1
        tag = b"r%d" % self.n
        self.send(tag + b" " + text + b"\r\n")
        return self.until_tagged(tag)

    def close(self):
        self.s.close()
