"""IMAP4rev2 (RFC 9051) after ENABLE IMAP4rev2, BINARY (RFC 3516) and THREAD=REFERENCES
(RFC 5256), with a raw client and python3 imaplib; an IMAP4rev1 session beside it sees no change."""
import base64
import os
import re
from imaptest import *

ATTACHMENT = bytes(range(256)) * 4 + b"\x00end"  # binary, with NUL bytes


def append(raw, mailbox, data, flags=b""):
    """APPEND with a non-synchronizing literal (LITERAL+ / LITERAL-)."""
    raw.n += 1
    tag = b"r%d" % raw.n
    raw.send(tag + b" APPEND " + mailbox + b" " + flags + b"{%d+}\r\n" % len(data) + data + b"\r\n")
    lines = raw.until_tagged(tag)
    check(lines[-1].split()[1] == b"OK", "APPEND to " + mailbox.decode("utf-8", "replace"))
    return lines


def tagged_ok(lines, what):
    check(lines[-1].split()[1] == b"OK", what + " -> " + repr(lines[-3:])[:300])
    return lines


def multipart():
    b64 = base64.encodebytes(ATTACHMENT).replace(b"\n", b"\r\n")
    qp = b"caf=C3=A9 =\r\nsoft break\r\n"
    return (b"From: Bob <bob@example.org>\r\nTo: alice@example.org\r\nSubject: parts\r\n"
            b"Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <parts@example.org>\r\n"
            b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
            b"--XX\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + qp +
            b"--XX\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + b64 +
            b"--XX\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin\r\n"
            b"--XX--\r\n")


def threaded(seq_id, minute, subject, refs=(), irt=None):
    extra = ""
    if refs:
        extra += "References: " + " ".join("<%s@t>" % r for r in refs) + "\r\n"
    if irt:
        extra += "In-Reply-To: <%s@t>\r\n" % irt
    return ("From: bob@example.org\r\nSubject: %s\r\nDate: Mon, 23 Nov 2026 10:%02d:00 +0000\r\n"
            "Message-ID: <%s@t>\r\n%s\r\nbody\r\n" % (subject, minute, seq_id, extra)).encode()


# ---- setup, and what an IMAP4rev1 session sees ----
old = Raw()
caps = old.cmd(b"CAPABILITY")[0].split()
check(b"IMAP4rev1" in caps and b"IMAP4rev2" in caps, "IMAP4rev1 and IMAP4rev2 both announced")
check(b"BINARY" in caps and b"LITERAL+" in caps, "BINARY and LITERAL+ announced")
check(b"SEARCHRES" in caps, "SEARCHRES announced")
for name in (b"rev2/R&AOk-sum&AOk-", b"rev2/R&-D", b"rev2/q/child", b"rev2/q", b"rev2/threads", b"rev2"):
    old.cmd(b"DELETE " + name)
tagged_ok(old.cmd(b"CREATE rev2"), "CREATE rev2")
append(old, b"rev2", multipart())
append(old, b"rev2", message("second", "two"), b"(\\Seen) ")
append(old, b"rev2", message("third", "three"))
lines = tagged_ok(old.cmd(b"SELECT rev2"), "rev1 SELECT")
check(b"* 0 RECENT\r\n" in lines, "rev1 SELECT still says RECENT")
check(any(b"[UNSEEN 1]" in l for l in lines), "rev1 SELECT still says UNSEEN")
check(not any(l.startswith(b"* LIST") for l in lines), "rev1 SELECT has no LIST line")
lines = tagged_ok(old.cmd(b"SEARCH ALL"), "rev1 SEARCH")
check(b"* SEARCH 1 2 3\r\n" in lines, "rev1 SEARCH answers SEARCH")
tagged_ok(old.cmd(b"CLOSE"), "rev1 CLOSE")

# ---- ENABLE IMAP4rev2 ----
new = Raw()
lines = tagged_ok(new.cmd(b"ENABLE IMAP4rev2"), "ENABLE IMAP4rev2")
check(b"* ENABLED IMAP4rev2\r\n" in lines, "ENABLED IMAP4rev2")

# mailbox names in UTF-8 both ways ('&' is itself); modified UTF-7 for the rev1 session
tagged_ok(new.cmd("CREATE \"rev2/Résumé\"".encode()), "CREATE with a UTF-8 name")
tagged_ok(new.cmd(b"CREATE rev2/R&D"), "CREATE with '&' in the name")
lines = tagged_ok(new.cmd(b'LIST "" "rev2/*"'), "rev2 LIST")
check('* LIST (\\HasNoChildren) "/" "rev2/Résumé"\r\n'.encode() in lines, "LIST gives the name in UTF-8")
check(b'* LIST (\\HasNoChildren) "/" "rev2/R&D"\r\n' in lines, "LIST gives '&' as it is")
lines = tagged_ok(old.cmd(b'LIST "" "rev2/*"'), "rev1 LIST")
check(b'"rev2/R&AOk-sum&AOk-"' in b"".join(lines) and b'"rev2/R&-D"' in b"".join(lines),
      "rev1 LIST gives modified UTF-7")
lines = tagged_ok(new.cmd("STATUS \"rev2/Résumé\" (MESSAGES)".encode()), "STATUS of a UTF-8 name")
check('* STATUS "rev2/Résumé" (MESSAGES 0)\r\n'.encode() in lines, "STATUS names the mailbox in UTF-8")
lines = new.cmd(b"CREATE \"rev2/R&D\"")
check(b"NO [ALREADYEXISTS]" in lines[-1], "CREATE of an existing name: NO [ALREADYEXISTS]")
lines = new.cmd(b"SELECT rev2/nothere")
check(b"NO [NONEXISTENT]" in lines[-1], "SELECT of a missing mailbox: NO [NONEXISTENT]")
lines = new.cmd(b"APPEND rev2/nothere {3+}\r\nabc")
check(b"NO [TRYCREATE]" in lines[-1], "APPEND to a missing mailbox: NO [TRYCREATE]")

# a level of hierarchy that is no mailbox: \NonExistent for rev2, \Noselect for rev1
tagged_ok(new.cmd(b"CREATE rev2/q/child"), "CREATE rev2/q/child")
new.cmd(b"DELETE rev2/q")
tagged_ok(new.cmd(b"SUBSCRIBE rev2/q/child"), "SUBSCRIBE rev2/q/child")
lines = tagged_ok(new.cmd(b'LIST "" "rev2/%"'), "LIST rev2/%")
check(b'* LIST (\\NonExistent \\HasChildren) "/" "rev2/q"\r\n' in lines, "LIST: \\NonExistent parent")
lines = tagged_ok(old.cmd(b'LIST "" "rev2/%"'), "rev1 LIST rev2/%")
check(b'* LIST (\\Noselect \\HasChildren) "/" "rev2/q"\r\n' in lines, "rev1 LIST: \\Noselect parent")
lines = new.cmd(b"DELETE rev2/q")
check(b"NO [HASCHILDREN]" in lines[-1], "DELETE of a level that is no mailbox: NO [HASCHILDREN]")
lines = tagged_ok(new.cmd(b'LIST (SUBSCRIBED RECURSIVEMATCH) "" "rev2/%"'), "LIST RECURSIVEMATCH")
check(b'* LIST (\\NonExistent \\HasChildren) "/" "rev2/q" ("CHILDINFO" ("SUBSCRIBED"))\r\n' in lines,
      "RECURSIVEMATCH gives CHILDINFO for the parent of a subscribed mailbox")
lines = new.cmd(b'LIST (RECURSIVEMATCH) "" "*"')
check(b" BAD " in lines[-1], "RECURSIVEMATCH alone: BAD")

# STATUS SIZE and DELETED
sizes = sum(len(x) for x in (multipart(), message("second", "two"), message("third", "three")))
lines = tagged_ok(new.cmd(b"STATUS rev2 (MESSAGES SIZE DELETED)"), "STATUS SIZE DELETED")
check(b"* STATUS \"rev2\" (MESSAGES 3 SIZE %d DELETED 0)\r\n" % sizes in lines, "STATUS SIZE is the total")

# SELECT: no RECENT, no UNSEEN, a LIST line
lines = tagged_ok(new.cmd(b"SELECT rev2"), "rev2 SELECT")
check(not any(b"RECENT" in l for l in lines[:-1]), "rev2 SELECT says no RECENT")
check(not any(b"[UNSEEN" in l for l in lines), "rev2 SELECT says no UNSEEN")
check(b'* LIST () "/" "rev2"\r\n' in lines, "rev2 SELECT gives the mailbox's LIST line")
check(any(b"[UIDVALIDITY" in l for l in lines) and any(b"[UIDNEXT 4]" in l for l in lines),
      "rev2 SELECT gives UIDVALIDITY and UIDNEXT")

# SEARCH answers ESEARCH
lines = tagged_ok(new.cmd(b"SEARCH ALL"), "rev2 SEARCH")
tag = b"r%d" % new.n
check(b'* ESEARCH (TAG "' + tag + b'") ALL 1:3\r\n' in lines, "SEARCH answers ESEARCH ALL")
check(not any(l.startswith(b"* SEARCH") for l in lines), "no SEARCH response")
lines = tagged_ok(new.cmd(b"UID SEARCH UNSEEN"), "rev2 UID SEARCH")
tag = b"r%d" % new.n
check(b'* ESEARCH (TAG "' + tag + b'") UID ALL 1,3\r\n' in lines, "UID SEARCH answers ESEARCH UID")
lines = tagged_ok(new.cmd(b"SEARCH SUBJECT nothing-like-this"), "rev2 SEARCH without hits")
tag = b"r%d" % new.n
check(b'* ESEARCH (TAG "' + tag + b'")\r\n' in lines, "an empty ESEARCH")
lines = tagged_ok(new.cmd(b"SEARCH RETURN (COUNT) ALL"), "rev2 SEARCH RETURN")
check(any(b"COUNT 3" in l for l in lines), "SEARCH RETURN (COUNT)")

# STORE \Deleted shows in STATUS DELETED; \Recent never in FLAGS
tagged_ok(new.cmd(b"STORE 3 +FLAGS.SILENT (\\Deleted $Forwarded)"), "STORE \\Deleted $Forwarded")
lines = tagged_ok(old.cmd(b"STATUS rev2 (DELETED)"), "STATUS DELETED")
check(b'* STATUS "rev2" (DELETED 1)\r\n' in lines, "STATUS DELETED counts \\Deleted")
lines = tagged_ok(new.cmd(b"FETCH 3 FLAGS"), "FETCH FLAGS")
check(b"$Forwarded" in lines[0] and b"\\Recent" not in lines[0], "$ keywords kept, no \\Recent")

# BINARY: the transfer encoding undone; literal8 where there are NUL bytes
lines = tagged_ok(new.cmd(b"FETCH 1 (BINARY.PEEK[2] BINARY.SIZE[2])"), "FETCH BINARY[2] of base64")
data = b"".join(lines[:-1])
m = re.search(rb"BINARY\[2\] ~\{(\d+)\}\r\n", data)
check(m is not None, "BINARY of binary data is a literal8")
start = m.end()
check(data[start:start + int(m.group(1))] == ATTACHMENT, "BINARY[2] is the decoded base64")
check(b"BINARY.SIZE[2] %d" % len(ATTACHMENT) in data, "BINARY.SIZE[2] is the decoded size")
lines = tagged_ok(new.cmd(b"FETCH 1 (BINARY.PEEK[1])"), "FETCH BINARY[1] of quoted-printable")
check("BINARY[1] {16}\r\ncafé soft break)".encode() in b"".join(lines),
      "BINARY[1] is the decoded quoted-printable")
lines = tagged_ok(new.cmd(b"FETCH 1 (BINARY.PEEK[2]<4.8>)"), "FETCH BINARY partial")
check(b"BINARY[2]<4> {8}\r\n" + ATTACHMENT[4:12] in b"".join(lines), "BINARY partial")
lines = new.cmd(b"FETCH 1 BINARY.PEEK[3]")
check(b"NO [UNKNOWN-CTE]" in lines[-1], "an unknown encoding: NO [UNKNOWN-CTE]")
lines = new.cmd(b"FETCH 1 BINARY[1.MIME]")
check(b" BAD " in lines[-1], "BINARY with a section text: BAD")
lines = tagged_ok(new.cmd(b"FETCH 1 FLAGS"), "FETCH FLAGS after BINARY.PEEK")
check(b"\\Seen" not in lines[0], "BINARY.PEEK leaves \\Seen alone")
lines = tagged_ok(new.cmd(b"FETCH 1 BINARY[1]"), "FETCH BINARY[1]")
check(any(b"\\Seen" in l for l in lines), "BINARY sets \\Seen")
# APPEND of binary data in a literal8 (RFC 3516 4.4)
body = b"Subject: bin\r\nContent-Transfer-Encoding: binary\r\n\r\nNUL\x00here\r\n"
new.n += 1
new.send(b"r%d APPEND rev2 ~{%d+}\r\n" % (new.n, len(body)) + body + b"\r\n")
lines = new.until_tagged(b"r%d" % new.n)
check(b" OK " in lines[-1], "APPEND with a literal8")
lines = tagged_ok(new.cmd(b"FETCH 4 BINARY.PEEK[1]"), "FETCH the appended binary message")
check(b"~{10}\r\nNUL\x00here\r\n" in b"".join(lines), "binary body comes back as literal8")

# THREAD=REFERENCES on a threaded set
tagged_ok(new.cmd(b"CREATE rev2/threads"), "CREATE rev2/threads")
for msg in [threaded("a", 0, "plan"),
            threaded("b", 5, "Re: plan", refs=["a"]),
            threaded("c", 10, "Re: plan", refs=["a", "b"]),
            threaded("d", 7, "Re: plan", irt="a"),
            threaded("e", 1, "Re: lunch"),
            threaded("f", 2, "lunch"),
            threaded("g", 3, "Re: x", refs=["missing"]),
            threaded("h", 4, "Re: y", refs=["missing"])]:
    append(new, b"rev2/threads", msg)
# (OK [CLOSED] on selecting another mailbox)
lines = tagged_ok(new.cmd(b"SELECT rev2/threads"), "SELECT rev2/threads")
check(b"* OK [CLOSED]" in lines[0], "SELECT with a mailbox selected: OK [CLOSED] first")
lines = tagged_ok(new.cmd(b"THREAD REFERENCES UTF-8 ALL"), "THREAD REFERENCES")
check(b"* THREAD (1 (2 3)(4))(6 5)((7)(8))\r\n" in lines,
      "THREAD REFERENCES: replies, a subject merge, a dummy for a missing parent; got " + repr(lines[0]))
lines = tagged_ok(new.cmd(b"THREAD REFERENCES UTF-8 SUBJECT lunch"), "THREAD REFERENCES with a key")
check(b"* THREAD (6 5)\r\n" in lines, "THREAD REFERENCES on search results")
lines = tagged_ok(new.cmd(b"UID THREAD REFERENCES UTF-8 NOT SUBJECT lunch"), "UID THREAD")
check(b"* THREAD (1 (2 3)(4))((7)(8))\r\n" in lines, "UID THREAD REFERENCES")

# SEARCHRES (RFC 5182): SEARCH RETURN (SAVE) and $
lines = tagged_ok(new.cmd(b"SEARCH RETURN (SAVE) SUBJECT lunch"), "SEARCH RETURN (SAVE)")
check(len(lines) == 1, "SAVE alone sends no ESEARCH")
lines = tagged_ok(new.cmd(b"FETCH $ (UID)"), "FETCH $")
check([l for l in lines if l.startswith(b"*")] == [b"* 5 FETCH (UID 5)\r\n", b"* 6 FETCH (UID 6)\r\n"],
      "FETCH $ fetches the saved messages")
lines = tagged_ok(new.cmd(b"SEARCH NOT $"), "SEARCH NOT $")
check(b"ALL 1:4,7:8" in lines[0], "$ as a search key")
lines = tagged_ok(new.cmd(b"UID SEARCH RETURN (SAVE MAX) ALL"), "SEARCH RETURN (SAVE MAX)")
check(b"MAX 8" in lines[0], "SAVE with MAX still answers MAX")
lines = tagged_ok(new.cmd(b"UID STORE $ +FLAGS (\\Flagged)"), "UID STORE $")
check(b"* 8 FETCH (FLAGS (\\Flagged) UID 8)\r\n" in lines, "SAVE MAX saved only the last message")
tagged_ok(new.cmd(b"SELECT rev2"), "SELECT again")
lines = tagged_ok(new.cmd(b"FETCH $ (UID)"), "FETCH $ after SELECT")
check(len(lines) == 1, "SELECT empties $")
check(new.cmd(b"LOGOUT")[0].startswith(b"* BYE"), "LOGOUT")
old.close()

# ---- python3 imaplib in UTF-8 mode after ENABLE IMAP4rev2 ----
lib = implicit_tls()
ok(lib.enable("IMAP4rev2"), "imaplib ENABLE IMAP4rev2")
lib._mode_utf8()  # imaplib speaks UTF-8 once the server does
data = ok(lib.list('""', '"rev2/R*"'), "imaplib LIST")
check(any("Résumé".encode() in d for d in data), "imaplib sees the UTF-8 name")
ok(lib.select('"rev2/Résumé"'), "imaplib SELECT a UTF-8 name")
check("RECENT" not in lib.untagged_responses, "imaplib: no RECENT after SELECT")
typ, data = lib.search(None, "ALL")
check(typ == "OK" and data == [None] and lib.untagged_responses.get("ESEARCH"), "imaplib SEARCH gets ESEARCH")
check(lib.logout()[0] == "BYE", "imaplib LOGOUT")
print("ALL OK")
