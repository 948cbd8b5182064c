package org.nymote.mail.smtp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A command a client sends, as {@link SmtpParser} reads it (RFC 5321 4.1.1, RFC 2033 4.1). */
public sealed interface SmtpCommand {
  /** EHLO (extended), HELO, or LMTP's LHLO. */
  record Hello(Verb verb, String domain) implements SmtpCommand {}

  /** The three greetings. */
  enum Verb {
    HELO,
    EHLO,
    LHLO
  }

  /** MAIL FROM: the reverse path (empty for the null path {@code <>}) and its parameters. */
  record Mail(Optional<MailAddress> from, Map<String, String> parameters) implements SmtpCommand {}

  /** RCPT TO: a forward path and its parameters. */
  record Rcpt(MailAddress to, Map<String, String> parameters) implements SmtpCommand {}

  record Data() implements SmtpCommand {}

  record Rset() implements SmtpCommand {}

  record Noop() implements SmtpCommand {}

  record Quit() implements SmtpCommand {}

  record Vrfy(String argument) implements SmtpCommand {}

  record Help() implements SmtpCommand {}

  record StartTls() implements SmtpCommand {}

  /** AUTH (RFC 4954) with a mechanism and, maybe, an initial response. */
  record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {}

  /** Every command word the parser knows, for HELP. */
  List<String> VERBS = List.of(
      "HELO",
      "EHLO",
      "LHLO",
      "MAIL",
      "RCPT",
      "DATA",
      "RSET",
      "NOOP",
      "QUIT",
      "VRFY",
      "HELP",
      "STARTTLS",
      "AUTH");
}
