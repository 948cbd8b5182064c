package org.nymote.mail.search;

import java.util.Optional;
import java.util.Set;

/** Decides BODY and TEXT search keys from a full-text index. Thread-safe. */
public interface TextSearch {
  /**
   * The content keys ({@link org.nymote.mail.store.MessageEntry#message}) of the messages whose body (or, {@code
   * wholeMessage}, any text) contains the text; empty when the index cannot tell. Asked once per
   * search key of a command, not per message: it may catch up with the store first.
   */
  Optional<Set<String>> matching(String text, boolean wholeMessage);
}
