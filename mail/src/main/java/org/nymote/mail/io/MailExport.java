package org.nymote.mail.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.nymote.mail.store.MailStore;
import org.nymote.mail.store.MailboxSnapshot;
import org.nymote.mail.store.MessageEntry;

/** Exports one mailbox, in UID order, as an mbox file (see {@link MboxWriter}). */
public final class MailExport {
  private MailExport() {}
  /**
   * The mailbox written as an mbox file at {@code output}, which is replaced only once the file is
   * whole: it is written beside it first, and that partial file is removed if anything fails.
   */
  public static long toMboxFile(MailStore store, String mailbox, Path output, Progress progress)
      throws IOException {
    Path partial = Files.createTempFile(output.toAbsolutePath().getParent(), ".export", ".mbox");
    try {
      long count;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
        count = toMbox(store, mailbox, out, progress);
      }
      Files.move(
          partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return count;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

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
