package org.nymote.mail.io;

import java.io.IOException;
import java.io.OutputStream;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MailboxSnapshot;
import org.nymote.mail.store.MessageEntry;

/** Exports one mailbox, in UID order, as an mbox file (see {@link MboxWriter}). */
public final class MailExport {
  private MailExport() {}

  /** Writes every message of {@code mailbox} to {@code out}; returns how many. */
  public static long toMbox(MailStore store, String mailbox, OutputStream out, Progress progress)
      throws IOException {
    MailboxSnapshot snapshot = store.snapshot(mailbox);
    var writer = new MboxWriter(out);
    long done = 0;
    int total = snapshot.messages().size();
    progress.update(0, total, "messages");
    for (MessageEntry entry : snapshot.messages()) {
      byte[] bytes = store
          .message(entry.message())
          .orElseThrow(() -> new IOException(
              "message " + entry.message() + " of " + mailbox + " is missing from the store"));
      writer.write(bytes, entry.internalDate());
      progress.update(++done, total, "messages");
    }
    out.flush();
    return done;
  }
}
