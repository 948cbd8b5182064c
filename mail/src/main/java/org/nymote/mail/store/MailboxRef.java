package org.nymote.mail.store;

import java.util.Optional;
import org.nymote.store.Tree;

/**
 * Which mailbox a change is for: by name (as a client names it; finding it reads every mailbox's
 * metadata) or by id (as a session holds its selected mailbox: one lookup, and it follows a
 * rename by another session).
 */
public final class MailboxRef {
  private final String name;
  private final String id;

  private MailboxRef(String name, String id) {
    this.name = name;
    this.id = id;
  }

  /** The mailbox called {@code name}. */
  public static MailboxRef named(String name) {
    return new MailboxRef(name, null);
  }

  /** The mailbox with id {@code id} (from {@link MailboxInfo#id}). */
  public static MailboxRef id(String id) {
    return new MailboxRef(null, id);
  }

  /** The mailbox in {@code t}; NONEXISTENT if there is none (any more). */
  MailboxInfo in(Tree t) {
    if (name != null) {
      return Mailboxes.get(t, name);
    }
    return Mailboxes.read(t, id)
        .or(() ->
            id.equals(Mailboxes.INBOX_ID) ? Mailboxes.find(t, Mailboxes.INBOX) : Optional.empty())
        .orElseThrow(() -> new MailStoreException(
            MailStoreException.Reason.NONEXISTENT, "the mailbox was deleted"));
  }

  @Override
  public String toString() {
    return name != null ? name : "mailbox " + id;
  }
}
