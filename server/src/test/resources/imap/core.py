"""IMAP4rev1 core commands (RFC 3501) with python3 imaplib, over STARTTLS and implicit TLS."""
from imaptest import *

# before TLS: LOGINDISABLED, and LOGIN refused
plain = imaplib.IMAP4(HOST, IMAP_PORT)
check("LOGINDISABLED" in plain.capabilities and "STARTTLS" in plain.capabilities,
      "plain port advertises STARTTLS and LOGINDISABLED")
try:
    plain.login("alice", USERS["alice"])
    check(False, "LOGIN before STARTTLS is refused")
except imaplib.IMAP4.error as e:
    check("PRIVACYREQUIRED" in str(e), "LOGIN before STARTTLS is refused")
plain.starttls(ssl_context=tls_context())
check("AUTH=PLAIN" in plain.capabilities and "LOGINDISABLED" not in plain.capabilities,
      "after STARTTLS: AUTH=PLAIN, no LOGINDISABLED")
ok(plain.login("alice", USERS["alice"]), "LOGIN after STARTTLS")
ok(plain.noop(), "NOOP")
check(plain.logout()[0] == "BYE", "LOGOUT answers BYE")

m = implicit_tls()
ok(m.capability(), "CAPABILITY")
for leftover in ("core/sub", "core/renamed", "core"):
    m.delete(leftover)
ok(m.create("core"), "CREATE core")
ok(m.create("core/sub"), "CREATE core/sub")
typ, data = m.create("core")
check(typ == "NO" and b"ALREADYEXISTS" in data[0], "CREATE of an existing mailbox: NO [ALREADYEXISTS]")
names = b" ".join(ok(m.list('""', "core*"), "LIST core*"))
check(b'"core"' in names and b'"core/sub"' in names and b"\\HasChildren" in names, "LIST shows children")
check(len(ok(m.list('""', "core/%"), "LIST core/%")) == 1, "LIST % stops at the delimiter")
ok(m.subscribe("core"), "SUBSCRIBE")
check(b'"core"' in b" ".join(ok(m.lsub('""', "*"), "LSUB")), "LSUB lists the subscription")
ok(m.unsubscribe("core"), "UNSUBSCRIBE")
check(b'"core"' not in b" ".join(x for x in ok(m.lsub('""', "*"), "LSUB again") if x),
      "LSUB no longer lists it")

for i in range(5):
    flags = "(\\Seen)" if i % 2 == 0 else None
    data = ok(m.append("core", flags, imaplib.Time2Internaldate(1_700_000_000 + i),
                       message("core message %d" % i, "body number %d" % i)), "APPEND %d" % i)
    check(b"APPENDUID" in data[0], "APPEND answers APPENDUID")
typ, data = m.append("nonexistent", None, None, message("x"))
check(typ == "NO" and b"TRYCREATE" in data[0], "APPEND to a missing mailbox: NO [TRYCREATE]")

st = ok(m.status("core", "(MESSAGES UNSEEN UIDNEXT UIDVALIDITY)"), "STATUS")[0]
check(b"MESSAGES 5" in st and b"UNSEEN 2" in st and b"UIDNEXT 6" in st, "STATUS counts")

ok(m.select("core", readonly=True), "EXAMINE")
typ, data = m.store("1", "+FLAGS", "(\\Flagged)")
check(typ == "NO", "STORE in a read-only mailbox is refused")
data = ok(m.select("core"), "SELECT")
check(data == [b"5"], "SELECT: 5 EXISTS")
check(m.untagged_responses.get("UIDVALIDITY"), "SELECT: UIDVALIDITY")

data = ok(m.fetch("1:*", "(UID FLAGS INTERNALDATE RFC822.SIZE)"), "FETCH fast items")
check(len(data) == 5 and b"UID 1 " in data[0] and b"RFC822.SIZE" in data[0], "FETCH all five")
check(b'INTERNALDATE "14-Nov-2023' in data[0], "INTERNALDATE is the APPEND date")
env = ok(m.fetch("2", "(ENVELOPE BODYSTRUCTURE)"), "FETCH ENVELOPE BODYSTRUCTURE")[0]
check(b'"core message 1"' in env and b'(("Bob" NIL "bob" "example.org"))' in env, "ENVELOPE")
check(b'("TEXT" "PLAIN"' in env, "BODYSTRUCTURE")
data = ok(m.fetch("2", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)] BODY.PEEK[TEXT] BODY.PEEK[]<0.4>)"),
          "FETCH sections")
check(data[0][1] == b"Subject: core message 1\r\n\r\n", "BODY[HEADER.FIELDS (SUBJECT)]")
check(data[1][1] == b"body number 1\r\n", "BODY[TEXT]")
check(data[2][1] == b"From", "BODY[]<0.4> partial")
flags = ok(m.fetch("2", "FLAGS"), "FETCH FLAGS")[0]
check(b"\\Seen" not in flags, "PEEK does not set \\Seen")
data = ok(m.fetch("2", "(RFC822)"), "FETCH RFC822")
check(data[0][1] == message("core message 1", "body number 1"), "RFC822 is the appended bytes")
check(b"\\Seen" in ok(m.fetch("2", "FLAGS"), "FETCH FLAGS again")[0], "RFC822 sets \\Seen")

check(ok(m.search(None, "SEEN"), "SEARCH SEEN")[0] == b"1 2 3 5", "SEARCH SEEN")
check(ok(m.search(None, "SUBJECT", '"message 3"'), "SEARCH SUBJECT")[0] == b"4", "SEARCH SUBJECT")
check(ok(m.search(None, "BODY", '"number 4"'), "SEARCH BODY")[0] == b"5", "SEARCH BODY")
check(ok(m.search(None, "TEXT", '"core message 0"'), "SEARCH TEXT")[0] == b"1", "SEARCH TEXT")
check(ok(m.search(None, "OR", "1", "5"), "SEARCH OR")[0] == b"1 5", "SEARCH OR of sequence numbers")
check(ok(m.search(None, "NOT", "SEEN", "LARGER", "10"), "SEARCH NOT")[0] == b"4", "SEARCH NOT/LARGER")
check(ok(m.search(None, "SENTON", "23-Nov-2026"), "SEARCH SENTON")[0] == b"1 2 3 4 5", "SENTON")
check(ok(m.search(None, "BEFORE", "1-Jan-2024"), "SEARCH BEFORE")[0] == b"1 2 3 4 5", "BEFORE")
check(ok(m.uid("SEARCH", "UID", "2:3"), "UID SEARCH")[0] == b"2 3", "UID SEARCH UID 2:3")

ok(m.store("1:2", "+FLAGS", "(\\Deleted $Label1)"), "STORE +FLAGS")
data = ok(m.fetch("1", "FLAGS"), "FETCH after STORE")[0]
check(b"\\Deleted" in data and b"$Label1" in data, "flags stored, keywords too")
ok(m.store("2", "-FLAGS", "($Label1)"), "STORE -FLAGS")
ok(m.store("3", "FLAGS", "(\\Answered)"), "STORE FLAGS")
check(b"FLAGS (\\Answered)" in ok(m.fetch("3", "FLAGS"), "FETCH 3")[0], "STORE FLAGS replaces")
data = ok(m.copy("3:4", "core/sub"), "COPY")
check(b"COPYUID" in data[0], "COPY answers COPYUID")
data = ok(m.expunge(), "EXPUNGE")
check(data == [b"1", b"1"], "EXPUNGE reports 1 twice (messages 1 and 2)")
check(ok(m.search(None, "ALL"), "SEARCH ALL")[0] == b"1 2 3", "three messages left")
ok(m.check(), "CHECK")
ok(m.store("1", "+FLAGS", "(\\Deleted)"), "STORE \\Deleted")
ok(m.close(), "CLOSE expunges silently")
st = ok(m.status("core", "(MESSAGES)"), "STATUS after CLOSE")[0]
check(b"MESSAGES 2" in st, "CLOSE expunged the deleted message")
ok(m.select("core/sub"), "SELECT core/sub")
check(ok(m.search(None, "ALL"), "SEARCH in copy target")[0] == b"1 2", "the copies are there")

ok(m.rename("core/sub", "core/renamed"), "RENAME")
check(b'"core/renamed"' in b" ".join(ok(m.list('""', "core/*"), "LIST after RENAME")), "renamed")
st = ok(m.status("core/renamed", "(MESSAGES)"), "STATUS renamed")[0]
check(b"MESSAGES 2" in st, "messages follow the rename")
ok(m.delete("core/renamed"), "DELETE")
typ, data = m.select("core/renamed")
check(typ == "NO" and b"NONEXISTENT" in data[0], "SELECT of a deleted mailbox: NO [NONEXISTENT]")
ok(m.delete("core"), "DELETE core")
typ, data = m.delete("INBOX")
check(typ == "NO", "INBOX cannot be deleted")
check(m.logout()[0] == "BYE", "LOGOUT")
print("ALL OK")
