package org.nymote.mail.store;

import java.nio.charset.StandardCharsets;

/**
 * This replica's UID and MODSEQ of one member, with the blob id of the member as last numbered:
 * when the member's blob changes (flags changed here or merged in), it gets a new MODSEQ.
 */
record UidEntry(long uid, long modseq, String blob) {
  byte[] encode() {
    return (uid + " " + modseq + " " + blob + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static UidEntry decode(byte[] bytes) {
    String[] p = new String(bytes, StandardCharsets.UTF_8).strip().split(" ");
    if (p.length != 3) {
      throw new IllegalArgumentException("not a UID entry");
    }
    return new UidEntry(Long.parseLong(p[0]), Long.parseLong(p[1]), p[2]);
  }
}
