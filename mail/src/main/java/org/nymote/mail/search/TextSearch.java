package org.nymote.mail.search;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nymote.mail.mime.HeaderField;

/** Decides BODY and TEXT search keys from a full-text index. Thread-safe. */
public interface TextSearch {
  /**
   * The content keys ({@link org.nymote.mail.store.MessageEntry#message}) of the messages whose
   * body (or, {@code wholeMessage}, any text) contains the text; empty when the index cannot tell.
   * The answer is right for every key of {@code among} (the messages the caller will test, e.g. a
   * session's view of its mailbox; keys outside it may be in the answer or not): when some are not
   * indexed yet, this waits, boundedly, until they are. Asked once per search key of a command,
   * not per message.
   */
  Optional<Set<String>> matching(String text, boolean wholeMessage, Collection<String> among);

  /**
   * The top-level header fields of the message with this content key, when the index keeps them
   * (so a header search need not read and parse the message); empty otherwise.
   */
  default Optional<List<HeaderField>> headers(String key) {
    return Optional.empty();
  }
}
