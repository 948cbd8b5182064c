package org.nymote.mail.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.nymote.store.Contents;
import org.nymote.store.Merged;

/**
 * One message in one mailbox: the content key of the message, its internal date and size (fixed
 * when it arrives), its flags, and whether it was expunged. Stored at {@code
 * mail/mailboxes/<id>/members/<key>}; an expunged member stays as a tombstone so that an expunge
 * and a concurrent flag change on another replica merge instead of conflicting.
 *
 * <p>Merge ({@link #CONTENTS}): the flags merge three-way as a set (a flag added on one side is
 * added, a flag removed on one side is removed, both sides' changes apply); expunged wins (once
 * expunged on any replica, a member stays expunged: restore makes a new member); the message,
 * date and size never change, so sides that differ there are a conflict.
 */
public record Member(
    String message, Instant internalDate, long size, Set<String> flags, boolean expunged) {
  public Member {
    Hashes.check(message);
    flags = Collections.unmodifiableSet(new TreeSet<>(flags));
    for (String f : flags) {
      if (f.isEmpty() || f.chars().anyMatch(c -> c <= ' ' || c == 127)) {
        throw new IllegalArgumentException("invalid flag '" + f + "'");
      }
    }
  }

  /** The contents type of members, named {@code mail-member}. */
  public static final Contents<Member> CONTENTS =
      Contents.of("mail-member", Member::encode, Member::decode, Member::merge);

  public Member withFlags(Set<String> newFlags) {
    return new Member(message, internalDate, size, newFlags, expunged);
  }

  public Member expunge() {
    return new Member(message, internalDate, size, flags, true);
  }

  byte[] encode() {
    StringBuilder b = new StringBuilder();
    b.append("message ").append(message).append('\n');
    b.append("date ").append(internalDate.toEpochMilli()).append('\n');
    b.append("size ").append(size).append('\n');
    b.append("flags");
    for (String f : flags) {
      b.append(' ').append(f);
    }
    b.append('\n');
    if (expunged) {
      b.append("expunged\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static Member decode(byte[] bytes) {
    String message = null;
    Instant date = null;
    long size = -1;
    Set<String> flags = new TreeSet<>();
    boolean expunged = false;
    try {
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        int sp = line.indexOf(' ');
        String key = sp < 0 ? line : line.substring(0, sp);
        String rest = sp < 0 ? "" : line.substring(sp + 1);
        switch (key) {
          case "message" -> message = rest;
          case "date" -> date = Instant.ofEpochMilli(Long.parseLong(rest));
          case "size" -> size = Long.parseLong(rest);
          case "flags" -> {
            for (String f : rest.split(" ")) {
              if (!f.isEmpty()) {
                flags.add(f);
              }
            }
          }
          case "expunged" -> expunged = true;
          default -> throw new IllegalArgumentException("unknown line '" + key + "'");
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a member: " + e.getMessage(), e);
    }
    if (message == null || date == null || size < 0) {
      throw new IllegalArgumentException("not a member: message, date or size missing");
    }
    return new Member(message, date, size, flags, expunged);
  }

  static Merged<Member> merge(Supplier<Optional<Member>> base, Member ours, Member theirs) {
    if (!ours.message.equals(theirs.message)
        || !ours.internalDate.equals(theirs.internalDate)
        || ours.size != theirs.size) {
      return Merged.conflict("one member holds two different messages");
    }
    Set<String> baseFlags = base.get().map(Member::flags).orElse(Set.of());
    Set<String> flags = new TreeSet<>();
    for (String f : ours.flags) {
      if (theirs.flags.contains(f) || !baseFlags.contains(f)) {
        flags.add(f);
      }
    }
    for (String f : theirs.flags) {
      if (!baseFlags.contains(f)) {
        flags.add(f);
      }
    }
    return Merged.ok(new Member(
        ours.message, ours.internalDate, ours.size, flags, ours.expunged || theirs.expunged));
  }
}
