package org.nymote.mail.smtp;

import java.time.Clock;
import javax.net.ssl.SSLContext;

/**
 * What one SMTP listener needs.
 *
 * @param mode what the listener is for
 * @param hostname the name the server gives in its greeting and Received: headers
 * @param tls the server's TLS context, for STARTTLS and implicit TLS; null offers no TLS
 * @param implicitTls whether TLS starts before the greeting (submissions, RFC 8314)
 * @param loopbackOnly whether connections from other hosts are refused (LMTP)
 * @param limits sizes, counts and waits
 * @param delivery local addresses and INBOX delivery
 * @param outbox mail for other domains (submission only)
 * @param passwords logins for AUTH (submission only)
 * @param clock for Received: dates
 */
public record SmtpConfig(
    SmtpMode mode,
    String hostname,
    SSLContext tls,
    boolean implicitTls,
    boolean loopbackOnly,
    SmtpLimits limits,
    LocalDelivery delivery,
    Outbox outbox,
    PasswordCheck passwords,
    Clock clock) {
  public SmtpConfig {
    if (implicitTls && tls == null) {
      throw new IllegalArgumentException("implicit TLS needs a TLS context");
    }
  }
}
