package org.nymote.mail.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.nymote.mail.store.MailStore;

/**
 * Imports a Maildir or an mbox file into one mailbox of a {@link MailStore}, creating the mailbox
 * if needed: one durable store update per message (so an interrupted import keeps every message
 * it reported, and a retry may add some twice). Bytes are kept exactly, with CRLF line ends.
 */
public final class MailImport {
  private MailImport() {}

  /** Imports {@code source}: a Maildir folder, or an mbox file. Returns how many messages. */
  public static long from(Path source, MailStore store, String mailbox, Progress progress)
      throws IOException {
    if (!store.exists(mailbox)) {
      store.create(mailbox, Optional.empty());
    }
    if (Files.isDirectory(source)) {
      return maildir(source, store, mailbox, progress);
    }
    if (Files.isRegularFile(source)) {
      return mbox(source, store, mailbox, progress);
    }
    throw new IOException("no Maildir folder or mbox file at " + source);
  }

  private static long maildir(Path dir, MailStore store, String mailbox, Progress progress)
      throws IOException {
    List<Path> files = Maildir.files(dir);
    long done = 0;
    progress.update(0, files.size(), "messages");
    for (Path file : files) {
      append(store, mailbox, Maildir.read(file));
      progress.update(++done, files.size(), "messages");
    }
    return done;
  }

  private static long mbox(Path file, MailStore store, String mailbox, Progress progress)
      throws IOException {
    long size = Files.size(file);
    long count = 0;
    try (InputStream in = Files.newInputStream(file);
        var reader = new MboxReader(in)) {
      for (Optional<MessageFile> m; (m = reader.next()).isPresent(); ) {
        append(store, mailbox, m.get());
        count++;
        progress.update(reader.consumed(), size, "bytes");
      }
      progress.update(size, size, "bytes");
    }
    return count;
  }

  private static void append(MailStore store, String mailbox, MessageFile m) throws IOException {
    store.append(mailbox, m.bytes(), m.flags(), m.internalDate());
  }
}
