package org.nymote.mail.io;

import java.time.Instant;
import java.util.Set;

/**
 * One message as a mail file holds it: its bytes (with CRLF line ends, as the mailstore keeps
 * them), its IMAP flags, and its internal date.
 */
public record MessageFile(byte[] bytes, Set<String> flags, Instant internalDate) {
  public MessageFile {
    flags = Set.copyOf(flags);
  }
}
