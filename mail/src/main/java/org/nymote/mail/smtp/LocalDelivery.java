package org.nymote.mail.smtp;

import java.io.IOException;

/**
 * Where mail for this home goes: which addresses are local, and how a message reaches a local
 * user's INBOX. Implementations are thread-safe.
 */
public interface LocalDelivery {
  /** What an address is to this home. */
  sealed interface Route {
    /** A local user's address. */
    record Local(String user) implements Route {}

    /** The domain is this home's, but no user has that name. */
    record NoSuchUser() implements Route {}

    /** Another domain's address. */
    record Remote() implements Route {}
  }

  /**
   * Where mail for {@code address} goes; throws {@link java.io.UncheckedIOException} when that
   * cannot be known now (the session answers 451, try again).
   */
  Route route(MailAddress address);

  /**
   * Puts {@code message} (RFC 5322 bytes) into {@code user}'s INBOX as one store update, and
   * returns only once it is durable: the SMTP reply that follows promises the message is kept.
   */
  void deliver(String user, byte[] message) throws IOException;
}
