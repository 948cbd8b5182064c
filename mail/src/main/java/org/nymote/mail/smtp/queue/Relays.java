package org.nymote.mail.smtp.queue;

import java.net.InetSocketAddress;
import java.util.List;

/** Where mail for a domain is handed over: by MX lookup, or always to one smarthost. */
@FunctionalInterface
public interface Relays {
  /** The hosts to try for {@code domain}, in order, or why there are none. */
  Found find(String domain);

  /** What a lookup found. */
  sealed interface Found {
    /** Try these, in order. */
    record Hosts(List<InetSocketAddress> hosts) implements Found {}

    /** A temporary failure (the resolver timed out, SERVFAIL): try again later. */
    record TryLater(String reason) implements Found {}

    /** The domain takes no mail (no such domain, a null MX): bounce now. */
    record NoRoute(String reason) implements Found {}
  }

  /** Every domain's mail goes to {@code host:port}. */
  static Relays smarthost(String host, int port) {
    var address = InetSocketAddress.createUnresolved(host, port);
    return domain -> new Found.Hosts(List.of(address));
  }
}
