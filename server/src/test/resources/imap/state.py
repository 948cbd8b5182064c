"""Prints a mailbox of the nymote under test as JSON: Message-ID -> sorted flags; with
`flag N FLAG` first, sets FLAG on N messages; with `expunge N`, deletes N messages."""
import json
import re
import sys
from imaptest import *

user, mailbox = sys.argv[1], sys.argv[2]
m = implicit_tls(user)
ok_ = m.select(mailbox)
if ok_[0] != "OK":
    print(json.dumps({"error": repr(ok_)}))
    sys.exit(1)
args = sys.argv[3:]
while args:
    op = args.pop(0)
    if op == "flag":
        n, flag, step = int(args.pop(0)), args.pop(0), int(args.pop(0))
        total = int(m.select(mailbox)[1][0])
        seqs = ",".join(str(i) for i in range(1, total + 1, step)[:n])
        m.store(seqs, "+FLAGS", "(%s)" % flag)
    elif op == "expunge":
        n, step = int(args.pop(0)), int(args.pop(0))
        total = int(m.select(mailbox)[1][0])
        seqs = ",".join(str(i) for i in range(2, total + 1, step)[:n])
        m.store(seqs, "+FLAGS", "(\\Deleted)")
        m.expunge()
out = {}
typ, data = m.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
for item in data:
    if isinstance(item, tuple):
        flags = re.search(rb"FLAGS \(([^)]*)\)", item[0]).group(1).decode().split()
        mid = item[1].decode().split(":", 1)[1].strip()
        out[mid] = sorted(f for f in flags if f != "\\Recent")
print(json.dumps(out))
m.logout()
