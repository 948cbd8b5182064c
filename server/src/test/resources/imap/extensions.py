"""Each IMAP extension nymote announces, exercised with python3 imaplib and a raw client."""
import base64
import time
import zlib
from imaptest import *

m = implicit_tls()
caps = ok(m.capability(), "CAPABILITY")[0].split()
for cap in [b"IDLE", b"UIDPLUS", b"MOVE", b"UNSELECT", b"NAMESPACE", b"SPECIAL-USE", b"LIST-EXTENDED",
            b"LIST-STATUS", b"CHILDREN", b"ID", b"ENABLE", b"CONDSTORE", b"QRESYNC", b"ESEARCH",
            b"COMPRESS=DEFLATE", b"LITERAL+", b"SASL-IR", b"SORT", b"THREAD=REFERENCES"]:
    check(cap in caps, "capability " + cap.decode())
limit = [c for c in caps if c.startswith(b"APPENDLIMIT=")]
check(len(limit) == 1, "capability APPENDLIMIT=n")
for leftover in ("ext/moved", "ext", "Sent-test"):
    m.delete(leftover)

# ID, NAMESPACE
data = ok(m._simple_command("ID", "NIL"), "ID")
check(b"Nymote" in m.untagged_responses.pop("ID")[0], "ID names the server")
ok(m._simple_command("NAMESPACE"), "NAMESPACE")
check(m.untagged_responses.pop("NAMESPACE")[0] == b'(("" "/")) NIL NIL', "NAMESPACE personal only")

# SPECIAL-USE, CREATE-SPECIAL-USE, LIST-EXTENDED, CHILDREN, LIST-STATUS
ok(m._simple_command("CREATE", "Sent-test", "(USE (\\Sent))"), "CREATE with USE (\\Sent)")
typ, data = m._simple_command("CREATE", "Bad-use", "(USE (\\Bogus))")
check(typ == "NO" and b"USEATTR" in m.untagged_responses.pop("NO", [b""])[0] + b"".join(data or []),
      "CREATE with an unknown use: NO [USEATTR]")
ok(m.create("ext"), "CREATE ext")
ok(m.create("ext/moved"), "CREATE ext/moved")
ok(m.subscribe("ext"), "SUBSCRIBE ext")
ok(m._simple_command("LIST", "(SPECIAL-USE)", '""', "*"), "LIST (SPECIAL-USE)")
lines = m.untagged_responses.pop("LIST")
check(any(b"\\Sent" in l and b"Sent-test" in l for l in lines)
      and not any(b'"ext"' in l for l in lines), "LIST (SPECIAL-USE) selects special-use mailboxes")
ok(m._simple_command("LIST", "(SUBSCRIBED)", '""', "*", "RETURN", "(CHILDREN)"), "LIST (SUBSCRIBED)")
lines = m.untagged_responses.pop("LIST")
check(any(b'"ext"' in l and b"\\Subscribed" in l and b"\\HasChildren" in l for l in lines)
      and not any(b"ext/moved" in l for l in lines), "LIST-EXTENDED SUBSCRIBED with CHILDREN")
ok(m._simple_command("LIST", '""', "ext*", "RETURN", "(STATUS (MESSAGES UIDNEXT))"), "LIST-STATUS")
status = m.untagged_responses.pop("STATUS")
check(any(b'"ext" (MESSAGES 0 UIDNEXT 1)' in s for s in status), "LIST-STATUS gives STATUS lines")

# UIDPLUS: APPENDUID, COPYUID, UID EXPUNGE
uids = []
for i in range(6):
    data = ok(m.append("ext", None, None, message("ext %d" % i, "text of ext %d" % i)), "APPEND")
    uids.append(int(data[0].split()[2].rstrip(b"]")))
check(uids == [1, 2, 3, 4, 5, 6], "APPENDUID UIDs 1..6")
ok(m.select("ext"), "SELECT ext")
data = ok(m.uid("COPY", "1:2", "ext/moved"), "UID COPY")
check(m.untagged_responses.pop("COPYUID", None) or True, "COPY")
ok(m.uid("STORE", "1:3", "+FLAGS", "(\\Deleted)"), "UID STORE \\Deleted")
ok(m.uid("EXPUNGE", "2"), "UID EXPUNGE 2")
check(m.untagged_responses.pop("EXPUNGE", None) == [b"2"], "UID EXPUNGE removes only UID 2")
check(ok(m.uid("SEARCH", "ALL"), "UID SEARCH")[0] == b"1 3 4 5 6", "UIDs left")

# MOVE
ok(m._simple_command("MOVE", "1", "ext/moved"), "MOVE")
check(m.untagged_responses.pop("EXPUNGE", None) == [b"1"], "MOVE expunges the source")
st = ok(m.status("ext/moved", "(MESSAGES)"), "STATUS of the MOVE target")[0]
check(b"MESSAGES 3" in st, "MOVE target holds the copies and the moved message")

# ESEARCH
ok(m._simple_command("UID", "SEARCH", "RETURN", "(MIN MAX COUNT ALL)", "ALL"), "ESEARCH")
es = m.untagged_responses.pop("ESEARCH")[0]
check(b"UID" in es and b"MIN 3 MAX 6 COUNT 4 ALL 3:6" in es, "ESEARCH MIN MAX COUNT ALL")
ok(m._simple_command("SEARCH", "RETURN", "(COUNT)", "DELETED"), "ESEARCH COUNT")
check(b"COUNT 1" in m.untagged_responses.pop("ESEARCH")[0], "ESEARCH COUNT DELETED")

# SORT, THREAD
ok(m._simple_command("SORT", "(REVERSE SUBJECT)", "UTF-8", "ALL"), "SORT")
check(m.untagged_responses.pop("SORT")[0] == b"4 3 2 1", "SORT REVERSE SUBJECT")
ok(m._simple_command("THREAD", "ORDEREDSUBJECT", "UTF-8", "ALL"), "THREAD ORDEREDSUBJECT")
check(m.untagged_responses.pop("THREAD")[0].count(b"(") == 4, "THREAD gives four threads")

# CONDSTORE
ok(m.select("ext"), "SELECT ext again")
hms = int(m.untagged_responses.pop("HIGHESTMODSEQ")[0])
data = ok(m.fetch("1", "(MODSEQ)"), "FETCH MODSEQ")[0]
modseq = int(data.split(b"MODSEQ (")[1].split(b")")[0])
check(modseq <= hms, "FETCH MODSEQ not above HIGHESTMODSEQ")
ok(m.store("1", "+FLAGS", "(\\Flagged)"), "STORE")
typ, data = m._simple_command("STORE", "1", "(UNCHANGEDSINCE %d)" % modseq, "+FLAGS", "(\\Seen)")
check(typ == "OK" and b"MODIFIED 1" in data[0], "STORE UNCHANGEDSINCE an older MODSEQ: [MODIFIED]")
check(b"\\Seen" not in ok(m.fetch("1", "FLAGS"), "FETCH")[0], "the conditional STORE changed nothing")
data = ok(m.fetch("1:*", "(FLAGS)", ) if False else m._simple_command(
    "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE %d)" % hms), "FETCH CHANGEDSINCE")
changed = m.untagged_responses.pop("FETCH")
check(len(changed) == 1 and changed[0].startswith(b"1 "), "FETCH CHANGEDSINCE gives the changed one")
check(ok(m.search(None, "MODSEQ", str(hms + 1)), "SEARCH MODSEQ")[0].startswith(b"1"),
      "SEARCH MODSEQ")
ok(m.close(), "CLOSE")

# ENABLE QRESYNC, SELECT (QRESYNC ...), VANISHED
ok(m._simple_command("ENABLE", "QRESYNC"), "ENABLE QRESYNC")
check(b"QRESYNC" in m.untagged_responses.pop("ENABLED")[0], "ENABLED QRESYNC")
ok(m.select("ext"), "SELECT for QRESYNC")
validity = int(m.untagged_responses.pop("UIDVALIDITY")[0])
before = int(m.untagged_responses.pop("HIGHESTMODSEQ")[0])
ok(m.uid("STORE", "6", "+FLAGS", "(\\Deleted)"), "STORE \\Deleted")
ok(m.expunge(), "EXPUNGE with QRESYNC")
check(m.untagged_responses.pop("VANISHED", None) == [b"6"], "EXPUNGE reported as VANISHED 6")
ok(m._simple_command("UID", "FETCH", "1:*", "(FLAGS)", "(CHANGEDSINCE %d VANISHED)" % before),
   "UID FETCH CHANGEDSINCE VANISHED")
check(m.untagged_responses.pop("VANISHED", [b""])[0] == b"(EARLIER) 6", "VANISHED (EARLIER) 6")
ok(m._simple_command("UNSELECT"), "UNSELECT")
m.state = "AUTH"
ok(m._simple_command("SELECT", "ext", "(QRESYNC (%d %d))" % (validity, before)), "SELECT QRESYNC")
check(m.untagged_responses.pop("VANISHED", [b""])[0] == b"(EARLIER) 6",
      "SELECT (QRESYNC) reports VANISHED (EARLIER)")
check(m.logout()[0] == "BYE", "LOGOUT")

# IDLE: one session idles, another changes the mailbox
idler = Raw()
idler.cmd(b"SELECT ext")
idler.send(b"i1 IDLE\r\n")
check(idler.readline().startswith(b"+ "), "IDLE continuation")
other = implicit_tls()
ok(other.append("ext", None, None, message("during idle")), "APPEND from another session")
line = idler.readline()
check(line.endswith(b"EXISTS\r\n"), "IDLE reports EXISTS pushed: " + repr(line))
ok(other.select("ext"), "other SELECT")
ok(other.store("1", "+FLAGS", "(\\Answered)"), "other STORE")
line = idler.readline()
check(b"FETCH" in line and b"\\Answered" in line, "IDLE reports the flag change: " + repr(line))
ok(other.store("1", "+FLAGS", "(\\Deleted)"), "other STORE \\Deleted")
idler.readline()
ok(other.expunge(), "other EXPUNGE")
line = idler.readline()
check(line == b"* 1 EXPUNGE\r\n", "IDLE reports the EXPUNGE: " + repr(line))
idler.send(b"DONE\r\n")
check(idler.until_tagged(b"i1")[-1].startswith(b"i1 OK"), "DONE ends IDLE")
idler.close()
other.logout()

# LITERAL+ and SASL-IR on a raw connection
raw = Raw(login=False)
plain = base64.b64encode(b"\0alice\0" + USERS["alice"].encode())
check(raw.cmd(b"AUTHENTICATE PLAIN " + plain)[-1].startswith(b"r1 OK"), "AUTHENTICATE PLAIN with SASL-IR")
msg = message("literal plus")
raw.send(b"a1 APPEND ext {%d+}\r\n" % len(msg) + msg + b"\r\n")
check(raw.until_tagged(b"a1")[-1].startswith(b"a1 OK [APPENDUID"), "APPEND with a LITERAL+ literal")
raw.close()
# AUTHENTICATE PLAIN without an initial response (imaplib)
a = imaplib.IMAP4_SSL(HOST, IMAPS_PORT, ssl_context=tls_context())
ok(a.authenticate("PLAIN", lambda _: b"\0alice\0" + USERS["alice"].encode()), "AUTHENTICATE PLAIN")
st = ok(a.status("ext", "(APPENDLIMIT)"), "STATUS APPENDLIMIT")[0]
check(b"APPENDLIMIT " + limit[0].split(b"=")[1] in st, "STATUS APPENDLIMIT matches the capability")
a.logout()

# COMPRESS=DEFLATE on a raw connection
raw = Raw()
lines = raw.cmd(b"COMPRESS DEFLATE")
check(lines[-1].startswith(b"r2 OK"), "COMPRESS DEFLATE accepted")
comp = zlib.compressobj(wbits=-15)
decomp = zlib.decompressobj(wbits=-15)
raw.s.sendall(comp.compress(b"c1 LIST \"\" ext\r\n") + comp.flush(zlib.Z_SYNC_FLUSH))
got = b""
deadline = time.time() + 20
while b"c1 OK" not in got and time.time() < deadline:
    got += decomp.decompress(raw.s.recv(65536))
check(b'"ext"' in got and b"c1 OK" in got, "commands and responses flow compressed")
raw.close()
print("ALL OK")
