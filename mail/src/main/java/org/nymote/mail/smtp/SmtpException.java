package org.nymote.mail.smtp;

/** A command that failed in SMTP's own terms; the session sends its {@link #reply()}. */
public final class SmtpException extends Exception {
  private final SmtpReply reply;

  public SmtpException(int code, String status, String text) {
    this(SmtpReply.of(code, status, text));
  }

  public SmtpException(SmtpReply reply) {
    super(reply.toString());
    this.reply = reply;
  }

  public SmtpReply reply() {
    return reply;
  }
}
