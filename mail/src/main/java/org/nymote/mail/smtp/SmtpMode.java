package org.nymote.mail.smtp;

/** What a listener is for, which decides what its sessions accept. */
public enum SmtpMode {
  /** Inbound SMTP (RFC 5321): mail for local users only, no AUTH. */
  SMTP,
  /** Message submission (RFC 6409): AUTH over TLS first, then mail to anyone. */
  SUBMISSION,
  /** LMTP (RFC 2033), from an MTA on this machine: local users only, one reply per recipient. */
  LMTP
}
