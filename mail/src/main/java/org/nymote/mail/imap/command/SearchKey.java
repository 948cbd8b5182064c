package org.nymote.mail.imap.command;

import java.time.LocalDate;
import java.util.List;

/** A search key (RFC 3501 6.4.4, RFC 7162 3.1.5), as a tree of records. */
public sealed interface SearchKey {
  record All() implements SearchKey {}

  record None() implements SearchKey {}

  /** A flag is set ({@code set}) or not: SEEN, UNSEEN, KEYWORD k, UNKEYWORD k ... */
  record Flag(String flag, boolean set) implements SearchKey {}

  /** A header field contains a substring: FROM, TO, CC, BCC, SUBJECT, HEADER f s. */
  record Header(String field, String value) implements SearchKey {}

  /** The body (BODY) or the whole message (TEXT) contains a string. */
  record Text(String value, boolean wholeMessage) implements SearchKey {}

  /** BEFORE, ON, SINCE on the internal date, or SENTBEFORE ... on the Date header. */
  record Date(Compare compare, LocalDate date, boolean sent) implements SearchKey {}

  enum Compare {
    BEFORE,
    ON,
    SINCE
  }

  record Size(boolean larger, long bytes) implements SearchKey {}

  record Uids(SequenceSet set) implements SearchKey {}

  record Sequence(SequenceSet set) implements SearchKey {}

  record Not(SearchKey key) implements SearchKey {}

  record Or(SearchKey a, SearchKey b) implements SearchKey {}

  record And(List<SearchKey> keys) implements SearchKey {
    public And {
      keys = List.copyOf(keys);
    }
  }

  record Modseq(long modseq) implements SearchKey {}

  /** Messages not older than {@code seconds} (YOUNGER) or older (OLDER), RFC 5032. */
  record Age(boolean younger, long seconds) implements SearchKey {}
}
