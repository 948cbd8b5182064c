package org.nymote.mail.store;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * This replica's numbering of one mailbox: UIDVALIDITY, the next UID, the highest MODSEQ, and the
 * id of the members tree it last numbered ({@code seen}), so that changes merged in by sync are
 * found by a diff from there.
 */
record UidState(long uidValidity, long uidNext, long modseq, Optional<String> seen) {
  static UidState fresh(long uidValidity) {
    return new UidState(uidValidity, 1, 1, Optional.empty());
  }

  UidState withSeen(String treeId) {
    return new UidState(uidValidity, uidNext, modseq, Optional.ofNullable(treeId));
  }

  byte[] encode() {
    return ("uidvalidity " + uidValidity + "\nuidnext " + uidNext + "\nmodseq " + modseq + "\nseen "
            + seen.orElse("-") + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static UidState decode(byte[] bytes) {
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
    if (lines.length < 4) {
      throw new IllegalArgumentException("not a UID state");
    }
    String seen = value(lines[3], "seen");
    return new UidState(
        Long.parseLong(value(lines[0], "uidvalidity")),
        Long.parseLong(value(lines[1], "uidnext")),
        Long.parseLong(value(lines[2], "modseq")),
        seen.equals("-") ? Optional.empty() : Optional.of(seen));
  }

  private static String value(String line, String key) {
    if (!line.startsWith(key + " ")) {
      throw new IllegalArgumentException("not a UID state: expected " + key);
    }
    return line.substring(key.length() + 1);
  }
}
