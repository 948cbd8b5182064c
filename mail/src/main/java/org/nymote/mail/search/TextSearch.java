package org.nymote.mail.search;

import java.util.Optional;
import org.nymote.mail.store.MessageEntry;

/** Decides BODY and TEXT search keys from a full-text index. Thread-safe. */
public interface TextSearch {
  /** Whether the message contains the text; empty when the index cannot tell (it is behind). */
  Optional<Boolean> matches(MessageEntry e, String text, boolean wholeMessage);
}
