package org.nymote.mail.smtp;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mailbox address {@code local@domain} as SMTP carries it (RFC 5321 4.1.2): the local part is a
 * dot-string or a quoted string, the domain a host name (kept in lower case) or an address literal.
 * Addresses beyond ASCII (SMTPUTF8) are not accepted. Immutable.
 */
public record MailAddress(String localPart, String domain) {
  private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
  private static final Pattern DOT_STRING = Pattern.compile(ATEXT + "+(\\." + ATEXT + "+)*");
  private static final Pattern QUOTED =
      Pattern.compile("\"([\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]" + "|\\\\[\\x20-\\x7e])*\"");
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern IPV4_LITERAL =
      Pattern.compile("\\[\\d{1,3}(\\.\\d{1,3}){3}]|\\[IPv6:[0-9A-Fa-f:.]{2,45}]");

  public MailAddress {
    domain = domain.toLowerCase(Locale.ROOT);
  }

  /** Parses {@code local@domain}; empty when it is not a valid RFC 5321 mailbox. */
  public static Optional<MailAddress> parse(String mailbox) {
    int at = mailbox.lastIndexOf('@');
    if (at <= 0 || mailbox.length() > 254) {
      return Optional.empty();
    }
    String local = mailbox.substring(0, at);
    String domain = mailbox.substring(at + 1);
    if (local.length() > 64
        || !(DOT_STRING.matcher(local).matches() || QUOTED.matcher(local).matches())
        || !validDomain(domain)) {
      return Optional.empty();
    }
    return Optional.of(new MailAddress(local, domain));
  }

  /** Whether {@code domain} is a host name (RFC 5321 4.1.2 Domain) or an address literal. */
  public static boolean validDomain(String domain) {
    if (IPV4_LITERAL.matcher(domain).matches()) {
      return true;
    }
    if (domain.isEmpty() || domain.length() > 253 || domain.endsWith(".")) {
      return false;
    }
    for (String label : domain.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return localPart + "@" + domain;
  }
}
