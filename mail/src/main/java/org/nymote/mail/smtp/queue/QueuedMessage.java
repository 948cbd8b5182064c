package org.nymote.mail.smtp.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nymote.mail.smtp.MailAddress;

/**
 * The envelope of a message in the {@link Spool}: who sent it (empty for a bounce), whom it has
 * still to reach, and when to try next. Immutable; the message bytes stay in the spool.
 *
 * @param id the spool's name for it
 * @param from the reverse path; empty for the null path of a bounce (which never bounces)
 * @param to the recipients not reached yet
 * @param created when it was queued
 * @param attempts delivery attempts so far
 * @param next when to try next
 * @param lastErrors the last failure per recipient, for the bounce
 */
public record QueuedMessage(
    String id,
    Optional<MailAddress> from,
    List<MailAddress> to,
    Instant created,
    int attempts,
    Instant next,
    Map<String, String> lastErrors) {
  public QueuedMessage {
    to = List.copyOf(to);
    lastErrors = Map.copyOf(lastErrors);
  }

  /** The same message, due at {@code at}. */
  QueuedMessage dueAt(Instant at) {
    return new QueuedMessage(id, from, to, created, attempts, at, lastErrors);
  }

  /** The same message after an attempt that left {@code remaining} to try again at {@code at}. */
  QueuedMessage retry(List<MailAddress> remaining, Instant at, Map<String, String> errors) {
    return new QueuedMessage(id, from, remaining, created, attempts + 1, at, errors);
  }
}
