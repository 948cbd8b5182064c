package org.nymote.mail.imap.session;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** IMAP date-time text (RFC 3501 9, {@code date-time}). */
final class Dates {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

  private Dates() {}

  static String imap(Instant t) {
    return FORMAT.format(t.atOffset(ZoneOffset.UTC));
  }
}
