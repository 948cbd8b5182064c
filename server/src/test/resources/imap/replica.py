"""Drives one replica's INBOX for the two-replica test. Usage: replica.py OP ARGS...
  append PREFIX N        append N messages whose Message-IDs start with PREFIX
  flag MSGID FLAG        add FLAG to the message with that Message-ID
  expunge MSGID          delete and expunge it
  idle COUNT SECONDS     IDLE until the INBOX has COUNT messages (exit 1 on timeout)
Always prints the INBOX at the end as JSON: {"uidvalidity": v, "messages": {id: {uid, flags}}}."""
import json
import sys
import time
from imaptest import *


def find(m, msgid):
    typ, data = m.uid("SEARCH", "HEADER", "Message-ID", '"%s"' % msgid)
    uids = data[0].split()
    check(len(uids) == 1, "found " + msgid)
    return uids[0].decode()


op, args = sys.argv[1], sys.argv[2:]
m = implicit_tls()
m.select("INBOX")
if op == "append":
    for i in range(int(args[1])):
        ok(m.append("INBOX", None, None, message("%s %d" % (args[0], i))), "append")
elif op == "flag":
    ok(m.uid("STORE", find(m, args[0]), "+FLAGS", "(%s)" % args[1]), "store")
elif op == "expunge":
    uid = find(m, args[0])
    ok(m.uid("STORE", uid, "+FLAGS", "(\\Deleted)"), "store deleted")
    ok(m.uid("EXPUNGE", uid), "uid expunge")
elif op == "idle":
    r = Raw()
    lines = r.cmd(b"SELECT INBOX")
    count = [int(l.split()[1]) for l in lines if l.endswith(b"EXISTS\r\n")][0]
    r.send(b"i IDLE\r\n")
    r.readline()
    r.s.settimeout(float(args[1]))
    while count < int(args[0]):
        line = r.readline()
        if line.endswith(b"EXISTS\r\n"):
            count = int(line.split()[1])
    r.send(b"DONE\r\n")
    r.until_tagged(b"i")
    print("ok: IDLE saw %d messages" % count)
    r.close()
typ, data = m.select("INBOX")
validity = int(m.untagged_responses["UIDVALIDITY"][0])
out = {}
if int(data[0]) > 0:
    typ, data = m.fetch("1:*", "(UID FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    for item in data:
        if isinstance(item, tuple):
            head = item[0].decode()
            uid = int(head.split("UID ")[1].split()[0])
            flags = sorted(head.split("FLAGS (")[1].split(")")[0].split())
            out[item[1].decode().split(":", 1)[1].strip()] = {"uid": uid, "flags": flags}
print(json.dumps({"uidvalidity": validity, "messages": out}))
m.logout()
