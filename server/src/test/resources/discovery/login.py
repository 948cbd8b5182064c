"""Logs in where the autoconfig document said, as Thunderbird would, with the server's certificate
checked: python3 login.py KIND HOST PORT USER CAFILE, the password in $PASSWORD.

KIND is imap-SSL, imap-STARTTLS, smtp-SSL or smtp-STARTTLS. Prints one line saying what the server
answered; exits non-zero on any failure.
"""
import imaplib
import os
import smtplib
import ssl
import sys

kind, host, port, user, cafile = sys.argv[1:6]
port = int(port)
password = os.environ["PASSWORD"]
context = ssl.create_default_context(cafile=cafile)

if kind == "imap-SSL":
    imap = imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=30)
elif kind == "imap-STARTTLS":
    imap = imaplib.IMAP4(host, port, timeout=30)
    imap.starttls(ssl_context=context)
if kind.startswith("imap"):
    imap.login(user, password)
    status, data = imap.select("INBOX", readonly=True)
    assert status == "OK", (status, data)
    print("imap", kind, "selected INBOX with", data[0].decode(), "messages")
    imap.logout()
    sys.exit(0)

if kind == "smtp-SSL":
    smtp = smtplib.SMTP_SSL(host, port, context=context, timeout=30)
elif kind == "smtp-STARTTLS":
    smtp = smtplib.SMTP(host, port, timeout=30)
    smtp.starttls(context=context)
else:
    sys.exit("unknown kind " + kind)
code, text = smtp.login(user, password)
assert code == 235, (code, text)
print("smtp", kind, "authenticated:", code)
smtp.quit()
