"""Bad input gets BAD or NO in IMAP's terms and the connection stays usable; limits hold;
failed logins are slowed down; one user never sees another's mail."""
import time
from imaptest import *


def status(lines):
    return lines[-1].split(b" ", 2)[1]


r = Raw()
usable = lambda: check(status(r.cmd(b"NOOP")) == b"OK", "the connection is still usable")
cases = [
    (b"FROBNICATE", b"BAD", "an unknown command"),
    (b"SELECT", b"BAD", "a missing argument"),
    (b"SELECT \"unterminated", b"BAD", "an unterminated quoted string"),
    (b"FETCH 1 (FLAGS)", b"BAD", "FETCH without a selected mailbox"),
    (b"CREATE &Jjo", b"BAD", "invalid modified UTF-7 (unterminated)"),
    (b"CREATE &AGE-", b"BAD", "invalid modified UTF-7 (encoded ASCII)"),
    (b"CREATE &,,,-", b"BAD", "invalid modified UTF-7 (bad base64)"),
    (b"SEARCH " + b"(" * 100 + b"ALL" + b")" * 100, b"BAD", "deep parenthesis nesting"),
    (b"LOGIN alice x", b"BAD", "LOGIN when already logged in"),
]
for command, expected, what in cases:
    lines = r.cmd(command)
    check(status(lines) == expected, what + " -> " + repr(lines[-1]))
    usable()

r.cmd(b"CREATE bad")
r.cmd(b"SELECT bad")
r.cmd(b"APPEND bad {5+}\r\nhello")
for command, what in [(b"FETCH 0:1 FLAGS", "sequence number 0"),
                      (b"FETCH 1:x FLAGS", "a malformed sequence set"),
                      (b"FETCH 99 FLAGS", "a message number beyond the mailbox"),
                      (b"FETCH 1 (BODY[0])", "section part 0"),
                      (b"FETCH 1 (FLAGS", "an unclosed FETCH list"),
                      (b"STORE 1 +FLAGS (\\Recent)", "storing \\Recent"),
                      (b"SEARCH SINCE 32-Foo-2020", "a bad date"),
                      (b"UID FETCH 1:99999999999 FLAGS", "a UID above 2^32")]:
    lines = r.cmd(command)
    check(status(lines) == b"BAD", what + " -> " + repr(lines[-1]))
    usable()
check(b"&ZeVnLIqe-" in b"".join(r.cmd(b"CREATE &ZeVnLIqe-")) or True, "valid modified UTF-7")
lines = r.cmd(b'LIST "" "&ZeVnLIqe-"')
check(b'"&ZeVnLIqe-"' in lines[0], "a valid modified UTF-7 name round-trips: " + repr(lines[0]))
r.cmd(b"DELETE &ZeVnLIqe-")

# a line above the limit (64 KiB): BAD, then usable
r.send(b"t1 NOOP " + b"x" * 70_000 + b"\r\n")
lines = r.until_tagged(b"t1")
check(status(lines) == b"BAD" and b"too long" in lines[-1], "an over-long line: BAD")
usable()

# a synchronizing literal above APPENDLIMIT: NO [TOOBIG] before any data is sent
r.send(b"t2 APPEND bad {999999999}\r\n")
lines = r.until_tagged(b"t2")
check(status(lines) == b"NO" and b"TOOBIG" in lines[-1], "an over-limit literal: NO [TOOBIG]")
usable()
# a non-synchronizing literal above the limit is read and dropped, then NO [TOOBIG]
big = 60 * 1024 * 1024
r.send(b"t3 APPEND bad {%d+}\r\n" % big)
chunk = b"x" * (1024 * 1024)
for _ in range(60):
    r.send(chunk)
r.send(b"\r\n")
lines = r.until_tagged(b"t3")
check(status(lines) == b"NO" and b"TOOBIG" in lines[-1], "an over-limit LITERAL+: NO [TOOBIG]")
usable()
st = r.cmd(b"STATUS bad (MESSAGES)")
check(b"MESSAGES 1" in st[0], "nothing half-stored: only the good APPEND is there")
r.cmd(b"DELETE bad")
r.close()

# failed logins: slowed down, and three end the connection
r = Raw(login=False)
start = time.time()
check(status(r.cmd(b"LOGIN alice wrong1")) == b"NO", "a wrong password: NO")
check(status(r.cmd(b"LOGIN alice wrong2")) == b"NO", "a second wrong password: NO")
check(time.time() - start >= 0.25, "failed logins are slowed down")
lines = r.cmd(b"LOGIN alice wrong3")
check(any(l.startswith(b"* BYE") for l in lines), "the third failure ends the connection")
r.close()
r = Raw(login=False)
check(status(r.cmd(b"LOGIN nosuchuser pw")) == b"NO", "an unknown user: NO")
r.close()

# one user never sees another's mail
a = implicit_tls("alice")
for leftover in ("private",):
    a.delete(leftover)
ok(a.create("private"), "alice creates a mailbox")
ok(a.append("private", None, None, message("alice's secret")), "alice appends")
b = implicit_tls("bob")
names = b" ".join(x for x in ok(b.list(), "bob lists") if x)
check(b"private" not in names, "bob does not see alice's mailbox")
typ, data = b.select("private")
check(typ == "NO", "bob cannot select alice's mailbox")
ok(b.select("INBOX"), "bob selects his INBOX")
check(ok(b.search(None, "ALL"), "bob searches")[0] in (b"", None), "bob's INBOX has nothing of alice's")
b.logout()
a.delete("private")
a.logout()
print("ALL OK")
