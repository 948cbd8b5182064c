package org.nymote.mail.smtp;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Takes mail for other domains, to be delivered later. Thread-safe. */
@FunctionalInterface
public interface Outbox {
  /**
   * Queues {@code message} from {@code from} (empty: the null reverse path of a bounce) for {@code
   * to}, returning only once the queued message is durable.
   */
  void enqueue(Optional<MailAddress> from, List<MailAddress> to, byte[] message) throws IOException;
}
